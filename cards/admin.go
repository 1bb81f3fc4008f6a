package cards

import (
	"html"
	"slices"
	"strings"

	"github.com/onboard-chat/onboard/bot"
)

// auditCard lists audit entries newest first, one row each: when and
// which command, whom it concerned and what happened, who asked and the
// batch. Entries past the card's limits are counted, with how to export
// them all.
func auditCard(wd *words, r bot.AuditReply) (CardWithID, string) {
	if r.Problem != "" {
		paras, syntax := wd.auditProblemWords(r.Problem)
		return wordsCard(cardAudit, wd.text(idRefusedTitle), "", append(paragraphs(paras...), commandRows(syntax)...)),
			wd.refused(wd.problemShort(r.Problem))
	}
	header := &CardHeader{Title: wd.text(idAuditTitle), Subtitle: wd.auditSubtitle(firstNonEmpty(r.ScopeName, r.Scope), len(r.Entries))}
	if len(r.Entries) == 0 {
		none := wd.text(idAuditNone)
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(none)}}}
		return CardWithID{CardID: cardAudit, Card: card}, wd.titled(wd.text(idAuditText), none)
	}
	entries := slices.Clone(r.Entries)
	slices.SortStableFunc(entries, func(a, b bot.AuditEntry) int { return b.Time.Compare(a.Time) })
	all := r.Scope == "" || r.Scope == "all"
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 1}
	rows := make([]Widget, 0, min(len(entries), maxCardWidgets))
	for i := range entries {
		w := auditRow(wd, &entries[i], all)
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(wd.auditMore(len(entries)-i)))
			break
		}
		rows = append(rows, w)
	}
	card := &Card{Header: header, Sections: []Section{{Widgets: rows}}}
	return CardWithID{CardID: cardAudit, Card: card}, wd.titled(wd.text(idAuditText), wd.count(idCountEntries, len(entries), nil))
}

// auditRow is one entry. all says the log covers every space, so each row
// names its space.
func auditRow(wd *words, e *bot.AuditEntry, all bool) Widget {
	w := adding
	if e.Command == "remove" || e.Command == "undo" {
		w = removing
	}
	// A person's row names them; a command's row is its outcome and detail
	// (the command itself is in the label).
	var lines []string
	if e.Person != "" {
		lines = append(lines, bold(html.EscapeString(clip(firstNonEmpty(e.PersonName, e.Person), maxWordRunes))))
	}
	if e.Outcome != "" {
		lines = append(lines, wd.auditOutcome(w, e))
	}
	if e.Detail != "" {
		lines = append(lines, html.EscapeString(clip(e.Detail, maxWordRunes)))
	}
	if len(lines) == 0 {
		lines = append(lines, wd.text(idAuditDone))
	}
	text := strings.Join(lines, "<br>") // one a line
	bottom := []string{wd.auditBy(auditActor(e))}
	if e.BatchID != "" {
		bottom = append(bottom, wd.auditBatch(e.BatchID))
	}
	if all && e.Space != "" {
		bottom = append(bottom, html.EscapeString(clip(firstNonEmpty(e.SpaceName, e.Space), maxWordRunes)))
	}
	icon := "terminal"
	if e.Outcome != "" {
		icon = outcomeIcon(e.Outcome)
	}
	return Widget{DecoratedText: &DecoratedText{
		TopLabel:    wd.join(wd.when(idDateTime, e.Time), wd.auditCommandName(e.Command)),
		Text:        text,
		BottomLabel: wd.join(bottom...),
		StartIcon:   &Icon{AltText: wd.outcomeLabelAs(w, e.Outcome), MaterialIcon: &MaterialIcon{Name: icon}},
		WrapText:    true,
	}}
}

// auditOutcome is what happened, in the words of the results cards. A
// command refused as a whole says so without the invite-specific words.
func (wd *words) auditOutcome(w wording, e *bot.AuditEntry) string {
	if e.Person == "" && e.Outcome == bot.Refused && (e.Reason == bot.ReasonPolicy || e.Reason == bot.ReasonNotAdmin) {
		return wd.with(idOutcomePhrase, vars{"Label": wd.outcomeLabel(bot.Refused), "Detail": wd.text(idCommandDenied)})
	}
	return wd.outcomePhraseAs(w, e.Outcome, e.Reason)
}

