package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

// Malformed and hostile bodies under a valid token: the status the table
// gives, never a panic, nothing changed, and no audit entry for a request
// refused at the edge.
func TestAttackBodies(t *testing.T) {
	h := newHarness(t)
	invite := string(readFixture(t, "classic_invite_message"))
	nest := func(n int, open, close, inner string) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	cases := []struct {
		name   string
		body   string
		status int
		resp   string // the whole response body, when fixed by the status table
	}{
		{"truncated JSON", invite[:len(invite)*2/3], http.StatusBadRequest, `{"error":"malformed"}`},
		{"raw invalid UTF-8 outside a string", "{\"type\":\"MESSAGE\",\xff}", http.StatusBadRequest, `{"error":"malformed"}`},
		{"100 nested arrays", nest(100, "[", "]", ""), http.StatusOK, `{}`},
		{"100 nested objects where a string goes", `{"type":"MESSAGE","message":{"text":` + nest(100, `{"a":`, `}`, `1`) + `}}`, http.StatusOK, `{}`},
		{"100 nested objects in an unknown field", `{"type":"CARD_CLICKED","x":` + nest(100, `{"a":`, `}`, `1`) + `}`, http.StatusOK, `{}`},
		{"20000 nested arrays (deeper than the decoder goes)", nest(20000, "[", "]", ""), http.StatusBadRequest, `{"error":"malformed"}`},
		{"5 MB", `{"type":"MESSAGE","pad":"` + strings.Repeat("x", 5<<20) + `"}`, http.StatusRequestEntityTooLarge, `{"error":"too_large"}`},
		{"the event as a JSON string", fmt.Sprintf("%q", invite), http.StatusOK, `{}`},
		{"user a string", `{"type":"MESSAGE","user":"users/111111111111111111111"}`, http.StatusOK, `{}`},
		{"message text a number", strings.Replace(invite, `"text": "/invite @Alice Ng @Bob Ortiz carol@example.com"`, `"text": 7`, 1), http.StatusOK, `{}`},
		{"space a string", `{"type":"MESSAGE","user":{"name":"users/111111111111111111111"},"space":"spaces/AAAAonbrd01"}`, http.StatusOK, `{}`},
		{"unknown event type", `{"type":"APP_HOME","user":{"name":"users/111111111111111111111"}}`, http.StatusOK, `{}`},
		{"type with a trailing space", strings.Replace(invite, `"type": "MESSAGE"`, `"type": "MESSAGE "`, 1), http.StatusOK, `{}`},
		{"empty object", `{}`, http.StatusOK, `{}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := h.effects(t)
			called, _ := h.bot.calls()
			res := h.post(h.urlToken(t), []byte(tc.body))
			if res.Code != tc.status || res.Body.String() != tc.resp {
				t.Errorf("got %d %.200s, want %d %s", res.Code, res.Body, tc.status, tc.resp)
			}
			if now, _ := h.bot.calls(); tc.status != http.StatusOK && len(now) != len(called) {
				t.Errorf("a %d reached the domain", tc.status)
			}
			h.assertNoEffect(t, before, auditNone, sam)
		})
	}
}

// Hostile people in a manager's /invite: none of them is added, nothing
// panics, and what the domain records changes nothing. Carol is a member
// first, so that the two ways of writing her address show they are read
// as her (already there) rather than as anyone else.
func TestAttackInviteText(t *testing.T) {
	h := newHarness(t)
	if res := h.post(h.urlToken(t), inviteBody(t, "setup", sam, "/invite carol@example.com")); res.Code != http.StatusOK {
		t.Fatalf("setup: got %d %s", res.Code, res.Body)
	}
	h.settle(t)
	if state, _, ok := h.fake.Membership("AAAAonbrd01", "carol@example.com"); !ok || state != "JOINED" {
		t.Fatalf("setup: carol is %q, want JOINED", state)
	}
	app := bot.User{Name: appName, DisplayName: "Onboard", Bot: true}
	nobody := bot.User{Name: "users/999999999999999999999", DisplayName: "Nobody"}
	cases := []struct {
		name     string
		text     string
		mentions []mention
		audit    auditWant
	}{
		{"mention indices past the text", "/invite @Nobody", []mention{{nobody, 500, 9}}, auditNoChanges},
		{"negative mention index, huge length", "/invite @Nobody", []mention{{nobody, -5, 1 << 40}}, auditNoChanges},
		{"a mention of the app itself", "/invite @Onboard", []mention{{app, 8, 8}}, auditRefused},
		{"the app mentioned as a human", "/invite @Onboard", []mention{{bot.User{Name: appName, DisplayName: "Onboard"}, 8, 8}}, auditRefused},
		{"users/app", "/invite users/app", nil, auditRefused},
		// A group is a group now: not added without a person's own authority
		// (OAuth not configured here), with no call to Chat.
		{"a group", "/invite groups/0123abcd", nil, auditNoChanges},
		{"a path in a user name", "/invite users/../x users/111/../555555555555555555555", nil, auditRefused},
		{"an address with a display name", "/invite Carol <carol@example.com>", nil, auditNoChanges},
		{"a newline and a header in an address", "/invite carol@example.com\nbcc: x@evil.test", nil, auditNoChanges},
		{"invalid UTF-8 in an address", "/invite caro\xffl@example.com", nil, auditRefused},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := h.effects(t)
			res := h.post(h.urlToken(t), inviteBody(t, fmt.Sprint(i), sam, tc.text, tc.mentions...))
			if res.Code != http.StatusOK || res.Body.String() == "{}" {
				t.Errorf("got %d %.300s, want 200 and a reply", res.Code, res.Body)
			}
			h.assertNoEffect(t, before, tc.audit, sam)
			// Chat may be asked about a well-formed name; never about these.
			for _, call := range h.effects(t).tries[len(before.tries):] {
				for _, bad := range []string{"evil.test", "..", "groups/", "users/app", `\n`, "\ufffd", "\\ufffd"} {
					if strings.Contains(call, bad) {
						t.Errorf("Chat was asked %s, containing %q", call, bad)
					}
				}
			}
		})
	}
}

type mention struct {
	user          bot.User
	start, length int64
}

// inviteBody is a classic slash command from actor in spaces/AAAAonbrd01;
// id makes its message name (the redelivery key) unique.
func inviteBody(t *testing.T, id string, actor bot.User, text string, mentions ...mention) []byte {
	t.Helper()
	user := map[string]any{"name": actor.Name, "displayName": actor.DisplayName, "email": actor.Email, "type": "HUMAN"}
	annotations := []any{map[string]any{"type": "SLASH_COMMAND", "startIndex": 0, "length": 7,
		"slashCommand": map[string]any{"type": "INVOKE", "commandName": "/invite", "commandId": "1",
			"bot": map[string]any{"name": appName, "displayName": "Onboard", "type": "BOT"}}}}
	for _, m := range mentions {
		kind := "HUMAN"
		if m.user.Bot {
			kind = "BOT"
		}
		annotations = append(annotations, map[string]any{"type": "USER_MENTION", "startIndex": m.start, "length": m.length,
			"userMention": map[string]any{"type": "MENTION",
				"user": map[string]any{"name": m.user.Name, "displayName": m.user.DisplayName, "type": kind}}})
	}
	space := map[string]any{"name": "spaces/AAAAonbrd01", "type": "ROOM", "displayName": "Platform Team", "spaceType": "SPACE"}
	b, err := json.Marshal(map[string]any{
		"type": "MESSAGE", "user": user, "space": space,
		"message": map[string]any{"name": "spaces/AAAAonbrd01/messages/attack" + id, "sender": user, "text": text,
			"argumentText": strings.TrimPrefix(text, "/invite"), "annotations": annotations,
			"slashCommand": map[string]any{"commandId": "1"}, "space": space},
		"common":             map[string]any{"userLocale": "en", "hostApp": "CHAT"},
		"appCommandMetadata": map[string]any{"appCommandId": 1, "appCommandType": "SLASH_COMMAND"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// json.Marshal writes invalid UTF-8 as U+FFFD; put the raw byte back.
	return bytes.ReplaceAll(b, []byte(`\ufffd`), []byte{0xff})
}
