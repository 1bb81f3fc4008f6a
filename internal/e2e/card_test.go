package e2e

import (
	"bytes"
	"encoding/json"
	"testing"

	chat "google.golang.org/api/chat/v1"
)

// reply is what a user sees of Onboard's answer.
type reply struct {
	Private bool
	Titles  []string          // card titles, in order
	Rows    map[string]string // person (row text) → "topLabel — bottomLabel"
	Raw     []byte
}

// readReply decodes a reply strictly into chat.Message (unwrapping the
// add-on envelope when addon) and collects what a user reads.
func readReply(t *testing.T, body []byte, addon bool) reply {
	t.Helper()
	if addon {
		var env struct {
			HostAppDataAction struct {
				ChatDataAction struct {
					CreateMessageAction struct {
						Message json.RawMessage `json:"message"`
					} `json:"createMessageAction"`
				} `json:"chatDataAction"`
			} `json:"hostAppDataAction"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatalf("add-on reply: %v: %s", err, body)
		}
		body = env.HostAppDataAction.ChatDataAction.CreateMessageAction.Message
		if len(body) == 0 {
			t.Fatalf("add-on reply has no hostAppDataAction message")
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var m chat.Message
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("reply does not decode strictly into chat.Message: %v\n%s", err, body)
	}
	r := reply{Private: m.PrivateMessageViewer != nil, Rows: map[string]string{}, Raw: body}
	for _, c := range m.CardsV2 {
		r.Titles = append(r.Titles, c.Card.Header.Title)
		for _, s := range c.Card.Sections {
			for _, w := range s.Widgets {
				if d := w.DecoratedText; d != nil {
					v := d.TopLabel
					if d.BottomLabel != "" {
						v += " — " + d.BottomLabel
					}
					r.Rows[d.Text] = v
				}
			}
		}
	}
	return r
}

// addedByOnboard is the row of someone Onboard added with its own
// authority.
const addedByOnboard = "Added — By Onboard"
