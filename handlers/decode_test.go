package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	chat "google.golang.org/api/chat/v1"

	"github.com/onboard-chat/onboard/bot"
)

// The people, spaces and messages of testdata/*.json (docs/chat-platform.md §1.8).
var (
	sam      = bot.User{Name: "users/111111111111111111111", DisplayName: "Sam Rivera", Email: "sam@example.com"}
	appName  = "users/100000000000000000001"
	platform = bot.Space{Name: "spaces/AAAAonbrd01", DisplayName: "Platform Team", Type: bot.SpaceNamed}
	samDM    = bot.Space{Name: "spaces/_dmSamOnb01", Type: bot.SpaceDM, SingleUserBotDM: true}
	q3Launch = bot.Space{Name: "spaces/AAAAnewsp02", DisplayName: "Q3 Launch", Type: bot.SpaceNamed}

	inviteText     = "/invite @Alice Ng @Bob Ortiz carol@example.com"
	inviteArgs     = " @Alice Ng @Bob Ortiz carol@example.com"
	inviteMentions = []bot.Mention{
		{User: bot.User{Name: "users/222222222222222222222", DisplayName: "Alice Ng"}, Start: 8, Length: 9},
		{User: bot.User{Name: "users/333333333333333333333", DisplayName: "Bob Ortiz"}, Start: 18, Length: 10},
	}
	// inviteInPlatform is E1: /invite with two mentions in a named space.
	inviteInPlatform = bot.Interaction{
		Kind: bot.EventCommand, ID: "spaces/AAAAonbrd01/messages/Xq3pL0aTr4E.Xq3pL0aTr4E",
		Actor: sam, Space: platform, CommandID: 1, Text: inviteText, ArgumentText: inviteArgs,
		Mentions: inviteMentions, App: appName, Locale: "en", CompleteURL: completion,
	}
	quickHelp = bot.Interaction{Kind: bot.EventCommand, Actor: sam, Space: platform, CommandID: 2, Locale: "en",
		CompleteURL: completion}
	// completion is the fixtures' configCompleteRedirectUrl (…Uri in the
	// add-on envelope): where a person's browser returns after signing in.
	completion = "https://chat.google.com/api/bot_config_complete?token=SCRUBBED-capability-token"
	// cardClick is E6; a click has no ID (its message is the card, shared
	// by every click on it).
	cardClick = bot.Interaction{
		Kind: bot.EventCardClicked, Actor: sam, Space: platform, Locale: "en", TimeZone: "Europe/Berlin",
		Action: &bot.Action{Function: "retryInvite", Parameters: map[string]string{"batch": "b-7f3c"},
			Form: map[string][]string{}},
	}
)

func with(in bot.Interaction, edit func(*bot.Interaction)) bot.Interaction {
	in.Mentions = append([]bot.Mention(nil), in.Mentions...)
	edit(&in)
	return in
}

