package cards_test

import (
	"time"

	"github.com/onboard-chat/onboard/bot"
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
		{name: "batch-single-space", reply: bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: single}},
		{name: "batch-onboard-added", reply: bot.BatchReply{Audience: bot.Audience{Actor: sam},
			Batch: batch("b-self", true, items(bot.Space{Name: "spaces/AAAAdmsal06", Type: bot.SpaceDM}, ownAuthorityPeople()[2]))}},
		{name: "batch-plan-skipped", reply: bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: plan3, SkippedSpaces: skippedSpaces}},
		{name: "batch-plan-all-skipped", reply: bot.BatchReply{Audience: bot.Audience{Actor: sam},
			Batch: bot.Batch{Actor: sam, Origin: platform, Done: true}, SkippedSpaces: skippedSpaces[:2]}},
		{name: "batch-truncated-500x12", reply: func() bot.Reply {
			b := huge(true)
			return bot.BatchReply{Audience: bot.Audience{Actor: b.Actor}, Batch: b, SkippedSpaces: skippedSpaces}
		}()},
		{name: "working", reply: bot.WorkingReply{Audience: bot.Audience{Actor: sam, Private: true}, Batch: running, ETA: 2 * time.Minute}},
		{name: "working-plan-skipped", reply: bot.WorkingReply{Audience: bot.Audience{Actor: sam, Private: true},
			Batch: runPlan, SkippedSpaces: skippedSpaces}},
		{name: "status-empty", reply: bot.StatusReply{Audience: bot.Audience{Actor: sam, Private: true}}},
		{name: "status-list", reply: bot.StatusReply{Audience: bot.Audience{Actor: sam, Private: true},
			Batches: []bot.Batch{running, plan3, cancelled, removed}}},
		{name: "status-cancelled", reply: bot.StatusReply{Audience: toSam, Batches: []bot.Batch{cancelled},
			Cancel: &bot.CancelResult{Batch: cancelled.ID, Stopped: 3}}},
		{name: "status-cancel-finished", reply: bot.StatusReply{Audience: toSam, Batches: []bot.Batch{plan3},
			Cancel: &bot.CancelResult{Batch: plan3.ID, AlreadyDone: true}}},
		{name: "status-problem-no-job", reply: bot.StatusReply{Audience: toSam, Problem: bot.ReasonNoJob}},
		{name: "status-problem-unavailable", reply: bot.StatusReply{Audience: toSam, Problem: bot.ReasonUnavailable}},
		{name: "plan-created", reply: planReply(bot.PlanCreated, plan("engineering"))},
		{name: "plan-added", reply: planReply(bot.PlanAdded, engineering())},
		{name: "plan-added-onboard-not-in-space", reply: func() bot.Reply {
			p := engineering()
			p.Spaces = append(p.Spaces, bot.PlanSpace{Space: bot.Space{Name: "spaces/AAAAhidden1"}, Welcome: "Hello"})
			r := planReply(bot.PlanAdded, p)
			r.Warning = bot.ReasonAppNotInSpace
			return r
		}()},
		{name: "plan-removed", reply: planReply(bot.PlanRemoved, plan("engineering", engineering().Spaces[1:]...))},
		{name: "plan-shown", reply: planReply(bot.PlanShown, engineering())},
		{name: "plan-listed", reply: bot.PlanReply{Audience: bot.Audience{Actor: sam, Private: true}, Action: bot.PlanListed,
			Plans: []bot.Plan{*engineering(), *plan("sales"), *plan("support", engineering().Spaces[:1]...)}}},
		{name: "plan-listed-empty", reply: bot.PlanReply{Audience: bot.Audience{Actor: sam, Private: true}, Action: bot.PlanListed}},
		{name: "help-policy-managers", reply: bot.HelpReply{Audience: bot.Audience{Actor: sam}, Policy: bot.PolicyManagers}},
		{name: "help-policy-members", reply: bot.HelpReply{Audience: bot.Audience{Actor: sam}, Policy: bot.PolicyMembers}},
		{name: "progress-running", batch: ptr(running), eta: 2*time.Minute + 10*time.Second},
		{name: "progress-running-plan", batch: ptr(runPlan)},
		{name: "progress-finished", batch: ptr(single), eta: time.Minute},
		{name: "progress-finished-plan", batch: ptr(plan3)},
		{name: "progress-cancelled", batch: ptr(cancelled), eta: 3 * time.Minute},
		{name: "progress-removed", batch: ptr(removed)},
		{name: "progress-truncated-500x12", batch: ptr(huge(true))},
	}
	for _, r := range planProblems {
		cases = append(cases, goldenCase{name: "plan-problem-" + slug(string(r)),
			reply: bot.PlanReply{Audience: toSam, Problem: r, Plan: &bot.Plan{Name: "engineering"}}})
	}
	return cases
}

// ptr is a pointer to a copy of b.
func ptr(b bot.Batch) *bot.Batch { return &b }