// spacesCard lists the spaces Onboard is in: name, type and resource
// name, as many as fit.
func spacesCard(wd *words, r bot.SpacesReply) (CardWithID, string) {
	if r.Problem != "" {
		paras, syntax := wd.adminProblemWords(r.Problem)
		return wordsCard(cardSpaces, wd.text(idRefusedTitle), "", append(paragraphs(paras...), commandRows(syntax)...)),
			wd.refused(wd.problemShort(r.Problem))
	}
	header := &CardHeader{Title: wd.text(idSpacesTitle), Subtitle: wd.spacesCount(len(r.Spaces))}
	if len(r.Spaces) == 0 {
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(wd.text(idSpacesNone))}}}
		return CardWithID{CardID: cardSpaces, Card: card}, wd.titled(wd.text(idSpacesText), header.Subtitle)
	}
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 1}
	rows := make([]Widget, 0, min(len(r.Spaces), maxCardWidgets))
	for i, sp := range r.Spaces {
		w := Widget{DecoratedText: &DecoratedText{
			Text:        bold(html.EscapeString(clip(wd.spaceLabel(sp), maxNameRunes))),
			BottomLabel: wd.join(wd.spaceTypeName(sp.Type), html.EscapeString(clip(sp.Name, maxWordRunes))),
			StartIcon:   &Icon{AltText: wd.text(idAltSpace), MaterialIcon: &MaterialIcon{Name: "group"}},
			WrapText:    true,
		}}
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(wd.count(idMoreSpaces, len(r.Spaces)-i, nil)))
			break
		}
		rows = append(rows, w)
	}
	card := &Card{Header: header, Sections: []Section{{Widgets: rows}}}
	return CardWithID{CardID: cardSpaces, Card: card}, wd.titled(wd.text(idSpacesText), header.Subtitle)
}

// pausedCard answers /pause and /resume, and refuses a membership change
// while Onboard is paused.
func pausedCard(wd *words, r bot.PausedReply) (CardWithID, string) {
	switch {
	case r.Problem == bot.ReasonPaused:
		return wordsCard(cardPaused, wd.text(idRefusedTitle), "", paragraphs(wd.text(idGuardPausedPara))), wd.text(idPausedText)
	case r.Problem != "":
		paras, syntax := wd.adminProblemWords(r.Problem)
		return wordsCard(cardPaused, wd.text(idRefusedTitle), "", append(paragraphs(paras...), commandRows(syntax)...)),
			wd.refused(wd.problemShort(r.Problem))
	case r.Paused:
		return wordsCard(cardPaused, wd.text(idPausedTitle), "", paragraphs(wd.text(idGuardPausedPara))), wd.text(idPausedText)
	}
	return wordsCard(cardPaused, wd.text(idResumedTitle), "", paragraphs(wd.text(idResumedPara))), wd.text(idResumedText)
}

// limitedCard asks someone who sent too many commands to wait.
func limitedCard(wd *words, r bot.LimitedReply) (CardWithID, string) {
	line := wd.limitedWords(r.RetryAfter)
	return wordsCard(cardLimited, wd.text(idLimitedTitle), "", paragraphs(line)), line
}

// wordsCard is a card of one section of widgets under a title.
func wordsCard(id, title, subtitle string, widgets []Widget) CardWithID {
	card := &Card{Header: &CardHeader{Title: title, Subtitle: subtitle}, Sections: []Section{{Widgets: widgets}}}
	return CardWithID{CardID: id, Card: card}
}

// auditActor is who asked, as people know them: their name, else their
// address, else the id (erased entries keep only the marker).
func auditActor(e *bot.AuditEntry) string {
	if e.Actor == "" || e.Actor == "erased" {
		return e.Actor
	}
	return firstNonEmpty(e.ActorName, e.Email, e.Actor)
}

// firstNonEmpty is the first of ss that is not "".
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
