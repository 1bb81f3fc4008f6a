package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// Words of Onboard's guardrails: per-space settings, the admins' pause,
// the space allow-list, the per-user command limit, removal and undo. Like
// words.go, messages are card HTML; the functions that take user text
// (domains) escape it.

// The /settings syntax users copy, and what each key does.
const (
	idExampleSettings        msgID = "example.settings"
	idExampleSettingsFull    msgID = "example.settingsFull"
	idExampleSettingsInvite  msgID = "example.settingsInvite"
	idExampleSettingsRemove  msgID = "example.settingsRemove"
	idExampleSettingsDomains msgID = "example.settingsDomains"
	idExampleSettingsMax     msgID = "example.settingsMax"
	idExampleSettingsPlans   msgID = "example.settingsPlans"
	idSettingsSyntaxShow     msgID = "settings.syntax.show"
	idSettingsSyntaxInvite   msgID = "settings.syntax.invite"
	idSettingsSyntaxRemove   msgID = "settings.syntax.remove"
	idSettingsSyntaxDomains  msgID = "settings.syntax.domains"
	idSettingsSyntaxMax      msgID = "settings.syntax.max"
	idSettingsSyntaxPlans    msgID = "settings.syntax.plans"
	idSettingsSyntaxFull     msgID = "settings.syntax.several"
)

// Why a guardrail stopped something, the remedy, and the paragraphs that
// explain a request it stopped.
const (
	idGuardDomain           msgID = "guard.domain"
	idRemedyDomain          msgID = "guard.domain.remedy"
	idGuardDomainNamed      msgID = "guard.domain.named"
	idGuardDomainPara       msgID = "guard.domain.para"
	idGuardDomainHow        msgID = "guard.domain.how"
	idGuardPaused           msgID = "guard.paused"
	idGuardPausedRemedy     msgID = "guard.paused.remedy"
	idGuardPausedPara       msgID = "guard.paused.para"
	idGuardNotAllowed       msgID = "guard.notAllowed"
	idGuardNotAllowedRemedy msgID = "guard.notAllowed.remedy"
	idGuardNotAllowedPara   msgID = "guard.notAllowed.para"
	idGuardNotAllowedNext   msgID = "guard.notAllowed.next"
	idGuardRateLimit        msgID = "guard.rateLimit"
	idGuardRateLimitPara    msgID = "guard.rateLimit.para"
	idGuardRateLimitNext    msgID = "guard.rateLimit.next"
	idGuardPlansOff         msgID = "guard.plansOff"
	idGuardPlansOffRemedy   msgID = "guard.plansOff.remedy"
	idGuardPlansOffPara     msgID = "guard.plansOff.para"
	idGuardPlansOffNext     msgID = "guard.plansOff.next"
	idGuardUndoExpired      msgID = "guard.undoExpired"
	idGuardUndoExpiredRem   msgID = "guard.undoExpired.remedy"
	idGuardUndoExpiredPara  msgID = "guard.undoExpired.para"
	idGuardUndoExpiredNext  msgID = "guard.undoExpired.next"
	idGuardNotRemoved       msgID = "guard.notRemoved"
	idGuardNotRemovedRemedy msgID = "guard.notRemoved.remedy"
	idGuardNotRemovedPara   msgID = "guard.notRemoved.para"
	idGuardNotRemovedNext   msgID = "guard.notRemoved.next"
	idGuardBadSettings      msgID = "guard.badSettings"
	idGuardBadSettingsRem   msgID = "guard.badSettings.remedy"
	idGuardBadSettingsPara  msgID = "guard.badSettings.para"
	idGuardOutsideOrg       msgID = "guard.domainOutsideOrg"
	idGuardOutsideOrgRemedy msgID = "guard.domainOutsideOrg.remedy"
	idGuardOutsideOrgPara   msgID = "guard.domainOutsideOrg.para"
	idGuardOutsideOrgNext   msgID = "guard.domainOutsideOrg.next"
)

