package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// Words of the invite dialog, of previews, of Retry failed and "Invite
// more", and of an Undo that replaced its card. A dialog's status message
// (userFacingMessage) is plain text, like Message.text.

const (
	idDialogTitle          msgID = "dialog.title"
	idDialogOfferText      msgID = "dialog.offer.text"
	idDialogOfferSummary   msgID = "dialog.offer.summary"
	idDialogOfferButton    msgID = "dialog.offer.button"
	idDialogOfferButtonAlt msgID = "dialog.offer.buttonAlt"
	idDialogPeople         msgID = "dialog.people.label"
	idDialogAddresses      msgID = "dialog.addresses.label"
	idDialogAddressesOnly  msgID = "dialog.addresses.labelOnly"
	idDialogAddressesHint  msgID = "dialog.addresses.hint"
	idDialogPlan           msgID = "dialog.plan.label"
	idDialogPlanNone       msgID = "dialog.plan.none"
	idDialogPlanChosen     msgID = "dialog.plan.chosen"
	idDialogSpace          msgID = "dialog.space.label"
	idDialogSpaceHint      msgID = "dialog.space.hint"
	idDialogSubmit         msgID = "dialog.submit"
	idDialogCancel         msgID = "dialog.cancel"
	idDialogClose          msgID = "dialog.close"
	idDialogNoneTitle      msgID = "dialog.none.title"
	idDialogNoneNamed      msgID = "dialog.none.named"
	idDialogNoneUnnamed    msgID = "dialog.none.unnamed"
	idDialogDone           msgID = "dialog.done"
	idDialogWorking        msgID = "dialog.working"
	idDialogCancelled      msgID = "dialog.cancelled"
	idDialogTooMany        msgID = "dialog.tooMany"
	idDialogInvalid        msgID = "dialog.invalid"
	idDialogInvalidSep     msgID = "dialog.invalid.separator"
	idDialogInvalidMore    msgID = "dialog.invalid.more"

	idPreviewTitle          msgID = "preview.title"
	idPreviewLead           msgID = "preview.lead"
	idPreviewLeadPlan       msgID = "preview.leadPlan"
	idPreviewPending        msgID = "preview.outcome.pending"
	idPreviewCannot         msgID = "preview.outcome.cannot"
	idCountPreviewPending   msgID = "count.preview.pending"
	idCountPreviewMorePend  msgID = "count.preview.more.pending"
	idCountPreviewCannot    msgID = "count.preview.cannot"
	idCountPreviewMoreCant  msgID = "count.preview.more.cannot"
	idPreviewConfirm        msgID = "preview.confirm"
	idPreviewConfirmAlt     msgID = "preview.confirmAlt"
	idPreviewCancel         msgID = "preview.cancel"
	idPreviewCancelAlt      msgID = "preview.cancelAlt"
	idPreviewConfirmedTitle msgID = "preview.confirmed.title"
	idPreviewConfirmed      msgID = "preview.confirmed"
	idPreviewCancelledTitle msgID = "preview.cancelled.title"
	idPreviewCancelled      msgID = "preview.cancelled"

	idRetryButton         msgID = "results.retry.button"
	idRetryButtonAlt      msgID = "results.retry.buttonAlt"
	idInviteMoreButton    msgID = "results.inviteMore.button"
	idInviteMoreButtonAlt msgID = "results.inviteMore.buttonAlt"
	idUndoneTitle         msgID = "undo.title"
	idUndoneBy            msgID = "undo.done"

	idSettingsLabelPreview msgID = "settings.label.preview"
	idSettingsHintPreview  msgID = "settings.hint.preview"
	idSettingsRowPreview   msgID = "settings.label.previewRow"
	idPreviewSettingNever  msgID = "settings.preview.never"
	idPreviewSettingOver   msgID = "settings.preview.over"
	idExampleSettingsPrev  msgID = "example.settingsPreview"
	idSettingsSyntaxPrev   msgID = "settings.syntax.preview"
)

