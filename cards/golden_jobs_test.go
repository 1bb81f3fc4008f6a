package cards_test

import (
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// jobGoldenCases are the messages of durable work, plans and /status.
func jobGoldenCases() []goldenCase {
	single := batch("b-single", true, items(platform, mixedPeople()...))
	plan3 := planBatch()
	running := batch("b-run", false, pending(platform, 480, 12))
	running.Items[3].Result.Outcome, running.Items[3].Result.Reason = bot.NotAdded, bot.ReasonNotFound
	runPlan := batch("b-runplan", false, pending(platform, 40, 40), pending(oncall, 40, 7), pending(announce, 40, 0))
	cancelled := batch("b-cancel", true, items(platform, planPeople(bot.Invited)...),
		items(oncall, person(alice, bot.Joined, ""), person(bob, bot.Cancelled, bot.ReasonByRequester)))
	cancelled.Cancelled = true
	removed := batch("b-removed", true, items(platform, person(alice, bot.Joined, ""),
		person(bob, bot.Cancelled, bot.ReasonAppRemoved), person(carol, bot.Removed, "")))
	cases := []goldenCase{
		{name: "batch-single-space", reply: bot.Reply{Kind: bot.ReplyBatch, Actor: sam, Batch: &single}},
		{name: "batch-plan-skipped", reply: bot.Reply{Kind: bot.ReplyBatch, Actor: sam, Batch: &plan3, SkippedSpaces: skippedSpaces}},
		{name: "batch-plan-all-skipped", reply: bot.Reply{Kind: bot.ReplyBatch, Actor: sam,
			Batch: &bot.Batch{Actor: sam, Origin: platform, Done: true}, SkippedSpaces: skippedSpaces[:2]}},
		{name: "batch-truncated-500x12", reply: func() bot.Reply {
			b := huge(true)
			return bot.Reply{Kind: bot.ReplyBatch, Actor: b.Actor, Batch: &b, SkippedSpaces: skippedSpaces}
		}()},
		{name: "working", reply: bot.Reply{Kind: bot.ReplyWorking, Private: true, Actor: sam, Batch: &running, ETA: 2 * time.Minute}},
		{name: "working-plan-skipped", reply: bot.Reply{Kind: bot.ReplyWorking, Private: true, Actor: sam,
			Batch: &runPlan, SkippedSpaces: skippedSpaces}},
		{name: "status-empty", reply: bot.Reply{Kind: bot.ReplyStatus, Private: true, Actor: sam}},
		{name: "status-list", reply: bot.Reply{Kind: bot.ReplyStatus, Private: true, Actor: sam,
			Batches: []bot.Batch{running, plan3, cancelled, removed}}},
		{name: "status-problem-no-job", reply: problemReply(bot.ReplyStatus, bot.ReasonNoJob, nil)},
		{name: "status-problem-unavailable", reply: problemReply(bot.ReplyStatus, bot.ReasonUnavailable, nil)},
		{name: "plan-created", reply: planReply(bot.PlanCreated, plan("engineering"))},
		{name: "plan-added", reply: planReply(bot.PlanAdded, engineering())},
		{name: "plan-removed", reply: planReply(bot.PlanRemoved, plan("engineering", engineering().Spaces[1:]...))},
		{name: "plan-shown", reply: planReply(bot.PlanShown, engineering())},
		{name: "plan-listed", reply: bot.Reply{Kind: bot.ReplyPlan, Private: true, Actor: sam, PlanAction: bot.PlanListed,
			Plans: []bot.Plan{*engineering(), *plan("sales"), *plan("support", engineering().Spaces[:1]...)}}},
		{name: "plan-listed-empty", reply: bot.Reply{Kind: bot.ReplyPlan, Private: true, Actor: sam, PlanAction: bot.PlanListed}},
		{name: "help-policy-managers", reply: bot.Reply{Kind: bot.ReplyHelp, Actor: sam, Policy: bot.PolicyManagers}},
		{name: "help-policy-members", reply: bot.Reply{Kind: bot.ReplyHelp, Actor: sam, Policy: bot.PolicyMembers}},
		{name: "progress-running", msg: cards.Progress(running, 2*time.Minute+10*time.Second)},
		{name: "progress-running-plan", msg: cards.Progress(runPlan, 0)},
		{name: "progress-finished", msg: cards.Progress(single, time.Minute)},
		{name: "progress-finished-plan", msg: cards.Progress(plan3, 0)},
		{name: "progress-cancelled", msg: cards.Progress(cancelled, 3*time.Minute)},
		{name: "progress-removed", msg: cards.Progress(removed, 0)},
		{name: "progress-truncated-500x12", msg: cards.Progress(huge(true), 0)},
	}
	for _, r := range planProblems {
		cases = append(cases, goldenCase{name: "plan-problem-" + slug(string(r)),
			reply: problemReply(bot.ReplyPlan, r, &bot.Plan{Name: "engineering"})})
	}
	return cases
}
