package cards

import (
	"github.com/onboard-chat/onboard/bot"
)

const cardPreview = "invite-preview"

// previewCard shows what Confirm would do, privately: the counts, a row
// per person (grouped by outcome, the first of each group, when they are
// too many for one card), and Confirm and Cancel — as buttons on a
// message, or as a dialog's footer when it is shown in the dialog. A
// settled preview shows only what became of it.
func previewCard(wd *words, p *bot.PreviewReport, dialog bool) (CardWithID, string) {
	if p.State == bot.PreviewConfirmed || p.State == bot.PreviewCancelled {
		return settledCard(wd, p)
	}
	wd.inChat = p.InChat
	items := make([]bot.Item, len(p.Items))
	for i, it := range p.Items {
		if it.Result.Outcome == bot.Refused {
			it.Result.Outcome = bot.NotAdded // both read "cannot be added"
		}
		if it.Result.Target == (bot.Target{}) {
			it.Result.Target = it.Target
		}
		items[i] = it
	}
	lead := wd.count(idPreviewLead, p.People, nil)
	if p.Command == bot.CmdOnboard {
		lead = wd.count(idPreviewLeadPlan, p.People, nil)
	}
	var extra []Widget
	if !dialog {
		extra = []Widget{{ButtonList: &ButtonList{Buttons: []Button{confirmButton(wd, p.ID, false), cancelButton(wd, p.ID, false)}}}}
	}
	groups := groupBySpace(items)
	var sections []Section
	var summary, subtitle string
	if len(groups) <= 1 && len(p.SkippedSpaces) == 0 {
		sections, summary = previewBody(wd, resultsOf(items), lead, extra)
		space := p.Origin
		if len(groups) == 1 {
			space = groups[0].space
		}
		subtitle = wd.inviteSubtitle(clip(space.DisplayName, maxNameRunes), actorName(p.Actor))
	} else {
		sections, summary = spacesBodyAs(wd, previewing, groups, p.SkippedSpaces, lead, extra...)
		subtitle = wd.planSubtitle(clip(p.Plan, maxWordRunes), len(groups))
	}
	title := wd.text(idPreviewTitle)
	card := &Card{Header: &CardHeader{Title: title, Subtitle: subtitle}, Sections: sections}
	if dialog {
		b1, b2 := confirmButton(wd, p.ID, true), cancelButton(wd, p.ID, true)
		card.FixedFooter = &CardFixedFooter{PrimaryButton: &b1, SecondaryButton: &b2}
	}
	return CardWithID{CardID: cardPreview, Card: card}, wd.titled(title, summary)
}

func confirmButton(wd *words, id string, dialog bool) Button {
	return Button{Text: wd.text(idPreviewConfirm), AltText: wd.text(idPreviewConfirmAlt),
		OnClick: &OnClick{Action: &Action{Function: actionConfirm, Parameters: previewParams(id, dialog)}}}
}

func cancelButton(wd *words, id string, dialog bool) Button {
	return Button{Text: wd.text(idPreviewCancel), AltText: wd.text(idPreviewCancelAlt),
		OnClick: &OnClick{Action: &Action{Function: actionCancelPreview, Parameters: previewParams(id, dialog)}}}
}

// previewParams name the preview, and say when the button is in a dialog
// (the add-on envelope may not say so itself).
func previewParams(id string, dialog bool) []ActionParameter {
	ps := []ActionParameter{{Key: paramPreview, Value: id}}
	if dialog {
		ps = append(ps, ActionParameter{Key: paramIn, Value: inDialog})
	}
	return ps
}

// settledCard replaces a preview once confirmed or cancelled: only what
// became of it, no buttons.
func settledCard(wd *words, p *bot.PreviewReport) (CardWithID, string) {
	title, text := wd.text(idPreviewCancelledTitle), wd.text(idPreviewCancelled)
	if p.State == bot.PreviewConfirmed {
		title, text = wd.text(idPreviewConfirmedTitle), wd.count(idPreviewConfirmed, p.People, nil)
	}
	card := &Card{Header: &CardHeader{Title: title}, Sections: []Section{{Widgets: paragraphs(text)}}}
	return CardWithID{CardID: cardPreview, Card: card}, wd.titled(title, text)
}

