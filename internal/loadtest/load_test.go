package loadtest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// Every request names a message of its own, in an event Onboard decodes.
func TestEventsNameTheirOwnMessage(t *testing.T) {
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := newEvents(w)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, b := range [][]byte{ev.body("run", 0), ev.body("run", 1), ev.body("warm", 0), ev.body("run", 1<<40)} {
		var e struct {
			Type    string
			Message struct{ Name, Text string }
		}
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if e.Type != "MESSAGE" || e.Message.Text != "/help" || !strings.HasPrefix(e.Message.Name, "spaces/AAAAonbrd01/messages/") {
			t.Errorf("got %+v, want /help in spaces/AAAAonbrd01", e)
		}
		if seen[e.Message.Name] {
			t.Errorf("message %s sent twice", e.Message.Name)
		}
		seen[e.Message.Name] = true
	}
}

func TestFreshNeed(t *testing.T) {
	tests := []struct {
		name string
		l    load
		want int
	}{
		{"fixed rate: the schedule, a little over, plus the workers", load{rate: 1000}, 10200 + 16},
		{"saturation: the limit", load{}, 50000},
		{"never over the limit", load{rate: 10000}, 50000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := freshNeed(tc.l, 10*time.Second, 16, 50000); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestParseLoad(t *testing.T) {
	for in, want := range map[string]string{"max": "max", "500": "500/s"} {
		l, err := parseLoad(in)
		if err != nil || l.String() != want {
			t.Errorf("parseLoad(%q) = %v, %v; want %s", in, l, err, want)
		}
	}
	for _, bad := range []string{"0", "-5", "fast", ""} {
		if _, err := parseLoad(bad); err == nil {
			t.Errorf("parseLoad(%q) accepted", bad)
		}
	}
}
