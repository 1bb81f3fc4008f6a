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

// worstBatch is n people in each of spaces spaces, the names of people and
// spaces the costliest there are, every outcome; finished when done.
func worstBatch(spaces, n int, done bool) *bot.Batch {
	b := &bot.Batch{ID: worstText, Actor: bot.User{Name: "users/1", DisplayName: worstText},
		Origin: bot.Space{Name: "spaces/O"}, CreatedAt: time.Unix(0, 0), Done: done}
	outs := append(everyResult(), bot.PersonResult{Outcome: bot.Cancelled, Reason: bot.ReasonByRequester},
		bot.PersonResult{Outcome: bot.Removed}, bot.PersonResult{Outcome: bot.Pending})
	for s := range spaces {
		space := bot.Space{Name: fmt.Sprintf("spaces/S%d", s), DisplayName: worstText}
		for _, p := range manyPeople(n, func(int) string { return worstText }, outs...) {
			b.Items = append(b.Items, bot.Item{Space: space, Target: p.Target, Result: p})
		}
	}
	return b
}

// worstSkips is n skipped spaces of the costliest names.
func worstSkips(n int) []bot.SpaceSkip {
	skips := make([]bot.SpaceSkip, n)
	for i := range skips {
		skips[i] = bot.SpaceSkip{Space: bot.Space{Name: "spaces/K" + strconv.Itoa(i), DisplayName: worstText}, Reason: bot.ReasonPolicy}
	}
	return skips
}

// TestJobCardsFitLimits: whatever the batch, plan or job list, the message
// stays within 32,000 bytes as json.Marshal writes it and 100 widgets a
// card; in results, every person is a row or counted, and every skipped
// space is listed or counted.
func TestJobCardsFitLimits(t *testing.T) {
	quotes := strings.Repeat(`"`, 5000)
	actor := bot.User{Name: "users/1", DisplayName: worstText}
	var plans []bot.Plan
	var spaces []bot.PlanSpace
	for i := range 300 {
		spaces = append(spaces, bot.PlanSpace{Space: bot.Space{Name: "spaces/" + quotes[:200], DisplayName: worstText}, Welcome: quotes})
		plans = append(plans, bot.Plan{Name: quotes + strconv.Itoa(i), Spaces: spaces})
	}
	plans = append(plans, plans...)
	var batches []bot.Batch
	for range 200 {
		batches = append(batches, *worstBatch(2, 3, false))
	}
	tests := []struct {
		name    string
		msg     Message
		people  int // people the card must account for; 0: not a results card
		skipped int
	}{
		{"batch 500 × 12, 30 skipped", Reply(bot.BatchReply{Audience: bot.Audience{Actor: actor, Private: true, Welcome: true},
			Batch: *worstBatch(12, 500, true), SkippedSpaces: worstSkips(30)}), 6000, 30},
		{"batch 60 spaces × 10", Reply(bot.BatchReply{Audience: bot.Audience{Actor: actor}, Batch: *worstBatch(60, 10, true)}), 600, 0},
		{"batch 200 skipped, nobody", Reply(bot.BatchReply{Audience: bot.Audience{Actor: actor},
			Batch: bot.Batch{Done: true}, SkippedSpaces: worstSkips(200)}), 0, 200},
		{"progress 500 × 12 running", Progress(*worstBatch(12, 500, false), time.Hour), 0, 0},
		{"progress 500 × 12 finished", Progress(*worstBatch(12, 500, true), 0), 6000, 0},
		{"progress 500 × 1 finished", Progress(*worstBatch(1, 500, true), 0), 500, 0},
		{"progress 500 × 12 cancelled", Progress(func() bot.Batch { b := worstBatch(12, 500, true); b.Cancelled = true; return *b }(), 0), 6000, 0},
		{"working 500 × 12, 200 skipped", Reply(bot.WorkingReply{Audience: bot.Audience{Actor: actor, Welcome: true},
			Batch: *worstBatch(12, 500, false), SkippedSpaces: worstSkips(200), ETA: time.Hour}), 0, 200},
		{"status of 200 jobs", Reply(bot.StatusReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Batches: batches}), 0, 0},
		{"plan of 300 spaces", Reply(bot.PlanReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Action: bot.PlanShown,
			Plan: &bot.Plan{Name: quotes, Spaces: spaces, UpdatedAt: time.Unix(0, 0)}}), 0, 0},
		{"600 plans", Reply(bot.PlanReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Action: bot.PlanListed, Plans: plans}), 0, 0},
		{"no such plan", Reply(bot.PlanReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Problem: bot.ReasonNoPlan, Plan: &bot.Plan{Name: quotes}}), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > maxMessageBytes {
				t.Errorf("message is %d bytes, want ≤ %d", len(b), maxMessageBytes)
			}
			for _, c := range tt.msg.CardsV2 {
				if n := widgetCount(c.Card); n > maxCardWidgets {
					t.Errorf("card %s has %d widgets, want ≤ %d", c.CardID, n, maxCardWidgets)
				}
			}
			if tt.people > 0 {
				if got := accountedPeople(t, tt.msg); got != tt.people {
					t.Errorf("rows and counts account for %d people, want %d", got, tt.people)
				}
			}
			if got := accountedSkips(t, tt.msg); got != tt.skipped {
				t.Errorf("skipped spaces listed or counted: %d, want %d", got, tt.skipped)
			}
		})
	}
}

