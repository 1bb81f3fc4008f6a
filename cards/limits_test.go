package cards

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

// worstText is 128 characters that cost the most on the wire: each one is
// ten bytes once HTML-escaped and JSON-encoded.
var worstText = strings.Repeat(`<&"'`, 32)

// manyPeople is n people cycling through outs, each named by name(i).
func manyPeople(n int, name func(int) string, outs ...bot.PersonResult) []bot.PersonResult {
	people := make([]bot.PersonResult, n)
	for i := range people {
		people[i] = outs[i%len(outs)]
		people[i].Target = bot.Target{User: fmt.Sprintf("users/%d", i), Display: name(i)}
	}
	return people
}

func everyResult() []bot.PersonResult {
	return []bot.PersonResult{
		{Outcome: bot.Joined}, {Outcome: bot.Invited}, {Outcome: bot.Already},
		{Outcome: bot.NotAdded, Reason: bot.ReasonNotApproved}, {Outcome: bot.NotAdded, Reason: bot.ReasonAPIError},
		{Outcome: bot.Skipped, Reason: bot.ReasonUnrecognised}, {Outcome: bot.Refused, Reason: bot.ReasonTooMany},
	}
}

// TestWorstCaseFitsLimits: whatever the report, the message stays within
// 32,000 bytes as json.Marshal writes it (HTML escaping on, as Echo
// encodes), each card within 100 widgets, every person is either a row or
// counted in the tail, and everything but the rows fits reserveBytes.
func TestWorstCaseFitsLimits(t *testing.T) {
	worstName := func(int) string { return worstText }
	short := func(i int) string { return "p" + strconv.Itoa(i) }
	huge := func(int) string { return strings.Repeat(`"`, 5000) }
	worstSpace := bot.Space{Name: "spaces/AAAA", DisplayName: worstText, Type: bot.SpaceNamed}
	worstActor := bot.User{Name: "users/1", DisplayName: worstText}
	tests := []struct {
		name   string
		people []bot.PersonResult
	}{
		{"500 worst names, every outcome", manyPeople(500, worstName, everyResult()...)},
		{"500 worst names, all not added", manyPeople(500, worstName, bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonNotApproved})},
		{"500 short names, all added", manyPeople(500, short, bot.PersonResult{Outcome: bot.Joined})},
		{"97 short names, the most rows", manyPeople(maxPersonRows, short, everyResult()...)},
		{"98 short names, one too many", manyPeople(maxPersonRows+1, short, everyResult()...)},
		{"20 words of 5000 quotes", manyPeople(20, huge, bot.PersonResult{Outcome: bot.Skipped, Reason: bot.ReasonUnrecognised})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bot.InviteReply{Audience: bot.Audience{Actor: worstActor, Private: true, Welcome: true},
				Report: bot.InviteReport{Space: worstSpace, Actor: worstActor, People: tt.people}}
			m := Reply(r)
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > maxMessageBytes {
				t.Errorf("message is %d bytes, want ≤ %d", len(b), maxMessageBytes)
			}
			rows, rowBytes := 0, 0
			for _, c := range m.CardsV2 {
				widgets := 0
				for _, s := range c.Card.Sections {
					widgets += len(s.Widgets)
					for _, w := range s.Widgets {
						if w.DecoratedText != nil && c.CardID == cardInvite {
							wb, _ := json.Marshal(w)
							rows, rowBytes = rows+rowPeople(w.DecoratedText), rowBytes+len(wb)+1
						}
					}
				}
				if widgets > maxCardWidgets {
					t.Errorf("card %s has %d widgets, want ≤ %d", c.CardID, widgets, maxCardWidgets)
				}
			}
			if rest := len(b) - rowBytes; rest > reserveBytes {
				t.Errorf("everything but the rows is %d bytes, want ≤ reserveBytes %d", rest, reserveBytes)
			}
			if got := rows + tailCount(t, m); got != len(tt.people) {
				t.Errorf("rows %d + tail counts = %d people, want %d", rows, got, len(tt.people))
			}
		})
	}
}

