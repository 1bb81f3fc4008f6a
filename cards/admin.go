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
func auditCard(r bot.AuditReply) (CardWithID, string) {
	if r.Problem != "" {
		paras, syntax := auditProblemWords(r.Problem)
		return wordsCard(cardAudit, titleRefused, "", append(paragraphs(paras...), commandRows(syntax)...)),
			textRefused + problemShort(r.Problem)
	}
	header := &CardHeader{Title: titleAudit, Subtitle: auditSubtitle(r.Scope, len(r.Entries))}
	if len(r.Entries) == 0 {
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(textNoEntries)}}}
		return CardWithID{CardID: cardAudit, Card: card}, textAudit + ": " + textNoEntries
	}
	entries := slices.Clone(r.Entries)
	slices.SortStableFunc(entries, func(a, b bot.AuditEntry) int { return b.Time.Compare(a.Time) })
	all := r.Scope == "" || r.Scope == "all"
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 1}
	rows := make([]Widget, 0, min(len(entries), maxCardWidgets))
	for i := range entries {
		w := auditRow(&entries[i], all)
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(auditMore(len(entries)-i)))
			break
		}
		rows = append(rows, w)
	}
	card := &Card{Header: header, Sections: []Section{{Widgets: rows}}}
	return CardWithID{CardID: cardAudit, Card: card}, textAudit + ": " + countOf(len(entries), "entry", "entries")
}

// auditRow is one entry. all says the log covers every space, so each row
// names its space.
func auditRow(e *bot.AuditEntry, all bool) Widget {
	w := adding
	if e.Command == "remove" || e.Command == "undo" {
		w = removing
	}
	// A person's row names them; a command's row is its outcome and detail
	// (the command itself is in the label).
	var lines []string
	if e.Person != "" {
		lines = append(lines, "<b>"+html.EscapeString(clip(e.Person, maxWordRunes))+"</b>")
	}
	if e.Outcome != "" {
		lines = append(lines, auditOutcome(w, e))
	}
	if e.Detail != "" {
		lines = append(lines, html.EscapeString(clip(e.Detail, maxWordRunes)))
	}
	if len(lines) == 0 {
		lines = append(lines, auditDone)
	}
	text := strings.Join(lines, "<br>")
	bottom := auditBy(e.Actor)
	if e.BatchID != "" {
		bottom += listSep + auditBatch(e.BatchID)
	}
	if all && e.Space != "" {
		bottom += listSep + html.EscapeString(clip(e.Space, maxWordRunes))
	}
	icon := "terminal"
	if e.Outcome != "" {
		icon = outcomeIcon(e.Outcome)
	}
	return Widget{DecoratedText: &DecoratedText{
		TopLabel:    auditWhen(e.Time) + listSep + auditCommandName(e.Command),
		Text:        text,
		BottomLabel: bottom,
		StartIcon:   &Icon{AltText: outcomeLabelAs(w, e.Outcome), MaterialIcon: &MaterialIcon{Name: icon}},
		WrapText:    true,
	}}
}

// auditOutcome is what happened, in the words of the results cards. A
// command refused as a whole says so without the invite-specific words.
func auditOutcome(w wording, e *bot.AuditEntry) string {
	if e.Person == "" && e.Outcome == bot.Refused && (e.Reason == bot.ReasonPolicy || e.Reason == bot.ReasonNotAdmin) {
		return outcomeLabel(bot.Refused) + " — " + commandDenied
	}
	return outcomePhraseAs(w, e.Outcome, e.Reason)
}

// spacesCard lists the spaces Onboard is in: name, type and resource
// name, as many as fit.
func spacesCard(r bot.SpacesReply) (CardWithID, string) {
	if r.Problem != "" {
		paras, syntax := adminProblemWords(r.Problem)
		return wordsCard(cardSpaces, titleRefused, "", append(paragraphs(paras...), commandRows(syntax)...)),
			textRefused + problemShort(r.Problem)
	}
	header := &CardHeader{Title: titleSpaces, Subtitle: countOf(len(r.Spaces), "space", "spaces")}
	if len(r.Spaces) == 0 {
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(textNoSpaces)}}}
		return CardWithID{CardID: cardSpaces, Card: card}, textSpaces + ": " + header.Subtitle
	}
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 1}
	rows := make([]Widget, 0, min(len(r.Spaces), maxCardWidgets))
	for i, sp := range r.Spaces {
		w := Widget{DecoratedText: &DecoratedText{
			Text:        "<b>" + html.EscapeString(clip(spaceLabel(sp), maxNameRunes)) + "</b>",
			BottomLabel: spaceTypeName(sp.Type) + listSep + html.EscapeString(clip(sp.Name, maxWordRunes)),
			StartIcon:   &Icon{AltText: altSpace, MaterialIcon: &MaterialIcon{Name: "group"}},
			WrapText:    true,
		}}
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(moreRows(len(r.Spaces)-i, "space", "spaces")))
			break
		}
		rows = append(rows, w)
	}
	card := &Card{Header: header, Sections: []Section{{Widgets: rows}}}
	return CardWithID{CardID: cardSpaces, Card: card}, textSpaces + ": " + header.Subtitle
}

// pausedCard answers /pause and /resume, and refuses a membership change
// while Onboard is paused.
func pausedCard(r bot.PausedReply) (CardWithID, string) {
	switch {
	case r.Problem == bot.ReasonPaused:
		return wordsCard(cardPaused, titleRefused, "", paragraphs(textPaused)), textPausedText
	case r.Problem != "":
		paras, syntax := adminProblemWords(r.Problem)
		return wordsCard(cardPaused, titleRefused, "", append(paragraphs(paras...), commandRows(syntax)...)),
			textRefused + problemShort(r.Problem)
	case r.Paused:
		return wordsCard(cardPaused, titlePaused, "", paragraphs(textPaused)), textPausedText
	}
	return wordsCard(cardPaused, titleResumed, "", paragraphs(resumedLine)), textResumed
}

// limitedCard asks someone who sent too many commands to wait.
func limitedCard(r bot.LimitedReply) (CardWithID, string) {
	line := limitedWords(r.RetryAfter)
	return wordsCard(cardLimited, titleLimited, "", paragraphs(line)), line
}

// wordsCard is a card of one section of widgets under a title.
func wordsCard(id, title, subtitle string, widgets []Widget) CardWithID {
	card := &Card{Header: &CardHeader{Title: title, Subtitle: subtitle}, Sections: []Section{{Widgets: widgets}}}
	return CardWithID{CardID: id, Card: card}
}
