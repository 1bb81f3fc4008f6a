package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// planCard answers /plan: the plan after a change or when shown, every
// plan when listed, or why nothing was done.
func planCard(wd *words, r bot.PlanReply) (CardWithID, string) {
	name := ""
	if r.Plan != nil {
		name = r.Plan.Name
	}
	switch {
	case r.Problem != "":
		return problemCard(wd, cardPlan, r.Problem, name)
	case r.Action == bot.PlanListed:
		return planListCard(wd, r.Plans)
	case r.Plan == nil:
		return problemCard(wd, cardPlan, bot.ReasonBadPlanInput, "")
	}
	p := r.Plan
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 4}
	rows := make([]Widget, 0, len(p.Spaces)+4)
	if r.Warning == bot.ReasonAppNotInSpace && len(p.Spaces) > 0 {
		// The space just added is the plan's last.
		added := p.Spaces[len(p.Spaces)-1].Space
		rows = append(rows, paragraph(wd.with(idPlanAppNotIn, vars{"Space": html.EscapeString(clip(firstNonEmpty(added.DisplayName, added.Name), maxWordRunes))})))
	}
	for i, ps := range p.Spaces {
		w := planSpaceRow(wd, ps)
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(wd.count(idMoreSpaces, len(p.Spaces)-i, nil)))
			break
		}
		rows = append(rows, w)
	}
	rows = append(rows, paragraph(wd.planHint(clip(p.Name, maxWordRunes), len(p.Spaces))))
	if !p.UpdatedAt.IsZero() {
		rows = append(rows, paragraph(wd.planChanged(p.UpdatedAt)))
	}
	title := wd.planTitle(r.Action)
	card := &Card{
		Header:   &CardHeader{Title: title, Subtitle: wd.planSubtitle(clip(p.Name, maxWordRunes), len(p.Spaces))},
		Sections: []Section{{Widgets: rows}},
	}
	return CardWithID{CardID: cardPlan, Card: card}, title
}

// planSpaceRow is one space of a plan: its name and welcome text, and its
// id (which /plan remove takes). Labels carry no user text: Chat documents
// formatting only for a row's text.
func planSpaceRow(wd *words, ps bot.PlanSpace) Widget {
	return Widget{DecoratedText: &DecoratedText{
		Text:        wd.planSpace(clip(wd.spaceLabel(ps.Space), maxNameRunes), clip(ps.Welcome, maxWordRunes)),
		BottomLabel: html.EscapeString(clip(ps.Space.Name, maxWordRunes)),
		StartIcon:   &Icon{AltText: wd.text(idAltSpace), MaterialIcon: &MaterialIcon{Name: "group"}},
		WrapText:    true,
	}}
}

// planListCard lists every plan and how many spaces it has.
func planListCard(wd *words, plans []bot.Plan) (CardWithID, string) {
	header := &CardHeader{Title: wd.text(idPlansTitle)}
	if len(plans) == 0 {
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(wd.text(idPlansNone))}}}
		return CardWithID{CardID: cardPlan, Card: card}, wd.titled(wd.text(idPlansText), wd.planCount(0))
	}
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 2}
	rows := make([]Widget, 0, len(plans)+2)
	for i, p := range plans {
		w := Widget{DecoratedText: &DecoratedText{
			Text:        planName(clip(p.Name, maxWordRunes)),
			BottomLabel: wd.spacesCount(len(p.Spaces)),
			StartIcon:   &Icon{AltText: wd.text(idAltPlan), MaterialIcon: &MaterialIcon{Name: "checklist"}},
		}}
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(wd.count(idMorePlans, len(plans)-i, nil)))
			break
		}
		rows = append(rows, w)
	}
	rows = append(rows, paragraph(wd.text(idPlansHintShow)))
	header.Subtitle = wd.planCount(len(plans))
	card := &Card{Header: header, Sections: []Section{{Widgets: rows}}}
	return CardWithID{CardID: cardPlan, Card: card}, wd.titled(wd.text(idPlansText), header.Subtitle)
}
