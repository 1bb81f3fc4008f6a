package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// The domain is exercised through the real Chat API adapter against the
// local Chat fake: what a user would see, and the memberships that exist.

const (
	platform = "spaces/AAAAonbrd01"  // SPACE; Onboard is a member; sam owns it, dave is a member
	finance  = "spaces/AAAAnotapp02" // SPACE; Onboard is not a member
	group    = "spaces/AAAAgroup03"  // GROUP_CHAT with sam and dave
	alice    = "users/222222222222222222222"
	bob      = "users/333333333333333333333" // auto-accept off
)

var (
	sam  = bot.User{Name: "users/111111111111111111111", DisplayName: "Sam Rivera", Email: "sam@example.com"}
	dave = bot.User{Name: "users/555555555555555555555", DisplayName: "Dave Kim", Email: "dave@example.com"}

	platformSpace = bot.Space{Name: platform, DisplayName: "Platform Team", Type: bot.SpaceNamed}
	groupSpace    = bot.Space{Name: group, Type: bot.SpaceGroupChat}
	dmSpace       = bot.Space{Name: "spaces/_dmSamOnb01", Type: bot.SpaceDM, SingleUserBotDM: true}
)

type harness struct {
	fake *chatfake.Server
	svc  *bot.Service
	env  *testenv.Env
}

func newHarness(t *testing.T, cfg bot.Config) *harness {
	t.Helper()
	env := testenv.New(t, cfg, testenv.Options{})
	return &harness{fake: env.Fake, svc: env.Bot, env: env}
}

// membership and createCount take Chat resource names (spaces/…, users/…).
func membership(f *chatfake.Server, space, user string) (string, string, bool) {
	return f.Membership(strings.TrimPrefix(space, "spaces/"), strings.TrimPrefix(user, "users/"))
}

func createCount(f *chatfake.Server, space, user string) int {
	return f.CreateCount(strings.TrimPrefix(space, "spaces/"), strings.TrimPrefix(user, "users/"))
}

func (h *harness) creates() int {
	n := 0
	for _, c := range h.fake.Calls() {
		if c.Method == "chat.spaces.members.create" {
			n++
		}
	}
	return n
}

// invite builds the event of actor typing text (a /invite slash command)
// in space, with mentions of the given users by "@Name".
func invite(actor bot.User, space bot.Space, text string, mentions ...bot.Mention) bot.Interaction {
	return bot.Interaction{Kind: bot.EventMessage, ID: space.Name + "/messages/" + fmt.Sprint(time.Now().UnixNano()),
		Actor: actor, Space: space, CommandID: 1, Text: "/invite " + text, Mentions: mentions}
}

func mention(name, display string, at int) bot.Mention {
	return bot.Mention{User: bot.User{Name: name, DisplayName: display}, Start: at + len("/invite "), Length: len(display) + 1}
}

type outcome struct {
	Who     string
	Outcome bot.Outcome
	Reason  bot.Reason
}

// outcomes lists what the reply says happened to each person.
func outcomes(r bot.Reply) []outcome {
	var out []outcome
	var people []bot.PersonResult
	switch r := r.(type) {
	case bot.BatchReply:
		for _, it := range r.Batch.Items {
			out = append(out, outcome{it.Target.Display, it.Result.Outcome, it.Result.Reason})
		}
	case bot.WorkingReply:
		for _, it := range r.Batch.Items {
			out = append(out, outcome{it.Target.Display, it.Result.Outcome, it.Result.Reason})
		}
	case bot.InviteReply:
		people = r.Report.People
	case bot.RemoveReply:
		people = r.Report.People
	}
	for _, p := range people {
		out = append(out, outcome{p.Target.Display, p.Outcome, p.Reason})
	}
	return out
}

// replyAs is r as a T, failing t when it is another kind of reply.
func replyAs[T bot.Reply](t *testing.T, r bot.Reply) T {
	t.Helper()
	got, ok := r.(T)
	if !ok {
		t.Fatalf("reply is %T %+v, want a %T", r, r, got)
	}
	return got
}

