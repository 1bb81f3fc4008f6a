package cards_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// TestEveryCardSpeaksFromTheCatalog renders every golden message and every
// fixture of the other card tests, recording the messages they look up:
// none may be missing or fail to render, and every message of the English
// catalog must be shown by at least one card — a message no card shows is
// dead weight for translators, and a sign that a card lost some words.
func TestEveryCardSpeaksFromTheCatalog(t *testing.T) {
	heard := map[string]bool{}
	listen := func(name string) func(id string, err error) {
		return func(id string, err error) {
			heard[id] = true
			if err != nil {
				t.Errorf("%s: message %s: %v", name, id, err)
			}
		}
	}
	for _, tc := range goldenCases() {
		tc.message(func(r bot.Reply) cards.Message { return cards.ReplyHeard(r, listen(tc.name)) },
			func(b bot.Batch, eta time.Duration) cards.Message {
				return cards.ProgressHeard(b, eta, listen(tc.name))
			})
	}
	for name, r := range fixtureReplies(t) {
		cards.ReplyHeard(r, listen(name))
	}
	for _, o := range []bot.SignInOutcome{bot.SignInConnected, bot.SignInDenied, bot.SignInLinkUnknown,
		bot.SignInLinkUsed, bot.SignInLinkExpired, bot.SignInWrongAccount, bot.SignInFailed} {
		cards.SignInPageHeard(o, true, listen("sign-in page "+string(o)))
	}
	cards.SignInPageHeard(bot.SignInFailed, false, listen("sign-in page, not configured"))
	connect := cards.Reply(bot.ConnectReply{Audience: toSam, URL: "https://accounts.example/auth"})
	cards.AddonActionHeard(connect, listen("add-on connect prompt"))
	var unused []string
	for _, id := range cards.EnglishIDs(t) {
		if !heard[id] {
			unused = append(unused, id)
		}
	}
	if len(unused) > 0 {
		t.Errorf("no card shows these messages of the English catalog; remove them, or add a golden or fixture that shows them: %q", unused)
	}
}

