package cards

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

// TestPreviewFitsLimits: a 500-person preview — as a private message and
// in the dialog — stays within 32,000 bytes and 100 widgets whatever the
// names, shows the first of every group of outcomes, and accounts for
// every person as a row or a count.
func TestPreviewFitsLimits(t *testing.T) {
	names := map[string]func(int) string{
		"worst names": func(int) string { return worstText },
		"short names": func(i int) string { return "p" + strconv.Itoa(i) },
	}
	for label, name := range names {
		for _, inDialog := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, dialog %v", label, inDialog), func(t *testing.T) {
				p := preview500(name)
				var m Message
				if inDialog {
					m = Reply(bot.DialogReply{Audience: bot.Audience{Private: true}, Preview: &p})
				} else {
					m = Reply(bot.PreviewReply{Audience: bot.Audience{Private: true}, Preview: p})
				}
				b, err := json.Marshal(m)
				if err != nil {
					t.Fatal(err)
				}
				if len(b) > maxMessageBytes {
					t.Errorf("%d bytes, want ≤ %d", len(b), maxMessageBytes)
				}
				card := previewCardOf(t, m)
				widgets, rows, labels := 0, 0, map[string]int{}
				for _, s := range card.Sections {
					widgets += len(s.Widgets)
					for _, w := range s.Widgets {
						if w.DecoratedText != nil {
							rows++
							labels[w.DecoratedText.TopLabel]++
						}
					}
				}
				if widgets > maxCardWidgets {
					t.Errorf("%d widgets, want ≤ %d", widgets, maxCardWidgets)
				}
				for _, l := range []string{"Will be added or invited", "Already a member or invited", "Cannot be added"} {
					if labels[l] == 0 {
						t.Errorf("no row labelled %q: %v", l, labels)
					}
				}
				if got := rows + moreCount(card); got != 500 {
					t.Errorf("rows %d + counts of the rest = %d, want 500", rows, got)
				}
			})
		}
	}
}

// preview500 is a preview of 500 people: 430 to add, 50 in already, 20
// who cannot be added.
func preview500(name func(int) string) bot.PreviewReport {
	var items []bot.Item
	for i := range 500 {
		r := bot.PersonResult{Outcome: bot.Pending}
		switch {
		case i%10 == 3:
			r.Outcome = bot.Already
		case i%25 == 7:
			r.Outcome, r.Reason = bot.NotAdded, bot.ReasonExternal
		}
		r.Target = bot.Target{User: fmt.Sprintf("users/%d", i), Display: name(i)}
		items = append(items, bot.Item{Space: bot.Space{Name: "spaces/A", DisplayName: worstText}, Target: r.Target, Result: r})
	}
	return bot.PreviewReport{ID: "p", Command: bot.CmdInvite, Actor: bot.User{Name: "users/1", DisplayName: worstText},
		Items: items, People: 500, State: bot.PreviewPending}
}

func previewCardOf(t *testing.T, m Message) *Card {
	t.Helper()
	if m.ActionResponse != nil && m.ActionResponse.DialogAction != nil {
		return m.ActionResponse.DialogAction.Dialog.Body
	}
	if len(m.CardsV2) != 1 {
		t.Fatalf("%d cards, want 1", len(m.CardsV2))
	}
	return m.CardsV2[0].Card
}

// moreCount adds up the "and N more …" counts of a card (a preview's or
// an invite card's).
func moreCount(c *Card) int {
	n := 0
	for _, s := range c.Sections {
		for _, w := range s.Widgets {
			if w.TextParagraph == nil || !strings.HasPrefix(w.TextParagraph.Text, "and ") {
				continue
			}
			for _, match := range regexp.MustCompile(`(\d+) more`).FindAllStringSubmatch(w.TextParagraph.Text, -1) {
				k, _ := strconv.Atoi(match[1])
				n += k
			}
		}
	}
	return n
}
