package cards

import (
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// Progress is the message the jobs post in the space where work was asked
// for (b.Origin) and update while it runs: how far it got, the time left
// (eta, when known) and the counts; once finished or cancelled, the same
// rows as the final result, and once finished its Undo and Retry failed.
// It is public, except that work reaching spaces other than the origin (a
// plan) is shown to its requester alone (bot.Batch.Private). Its text is
// set for notifications and, like every message's text, carries no user
// text.
//
// It is in the language and zone decided when the work was asked for
// (b.Locale, b.TimeZone).
func Progress(b bot.Batch, eta time.Duration) Message {
	return progress(newWords(b.Locale, b.TimeZone), b, eta)
}

// progress is Progress in wd's words.
func progress(wd *words, b bot.Batch, eta time.Duration) Message {
	finished := b.Done || b.Cancelled
	title := wd.text(idRunningTitle)
	switch {
	case b.Cancelled:
		title = wd.text(idCancelledTitle)
	case b.Done:
		title = wd.text(idFinishedTitle)
	}
	line := wd.progressLine(doneCount(b.Items), len(b.Items), eta, finished)
	groups := groupBySpace(b.Items)
	var buttons []Widget
	if b.Done && !b.Cancelled && b.ID != "" {
		buttons = resultButtons(wd, finalButtons(b))
	}
	var sections []Section
	var summary string
	switch {
	case !finished:
		var all []bot.PersonResult
		for _, g := range groups {
			all = append(all, g.people...)
		}
		tally, notApproved := tallyPeople(all)
		summary = wd.counts(tally, false)
		sections = []Section{{Widgets: summaryWidgets(wd, line, summary, notApproved)}}
	case len(groups) <= 1:
		var people []bot.PersonResult
		if len(groups) == 1 {
			people = groups[0].people
		}
		sections, summary = peopleSections(wd, people, listing{lead: line, extra: buttons})
	default:
		sections, summary = spacesBody(wd, groups, nil, line, buttons...)
	}
	text := wd.titled(title, line)
	if finished && summary != "" {
		text = wd.titled(title, summary)
	}
	card := &Card{Header: &CardHeader{Title: title, Subtitle: batchSubtitle(wd, &b, groups, nil)}, Sections: sections}
	m := Message{Text: text, FallbackText: text, CardsV2: []CardWithID{{CardID: cardProgress, Card: card}}}
	if b.Private() && b.Actor.Name != "" {
		m.PrivateMessageViewer = &User{Name: b.Actor.Name}
	}
	return m
}

// finalButtons are the buttons a finished batch's last progress message
// offers, as its result would: Undo when someone was added or invited
// (bot checks who may, and until when, on the click), Retry failed when
// someone's failure may pass.
func finalButtons(b bot.Batch) bot.BatchReply {
	var r bot.BatchReply
	for _, it := range b.Items {
		switch o := it.Result.Outcome; {
		case o == bot.Joined || o == bot.Invited:
			r.UndoBatch = b.ID
		case o == bot.NotAdded && it.Result.Reason.Retryable():
			r.RetryBatch = b.ID
		}
	}
	return r
}

// workingCard acknowledges work that continues after the reply: how many
// people and spaces, the time it should take, how to stop it, and the
// spaces left out.
func workingCard(wd *words, b *bot.Batch, skipped []bot.SpaceSkip, eta time.Duration) (CardWithID, string) {
	groups := groupBySpace(b.Items)
	text := wd.workingWords(countPeople(b.Items), len(groups), eta)
	widgets := paragraphs(text)
	if b.ID != "" {
		widgets = append(widgets, paragraph(wd.cancelWords(clip(b.ID, maxWordRunes))))
	}
	sections := []Section{{Widgets: widgets}}
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - len(widgets)}
	if s := skippedSection(wd, skipped, &room); s != nil {
		sections = append(sections, *s)
	}
	card := &Card{Header: &CardHeader{Title: wd.text(idWorkingTitle), Subtitle: batchSubtitle(wd, b, groups, skipped)}, Sections: sections}
	return CardWithID{CardID: cardWorking, Card: card}, text
}

// batchSubtitle says where a batch works and who asked: the space, or how
// many spaces.
func batchSubtitle(wd *words, b *bot.Batch, groups []spaceGroup, skipped []bot.SpaceSkip) string {
	if len(groups) > 1 || len(skipped) > 0 {
		return wd.spacesSubtitle(len(groups), len(skipped), actorName(b.Actor))
	}
	where := ""
	if len(groups) == 1 {
		if s := groups[0].space; s.DisplayName != "" || s.Name != b.Origin.Name {
			where = clip(wd.spaceLabel(s), maxNameRunes)
		}
	}
	return wd.inviteSubtitle(where, actorName(b.Actor))
}

// doneCount is how many items were attempted and have a final outcome
// (cancelled ones were not attempted).
func doneCount(items []bot.Item) int {
	n := 0
	for _, it := range items {
		if o := it.Result.Outcome; o.Final() && o != bot.Cancelled {
			n++
		}
	}
	return n
}

// countPeople is how many different people a batch adds (the words it
// skipped are not people).
func countPeople(items []bot.Item) int {
	seen := map[string]bool{}
	for _, it := range items {
		if it.Result.Outcome == bot.Skipped {
			continue
		}
		key := it.Target.User
		if key == "" {
			key = it.Target.Display
		}
		seen[key] = true
	}
	return len(seen)
}
