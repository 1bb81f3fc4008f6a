package cards

import (
	"html"
	"strings"

	"github.com/onboard-chat/onboard/bot"
)

// The invite dialog's actions, fields and parameters bot reads back
// (bot/dialog.go): a contract, like settings.go's.
const (
	actionOpenInvite    = "openInvite"     // parameter space (optional)
	actionSubmitInvite  = "submitInvite"   // parameters space, plan (optional)
	actionCloseDialog   = "closeDialog"    // the dialog's own Cancel
	actionConfirm       = "confirmPreview" // parameter preview; in=dialog inside a dialog
	actionCancelPreview = "cancelPreview"  // parameter preview; in=dialog inside a dialog
	actionRetry         = "retryFailed"    // parameter batch

	paramPlan    = "plan"
	paramPreview = "preview"
	paramIn      = "in"
	inDialog     = "dialog"

	fieldPeople    = "people"
	fieldAddresses = "addresses"
	fieldPlan      = "plan"
	fieldSpace     = "space"

	// noPlan is the plan drop-down's "no plan": never a plan's name.
	noPlan = "-"
)

const (
	cardInviteOffer = "invite-offer"
	cardDialog      = "invite-dialog"
)

// maxPickedPeople bounds the people picker: as many values as the edge
// keeps of one field (handlers/action.go).
const maxPickedPeople = 100

// offerCard answers /invite with nothing to invite: a button that opens
// the invite dialog (for the space the command named, if any).
func offerCard(wd *words, r bot.InviteOfferReply) (CardWithID, string) {
	button := Button{Text: wd.text(idDialogOfferButton), AltText: wd.text(idDialogOfferButtonAlt),
		OnClick: &OnClick{Action: openDialogAction(r.Space)}}
	widgets := append(paragraphs(wd.text(idDialogOfferText)), Widget{ButtonList: &ButtonList{Buttons: []Button{button}}})
	card := &Card{Header: &CardHeader{Title: wd.text(idDialogTitle)}, Sections: []Section{{Widgets: widgets}}}
	return CardWithID{CardID: cardInviteOffer, Card: card}, wd.text(idDialogOfferSummary)
}

// openDialogAction opens the invite dialog for space ("" for where the
// card is).
func openDialogAction(space string) *Action {
	a := &Action{Function: actionOpenInvite, Interaction: interactionOpenDialog}
	if space != "" {
		a.Parameters = []ActionParameter{{Key: paramSpace, Value: space}}
	}
	return a
}

// dialogMessage is a DialogReply: the invite dialog's form, a preview in
// the dialog, or a dialog saying a command has none.
func dialogMessage(wd *words, r bot.DialogReply) Message {
	var body *Card
	switch {
	case r.Form != nil:
		body = formCard(wd, r.Form)
	case r.Preview != nil:
		c, _ := previewCard(wd, r.Preview, true)
		body = c.Card
	default:
		body = noDialogCard(wd, r.NoDialog)
	}
	return Message{ActionResponse: &ActionResponse{Type: actionDialog, DialogAction: &DialogAction{Dialog: &Dialog{Body: body}}}}
}

// formCard is the invite dialog: Chat's people picker (not in the add-on
// envelope), a text area for addresses, an Onboard admin's plans, a space
// to pick where none is known, and Invite and Cancel.
func formCard(wd *words, f *bot.InviteForm) *Card {
	var w []Widget
	addresses := wd.text(idDialogAddressesOnly)
	if f.Pickers {
		addresses = wd.text(idDialogAddresses)
		w = append(w, Widget{SelectionInput: &SelectionInput{Name: fieldPeople, Label: wd.text(idDialogPeople),
			Type: "MULTI_SELECT", MultiSelectMaxSelectedItems: maxPickedPeople,
			PlatformDataSource: &PlatformDataSource{CommonDataSource: "USER"}}})
	}
	w = append(w, Widget{TextInput: &TextInput{Name: fieldAddresses, Label: addresses, HintText: wd.text(idDialogAddressesHint),
		Type: "MULTIPLE_LINE", Value: f.Addresses}})
	w = append(w, planWidgets(wd, f)...)
	if f.AskSpace {
		w = append(w, spaceWidget(wd, f.Pickers))
	}
	var params []ActionParameter
	if f.Space != "" {
		params = append(params, ActionParameter{Key: paramSpace, Value: f.Space})
	}
	if f.Plan != "" && f.Plans == nil {
		params = append(params, ActionParameter{Key: paramPlan, Value: f.Plan})
	}
	return &Card{Header: &CardHeader{Title: wd.text(idDialogTitle)}, Sections: []Section{{Widgets: w}},
		FixedFooter: &CardFixedFooter{
			PrimaryButton:   &Button{Text: wd.text(idDialogSubmit), OnClick: &OnClick{Action: &Action{Function: actionSubmitInvite, Parameters: params}}},
			SecondaryButton: &Button{Text: wd.text(idDialogCancel), OnClick: &OnClick{Action: &Action{Function: actionCloseDialog}}},
		}}
}

// planWidgets are an Onboard admin's plan drop-down, or the plan a typed
// /onboard named for anyone else (carried by the submit).
func planWidgets(wd *words, f *bot.InviteForm) []Widget {
	switch {
	case len(f.Plans) > 0:
		items := [][2]string{{noPlan, wd.text(idDialogPlanNone)}}
		for _, p := range f.Plans {
			items = append(items, [2]string{p, clip(p, maxWordRunes)})
		}
		chosen := f.Plan
		if chosen == "" {
			chosen = noPlan
		}
		return []Widget{choice(fieldPlan, wd.text(idDialogPlan), "DROPDOWN", items, chosen)}
	case f.Plan != "" && f.Plans == nil:
		return paragraphs(wd.with(idDialogPlanChosen, vars{"Plan": html.EscapeString(clip(f.Plan, maxWordRunes))}))
	}
	return nil
}

