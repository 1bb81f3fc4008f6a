package cards

import (
	"html"
	"strconv"

	"github.com/onboard-chat/onboard/bot"
)

// Every word a user reads is in this file and its siblings (words_help.go,
// words_jobs.go, words_plans.go), so that a translation (zh-TW is next)
// replaces those files and nothing else. Strings used inside cards are
// card HTML; user text never appears in them as written — the functions
// below that take user text escape it with html.EscapeString themselves.

// Card titles, subtitles and plain-text summaries (Message.text: Chat shows
// it in notifications; it must never contain user text).
const (
	titleInvite     = "Invite results"
	titleRefused    = "Nothing was done"
	titleHelp       = "Onboard help"
	subtitleHelp    = "Adds people to Chat spaces"
	titleWelcome    = "Onboard is here"
	subtitleWelcome = "Adds people to this space for you"
	thisSpace       = "this space"
	unnamed         = "(no name)"
	sectionPeople   = "People"
	textHelp        = "Onboard help: /invite @alice @bob carol@example.com"
	textWelcome     = "Onboard was added to this space. A Workspace admin must approve it once before it can add people."
	textRefused     = "Nothing was done: "
	textNoResults   = "nobody was named"
	listSep         = " · "
	buttonAdmin     = "Open the Admin console"
	buttonAdminAlt  = "Opens the Google Admin console, where a super administrator approves Onboard"
	adminURL        = "https://admin.google.com/ac/apps/gmanifest"
)

// adminPath is where a super administrator grants Onboard's app
// authentication.
const adminPath = "Apps › Google Workspace Marketplace apps › Onboard › Data access › Grant access"

// invitePhrase and the other command examples users copy.
const (
	exampleInvite   = "/invite @alice @bob carol@example.com"
	exampleInviteDM = "/invite spaces/AAAA… @alice bob@example.com"
	exampleHelp     = "/help"
	exampleOnboard  = "/onboard @alice bob@example.com PLAN"
	examplePlanList = "/plan list · /plan show PLAN"
	exampleStatus   = "/status"
	exampleCancel   = "/status cancel ID"
)

// inviteSubtitle says where people were invited and who asked. It is a
// card header's subtitle: plain text, not HTML (Chat formats no header), so
// nothing in it is escaped.
func inviteSubtitle(space, actor string) string {
	where := thisSpace
	if space != "" {
		where = space
	}
	if actor == "" {
		return where
	}
	return where + listSep + "requested by " + actor
}

// outcomeLabel is the short name of an outcome (a row's topLabel).
func outcomeLabel(o bot.Outcome) string {
	switch o {
	case bot.Joined:
		return "Added"
	case bot.Invited:
		return "Invited"
	case bot.Already:
		return "Already a member or invited"
	case bot.NotAdded:
		return "Not added"
	case bot.Skipped:
		return "Skipped"
	case bot.Refused:
		return "Not allowed"
	case bot.Pending:
		return "Waiting"
	case bot.Cancelled:
		return "Cancelled"
	case bot.Removed:
		return "Removed"
	}
	return ""
}

// outcomeDetail says more about an outcome (a row's bottomLabel): why, and
// what to do about it. Empty when the label says it all.
func outcomeDetail(o bot.Outcome, r bot.Reason) string {
	switch o {
	case bot.Invited:
		return "must accept (Onboard cannot see when they do)"
	case bot.NotAdded:
		if why, remedy := notAddedWords(r); why != "" {
			return why + ". " + remedy
		}
		why, remedy := notAddedWords(bot.ReasonAPIError)
		return why + ". " + remedy
	case bot.Refused:
		if why, remedy := guardWords(r); why != "" {
			return why + ". " + remedy
		}
		return reasonWhy(r)
	case bot.Skipped:
		return reasonWhy(r)
	case bot.Cancelled:
		return cancelledWhy(r)
	}
	return ""
}

// personDetail is a person's row detail: outcomeDetail as a sentence, but
// naming the domain that is not allowed (domain is plain text, "" when not
// known) — and a domain is not capitalised.
func personDetail(w wording, o bot.Outcome, r bot.Reason, domain string) string {
	if r == bot.ReasonDomain && domain != "" && (o == bot.NotAdded || o == bot.Refused) {
		return domainWhy(domain) + ". " + remedyDomain
	}
	return sentence(outcomeDetailAs(w, o, r))
}

// outcomePhrase is an outcome in one line: "Not added — <why>. <remedy>".
func outcomePhrase(o bot.Outcome, r bot.Reason) string {
	if d := outcomeDetail(o, r); d != "" {
		return outcomeLabel(o) + " — " + d
	}
	return outcomeLabel(o)
}

// notAddedWords says why the Chat API did not add someone, and the remedy.
func notAddedWords(r bot.Reason) (why, remedy string) {
	switch r {
	case bot.ReasonExternal:
		return "app authentication cannot invite people outside the organisation",
			"Ask a space manager to add them in Chat"
	case bot.ReasonNotFound:
		return "no one with that address in the organisation", "Check the spelling"
	case bot.ReasonAppNotInSpace:
		return "Onboard is not a member of this space", "Add Onboard to the space, then try again"
	case bot.ReasonNotApproved:
		return "a Workspace admin has not yet approved Onboard's app authentication",
			"A super administrator approves it once in the Admin console: " + adminPath
	case bot.ReasonRateLimited:
		return "Google Chat's limit on adding people was reached", "Try again in a minute"
	case bot.ReasonAPIError:
		return "Google Chat returned an error", "Try again; if it persists, tell your Onboard administrator"
	case bot.ReasonNoOAuth:
		return "groups and Onboard itself can only be added with your own Google account, which this Onboard is not set up to use",
			"Add them in Chat yourself"
	}
	return guardWords(r)
}

