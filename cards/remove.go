package cards

import "github.com/onboard-chat/onboard/bot"

// removeCard reports what a /remove or an Undo did, one row per person in
// the words of removal, and the plain summary; or, when nothing was
// attempted, why.
func removeCard(wd *words, rep *bot.InviteReport) (CardWithID, string) {
	space := clip(rep.Space.DisplayName, maxNameRunes)
	if rep.Refusal != nil {
		paras, short := wd.removeRefusalWords(*rep.Refusal, space)
		header := &CardHeader{Title: wd.text(idRefusedTitle)}
		if space != "" {
			header.Subtitle = wd.inviteSubtitle(space, "")
		}
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(paras...)}}}
		return CardWithID{CardID: cardRemoveNo, Card: card}, wd.refused(short)
	}
	sections, summary := peopleSections(wd, rep.People, listing{w: removing})
	title := wd.text(idRemoveTitle)
	card := &Card{
		Header:   &CardHeader{Title: title, Subtitle: wd.inviteSubtitle(space, actorName(rep.Actor))},
		Sections: sections,
	}
	return CardWithID{CardID: cardRemove, Card: card}, wd.titled(title, summary)
}

// undoWidgets offer to undo a batch: who may, and the button.
func undoWidgets(wd *words, batch string) []Widget {
	return []Widget{paragraph(wd.text(idUndoNote)), {ButtonList: &ButtonList{Buttons: []Button{{
		Text: wd.text(idUndoButton), AltText: wd.text(idUndoButtonAlt),
		OnClick: &OnClick{Action: &Action{Function: actionUndo,
			Parameters: []ActionParameter{{Key: paramBatch, Value: batch}}}},
	}}}}}
}
