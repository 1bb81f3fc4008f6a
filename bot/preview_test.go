package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/jobs"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// clock is a time the test moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// addresses are n addresses of the organisation that nobody has, named
// after prefix, then dave's, who is in Platform Team already.
func addresses(n int, prefix string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s%d@example.com ", prefix, i)
	}
	return b.String() + "dave@example.com"
}

// createsFor counts the members.create calls whose body holds s.
func createsFor(env *testenv.Env, s string) int {
	n := 0
	for _, c := range env.Fake.Calls() {
		if c.Method == "chat.spaces.members.create" && strings.Contains(string(c.Body), s) {
			n++
		}
	}
	return n
}

// previewOf asks sam's request and returns its preview.
func previewOf(t *testing.T, env *testenv.Env, in bot.Interaction) bot.PreviewReport {
	t.Helper()
	r := replyAs[bot.PreviewReply](t, env.Bot.Handle(context.Background(), in))
	if !r.Private {
		t.Error("a preview is shown to everyone")
	}
	return r.Preview
}

func confirm(actor bot.User, id string) bot.Interaction {
	return click(actor, platformSpace, "confirmPreview", map[string]string{"preview": id}, nil)
}

// TestPreviewThenConfirm: a request over the threshold changes nothing —
// no membership call, no saved work — until its owner confirms it; the
// preview says who is in already; someone else's Confirm, a Confirm after
// ten minutes, or after Cancel changes nothing; Confirm runs the request
// once however often it is clicked, and replaces the preview.
func TestPreviewThenConfirm(t *testing.T) {
	clk := &clock{now: time.Now()}
	env := testenv.New(t, bot.Config{Now: clk.Now}, testenv.Options{Jobs: jobs.Config{WritesPerMinute: 6000}})
	ctx := context.Background()
	p := previewOf(t, env, invite(sam, platformSpace, addresses(24, "newcomer")))
	if p.People != 25 || p.State != bot.PreviewPending {
		t.Fatalf("preview: %d people, %s; want 25, pending", p.People, p.State)
	}
	rows := map[string]bot.Outcome{}
	for _, it := range p.Items {
		rows[it.Target.Display] = it.Result.Outcome
	}
	if rows["dave@example.com"] != bot.Already || rows["newcomer0@example.com"] != bot.Pending {
		t.Errorf("preview rows: dave %s, newcomer0 %s; want already, pending", rows["dave@example.com"], rows["newcomer0@example.com"])
	}
	nothing := func(when string) {
		t.Helper()
		if n := len(callsOf(env, "chat.spaces.members.create")); n != 0 {
			t.Fatalf("%s: %d members.create calls, want none", when, n)
		}
		if recent, _ := env.Jobs.Recent(ctx, sam.Name, 10); len(recent) != 0 {
			t.Fatalf("%s: %d batches saved, want none", when, len(recent))
		}
	}
	nothing("after the preview")

	foreign := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, confirm(dave, p.ID)))
	if rf := foreign.Report.Refusal; rf == nil || rf.Reason != bot.ReasonNotYours || !foreign.Private {
		t.Errorf("dave's Confirm: %+v, want a private refusal", foreign)
	}
	nothing("after someone else's Confirm")

	update := replyAs[bot.UpdateReply](t, env.Bot.Handle(ctx, confirm(sam, p.ID)))
	if settled, ok := update.Of.(bot.PreviewReply); !ok || settled.Preview.State != bot.PreviewConfirmed {
		t.Fatalf("Confirm: %+v, want the preview replaced by its confirmation", update)
	}
	if createsFor(env, "newcomer") == 0 {
		t.Fatal("Confirm added nobody")
	}
	replyAs[bot.UpdateReply](t, env.Bot.Handle(ctx, confirm(sam, p.ID)))
	if recent, _ := env.Jobs.Recent(ctx, sam.Name, 10); len(recent) != 1 {
		t.Errorf("after a second Confirm: %d batches, want 1", len(recent))
	}

	later := previewOf(t, env, invite(sam, platformSpace, addresses(30, "late")))
	clk.add(11 * time.Minute)
	expired := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, confirm(sam, later.ID)))
	if rf := expired.Report.Refusal; rf == nil || rf.Reason != bot.ReasonPreviewExpired {
		t.Errorf("Confirm after 11 minutes: %+v, want expired", expired.Report)
	}
	cancelled := previewOf(t, env, invite(sam, platformSpace, addresses(30, "cancel")))
	update = replyAs[bot.UpdateReply](t, env.Bot.Handle(ctx, click(sam, platformSpace, "cancelPreview",
		map[string]string{"preview": cancelled.ID}, nil)))
	if settled, ok := update.Of.(bot.PreviewReply); !ok || settled.Preview.State != bot.PreviewCancelled {
		t.Errorf("Cancel: %+v, want the preview replaced by its cancellation", update)
	}
	if r := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, confirm(sam, cancelled.ID))); r.Report.Refusal == nil ||
		r.Report.Refusal.Reason != bot.ReasonPreviewCancelled {
		t.Errorf("Confirm after Cancel: %+v, want cancelled", r.Report)
	}
	if n := createsFor(env, "late") + createsFor(env, "cancel"); n != 0 {
		t.Errorf("the expired and cancelled previews made %d members.create calls", n)
	}
}