// Why a dialog, a preview, Undo or Retry failed did nothing.
const (
	idFlowInvalid          msgID = "flow.invalidEntries"
	idFlowInvalidRemedy    msgID = "flow.invalidEntries.remedy"
	idFlowInvalidPara      msgID = "flow.invalidEntries.para"
	idFlowConnect          msgID = "flow.connectFirst"
	idFlowConnectRemedy    msgID = "flow.connectFirst.remedy"
	idFlowConnectPara      msgID = "flow.connectFirst.para"
	idFlowConnectNext      msgID = "flow.connectFirst.next"
	idFlowExpired          msgID = "flow.previewExpired"
	idFlowExpiredRemedy    msgID = "flow.previewExpired.remedy"
	idFlowExpiredPara      msgID = "flow.previewExpired.para"
	idFlowExpiredNext      msgID = "flow.previewExpired.next"
	idFlowCancelled        msgID = "flow.previewCancelled"
	idFlowCancelledRemedy  msgID = "flow.previewCancelled.remedy"
	idFlowCancelledPara    msgID = "flow.previewCancelled.para"
	idFlowConfirmed        msgID = "flow.previewConfirmed"
	idFlowConfirmedRemedy  msgID = "flow.previewConfirmed.remedy"
	idFlowConfirmedPara    msgID = "flow.previewConfirmed.para"
	idFlowConfirmedNext    msgID = "flow.previewConfirmed.next"
	idFlowNotYours         msgID = "flow.notYours"
	idFlowNotYoursRemedy   msgID = "flow.notYours.remedy"
	idFlowNotYoursPara     msgID = "flow.notYours.para"
	idFlowUndone           msgID = "flow.alreadyUndone"
	idFlowUndoneRemedy     msgID = "flow.alreadyUndone.remedy"
	idFlowUndonePara       msgID = "flow.alreadyUndone.para"
	idFlowNothingRetry     msgID = "flow.nothingToRetry"
	idFlowNothingRetryRem  msgID = "flow.nothingToRetry.remedy"
	idFlowNothingRetryPara msgID = "flow.nothingToRetry.para"
)

// flowIDs are guardIDs for the reasons a dialog, a preview, Undo or Retry
// failed did nothing; ok is false for any other reason.
func flowIDs(r bot.Reason) (why, remedy, para, next msgID, ok bool) {
	switch r {
	case bot.ReasonInvalidEntries:
		return idFlowInvalid, idFlowInvalidRemedy, idFlowInvalidPara, "", true
	case bot.ReasonConnectFirst:
		return idFlowConnect, idFlowConnectRemedy, idFlowConnectPara, idFlowConnectNext, true
	case bot.ReasonPreviewExpired:
		return idFlowExpired, idFlowExpiredRemedy, idFlowExpiredPara, idFlowExpiredNext, true
	case bot.ReasonPreviewCancelled:
		return idFlowCancelled, idFlowCancelledRemedy, idFlowCancelledPara, "", true
	case bot.ReasonPreviewConfirmed:
		return idFlowConfirmed, idFlowConfirmedRemedy, idFlowConfirmedPara, idFlowConfirmedNext, true
	case bot.ReasonNotYours:
		return idFlowNotYours, idFlowNotYoursRemedy, idFlowNotYoursPara, "", true
	case bot.ReasonAlreadyUndone:
		return idFlowUndone, idFlowUndoneRemedy, idFlowUndonePara, "", true
	case bot.ReasonNothingToRetry:
		return idFlowNothingRetry, idFlowNothingRetryRem, idFlowNothingRetryPara, "", true
	}
	return "", "", "", "", false
}

// previewLabelID is a preview row's label for o: people Confirm adds, and
// people it cannot add (for whatever reason); "" for the others, whose
// labels read the same as on a result.
func previewLabelID(o bot.Outcome) msgID {
	switch o {
	case bot.Pending:
		return idPreviewPending
	case bot.NotAdded, bot.Refused:
		return idPreviewCannot
	}
	return ""
}

// previewCountID is previewLabelID's count.
func previewCountID(o bot.Outcome, more bool) msgID {
	switch {
	case o == bot.Pending && more:
		return idCountPreviewMorePend
	case o == bot.Pending:
		return idCountPreviewPending
	case (o == bot.NotAdded || o == bot.Refused) && more:
		return idCountPreviewMoreCant
	case o == bot.NotAdded || o == bot.Refused:
		return idCountPreviewCannot
	}
	return ""
}

// previewOrder is the order a preview counts and groups people in: who
// will be added, who is in already, who cannot be added, the rest.
var previewOrder = []bot.Outcome{bot.Pending, bot.Already, bot.NotAdded, bot.Refused, bot.Skipped,
	bot.Joined, bot.Invited, bot.Cancelled, bot.Removed}

// invalidList names a dialog's invalid entries (plain text, as typed):
// the first few, clipped, and how many more.
func (wd *words) invalidList(entries []string) string {
	const shown = 10
	list := ""
	for i, e := range entries[:min(len(entries), shown)] {
		if i > 0 {
			list += wd.text(idDialogInvalidSep)
		}
		list += clip(e, 40)
	}
	if len(entries) > shown {
		list = wd.count(idDialogInvalidMore, len(entries)-shown, vars{"List": list})
	}
	return wd.with(idDialogInvalid, vars{"List": list})
}

// previewInForce shows when requests are previewed: over n people, or
// never (n negative).
func (wd *words) previewInForce(n int) string {
	if n < 0 {
		return wd.text(idPreviewSettingNever)
	}
	return wd.count(idPreviewSettingOver, n, nil)
}

// undoneBy says who undid a result (actor plain text).
func (wd *words) undoneBy(actor string) string {
	return wd.with(idUndoneBy, vars{"Actor": html.EscapeString(actor)})
}
