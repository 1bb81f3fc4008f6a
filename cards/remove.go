package cards

import "github.com/onboard-chat/onboard/bot"

// removeCard reports what a /remove or an Undo did, one row per person in
// the words of removal, and the plain summary; or, when nothing was
// attempted, why.
func removeCard(rep *bot.InviteReport) (CardWithID, string) {
	space := clip(rep.Space.DisplayName, maxNameRunes)
	if rep.Refusal != nil {
		paras, short := removeRefusalWords(*rep.Refusal, space)
		header := &CardHeader{Title: titleRefused}
		if space != "" {
			header.Subtitle = inviteSubtitle(space, "")
		}
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(paras...)}}}
		return CardWithID{CardID: cardRemoveNo, Card: card}, textRefused + short
	}
	sections, summary := peopleSections(rep.People, listing{w: removing})
	card := &Card{
		Header:   &CardHeader{Title: titleRemove, Subtitle: inviteSubtitle(space, actorName(rep.Actor))},
		Sections: sections,
	}
	return CardWithID{CardID: cardRemove, Card: card}, titleRemove + ": " + summary
}

// undoWidgets offer to undo a batch: who may, and the button.
func undoWidgets(batch string) []Widget {
	return []Widget{paragraph(undoNote), {ButtonList: &ButtonList{Buttons: []Button{{
		Text: buttonUndo, AltText: buttonUndoAlt,
		OnClick: &OnClick{Action: &Action{Function: actionUndo,
			Parameters: []ActionParameter{{Key: paramBatch, Value: batch}}}},
	}}}}}
}
