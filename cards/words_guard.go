package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// Words of Onboard's guardrails: per-space settings, the admins' pause,
// the space allow-list, the per-user command limit, removal and undo. Like
// words.go, strings are card HTML; the functions that take user text
// (domains) escape it.

// The /settings syntax users copy.
const (
	exampleSettings     = "/settings"
	exampleSettingsFull = "/settings invite=members remove=managers domains=example.com,partner.org max=50 plans=off"
	exampleResume       = "/resume"
)

// settingsSyntax is every /settings key and what it does.
var settingsSyntax = [][2]string{
	{exampleSettings, "Show this space's settings, with a form to change them."},
	{"/settings invite=managers|members|default", "Who may invite people here; default is your organisation's policy."},
	{"/settings remove=managers|members|default", "Who may remove people here; default is owners and managers."},
	{"/settings domains=example.com,partner.org", "The only email domains that may be invited here; domains=default allows your organisation's."},
	{"/settings max=50", "At most this many people per command (1 to 500); max=default is Onboard's limit."},
	{"/settings plans=on|off|default", "Whether plans (/onboard) may add people to this space; by default they may."},
	{exampleSettingsFull, "Several at once. Only the space's owners and managers change settings."},
}

// guardWords says why a guardrail stopped something, and the remedy; ""
// for a reason that is not a guardrail's.
func guardWords(r bot.Reason) (why, remedy string) {
	switch r {
	case bot.ReasonDomain:
		return "their address's domain is not allowed in this space", remedyDomain
	case bot.ReasonPaused:
		return "Onboard is paused by its admins",
			"No one will be added or removed until an Onboard admin runs " + exampleResume
	case bot.ReasonNotAllowed:
		return "Onboard is not allowed to act in this space",
			"Ask your Onboard administrator to allow this space"
	case bot.ReasonRateLimit:
		return "you've sent a lot of commands", "Try again in a minute"
	case bot.ReasonPlansOff:
		return "this space's managers don't let plans add people here",
			"Ask a space manager to add them, or to allow plans with /settings plans=on"
	case bot.ReasonUndoExpired:
		return "Undo is offered for 24 hours, and this change is older",
			"Remove people with /remove, or invite them again with /invite"
	case bot.ReasonNotRemoved:
		return "Chat does not let apps remove space managers in spaces they did not create, or the last manager",
			"Ask a space owner to remove them in Chat"
	case bot.ReasonBadSettings:
		return "the /settings command was not understood", "Type " + exampleSettings + " to see the settings and a form"
	case bot.ReasonDomainOutsideOrg:
		return "a space can only allow domains of your organisation",
			"Leave out the domains outside your organisation"
	}
	return "", ""
}

// remedyDomain is what to do about an address whose domain is not allowed.
const remedyDomain = "A space manager can allow it with /settings"

// domainWhy says that a domain (plain text) is not allowed: "partner.org
// is not an allowed domain in this space". Without a domain it is
// guardWords' general phrase.
func domainWhy(domain string) string {
	if domain == "" {
		why, _ := guardWords(bot.ReasonDomain)
		return why
	}
	return html.EscapeString(clip(domain, maxWordRunes)) + " is not an allowed domain in this space"
}

// guardParagraphs explain a request a guardrail stopped, as card HTML
// paragraphs, and the syntax to show after them (nil for none); nil paras
// for a reason that is not a guardrail's.
func guardParagraphs(r bot.Reason) (paras []string, syntax [][2]string) {
	switch r {
	case bot.ReasonDomain:
		return []string{"An address's domain is not allowed in this space, so nothing was done.",
			remedyDomain + ": <b>/settings domains=example.com,partner.org</b>"}, nil
	case bot.ReasonPaused:
		return []string{textPaused}, nil
	case bot.ReasonNotAllowed:
		return []string{"Onboard is not allowed to act in this space, so nothing was done.",
			"Ask your Onboard administrator to allow this space."}, nil
	case bot.ReasonRateLimit:
		return []string{"You've sent a lot of commands, so Onboard did not carry out this one.",
			"Try again in a minute."}, nil
	case bot.ReasonPlansOff:
		return []string{"This space's managers don't let plans add people here.",
			"Ask a space manager to add them, or to allow plans: <b>/settings plans=on</b>"}, nil
	case bot.ReasonUndoExpired:
		return []string{"Undo is offered for 24 hours, and this change is older, so nothing was undone.",
			"Remove people with <b>/remove @alice</b>, or invite them again with <b>" + exampleInvite + "</b>."}, nil
	case bot.ReasonNotRemoved:
		return []string{"Chat does not let apps remove space managers in spaces they did not create, or the last manager.",
			"Ask a space owner to remove them in Chat."}, nil
	case bot.ReasonBadSettings:
		return []string{"Onboard did not understand those settings. Change them like this:"}, settingsSyntax
	case bot.ReasonDomainOutsideOrg:
		return []string{"Onboard adds people with its own authority, which reaches only your organisation's " +
			"domains. A space's domains can narrow them, never add others, so nothing was saved.",
			"Leave out the domains outside your organisation and save again."}, settingsSyntax
	}
	return nil, nil
}

// textPaused is the kill switch in force.
const textPaused = "Onboard is paused: no one will be added or removed until an Onboard admin runs <b>" +
	exampleResume + "</b>."
