package handlers

import (
	"encoding/json"
	"testing"
)

// FuzzDecodeEvent: the decoder never panics, and its verdict follows the
// status table — 400 exactly when the body is not JSON, otherwise either an
// Interaction in a known envelope or a harmless 200 {}. Seeds: every fixture
// (also committed under testdata/fuzz/FuzzDecodeEvent) and odd shapes.
func FuzzDecodeEvent(f *testing.F) {
	for _, name := range fixtureNames(f) {
		f.Add(readFixture(f, name))
	}
	for _, s := range []string{``, `{}`, `null`, `[]`, `"MESSAGE"`, `{"type":1}`,
		`{"type":"MESSAGE","appCommandMetadata":{"appCommandId":"x"}}`,
		`{"type":"MESSAGE","message":{"annotations":[{"type":"USER_MENTION"},{"type":"SLASH_COMMAND","slashCommand":{}}]}}`,
		`{"chat":{"appCommandPayload":{}},"commonEventObject":{}}`,
		`{"chat":{"buttonClickedPayload":{"message":{"space":{"name":"spaces/x"}}}},"commonEventObject":null}`,
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
	})
}