// TestPreviewThresholds: a small request runs at once, even with someone
// who cannot be added; a space's preview= overrides PREVIEW_OVER, and 0
// turns previews off there; a request over the per-command limit is
// refused before any preview.
func TestPreviewThresholds(t *testing.T) {
	// A result or an acknowledgement will do: no need to wait for the work.
	env := testenv.New(t, bot.Config{PreviewOver: 3, MaxPeople: 40, SyncWait: 50 * time.Millisecond}, testenv.Options{})
	ctx := context.Background()
	small := env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com erin@partner.test nobody@example.com"))
	if !isResult(small) {
		t.Errorf("three people with PREVIEW_OVER=3: %T, want them added at once", small)
	}
	replyAs[bot.PreviewReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, addresses(3, "small"))))
	env.Bot.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "preview=10"))
	if r := env.Bot.Handle(ctx, invite(sam, platformSpace, addresses(5, "five"))); !isResult(r) {
		t.Errorf("six people with preview=10: %T, want no preview", r)
	}
	replyAs[bot.PreviewReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, addresses(10, "ten"))))
	env.Bot.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "preview=0"))
	if r := env.Bot.Handle(ctx, invite(sam, platformSpace, addresses(30, "off"))); !isResult(r) {
		t.Errorf("31 people with preview=0: %T, want no preview", r)
	}
	tooMany := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, addresses(40, "many"))))
	if rf := tooMany.Report.Refusal; rf == nil || rf.Reason != bot.ReasonTooMany {
		t.Errorf("41 people over a limit of 40: %+v, want too many", tooMany.Report)
	}
}

func isResult(r bot.Reply) bool {
	switch r.(type) {
	case bot.BatchReply, bot.WorkingReply:
		return true
	}
	return false
}

// TestConfirmChecksAgain: a Confirm is a new request of its own — paused
// between the preview and the Confirm, nothing is added.
func TestConfirmChecksAgain(t *testing.T) {
	env := testenv.New(t, bot.Config{Admins: []string{"dave@example.com"}}, testenv.Options{})
	ctx := context.Background()
	p := previewOf(t, env, invite(sam, platformSpace, addresses(24, "newcomer")))
	env.Bot.Handle(ctx, cmd(dave, platformSpace, 9, "pause", ""))
	if r := replyAs[bot.PausedReply](t, env.Bot.Handle(ctx, confirm(sam, p.ID))); r.Problem != bot.ReasonPaused {
		t.Errorf("Confirm while paused: %+v", r)
	}
	if n := len(callsOf(env, "chat.spaces.members.create")); n != 0 {
		t.Errorf("%d members.create calls while paused", n)
	}
}

// TestPreviewInTheDialog: a dialog's submit over the threshold shows the
// preview in the dialog; its Confirm closes it, adds the people and posts
// the result in the space.
func TestPreviewInTheDialog(t *testing.T) {
	env := testenv.New(t, bot.Config{PreviewOver: 2}, testenv.Options{})
	ctx := context.Background()
	form := map[string][]string{"people": {alice, bob}, "addresses": {"carol@example.com"}}
	shown := replyAs[bot.DialogReply](t, env.Bot.Handle(ctx, dialog(sam, platformSpace, bot.DialogSubmit, "submitInvite", nil, form)))
	if shown.Preview == nil || shown.Preview.People != 3 {
		t.Fatalf("submit of three with PREVIEW_OVER=2: %+v, want the preview in the dialog", shown)
	}
	params := map[string]string{"preview": shown.Preview.ID, "in": "dialog"}
	done := replyAs[bot.DialogStatusReply](t, env.Bot.Handle(ctx, dialog(sam, platformSpace, bot.DialogSubmit, "confirmPreview", params, nil)))
	if done.Done == nil || done.Problem != nil {
		t.Fatalf("Confirm in the dialog: %+v, want it closed with what was done", done)
	}
	if st, _, _ := membership(env.Fake, platform, alice); st != "JOINED" {
		t.Errorf("alice: %q, want JOINED", st)
	}
	waitPosted(t, env, platform, "Invite results")
}
