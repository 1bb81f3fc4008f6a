package handlers

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

// settingsClick is the settings card's Save, in either envelope
// (testdata/*_settings.json): parameters and form inputs; the date and time
// inputs are not read.
var settingsClick = bot.Interaction{
	Kind: bot.EventCardClicked, Actor: sam, Space: platform, Locale: "en", TimeZone: "Europe/Berlin",
	Action: &bot.Action{
		Function:   "saveSettings",
		Parameters: map[string]string{"space": "spaces/AAAAonbrd01", "nonce": "d1b7c0e2"},
		Form: map[string][]string{
			"invitePolicy":   {"managers"},
			"removePolicy":   {}, // present, nothing chosen: the domain reads "default"
			"allowedDomains": {"example.com, example.org"},
			"maxPeople":      {"40"},
			"plansAllowed":   {"on"},
		},
	},
}

// classicClick is a classic CARD_CLICKED with the given "action" and
// "common" objects (nil: absent).
func classicClick(action, common any) []byte {
	ev := map[string]any{"type": "CARD_CLICKED", "user": map[string]any{"name": sam.Name}}
	if action != nil {
		ev["action"] = action
	}
	if common != nil {
		ev["common"] = common
	}
	b, _ := json.Marshal(ev)
	return b
}

// addonClick is an add-on button click with the given commonEventObject.
func addonClick(common any) []byte {
	b, _ := json.Marshal(map[string]any{
		"commonEventObject": common,
		"chat":              map[string]any{"user": map[string]any{"name": sam.Name}, "buttonClickedPayload": map[string]any{}},
	})
	return b
}

type obj = map[string]any

func list(kv ...string) []any {
	var out []any
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, obj{"key": kv[i], "value": kv[i+1]})
	}
	return out
}

func strs(v ...string) obj { return obj{"stringInputs": obj{"value": v}} }

// Where the function, the parameters and the form come from in each
// envelope, and what happens to odd shapes (dropped, never an error).
func TestDecodeActionSources(t *testing.T) {
	cases := []struct {
		name string
		body []byte
		want *bot.Action // Form nil below means empty
	}{
		{"classic: actionMethodName first", classicClick(obj{"actionMethodName": "undo"}, obj{"invokedFunction": "saveSettings"}),
			&bot.Action{Function: "undo"}},
		{"classic: else invokedFunction", classicClick(nil, obj{"invokedFunction": "undo", "parameters": obj{"batch": "b1"}}),
			&bot.Action{Function: "undo", Parameters: map[string]string{"batch": "b1"}}},
		{"classic: common wins a conflict, the list adds the rest",
			classicClick(obj{"actionMethodName": "undo", "parameters": list("batch", "from-list", "extra", "x")},
				obj{"parameters": obj{"batch": "from-common"}}),
			&bot.Action{Function: "undo", Parameters: map[string]string{"batch": "from-common", "extra": "x"}}},
		{"classic: a repeated list key keeps its first value",
			classicClick(obj{"actionMethodName": "undo", "parameters": list("batch", "b1", "batch", "b2")}, nil),
			&bot.Action{Function: "undo", Parameters: map[string]string{"batch": "b1"}}},
		{"classic: no function, no action", classicClick(obj{"parameters": list("batch", "b1")}, obj{"userLocale": "en"}), nil},
		{"classic: odd parameter shapes are skipped",
			classicClick(obj{"actionMethodName": "undo", "parameters": []any{7, obj{"key": 1, "value": "v"}, obj{"key": "k"}, obj{"key": "ok", "value": "v"}}},
				obj{"parameters": obj{"n": 5, "o": obj{}, "nul": nil, "s": "v"}}),
			&bot.Action{Function: "undo", Parameters: map[string]string{"ok": "v", "s": "v"}}},
		{"classic: parameters of the wrong type read as none",
			classicClick(obj{"actionMethodName": "undo", "parameters": "batch=b1"}, obj{"parameters": []any{"batch"}, "formInputs": "x"}),
			&bot.Action{Function: "undo"}},
		{"classic: odd form fields are skipped",
			classicClick(nil, obj{"invokedFunction": "saveSettings", "formInputs": obj{
				"n": obj{"stringInputs": obj{"value": []any{1}}}, "s": obj{"stringInputs": "x"},
				"null": obj{"stringInputs": obj{"value": nil}}, "ok": strs("a", "b"),
				"date": obj{"dateInput": obj{"msSinceEpoch": "1"}}, "str": "x"}}),
			&bot.Action{Function: "saveSettings", Form: map[string][]string{"null": {}, "ok": {"a", "b"}}}},
		{"add-on: the action parameter", addonClick(obj{"parameters": obj{"action": "undo", "batch": "b1"}}),
			&bot.Action{Function: "undo", Parameters: map[string]string{"batch": "b1"}}},
		{"add-on: action beats __action_method_name__, neither is a parameter",
			addonClick(obj{"parameters": obj{"__action_method_name__": "saveSettings", "action": "undo", "batch": "b1"}}),
			&bot.Action{Function: "undo", Parameters: map[string]string{"batch": "b1"}}},
		{"add-on: __action_method_name__ alone", addonClick(obj{"parameters": obj{"__action_method_name__": "undo"}}),
			&bot.Action{Function: "undo"}},
		{"add-on: invokedFunction is not read", addonClick(obj{"invokedFunction": "undo", "parameters": obj{"batch": "b1"}}), nil},
		{"add-on: the form", addonClick(obj{"parameters": obj{"action": "saveSettings"}, "formInputs": obj{"maxPeople": strs("40")}}),
			&bot.Action{Function: "saveSettings", Form: map[string][]string{"maxPeople": {"40"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertAction(t, tc.body, tc.want)
		})
	}
}

// Beyond the bounds the rest is dropped and the click still reaches the
// domain: never a 4xx for a valid event.
func TestDecodeActionBounds(t *testing.T) {
	big := strings.Repeat("x", maxActionBytes+1)
	fits := strings.Repeat("x", maxActionBytes)
	fitsForm, hugeForm := strings.Repeat("x", maxFormValueBytes), strings.Repeat("x", maxFormValueBytes+1)
	many := func(n int, prefix string) obj {
		o := obj{}
		for i := range n {
			o[fmt.Sprintf("%s%03d", prefix, i)] = "v"
		}
		return o
	}
	want := func(n int, prefix string) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprintf("%s%03d", prefix, i)] = "v"
		}
		return m
	}
	values := func(n int) []string { return strings.Split(strings.Repeat("v,", n-1)+"v", ",") }
	form := func(n int) (obj, map[string][]string) {
		o, m := obj{}, map[string][]string{}
		for i := range n {
			name := fmt.Sprintf("f%03d", i)
			o[name] = strs("v")
			if i < maxFormFields {
				m[name] = []string{"v"}
			}
		}
		return o, m
	}
	manyFields, firstFields := form(maxFormFields + 10)
	cases := []struct {
		name string
		body []byte
		want *bot.Action
	}{
		{"60 common parameters: the first 50", classicClick(nil, obj{"invokedFunction": "undo", "parameters": many(60, "p")}),
			&bot.Action{Function: "undo", Parameters: want(50, "p")}},
		{"60 list parameters: the first 50", classicClick(obj{"actionMethodName": "undo", "parameters": listOf(many(60, "p"))}, nil),
			&bot.Action{Function: "undo", Parameters: want(50, "p")}},
		{"merged: 50 in all, common first",
			classicClick(obj{"actionMethodName": "undo", "parameters": listOf(many(10, "b"))}, obj{"parameters": many(45, "a")}),
			&bot.Action{Function: "undo", Parameters: merge(want(45, "a"), want(5, "b"))}},
		{"a value of 4 KiB is kept, one byte more is dropped",
			classicClick(obj{"actionMethodName": "undo", "parameters": list("fits", fits, "big", big)}, obj{"parameters": obj{"big2": big}}),
			&bot.Action{Function: "undo", Parameters: map[string]string{"fits": fits}}},
		{"an oversized key is dropped", classicClick(nil, obj{"invokedFunction": "undo", "parameters": obj{big: "v", "k": "v"}}),
			&bot.Action{Function: "undo", Parameters: map[string]string{"k": "v"}}},
		{"an oversized function is no action", classicClick(obj{"actionMethodName": big}, nil), nil},
		{"60 form fields: the first 50", classicClick(nil, obj{"invokedFunction": "saveSettings", "formInputs": manyFields}),
			&bot.Action{Function: "saveSettings", Form: firstFields}},
		{"100 values are kept, a field of 101 is dropped whole",
			classicClick(nil, obj{"invokedFunction": "saveSettings", "formInputs": obj{"a": strs(values(100)...), "b": strs(values(101)...)}}),
			&bot.Action{Function: "saveSettings", Form: map[string][]string{"a": values(100)}}},
		{"a form value of 32 KiB (a pasted list) is kept; a field with a larger one is dropped whole",
			addonClick(obj{"parameters": obj{"action": "submitInvite"}, "formInputs": obj{"addresses": strs("a.example", hugeForm),
				"people": strs(fitsForm)}}),
			&bot.Action{Function: "submitInvite", Form: map[string][]string{"people": {fitsForm}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertAction(t, tc.body, tc.want)
		})
	}
}

