package cards_test

import (
	"fmt"
	"strings"

	"github.com/onboard-chat/onboard/bot"
)

// The people and places of the test cases, after docs/chat-platform.md §1.8.
var (
	sam       = bot.User{Name: "users/111111111111111111111", DisplayName: "Sam Rivera", Email: "sam@example.com"}
	platform  = bot.Space{Name: "spaces/AAAAonbrd01", DisplayName: "Platform Team", Type: bot.SpaceNamed}
	samDM     = bot.Space{Name: "spaces/_dmSamOnb01", Type: bot.SpaceDM, SingleUserBotDM: true}
	alice     = bot.Target{User: "users/222222222222222222222", Display: "Alice Ng", Mentioned: true}
	bob       = bot.Target{User: "users/333333333333333333333", Display: "Bob Ortiz", Mentioned: true}
	carol     = bot.Target{User: "users/carol@example.com", Display: "carol@example.com", Email: "carol@example.com"}
	dave      = bot.Target{User: "users/dave@partner.example", Display: "dave@partner.example", Email: "dave@partner.example"}
	hostile   = `<b>x</b>&`
	worstName = strings.Repeat(`<&"'`, 32) // 128 characters, each 10 bytes once escaped and encoded
)

// reasonsFor lists the reasons each outcome takes ("" for none).
var reasonsFor = map[bot.Outcome][]bot.Reason{
	bot.Joined:  {""},
	bot.Invited: {""},
	bot.Already: {""},
	bot.NotAdded: {bot.ReasonExternal, bot.ReasonNotFound, bot.ReasonAppNotInSpace,
		bot.ReasonNotApproved, bot.ReasonRateLimited, bot.ReasonAPIError},
	bot.Skipped:   {bot.ReasonInvoker, bot.ReasonApp, bot.ReasonDuplicate, bot.ReasonUnrecognised},
	bot.Refused:   refusalReasons,
	bot.Pending:   {""},
	bot.Cancelled: {bot.ReasonByRequester, bot.ReasonAppRemoved},
	bot.Removed:   {""},
}

// refusalReasons are the reasons a whole command can be refused.
var refusalReasons = []bot.Reason{bot.ReasonPolicy, bot.ReasonNotMember, bot.ReasonTooMany,
	bot.ReasonNoSpace, bot.ReasonSpaceType, bot.ReasonNoPeople}

// inviteReply is a public /invite result in Platform Team asked by Sam.
func inviteReply(people ...bot.PersonResult) bot.InviteReply {
	return bot.InviteReply{Audience: bot.Audience{Actor: sam},
		Report: bot.InviteReport{Space: platform, Actor: sam, People: people}}
}

// refusalReply is a refused /invite, private to Sam.
func refusalReply(space bot.Space, rf bot.Refusal) bot.InviteReply {
	return bot.InviteReply{Audience: bot.Audience{Actor: sam, Private: true},
		Report: bot.InviteReport{Space: space, Actor: sam, Refusal: &rf}}
}

// person is a result for t.
func person(t bot.Target, o bot.Outcome, r bot.Reason) bot.PersonResult {
	return bot.PersonResult{Target: t, User: t.User, Outcome: o, Reason: r}
}

// ownAuthorityPeople are added, invited or refused with the asker's own
// Google account or admin access: a person, a Google Group, Onboard itself.
func ownAuthorityPeople() []bot.PersonResult {
	group := bot.Target{Kind: bot.TargetGroup, User: "groups/03eng", Display: "eng@example.com", Email: "eng@example.com"}
	self := bot.Target{Kind: bot.TargetApp, User: "users/app", Display: "Onboard", Mentioned: true}
	as := func(p bot.PersonResult, k bot.AuthorityKind) bot.PersonResult { p.As = k; return p }
	return []bot.PersonResult{
		as(person(carol, bot.Joined, ""), bot.AsUser),
		as(person(group, bot.Joined, ""), bot.AsUser),
		as(person(self, bot.Joined, ""), bot.AsUser),
		as(person(bob, bot.Invited, ""), bot.AsAdmin),
		as(person(alice, bot.NotAdded, bot.ReasonReconnect), bot.AsUser),
	}
}

// mixedPeople is E1's typical result plus one of each other outcome.
func mixedPeople() []bot.PersonResult {
	return []bot.PersonResult{
		person(alice, bot.Joined, ""),
		person(bob, bot.Invited, ""),
		person(carol, bot.Already, ""),
		person(dave, bot.NotAdded, bot.ReasonExternal),
		person(bot.Target{User: sam.Name, Display: sam.DisplayName}, bot.Skipped, bot.ReasonInvoker),
		person(bot.Target{Display: "tomorrow"}, bot.Skipped, bot.ReasonUnrecognised),
	}
}

// crowd is n people cycling through every outcome and reason, named by
// name(i).
func crowd(n int, name func(i int) string) []bot.PersonResult {
	var kinds []bot.PersonResult
	for _, o := range bot.Outcomes {
		for _, r := range reasonsFor[o] {
			kinds = append(kinds, bot.PersonResult{Outcome: o, Reason: r})
		}
	}
	people := make([]bot.PersonResult, n)
	for i := range people {
		p := kinds[i%len(kinds)]
		p.Target = bot.Target{User: fmt.Sprintf("users/%d", 900000+i), Display: name(i)}
		people[i] = p
	}
	return people
}

// worst is the worst-case name for person i: 128 characters of <&"' in a
// rotating order.
func worst(i int) string {
	s := worstName + worstName
	return s[i%4 : i%4+128]
}
