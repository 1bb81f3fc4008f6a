package cards_test

import (
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// guardGoldenCases are the messages of the guardrails: settings, the
// audit log, removal and undo, the spaces list, pause and the command
// limit, and the refusals they add.
func guardGoldenCases() []goldenCase {
	single := batch("b-single", true, items(platform, mixedPeople()...))
	plan3 := planBatch()
	cases := []goldenCase{
		{name: "settings-default", reply: settingsReply(&bot.SpaceSettings{Space: platform.Name}, false, "")},
		{name: "settings-custom", reply: settingsReply(customSettings(), false, "")},
		{name: "settings-any-domain", reply: func() bot.Reply {
			// No ORG_DOMAINS and an asker without an address: Chat alone
			// judges domains, and the card says so.
			r := settingsReply(&bot.SpaceSettings{Space: platform.Name}, false, "")
			r.Defaults.Domains, r.InForce.Domains = nil, nil
			return r
		}()},
		{name: "settings-saved", reply: func() bot.Reply {
			s := customSettings()
			s.PlansAllowed = yes()
			return settingsReply(s, true, "")
		}()},
		{name: "settings-bad-settings", reply: badSettingsReply()},
		{name: "settings-problem-policy", reply: settingsReply(nil, false, bot.ReasonPolicy)},
		{name: "settings-problem-unavailable", reply: settingsReply(nil, false, bot.ReasonUnavailable)},
		{name: "audit-space", reply: auditReply(platform.Name, auditEntries())},
		{name: "audit-all", reply: auditReply("all", auditEntries())},
		{name: "audit-empty", reply: auditReply(platform.Name, nil)},
		{name: "audit-truncated-1000", reply: auditReply("all", manyEntries(1000, func(int) string { return worstName }))},
		{name: "audit-problem-policy", reply: bot.AuditReply{Audience: toSam, Problem: bot.ReasonPolicy}},
		{name: "audit-problem-not-admin", reply: bot.AuditReply{Audience: toSam, Problem: bot.ReasonNotAdmin}},
		{name: "remove-mixed", reply: removeReply(removedPeople()...)},
		{name: "remove-none-removed", reply: removeReply(removedPeople()[1:]...)},
		{name: "remove-refusal-policy", reply: removeRefusal(bot.Refusal{Reason: bot.ReasonPolicy, Role: bot.RoleMember})},
		{name: "remove-refusal-no-people", reply: removeRefusal(bot.Refusal{Reason: bot.ReasonNoPeople})},
		{name: "remove-refusal-only-you", reply: removeRefusal(bot.Refusal{Reason: bot.ReasonInvoker})},
		{name: "remove-refusal-undo-expired", reply: removeRefusal(bot.Refusal{Reason: bot.ReasonUndoExpired})},
		{name: "batch-undo", reply: bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: single, UndoBatch: single.ID}},
		{name: "batch-plan-undo", reply: bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: plan3, UndoBatch: plan3.ID}},
		{name: "spaces-list", reply: bot.SpacesReply{Audience: bot.Audience{Actor: sam, Private: true}, Spaces: onboardSpaces}},
		{name: "spaces-empty", reply: bot.SpacesReply{Audience: bot.Audience{Actor: sam, Private: true}}},
		{name: "spaces-problem-not-admin", reply: bot.SpacesReply{Audience: toSam, Problem: bot.ReasonNotAdmin}},
		{name: "paused", reply: bot.PausedReply{Audience: bot.Audience{Actor: sam, Private: true}, Paused: true}},
		{name: "resumed", reply: bot.PausedReply{Audience: bot.Audience{Actor: sam, Private: true}}},
		{name: "paused-refusal", reply: bot.PausedReply{Audience: bot.Audience{Actor: sam, Private: true}, Paused: true, Problem: bot.ReasonPaused}},
		{name: "paused-problem-not-admin", reply: bot.PausedReply{Audience: toSam, Problem: bot.ReasonNotAdmin}},
		{name: "limited", reply: bot.LimitedReply{Audience: bot.Audience{Actor: sam, Private: true}, RetryAfter: 42 * time.Second}},
		{name: "outcome-refused-domain", reply: inviteReply(person(frank, bot.Refused, bot.ReasonDomain))},
		{name: "outcome-not_added-cannot_remove", reply: inviteReply(person(erin, bot.NotAdded, bot.ReasonNotRemoved))},
	}
	for _, r := range []bot.Reason{bot.ReasonDomain, bot.ReasonNotAllowed, bot.ReasonPlansOff, bot.ReasonRateLimit} {
		cases = append(cases, goldenCase{name: "refusal-" + string(r), reply: refusalReply(platform, bot.Refusal{Reason: r})})
	}
	return cases
}
