package cards_test

import (
	"fmt"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// The people of the guardrail cases.
var (
	erin  = bot.Target{User: "users/555555555555555555555", Display: "Erin Park", Mentioned: true}
	frank = bot.Target{User: "users/frank@partner.org", Display: "frank@partner.org", Email: "frank@partner.org"}
)

// yes and no are the plan switch's values.
func yes() *bool { t := true; return &t }
func no() *bool  { f := false; return &f }

// customSettings are Platform Team's own rules.
func customSettings() *bot.SpaceSettings {
	return &bot.SpaceSettings{Space: platform.Name, InvitePolicy: bot.PolicyMembers, RemovePolicy: bot.PolicyManagers,
		AllowedDomains: []string{"example.com", "partner.org"}, MaxPeople: 50, PlansAllowed: no(),
		UpdatedBy: sam.Name, UpdatedByName: "Sam Rivera", UpdatedAt: created}
}

// settingsReply is a /settings answer to Sam.
func settingsReply(s *bot.SpaceSettings, saved bool, problem bot.Reason) bot.SettingsReply {
	r := bot.SettingsReply{Audience: bot.Audience{Actor: sam, Private: true}, Space: platform, Settings: s,
		Defaults: onboardDefaults, InForce: onboardDefaults, Saved: saved, Problem: problem}
	if s != nil {
		r.InForce = onboardDefaults.With(*s)
	}
	return r
}

// badSettingsReply answers "/settings invite=everyone max=900 colour=blue
// domains=example.com,<b>x members" part by part.
func badSettingsReply() bot.SettingsReply {
	r := settingsReply(customSettings(), false, bot.ReasonBadSettings)
	r.Mistakes = []bot.SettingsMistake{
		{Part: "invite=everyone", Key: "invite", Kind: bot.MistakeBadPolicy, Value: "everyone"},
		{Part: "max=900", Key: "max", Kind: bot.MistakeBadMax, Value: "900"},
		{Part: "colour=blue", Key: "colour", Kind: bot.MistakeUnknownKey, Value: "colour"},
		{Part: "domains=example.com,<b>x", Key: "domains", Kind: bot.MistakeBadDomain, Value: "<b>x"},
		{Part: "members", Kind: bot.MistakeNotKeyValue},
		{Part: "plans=maybe", Key: "plans", Kind: bot.MistakeBadPlans, Value: "maybe"},
		{Part: "preview=-3", Key: "preview", Kind: bot.MistakeBadPreview, Value: "-3"},
		{Part: "locale=fr", Key: "locale", Kind: bot.MistakeBadLocale, Value: "fr"},
	}
	return r
}

// onboardDefaults are the rules where a space sets none, as Onboard's
// operators configured them for example.com.
var onboardDefaults = bot.RulesInForce{Invite: bot.PolicyManagers, InviteFrom: bot.FromOnboard, Remove: bot.PolicyManagers,
	RemoveFrom: bot.FromOnboard, Domains: []string{"example.com"}, DomainsFrom: bot.FromOrganisation, Max: 500,
	MaxFrom: bot.FromOnboard, Plans: true, PlansFrom: bot.FromOnboard, Preview: 20, PreviewFrom: bot.FromOnboard}

// auditEntries are a day in Platform Team's log, oldest first (the card
// shows them newest first whatever the order).
func auditEntries() []bot.AuditEntry {
	at := func(m int) time.Time { return created.Add(time.Duration(m) * time.Minute) }
	es := []bot.AuditEntry{
		{ID: 1, Time: at(0), Actor: sam.Name, Space: platform.Name, Command: "invite", Person: alice.User,
			Outcome: bot.Joined, BatchID: "b-7f3c"},
		{ID: 2, Time: at(0), Actor: sam.Name, Space: platform.Name, Command: "invite", Person: dave.User,
			Outcome: bot.NotAdded, Reason: bot.ReasonExternal, BatchID: "b-7f3c"},
		{ID: 3, Time: at(1), Actor: sam.Name, Space: platform.Name, Command: "invite", Person: frank.User,
			Outcome: bot.Refused, Reason: bot.ReasonDomain, BatchID: "b-7f3c"},
		{ID: 4, Time: at(5), Actor: sam.Name, Space: platform.Name, Command: "settings", Detail: "invite=members max=50"},
		{ID: 5, Time: at(9), Actor: "", Space: platform.Name, Command: "pause", Outcome: bot.Refused, Reason: bot.ReasonNotAdmin},
		{ID: 6, Time: at(12), Actor: sam.Name, Space: platform.Name, Command: "undo", Person: alice.User,
			Outcome: bot.Removed, BatchID: "b-7f3c"},
		{ID: 7, Time: at(15), Actor: sam.Name, Space: oncall.Name, Command: "remove", Person: bob.User,
			Outcome: bot.NotAdded, Reason: bot.ReasonNotRemoved},
	}
	// The names the log keeps beside the ids (entry 2 was written before
	// it kept names: its ids show).
	names := map[string]string{sam.Name: "Sam Rivera", alice.User: alice.Display, frank.User: frank.Display,
		bob.User: bob.Display, platform.Name: platform.DisplayName, oncall.Name: oncall.DisplayName}
	for i := range es {
		if es[i].ID != 2 {
			es[i].ActorName, es[i].PersonName, es[i].SpaceName = names[es[i].Actor], names[es[i].Person], names[es[i].Space]
		}
	}
	return es
}

// auditReply is an /audit answer to Sam.
func auditReply(scope string, entries []bot.AuditEntry) bot.AuditReply {
	r := bot.AuditReply{Audience: bot.Audience{Actor: sam, Private: true}, Scope: scope, Entries: entries}
	if scope == platform.Name {
		r.ScopeName = platform.DisplayName
	}
	return r
}

// manyEntries is n entries a minute apart, newest last, every outcome.
func manyEntries(n int, person func(i int) string) []bot.AuditEntry {
	out := make([]bot.AuditEntry, n)
	for i := range out {
		o := bot.Outcomes[i%len(bot.Outcomes)]
		out[i] = bot.AuditEntry{ID: int64(i + 1), Time: created.Add(time.Duration(i) * time.Minute), Actor: sam.Name,
			Space: platform.Name, Command: "invite", Person: person(i), Outcome: o, BatchID: fmt.Sprintf("b-%04d", i/20)}
		if o == bot.NotAdded {
			out[i].Reason = bot.ReasonNotApproved
		}
	}
	return out
}

// removeReply is a /remove result in Platform Team asked by Sam.
func removeReply(people ...bot.PersonResult) bot.RemoveReply {
	return bot.RemoveReply{Audience: bot.Audience{Actor: sam},
		Report: bot.InviteReport{Space: platform, Actor: sam, People: people}}
}

// removeRefusal is a refused /remove (or Undo).
func removeRefusal(rf bot.Refusal) bot.RemoveReply {
	return bot.RemoveReply{Audience: bot.Audience{Actor: sam, Private: true},
		Report: bot.InviteReport{Space: platform, Actor: sam, Refusal: &rf}}
}

// removedPeople is a /remove of one of each kind.
func removedPeople() []bot.PersonResult {
	return []bot.PersonResult{
		person(alice, bot.Removed, ""),
		person(bob, bot.NotAdded, bot.ReasonNotRemoved),
		person(carol, bot.NotAdded, bot.ReasonNotFound),
		person(bot.Target{User: sam.Name, Display: sam.DisplayName}, bot.Skipped, bot.ReasonInvoker),
	}
}

// onboardSpaces are the spaces Onboard is in, one of each type.
var onboardSpaces = []bot.Space{platform, oncall, legal, {Name: "spaces/AAAAgroup01", Type: bot.SpaceGroupChat}, samDM}
