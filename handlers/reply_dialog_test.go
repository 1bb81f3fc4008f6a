package handlers

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

// TestDialogAnswersInTheAddonEnvelope: the add-on envelope answers dialogs
// with the add-on's card navigation (docs/chat-platform.md §2): pushCard
// to open one, updateCard to replace what an open one shows, CLOSE_DIALOG
// with a notification to close it, the notification alone to keep it
// open; an update of the card clicked is an updateMessageAction. No button
// keeps interaction OPEN_DIALOG there (it makes an add-on drop the card),
// and each carries the endpoint URL.
func TestDialogAnswersInTheAddonEnvelope(t *testing.T) {
	const url = "https://onboard.example.com/"
	sam := bot.Audience{Actor: bot.User{Name: "users/1"}, Private: true}
	form := bot.DialogReply{Audience: sam, Form: &bot.InviteForm{AskSpace: true}}
	preview := bot.DialogReply{Audience: sam, Preview: &bot.PreviewReport{ID: "p1", Command: bot.CmdInvite, People: 1,
		State: bot.PreviewPending}}
	done := bot.DialogStatusReply{Audience: sam, Done: &bot.Batch{Done: true}}
	kept := bot.DialogStatusReply{Audience: sam, Problem: &bot.Refusal{Reason: bot.ReasonNoPeople}}
	undone := bot.UpdateReply{Audience: sam, Of: bot.RemoveReply{Audience: sam, Undone: true,
		Report: bot.InviteReport{People: []bot.PersonResult{{Target: bot.Target{User: "users/2"}, Outcome: bot.Removed}}}}}
	more := bot.BatchReply{Audience: sam, InviteMore: "spaces/A", Batch: bot.Batch{ID: "b", Done: true}}
	for _, tt := range []struct {
		name     string
		r        bot.Reply
		inDialog bool
		want     []string // substrings of the answer
		not      []string
	}{
		{"open", form, false, []string{`{"action":{"navigations":[{"pushCard":{`, `"function":"` + url, `"key":"action","value":"submitInvite"`}, nil},
		{"replace", preview, true, []string{`{"action":{"navigations":[{"updateCard":{`, `"value":"confirmPreview"`}, nil},
		{"close", done, true, []string{`"endNavigation":"CLOSE_DIALOG"`, `"notification":{"text":"Done: `}, nil},
		{"keep open", kept, true, []string{`{"action":{"notification":{"text":"Nothing was done: `}, []string{"navigations"}},
		{"update the card", undone, false, []string{`{"hostAppDataAction":{"chatDataAction":{"updateMessageAction":{"message":{`}, []string{"actionResponse"}},
		{"invite more", more, false, []string{`"value":"openInvite"`}, []string{"OPEN_DIALOG"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := encodeReply(tt.r, envelopeAddon, url, tt.inDialog)
			if err != nil {
				t.Fatal(err)
			}
			checkReplyShape(t, out, envelopeAddon)
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("answer lacks %s:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(string(out), w) {
					t.Errorf("answer holds %s:\n%s", w, out)
				}
			}
		})
	}
}

// TestDialogAnswersInTheClassicEnvelope: the same answers as Chat's
// actionResponse: DIALOG with the dialog or the status (INVALID_ARGUMENT
// keeps it open), UPDATE_MESSAGE for an update, which names no viewer.
func TestDialogAnswersInTheClassicEnvelope(t *testing.T) {
	sam := bot.Audience{Actor: bot.User{Name: "users/1"}, Private: true}
	for _, tt := range []struct {
		r    bot.Reply
		want string
	}{
		{bot.DialogReply{Audience: sam, Form: &bot.InviteForm{Pickers: true}}, `"type":"DIALOG","dialogAction":{"dialog":{"body":{`},
		{bot.DialogStatusReply{Audience: sam, Cancelled: true}, `"actionStatus":{"statusCode":"OK"`},
		{bot.DialogStatusReply{Audience: sam, Problem: &bot.Refusal{Reason: bot.ReasonNoPeople}}, `"actionStatus":{"statusCode":"INVALID_ARGUMENT"`},
		{bot.UpdateReply{Audience: sam, Of: bot.PreviewReply{Audience: sam, Preview: bot.PreviewReport{State: bot.PreviewCancelled}}},
			`"actionResponse":{"type":"UPDATE_MESSAGE"}`},
	} {
		out, err := encodeReply(tt.r, envelopeClassic, "", false)
		if err != nil {
			t.Fatal(err)
		}
		checkReplyShape(t, out, envelopeClassic)
		if !strings.Contains(string(out), tt.want) {
			t.Errorf("%T answer lacks %s:\n%s", tt.r, tt.want, out)
		}
		var m map[string]any
		if json.Unmarshal(out, &m) == nil && m["privateMessageViewer"] != nil && strings.Contains(string(out), "UPDATE_MESSAGE") {
			t.Errorf("an update names a viewer: %s", out)
		}
	}
}
