package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// Card ids: distinct, so a message may carry several cards.
const (
	cardWelcome = "welcome"
	cardHelp    = "help"
	cardInvite  = "invite-results"
	cardRefusal = "invite-refused"
)

// Rows of people: at most maxPersonRows (the card's other widgets are the
// summary, the admin-console button and the "and N more" tail), the first
// uncollapsedRows shown before Chat's "Show more".
const (
	maxPersonRows   = maxCardWidgets - 3
	uncollapsedRows = 10
	// rowOverhead bounds a row's bytes besides its strings: keys, braces,
	// icon, wrapText and the comma between rows (TestRowSizeBound).
	rowOverhead = 140
)

// outcomeIcon is the Material Symbol shown before a person with outcome o.
func outcomeIcon(o bot.Outcome) string {
	switch o {
	case bot.Joined:
		return "check_circle"
	case bot.Invited:
		return "mail"
	case bot.Already:
		return "how_to_reg"
	case bot.NotAdded:
		return "error"
	case bot.Skipped:
		return "remove_circle"
	case bot.Refused:
		return "block"
	case bot.Pending:
		return "schedule"
	case bot.Cancelled:
		return "cancel"
	case bot.Removed:
		return "person_remove"
	}
	return "help"
}

// inviteCard reports what an /invite did, one row per person, and the plain
// summary for Message.text; extra widgets follow the counts.
func inviteCard(wd *words, rep *bot.InviteReport, extra ...Widget) (CardWithID, string) {
	sections, summary := peopleSections(wd, rep.People, listing{extra: extra})
	title := wd.text(idInviteTitle)
	card := &Card{
		Header:   &CardHeader{Title: title, Subtitle: wd.inviteSubtitle(clip(rep.Space.DisplayName, maxNameRunes), actorName(rep.Actor))},
		Sections: sections,
	}
	return CardWithID{CardID: cardInvite, Card: card}, wd.titled(title, summary)
}

// listing is how a card of people reads: adding or removing, a line of
// card HTML before the counts ("" for none), and widgets after them.
type listing struct {
	w     wording
	lead  string
	extra []Widget
}

// peopleSections are a card's body for people in one space: the counts
// (after the lead), the admin-console button when it is needed, the extra
// widgets, the rows, and the count of people who did not fit.
func peopleSections(wd *words, people []bot.PersonResult, l listing) ([]Section, string) {
	tally, notApproved := tallyPeople(people)
	summary := wd.countsAs(l.w, tally, false)
	if summary == "" {
		summary = wd.text(idNoResults)
	}
	sections := make([]Section, 1, 3)
	sections[0].Widgets = append(summaryWidgets(wd, l.lead, summary, notApproved), l.extra...)
	rows, tail, lastProblem := personRows(wd, people, l.w, maxPersonRows-len(l.extra))
	if len(rows) > 0 {
		sections = append(sections, peopleSection(wd, rows, lastProblem))
	}
	if tail != "" {
		sections = append(sections, Section{Widgets: paragraphs(tail)})
	}
	return sections, summary
}

// tallyPeople counts people per outcome (indexed like bot.Outcomes), and
// reports whether any was not added for want of the admin's approval.
func tallyPeople(people []bot.PersonResult) (tally []int, notApproved bool) {
	tally = make([]int, len(bot.Outcomes))
	for _, p := range people {
		if i := outcomeIndex(p.Outcome); i < len(tally) {
			tally[i]++
		}
		notApproved = notApproved || p.Outcome == bot.NotAdded && p.Reason == bot.ReasonNotApproved
	}
	return tally, notApproved
}

// summaryWidgets are the counts paragraph (after lead, when set) and the
// admin-console button when someone waits for the admin's approval.
func summaryWidgets(wd *words, lead, summary string, notApproved bool) []Widget {
	switch {
	case lead != "" && summary != "":
		summary = lead + "<br>" + summary // two lines
	case lead != "":
		summary = lead
	}
	w := make([]Widget, 1, 2)
	w[0].TextParagraph = &TextParagraph{Text: summary}
	if notApproved {
		w = append(w, adminButton(wd))
	}
	return w
}

