package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/jobs"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// A Confirm is a request made anew: whatever changed since the preview —
// the space's settings above all — decides it, not what held when the
// preview was shown.

// settle runs sam's /settings line in Platform Team, failing t when it is
// not saved.
func settle(t *testing.T, env *testenv.Env, line string) {
	t.Helper()
	r := replyAs[bot.SettingsReply](t, env.Bot.Handle(context.Background(), cmd(sam, platformSpace, 7, "settings", line)))
	if !r.Saved {
		t.Fatalf("/settings %s: %+v, want it saved", line, r)
	}
}

// batchesOf are the batches saved for actor.
func batchesOf(t *testing.T, env *testenv.Env, actor bot.User) []bot.Batch {
	t.Helper()
	recent, err := env.Jobs.Recent(context.Background(), actor.Name, 10)
	if err != nil {
		t.Fatal(err)
	}
	return recent
}

// finished is the batch with id, which must be done: the tests that read
// it wait for their work in the Confirm itself (bot.Config.SyncWait as
// long as the test may take), so the batch is done when Confirm answers.
func finished(t *testing.T, env *testenv.Env, id string) bot.Batch {
	t.Helper()
	b, err := env.Store.Batch(context.Background(), id)
	if err != nil || !b.Done {
		t.Fatalf("batch %s not done when its Confirm answered: %+v, %v", id, b, err)
	}
	return b
}

// waitsForWork is how long a Confirm here waits for its work before it
// answers: the whole test, so that what it answers is the outcome.
const waitsForWork = time.Minute

func cancelClick(actor bot.User, id string) bot.Interaction {
	return click(actor, platformSpace, "cancelPreview", map[string]string{"preview": id}, nil)
}

// refusedFor is the reason of a refusal answered to a click, failing t
// when the answer is anything else or is shown to everyone.
func refusedFor(t *testing.T, r bot.Reply) bot.Reason {
	t.Helper()
	rep := replyAs[bot.InviteReply](t, r)
	if rep.Report.Refusal == nil || !rep.Private {
		t.Fatalf("answer %+v, want a refusal only the asker sees", rep)
	}
	return rep.Report.Refusal.Reason
}

// TestConfirmAfterOnlyManagersMayInvite: a plain member previews while
// members may invite; a manager then lets only managers invite, and the
// member's Confirm is refused — nobody is added, nothing is saved. The
// preview stays open: once members may invite again, the same Confirm
// adds the people.
func TestConfirmAfterOnlyManagersMayInvite(t *testing.T) {
	env := testenv.New(t, bot.Config{}, testenv.Options{Jobs: jobs.Config{WritesPerMinute: 6000}})
	ctx := context.Background()
	settle(t, env, "invite=members")
	p := previewOf(t, env, invite(dave, platformSpace, addresses(24, "newcomer")))
	settle(t, env, "invite=managers")

	if why := refusedFor(t, env.Bot.Handle(ctx, confirm(dave, p.ID))); why != bot.ReasonPolicy {
		t.Errorf("dave's Confirm under invite=managers: refused for %s, want %s", why, bot.ReasonPolicy)
	}
	if n := len(callsOf(env, "chat.spaces.members.create")); n != 0 {
		t.Fatalf("a refused Confirm made %d members.create calls", n)
	}
	if b := batchesOf(t, env, dave); len(b) != 0 {
		t.Fatalf("a refused Confirm saved %d batches", len(b))
	}

	settle(t, env, "invite=members")
	update := replyAs[bot.UpdateReply](t, env.Bot.Handle(ctx, confirm(dave, p.ID)))
	if settled, ok := update.Of.(bot.PreviewReply); !ok || settled.Preview.State != bot.PreviewConfirmed {
		t.Fatalf("Confirm once members may invite again: %+v, want the preview confirmed", update)
	}
	if createsFor(env, "newcomer") == 0 {
		t.Error("the Confirm that was allowed added nobody")
	}
}

// TestConfirmAfterTheSpaceDropsADomain: the people whose domain the space
// no longer allows are refused at Confirm, and Onboard never tries to add
// them; the others are added.
func TestConfirmAfterTheSpaceDropsADomain(t *testing.T) {
	env := testenv.New(t, bot.Config{OrgDomains: []string{"example.com", "example.org"}, SyncWait: waitsForWork},
		testenv.Options{Jobs: jobs.Config{WritesPerMinute: 6000}})
	ctx := context.Background()
	people := addresses(12, "staff") + " " + strings.ReplaceAll(addresses(11, "contractor"), "example.com", "example.org")
	p := previewOf(t, env, invite(sam, platformSpace, people))
	for _, it := range p.Items {
		if it.Result.Outcome == bot.Refused {
			t.Fatalf("preview: %s refused before domains= changed", it.Target.Display)
		}
	}
	settle(t, env, "domains=example.com")

	replyAs[bot.UpdateReply](t, env.Bot.Handle(ctx, confirm(sam, p.ID)))
	saved := batchesOf(t, env, sam)
	if len(saved) != 1 {
		t.Fatalf("%d batches after Confirm, want 1", len(saved))
	}
	b := finished(t, env, saved[0].ID)
	for _, it := range b.Items {
		org := strings.HasSuffix(it.Target.Display, "@example.org")
		if org && (it.Result.Outcome != bot.Refused || it.Result.Reason != bot.ReasonDomain) {
			t.Errorf("%s: %s/%s, want refused for its domain", it.Target.Display, it.Result.Outcome, it.Result.Reason)
		}
	}
	if n := createsFor(env, "example.org"); n != 0 {
		t.Errorf("%d members.create calls for addresses whose domain the space dropped", n)
	}
	if createsFor(env, "staff0@example.com") != 1 {
		t.Error("the people of the allowed domain were not added")
	}
}

// TestConfirmOverTheSpacesNewLimit: when max= falls below the number of
// people previewed, Confirm is refused as the command would be, and
// changes nothing; the preview can still be cancelled — it was never
// confirmed.
func TestConfirmOverTheSpacesNewLimit(t *testing.T) {
	env := testenv.New(t, bot.Config{}, testenv.Options{})
	ctx := context.Background()
	p := previewOf(t, env, invite(sam, platformSpace, addresses(24, "newcomer")))
	settle(t, env, "max=10")

	r := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, confirm(sam, p.ID)))
	if rf := r.Report.Refusal; rf == nil || rf.Reason != bot.ReasonTooMany || rf.Limit != 10 || rf.Count != 25 || !r.Private {
		t.Errorf("Confirm of 25 under max=10: %+v, want a private refusal: too many (25 > 10)", r)
	}
	if n := len(callsOf(env, "chat.spaces.members.create")); n != 0 {
		t.Fatalf("a refused Confirm made %d members.create calls", n)
	}
	if b := batchesOf(t, env, sam); len(b) != 0 {
		t.Fatalf("a refused Confirm saved %d batches", len(b))
	}

	update := replyAs[bot.UpdateReply](t, env.Bot.Handle(ctx, cancelClick(sam, p.ID)))
	if settled, ok := update.Of.(bot.PreviewReply); !ok || settled.Preview.State != bot.PreviewCancelled {
		t.Errorf("Cancel after the refused Confirm: %+v, want the preview cancelled", update)
	}
	if why := refusedFor(t, env.Bot.Handle(ctx, confirm(sam, p.ID))); why != bot.ReasonPreviewCancelled {
		t.Errorf("Confirm after that Cancel: refused for %s, want %s", why, bot.ReasonPreviewCancelled)
	}
}
