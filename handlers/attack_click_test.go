package handlers

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/onboard-chat/onboard/bot"
)

// Card clicks with forged parameters from dave, a plain member of
// spaces/AAAAonbrd01: the domain re-checks his rights whatever the button
// says (docs/chat-platform.md Pitfall 8). Sam, a manager there, has added Alice,
// Bob and Carol first, so an Undo that went through would remove them.
func TestAttackCardClicks(t *testing.T) {
	h := newHarness(t)
	if res := h.post(h.urlToken(t), readFixture(t, "classic_invite_message")); res.Code != http.StatusOK {
		t.Fatalf("setup: got %d %s", res.Code, res.Body)
	}
	h.settle(t)
	ctx := context.Background()
	batches, err := h.env.Store.RecentBatches(ctx, sam.Name, 1)
	if err != nil || len(batches) != 1 {
		t.Fatalf("setup: sam's batches: %v %v", batches, err)
	}
	samsBatch := batches[0].ID
	if n := h.fake.CreateCount("AAAAonbrd01", "carol@example.com"); n != 1 {
		t.Fatalf("setup: carol added %d times, want 1", n)
	}
	form := map[string][]string{"invitePolicy": {"members"}, "allowedDomains": {"evil.test"}, "maxPeople": {"500"}}
	cases := []struct {
		name   string
		body   []byte
		status int
		reply  bool // a card answers (a refusal); false: {}
		audit  auditWant
	}{
		{"undo of sam's batch", click(t, dave, "undo", map[string]string{"batch": samsBatch}, nil), http.StatusOK, true, auditRefused},
		{"undo of sam's batch, add-on envelope", addonClickBy(t, dave, "undo", map[string]string{"batch": samsBatch}, nil), http.StatusOK, true, auditRefused},
		{"undo of a batch that does not exist", click(t, dave, "undo", map[string]string{"batch": "b-does-not-exist"}, nil), http.StatusOK, true, auditRefused},
		{"undo without a batch", click(t, dave, "undo", nil, nil), http.StatusOK, true, auditRefused},
		{"saveSettings of this space", click(t, dave, "saveSettings", map[string]string{"space": "spaces/AAAAonbrd01"}, form), http.StatusOK, true, auditRefused},
		{"saveSettings of this space, add-on envelope", addonClickBy(t, dave, "saveSettings", map[string]string{"space": "spaces/AAAAonbrd01"}, form), http.StatusOK, true, auditRefused},
		{"saveSettings of a space dave is not in", click(t, dave, "saveSettings", map[string]string{"space": "spaces/AAAAnotapp02"}, form), http.StatusOK, true, auditRefused},
		{"saveSettings of a space that does not exist", click(t, dave, "saveSettings", map[string]string{"space": "spaces/AAAAnothere9"}, form), http.StatusOK, true, auditRefused},
		{"saveSettings of a path", click(t, dave, "saveSettings", map[string]string{"space": "spaces/../spaces/AAAAonbrd01"}, form), http.StatusOK, true, auditRefused},
		{"saveSettings without a space", click(t, dave, "saveSettings", nil, form), http.StatusOK, true, auditRefused},
		{"an unknown action", click(t, dave, "removeEveryone", map[string]string{"space": "spaces/AAAAonbrd01"}, nil), http.StatusOK, false, auditNone},
		{"no action at all", click(t, dave, "", map[string]string{"batch": samsBatch}, nil), http.StatusOK, false, auditNone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := h.effects(t)
			settings := h.settings(t, "spaces/AAAAonbrd01")
			token := h.urlToken(t)
			if strings.Contains(tc.name, "add-on") {
				token = h.addonToken(t)
			}
			res := h.post(token, tc.body)
			if res.Code != tc.status || (res.Body.String() != "{}") != tc.reply {
				t.Errorf("got %d %.300s, want %d and a reply %v", res.Code, res.Body, tc.status, tc.reply)
			}
			h.assertNoEffect(t, before, tc.audit, dave)
			after := h.effects(t)
			if tries := after.tries[len(before.tries):]; len(tries) != 0 {
				t.Errorf("membership calls: got %v, want none", tries)
			}
			if d := cmp.Diff(settings, h.settings(t, "spaces/AAAAonbrd01")); d != "" {
				t.Errorf("settings changed (-before +after):\n%s", d)
			}
		})
	}
}