// personRows builds the rows of people: one per person, except that five
// or more people with the same problem (outcome, reason and what it says)
// share one row at the place of the first of them. In report order when
// all fit the card's limits (at most maxRows rows); otherwise the rows
// that need someone to act come first, then the others, as many as fit,
// and tail counts the people left out. lastProblem is the index of the
// last row that needs someone to act, or -1.
func personRows(wd *words, people []bot.PersonResult, w wording, maxRows int) (rows []Widget, tail string, lastProblem int) {
	looks := rowLooks{wd: wd, w: w, list: make([]rowLook, 0, 2*len(bot.Outcomes))}
	entries := rowEntries(&looks, people)
	texts := make([]DecoratedText, len(entries))
	quick := 0 // a cheap upper bound on the rows' bytes: 6 per byte of text
	for i, e := range entries {
		texts[i] = looks.row(people[e.first])
		d := &texts[i]
		if len(e.more) > 0 {
			looks.group(d, people, e)
		}
		quick += rowOverhead + len(d.StartIcon.MaterialIcon.Name) +
			6*(len(d.TopLabel)+len(d.Text)+len(d.BottomLabel)+len(d.StartIcon.AltText)) + 8
	}
	budget := maxMessageBytes - reserveBytes
	fits := len(entries) <= maxRows && quick <= budget
	var sizes []int
	if !fits {
		sizes = make([]int, len(entries))
		total := 0
		for i := range texts {
			sizes[i] = rowSize(&texts[i])
			total += sizes[i]
		}
		fits = len(entries) <= maxRows && total <= budget
	}
	if fits {
		rows, lastProblem = make([]Widget, len(entries)), -1
		for i := range texts {
			rows[i].DecoratedText = &texts[i]
			if isProblem(people[entries[i].first].Outcome) {
				lastProblem = i
			}
		}
		return rows, "", lastProblem
	}
	return truncatedRows(wd, people, entries, texts, sizes, fit{bytes: budget, widgets: maxRows}, w)
}

// truncatedRows picks the rows that fit in room: those that need someone
// to act first, then the rest, each in report order; tail counts the
// people left out.
func truncatedRows(wd *words, people []bot.PersonResult, entries []rowEntry, texts []DecoratedText, sizes []int, room fit,
	w wording) (rows []Widget, tail string, lastProblem int) {
	rows = make([]Widget, 0, room.widgets)
	shown := make([]bool, len(entries))
	used, lastProblem := 0, -1
	for pass := 0; pass < 2 && used >= 0; pass++ {
		for i, e := range entries {
			if isProblem(people[e.first].Outcome) != (pass == 0) {
				continue
			}
			if len(rows) == room.widgets || used+sizes[i] > room.bytes {
				used = -1 // full: nothing after this may jump ahead of it
				break
			}
			rows = append(rows, Widget{DecoratedText: &texts[i]})
			shown[i], used = true, used+sizes[i]
			if pass == 0 {
				lastProblem = len(rows) - 1
			}
		}
	}
	rest := make([]int, len(bot.Outcomes))
	for i, e := range entries {
		if j := outcomeIndex(people[e.first].Outcome); !shown[i] && j < len(rest) {
			rest[j] += 1 + len(e.more)
		}
	}
	return rows, wd.countsAs(w, rest, true), lastProblem
}

// peopleSection holds the rows. A long list collapses behind Chat's "Show
// more", but never hides a row that needs someone to act: lastProblem is
// the index of the last such row, or -1.
func peopleSection(wd *words, rows []Widget, lastProblem int) Section {
	visible := max(uncollapsedRows, lastProblem+1)
	s := Section{Header: wd.text(idSectionPeople), Widgets: rows}
	if len(rows) > visible {
		s.Collapsible, s.UncollapsibleWidgetsCount = true, int64(visible)
	}
	return s
}