// settingsSyntax is every /settings key and what it does.
func (wd *words) settingsSyntax() [][2]string {
	return wd.pairs(
		idExampleSettings, idSettingsSyntaxShow,
		idExampleSettingsInvite, idSettingsSyntaxInvite,
		idExampleSettingsRemove, idSettingsSyntaxRemove,
		idExampleSettingsDomains, idSettingsSyntaxDomains,
		idExampleSettingsMax, idSettingsSyntaxMax,
		idExampleSettingsPlans, idSettingsSyntaxPlans,
		idExampleSettingsPrev, idSettingsSyntaxPrev,
		idExampleSettingsLang, idSettingsSyntaxLocale,
		idExampleSettingsFull, idSettingsSyntaxFull)
}

// guardIDs are why a guardrail stopped something, the remedy, and the
// paragraphs explaining a request it stopped (next is "" for one
// paragraph); ok is false for a reason that is not a guardrail's.
func guardIDs(r bot.Reason) (why, remedy, para, next msgID, ok bool) {
	switch r {
	case bot.ReasonDomain:
		return idGuardDomain, idRemedyDomain, idGuardDomainPara, idGuardDomainHow, true
	case bot.ReasonPaused:
		return idGuardPaused, idGuardPausedRemedy, idGuardPausedPara, "", true
	case bot.ReasonNotAllowed:
		return idGuardNotAllowed, idGuardNotAllowedRemedy, idGuardNotAllowedPara, idGuardNotAllowedNext, true
	case bot.ReasonRateLimit:
		return idGuardRateLimit, idTryInAMinute, idGuardRateLimitPara, idGuardRateLimitNext, true
	case bot.ReasonPlansOff:
		return idGuardPlansOff, idGuardPlansOffRemedy, idGuardPlansOffPara, idGuardPlansOffNext, true
	case bot.ReasonUndoExpired:
		return idGuardUndoExpired, idGuardUndoExpiredRem, idGuardUndoExpiredPara, idGuardUndoExpiredNext, true
	case bot.ReasonNotRemoved:
		return idGuardNotRemoved, idGuardNotRemovedRemedy, idGuardNotRemovedPara, idGuardNotRemovedNext, true
	case bot.ReasonBadSettings:
		return idGuardBadSettings, idGuardBadSettingsRem, idGuardBadSettingsPara, "", true
	case bot.ReasonDomainOutsideOrg:
		return idGuardOutsideOrg, idGuardOutsideOrgRemedy, idGuardOutsideOrgPara, idGuardOutsideOrgNext, true
	}
	return flowIDs(r)
}

// guardWords says why a guardrail stopped something, and the remedy; ""
// for a reason that is not a guardrail's.
func (wd *words) guardWords(r bot.Reason) (why, remedy string) {
	whyID, remedyID, _, _, ok := guardIDs(r)
	if !ok {
		return "", ""
	}
	return wd.text(whyID), wd.text(remedyID)
}

// domainWhy says that a domain (plain text) is not allowed: "partner.org
// is not an allowed domain in this space". Without a domain it is
// guardWords' general phrase.
func (wd *words) domainWhy(domain string) string {
	if domain == "" {
		why, _ := wd.guardWords(bot.ReasonDomain)
		return why
	}
	return wd.with(idGuardDomainNamed, vars{"Domain": html.EscapeString(clip(domain, maxWordRunes))})
}

// guardParagraphs explain a request a guardrail stopped, as card HTML
// paragraphs, and the syntax to show after them (nil for none); nil paras
// for a reason that is not a guardrail's.
func (wd *words) guardParagraphs(r bot.Reason) (paras []string, syntax [][2]string) {
	_, _, para, next, ok := guardIDs(r)
	if !ok {
		return nil, nil
	}
	paras = []string{wd.text(para)}
	if next != "" {
		paras = append(paras, wd.with(next, vars{"Example": wd.text(idExampleInvite)}))
	}
	if r == bot.ReasonBadSettings || r == bot.ReasonDomainOutsideOrg {
		syntax = wd.settingsSyntax()
	}
	return paras, syntax
}
