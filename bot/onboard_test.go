package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// TestOnboardWithAPlan: Onboard admins manage plans; /onboard adds people
// to every plan space the invoker may act in, reports the spaces it
// skipped and why, and posts the plan's welcome text when someone joins.
func TestOnboardWithAPlan(t *testing.T) {
	env := testenv.New(t, bot.Config{Admins: []string{"sam@example.com"}}, testenv.Options{})
	ctx := context.Background()
	for _, line := range []string{"create eng", "add eng spaces/AAAAonbrd01 Welcome to the platform team!",
		"add eng spaces/AAAAgroup03", "add eng spaces/AAAAnotapp02"} {
		r := replyAs[bot.PlanReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 4, "plan", line)))
		if r.Problem != "" {
			t.Fatalf("/plan %s: problem %q", line, r.Problem)
		}
		// Onboard is not in Finance: the plan keeps it, with a warning.
		if want := map[bool]bot.Reason{true: bot.ReasonAppNotInSpace}[strings.Contains(line, "notapp")]; r.Warning != want {
			t.Errorf("/plan %s: warning %q, want %q", line, r.Warning, want)
		}
	}
	if r := replyAs[bot.PlanReply](t, env.Bot.Handle(ctx, cmd(dave, platformSpace, 4, "plan", "create other"))); r.Problem != bot.ReasonNotAdmin {
		t.Errorf("a non-admin's /plan create: problem %q, want not_admin", r.Problem)
	}

	r := replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, cmd(dave, groupSpace, 3, "onboard", "carol@example.com eng")))
	if !r.Private {
		t.Error("dave's /onboard in the group chat reached other spaces; its result should be his alone")
	}
	skipped := map[string]bot.Reason{}
	for _, s := range r.SkippedSpaces {
		skipped[s.Space.Name] = s.Reason
	}
	if skipped[platform] != bot.ReasonPolicy || skipped[finance] != bot.ReasonAppNotInSpace {
		t.Errorf("dave's skipped spaces %v, want Platform Team (policy) and Finance (Onboard not in it)", skipped)
	}
	if st, _, _ := membership(env.Fake, group, "carol@example.com"); st != "JOINED" {
		t.Errorf("carol in the group chat: %q, want JOINED (members may add people there)", st)
	}
	if _, _, ok := membership(env.Fake, platform, "carol@example.com"); ok {
		t.Error("dave's /onboard added carol to a managers-only space")
	}

	if r, ok := env.Bot.Handle(ctx, cmd(sam, dmSpace, 3, "onboard", "carol@example.com eng")).(bot.BatchReply); !ok || len(r.Batch.Items) == 0 {
		t.Fatalf("sam's /onboard: %+v", r)
	}
	if st, _, _ := membership(env.Fake, platform, "carol@example.com"); st != "JOINED" {
		t.Errorf("carol in Platform Team after the admin's /onboard: %q, want JOINED", st)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		found := false
		for _, m := range env.Fake.Messages(strings.TrimPrefix(platform, "spaces/")) {
			// It greets carol by mention (her id, as Chat named her).
			found = found || m.Text == "<users/444444444444444444444> Welcome to the platform team!"
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the plan's welcome text was not posted in Platform Team")
		}
		time.Sleep(20 * time.Millisecond) // polling a condition with a deadline
	}
}
