package cards

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/onboard-chat/onboard/bot"
)

// TestZhTWCardsFitLimits: the largest cards stay within Chat's limits
// (32,000 bytes a message, 100 widgets a card) in Traditional Chinese too,
// where a character of text takes three bytes.
func TestZhTWCardsFitLimits(t *testing.T) {
	zh := bot.Audience{Actor: bot.User{Name: "users/1", DisplayName: worstText}, Private: true, Welcome: true,
		Locale: "zh-TW", TimeZone: "Asia/Taipei"}
	worstSpace := bot.Space{Name: "spaces/AAAA", DisplayName: worstText, Type: bot.SpaceNamed}
	preview := preview500(func(int) string { return worstText })
	short := preview500(func(i int) string { return "p" + strconv.Itoa(i) })
	batch := worstBatch(12, 500, true)
	batch.Locale, batch.TimeZone = "zh-TW", "Asia/Taipei"
	running := *batch
	running.Done = false
	tests := map[string]Message{
		"invite, 500 worst names, every outcome": Reply(bot.InviteReply{Audience: zh, Report: bot.InviteReport{
			Space: worstSpace, Actor: zh.Actor, People: manyPeople(500, func(int) string { return worstText }, everyResult()...)}}),
		"preview of 500":              Reply(bot.PreviewReply{Audience: zh, Preview: preview}),
		"preview of 500 in a dialog":  Reply(bot.DialogReply{Audience: zh, Preview: &preview}),
		"preview of 500 short names":  Reply(bot.PreviewReply{Audience: zh, Preview: short}),
		"batch 500 × 12":              Reply(bot.BatchReply{Audience: zh, Batch: *batch, SkippedSpaces: worstSkips(30)}),
		"progress 500 × 12 finished":  Progress(*batch, 0),
		"progress 500 × 12 running":   Progress(running, time.Hour),
		"help for an admin":           Reply(bot.HelpReply{Audience: zh, Admin: true}),
		"settings, every domain used": Reply(bot.SettingsReply{Audience: zh, Settings: &bot.SpaceSettings{Space: "spaces/AAAA", AllowedDomains: manyDomains(400)}, Space: worstSpace}),
	}
	for name, m := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > maxMessageBytes {
				t.Errorf("%d bytes, want ≤ %d", len(b), maxMessageBytes)
			}
			if utf8.RuneCount(b) == len(b) {
				t.Error("no Chinese in the message: the zh-TW words were not used")
			}
			cards := m.CardsV2
			if m.ActionResponse != nil && m.ActionResponse.DialogAction != nil {
				cards = []CardWithID{{Card: m.ActionResponse.DialogAction.Dialog.Body}}
			}
			for _, c := range cards {
				widgets := 0
				for _, s := range c.Card.Sections {
					widgets += len(s.Widgets)
				}
				if widgets > maxCardWidgets {
					t.Errorf("card %s: %d widgets, want ≤ %d", c.CardID, widgets, maxCardWidgets)
				}
			}
		})
	}
}

// manyDomains are n long, distinct domains.
func manyDomains(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "a-rather-long-subdomain-of-the-organisation-" + strconv.Itoa(i) + ".example.com"
	}
	return out
}