// fixtureReplies reach the words the goldens do not: every reason in
// every place a reason is shown, every role, every rounding of the time
// left, the lists too long for a card, and names that are missing.
func fixtureReplies(t *testing.T) map[string]bot.Reply {
	reasons := append(cards.AllReasons(t), "mystery") // a reason bot may add before cards has words for it
	out := map[string]bot.Reply{}
	var skips []bot.SpaceSkip
	var entries []bot.AuditEntry
	for _, r := range reasons {
		rf := bot.Refusal{Reason: r, Role: bot.RoleMember, Limit: 20, Count: 27}
		out["invite refused/"+string(r)] = refusalReply(platform, rf)
		out["remove refused/"+string(r)] = removeRefusal(rf)
		out["status/"+string(r)] = bot.StatusReply{Audience: toSam, Problem: r}
		out["plan/"+string(r)] = bot.PlanReply{Audience: toSam, Problem: r}
		out["settings/"+string(r)] = settingsReply(nil, false, r)
		out["audit/"+string(r)] = bot.AuditReply{Audience: toSam, Problem: r}
		out["spaces/"+string(r)] = bot.SpacesReply{Audience: toSam, Problem: r}
		out["paused/"+string(r)] = bot.PausedReply{Audience: toSam, Problem: r}
		skips = append(skips, bot.SpaceSkip{Space: finance, Reason: r})
		entries = append(entries, bot.AuditEntry{Time: created, Actor: sam.Name, Command: "onboard", Outcome: bot.Refused, Reason: r})
	}
	for _, o := range bot.Outcomes {
		var people []bot.PersonResult
		for _, r := range append(reasons, "") {
			people = append(people, person(carol, o, r))
			for _, command := range []string{"invite", "remove"} {
				entries = append(entries, bot.AuditEntry{Time: created, Actor: sam.Name, Command: command,
					Person: carol.User, Outcome: o, Reason: r})
			}
		}
		out["invite/"+string(o)] = inviteReply(people...)
		out["remove/"+string(o)] = removeReply(people...)
	}
	// Problems of many kinds, too few of each to share a row, and more
	// than fit: the tail counts those left out.
	var unlike []bot.PersonResult
	for i, r := range reasons {
		for k := range 4 {
			name := fmt.Sprint(strings.Repeat(`<&"'`, 30), i, k)
			unlike = append(unlike, person(bot.Target{Display: name}, bot.NotAdded, r))
		}
	}
	out["remove, more not removed than fit"] = removeReply(unlike...)
	out["skipped spaces"] = bot.BatchReply{Audience: toSam, Batch: bot.Batch{Done: true}, SkippedSpaces: skips}
	for _, in := range []bot.InChat{bot.InChatAdds, bot.InChatAsks} { // the remedy for an outsider fits the asker
		out["outsider, asker "+string(in)] = bot.BatchReply{Audience: toSam, InChat: in, Batch: bot.Batch{Done: true,
			Items: []bot.Item{{Space: platform, Target: carol, Result: person(carol, bot.NotAdded, bot.ReasonExternal)}}}}
	}
	connected := bot.ConnectionStatus{State: bot.Connected, Email: "sam@example.com",
		Capabilities: []bot.Capability{bot.CanAddPeople, bot.CanAddOnboard, bot.CanFindGroups, bot.CanAdmin}}
	for _, st := range []bot.ConnectionStatus{connected, {State: bot.Disconnected}, {State: bot.NotConnected},
		{State: bot.NotConfigured}} {
		out["connection/"+string(st.State)] = bot.ConnectionReply{Audience: toSam, Status: st}
		out["help, connection "+string(st.State)] = bot.HelpReply{Audience: toSam, Connection: st, Admin: true}
	}
	out["connection/unavailable"] = bot.ConnectionReply{Audience: toSam, Problem: bot.ReasonUnavailable}
	out["connect after a click"] = bot.ConnectReply{Audience: toSam, URL: "https://accounts.example/auth", Click: true}
	out["connect for admin access after a click"] = bot.ConnectReply{Audience: toSam, URL: "https://a.example/", Click: true, Admin: true}
	for i := 0; i < len(entries); i += 50 { // as many as fit
		out[fmt.Sprint("audit entries ", i)] = auditReply("all", entries[i:min(i+50, len(entries))])
	}
	out["an audit entry of nothing"] = auditReply(platform.Name, []bot.AuditEntry{{Time: created}})
	for _, role := range []bot.Role{bot.RoleManager, bot.RoleAssistantManager, bot.RoleMember, ""} {
		for _, p := range []bot.InvitePolicy{bot.PolicyManagers, bot.PolicyMembers} {
			rf := bot.Refusal{Reason: bot.ReasonPolicy, Role: role, Policy: p}
			out["invite policy/"+string(p)+"/"+string(role)] = refusalReply(platform, rf)
			out["remove policy/"+string(p)+"/"+string(role)] = removeRefusal(rf)
		}
	}
	running := batch("b-eta", false, pending(platform, 10, 3))
	for _, eta := range []time.Duration{30 * time.Second, 80 * time.Minute, 5 * time.Hour, 26 * time.Hour} {
		out["working/"+eta.String()] = bot.WorkingReply{Audience: toSam, Batch: running, ETA: eta}
	}
	out["an empty plan's results"] = bot.BatchReply{Audience: toSam, Batch: bot.Batch{Actor: sam, Origin: platform, Done: true}}
	out["a person without a name"] = inviteReply(bot.PersonResult{Outcome: bot.Joined})
	for name, r := range longLists() {
		out[name] = r
	}
	for name, r := range dialogFixtures(reasons) {
		out[name] = r
	}
	return out
}

// longLists are replies with more than a card can hold.
func longLists() map[string]bot.Reply {
	var jobs []bot.Batch
	for i := range 200 {
		jobs = append(jobs, batch(fmt.Sprint(worstName, i), false, pending(platform, 3, 1)))
	}
	var plans []bot.Plan
	var spaces []bot.PlanSpace
	var onboardIn []bot.Space
	for i := range 300 {
		spaces = append(spaces, bot.PlanSpace{Space: bot.Space{Name: "spaces/A" + worstName, DisplayName: worstName}, Welcome: worstName})
		plans = append(plans, bot.Plan{Name: worstName + fmt.Sprint(i)})
		onboardIn = append(onboardIn, bot.Space{Name: "spaces/A" + worstName, DisplayName: worstName})
	}
	var domains []string
	for i := range 400 {
		domains = append(domains, fmt.Sprintf("d%d.example.com", i))
	}
	return map[string]bot.Reply{
		"200 jobs":      bot.StatusReply{Audience: toSam, Batches: jobs},
		"300 plans":     bot.PlanReply{Audience: toSam, Action: bot.PlanListed, Plans: plans},
		"a plan of 300": planReply(bot.PlanShown, &bot.Plan{Name: "big", Spaces: spaces}),
		"300 spaces":    bot.SpacesReply{Audience: toSam, Spaces: onboardIn},
		"400 domains":   settingsReply(&bot.SpaceSettings{Space: platform.Name, AllowedDomains: domains}, false, ""),
		"500 removals":  removeReply(crowd(500, worst)...),
		"500 invites":   inviteReply(crowd(500, worst)...),
	}
}