func TestInviteReportsEveryPerson(t *testing.T) {
	t.Parallel()
	h := newHarness(t, bot.Config{})
	in := invite(sam, platformSpace, "@Alice Ng @Bob Ortiz carol@example.com erin@partner.test nobody@example.com dave@example.com sam@example.com carol@example.com hello",
		mention(alice, "Alice Ng", 0), mention(bob, "Bob Ortiz", 10))
	r := h.svc.Handle(context.Background(), in)

	want := []outcome{
		{"Alice Ng", bot.Joined, ""},
		{"Bob Ortiz", bot.Invited, ""},
		{"carol@example.com", bot.Joined, ""},
		{"erin@partner.test", bot.NotAdded, bot.ReasonExternal},
		{"nobody@example.com", bot.NotAdded, bot.ReasonNotFound},
		{"dave@example.com", bot.Already, ""},
		{"sam@example.com", bot.Skipped, bot.ReasonInvoker},
		{"carol@example.com", bot.Skipped, bot.ReasonDuplicate},
		{"hello", bot.Skipped, bot.ReasonUnrecognised},
	}
	if diff := cmp.Diff(want, outcomes(r)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if b, ok := r.(bot.BatchReply); !ok || b.Private {
		t.Errorf("result card %T private=%v, want a public invite report", r, bot.AudienceOf(r).Private)
	}
	for user, wantState := range map[string]string{alice: "JOINED", bob: "INVITED", "carol@example.com": "JOINED"} {
		if state, _, ok := membership(h.fake, platform, user); !ok || state != wantState {
			t.Errorf("%s: membership %q (exists %v), want %s", user, state, ok, wantState)
		}
	}
	// The external address was refused before any API call: 5 creates for
	// alice, bob, carol, nobody and dave.
	if got := h.creates(); got != 5 {
		t.Errorf("members.create calls = %d, want 5 (none for the external address)", got)
	}
}

func TestInvitePolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		policy    bot.InvitePolicy
		actor     bot.User
		space     bot.Space
		wantRefus bot.Reason
	}{
		{"member refused in managers-only space", bot.PolicyManagers, dave, platformSpace, bot.ReasonPolicy},
		{"member allowed when members may invite", bot.PolicyMembers, dave, platformSpace, ""},
		{"member allowed in a group chat", bot.PolicyManagers, dave, groupSpace, ""},
		{"outsider of the space refused", bot.PolicyMembers, bot.User{Name: "users/444444444444444444444", Email: "carol@example.com"}, platformSpace, bot.ReasonNotMember},
		{"DM without a named space", bot.PolicyManagers, sam, dmSpace, bot.ReasonNoSpace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, bot.Config{Policy: tt.policy})
			r := h.svc.Handle(context.Background(), invite(tt.actor, tt.space, "@Alice Ng", mention(alice, "Alice Ng", 0)))
			var got bot.Reason
			if r, ok := r.(bot.InviteReply); ok && r.Report.Refusal != nil {
				got = r.Report.Refusal.Reason
			}
			if got != tt.wantRefus {
				t.Fatalf("refusal %q, want %q", got, tt.wantRefus)
			}
			_, _, added := membership(h.fake, tt.space.Name, alice)
			if added != (tt.wantRefus == "") {
				t.Errorf("alice added = %v, want %v", added, tt.wantRefus == "")
			}
			if tt.wantRefus != "" && !bot.AudienceOf(r).Private {
				t.Error("a refusal must be private to the invoker")
			}
		})
	}
}

func TestInviteFromDMNamesTheSpace(t *testing.T) {
	t.Parallel()
	h := newHarness(t, bot.Config{})
	r := h.svc.Handle(context.Background(), invite(sam, dmSpace, "https://chat.google.com/room/AAAAonbrd01 @Alice Ng",
		mention(alice, "Alice Ng", 44)))
	if diff := cmp.Diff([]outcome{{"Alice Ng", bot.Joined, ""}}, outcomes(r)); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	if got := replyAs[bot.BatchReply](t, r).Batch.Items[0].Space.DisplayName; got != "Platform Team" {
		t.Errorf("report space %q, want Platform Team (from spaces.get)", got)
	}

	r = h.svc.Handle(context.Background(), invite(sam, dmSpace, "spaces/AAAAnotapp02 @Alice Ng", mention(alice, "Alice Ng", 20)))
	if diff := cmp.Diff([]outcome{{"Alice Ng", bot.NotAdded, bot.ReasonAppNotInSpace}}, outcomes(r)); diff != "" {
		t.Errorf("space without Onboard (-want +got):\n%s", diff)
	}
	if _, _, ok := membership(h.fake, finance, alice); ok {
		t.Error("alice was added to a space Onboard is not in")
	}
}

func TestInviteTooManyDoesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, bot.Config{MaxPeople: 3})
	r := replyAs[bot.InviteReply](t, h.svc.Handle(context.Background(), invite(sam, platformSpace, "a@example.com b@example.com c@example.com d@example.com")))
	if rf := r.Report.Refusal; rf == nil || rf.Reason != bot.ReasonTooMany || rf.Count != 4 || rf.Limit != 3 {
		t.Fatalf("refusal %+v, want too_many 4 > 3", rf)
	}
	if n := h.creates(); n != 0 {
		t.Errorf("%d members.create calls, want none", n)
	}
}

