package cards

import "github.com/onboard-chat/onboard/bot"

// removeCard reports what a /remove or an Undo did, one row per person in
// the words of removal, and the plain summary; or, when nothing was
// attempted, why. An Undo's card (undone) takes the place of the result
// it undid.
func removeCard(wd *words, rep *bot.InviteReport, undone bool) (CardWithID, string) {
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
	lead, title := "", wd.text(idRemoveTitle)
	if undone {
		// It replaces the result it undid: say so, and by whom.
		lead, title = wd.undoneBy(actorName(rep.Actor)), wd.text(idUndoneTitle)
	}
	sections, summary := peopleSections(wd, rep.People, listing{w: removing, lead: lead})
	card := &Card{
		Header:   &CardHeader{Title: title, Subtitle: wd.inviteSubtitle(space, actorName(rep.Actor))},
		Sections: sections,
	}
	return CardWithID{CardID: cardRemove, Card: card}, wd.titled(title, summary)
}