// rowLooks remembers the label, detail and icon of each outcome and reason
// seen so far, in one wording: a report has few distinct ones, and building
// each allocates. Rows point at a look's icon; looks never change once
// added, so a pointer into a backing array that append later replaced
// stays correct.
type rowLooks struct {
	wd   *words
	w    wording
	list []rowLook
}

type rowLook struct {
	outcome  bot.Outcome
	reason   bot.Reason
	as       bot.AuthorityKind
	domain   string // for ReasonDomain: the domain the detail names
	detail   string
	icon     Icon
	material MaterialIcon
}

// row is one person's row: their outcome, name and what it means.
func (l *rowLooks) row(p bot.PersonResult) DecoratedText {
	var look *rowLook
	domain := ""
	if p.Reason == bot.ReasonDomain {
		domain = bot.EmailDomain(p.Target.Email)
	}
	for i := range l.list {
		if k := &l.list[i]; k.outcome == p.Outcome && k.reason == p.Reason && k.domain == domain && k.as == p.As {
			look = k
			break
		}
	}
	if look == nil {
		l.list = append(l.list, rowLook{outcome: p.Outcome, reason: p.Reason, domain: domain, as: p.As,
			detail:   l.wd.withAuthority(l.wd.personDetail(l.w, p.Outcome, p.Reason, domain), p.Outcome, p.As),
			material: MaterialIcon{Name: outcomeIcon(p.Outcome)}})
		look = &l.list[len(l.list)-1]
		look.icon = Icon{AltText: l.wd.outcomeLabelAs(l.w, p.Outcome), MaterialIcon: &look.material}
	}
	return DecoratedText{
		TopLabel:    look.icon.AltText,
		Text:        html.EscapeString(clip(l.wd.personName(p), maxWordRunes)),
		BottomLabel: look.detail,
		StartIcon:   &look.icon,
		WrapText:    true,
	}
}

// rowSize bounds the bytes json.Marshal spends on a row.
func rowSize(d *DecoratedText) int {
	return rowOverhead + jsonLen(d.TopLabel) + jsonLen(d.Text) + jsonLen(d.BottomLabel) +
		jsonLen(d.StartIcon.AltText) + len(d.StartIcon.MaterialIcon.Name)
}

// isProblem reports whether an outcome needs someone to act, so that it is
// shown first when not everyone fits.
func isProblem(o bot.Outcome) bool { return o == bot.NotAdded || o == bot.Refused }

// outcomeIndex is o's position in bot.Outcomes, or len(bot.Outcomes) for an
// outcome this package does not know.
func outcomeIndex(o bot.Outcome) int {
	for i, known := range bot.Outcomes {
		if o == known {
			return i
		}
	}
	return len(bot.Outcomes)
}

// personName is what to call a person on a card.
func (wd *words) personName(p bot.PersonResult) string {
	for _, s := range []string{p.Target.Display, p.Target.Email, p.Target.User, p.User} {
		if s != "" {
			return s
		}
	}
	return wd.text(idUnnamed)
}

// actorName is what to call the person who asked.
func actorName(u bot.User) string {
	if u.DisplayName != "" {
		return clip(u.DisplayName, maxNameRunes)
	}
	return clip(u.Email, maxNameRunes)
}

// sentence capitalises text that starts with a lower-case letter (a-z),
// as a sentence starts in English: messages that read mid-sentence ("that's
// you") also start a row's detail. Text in a script without case is left
// as it is.
func sentence(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// adminButton opens the Admin console, where Onboard is approved.
func adminButton(wd *words) Widget {
	return Widget{ButtonList: &ButtonList{Buttons: []Button{{
		Text: wd.text(idAdminButton), AltText: wd.text(idAdminButtonAlt),
		OnClick: &OnClick{OpenLink: &OpenLink{URL: adminURL}},
	}}}}
}