// previewBody is a one-space preview's body: the lead and counts, the
// extra widgets, the rows, and the count of the people left out.
func previewBody(wd *words, people []bot.PersonResult, lead string, extra []Widget) ([]Section, string) {
	tally, notApproved := tallyPeople(people)
	summary := wd.countsAs(previewing, tally, false)
	if summary == "" {
		summary = wd.text(idNoResults)
	}
	sections := []Section{{Widgets: append(summaryWidgets(wd, lead, summary, notApproved), extra...)}}
	rows, rest, problems := previewRows(wd, people, fit{bytes: maxMessageBytes - reserveBytes, widgets: maxPersonRows - len(extra)})
	if len(rows) > 0 {
		sections = append(sections, peopleSection(wd, rows, problems-1))
	}
	if tail := wd.countsAs(previewing, rest, true); tail != "" && len(rows) > 0 {
		sections = append(sections, Section{Widgets: paragraphs(tail)})
	}
	return sections, summary
}

// previewRows are the rows that fit room. When everyone fits they are in
// the request's order; otherwise people are grouped by outcome (those who
// cannot be added first) and each group shows its first people in turn,
// so that no group is left out while another fills the card. rest counts
// the people not shown, per outcome; problems is how many rows lead the
// list with someone who cannot be added.
func previewRows(wd *words, people []bot.PersonResult, room fit) (rows []Widget, rest []int, problems int) {
	looks := rowLooks{wd: wd, w: previewing, list: make([]rowLook, 0, 2*len(bot.Outcomes))}
	texts, sizes := make([]DecoratedText, len(people)), make([]int, len(people))
	total := 0
	for i, p := range people {
		texts[i] = looks.row(p)
		sizes[i] = rowSize(&texts[i])
		total += sizes[i]
	}
	order := make([]int, 0, len(people))
	if len(people) <= room.widgets && total <= room.bytes {
		for i := range people {
			order = append(order, i)
		}
	} else {
		order = firstOfEachGroup(people, sizes, room)
	}
	rest = make([]int, len(bot.Outcomes))
	shown := make([]bool, len(people))
	for _, i := range order {
		rows, shown[i] = append(rows, Widget{DecoratedText: &texts[i]}), true
		if isProblem(people[i].Outcome) {
			problems = len(rows)
		}
	}
	for i, p := range people {
		if j := outcomeIndex(p.Outcome); !shown[i] && j < len(rest) {
			rest[j]++
		}
	}
	return rows, rest, problems
}

// firstOfEachGroup picks people by turns from each outcome's group — the
// first of each, then the second of each, … — while room lasts, and
// returns them group by group: the people who cannot be added, then the
// others in previewOrder.
func firstOfEachGroup(people []bot.PersonResult, sizes []int, room fit) []int {
	groupOrder := append([]bot.Outcome{bot.NotAdded}, previewOrder...)
	var groups [][]int
	seen := map[bot.Outcome]bool{}
	for _, o := range groupOrder {
		if seen[o] {
			continue
		}
		seen[o] = true
		var g []int
		for i, p := range people {
			if p.Outcome == o {
				g = append(g, i)
			}
		}
		if len(g) > 0 {
			groups = append(groups, g)
		}
	}
	picked := make([]int, len(groups))
	for turn, full := 0, false; !full; turn++ {
		progressed := false
		for gi, g := range groups {
			if turn >= len(g) {
				continue
			}
			if !room.take(sizes[g[turn]], 1) {
				full = true
				break
			}
			picked[gi], progressed = picked[gi]+1, true
		}
		full = full || !progressed
	}
	var order []int
	for gi, g := range groups {
		order = append(order, g[:picked[gi]]...)
	}
	return order
}
