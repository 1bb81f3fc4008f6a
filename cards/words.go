package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// Every word a user reads is a message of the catalog (locales/*.json),
// found through the IDs declared in this file and its siblings
// (words_*.go), so that a translation adds files and changes no code.
// Messages inside cards are card HTML; user text never appears in them as
// written — the functions below that take user text escape it with
// html.EscapeString before it fills a placeholder.

// The words of /invite's results and refusals, and those every card
// shares. Card titles, subtitles and plain-text summaries (Message.text:
// Chat shows it in notifications; it must never contain user text).
const (
	idListSeparator   msgID = "list.separator"
	idTitledSummary   msgID = "summary.titled"
	idInviteTitle     msgID = "invite.title"
	idRefusedTitle    msgID = "refused.title"
	idRefusedText     msgID = "refused.text"
	idHelpTitle       msgID = "help.title"
	idHelpSubtitle    msgID = "help.subtitle"
	idHelpText        msgID = "help.text"
	idWelcomeTitle    msgID = "welcome.title"
	idWelcomeSubtitle msgID = "welcome.subtitle"
	idWelcomeText     msgID = "welcome.text"
	idThisSpace       msgID = "space.this"
	idUnnamed         msgID = "person.unnamed"
	idSectionPeople   msgID = "invite.people"
	idNoResults       msgID = "invite.noResults"
	idRequestedBy     msgID = "invite.requestedBy"
	idAdminButton     msgID = "admin.button"
	idAdminButtonAlt  msgID = "admin.buttonAlt"
	idAdminPath       msgID = "admin.path"
	idOutcomePhrase   msgID = "outcome.phrase"
	idWhyRemedy       msgID = "reason.whyAndRemedy"
	idInvitedDetail   msgID = "outcome.invited.detail"
	idTryInAMinute    msgID = "remedy.tryInAMinute"
)

// adminURL is where a super administrator approves Onboard.
const adminURL = "https://admin.google.com/ac/apps/gmanifest"

// The command examples users copy.
const (
	idExampleInvite   msgID = "example.invite"
	idExampleInviteDM msgID = "example.inviteDM"
	idExampleHelp     msgID = "example.help"
	idExampleOnboard  msgID = "example.onboard"
	idExamplePlanList msgID = "example.planList"
	idExampleStatus   msgID = "example.status"
	idExampleCancel   msgID = "example.cancel"
)

// inviteSubtitle says where people were invited and who asked. It is a
// card header's subtitle: plain text, not HTML (Chat formats no header), so
// nothing in it is escaped.
func (wd *words) inviteSubtitle(space, actor string) string {
	where := space
	if where == "" {
		where = wd.text(idThisSpace)
	}
	if actor == "" {
		return where
	}
	return wd.join(where, wd.with(idRequestedBy, vars{"Actor": actor}))
}

// outcomeLabel is the short name of an outcome (a row's topLabel); "" for
// an outcome this package does not know.
func (wd *words) outcomeLabel(o bot.Outcome) string {
	if id := outcomeLabelID(o); id != "" {
		return wd.text(id)
	}
	return ""
}

// outcomeDetail says more about an outcome (a row's bottomLabel): why, and
// what to do about it. Empty when the label says it all.
func (wd *words) outcomeDetail(o bot.Outcome, r bot.Reason) string {
	switch o {
	case bot.Invited:
		return wd.text(idInvitedDetail)
	case bot.NotAdded:
		why, remedy := wd.notAddedWords(r)
		if why == "" {
			why, remedy = wd.notAddedWords(bot.ReasonAPIError)
		}
		return wd.with(idWhyRemedy, vars{"Why": why, "Remedy": remedy})
	case bot.Refused:
		if why, remedy := wd.guardWords(r); why != "" {
			return wd.with(idWhyRemedy, vars{"Why": why, "Remedy": remedy})
		}
		return wd.reasonWhy(r)
	case bot.Skipped:
		return wd.reasonWhy(r)
	case bot.Cancelled:
		return wd.cancelledWhy(r)
	}
	return ""
}

// personDetail is a person's row detail: outcomeDetail as a sentence, but
// naming the domain that is not allowed (domain is plain text, "" when not
// known) — and a domain is not capitalised.
func (wd *words) personDetail(w wording, o bot.Outcome, r bot.Reason, domain string) string {
	if r == bot.ReasonDomain && domain != "" && (o == bot.NotAdded || o == bot.Refused) {
		return wd.with(idWhyRemedy, vars{"Why": wd.domainWhy(domain), "Remedy": wd.text(idRemedyDomain)})
	}
	return sentence(wd.outcomeDetailAs(w, o, r))
}

// Whose authority made a change, on every row of someone added, invited or
// removed.
const (
	idByOnboard   msgID = "authority.app"
	idByRequester msgID = "authority.user"
	idByAdmin     msgID = "authority.admin"
)

// withAuthority is a row's detail followed by whose authority made the
// change it reports ("Added by Onboard"); other rows' details as they are.
func (wd *words) withAuthority(detail string, o bot.Outcome, as bot.AuthorityKind) string {
	if o != bot.Joined && o != bot.Invited && o != bot.Removed {
		return detail
	}
	id := idByOnboard
	switch as {
	case bot.AsUser:
		id = idByRequester
	case bot.AsAdmin:
		id = idByAdmin
	}
	if detail == "" {
		return sentence(wd.text(id))
	}
	return wd.join(detail, wd.text(id))
}

// outcomePhrase is an outcome in one line: "Not added — <why>. <remedy>".
func (wd *words) outcomePhrase(o bot.Outcome, r bot.Reason) string {
	return wd.outcomePhraseAs(adding, o, r)
}

