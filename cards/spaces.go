package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// spaceLayout is one space's section of a card over several spaces, while
// it is laid out.
type spaceLayout struct {
	w      wording
	header string // card HTML
	people []bot.PersonResult
	tally  []int // per outcome, indexed like bot.Outcomes
	texts  []DecoratedText
	sizes  []int
	pick   []int // the people shown, as indexes into people, in order
}

// spaceHeads reserves, space by space, each section's header, counts and
// tail while room allows. rest counts together the spaces that did not
// fit ("" when all did); room for it is reserved first.
func spaceHeads(wd *words, w wording, groups []spaceGroup, room *fit) (shown []spaceLayout, rest string) {
	all := make([]int, len(bot.Outcomes))
	tallies := make([][]int, len(groups))
	for i, g := range groups {
		tallies[i], _ = tallyPeople(g.people)
		for j, n := range tallies[i] {
			all[j] += n
		}
	}
	room.take(size(paragraph(wd.moreSpaces(len(groups), all))), 1)
	for i, g := range groups {
		header := html.EscapeString(clip(wd.spaceLabel(g.space), maxSpaceHeaderRunes))
		cost := sectionOverhead + jsonLen(header) +
			size(paragraph(wd.countsAs(w, tallies[i], false))) + size(paragraph(wd.countsAs(w, tallies[i], true)))
		if !room.take(cost, 2) {
			left := make([]int, len(bot.Outcomes))
			for _, t := range tallies[i:] {
				for j, n := range t {
					left[j] += n
				}
			}
			return shown, wd.moreSpaces(len(groups)-i, left)
		}
		shown = append(shown, spaceLayout{w: w, header: header, people: g.people, tally: tallies[i]})
	}
	return shown, ""
}

// chooseRows picks the rows that fit in room: everyone, in report order,
// when all fit; otherwise the people not added or not allowed first, then
// the rest, space by space in report order, until the first that does not
// fit.
func chooseRows(wd *words, w wording, spaces []spaceLayout, room *fit) {
	looks := rowLooks{wd: wd, w: w, list: make([]rowLook, 0, 2*len(bot.Outcomes))}
	bytes, rows := 0, 0
	for i := range spaces {
		s := &spaces[i]
		s.texts, s.sizes = make([]DecoratedText, len(s.people)), make([]int, len(s.people))
		for j, p := range s.people {
			s.texts[j] = looks.row(p)
			s.sizes[j] = rowSize(&s.texts[j])
			bytes, rows = bytes+s.sizes[j], rows+1
		}
	}
	if room.take(bytes, rows) {
		for i := range spaces {
			spaces[i].pick = make([]int, len(spaces[i].people))
			for j := range spaces[i].pick {
				spaces[i].pick[j] = j
			}
		}
		return
	}
	for pass := 0; pass < 2; pass++ {
		for i := range spaces {
			s := &spaces[i]
			for j, p := range s.people {
				if isProblem(p.Outcome) != (pass == 0) {
					continue
				}
				if !room.take(s.sizes[j], 1) {
					return // full: nothing after this may jump ahead of it
				}
				s.pick = append(s.pick, j)
			}
		}
	}
}

// section is the space's section: its counts, the rows picked and, when
// some are shown, the count of the people left out. A long list collapses, but never hides a
// row that needs someone to act.
func (s *spaceLayout) section(wd *words) Section {
	w := make([]Widget, 0, len(s.pick)+2)
	w = append(w, paragraph(wd.countsAs(s.w, s.tally, false)))
	hidden := append([]int(nil), s.tally...)
	lastProblem := -1
	for k, j := range s.pick {
		w = append(w, Widget{DecoratedText: &s.texts[j]})
		if o := outcomeIndex(s.people[j].Outcome); o < len(hidden) {
			hidden[o]--
		}
		if isProblem(s.people[j].Outcome) {
			lastProblem = k
		}
	}
	if tail := wd.countsAs(s.w, hidden, true); tail != "" && len(s.pick) > 0 {
		w = append(w, paragraph(tail))
	}
	sec := Section{Header: s.header, Widgets: w}
	if visible := 1 + max(uncollapsedPerSpace, lastProblem+1); len(w) > visible {
		sec.Collapsible, sec.UncollapsibleWidgetsCount = true, int64(visible)
	}
	return sec
}

// paragraph is one textParagraph widget of card HTML.
func paragraph(text string) Widget {
	return Widget{TextParagraph: &TextParagraph{Text: text}}
}