// The controls: the same clicks by sam, who asked and manages the space,
// go through — the settings card's Save in either envelope, and Undo.
func TestCardClicksReachTheDomain(t *testing.T) {
	h := newHarness(t)
	on := true
	want := bot.SpaceSettings{Space: "spaces/AAAAonbrd01", InvitePolicy: bot.PolicyManagers,
		AllowedDomains: []string{"example.com", "example.org"}, MaxPeople: 40, PlansAllowed: &on, UpdatedBy: sam.Name,
		UpdatedByName: sam.DisplayName}
	ignoreTime := cmpopts.IgnoreFields(bot.SpaceSettings{}, "UpdatedAt")
	for _, fixture := range []string{"classic_card_clicked_settings", "addon_button_clicked_settings"} {
		t.Run(fixture, func(t *testing.T) {
			token := h.urlToken(t)
			if strings.HasPrefix(fixture, "addon_") {
				token = h.addonToken(t)
			}
			if res := h.post(token, readFixture(t, fixture)); res.Code != http.StatusOK || res.Body.String() == "{}" {
				t.Fatalf("got %d %.300s, want 200 and the settings card", res.Code, res.Body)
			}
			if d := cmp.Diff(want, h.settings(t, "spaces/AAAAonbrd01"), ignoreTime); d != "" {
				t.Errorf("settings (-want +got):\n%s", d)
			}
		})
	}
	t.Run("undo", func(t *testing.T) {
		if res := h.post(h.urlToken(t), readFixture(t, "classic_invite_message")); res.Code != http.StatusOK {
			t.Fatalf("invite: got %d %s", res.Code, res.Body)
		}
		h.settle(t)
		batches, err := h.env.Store.RecentBatches(context.Background(), sam.Name, 1)
		if err != nil || len(batches) != 1 {
			t.Fatalf("sam's batches: %v %v", batches, err)
		}
		res := h.post(h.urlToken(t), click(t, sam, "undo", map[string]string{"batch": batches[0].ID}, nil))
		if res.Code != http.StatusOK {
			t.Fatalf("undo: got %d %s", res.Code, res.Body)
		}
		for _, who := range []string{"alice@example.com", "bob@example.com", "carol@example.com"} {
			if state, _, ok := h.fake.Membership("AAAAonbrd01", who); ok {
				t.Errorf("%s: got %s, want removed", who, state)
			}
		}
	})
}

func (h *harness) settings(t *testing.T, space string) bot.SpaceSettings {
	t.Helper()
	s, err := h.env.Store.SpaceSettings(context.Background(), space)
	if err != nil {
		t.Fatalf("SpaceSettings: %v", err)
	}
	return s
}

// click is a classic CARD_CLICKED by actor on a card in spaces/AAAAonbrd01,
// invoking fn ("" for none) with params and form, in both places Chat
// puts them.
func click(t *testing.T, actor bot.User, fn string, params map[string]string, form map[string][]string) []byte {
	t.Helper()
	var list []map[string]string
	for k, v := range params {
		list = append(list, map[string]string{"key": k, "value": v})
	}
	common := map[string]any{"userLocale": "en", "hostApp": "CHAT", "invokedFunction": fn, "parameters": params,
		"formInputs": formInputs(form)}
	return marshal(t, map[string]any{
		"type": "CARD_CLICKED", "user": wireUserOf(actor), "space": platformSpace(),
		"message": map[string]any{"name": "spaces/AAAAonbrd01/messages/card1", "space": platformSpace(),
			"sender": map[string]any{"name": appName, "type": "BOT"}},
		"action": map[string]any{"actionMethodName": fn, "parameters": list},
		"common": common,
	})
}

// addonClickBy is the same click in the add-on envelope.
func addonClickBy(t *testing.T, actor bot.User, fn string, params map[string]string, form map[string][]string) []byte {
	t.Helper()
	ps := map[string]string{"action": fn}
	for k, v := range params {
		ps[k] = v
	}
	return marshal(t, map[string]any{
		"commonEventObject": map[string]any{"userLocale": "en", "hostApp": "CHAT", "parameters": ps, "formInputs": formInputs(form)},
		"chat": map[string]any{"user": wireUserOf(actor), "buttonClickedPayload": map[string]any{
			"space":   platformSpace(),
			"message": map[string]any{"name": "spaces/AAAAonbrd01/messages/card1", "sender": map[string]any{"name": appName, "type": "BOT"}},
		}},
	})
}

func formInputs(form map[string][]string) map[string]any {
	out := map[string]any{}
	for k, v := range form {
		out[k] = map[string]any{"stringInputs": map[string]any{"value": v}}
	}
	return out
}

func wireUserOf(u bot.User) map[string]any {
	return map[string]any{"name": u.Name, "displayName": u.DisplayName, "email": u.Email, "type": "HUMAN"}
}

func platformSpace() map[string]any {
	return map[string]any{"name": "spaces/AAAAonbrd01", "type": "ROOM", "displayName": "Platform Team", "spaceType": "SPACE"}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
