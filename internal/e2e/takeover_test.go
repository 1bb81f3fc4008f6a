package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestInstanceKilledBeforeAnsweringTheOtherReports: two instances share
// one PostgreSQL database. A 200-person /invite goes to the first, which is
// killed (SIGKILL) after 80 creates, while the request is still open — so
// it never answered, and never handed the report to a progress message.
// The second adds everyone (its rescuer retries the jobs the first left
// running) and posts the one message that gives the final tally. Then
// Chat redelivers the request to the second: the answer is a private
// acknowledgement, not the tally a second time.
func TestInstanceKilledBeforeAnsweringTheOtherReports(t *testing.T) {
	t.Parallel() // it mostly waits (pacing, kills, restarts): the slow tests overlap, on ports of their own (PORT=0)
	if testing.Short() {
		t.Skip("crash test: skipped with -short")
	}
	world, addrs := worldWithNewHires(t, 200)
	db := "DATABASE_URL=" + storetest.URL(t, store.Postgres)
	// Previews off: this is about the work once it runs.
	first := startWorld(t, world, "url", db, "JOB_RESCUE_AFTER=2s", "CHAT_MEMBERSHIP_WRITES_PER_MIN=12000", "PREVIEW_OVER=0")
	second := first.sibling()
	// Slow enough that 80 creates take a good part of a second: the
	// request (which waits 4 s for the batch) is still open after them.
	first.fake.SetLatency("chat.spaces.members.create", 40*time.Millisecond)

	request := event(t, first, "sam", "AAAAonbrd01", false, "takeover1", "/invite "+strings.Join(addrs, " "))
	answered := first.postInBackground(first.urlToken(), request)
	waitFor(t, 60*time.Second, "80 people to be added", func() bool { return first.successfulCreates() >= 80 })
	select {
	case a := <-answered:
		t.Fatalf("the request was answered (%d %s) before the kill; the test lost its point", a.status, a.body)
	default:
	}
	first.kill()
	if a := <-answered; a.err == nil {
		t.Fatalf("the killed instance answered %d %s; want the request cut off", a.status, a.body)
	}
	killedAt := first.successfulCreates()
	if killedAt >= 200 {
		t.Fatalf("all 200 were added before the kill; the test did not interrupt anything")
	}

	space := strings.TrimPrefix(platform, "spaces/")
	waitFor(t, 120*time.Second, "a message with the final tally", func() bool {
		for _, m := range first.fake.Messages(space) {
			if strings.Contains(strings.ToLower(m.Text), "finished") {
				return true
			}
		}
		return false
	})
	wantEveryoneAddedOnce(t, first, addrs)
	wantOneTally(t, first.fake, space)

	// Chat redelivers the event (same message.name) to the survivor.
	status, body := second.post(second.urlToken(), request)
	r := readReply(t, body, false)
	if status != 200 || !r.Private || len(r.Titles) == 0 || r.Titles[0] != "Onboarding started" {
		t.Errorf("redelivered request: status %d, private %v, titles %q; want the private acknowledgement\n%s",
			status, r.Private, r.Titles, body)
	}
	wantOneTally(t, first.fake, space)
	t.Logf("killed after %d of 200 creates", killedAt)
}