func TestInviteNotApprovedStopsAfterFirstAnswer(t *testing.T) {
	t.Parallel()
	h := newHarness(t, bot.Config{})
	h.fake.SetAdminApproved(false)
	r := h.svc.Handle(context.Background(), invite(sam, platformSpace, "carol@example.com @Alice Ng", mention(alice, "Alice Ng", 18)))
	for _, o := range outcomes(r) {
		if o.Outcome != bot.NotAdded || o.Reason != bot.ReasonNotApproved {
			t.Errorf("%s: %s/%s, want not_added/not_approved", o.Who, o.Outcome, o.Reason)
		}
	}
	if _, _, ok := membership(h.fake, platform, alice); ok {
		t.Error("alice was added although app authentication is not approved")
	}
}

func TestRedeliveredEventInvitesOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, bot.Config{})
	h.fake.SetLatency("chat.spaces.members.create", 50*time.Millisecond)
	in := invite(sam, platformSpace, "carol@example.com @Alice Ng", mention(alice, "Alice Ng", 18))
	var wg sync.WaitGroup
	replies := make([]bot.Reply, 3)
	for i := range replies {
		wg.Add(1)
		go func() { defer wg.Done(); replies[i] = h.svc.Handle(context.Background(), in) }()
	}
	wg.Wait()
	later := h.svc.Handle(context.Background(), in)
	for i, r := range append(replies, later) {
		if diff := cmp.Diff(outcomes(replies[0]), outcomes(r)); diff != "" {
			t.Errorf("delivery %d got another report (-first +this):\n%s", i, diff)
		}
	}
	if createCount(h.fake, platform, alice) != 1 || createCount(h.fake, platform, "carol@example.com") != 1 {
		t.Errorf("creates alice=%d carol=%d, want exactly one each",
			createCount(h.fake, platform, alice), createCount(h.fake, platform, "carol@example.com"))
	}
	if n := h.creates(); n != 2 {
		t.Errorf("%d members.create calls for 4 deliveries of a 2-person command, want 2", n)
	}
}

// notConfigured is /help's connection line where no accounts connect.
var notConfigured = bot.ConnectionStatus{State: bot.NotConfigured}

func TestOtherInteractions(t *testing.T) {
	t.Parallel()
	h := newHarness(t, bot.Config{})
	ctx := context.Background()
	tests := []struct {
		name string
		in   bot.Interaction
		want bot.Reply
	}{
		{"help", bot.Interaction{Kind: bot.EventMessage, Actor: sam, Space: platformSpace, CommandID: 2, Text: "/help"},
			bot.HelpReply{Audience: bot.Audience{Actor: sam, Private: true}, Policy: bot.PolicyManagers, Connection: notConfigured}},
		{"unknown command id", bot.Interaction{Kind: bot.EventCommand, Actor: sam, Space: platformSpace, CommandID: 99, Text: "/dance"},
			bot.HelpReply{Audience: bot.Audience{Actor: sam, Private: true}, UnknownCommand: "/dance", Policy: bot.PolicyManagers,
				Connection: notConfigured}},
		{"plain DM message", bot.Interaction{Kind: bot.EventMessage, Actor: sam, Space: dmSpace, Text: "hi there"},
			bot.HelpReply{Audience: bot.Audience{Actor: sam, Private: true}, Policy: bot.PolicyManagers, Connection: notConfigured}},
		{"added to space", bot.Interaction{Kind: bot.EventAddedToSpace, Actor: sam, Space: platformSpace},
			bot.WelcomeReply{Audience: bot.Audience{Actor: sam, Welcome: true}}},
		{"removed from space", bot.Interaction{Kind: bot.EventRemoved, Actor: sam, Space: platformSpace}, nil},
		{"card click (not yet handled)", bot.Interaction{Kind: bot.EventCardClicked, Actor: sam, Space: platformSpace}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, h.svc.Handle(ctx, tt.in)); diff != "" {
				t.Errorf("reply (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddedToSpaceWithCommandRunsIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t, bot.Config{})
	in := invite(sam, platformSpace, "carol@example.com")
	in.Kind = bot.EventAddedToSpace
	r := replyAs[bot.BatchReply](t, h.svc.Handle(context.Background(), in))
	if !r.Welcome || r.Private {
		t.Fatalf("reply welcome=%v private=%v, want a public welcome with the invite report", r.Welcome, r.Private)
	}
	if state, _, _ := membership(h.fake, platform, "carol@example.com"); state != "JOINED" {
		t.Errorf("carol state %q, want JOINED", state)
	}
}
