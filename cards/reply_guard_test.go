package cards_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// TestGuardReplyShape: who sees each guardrail message, and which card it
// carries. Everything is private to the person who asked, except removal
// results in which someone was removed: the space sees who removed whom.
func TestGuardReplyShape(t *testing.T) {
	single := batch("b-1", true, items(platform, mixedPeople()...))
	tests := []struct {
		name       string
		reply      bot.Reply
		wantViewer string
		wantCards  []string
	}{
		{"settings", bot.SettingsReply{Audience: bot.Audience{Actor: sam}, Settings: customSettings()}, sam.Name, []string{"onboard-settings"}},
		{"settings without settings", bot.SettingsReply{Audience: bot.Audience{Actor: sam}}, sam.Name, []string{"onboard-settings"}},
		{"audit", bot.AuditReply{Audience: bot.Audience{Actor: sam}, Scope: "all", Entries: auditEntries()}, sam.Name, []string{"onboard-audit"}},
		{"spaces", bot.SpacesReply{Audience: bot.Audience{Actor: sam}}, sam.Name, []string{"onboard-spaces"}},
		{"paused", bot.PausedReply{Audience: bot.Audience{Actor: sam}, Paused: true}, sam.Name, []string{"onboard-paused"}},
		{"limited", bot.LimitedReply{Audience: bot.Audience{Actor: sam}, RetryAfter: time.Second}, sam.Name, []string{"onboard-limited"}},
		{"someone removed: public", removeReply(removedPeople()...), "", []string{"remove-results"}},
		{"nobody removed: private", removeReply(removedPeople()[1:]...), sam.Name, []string{"remove-results"}},
		{"removal marked private", func() bot.Reply { r := removeReply(removedPeople()...); r.Private = true; return r }(),
			sam.Name, []string{"remove-results"}},
		{"removal refused: private even if bot forgot", func() bot.Reply {
			r := removeRefusal(bot.Refusal{Reason: bot.ReasonPolicy})
			r.Private = false
			return r
		}(), sam.Name, []string{"remove-refused"}},
		{"batch with undo stays public", bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: single, UndoBatch: "b-1"},
			"", []string{"invite-results"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantAudience(t, cards.Reply(tt.reply), tt.wantViewer, tt.wantCards)
		})
	}
}

// TestUndoButton: a batch with UndoBatch offers Undo (function "undo",
// batch=<id>) under a note saying who may, in one space or several; a
// batch without it offers nothing.
func TestUndoButton(t *testing.T) {
	single, plan3 := batch("b-1", true, items(platform, mixedPeople()...)), planBatch()
	for name, b := range map[string]*bot.Batch{"one space": &single, "several spaces": &plan3} {
		t.Run(name, func(t *testing.T) {
			m := cards.Reply(bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: *b, UndoBatch: "b-42"})
			top := m.CardsV2[0].Card.Sections[0].Widgets
			var note string
			var undo *cards.Action
			for _, w := range top {
				if w.TextParagraph != nil {
					note = w.TextParagraph.Text
				}
				if w.ButtonList != nil && w.ButtonList.Buttons[0].Text == "Undo" {
					undo = w.ButtonList.Buttons[0].OnClick.Action
				}
			}
			want := &cards.Action{Function: "undo", Parameters: []cards.ActionParameter{{Key: "batch", Value: "b-42"}}}
			if diff := cmp.Diff(want, undo); diff != "" {
				t.Errorf("undo action (-want +got):\n%s", diff)
			}
			if note != "The person who asked can undo for 24 hours." {
				t.Errorf("note before the button = %q", note)
			}
			if plain := cards.Reply(bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: *b}); strings.Contains(encodeString(t, plain), `"undo"`) {
				t.Error("a batch without UndoBatch offers Undo")
			}
		})
	}
}

// TestGuardUserTextIsEscaped: domains, names, ids, details, scopes and
// space names are shown escaped and never reach the plain text. (Action
// parameters carry ids back to Onboard as they are; they are not shown.)
func TestGuardUserTextIsEscaped(t *testing.T) {
	evil := bot.Target{User: "users/444", Display: hostile, Email: "x@" + hostile}
	space := bot.Space{Name: "spaces/A", DisplayName: hostile, Type: bot.SpaceNamed}
	actor := bot.User{Name: "users/1", DisplayName: hostile}
	settings := &bot.SpaceSettings{Space: "spaces/A", AllowedDomains: []string{"example.com", hostile}, UpdatedBy: hostile, UpdatedAt: created}
	entry := bot.AuditEntry{Time: created, Actor: hostile, Space: hostile, Command: hostile, Person: hostile,
		Outcome: bot.NotAdded, Reason: bot.ReasonDomain, BatchID: hostile, Detail: hostile}
	people := []bot.PersonResult{{Target: evil, Outcome: bot.Removed}, {Target: evil, Outcome: bot.Refused, Reason: bot.ReasonDomain}}
	replies := map[string]bot.Reply{
		"settings":       bot.SettingsReply{Audience: bot.Audience{Actor: sam}, Settings: settings},
		"bad settings":   bot.SettingsReply{Audience: bot.Audience{Actor: sam}, Settings: settings, Problem: bot.ReasonBadSettings},
		"audit":          bot.AuditReply{Audience: bot.Audience{Actor: sam}, Scope: hostile, Entries: []bot.AuditEntry{entry}},
		"audit, all":     bot.AuditReply{Audience: bot.Audience{Actor: sam}, Scope: "all", Entries: []bot.AuditEntry{entry}},
		"remove":         bot.RemoveReply{Audience: bot.Audience{Actor: actor}, Report: bot.InviteReport{Space: space, Actor: actor, People: people}},
		"remove refusal": bot.RemoveReply{Audience: bot.Audience{Actor: actor}, Report: bot.InviteReport{Space: space, Actor: actor, Refusal: &bot.Refusal{Reason: bot.ReasonPolicy}}},
		"spaces":         bot.SpacesReply{Audience: bot.Audience{Actor: sam}, Spaces: []bot.Space{space, {Name: hostile}}},
		"domain refused": bot.InviteReply{Audience: bot.Audience{Actor: actor}, Report: bot.InviteReport{Space: space, Actor: actor, People: people}},
		"batch, undo": bot.BatchReply{Audience: bot.Audience{Actor: actor}, UndoBatch: "b-1",
			Batch: bot.Batch{ID: "b-1", Actor: actor, Origin: space, Done: true, Items: items(space, people...)}},
	}
	for name, r := range replies {
		t.Run(name, func(t *testing.T) { assertEscaped(t, cards.Reply(r)) })
	}
}

// encodeString is the message as its golden file would hold it.
func encodeString(t *testing.T, m cards.Message) string { return string(encode(t, m)) }
