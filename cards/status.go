package cards

import "github.com/onboard-chat/onboard/bot"

// statusCard lists the invoker's recent batches, newest first (as bot
// gives them): when, where, how far, the state and the id that /status
// cancel takes. With r.Problem set it explains why nothing was done.
func statusCard(wd *words, r bot.StatusReply) (CardWithID, string) {
	if r.Problem != "" {
		return problemCard(wd, cardStatus, r.Problem, "")
	}
	header := &CardHeader{Title: wd.text(idStatusTitle)}
	if len(r.Batches) == 0 {
		none := wd.text(idStatusNone)
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(none)}}}
		return CardWithID{CardID: cardStatus, Card: card}, none
	}
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 2}
	rows := make([]Widget, 0, len(r.Batches)+2)
	running := 0
	for i := range r.Batches {
		w := jobRow(wd, &r.Batches[i])
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(wd.count(idMoreJobs, len(r.Batches)-i, nil)))
			break
		}
		rows = append(rows, w)
		if !r.Batches[i].Done && !r.Batches[i].Cancelled {
			running++
		}
	}
	if running > 0 {
		rows = append(rows, paragraph(wd.with(idStatusHint, vars{"Command": wd.text(idExampleCancel)})))
	}
	header.Subtitle = wd.statusSubtitle(len(r.Batches), running)
	text := wd.titled(wd.text(idStatusText), header.Subtitle)
	if r.Cancel != nil {
		var para string
		para, text = wd.cancelResult(r.Cancel)
		rows = append([]Widget{paragraph(para)}, rows...)
	}
	card := &Card{Header: header, Sections: []Section{{Widgets: rows}}}
	return CardWithID{CardID: cardStatus, Card: card}, text
}

// jobRow is one batch on /status.
func jobRow(wd *words, b *bot.Batch) Widget {
	groups := groupBySpace(b.Items)
	where := wd.spaceLabel(b.Origin)
	switch {
	case len(groups) == 1:
		where = wd.spaceLabel(groups[0].space)
	case len(groups) > 1:
		where = wd.spacesCount(len(groups))
	}
	state := wd.jobState(b)
	line := wd.jobLine(b.CreatedAt, clip(where, maxSpaceHeaderRunes), doneCount(b.Items), len(b.Items),
		b.Count(bot.NotAdded), b.Count(bot.Cancelled))
	return Widget{DecoratedText: &DecoratedText{
		TopLabel:    state,
		Text:        line,
		BottomLabel: wd.jobID(clip(b.ID, maxWordRunes)),
		StartIcon:   &Icon{AltText: state, MaterialIcon: &MaterialIcon{Name: stateIcon(b)}},
		WrapText:    true,
	}}
}

// stateIcon is the Material Symbol of a batch's state.
func stateIcon(b *bot.Batch) string {
	switch {
	case b.Cancelled:
		return outcomeIcon(bot.Cancelled)
	case b.Done:
		return outcomeIcon(bot.Joined)
	}
	return outcomeIcon(bot.Pending)
}

// problemCard explains why a /plan, /onboard or /status request was not
// done; name is the plan concerned, "" for none.
func problemCard(wd *words, id string, problem bot.Reason, name string) (CardWithID, string) {
	paras, syntax, _ := wd.problemWords(problem, clip(name, maxWordRunes))
	widgets := paragraphs(paras...)
	widgets = append(widgets, commandRows(syntax)...)
	short := wd.reasonWhy(problem)
	if short == "" {
		short = wd.text(idCouldNot)
	}
	card := &Card{Header: &CardHeader{Title: wd.text(idRefusedTitle)}, Sections: []Section{{Widgets: widgets}}}
	return CardWithID{CardID: id, Card: card}, wd.refused(short)
}

// commandRows shows commands users copy, each with what it does.
func commandRows(commands [][2]string) []Widget {
	w := make([]Widget, len(commands))
	for i, c := range commands {
		w[i].DecoratedText = &DecoratedText{Text: bold(c[0]), BottomLabel: c[1], WrapText: true}
	}
	return w
}