// notAddedWords says why the Chat API did not add someone, and the remedy.
// Someone outside the organisation gets the remedy that fits the asker
// (wd.inChat): add them yourself, ask a space manager, or — when their
// role is not known — who may.
func (wd *words) notAddedWords(r bot.Reason) (why, remedy string) {
	whyID, remedyID := notAddedIDs(r)
	switch {
	case whyID == "":
		return wd.guardWords(r)
	case remedyID == idRemedyNotApproved:
		return wd.text(whyID), wd.with(remedyID, vars{"Path": wd.text(idAdminPath)})
	case remedyID == idRemedyExternal && wd.inChat == bot.InChatAdds:
		return wd.text(whyID), wd.text(idRemedyExternalAdds)
	case remedyID == idRemedyExternal && wd.inChat == bot.InChatAsks:
		return wd.text(whyID), wd.text(idRemedyExternalAsks)
	}
	return wd.text(whyID), wd.text(remedyID)
}

// reasonWhy says in a few words why a person was skipped or refused.
func (wd *words) reasonWhy(r bot.Reason) string {
	if id := reasonWhyID(r); id != "" {
		return wd.text(id)
	}
	if why, _ := wd.notAddedWords(r); why != "" {
		return why
	}
	if why := wd.cancelledWhy(r); why != "" {
		return why
	}
	return wd.problemWhy(r)
}

// counts renders "2 added · 1 invited", or with more set "and 2 more added ·
// 1 more invited", skipping zero counts; n is indexed like bot.Outcomes.
func (wd *words) counts(n []int, more bool) string { return wd.countsAs(adding, n, more) }

// countsAs is counts in wording w: "2 removed · 1 not removed".
func (wd *words) countsAs(w wording, n []int, more bool) string {
	pieces := make([]string, 0, len(n))
	for _, o := range outcomeOrder(w) {
		i := outcomeIndex(o)
		if i >= len(n) || n[i] == 0 {
			continue
		}
		pieces = append(pieces, wd.count(countID(w, o, more), n[i], nil))
	}
	if len(pieces) == 0 {
		return ""
	}
	list := wd.join(pieces...)
	if more {
		return wd.with(idCountMoreList, vars{"Counts": list})
	}
	return list
}

// roleName is a Chat role as Chat's own UI names it.
func (wd *words) roleName(r bot.Role) string {
	switch r {
	case bot.RoleManager:
		return wd.text(idRoleOwner)
	case bot.RoleAssistantManager:
		return wd.text(idRoleManager)
	case bot.RoleMember:
		return wd.text(idRoleMember)
	}
	return wd.text(idRoleUnknown)
}

// bold is already escaped text, emphasised.
func bold(escaped string) string { return "<b>" + escaped + "</b>" }

// spaceWhere names a space (plain text) in a sentence: bold, or "this
// space" when it has no name.
func (wd *words) spaceWhere(space string) string {
	if space == "" {
		return wd.text(idThisSpace)
	}
	return bold(html.EscapeString(space))
}

// refusalWords explains a refused command: what happened and what to do,
// as card HTML paragraphs, and a short plain reason for Message.text.
func (wd *words) refusalWords(rf bot.Refusal, space string) (paras []string, short string) {
	where := wd.spaceWhere(space)
	short = wd.reasonWhy(rf.Reason)
	switch rf.Reason {
	case bot.ReasonPolicy:
		first := idRefusalPolicyManagers
		if rf.Policy == bot.PolicyMembers {
			first = idRefusalPolicyMembers
		}
		return []string{wd.with(first, vars{"Space": where, "Role": wd.roleName(rf.Role)}),
			wd.text(idRefusalPolicyAsk)}, short
	case bot.ReasonNotMember:
		return []string{wd.with(idRefusalNotMember, vars{"Space": where}), wd.text(idRefusalNotMemberAsk)}, short
	case bot.ReasonTooMany:
		return []string{wd.count(idRefusalTooMany, rf.Limit, vars{"Limit": rf.Limit, "Named": rf.Count})}, short
	case bot.ReasonNoSpace:
		return []string{wd.with(idNameTheSpace, vars{"Example": wd.text(idExampleInviteDM)}), wd.text(idRefusalNoSpaceURL)}, short
	case bot.ReasonSpaceType:
		return []string{wd.text(idRefusalSpaceType),
			wd.with(idRefusalSpaceTypeWhere, vars{"Example": wd.text(idExampleInviteDM)})}, short
	case bot.ReasonNoPeople:
		return []string{wd.text(idRefusalNoPeople), wd.examplesWithDM(idExampleInvite, idExampleInviteDM)}, short
	case bot.ReasonInvoker:
		return []string{wd.with(idRefusalOnlyYou, vars{"Space": where}),
			wd.examplesWithDM(idExampleInvite, idExampleInviteDM)}, wd.text(idRefusalOnlyYouShort)
	case bot.ReasonNotAdmin:
		// Only admin access refuses an invite or a removal for this; the
		// plans' words would answer a question nobody asked.
		return []string{wd.text(idAdminAccessNotAdmin)}, short
	}
	if short == "" {
		short = wd.text(idCouldNot)
	}
	paras, _ = wd.commandProblemWords(rf.Reason)
	return paras, short
}

// examplesWithDM shows a command as typed in a space and in a direct
// message with Onboard.
func (wd *words) examplesWithDM(example, dm msgID) string {
	return wd.with(idExamplesWithDM, vars{"Example": wd.text(example), "ExampleDM": wd.text(dm)})
}