// tailCount adds up the "and N more …" counts of an invite card.
func tailCount(t *testing.T, m Message) int {
	t.Helper()
	n := 0
	for _, c := range m.CardsV2 {
		n += moreCount(c.Card)
	}
	return n
}

// TestTruncationShowsProblemsFirst: when not everyone fits, the people not
// added or not allowed lead, in report order.
func TestTruncationShowsProblemsFirst(t *testing.T) {
	people := manyPeople(300, func(i int) string { return worstText },
		bot.PersonResult{Outcome: bot.Joined}, bot.PersonResult{Outcome: bot.Joined},
		bot.PersonResult{Outcome: bot.Refused, Reason: bot.ReasonPolicy},
		bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonNotFound})
	rows, tail, _ := personRows(english(t), people[:6], adding, maxPersonRows) // all fit: report order
	var got []string
	for _, w := range rows {
		got = append(got, w.DecoratedText.TopLabel)
	}
	if want := "Added,Added,Not allowed,Not added,Added,Added"; strings.Join(got, ",") != want || tail != "" {
		t.Errorf("6 people: rows %q tail %q, want %q and no tail", got, tail, want)
	}
	// 75 not allowed and 75 not added share a row each, which lead.
	rows, tail, _ = personRows(english(t), people, adding, maxPersonRows)
	got = nil
	for _, w := range rows[:3] {
		got = append(got, w.DecoratedText.TopLabel)
	}
	if want := "Not allowed · 75 people,Not added · 75 people,Added"; strings.Join(got, ",") != want {
		t.Errorf("300 people: first rows %q, want %q", got, want)
	}
	if !strings.HasPrefix(tail, "and ") || strings.Contains(tail, "not") {
		t.Errorf("tail = %q, want only more added", tail)
	}
	// Problems too few to share a row still lead, each on its own.
	people = manyPeople(300, func(i int) string { return worstText }, bot.PersonResult{Outcome: bot.Joined})
	people[100].Outcome, people[100].Reason = bot.NotAdded, bot.ReasonNotFound
	people[299].Outcome, people[299].Reason = bot.Refused, bot.ReasonPolicy
	rows, _, last := personRows(english(t), people, adding, maxPersonRows)
	if a, b := rows[0].DecoratedText.TopLabel, rows[1].DecoratedText.TopLabel; a != "Not added" || b != "Not allowed" || last != 1 {
		t.Errorf("two problems among 300: rows start %q, %q (last problem %d); want them first", a, b, last)
	}
}

// TestAlikeProblemsShareARow: five or more people with the same problem
// share one row that names them and says how many; four do not; a
// shared row names as many as fit and counts the rest.
func TestAlikeProblemsShareARow(t *testing.T) {
	name := func(i int) string { return "p" + strconv.Itoa(i) }
	notFound := bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonNotFound}
	four := append(manyPeople(4, name, notFound), manyPeople(2, name, bot.PersonResult{Outcome: bot.Joined})...)
	if rows, _, _ := personRows(english(t), four, adding, maxPersonRows); len(rows) != 6 {
		t.Errorf("4 alike problems and 2 added: %d rows, want 6", len(rows))
	}
	fifty := append(manyPeople(1, name, bot.PersonResult{Outcome: bot.Joined}), manyPeople(50, name, notFound)...)
	fifty = append(fifty, manyPeople(1, name, bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonExternal})...)
	rows, tail, last := personRows(english(t), fifty, adding, maxPersonRows)
	if len(rows) != 3 || tail != "" || last != 2 {
		t.Fatalf("1 added, 50 not found, 1 external: %d rows, tail %q, last problem %d; want 3 rows", len(rows), tail, last)
	}
	shared := rows[1].DecoratedText
	if shared.TopLabel != "Not added · 50 people" || !strings.HasPrefix(shared.Text, "p0, p1, p2") ||
		!strings.Contains(strings.ToLower(shared.BottomLabel), "no one with that address") {
		t.Errorf("the shared row: %+v", shared)
	}
	long := manyPeople(300, func(i int) string { return worstText }, notFound)
	rows, _, _ = personRows(english(t), long, adding, maxPersonRows)
	d := rows[0].DecoratedText
	if len(rows) != 1 || !strings.HasSuffix(d.Text, " more") || len(d.Text) > maxGroupNameBytes+100 {
		t.Errorf("300 alike with long names: %d rows, text of %d bytes ending %q", len(rows), len(d.Text), d.Text[max(0, len(d.Text)-20):])
	}
}