// TestRedeliveryAfterTheProgressMessageDoesNotRepeatTheTally: a batch too
// slow for the reply is acknowledged and reported by its progress
// message; when Chat redelivers the request after that, Onboard answers
// with the private acknowledgement again — not a public card with the
// tally the progress message already gave.
func TestRedeliveryAfterTheProgressMessageDoesNotRepeatTheTally(t *testing.T) {
	t.Parallel() // it mostly waits (pacing, kills, restarts): the slow tests overlap, on ports of their own (PORT=0)
	if testing.Short() {
		t.Skip("slow batch: skipped with -short")
	}
	world, addrs := worldWithNewHires(t, 20)
	// 20 people at 180 a minute take over 6 s: longer than the reply waits.
	o := startWorld(t, world, "url", "CHAT_MEMBERSHIP_WRITES_PER_MIN=180")
	request := event(t, o, "sam", "AAAAonbrd01", false, "slow1", "/invite "+strings.Join(addrs, " "))
	for _, delivery := range []string{"first delivery", "redelivery"} {
		status, body := o.post(o.urlToken(), request)
		r := readReply(t, body, false)
		if status != 200 || !r.Private || len(r.Titles) == 0 || r.Titles[0] != "Onboarding started" {
			t.Fatalf("%s: status %d, private %v, titles %q; want the private acknowledgement\n%s",
				delivery, status, r.Private, r.Titles, body)
		}
		space := strings.TrimPrefix(platform, "spaces/")
		waitFor(t, 60*time.Second, "the final progress message", func() bool {
			msgs := o.fake.Messages(space)
			return len(msgs) > 0 && strings.Contains(strings.ToLower(msgs[len(msgs)-1].Text), "finished")
		})
		wantOneTally(t, o.fake, space)
	}
	wantEveryoneAddedOnce(t, o, addrs)
}

// worldWithNewHires is the default world with n new hires,
// newhire000@example.com…; every fifth must accept an invitation.
func worldWithNewHires(t *testing.T, n int) (*chatfake.World, []string) {
	t.Helper()
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for i := range n {
		addr := fmt.Sprintf("newhire%03d@example.com", i)
		world.Users = append(world.Users, chatfake.User{ID: fmt.Sprintf("9%020d", i), Email: addr,
			DisplayName: fmt.Sprintf("New Hire %03d", i), AutoAccept: i%5 != 0})
		addrs = append(addrs, addr)
	}
	return world, addrs
}

// wantEveryoneAddedOnce checks each new hire's membership (joined, or
// invited for every fifth) and that Chat saw one successful create each.
func wantEveryoneAddedOnce(t *testing.T, o *onboard, addrs []string) {
	t.Helper()
	space := strings.TrimPrefix(platform, "spaces/")
	for i, addr := range addrs {
		want := "JOINED"
		if i%5 == 0 {
			want = "INVITED"
		}
		if st := o.state(platform, addr); st != want {
			t.Errorf("%s is %q, want %s", addr, st, want)
		}
		if n := o.fake.CreateCount(space, addr); n != 1 {
			t.Errorf("%s: %d successful creates, want exactly 1", addr, n)
		}
	}
}

// wantOneTally checks that exactly one message in the space gives the
// final tally, and that it is the only message there (the progress
// message, edited in place).
func wantOneTally(t *testing.T, fake *chatfake.Server, space string) {
	t.Helper()
	msgs := fake.Messages(space)
	var texts []string
	for _, m := range msgs {
		texts = append(texts, m.Text)
	}
	if len(msgs) != 1 || !strings.Contains(strings.ToLower(msgs[0].Text), "finished") {
		t.Errorf("messages in the space: %q; want one, the final tally", texts)
	}
}

// sibling starts another instance on o's chatfake with o's environment
// (so the same database), as a second Cloud Run instance would be.
func (o *onboard) sibling() *onboard {
	o.t.Helper()
	s := &onboard{t: o.t, fake: o.fake, world: o.world, logs: &lockedBuffer{}, env: o.env}
	s.launch()
	o.t.Cleanup(s.stop)
	return s
}

// answer is an HTTP answer, or the error that cut the request off.
type answer struct {
	status int
	body   []byte
	err    error
}

// postInBackground sends body as post does, without waiting for the
// answer: it arrives on the channel.
func (o *onboard) postInBackground(token string, body []byte) <-chan answer {
	o.t.Helper()
	req, err := http.NewRequest(http.MethodPost, o.url, bytes.NewReader(body))
	if err != nil {
		o.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	c := make(chan answer, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			c <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		c <- answer{status: resp.StatusCode, body: b, err: err}
	}()
	return c
}
