package cards_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// TestOnePersonNamedTwiceIsReportedOnce: "/invite @Alice
// alice@example.com" adds Alice once (the second naming finds her there
// already); the card shows her once, added, under her name, and counts
// one person.
func TestOnePersonNamedTwiceIsReportedOnce(t *testing.T) {
	byAddress := bot.Target{User: "users/alice@example.com", Display: "alice@example.com", Email: "alice@example.com"}
	item := func(target bot.Target, user string, o bot.Outcome) bot.Item {
		return bot.Item{Space: platform, Target: target, Result: bot.PersonResult{Target: target, User: user, Outcome: o}}
	}
	for name, items := range map[string][]bot.Item{
		"mention first": {item(alice, alice.User, bot.Joined), item(byAddress, alice.User, bot.Already),
			item(carol, "users/333", bot.Joined)},
		"address first": {item(byAddress, alice.User, bot.Joined), item(alice, alice.User, bot.Already),
			item(carol, "users/333", bot.Joined)},
	} {
		t.Run(name, func(t *testing.T) {
			m := cards.Reply(bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: bot.Batch{ID: "b-1", Actor: sam,
				Origin: platform, Items: items, Done: true}})
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			body := string(b)
			if n := strings.Count(body, `"text":"Alice Ng"`); n != 1 || strings.Contains(body, `"text":"alice@example.com"`) {
				t.Errorf("Alice shown %d times (and by address: %v), want once by name:\n%s", n,
					strings.Contains(body, `"text":"alice@example.com"`), body)
			}
			if !strings.HasSuffix(m.Text, ": 2 added") {
				t.Errorf("summary %q, want 2 added and nobody already there", m.Text)
			}
		})
	}
}