// reasonWhy says in a few words why a person was skipped or refused.
func reasonWhy(r bot.Reason) string {
	switch r {
	case bot.ReasonInvoker:
		return "that's you"
	case bot.ReasonApp:
		return "Onboard is already here"
	case bot.ReasonOtherApp:
		return "Chat only lets an app add itself"
	case bot.ReasonDuplicate:
		return "named more than once"
	case bot.ReasonUnrecognised:
		return "not an @mention or an email address"
	case bot.ReasonPolicy:
		return "your role can't invite people to this space"
	case bot.ReasonNotMember:
		return "you are not a member of the space"
	case bot.ReasonTooMany:
		return "more people than one command may name"
	case bot.ReasonNoSpace:
		return "no space was named"
	case bot.ReasonSpaceType:
		return "people can't be added to a direct message"
	case bot.ReasonNoPeople:
		return "nobody was named"
	}
	if why, _ := notAddedWords(r); why != "" {
		return why
	}
	if why := cancelledWhy(r); why != "" {
		return why
	}
	return problemWhy(r)
}

// countNoun names an outcome after a number: "2 added", "and 3 more added".
func countNoun(o bot.Outcome) string {
	switch o {
	case bot.Joined:
		return "added"
	case bot.Invited:
		return "invited"
	case bot.Already:
		return "already there"
	case bot.NotAdded:
		return "not added"
	case bot.Skipped:
		return "skipped"
	case bot.Refused:
		return "not allowed"
	case bot.Pending:
		return "waiting"
	case bot.Cancelled:
		return "cancelled"
	case bot.Removed:
		return "removed"
	}
	return "other"
}

// counts renders "2 added · 1 invited", or with more set "and 2 more added ·
// 1 more invited", skipping zero counts; n is indexed like bot.Outcomes.
func counts(n []int, more bool) string { return countsAs(adding, n, more) }

// countsAs is counts in wording w: "2 removed · 1 not removed".
func countsAs(w wording, n []int, more bool) string {
	b := make([]byte, 0, 128)
	for _, o := range outcomeOrder(w) {
		i := outcomeIndex(o)
		if i >= len(n) || n[i] == 0 {
			continue
		}
		switch {
		case len(b) > 0:
			b = append(b, listSep...)
		case more:
			b = append(b, "and "...)
		}
		b = strconv.AppendInt(b, int64(n[i]), 10)
		if more {
			b = append(b, " more"...)
		}
		b = append(b, ' ')
		b = append(b, countNounAs(w, o)...)
	}
	return string(b)
}

// roleName is a Chat role as Chat's own UI names it.
func roleName(r bot.Role) string {
	switch r {
	case bot.RoleManager:
		return "Owner"
	case bot.RoleAssistantManager:
		return "Manager"
	case bot.RoleMember:
		return "Member"
	}
	return "not known"
}

// refusalWords explains a refused command: what happened and what to do,
// as card HTML paragraphs, and a short plain reason for Message.text.
func refusalWords(rf bot.Refusal, space string) (paras []string, short string) {
	where := thisSpace
	if space != "" {
		where = "<b>" + html.EscapeString(space) + "</b>"
	}
	short = reasonWhy(rf.Reason)
	switch rf.Reason {
	case bot.ReasonPolicy:
		first := "Under Onboard's current invite policy, only space owners and managers can invite people to " + where + "."
		if rf.Policy == bot.PolicyMembers {
			first = "Under Onboard's current invite policy, your role can't invite people to " + where + "."
		}
		return []string{first + " Your role there is <b>" + roleName(rf.Role) + "</b>.",
			"Ask a space manager to add them, or to run <b>/invite</b> for you."}, short
	case bot.ReasonNotMember:
		return []string{"You are not a member of " + where + ", so Onboard won't invite people there for you.",
			"Join the space first, or ask one of its managers to invite them."}, short
	case bot.ReasonTooMany:
		return []string{"At most " + strconv.Itoa(rf.Limit) + " people per command; you named " +
			strconv.Itoa(rf.Count) + ". Nothing was done — split the list."}, short
	case bot.ReasonNoSpace:
		return []string{"In a direct message, name the space: <b>" + exampleInviteDM + "</b>",
			"Or, instead of spaces/AAAA…, paste the space's Chat URL (https://chat.google.com/room/AAAA…)."}, short
	case bot.ReasonSpaceType:
		return []string{"People can't be added to a direct message.",
			"Run <b>/invite</b> in a space or group chat that Onboard is in, or name one here: <b>" + exampleInviteDM + "</b>"}, short
	case bot.ReasonNoPeople:
		return []string{"The command names nobody to invite. Name people by @mention or email address:",
			"<b>" + exampleInvite + "</b><br>In a direct message with Onboard: <b>" + exampleInviteDM + "</b>"}, short
	}
	if short == "" {
		short = textCouldNot
	}
	paras, _ = commandProblemWords(rf.Reason)
	return paras, short
}
