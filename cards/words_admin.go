package cards

import (
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// Words of /settings, /audit, /spaces, /pause and /resume, and the
// per-user command limit. Like words.go, strings are card HTML; the
// functions that take user text (domains, ids, details) escape it.

const (
	titleSettings    = "Onboard settings"
	textSettings     = "Onboard settings for this space"
	textSaved        = "Onboard settings saved"
	savedLine        = "<b>Saved.</b> The next command follows these settings."
	sectionInForce   = "In force"
	sectionChange    = "Change them"
	buttonSave       = "Save"
	buttonSaveAlt    = "Saves these settings for this space; only its owners and managers can"
	settingsTextHint = "Or type: <b>" + exampleSettingsFull + "</b>"
	settingDefault   = "Default"

	titleAudit    = "Audit log"
	textAudit     = "Onboard audit log"
	textNoEntries = "No entries"
	auditAll      = "All spaces"
	erased        = "(erased)"
	auditDone     = "Done"

	titleSpaces  = "Spaces Onboard is in"
	textSpaces   = "Spaces Onboard is in"
	textNoSpaces = "Onboard is in no spaces."

	titlePaused    = "Onboard is paused"
	titleResumed   = "Onboard is running"
	textPausedText = "Onboard is paused: no one will be added or removed until an Onboard admin runs /resume"
	textResumed    = "Onboard is running again"
	resumedLine    = "Onboard is running again: people can be added and removed."

	titleLimited = "Too many commands"
)

// Labels of the settings (rows and form fields).
const (
	labelInvite  = "Who may invite people"
	labelRemove  = "Who may remove people"
	labelDomains = "Allowed email domains"
	labelMax     = "Most people per command"
	labelPlans   = "Plans (/onboard)"
	hintDomains  = "Comma-separated, e.g. example.com, partner.org. Empty: your organisation's domains."
	hintMax      = "A number from 1 to 500. Empty: Onboard's limit."
)

// policyChoices are the choices of who may invite or remove, as the form
// offers them (value, text); remove's default differs from invite's.
func policyChoices(remove bool) [][2]string {
	def := "Default (your organisation's policy)"
	if remove {
		def = "Default (owners and managers)"
	}
	return [][2]string{{"default", def}, {string(bot.PolicyManagers), "Owners and managers"},
		{string(bot.PolicyMembers), "Every member"}}
}

// planChoices are the form's choices for plans (value, text).
var planChoices = [][2]string{{"default", "Default (plans may add people)"},
	{"on", "Plans may add people here"}, {"off", "Plans may not add people here"}}

// policyWords is a policy as the settings rows show it.
func policyWords(p bot.InvitePolicy, remove bool) string {
	for _, c := range policyChoices(remove)[1:] {
		if c[0] == string(p) {
			return c[1]
		}
	}
	return policyChoices(remove)[0][1]
}

// domainsWords shows allowed domains (already escaped), and how many
// more there are.
func domainsWords(domains []string, more int) string {
	if len(domains) == 0 && more == 0 {
		return "Default (your organisation's domains)"
	}
	s := strings.Join(domains, ", ")
	if more > 0 {
		s += " and " + strconv.Itoa(more) + " more"
	}
	return s
}

// domainsTooMany stands in for the domains field when the list is too long
// for the card.
const domainsTooMany = "The allowed domains are too many to change here; Save leaves them as they are. " +
	"Change them with <b>/settings domains=example.com,partner.org</b>."

// maxWords shows the people-per-command limit.
func maxWords(n int) string {
	if n <= 0 {
		return "Default (Onboard's limit)"
	}
	return strconv.Itoa(n)
}

// plansWords shows whether plans may add people.
func plansWords(allowed *bool) string {
	switch {
	case allowed == nil:
		return planChoices[0][1]
	case *allowed:
		return planChoices[1][1]
	}
	return planChoices[2][1]
}

// settingsChanged says who last changed the settings, and when; by is a
// users/… name (plain text).
func settingsChanged(by string, at time.Time) string {
	s := "Last changed " + at.UTC().Format("2 Jan 2006 15:04 MST")
	if by != "" {
		s += " by " + html.EscapeString(clip(by, maxWordRunes))
	}
	return s
}

// settingsProblemWords explains why /settings did nothing, as card HTML
// paragraphs, and the syntax to show after them.
func settingsProblemWords(r bot.Reason) ([]string, [][2]string) {
	switch r {
	case bot.ReasonPolicy:
		return []string{"Only this space's owners and managers (and Onboard admins) change Onboard's settings here.",
			"Ask one of them to make the change."}, nil
	case bot.ReasonNotMember:
		return []string{"You are not a member of that space, so you can't change its settings."}, nil
	case bot.ReasonNotFound:
		return []string{"Google Chat has no such space, or Onboard can't see it."}, nil
	case bot.ReasonAppNotInSpace:
		return []string{"Onboard is not a member of that space. Add Onboard to it, then try again."}, nil
	case bot.ReasonNoSpace:
		return []string{"Settings belong to a space. Run <b>" + exampleSettings + "</b> in the space, " +
			"or name it here: <b>/settings spaces/AAAA…</b>"}, nil
	}
	return commandProblemWords(r)
}

// auditProblemWords explains why /audit showed nothing.
func auditProblemWords(r bot.Reason) ([]string, [][2]string) {
	switch r {
	case bot.ReasonPolicy:
		return []string{"Only this space's owners and managers (and Onboard admins) see its audit log."}, nil
	case bot.ReasonNotAdmin:
		return []string{"Only Onboard admins (ONBOARD_ADMINS) see the audit log of every space.",
			"A space's owners and managers see that space's log: run <b>/audit</b> there."}, nil
	}
	return settingsProblemWords(r)
}

// adminProblemWords explains why /pause, /resume or /spaces did nothing.
func adminProblemWords(r bot.Reason) ([]string, [][2]string) {
	if r == bot.ReasonNotAdmin {
		return []string{"Only Onboard admins (ONBOARD_ADMINS) pause and resume Onboard and list its spaces."}, nil
	}
	return commandProblemWords(r)
}

// commandProblemWords explains any reason a command was not done: the
// words of a problem or guardrail when it has them, else why in a
// sentence.
func commandProblemWords(r bot.Reason) ([]string, [][2]string) {
	fallback, _ := problemWords("", "")
	paras, syntax := problemWords(r, "")
	if paras[0] != fallback[0] {
		return paras, syntax
	}
	if why := reasonWhy(r); why != "" {
		return []string{sentence(why) + ", so nothing was done.", fallback[1]}, nil
	}
	return paras, syntax
}

// auditWhen is an entry's time, short and in UTC.
func auditWhen(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 MST") }

// auditCommandName shows a recorded command: "/invite", or "Undo".
func auditCommandName(c string) string {
	switch c {
	case "":
		return "Command"
	case "undo":
		return "Undo"
	}
	return "/" + html.EscapeString(clip(c, maxWordRunes))
}

// auditBy says who asked (a users/… name, plain text), or that it was
// erased.
func auditBy(actor string) string {
	if actor == "" {
		return "Asked by " + erased
	}
	return "Asked by " + html.EscapeString(clip(actor, maxWordRunes))
}

// auditBatch names an entry's batch (plain text).
func auditBatch(id string) string { return "batch " + html.EscapeString(clip(id, maxWordRunes)) }

// auditMore counts entries that did not fit.
func auditMore(n int) string {
	return strconv.Itoa(n) + " more — export with <b>onboard audit export</b>"
}

// auditSubtitle is "spaces/AAAA · 12 entries" or "All spaces · 1 entry";
// scope is plain text.
func auditSubtitle(scope string, n int) string {
	where := auditAll
	if scope != "" && scope != "all" {
		where = clip(scope, maxWordRunes) // a header subtitle: plain text
	}
	return where + listSep + countOf(n, "entry", "entries")
}

// spaceTypeName is a space's type as Chat's UI names it.
func spaceTypeName(t bot.SpaceType) string {
	switch t {
	case bot.SpaceNamed:
		return "Space"
	case bot.SpaceGroupChat:
		return "Group chat"
	case bot.SpaceDM:
		return "Direct message"
	}
	return "Unknown type"
}

// limitedWords asks the person to wait.
func limitedWords(d time.Duration) string {
	n := int((d + time.Second - 1) / time.Second)
	if n < 1 {
		n = 1
	}
	return "You've sent a lot of commands; try again in " + countOf(n, "second", "seconds") + "."
}
