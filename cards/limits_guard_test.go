package cards

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// worstEntries is n audit entries whose every text field is the
// costliest there is.
func worstEntries(n int, text string) []bot.AuditEntry {
	out := make([]bot.AuditEntry, n)
	for i := range out {
		out[i] = bot.AuditEntry{ID: int64(i), Time: time.Unix(int64(i)*60, 0), Actor: text, Space: text, Command: text,
			Person: text, Outcome: bot.Outcomes[i%len(bot.Outcomes)], Reason: bot.ReasonNotApproved, BatchID: text, Detail: text}
	}
	return out
}

// checkLimits fails when m is over 32,000 bytes (as json.Marshal writes
// it) or a card has over 100 widgets; it returns the widgets of the last
// card.
func checkLimits(t *testing.T, m Message) []Widget {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > maxMessageBytes {
		t.Errorf("message is %d bytes, want ≤ %d", len(b), maxMessageBytes)
	}
	var last []Widget
	for _, c := range m.CardsV2 {
		last = nil
		for _, s := range c.Card.Sections {
			last = append(last, s.Widgets...)
		}
		if len(last) > maxCardWidgets {
			t.Errorf("card %s has %d widgets, want ≤ %d", c.CardID, len(last), maxCardWidgets)
		}
	}
	return last
}

// accounted is the rows of a list card plus the count its last paragraph
// gives of the rest ("986 more — …", "and 3 more spaces").
func accounted(t *testing.T, widgets []Widget) int {
	t.Helper()
	rows := 0
	for _, w := range widgets {
		if w.DecoratedText != nil {
			rows++
		}
		if w.TextParagraph != nil {
			if m := regexp.MustCompile(`^(?:and )?(\d+) more`).FindStringSubmatch(w.TextParagraph.Text); m != nil {
				n, _ := strconv.Atoi(m[1])
				rows += n
			}
		}
	}
	return rows
}