// listOf is o as an action.parameters list, in key order.
func listOf(o obj) []any {
	b, _ := json.Marshal(o) // sorted keys
	var kv []string
	eachMember(b, 1000, func(k string, raw json.RawMessage) bool {
		v, _ := boundedString(raw)
		kv = append(kv, k, v)
		return true
	})
	return list(kv...)
}

func merge(a, b map[string]string) map[string]string {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func assertAction(t *testing.T, body []byte, want *bot.Action) {
	t.Helper()
	ev, err := decodeEvent(body)
	if err != nil {
		t.Fatalf("decodeEvent: %v", err)
	}
	if ev.in.Kind != bot.EventCardClicked || ev.in.ID != "" {
		t.Errorf("Kind, ID: got %v %q, want CARD_CLICKED and no ID", ev.in.Kind, ev.in.ID)
	}
	if want != nil {
		if want.Parameters == nil {
			want.Parameters = map[string]string{}
		}
		if want.Form == nil {
			want.Form = map[string][]string{}
		}
	}
	if !reflect.DeepEqual(ev.in.Action, want) {
		t.Errorf("Action:\n got %+v\nwant %+v", ev.in.Action, want)
	}
}

// The same Save reads the same in both envelopes, and two clicks on one
// card are not one event.
func TestDecodeCardClickSameInBothEnvelopes(t *testing.T) {
	classic, err := decodeEvent(readFixture(t, "classic_card_clicked_settings"))
	if err != nil {
		t.Fatal(err)
	}
	addon, err := decodeEvent(readFixture(t, "addon_button_clicked_settings"))
	if err != nil {
		t.Fatal(err)
	}
	addon.in.Addon = false // the one difference: which widgets its dialogs may show
	if !reflect.DeepEqual(classic.in, addon.in) {
		t.Errorf("classic and add-on differ:\nclassic %+v\n  addon %+v", classic.in, addon.in)
	}
	if classic.in.ID != "" {
		t.Errorf("ID: got %q, want none (the card's message name is shared by every click)", classic.in.ID)
	}
}
