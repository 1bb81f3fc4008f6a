package handlers

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	chat "google.golang.org/api/chat/v1"

	"github.com/onboard-chat/onboard/bot"
)

// Replies in both envelopes: the message is a chat.Message on the wire
// (strictly: no field chat/v1 does not know), wrapped as a
// createMessageAction for an add-on, and {} when there is nothing to say.
func TestEncodeReply(t *testing.T) {
	replies := map[string]bot.Reply{
		"none":    nil,
		"help":    bot.HelpReply{Audience: bot.Audience{Actor: sam}},
		"private": bot.HelpReply{Audience: bot.Audience{Actor: sam, Private: true}},
		"welcome": bot.WelcomeReply{Audience: bot.Audience{Actor: sam, Welcome: true}},
		"invite": bot.InviteReply{Audience: bot.Audience{Actor: sam}, Report: bot.InviteReport{
			Space: platform, Actor: sam,
			People: []bot.PersonResult{{Target: bot.Target{User: "users/222222222222222222222", Display: "Alice Ng", Mentioned: true},
				User: "users/222222222222222222222", Outcome: bot.Joined}},
		}},
	}
	for name, r := range replies {
		for _, env := range []envelope{envelopeClassic, envelopeAddon} {
			t.Run(name+"/"+env.String(), func(t *testing.T) {
				out, err := encodeReply(r, env, "", false)
				if err != nil {
					t.Fatal(err)
				}
				if r == nil && string(out) != "{}" {
					t.Errorf("got %s, want {}", out)
				}
				if r != nil && string(out) == "{}" {
					t.Errorf("got {}, want a message")
				}
				checkReplyShape(t, out, env)
			})
		}
	}
}

// checkReplyShape fails t unless body is {} or a message in env's shape
// that decodes strictly into chat.Message.
func checkReplyShape(t *testing.T, body []byte, env envelope) {
	t.Helper()
	if string(body) == "{}" {
		return
	}
	msg := body
	if env == envelopeAddon {
		var ok bool
		if msg, ok = addonMessage(t, body); !ok {
			return // a dialog's navigation, checked there
		}
	}
	var m chat.Message
	if err := strictDecode(msg, &m); err != nil {
		t.Fatalf("chat.Message %s: %v", msg, err)
	}
	if ar := m.ActionResponse; ar != nil && ar.Type == "DIALOG" {
		if da := ar.DialogAction; da == nil || (da.Dialog == nil) == (da.ActionStatus == nil) {
			t.Errorf("a DIALOG answer has exactly one of a dialog and a status: %s", msg)
		}
		return
	}
	if m.Text == "" && len(m.CardsV2) == 0 {
		t.Errorf("message has neither text nor cards: %s", msg)
	}
}

// addonMessage is the message an add-on action creates or updates; ok is
// false for the add-on's card navigation (a dialog), whose cards it checks
// against chat/v1's card type.
func addonMessage(t *testing.T, body []byte) (json.RawMessage, bool) {
	t.Helper()
	type message struct {
		Message json.RawMessage `json:"message"`
	}
	var action struct {
		Action *struct {
			Navigations []struct {
				PushCard      json.RawMessage `json:"pushCard"`
				UpdateCard    json.RawMessage `json:"updateCard"`
				EndNavigation string          `json:"endNavigation"`
			} `json:"navigations"`
			Notification *struct {
				Text string `json:"text"`
			} `json:"notification"`
		} `json:"action"`
		HostAppDataAction *struct {
			ChatDataAction struct {
				CreateMessageAction *message `json:"createMessageAction"`
				UpdateMessageAction *message `json:"updateMessageAction"`
			} `json:"chatDataAction"`
		} `json:"hostAppDataAction"`
	}
	if err := strictDecode(body, &action); err != nil {
		t.Fatalf("add-on action %s: %v", body, err)
	}
	switch {
	case action.Action != nil:
		for _, n := range action.Action.Navigations {
			for _, c := range []json.RawMessage{n.PushCard, n.UpdateCard} {
				var card chat.GoogleAppsCardV1Card
				if c != nil && strictDecode(c, &card) != nil {
					t.Errorf("add-on card %s is not a chat/v1 card", c)
				}
			}
		}
		return nil, false
	case action.HostAppDataAction == nil:
		t.Fatalf("add-on answer with neither an action nor a host app action: %s", body)
	case action.HostAppDataAction.ChatDataAction.UpdateMessageAction != nil:
		return action.HostAppDataAction.ChatDataAction.UpdateMessageAction.Message, true
	case action.HostAppDataAction.ChatDataAction.CreateMessageAction != nil:
		return action.HostAppDataAction.ChatDataAction.CreateMessageAction.Message, true
	}
	t.Fatalf("add-on host app action without a message: %s", body)
	return nil, false
}

func strictDecode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Through the whole chain, /help answers the same message in both
// envelopes: as is for classic, as a createMessageAction for an add-on.
func TestHelpReplyInBothEnvelopes(t *testing.T) {
	h := newHarness(t)
	classic := h.post(h.urlToken(t), readFixture(t, "classic_quick_help"))
	addon := h.post(h.addonToken(t), readFixture(t, "addon_quick_help"))
	if classic.Code != 200 || addon.Code != 200 {
		t.Fatalf("got %d and %d, want 200", classic.Code, addon.Code)
	}
	if classic.Body.String() == "{}" {
		t.Fatalf("classic /help: got {}, want the help message")
	}
	checkReplyShape(t, classic.Body.Bytes(), envelopeClassic)
	checkReplyShape(t, addon.Body.Bytes(), envelopeAddon)
	want := addonReplyPrefix + classic.Body.String() + addonReplySuffix
	if addon.Body.String() != want {
		t.Errorf("add-on reply:\n got %s\nwant %s", addon.Body, want)
	}
}

// TestAddonButtonsCarryTheEndpointURL: in the add-on envelope a button's
// function must be an HTTPS URL; the method travels as a parameter, which
// the click decoder reads back.
func TestAddonButtonsCarryTheEndpointURL(t *testing.T) {
	r := bot.BatchReply{Audience: bot.Audience{Actor: bot.User{Name: "users/1"}}, UndoBatch: "b1",
		Batch: bot.Batch{ID: "b1", Done: true, Items: []bot.Item{{Space: bot.Space{Name: "spaces/A"},
			Target: bot.Target{User: "users/2", Display: "Two"}, Result: bot.PersonResult{Outcome: bot.Joined}}}}}
	const url = "https://onboard.example.com/"
	for _, tt := range []struct {
		env          envelope
		wantFunction string
		wantParam    bool
	}{{envelopeClassic, "undo", false}, {envelopeAddon, url, true}} {
		out, err := encodeReply(r, tt.env, url, false)
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		if !strings.Contains(s, `"function":"`+tt.wantFunction+`"`) {
			t.Errorf("%v: want function %q in %s", tt.env, tt.wantFunction, s)
		}
		if got := strings.Contains(s, `{"key":"action","value":"undo"}`); got != tt.wantParam {
			t.Errorf("%v: action parameter present = %v, want %v", tt.env, got, tt.wantParam)
		}
	}
}
