package bot_test

import (
	"context"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// TestRetryFailed: a result with a failure that may pass on a retry offers
// "Retry failed"; it asks again for that person only — not for someone
// outside the organisation or no one of that address — as a new request
// of the clicker's, refused privately to someone without the right, and
// run once however often it is clicked.
func TestRetryFailed(t *testing.T) {
	env := testenv.New(t, bot.Config{}, testenv.Options{})
	ctx := context.Background()
	env.Fake.FailNextFor("chat.spaces.members.create", "carol@example.com", 1, 412, "FAILED_PRECONDITION", "Something Chat does not explain.")
	first := replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com erin@partner.test nobody@example.com")))
	want := []outcome{{"carol@example.com", bot.NotAdded, bot.ReasonAPIError}, {"erin@partner.test", bot.NotAdded, bot.ReasonExternal},
		{"nobody@example.com", bot.NotAdded, bot.ReasonNotFound}}
	if got := outcomes(first); !equalOutcomes(got, want) || first.RetryBatch == "" {
		t.Fatalf("first try: %v, retry %q; want %v with Retry failed", got, first.RetryBatch, want)
	}
	creates := func() int { return len(callsOf(env, "chat.spaces.members.create")) }
	before := creates()
	retry := func(actor bot.User) bot.Reply {
		return env.Bot.Handle(ctx, click(actor, platformSpace, "retryFailed", map[string]string{"batch": first.RetryBatch}, nil))
	}
	refused := replyAs[bot.InviteReply](t, retry(dave))
	if rf := refused.Report.Refusal; rf == nil || rf.Reason != bot.ReasonPolicy || !refused.Private {
		t.Errorf("dave's retry: %+v, want a private policy refusal", refused)
	}
	again := replyAs[bot.BatchReply](t, retry(sam))
	if got := outcomes(again); !equalOutcomes(got, []outcome{{"carol@example.com", bot.Joined, ""}}) || again.Private {
		t.Errorf("sam's retry: %v, want carol alone, added, for everyone to see", got)
	}
	if n := creates() - before; n != 1 {
		t.Errorf("the retry made %d members.create calls, want 1 (carol's)", n)
	}
	retry(sam)
	if n := creates() - before; n != 1 {
		t.Errorf("after a second click: %d members.create calls, want still 1", n)
	}
	nothing := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, click(sam, platformSpace, "retryFailed",
		map[string]string{"batch": again.Batch.ID}, nil)))
	if rf := nothing.Report.Refusal; rf == nil || rf.Reason != bot.ReasonNothingToRetry {
		t.Errorf("retry of a result with nothing to retry: %+v", nothing.Report)
	}
}
