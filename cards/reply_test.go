package cards_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// TestReplyShape: who sees each message, and which cards it carries.
func TestReplyShape(t *testing.T) {
	tests := []struct {
		name       string
		reply      bot.Reply
		wantViewer string // "" for a public message
		wantCards  []string
	}{
		{"nothing to say", nil, "", nil},
		{"invite results are public", inviteReply(mixedPeople()...), "", []string{"invite-results"}},
		{"private invite results", func() bot.Reply { r := inviteReply(mixedPeople()...); r.Private = true; return r }(),
			sam.Name, []string{"invite-results"}},
		{"refusal is private", refusalReply(platform, bot.Refusal{Reason: bot.ReasonPolicy}), sam.Name, []string{"invite-refused"}},
		{"refusal is private even if bot forgot", func() bot.Reply {
			r := refusalReply(platform, bot.Refusal{Reason: bot.ReasonNoPeople})
			r.Private = false
			return r
		}(), sam.Name, []string{"invite-refused"}},
		{"help is private", bot.HelpReply{Audience: bot.Audience{Actor: sam}}, sam.Name, []string{"help"}},
		{"welcome is public", bot.WelcomeReply{Audience: bot.Audience{Actor: sam}}, "", []string{"welcome"}},
		{"welcome comes first", func() bot.Reply { r := inviteReply(mixedPeople()...); r.Welcome = true; return r }(),
			"", []string{"welcome", "invite-results"}},
		{"welcome with a help reply", bot.HelpReply{Audience: bot.Audience{Actor: sam, Welcome: true}},
			sam.Name, []string{"welcome", "help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantAudience(t, cards.Reply(tt.reply), tt.wantViewer, tt.wantCards)
		})
	}
}

func TestNothingToSayEncodesToEmptyObject(t *testing.T) {
	b, err := json.Marshal(cards.Reply(nil))
	if err != nil || string(b) != "{}" {
		t.Errorf("Reply(nil) encodes to %s, %v; want {}", b, err)
	}
}

// TestUserTextIsEscaped: a hostile name never reaches a card as HTML, and
// no user text reaches the plain text, where Chat reads <users/…> markup.
func TestUserTextIsEscaped(t *testing.T) {
	evil := bot.Target{User: "users/444", Display: hostile, Email: hostile}
	space := bot.Space{Name: "spaces/A", DisplayName: hostile, Type: bot.SpaceNamed}
	actor := bot.User{Name: "users/1", DisplayName: hostile}
	replies := map[string]bot.Reply{
		"invite": bot.InviteReply{Audience: bot.Audience{Actor: actor, Welcome: true}, Report: bot.InviteReport{
			Space: space, Actor: actor, People: []bot.PersonResult{
				{Target: evil, Outcome: bot.Joined}, {Target: evil, Outcome: bot.Skipped, Reason: bot.ReasonUnrecognised},
				{Target: bot.Target{Email: hostile}, Outcome: bot.NotAdded, Reason: bot.ReasonNotFound}}}},
		"help":    bot.HelpReply{Audience: bot.Audience{Actor: actor}, UnknownCommand: "/" + hostile},
		"refusal": refusalReply(space, bot.Refusal{Reason: bot.ReasonNotMember}),
		"policy":  refusalReply(space, bot.Refusal{Reason: bot.ReasonPolicy}),
	}
	for name, r := range replies {
		t.Run(name, func(t *testing.T) { assertEscaped(t, cards.Reply(r)) })
	}
}

// assertEscaped checks that the hostile text appears in m, escaped, in the
// fields Chat formats as HTML and nowhere raw there; that a card header —
// plain text, which Chat does not format — carries it raw and never as
// entities ("R&amp;D" would show as such); and that m's plain text carries
// none of it.
func assertEscaped(t *testing.T, m cards.Message) {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var decoded any
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	escaped := 0
	walkStrings(decoded, false, func(s string, plain bool) {
		switch {
		case plain && strings.Contains(s, "&lt;") || plain && strings.Contains(s, "&amp;"):
			t.Errorf("HTML entities in a card header, where Chat shows them as typed: %q", s)
		case plain:
			if strings.Contains(s, hostile) {
				escaped++ // shown as typed, which is right in a header
			}
		case strings.Contains(s, hostile) || strings.Contains(s, "<b>x"):
			t.Errorf("raw user text in %q", s)
		case strings.Contains(s, "&lt;b&gt;x&lt;/b&gt;&amp;"):
			escaped++
		}
	})
	if escaped == 0 {
		t.Error("the name appears nowhere; want it shown (escaped where Chat formats text)")
	}
	if strings.Contains(m.Text, "x</b>") || strings.Contains(m.Text, "x&lt;") {
		t.Errorf("text %q carries user text", m.Text)
	}
}

// walkStrings calls f with every string in a decoded JSON value; plain says
// the string is a card header's title or subtitle (an object under "header";
// a section's "header" is a formatted string).
func walkStrings(v any, plain bool, f func(s string, plain bool)) {
	switch v := v.(type) {
	case string:
		f(v, plain)
	case []any:
		for _, e := range v {
			walkStrings(e, false, f)
		}
	case map[string]any:
		for k, e := range v {
			if k == "action" {
				continue // a click's function and parameters: sent back, never shown
			}
			_, obj := e.(map[string]any)
			_, str := e.(string)
			walkStrings(e, k == "header" && obj || plain && str, f)
		}
	}
}

func BenchmarkEncodeInviteCard(b *testing.B) {
	r := inviteReply(crowd(20, func(i int) string { return "Person Number " + string(rune('A'+i)) })...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(cards.Reply(r)); err != nil {
			b.Fatal(err)
		}
	}
}

// wantAudience checks who may see m and which cards it carries.
func wantAudience(t *testing.T, m cards.Message, wantViewer string, wantCards []string) {
	t.Helper()
	viewer := ""
	if m.PrivateMessageViewer != nil {
		viewer = m.PrivateMessageViewer.Name
	}
	var ids []string
	for _, c := range m.CardsV2 {
		ids = append(ids, c.CardID)
	}
	if viewer != wantViewer {
		t.Errorf("privateMessageViewer = %q, want %q", viewer, wantViewer)
	}
	if diff := cmp.Diff(wantCards, ids); diff != "" {
		t.Errorf("card ids (-want +got):\n%s", diff)
	}
	if len(ids) > 0 && m.Text == "" {
		t.Error("text is empty; Chat shows it in notifications")
	}
}

// BenchmarkEncodeHelp is the reply to /help as the edge encodes it: the
// card built once and shared, the message around it for each asker.
func BenchmarkEncodeHelp(b *testing.B) {
	r := bot.HelpReply{Audience: bot.Audience{Actor: bot.User{Name: "users/1"}, Locale: "en"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cards.Marshal(cards.Reply(r)); err != nil {
			b.Fatal(err)
		}
	}
}
