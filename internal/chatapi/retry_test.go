package chatapi

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
)

// loseAnswer lets the first request whose method and path match reach the
// fake, which carries it out, and replaces the answer with a 500 — as when
// Chat applies a call and the response is lost.
type loseAnswer struct {
	method, path string
	mu           sync.Mutex
	lost         bool
}

func (l *loseAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || r.Method != l.method || r.URL.Path != l.path {
		return resp, err
	}
	l.mu.Lock()
	first := !l.lost
	l.lost = true
	l.mu.Unlock()
	if !first {
		return resp, nil
	}
	resp.Body.Close()
	body := `{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}`
	return &http.Response{StatusCode: 500, Status: "500 Internal Server Error", Request: r,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body))}, nil
}

// calls counts the fake's recorded calls of a method.
func calls(fake *chatfake.Server, method string) int {
	n := 0
	for _, c := range fake.Calls() {
		if c.Method == method {
			n++
		}
	}
	return n
}

const create = "chat.spaces.members.create"

func TestRateLimitedAfterRetries(t *testing.T) {
	fake := newFake(t)
	fake.SetQuota(chatfake.Quotas{MembershipWrites: 1})
	var waits []int
	c := newClient(t, fake, func(o *Options) {
		o.Backoff = func(attempt int) time.Duration { waits = append(waits, attempt); return time.Millisecond }
	})
	if _, err := c.AddMember(t.Context(), platform, carol); err != nil {
		t.Fatalf("first AddMember: %v", err)
	}
	_, err := c.AddMember(t.Context(), platform, alice)
	wantKind(t, err, bot.KindRateLimited, alice)
	if got := calls(fake, create); got != 1+3 {
		t.Errorf("members.create calls: got %d, want 4 (1 + 3 attempts)", got)
	}
	if diff := cmp.Diff([]int{1, 2}, waits); diff != "" {
		t.Errorf("backoff attempts (-want +got):\n%s", diff)
	}
}

func TestTransientFailureRetried(t *testing.T) {
	tests := []struct {
		name, method string
		call         func(*Client) error
	}{
		{"members.create", create, func(c *Client) error { _, err := c.AddMember(t.Context(), platform, alice); return err }},
		{"members.get", "chat.spaces.members.get", func(c *Client) error { _, err := c.Member(t.Context(), platform, sam); return err }},
		{"spaces.get", "chat.spaces.get", func(c *Client) error { _, err := c.Space(t.Context(), platform); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t)
			fake.FailNext(tt.method, 1, http.StatusServiceUnavailable, "", "")
			if err := tt.call(newClient(t, fake, nil)); err != nil {
				t.Fatalf("got %v, want success after one retry", err)
			}
			if got := calls(fake, tt.method); got != 2 {
				t.Errorf("%s calls: got %d, want 2", tt.method, got)
			}
		})
	}
}

func TestNoWaitPastDeadline(t *testing.T) {
	fake := newFake(t)
	fake.FailNext(create, 1, http.StatusServiceUnavailable, "", "")
	c := newClient(t, fake, func(o *Options) { o.Backoff = func(int) time.Duration { return time.Hour } })
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err := c.AddMember(ctx, platform, alice)
	wantKind(t, err, bot.KindTransient, alice)
	if got := calls(fake, create); got != 1 {
		t.Errorf("members.create calls: got %d, want 1 (the wait would pass the deadline)", got)
	}
}

// TestCreateAppliedButAnswered500: the retry meets ALREADY_EXISTS for the
// membership the first attempt made, which is success (Pitfall 15).
func TestCreateAppliedButAnswered500(t *testing.T) {
	tests := []struct {
		name, user string
		want       bot.Membership
	}{
		{"joined, read back", "users/alice@example.com", bot.Membership{User: alice, State: bot.StateJoined, Role: bot.RoleMember}},
		// members.get hides invitations under app auth, so the result is
		// INVITED as the caller named the person.
		{"invited, hidden from get", bob, bot.Membership{User: bob, State: bot.StateInvited, Role: bot.RoleMember}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t)
			lose := &loseAnswer{method: http.MethodPost, path: "/v1/" + platform + "/members"}
			c := newClient(t, fake, func(o *Options) { o.HTTPClient = &http.Client{Transport: lose} })
			got, err := c.AddMember(t.Context(), platform, tt.user)
			if err != nil {
				t.Fatalf("AddMember: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("AddMember (-want +got):\n%s", diff)
			}
			if n := calls(fake, create); !lose.lost || n != 2 {
				t.Errorf("members.create calls: got %d (answer lost: %v), want 2 with the first answer lost", n, lose.lost)
			}
			if n := fake.CreateCount("AAAAonbrd01", strings.TrimPrefix(tt.want.User, "users/")); n != 1 {
				t.Errorf("memberships created: got %d, want 1", n)
			}
		})
	}
}

func TestMessages(t *testing.T) {
	type text struct {
		Text string `json:"text"`
	}
	fake := newFake(t)
	fake.SetQuota(chatfake.Quotas{MessageWritesPerSpacePerSecond: 10})
	// The first create is carried out but answered 500: the retry, with
	// the same requestId, must not post a second message.
	lose := &loseAnswer{method: http.MethodPost, path: "/v1/" + platform + "/messages"}
	c := newClient(t, fake, func(o *Options) { o.HTTPClient = &http.Client{Transport: lose} })
	name, err := c.CreateMessage(t.Context(), platform, text{"Inviting 3 people…"}, "client-progress-1")
	if err != nil {
		t.Fatalf("CreateMessage: %v", err)
	}
	if !strings.HasPrefix(name, platform+"/messages/") {
		t.Errorf("CreateMessage name: got %q, want %s/messages/…", name, platform)
	}
	// The client-assigned id names the message too (docs/chat-platform.md §6.3).
	byClientID := platform + "/messages/client-progress-1"
	if err := c.PatchMessage(t.Context(), byClientID, text{"Invited 3 people."}, "text"); err != nil {
		t.Fatalf("PatchMessage: %v", err)
	}
	if n := calls(fake, "chat.spaces.messages.create"); !lose.lost || n != 2 {
		t.Errorf("messages.create calls: got %d (answer lost: %v), want 2 with the first answer lost", n, lose.lost)
	}
	var got []string
	for _, m := range fake.Messages("AAAAonbrd01") {
		got = append(got, m.Text)
	}
	if diff := cmp.Diff([]string{"Invited 3 people."}, got); diff != "" {
		t.Errorf("messages in the space (-want +got):\n%s", diff)
	}
}

func TestMessageErrors(t *testing.T) {
	c := newClient(t, newFake(t), nil)
	_, err := c.CreateMessage(t.Context(), finance, map[string]string{"text": "hi"}, "")
	wantKind(t, err, bot.KindAppNotInSpace, "")
	_, err = c.CreateMessage(t.Context(), platform, func() {}, "")
	wantKind(t, err, bot.KindInternal, "")
}

// TestReadBackFails: when the membership an ambiguous create made cannot
// be read back, the caller learns why (here: still unavailable), so a
// durable job retries rather than reporting "already a member".
func TestReadBackFails(t *testing.T) {
	fake := newFake(t)
	fake.FailNext("chat.spaces.members.get", 3, http.StatusServiceUnavailable, "", "")
	lose := &loseAnswer{method: http.MethodPost, path: "/v1/" + platform + "/members"}
	c := newClient(t, fake, func(o *Options) { o.HTTPClient = &http.Client{Transport: lose} })
	_, err := c.AddMember(t.Context(), platform, alice)
	wantKind(t, err, bot.KindTransient, alice)
}
