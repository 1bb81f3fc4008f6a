package cards_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// The spaces of a plan, and the times of the jobs.
var (
	oncall   = bot.Space{Name: "spaces/AAAAoncall01", DisplayName: "On-call", Type: bot.SpaceNamed}
	announce = bot.Space{Name: "spaces/AAAAannounc1", DisplayName: "Announcements", Type: bot.SpaceNamed}
	finance  = bot.Space{Name: "spaces/AAAAfinance1", DisplayName: "Finance", Type: bot.SpaceNamed}
	payroll  = bot.Space{Name: "spaces/AAAApayroll1", DisplayName: "Payroll", Type: bot.SpaceNamed}
	legal    = bot.Space{Name: "spaces/AAAAlegal001"}
	created  = time.Date(2026, 11, 27, 21, 55, 0, 0, time.UTC)
)

// items puts people into space.
func items(space bot.Space, people ...bot.PersonResult) []bot.Item {
	out := make([]bot.Item, len(people))
	for i, p := range people {
		out[i] = bot.Item{Space: space, Target: p.Target, Result: p}
	}
	return out
}

// batch is a batch of Sam's, asked in Platform Team.
func batch(id string, done bool, its ...[]bot.Item) bot.Batch {
	b := bot.Batch{ID: id, Key: "spaces/AAAAonbrd01/messages/" + id, Actor: sam, Origin: platform,
		CreatedAt: created, Done: done}
	for _, i := range its {
		b.Items = append(b.Items, i...)
	}
	return b
}

// planPeople is what /onboard @alice @bob carol dave does in one space.
func planPeople(o bot.Outcome) []bot.PersonResult {
	return []bot.PersonResult{
		person(alice, bot.Joined, ""), person(bob, o, ""),
		person(carol, bot.Already, ""), person(dave, bot.NotAdded, bot.ReasonExternal),
	}
}

// planBatch is /onboard over three spaces.
func planBatch() bot.Batch {
	return batch("b-plan", true, items(platform, planPeople(bot.Invited)...),
		items(oncall, planPeople(bot.Joined)...), items(announce, planPeople(bot.Joined)...))
}

// skippedSpaces are the spaces of a plan left out, one per reason.
var skippedSpaces = []bot.SpaceSkip{
	{Space: finance, Reason: bot.ReasonPolicy},
	{Space: payroll, Reason: bot.ReasonNotMember},
	{Space: legal, Reason: bot.ReasonAppNotInSpace},
	{Space: samDM, Reason: bot.ReasonSpaceType},
}

// pending is n people of which the first done have been added, the rest
// waiting, in space.
func pending(space bot.Space, n, done int) []bot.Item {
	people := crowd(n, func(i int) string { return fmt.Sprintf("Person %03d", i) })
	for i := range people {
		people[i].Outcome, people[i].Reason = bot.Pending, ""
		if i < done {
			people[i].Outcome = bot.Joined
		}
	}
	return items(space, people...)
}

// huge is 500 people of the costliest names in each of 12 spaces of the
// costliest names, every outcome and reason, asked by an actor of the
// costliest name.
func huge(done bool) bot.Batch {
	b := bot.Batch{ID: "b-huge", Actor: bot.User{Name: sam.Name, DisplayName: worstName}, Origin: platform,
		CreatedAt: created, Done: done}
	for s := 0; s < 12; s++ {
		space := bot.Space{Name: fmt.Sprintf("spaces/AAAAhuge%04d", s), DisplayName: worstName[s%4:] + worstName[:s%4]}
		b.Items = append(b.Items, items(space, crowd(500, worst)...)...)
	}
	return b
}

// plan is a plan of the given spaces.
func plan(name string, spaces ...bot.PlanSpace) *bot.Plan {
	return &bot.Plan{Name: name, Spaces: spaces, UpdatedBy: sam.Name, UpdatedAt: created}
}

// engineering is a plan of three spaces, two with welcome texts.
func engineering() *bot.Plan {
	return plan("engineering",
		bot.PlanSpace{Space: platform, Welcome: "Welcome to the platform team! Start with the pinned onboarding doc."},
		bot.PlanSpace{Space: oncall},
		bot.PlanSpace{Space: bot.Space{Name: "spaces/AAAAnoname01"}, Welcome: "Say hello <3 & read the rules"})
}

// planReply is a /plan answer to Sam.
func planReply(a bot.PlanAction, p *bot.Plan) bot.PlanReply {
	return bot.PlanReply{Audience: bot.Audience{Actor: sam, Private: true}, Action: a, Plan: p}
}

// toSam is a reply to Sam alone.
var toSam = bot.Audience{Actor: sam, Private: true}

// planProblems are the reasons a /plan or /onboard is not done.
var planProblems = []bot.Reason{bot.ReasonNotAdmin, bot.ReasonNoPlan, bot.ReasonPlanExists,
	bot.ReasonBadPlanInput, bot.ReasonUnavailable}

// slug makes a reason part of a golden file name.
func slug(s string) string { return strings.ReplaceAll(s, "_", "-") }