// TestRowSizeBound: rowSize never underestimates what json.Marshal writes.
func TestRowSizeBound(t *testing.T) {
	for _, o := range append(append([]bot.Outcome{}, bot.Outcomes...), "mystery") {
		for _, r := range allReasons(t) {
			for _, name := range []string{"", "a", worstText, strings.Repeat("é\u2028\x01\xff", 40)} {
				for _, w := range []wording{adding, removing} {
					looks := rowLooks{wd: english(t), w: w}
					d := looks.row(bot.PersonResult{Target: bot.Target{Display: name, Email: "x@" + name}, Outcome: o, Reason: r})
					b, err := json.Marshal(Widget{DecoratedText: &d})
					if err != nil {
						t.Fatal(err)
					}
					if got, est := len(b)+1, rowSize(&d); got > est {
						t.Errorf("%s/%s/%q: row is %d bytes, rowSize says %d", o, r, name, got, est)
					}
				}
			}
		}
	}
}

func TestJSONLen(t *testing.T) {
	for _, s := range []string{"", "plain", worstText, "é€😀", "\u2028\u2029", "\x00\n\t\x7f", "\xff\xfe", `a\b"c`} {
		b, _ := json.Marshal(s)
		if got := jsonLen(s); got < len(b) {
			t.Errorf("jsonLen(%q) = %d, want ≥ %d", s, got, len(b))
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven chars", 10, "eleven ch…"},
		{"日本語のテキスト", 4, "日本語…"},
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestLongListsCollapseButShowProblems: past ten rows the list collapses,
// but never behind a row that needs someone to act.
func TestLongListsCollapseButShowProblems(t *testing.T) {
	short := func(i int) string { return "p" + strconv.Itoa(i) }
	tests := []struct {
		name          string
		people        []bot.PersonResult
		wantCollapse  bool
		wantUncollaps int64
	}{
		{"ten rows stay open", manyPeople(10, short, bot.PersonResult{Outcome: bot.Joined}), false, 0},
		{"thirty rows collapse to ten", manyPeople(30, short, bot.PersonResult{Outcome: bot.Joined}), true, 10},
		{"a problem at row 25 stays visible", func() []bot.PersonResult {
			p := manyPeople(30, short, bot.PersonResult{Outcome: bot.Joined})
			p[24].Outcome, p[24].Reason = bot.NotAdded, bot.ReasonNotFound
			return p
		}(), true, 25},
		{"a problem in the last row: no collapse", func() []bot.PersonResult {
			p := manyPeople(30, short, bot.PersonResult{Outcome: bot.Joined})
			p[29].Outcome, p[29].Reason = bot.Refused, bot.ReasonPolicy
			return p
		}(), false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _, last := personRows(english(t), tt.people, adding, maxPersonRows)
			s := peopleSection(english(t), rows, last)
			if s.Collapsible != tt.wantCollapse || s.UncollapsibleWidgetsCount != tt.wantUncollaps {
				t.Errorf("collapsible %v, uncollapsed %d; want %v, %d",
					s.Collapsible, s.UncollapsibleWidgetsCount, tt.wantCollapse, tt.wantUncollaps)
			}
		})
	}
}
