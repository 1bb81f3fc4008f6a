package cards

import "github.com/onboard-chat/onboard/bot"

// Words of /remove and Undo. The outcomes are bot's one list; removal
// results read them as removals ("Not removed", not "Not added").

// wording says whether a card reports people added or people removed.
type wording int

const (
	adding wording = iota
	removing
	previewing // what Confirm would do (words_dialog.go)
)

const (
	idRemoveTitle          msgID = "remove.title"
	idExampleRemove        msgID = "example.remove"
	idExampleRemoveDM      msgID = "example.removeDM"
	idUndoNote             msgID = "undo.note"
	idUndoButton           msgID = "undo.button"
	idUndoButtonAlt        msgID = "undo.buttonAlt"
	idRemovalNotAdded      msgID = "removal.notAdded"
	idRemovalAlready       msgID = "removal.already"
	idRemovalNotFound      msgID = "removal.notFound"
	idRemovalExternal      msgID = "removal.external"
	idRemovalRateLimited   msgID = "removal.rateLimited"
	idRemovalApp           msgID = "removal.app"
	idRemovalInvoker       msgID = "removal.invoker"
	idRemovalPolicy        msgID = "removal.policy"
	idRemovalSpaceType     msgID = "removal.spaceType"
	idRemovalNoJob         msgID = "removal.noJob"
	idRemoveRefusalMgrs    msgID = "removeRefusal.policy.managers"
	idRemoveRefusalMembers msgID = "removeRefusal.policy.members"
	idRemoveRefusalAsk     msgID = "removeRefusal.policy.ask"
	idRemoveRefusalMember  msgID = "removeRefusal.notMember"
	idRemoveRefusalNobody  msgID = "removeRefusal.noPeople"
	idRemoveRefusalOnlyYou msgID = "removeRefusal.onlyYou"
	idRemoveRefusalDM      msgID = "removeRefusal.spaceType"
	idRemoveRefusalNoJob   msgID = "removeRefusal.noJob"
	idRemoveRefusalNoJobNx msgID = "removeRefusal.noJob.next"
	idCommandDenied        msgID = "audit.commandDenied"
)

// outcomeLabelAs is outcomeLabel in wording w.
func (wd *words) outcomeLabelAs(w wording, o bot.Outcome) string {
	if id := previewLabelID(o); w == previewing && id != "" {
		return wd.text(id)
	}
	if w == removing {
		switch o {
		case bot.NotAdded:
			return wd.text(idRemovalNotAdded)
		case bot.Already:
			return wd.text(idRemovalAlready)
		}
	}
	return wd.outcomeLabel(o)
}

// outcomeDetailAs is outcomeDetail in wording w.
func (wd *words) outcomeDetailAs(w wording, o bot.Outcome, r bot.Reason) string {
	if w != removing {
		return wd.outcomeDetail(o, r)
	}
	switch {
	case o == bot.Already:
		return ""
	case o == bot.NotAdded && r == bot.ReasonNotFound:
		return wd.text(idRemovalNotFound)
	case o == bot.NotAdded && r == bot.ReasonExternal:
		return wd.text(idRemovalExternal)
	case o == bot.NotAdded && r == bot.ReasonRateLimited:
		return wd.text(idRemovalRateLimited)
	case o == bot.Skipped && r == bot.ReasonApp:
		return wd.text(idRemovalApp)
	case o == bot.Skipped && r == bot.ReasonInvoker:
		return wd.text(idRemovalInvoker)
	case o == bot.Refused && r == bot.ReasonPolicy:
		return wd.text(idRemovalPolicy)
	}
	return wd.outcomeDetail(o, r)
}

// removeRefusalWords explains a refused /remove (or Undo) as card HTML
// paragraphs, and a short plain reason; space is plain text.
func (wd *words) removeRefusalWords(rf bot.Refusal, space string) (paras []string, short string) {
	where := wd.spaceWhere(space)
	switch rf.Reason {
	case bot.ReasonPolicy:
		first := idRemoveRefusalMgrs
		if rf.Policy == bot.PolicyMembers {
			first = idRemoveRefusalMembers
		}
		return []string{wd.with(first, vars{"Space": where, "Role": wd.roleName(rf.Role)}), wd.text(idRemoveRefusalAsk)},
			wd.text(idRemovalPolicy)
	case bot.ReasonNotMember:
		return []string{wd.with(idRemoveRefusalMember, vars{"Space": where})}, wd.reasonWhy(rf.Reason)
	case bot.ReasonNoPeople:
		return []string{wd.text(idRemoveRefusalNobody), wd.examplesWithDM(idExampleRemove, idExampleRemoveDM)},
			wd.reasonWhy(rf.Reason)
	case bot.ReasonInvoker:
		return []string{wd.with(idRemoveRefusalOnlyYou, vars{"Space": where})}, wd.text(idRefusalOnlyYouShort)
	case bot.ReasonNoSpace:
		return []string{wd.with(idNameTheSpace, vars{"Example": wd.text(idExampleRemoveDM)})}, wd.reasonWhy(rf.Reason)
	case bot.ReasonSpaceType:
		return []string{wd.text(idRemoveRefusalDM)}, wd.text(idRemovalSpaceType)
	case bot.ReasonNoJob:
		return []string{wd.text(idRemoveRefusalNoJob), wd.with(idRemoveRefusalNoJobNx, vars{"Example": wd.text(idExampleRemove)})},
			wd.text(idRemovalNoJob)
	}
	return wd.refusalWords(rf, space)
}

// outcomePhraseAs is outcomePhrase in wording w.
func (wd *words) outcomePhraseAs(w wording, o bot.Outcome, r bot.Reason) string {
	label := wd.outcomeLabelAs(w, o)
	if d := wd.outcomeDetailAs(w, o, r); d != "" {
		return wd.with(idOutcomePhrase, vars{"Label": label, "Detail": d})
	}
	return label
}

// outcomeOrder is the order counts name outcomes in: bot's, but removal
// results lead with the people removed.
func outcomeOrder(w wording) []bot.Outcome {
	if w == previewing {
		return previewOrder
	}
	if w != removing {
		return bot.Outcomes
	}
	order := make([]bot.Outcome, 0, len(bot.Outcomes))
	order = append(order, bot.Removed)
	for _, o := range bot.Outcomes {
		if o != bot.Removed {
			order = append(order, o)
		}
	}
	return order
}
