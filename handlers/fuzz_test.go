package handlers

import (
	"encoding/json"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

// FuzzDecodeEvent: the decoder never panics, and its verdict follows the
// status table — 400 exactly when the body is not JSON, otherwise either an
// Interaction in a known envelope or a harmless 200 {}; a card action never
// exceeds its bounds. Seeds: every fixture (also committed under
// testdata/fuzz/FuzzDecodeEvent) and odd shapes.
func FuzzDecodeEvent(f *testing.F) {
	for _, name := range fixtureNames(f) {
		f.Add(readFixture(f, name))
	}
	for _, s := range []string{``, `{}`, `null`, `[]`, `"MESSAGE"`, `{"type":1}`,
		`{"type":"MESSAGE","appCommandMetadata":{"appCommandId":"x"}}`,
		`{"type":"MESSAGE","message":{"annotations":[{"type":"USER_MENTION"},{"type":"SLASH_COMMAND","slashCommand":{}}]}}`,
		`{"chat":{"appCommandPayload":{}},"commonEventObject":{}}`,
		`{"chat":{"buttonClickedPayload":{"message":{"space":{"name":"spaces/x"}}}},"commonEventObject":null}`,
		`{"type":"CARD_CLICKED","action":{"actionMethodName":"undo","parameters":[{"key":"batch","value":"b1"},{"key":1},"x"]},"common":{"parameters":{"batch":2},"formInputs":{"f":{"stringInputs":{"value":["a",1]}},"d":{"dateInput":{"msSinceEpoch":"1"}}}}}`,
		`{"type":"CARD_CLICKED","common":{"invokedFunction":"saveSettings","parameters":[],"formInputs":{"f":{"stringInputs":{"value":null}},"g":{"stringInputs":"x"}}}}`,
		`{"chat":{"buttonClickedPayload":{}},"commonEventObject":{"parameters":{"action":"undo","__action_method_name__":"x","batch":"b1"},"formInputs":[]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := decodeEvent(body)
		valid := json.Valid(body)
		if err != nil {
			p := problemOf(err)
			if p != problemMalformed && p != problemUnhandled {
				t.Fatalf("problem %v for %q", p, body)
			}
			if (p == problemMalformed) == valid {
				t.Fatalf("json.Valid %v but problem %v for %q", valid, p, body)
			}
			return
		}
		if !valid {
			t.Fatalf("decoded invalid JSON %q", body)
		}
		if ev.envelope != envelopeClassic && ev.envelope != envelopeAddon {
			t.Fatalf("envelope %v for %q", ev.envelope, body)
		}
		if ev.in.CommandID < 0 {
			t.Fatalf("CommandID %d", ev.in.CommandID)
		}
		checkActionBounds(t, ev.in.Action)
	})
}

// checkActionBounds fails when a decoded card action breaks a bound of
// action.go.
func checkActionBounds(t *testing.T, a *bot.Action) {
	t.Helper()
	if a == nil {
		return
	}
	if a.Function == "" || len(a.Function) > maxActionBytes {
		t.Fatalf("Function of %d bytes", len(a.Function))
	}
	if len(a.Parameters) > maxActionParams || len(a.Form) > maxFormFields {
		t.Fatalf("%d parameters, %d form fields", len(a.Parameters), len(a.Form))
	}
	for k, v := range a.Parameters {
		if k == "" || len(k) > maxActionBytes || len(v) > maxActionBytes {
			t.Fatalf("parameter of %d+%d bytes", len(k), len(v))
		}
	}
	for k, vs := range a.Form {
		if k == "" || len(k) > maxActionBytes || len(vs) > maxFieldValues {
			t.Fatalf("form field of %d bytes with %d values", len(k), len(vs))
		}
		for _, v := range vs {
			if len(v) > maxFormValueBytes {
				t.Fatalf("form value of %d bytes", len(v))
			}
		}
	}
}
