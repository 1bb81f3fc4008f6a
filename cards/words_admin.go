package cards

import (
	"html"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// Words of /settings, /audit, /spaces, /pause and /resume, and the
// per-user command limit. Like words.go, messages are card HTML; the
// functions that take user text (domains, ids, details) escape it.
const (
	idSettingsTitle       msgID = "settings.title"
	idSettingsText        msgID = "settings.text"
	idSettingsSavedText   msgID = "settings.savedText"
	idSettingsSaved       msgID = "settings.saved"
	idSettingsInForce     msgID = "settings.inForce"
	idSettingsChange      msgID = "settings.change"
	idSettingsSave        msgID = "settings.save"
	idSettingsSaveAlt     msgID = "settings.saveAlt"
	idSettingsTypeHint    msgID = "settings.typeHint"
	idLabelInvite         msgID = "settings.label.invite"
	idLabelRemove         msgID = "settings.label.remove"
	idLabelDomains        msgID = "settings.label.domains"
	idLabelMax            msgID = "settings.label.max"
	idLabelPlans          msgID = "settings.label.plans"
	idHintDomains         msgID = "settings.hint.domains"
	idHintMax             msgID = "settings.hint.max"
	idPolicyDefault       msgID = "settings.policy.default"
	idPolicyManagers      msgID = "settings.policy.managers"
	idPolicyMembers       msgID = "settings.policy.members"
	idPlansDefault        msgID = "settings.plans.default"
	idPlansOn             msgID = "settings.plans.on"
	idPlansOff            msgID = "settings.plans.off"
	idDomainsAny          msgID = "settings.domains.any"
	idFromSpace           msgID = "settings.from.space"
	idFromOnboard         msgID = "settings.from.onboard"
	idFromOrganisation    msgID = "settings.from.organisation"
	idMistakeNotKeyValue  msgID = "settings.mistake.notKeyValue"
	idMistakeUnknownKey   msgID = "settings.mistake.unknownKey"
	idMistakeBadPolicy    msgID = "settings.mistake.badPolicy"
	idMistakeBadDomain    msgID = "settings.mistake.badDomain"
	idMistakeBadMax       msgID = "settings.mistake.badMax"
	idMistakeBadPlans     msgID = "settings.mistake.badPlans"
	idMistakeBadPreview   msgID = "settings.mistake.badPreview"
	idSettingsSyntaxIntro msgID = "settings.syntaxIntro"
	idDomainsSeparator    msgID = "settings.domains.separator"
	idDomainsMore         msgID = "settings.domains.more"
	idDomainsTooMany      msgID = "settings.domains.tooMany"
	idLastChangedBy       msgID = "changed.atBy"
	idSettingsPolicy      msgID = "settings.problem.policy"
	idSettingsPolicyAsk   msgID = "settings.problem.policy.ask"
	idSettingsNotMember   msgID = "settings.problem.notMember"
	idSettingsNotFound    msgID = "settings.problem.notFound"
	idSettingsAppNot      msgID = "settings.problem.appNotInSpace"
	idSettingsNoSpace     msgID = "settings.problem.noSpace"
	idProblemSoNothing    msgID = "problem.soNothingWasDone"
	idProblemPolicyShort  msgID = "problem.policy.short"

	idAuditTitle       msgID = "audit.title"
	idAuditText        msgID = "audit.text"
	idAuditNone        msgID = "audit.none"
	idAuditAllSpaces   msgID = "audit.allSpaces"
	idAuditErased      msgID = "audit.erased"
	idAuditDone        msgID = "audit.done"
	idAuditCommand     msgID = "audit.command"
	idAuditUndo        msgID = "audit.undo"
	idAuditBy          msgID = "audit.by"
	idAuditBatch       msgID = "audit.batch"
	idAuditMore        msgID = "audit.more"
	idCountEntries     msgID = "count.entries"
	idAuditPolicy      msgID = "audit.problem.policy"
	idAuditNotAdmin    msgID = "audit.problem.notAdmin"
	idAuditNotAdminAsk msgID = "audit.problem.notAdmin.ask"

	idSpacesTitle   msgID = "spaces.title"
	idSpacesText    msgID = "spaces.text"
	idSpacesNone    msgID = "spaces.none"
	idTypeSpace     msgID = "spaceType.space"
	idTypeGroupChat msgID = "spaceType.groupChat"
	idTypeDM        msgID = "spaceType.directMessage"
	idTypeUnknown   msgID = "spaceType.unknown"

	idPausedTitle   msgID = "paused.title"
	idPausedText    msgID = "paused.text"
	idResumedTitle  msgID = "resumed.title"
	idResumedText   msgID = "resumed.text"
	idResumedPara   msgID = "resumed.para"
	idAdminNotAdmin msgID = "admin.problem.notAdmin"
	idLimitedTitle  msgID = "limited.title"
	idLimitedText   msgID = "limited.text"
)

// idAdminAccessNotAdmin refuses --admin (an invite, a removal, an Undo or
// Retry of one, /connect --admin) to someone not an Onboard admin.
const idAdminAccessNotAdmin msgID = "admin.problem.adminAccess"

// policyChoices are the choices of who may invite or remove, as the form
// offers them (value, text); the first keeps Onboard's default, def.
func (wd *words) policyChoices(def bot.InvitePolicy) [][2]string {
	return [][2]string{{"default", wd.with(idPolicyDefault, vars{"Policy": wd.policyName(def)})},
		{string(bot.PolicyManagers), wd.text(idPolicyManagers)}, {string(bot.PolicyMembers), wd.text(idPolicyMembers)}}
}

// planChoices are the form's choices for plans (value, text); the first
// keeps Onboard's default, def.
func (wd *words) planChoices(def bool) [][2]string {
	return [][2]string{{"default", wd.with(idPlansDefault, vars{"Plans": wd.plansWords(def)})},
		{"on", wd.text(idPlansOn)}, {"off", wd.text(idPlansOff)}}
}

// policyName names who a policy lets act.
func (wd *words) policyName(p bot.InvitePolicy) string {
	if p == bot.PolicyMembers {
		return wd.text(idPolicyMembers)
	}
	return wd.text(idPolicyManagers)
}

// ruleSource says where a rule in force comes from.
func (wd *words) ruleSource(from bot.RuleSource) string {
	switch from {
	case bot.FromSpace:
		return wd.text(idFromSpace)
	case bot.FromOrganisation:
		return wd.text(idFromOrganisation)
	}
	return wd.text(idFromOnboard)
}

// domainsInForce shows the domains in force (already escaped), and how
// many more there are; none means Google Chat alone judges.
func (wd *words) domainsInForce(domains []string, more int) string {
	if len(domains) == 0 && more == 0 {
		return wd.text(idDomainsAny)
	}
	s := strings.Join(domains, wd.text(idDomainsSeparator))
	if more > 0 {
		return wd.count(idDomainsMore, more, vars{"Domains": s})
	}
	return s
}

// plansWords shows whether plans may add people.
func (wd *words) plansWords(allowed bool) string {
	if allowed {
		return wd.text(idPlansOn)
	}
	return wd.text(idPlansOff)
}

// settingsMistake says what is wrong with one part of a /settings line,
// naming the part as typed (escaped: it is the person's text).
func (wd *words) settingsMistake(m bot.SettingsMistake) string {
	id := map[bot.MistakeKind]msgID{bot.MistakeNotKeyValue: idMistakeNotKeyValue, bot.MistakeUnknownKey: idMistakeUnknownKey,
		bot.MistakeBadPolicy: idMistakeBadPolicy, bot.MistakeBadDomain: idMistakeBadDomain,
		bot.MistakeBadMax: idMistakeBadMax, bot.MistakeBadPlans: idMistakeBadPlans,
		bot.MistakeBadPreview: idMistakeBadPreview, bot.MistakeBadLocale: idMistakeBadLocale}[m.Kind]
	if id == "" {
		id = idMistakeNotKeyValue
	}
	esc := func(s string) string { return html.EscapeString(clip(s, maxWordRunes)) }
	v := vars{"Part": esc(m.Part), "Key": esc(m.Key), "Value": esc(m.Value)}
	if m.Kind == bot.MistakeBadLocale {
		v = vars{"Part": esc(m.Part), "Locales": wd.join(Locales()...)}
	}
	return wd.with(id, v)
}

// settingsChanged says who last changed the settings, and when; by is a
// users/… name (plain text).
func (wd *words) settingsChanged(by string, at time.Time) string {
	when := wd.when(idDateTime, at)
	if by == "" {
		return wd.with(idLastChanged, vars{"When": when})
	}
	return wd.with(idLastChangedBy, vars{"When": when, "By": html.EscapeString(clip(by, maxWordRunes))})
}

// settingsProblemWords explains why /settings did nothing, as card HTML
// paragraphs, and the syntax to show after them.
func (wd *words) settingsProblemWords(r bot.Reason) ([]string, [][2]string) {
	switch r {
	case bot.ReasonPolicy:
		return []string{wd.text(idSettingsPolicy), wd.text(idSettingsPolicyAsk)}, nil
	case bot.ReasonNotMember:
		return []string{wd.text(idSettingsNotMember)}, nil
	case bot.ReasonNotFound:
		return []string{wd.text(idSettingsNotFound)}, nil
	case bot.ReasonAppNotInSpace:
		return []string{wd.text(idSettingsAppNot)}, nil
	case bot.ReasonNoSpace:
		return []string{wd.text(idSettingsNoSpace)}, nil
	}
	return wd.commandProblemWords(r)
}

// auditProblemWords explains why /audit showed nothing.
func (wd *words) auditProblemWords(r bot.Reason) ([]string, [][2]string) {
	switch r {
	case bot.ReasonPolicy:
		return []string{wd.text(idAuditPolicy)}, nil
	case bot.ReasonNotAdmin:
		return []string{wd.text(idAuditNotAdmin), wd.text(idAuditNotAdminAsk)}, nil
	}
	return wd.settingsProblemWords(r)
}

// adminProblemWords explains why /pause, /resume or /spaces did nothing.
func (wd *words) adminProblemWords(r bot.Reason) ([]string, [][2]string) {
	if r == bot.ReasonNotAdmin {
		return []string{wd.text(idAdminNotAdmin)}, nil
	}
	return wd.commandProblemWords(r)
}

// commandProblemWords explains any reason a command was not done: the
// words of a problem or guardrail when it has them, else why in a
// sentence.
func (wd *words) commandProblemWords(r bot.Reason) ([]string, [][2]string) {
	paras, syntax, known := wd.problemWords(r, "")
	if known {
		return paras, syntax
	}
	if why := wd.reasonWhy(r); why != "" {
		return []string{wd.with(idProblemSoNothing, vars{"Why": sentence(why)}), paras[1]}, nil
	}
	return paras, syntax
}

// problemShort says in a few words why a command was not done, for a
// message's plain text.
func (wd *words) problemShort(r bot.Reason) string {
	if r == bot.ReasonPolicy {
		return wd.text(idProblemPolicyShort) // reasonWhy's words are about inviting
	}
	if why := wd.reasonWhy(r); why != "" {
		return why
	}
	return wd.text(idCouldNot)
}

// auditCommandName shows a recorded command: "/invite", or "Undo".
func (wd *words) auditCommandName(c string) string {
	switch c {
	case "":
		return wd.text(idAuditCommand)
	case "undo":
		return wd.text(idAuditUndo)
	}
	return "/" + html.EscapeString(clip(c, maxWordRunes)) // a command is typed as it is named
}

// auditBy says who asked (a users/… name, plain text), or that it was
// erased.
func (wd *words) auditBy(actor string) string {
	who := wd.text(idAuditErased)
	if actor != "" {
		who = html.EscapeString(clip(actor, maxWordRunes))
	}
	return wd.with(idAuditBy, vars{"Actor": who})
}

// auditBatch names an entry's batch (plain text).
func (wd *words) auditBatch(id string) string {
	return wd.with(idAuditBatch, vars{"ID": html.EscapeString(clip(id, maxWordRunes))})
}

// auditMore counts entries that did not fit.
func (wd *words) auditMore(n int) string { return wd.count(idAuditMore, n, nil) }

// auditSubtitle is "spaces/AAAA · 12 entries" or "All spaces · 1 entry";
// scope is plain text.
func (wd *words) auditSubtitle(scope string, n int) string {
	where := wd.text(idAuditAllSpaces)
	if scope != "" && scope != "all" {
		where = clip(scope, maxWordRunes) // a header subtitle: plain text
	}
	return wd.join(where, wd.count(idCountEntries, n, nil))
}

// spaceTypeName is a space's type as Chat's UI names it.
func (wd *words) spaceTypeName(t bot.SpaceType) string {
	switch t {
	case bot.SpaceNamed:
		return wd.text(idTypeSpace)
	case bot.SpaceGroupChat:
		return wd.text(idTypeGroupChat)
	case bot.SpaceDM:
		return wd.text(idTypeDM)
	}
	return wd.text(idTypeUnknown)
}

// limitedWords asks the person to wait.
func (wd *words) limitedWords(d time.Duration) string {
	n := int((d + time.Second - 1) / time.Second)
	if n < 1 {
		n = 1
	}
	return wd.count(idLimitedText, n, nil)
}