// spaceWidget asks for the space: Chat's space picker, starting on the
// space the dialog opened in, or a text field where there are no pickers.
func spaceWidget(wd *words, pickers bool) Widget {
	if !pickers {
		return Widget{TextInput: &TextInput{Name: fieldSpace, Label: wd.text(idDialogSpace), HintText: wd.text(idDialogSpaceHint)}}
	}
	return Widget{SelectionInput: &SelectionInput{Name: fieldSpace, Label: wd.text(idDialogSpace), Type: "MULTI_SELECT",
		MultiSelectMaxSelectedItems: 1, PlatformDataSource: &PlatformDataSource{HostAppDataSource: &HostAppDataSource{
			ChatDataSource: &ChatDataSource{SpaceDataSource: &SpaceDataSource{DefaultToCurrentSpace: true}}}}}}
}

// noDialogCard says a command the console opens a dialog for has none.
func noDialogCard(wd *words, cmd bot.CommandName) *Card {
	text := wd.text(idDialogNoneUnnamed)
	if cmd != bot.CmdNone && cmd != bot.CmdUnknown {
		text = wd.with(idDialogNoneNamed, vars{"Command": "/" + string(cmd)})
	}
	return &Card{Header: &CardHeader{Title: wd.text(idDialogNoneTitle)}, Sections: []Section{{Widgets: paragraphs(text)}},
		FixedFooter: &CardFixedFooter{PrimaryButton: &Button{Text: wd.text(idDialogClose),
			OnClick: &OnClick{Action: &Action{Function: actionCloseDialog}}}}}
}

// dialogStatus closes the dialog (OK) with what was done, or keeps it
// open (INVALID_ARGUMENT, the code Chat keeps a dialog open for) with why
// nothing was. The message is plain text.
func dialogStatus(wd *words, r bot.DialogStatusReply) Message {
	st := &ActionStatus{StatusCode: statusOK}
	switch {
	case r.Problem != nil && r.Problem.Reason == bot.ReasonInvalidEntries && len(r.Invalid) > 0:
		st = &ActionStatus{StatusCode: statusInvalidArgument, UserFacingMessage: wd.invalidList(r.Invalid)}
	case r.Problem != nil && r.Problem.Reason == bot.ReasonTooMany:
		st = &ActionStatus{StatusCode: statusInvalidArgument,
			UserFacingMessage: wd.with(idDialogTooMany, vars{"Limit": r.Problem.Limit, "Count": r.Problem.Count})}
	case r.Problem != nil:
		_, short := wd.refusalWords(*r.Problem, "")
		if why, remedy := wd.guardWords(r.Problem.Reason); why != "" {
			short = wd.with(idWhyRemedy, vars{"Why": why, "Remedy": remedy})
		}
		st = &ActionStatus{StatusCode: statusInvalidArgument, UserFacingMessage: wd.refused(short)}
	case r.Done != nil && !r.Done.Done:
		st.UserFacingMessage = wd.count(idDialogWorking, countPeople(r.Done.Items), nil)
	case r.Done != nil:
		tally, _ := tallyPeople(resultsOf(r.Done.Items))
		counts := wd.counts(tally, false)
		if counts == "" {
			counts = wd.text(idNoResults)
		}
		st.UserFacingMessage = wd.with(idDialogDone, vars{"Counts": counts})
	default:
		st.UserFacingMessage = wd.text(idDialogCancelled)
	}
	return Message{ActionResponse: &ActionResponse{Type: actionDialog, DialogAction: &DialogAction{ActionStatus: st}}}
}

// resultsOf is each item's result.
func resultsOf(items []bot.Item) []bot.PersonResult {
	out := make([]bot.PersonResult, len(items))
	for i, it := range items {
		out[i] = it.Result
	}
	return out
}

// resultButtons are a result's Undo, "Retry failed" and "Invite more":
// who may undo, and the buttons, in one list.
func resultButtons(wd *words, r bot.BatchReply) []Widget {
	var buttons []Button
	var out []Widget
	if r.UndoBatch != "" {
		out = append(out, paragraph(wd.text(idUndoNote)))
		buttons = append(buttons, Button{Text: wd.text(idUndoButton), AltText: wd.text(idUndoButtonAlt),
			OnClick: &OnClick{Action: &Action{Function: actionUndo, Parameters: []ActionParameter{{Key: paramBatch, Value: r.UndoBatch}}}}})
	}
	if r.RetryBatch != "" {
		buttons = append(buttons, Button{Text: wd.text(idRetryButton), AltText: wd.text(idRetryButtonAlt),
			OnClick: &OnClick{Action: &Action{Function: actionRetry, Parameters: []ActionParameter{{Key: paramBatch, Value: r.RetryBatch}}}}})
	}
	if strings.HasPrefix(r.InviteMore, "spaces/") {
		buttons = append(buttons, Button{Text: wd.text(idInviteMoreButton), AltText: wd.text(idInviteMoreButtonAlt),
			OnClick: &OnClick{Action: openDialogAction(r.InviteMore)}})
	}
	if len(buttons) == 0 {
		return out
	}
	return append(out, Widget{ButtonList: &ButtonList{Buttons: buttons}})
}