// handledFixtures are the fixtures that reach the domain, with the
// Interaction each must become.
var handledFixtures = map[string]struct {
	envelope envelope
	want     bot.Interaction
}{
	"classic_invite_message":           {envelopeClassic, inviteInPlatform},
	"classic_invite_slashcommand_only": {envelopeClassic, inviteInPlatform},
	"classic_invite_appcommand_only":   {envelopeClassic, inviteInPlatform},
	"classic_invite_app_command":       {envelopeClassic, inviteInPlatform},
	"classic_added_with_command": {envelopeClassic, with(inviteInPlatform, func(in *bot.Interaction) {
		in.Kind = bot.EventAddedToSpace
	})},
	"classic_dm_invite": {envelopeClassic, with(inviteInPlatform, func(in *bot.Interaction) {
		in.ID, in.Space = "spaces/_dmSamOnb01/messages/Pk1w2QnE9cY.Pk1w2QnE9cY", samDM
	})},
	"classic_help_message": {envelopeClassic, bot.Interaction{
		Kind: bot.EventCommand, ID: "spaces/AAAAonbrd01/messages/Hl9vQ2bN7sA.Hl9vQ2bN7sA",
		Actor: sam, Space: platform, CommandID: 2, Text: "/help", App: appName, Locale: "en", CompleteURL: completion,
	}},
	"classic_quick_help": {envelopeClassic, quickHelp},
	"classic_added_mention": {envelopeClassic, bot.Interaction{
		Kind: bot.EventAddedToSpace, ID: "spaces/AAAAnewsp02/messages/Tz8cD4mVb1s.Tz8cD4mVb1s",
		Actor: sam, Space: q3Launch, Text: "@Onboard please help us onboard",
		ArgumentText: " please help us onboard",
		Mentions:     []bot.Mention{{User: bot.User{Name: appName, DisplayName: "Onboard", Bot: true}, Start: 0, Length: 8}},
		App:          appName,
		CompleteURL:  completion,
	}},
	"classic_card_clicked":          {envelopeClassic, cardClick},
	"classic_card_clicked_settings": {envelopeClassic, settingsClick},
	"addon_button_clicked_settings": {envelopeAddon, addon(settingsClick)},
	"addon_invite_app_command":      {envelopeAddon, addon(inviteInPlatform)},
	"addon_quick_help":              {envelopeAddon, addon(quickHelp)},
	"addon_message_dm": {envelopeAddon, bot.Interaction{
		Kind: bot.EventMessage, ID: "spaces/_dmSamOnb01/messages/Vw2e6RtY0pQ.Vw2e6RtY0pQ",
		Actor: sam, Space: samDM, Text: "what can you do?", ArgumentText: "what can you do?", Locale: "en",
		CompleteURL: completion, Addon: true,
	}},
	"addon_added": {envelopeAddon, bot.Interaction{Kind: bot.EventAddedToSpace, Actor: sam, Space: q3Launch, Locale: "en",
		CompleteURL: completion, Addon: true}},
	"addon_button_clicked": {envelopeAddon, addon(cardClick)},

	// Dialogs (docs/chat-platform.md §1.3, §2): a command configured to
	// open one, a submit with the people picker's values, the close icon.
	"classic_request_dialog": {envelopeClassic, with(inviteInPlatform, func(in *bot.Interaction) { in.Dialog = bot.DialogRequest })},
	"addon_request_dialog": {envelopeAddon, with(addon(inviteInPlatform), func(in *bot.Interaction) {
		in.Dialog = bot.DialogRequest
	})},
	"classic_submit_dialog": {envelopeClassic, with(cardClick, func(in *bot.Interaction) {
		in.Dialog = bot.DialogSubmit
		in.Action = &bot.Action{Function: "submitInvite", Parameters: map[string]string{}, Form: map[string][]string{
			"people":    {"users/222222222222222222222", "users/333333333333333333333"},
			"addresses": {"carol@example.com, dave@example.com"}}}
	})},
	"addon_submit_dialog": {envelopeAddon, with(addon(cardClick), func(in *bot.Interaction) {
		in.Dialog = bot.DialogSubmit
		in.Action = &bot.Action{Function: "submitInvite", Parameters: map[string]string{},
			Form: map[string][]string{"addresses": {"carol@example.com\ndave@example.com"}}}
	})},
	"classic_cancel_dialog": {envelopeClassic, with(cardClick, func(in *bot.Interaction) {
		in.Dialog, in.Action = bot.DialogCancel, nil
	})},
}

// addon is in as the add-on envelope delivers it: the same, but without
// Chat's pickers.
func addon(in bot.Interaction) bot.Interaction {
	in.Addon = true
	return in
}

// unhandledFixtures are valid events Onboard does not act on: 200 {}.
var unhandledFixtures = []string{"classic_removed", "classic_widget_updated", "addon_removed"}

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func fixtureNames(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = strings.TrimSuffix(filepath.Base(p), ".json")
	}
	return names
}

func TestDecodeEventFixtures(t *testing.T) {
	for name, tc := range handledFixtures {
		t.Run(name, func(t *testing.T) {
			ev, err := decodeEvent(readFixture(t, name))
			if err != nil {
				t.Fatalf("decodeEvent: %v", err)
			}
			if ev.envelope != tc.envelope {
				t.Errorf("envelope: got %v, want %v", ev.envelope, tc.envelope)
			}
			if !reflect.DeepEqual(ev.in, tc.want) {
				t.Errorf("Interaction:\n got %+v\nwant %+v", ev.in, tc.want)
			}
		})
	}
	for _, name := range unhandledFixtures {
		t.Run(name, func(t *testing.T) {
			_, err := decodeEvent(readFixture(t, name))
			if got := problemOf(err); got != problemUnhandled {
				t.Errorf("problem: got %v (%v), want unhandled", got, err)
			}
		})
	}
}