func widgetCount(c *Card) int {
	n := 0
	for _, s := range c.Sections {
		n += len(s.Widgets)
	}
	return n
}

var (
	moreSpacesRe = regexp.MustCompile(`^and (\d+) more spaces?(?:: (.*))?$`)
	countRe      = regexp.MustCompile(`(\d+) `)
	moreRe       = regexp.MustCompile(`(\d+) more`)
)

// accountedPeople adds up the people a results card accounts for. A
// section of one space of several starts with its counts, and its rows and
// "and N more …" line, when it has rows, must add up to them; the other
// results count rows and "and N more …" lines.
func accountedPeople(t *testing.T, m Message) int {
	t.Helper()
	n := 0
	en := english(t)
	for _, c := range m.CardsV2 {
		if c.CardID == cardWelcome {
			continue
		}
		for _, s := range c.Card.Sections {
			switch {
			case s.Header == en.text(idSectionSkipped):
			case s.Header != "" && s.Header != en.text(idSectionPeople):
				total := sumOf(countRe, s.Widgets[0].TextParagraph.Text)
				if shown := linesOf(s.Widgets[1:]); len(s.Widgets) > 1 && shown != total {
					t.Errorf("space %.20s: rows and tail add up to %d, its counts to %d", s.Header, shown, total)
				}
				n += total
			default:
				n += linesOf(s.Widgets)
			}
		}
	}
	return n
}

// linesOf adds up rows and the people counted by "and N more …" lines.
func linesOf(widgets []Widget) int {
	n := 0
	for _, w := range widgets {
		switch {
		case w.DecoratedText != nil:
			n += rowPeople(w.DecoratedText)
		case w.TextParagraph == nil || !strings.HasPrefix(w.TextParagraph.Text, "and "):
		case moreSpacesRe.MatchString(w.TextParagraph.Text):
			n += sumOf(countRe, moreSpacesRe.FindStringSubmatch(w.TextParagraph.Text)[2])
		default:
			n += sumOf(moreRe, w.TextParagraph.Text)
		}
	}
	return n
}

// sharedRowRe finds how many people share a row ("Not added · 50 people").
var sharedRowRe = regexp.MustCompile(` · (\d+) (?:person|people)$`)

// rowPeople is how many people a row stands for: 1, or those who share it.
func rowPeople(d *DecoratedText) int {
	if m := sharedRowRe.FindStringSubmatch(d.TopLabel); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

// sumOf adds up the numbers re's first group finds in s.
func sumOf(re *regexp.Regexp, s string) int {
	n := 0
	for _, k := range re.FindAllStringSubmatch(s, -1) {
		v, _ := strconv.Atoi(k[1])
		n += v
	}
	return n
}

// accountedSkips adds up the skipped spaces listed and counted.
func accountedSkips(t *testing.T, m Message) int {
	t.Helper()
	n := 0
	skipped := english(t).text(idSectionSkipped)
	for _, c := range m.CardsV2 {
		for _, s := range c.Card.Sections {
			if s.Header != skipped {
				continue
			}
			for _, w := range s.Widgets {
				if w.DecoratedText != nil {
					n++
				} else if k := moreRe.FindStringSubmatch(w.TextParagraph.Text); k != nil {
					v, _ := strconv.Atoi(k[1])
					n += v
				}
			}
		}
	}
	return n
}