// TestGuardCardsFitLimits: 1000 audit entries, 1000 spaces, 1000 allowed
// domains, 500 removals — of the costliest text, and of the shortest (the
// widget limit binds first) — stay within Chat's limits, and every entry
// or space is a row or counted.
func TestGuardCardsFitLimits(t *testing.T) {
	actor := bot.User{Name: "users/1", DisplayName: worstText}
	many := func(n int, name func(int) string) []bot.Space {
		out := make([]bot.Space, n)
		for i := range out {
			out[i] = bot.Space{Name: "spaces/" + name(i), DisplayName: name(i), Type: bot.SpaceNamed}
		}
		return out
	}
	short := func(i int) string { return "s" + strconv.Itoa(i) }
	worst := func(int) string { return worstText }
	tests := []struct {
		name  string
		reply bot.Reply
		want  int // entries or spaces the card must account for
	}{
		{"1000 worst audit entries, every space", bot.AuditReply{Audience: bot.Audience{Actor: actor, Welcome: true},
			Scope: "all", Entries: worstEntries(1000, worstText)}, 1000},
		{"1000 worst audit entries, one space", bot.AuditReply{Audience: bot.Audience{Actor: actor},
			Scope: worstText, Entries: worstEntries(1000, worstText)}, 1000},
		{"1000 audit entries of 5000 quotes", bot.AuditReply{Audience: bot.Audience{Actor: actor},
			Scope: "all", Entries: worstEntries(1000, strings.Repeat(`"`, 5000))}, 1000},
		{"1000 short audit entries", bot.AuditReply{Audience: bot.Audience{Actor: actor}, Scope: "all",
			Entries: worstEntries(1000, "x")}, 1000},
		{"1000 worst spaces", bot.SpacesReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Spaces: many(1000, worst)}, 1000},
		{"1000 short spaces", bot.SpacesReply{Audience: bot.Audience{Actor: actor}, Spaces: many(1000, short)}, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			widgets := checkLimits(t, Reply(tt.reply))
			if got := accounted(t, widgets); got != tt.want {
				t.Errorf("rows + counted = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestSettingsFitLimits: however many allowed domains a space has, the
// settings card fits; when they are too many for the form, the form has no
// domains field (Save then leaves them unchanged) rather than part of the
// list, which Save would store.
func TestSettingsFitLimits(t *testing.T) {
	for _, n := range []int{0, 3, 100, 1000} {
		for _, domain := range []func(int) string{
			func(i int) string { return fmt.Sprintf("d%d.example.com", i) },
			func(int) string { return worstText },
		} {
			domains := make([]string, n)
			for i := range domains {
				domains[i] = domain(i)
			}
			s := &bot.SpaceSettings{Space: "spaces/A", AllowedDomains: domains, UpdatedBy: worstText, UpdatedAt: time.Unix(0, 0)}
			m := Reply(bot.SettingsReply{Audience: bot.Audience{Welcome: true, Actor: bot.User{Name: "users/1"}}, Settings: s,
				Problem: bot.ReasonBadSettings})
			widgets := checkLimits(t, m)
			var field *TextInput
			for _, w := range widgets {
				if w.TextInput != nil && w.TextInput.Name == fieldDomains {
					field = w.TextInput
				}
			}
			shown, left := domainList(domains)
			switch {
			case left == 0 && field == nil:
				t.Errorf("%d domains fit, but the form has no domains field", n)
			case left == 0 && field.Value != strings.Join(shown, ", "):
				t.Errorf("%d domains: field starts with %q, want all of them", n, field.Value)
			case left > 0 && field != nil:
				t.Errorf("%d domains do not fit, but the form has a domains field", n)
			}
		}
	}
}

// TestRemovalAndUndoFitLimits: removal results and results with Undo
// stay within the limits, account for everyone, and spend no more than
// reserveBytes besides the rows.
func TestRemovalAndUndoFitLimits(t *testing.T) {
	actor := bot.User{Name: "users/1", DisplayName: worstText}
	space := bot.Space{Name: "spaces/A", DisplayName: worstText, Type: bot.SpaceNamed}
	removals := []bot.PersonResult{{Outcome: bot.Removed}, {Outcome: bot.NotAdded, Reason: bot.ReasonNotRemoved},
		{Outcome: bot.NotAdded, Reason: bot.ReasonNotFound}, {Outcome: bot.Skipped, Reason: bot.ReasonInvoker}}
	one := worstBatch(1, 500, true)
	tests := []struct {
		name   string
		reply  bot.Reply
		people int
	}{
		{"500 worst removals", bot.RemoveReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Report: bot.InviteReport{
			Space: space, Actor: actor, People: manyPeople(500, func(int) string { return worstText }, removals...)}}, 500},
		{"97 short removals", bot.RemoveReply{Audience: bot.Audience{Actor: actor}, Report: bot.InviteReport{
			Space: space, Actor: actor, People: manyPeople(maxPersonRows, strconv.Itoa, removals...)}}, maxPersonRows},
		{"500 worst, one space, undo", bot.BatchReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Batch: *one, UndoBatch: worstText}, 500},
		{"97 short, one space, undo", bot.BatchReply{Audience: bot.Audience{Actor: actor}, UndoBatch: "b-1", Batch: bot.Batch{
			Actor: actor, Origin: space, Items: func() []bot.Item {
				var its []bot.Item
				for _, p := range manyPeople(maxPersonRows, strconv.Itoa, everyResult()...) {
					its = append(its, bot.Item{Space: space, Target: p.Target, Result: p})
				}
				return its
			}()}}, maxPersonRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Reply(tt.reply)
			widgets := checkLimits(t, m)
			b, _ := json.Marshal(m)
			rows, rowBytes := 0, 0
			for _, w := range widgets {
				if w.DecoratedText != nil {
					wb, _ := json.Marshal(w)
					rows, rowBytes = rows+rowPeople(w.DecoratedText), rowBytes+len(wb)+1
				}
			}
			if rest := len(b) - rowBytes; rest > reserveBytes {
				t.Errorf("everything but the rows is %d bytes, want ≤ reserveBytes %d", rest, reserveBytes)
			}
			if got := rows + tailCount(t, m); got != tt.people {
				t.Errorf("rows %d + tail counts = %d people, want %d", rows, got, tt.people)
			}
		})
	}
	t.Run("12 spaces, undo", func(t *testing.T) {
		checkLimits(t, Reply(bot.BatchReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Batch: *worstBatch(12, 500, true),
			SkippedSpaces: worstSkips(30), UndoBatch: worstText}))
	})
}