// Every fixture is listed above, so a new one cannot go untested.
func TestEveryFixtureHasAnExpectation(t *testing.T) {
	for _, name := range fixtureNames(t) {
		_, handled := handledFixtures[name]
		if !handled && !contains(unhandledFixtures, name) {
			t.Errorf("testdata/%s.json has no expectation in decode_test.go", name)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// The same slash command is the same Interaction in both envelopes.
func TestDecodeEventSameCommandBothEnvelopes(t *testing.T) {
	classic, err := decodeEvent(readFixture(t, "classic_invite_message"))
	if err != nil {
		t.Fatal(err)
	}
	addon, err := decodeEvent(readFixture(t, "addon_invite_app_command"))
	if err != nil {
		t.Fatal(err)
	}
	addon.in.Addon = false // the one difference: which widgets its dialogs may show
	if !reflect.DeepEqual(classic.in, addon.in) {
		t.Errorf("classic and add-on differ:\nclassic %+v\n  addon %+v", classic.in, addon.in)
	}
}

// One odd field type must not turn a valid event into an error (§1.7):
// commandId and appCommandId are accepted as number or string anywhere.
func TestDecodeEventCommandIDEitherType(t *testing.T) {
	cases := map[string]struct {
		fixture, old, new string
		want              int64
	}{
		"appCommandId as string":  {"classic_invite_appcommand_only", `"appCommandId": 1`, `"appCommandId": "1"`, 1},
		"commandId as number":     {"classic_invite_slashcommand_only", `"commandId": "1"`, `"commandId": 1`, 1},
		"appCommandId null":       {"classic_invite_message", `"appCommandId": 1`, `"appCommandId": null`, 1}, // slashCommand's
		"appCommandId a fraction": {"classic_invite_appcommand_only", `"appCommandId": 1`, `"appCommandId": 1.5`, 0},
		"appCommandId an object":  {"classic_invite_appcommand_only", `"appCommandId": 1`, `"appCommandId": {"v": 7}`, 0},
		"appCommandId negative":   {"classic_invite_appcommand_only", `"appCommandId": 1`, `"appCommandId": -4`, 0},
		"startIndex as string":    {"classic_invite_message", `"startIndex": 8`, `"startIndex": "8"`, 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			base := string(readFixture(t, tc.fixture))
			body := strings.ReplaceAll(base, tc.old, tc.new)
			if body == base {
				t.Fatalf("%s does not contain %s", tc.fixture, tc.old)
			}
			ev, err := decodeEvent([]byte(body))
			if err != nil {
				t.Fatalf("decodeEvent: %v", err)
			}
			if ev.in.CommandID != tc.want {
				t.Errorf("CommandID: got %d, want %d", ev.in.CommandID, tc.want)
			}
			if len(ev.in.Mentions) != 2 || ev.in.Mentions[0].Start != 8 {
				t.Errorf("Mentions: got %+v, want Alice at 8 and Bob", ev.in.Mentions)
			}
		})
	}
}

func TestDecodeEventProblems(t *testing.T) {
	invite := string(readFixture(t, "classic_invite_message"))
	cases := map[string]struct {
		body string
		want problem
	}{
		"empty":                  {``, problemMalformed},
		"not json":               {`type=MESSAGE`, problemMalformed},
		"truncated":              {invite[:len(invite)/2], problemMalformed},
		"trailing garbage":       {invite + `}`, problemMalformed},
		"null":                   {`null`, problemUnhandled},
		"array":                  {`[1,2,3]`, problemUnhandled},
		"empty object":           {`{}`, problemUnhandled},
		"unknown type":           {`{"type":"APP_HOME","user":{"name":"users/1"}}`, problemUnhandled},
		"both envelopes":         {`{"type":"MESSAGE","chat":{},"commonEventObject":{}}`, problemUnhandled},
		"add-on without payload": {`{"chat":{"user":{}},"commonEventObject":{"hostApp":"CHAT"}}`, problemUnhandled},
		"user is a string":       {`{"type":"MESSAGE","user":"users/1"}`, problemUnhandled},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := decodeEvent([]byte(tc.body))
			var de *decodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *decodeError", err)
			}
			if de.problem != tc.want {
				t.Errorf("problem: got %v, want %v", de.problem, tc.want)
			}
		})
	}
}

// The fixtures use Chat's real wire types: each classic one decodes into
// chat.DeprecatedEvent, and the parts of each add-on one into the chat/v1
// types they mirror (chat/v1 has no add-on envelope type).
func TestFixturesDecodeIntoChatTypes(t *testing.T) {
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			body := readFixture(t, name)
			if strings.HasPrefix(name, "addon_") {
				if err := decodeAddonAsChatTypes(body); err != nil {
					t.Fatal(err)
				}
				return
			}
			var ev chat.DeprecatedEvent
			if err := json.Unmarshal(body, &ev); err != nil {
				t.Fatalf("chat.DeprecatedEvent: %v", err)
			}
			if ev.Type == "" || ev.User == nil || ev.Space == nil {
				t.Errorf("type, user or space missing: %+v", ev)
			}
		})
	}
}

func decodeAddonAsChatTypes(body []byte) error {
	type payload struct {
		Message            *chat.Message            `json:"message"`
		Space              *chat.Space              `json:"space"`
		Thread             *chat.Thread             `json:"thread"`
		AppCommandMetadata *chat.AppCommandMetadata `json:"appCommandMetadata"`
	}
	var ev struct {
		CommonEventObject *chat.CommonEventObject    `json:"commonEventObject"`
		Chat              map[string]json.RawMessage `json:"chat"`
	}
	if err := json.Unmarshal(body, &ev); err != nil {
		return err
	}
	var u chat.User
	if err := json.Unmarshal(ev.Chat["user"], &u); err != nil || ev.CommonEventObject == nil {
		return fmt.Errorf("chat.user or commonEventObject: %v", err)
	}
	n := 0
	for key, v := range ev.Chat {
		if !strings.HasSuffix(key, "Payload") {
			continue
		}
		n++
		var p payload
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
	if n != 1 {
		return fmt.Errorf("got %d payloads, want 1", n)
	}
	return nil
}
