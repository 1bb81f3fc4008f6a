package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// Grouping alike problems: fifty people not added for the same reason
// read better as one row that names them than as fifty rows that repeat
// the reason.
const (
	groupAtLeast      = 5    // people with one problem before they share a row
	maxGroupNameBytes = 1500 // the names a shared row lists, escaped
)

// rowEntry is one row: the person at first, and more people who share it.
type rowEntry struct {
	first int
	more  []int
}

// rowEntries are the rows of people: one each, but people whose problem
// looks alike (same outcome, reason, domain and authority) share one row
// when there are at least groupAtLeast of them.
func rowEntries(l *rowLooks, people []bot.PersonResult) []rowEntry {
	entries := make([]rowEntry, 0, len(people))
	var byLook map[rowKey][]int
	if len(people) >= groupAtLeast {
		byLook = map[rowKey][]int{}
		for i, p := range people {
			if isProblem(p.Outcome) {
				k := keyOf(p)
				byLook[k] = append(byLook[k], i)
			}
		}
	}
	for i, p := range people {
		if !isProblem(p.Outcome) || byLook == nil {
			entries = append(entries, rowEntry{first: i})
			continue
		}
		same := byLook[keyOf(p)]
		switch {
		case len(same) < groupAtLeast:
			entries = append(entries, rowEntry{first: i})
		case same[0] == i:
			entries = append(entries, rowEntry{first: i, more: same[1:]})
		}
	}
	return entries
}

// rowKey is what makes two problems read the same on a row.
type rowKey struct {
	outcome bot.Outcome
	reason  bot.Reason
	domain  string
	as      bot.AuthorityKind
}

func keyOf(p bot.PersonResult) rowKey {
	k := rowKey{outcome: p.Outcome, reason: p.Reason, as: p.As}
	if p.Reason == bot.ReasonDomain {
		k.domain = bot.EmailDomain(p.Target.Email)
	}
	return k
}

// group turns d, the row of e's first person, into the row they share:
// the outcome and how many, and their names as far as they fit.
func (l *rowLooks) group(d *DecoratedText, people []bot.PersonResult, e rowEntry) {
	n := 1 + len(e.more)
	d.TopLabel = l.wd.count(idGroupLabel, n, vars{"Outcome": d.TopLabel})
	sep := l.wd.text(idGroupSeparator)
	names := d.Text
	listed := 1
	for _, i := range e.more {
		name := html.EscapeString(clip(l.wd.personName(people[i]), maxWordRunes))
		if len(names)+len(sep)+len(name) > maxGroupNameBytes {
			break
		}
		names += sep + name
		listed++
	}
	if listed < n {
		names = l.wd.count(idGroupMore, n-listed, vars{"Names": names})
	}
	d.Text = names
}
