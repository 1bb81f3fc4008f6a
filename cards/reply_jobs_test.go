package cards_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// TestJobReplyShape: who sees each message of durable work, plans and
// /status, and which card it carries.
func TestJobReplyShape(t *testing.T) {
	plan3, single := planBatch(), batch("b-1", true, items(platform, mixedPeople()...))
	tests := []struct {
		name       string
		reply      bot.Reply
		wantViewer string
		wantCards  []string
	}{
		{"one space: invite results, public", bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: single}, "", []string{"invite-results"}},
		{"several spaces: public", bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: plan3}, "", []string{"onboard-results"}},
		{"skipped spaces make it a plan's results", bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: single,
			SkippedSpaces: skippedSpaces[:1]}, "", []string{"onboard-results"}},
		{"private batch", bot.BatchReply{Audience: bot.Audience{Actor: sam, Private: true}, Batch: plan3}, sam.Name, []string{"onboard-results"}},
		{"working is private even if bot forgot", bot.WorkingReply{Audience: bot.Audience{Actor: sam}, Batch: plan3}, sam.Name, []string{"onboard-working"}},
		{"status is private", bot.StatusReply{Audience: bot.Audience{Actor: sam}}, sam.Name, []string{"onboard-status"}},
		{"plan is private", bot.PlanReply{Audience: bot.Audience{Actor: sam}, Action: bot.PlanListed}, sam.Name, []string{"plan"}},
		{"plan without a plan says how to use /plan", bot.PlanReply{Audience: bot.Audience{Actor: sam}, Action: bot.PlanShown}, sam.Name, []string{"plan"}},
		{"welcome comes first", bot.BatchReply{Audience: bot.Audience{Actor: sam, Welcome: true}, Batch: plan3}, "", []string{"welcome", "onboard-results"}},
		{"the batch's actor is the viewer when the reply has none", bot.WorkingReply{Batch: plan3}, sam.Name, []string{"onboard-working"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantAudience(t, cards.Reply(tt.reply), tt.wantViewer, tt.wantCards)
		})
	}
}

// TestBatchInOneSpaceIsAnInviteCard: the final result of work in one space
// reads exactly like /invite's results.
func TestBatchInOneSpaceIsAnInviteCard(t *testing.T) {
	b := batch("b-1", true, items(platform, mixedPeople()...))
	got := cards.Reply(bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: b})
	want := cards.Reply(inviteReply(mixedPeople()...))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("batch in one space differs from the invite card (-invite +batch):\n%s", diff)
	}
}

// TestProgressIsPublic: the progress message is created through the API in
// the origin space; everyone there sees it, and its text is set.
func TestProgressIsPublicInItsOwnSpace(t *testing.T) {
	for _, b := range []bot.Batch{batch("b-run", false, pending(platform, 10, 3)), {}} {
		m := cards.Progress(b, time.Minute)
		if m.PrivateMessageViewer != nil {
			t.Errorf("progress of %q has a privateMessageViewer; want it public", b.ID)
		}
		if m.Text == "" || len(m.CardsV2) != 1 || m.CardsV2[0].CardID != "onboard-progress" {
			t.Errorf("progress of %q: text %q, %d cards; want text and one onboard-progress card", b.ID, m.Text, len(m.CardsV2))
		}
	}
}

// TestWorkInOtherSpacesIsForTheAskerAlone: a plan asked for in one space
// adds people to others; who joined there is shown only to the person
// who asked, in the progress message and in the result.
func TestWorkInOtherSpacesIsForTheAskerAlone(t *testing.T) {
	b := planBatch()
	if b.Origin.Type == bot.SpaceDM || !b.Private() {
		t.Fatalf("the plan batch fixture should start in a space and reach others: %+v", b.Origin)
	}
	if m := cards.Progress(b, time.Minute); m.PrivateMessageViewer == nil || m.PrivateMessageViewer.Name != b.Actor.Name {
		t.Errorf("progress of a plan: viewer %+v, want only %s", m.PrivateMessageViewer, b.Actor.Name)
	}
	dm := b
	dm.Origin = bot.Space{Name: "spaces/DM", Type: bot.SpaceDM}
	if m := cards.Progress(dm, time.Minute); m.PrivateMessageViewer != nil {
		t.Errorf("progress in a direct message: viewer %+v, want none (it is private already)", m.PrivateMessageViewer)
	}
}

// TestJobUserTextIsEscaped: space names, plan names, welcome texts, names
// of people and of who asked are shown escaped, and never reach the text.
func TestJobUserTextIsEscaped(t *testing.T) {
	evil := bot.Target{User: "users/444", Display: hostile}
	space := bot.Space{Name: "spaces/A", DisplayName: hostile, Type: bot.SpaceNamed}
	actor := bot.User{Name: "users/1", DisplayName: hostile}
	people := []bot.PersonResult{person(evil, bot.Joined, ""), person(evil, bot.NotAdded, bot.ReasonNotFound)}
	multi := bot.Batch{ID: hostile, Actor: actor, Origin: space, Done: true, CreatedAt: created,
		Items: append(items(space, people...), items(platform, people...)...)}
	one := bot.Batch{ID: hostile, Actor: actor, Origin: platform, Items: items(space, people...)}
	skips := []bot.SpaceSkip{{Space: space, Reason: bot.ReasonPolicy}}
	evilPlan := &bot.Plan{Name: hostile, Spaces: []bot.PlanSpace{{Space: space, Welcome: hostile}}}
	replies := map[string]bot.Reply{
		"batch over spaces": bot.BatchReply{Audience: bot.Audience{Actor: actor}, Batch: multi, SkippedSpaces: skips},
		"skipped space":     bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: bot.Batch{Done: true}, SkippedSpaces: skips},
		"working":           bot.WorkingReply{Audience: bot.Audience{Actor: actor}, Batch: one},
		"working, skipped":  bot.WorkingReply{Audience: bot.Audience{Actor: sam}, Batch: bot.Batch{}, SkippedSpaces: skips},
		"status":            bot.StatusReply{Audience: bot.Audience{Actor: actor}, Batches: []bot.Batch{one}},
		"plan shown":        bot.PlanReply{Audience: bot.Audience{Actor: actor}, Action: bot.PlanShown, Plan: evilPlan},
		"plan welcome":      bot.PlanReply{Audience: bot.Audience{Actor: sam}, Action: bot.PlanAdded, Plan: &bot.Plan{Name: "x", Spaces: evilPlan.Spaces}},
		"plans listed":      bot.PlanReply{Audience: bot.Audience{Actor: actor}, Action: bot.PlanListed, Plans: []bot.Plan{*evilPlan}},
		"no such plan":      bot.PlanReply{Audience: bot.Audience{Actor: actor}, Problem: bot.ReasonNoPlan, Plan: evilPlan},
		"plan exists":       bot.PlanReply{Audience: bot.Audience{Actor: actor}, Problem: bot.ReasonPlanExists, Plan: evilPlan},
	}
	for name, r := range replies {
		t.Run(name, func(t *testing.T) { assertEscaped(t, cards.Reply(r)) })
	}
	for name, b := range map[string]bot.Batch{"progress running": one, "progress finished": multi} {
		t.Run(name, func(t *testing.T) { assertEscaped(t, cards.Progress(b, time.Minute)) })
	}
}

// TestProgressOfNothing: a batch with no items still reads sensibly.
func TestProgressOfNothing(t *testing.T) {
	m := cards.Progress(bot.Batch{}, 0)
	if got, want := m.CardsV2[0].Card.Sections[0].Widgets[0].TextParagraph.Text, "0 of 0 done"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
