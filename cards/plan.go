package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// planCard answers /plan: the plan after a change or when shown, every
// plan when listed, or why nothing was done.
func planCard(r bot.PlanReply) (CardWithID, string) {
	name := ""
	if r.Plan != nil {
		name = r.Plan.Name
	}
	switch {
	case r.Problem != "":
		return problemCard(cardPlan, r.Problem, name)
	case r.Action == bot.PlanListed:
		return planListCard(r.Plans)
	case r.Plan == nil:
		return problemCard(cardPlan, bot.ReasonBadPlanInput, "")
	}
	p := r.Plan
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 3}
	rows := make([]Widget, 0, len(p.Spaces)+3)
	for i, ps := range p.Spaces {
		w := planSpaceRow(ps)
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(moreRows(len(p.Spaces)-i, "space", "spaces")))
			break
		}
		rows = append(rows, w)
	}
	rows = append(rows, paragraph(planHint(clip(p.Name, maxWordRunes), len(p.Spaces))))
	if !p.UpdatedAt.IsZero() {
		rows = append(rows, paragraph(planChanged(p.UpdatedAt)))
	}
	title := planTitle(r.Action)
	card := &Card{
		Header:   &CardHeader{Title: title, Subtitle: planSubtitle(clip(p.Name, maxWordRunes), len(p.Spaces))},
		Sections: []Section{{Widgets: rows}},
	}
	return CardWithID{CardID: cardPlan, Card: card}, title
}

// planSpaceRow is one space of a plan: its name and welcome text, and its
// id (which /plan remove takes). Labels carry no user text: Chat documents
// formatting only for a row's text.
func planSpaceRow(ps bot.PlanSpace) Widget {
	return Widget{DecoratedText: &DecoratedText{
		Text:        planSpace(clip(spaceLabel(ps.Space), maxNameRunes), clip(ps.Welcome, maxWordRunes)),
		BottomLabel: html.EscapeString(clip(ps.Space.Name, maxWordRunes)),
		StartIcon:   &Icon{AltText: altSpace, MaterialIcon: &MaterialIcon{Name: "group"}},
		WrapText:    true,
	}}
}

// planListCard lists every plan and how many spaces it has.
func planListCard(plans []bot.Plan) (CardWithID, string) {
	header := &CardHeader{Title: titlePlans}
	if len(plans) == 0 {
		card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(textNoPlans)}}}
		return CardWithID{CardID: cardPlan, Card: card}, textPlans + ": " + planCount(0)
	}
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - 2}
	rows := make([]Widget, 0, len(plans)+2)
	for i, p := range plans {
		w := Widget{DecoratedText: &DecoratedText{
			Text:        planName(clip(p.Name, maxWordRunes)),
			BottomLabel: spacesCount(len(p.Spaces)),
			StartIcon:   &Icon{AltText: altPlan, MaterialIcon: &MaterialIcon{Name: "checklist"}},
		}}
		if !room.take(size(w), 1) {
			rows = append(rows, paragraph(moreRows(len(plans)-i, "plan", "plans")))
			break
		}
		rows = append(rows, w)
	}
	rows = append(rows, paragraph(hintPlanShow))
	header.Subtitle = planCount(len(plans))
	card := &Card{Header: header, Sections: []Section{{Widgets: rows}}}
	return CardWithID{CardID: cardPlan, Card: card}, textPlans + ": " + header.Subtitle
}
