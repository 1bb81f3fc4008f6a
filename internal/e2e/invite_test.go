package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/demo"
)

const (
	platform = "spaces/AAAAonbrd01"
	alice    = "users/222222222222222222222"
	bob      = "users/333333333333333333333"
)

// event is the classic event of person typing text (see demo.BuildEvent).
func event(t *testing.T, o *onboard, person, space string, dm bool, msgID, text string) []byte {
	t.Helper()
	ev, err := demo.BuildEvent(o.world, person, space, dm, msgID, text)
	if err != nil {
		t.Fatal(err)
	}
	ev["configCompleteRedirectUrl"] = "https://chat.google.com/api/bot_config_complete?token=CAPABILITY-SECRET-e2e"
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInviteEndToEnd(t *testing.T) {
	o := start(t, "url")
	tok := o.urlToken()
	status, body := o.post(tok, event(t, o, "sam", "AAAAonbrd01", false, "m1",
		"/invite @alice @bob carol@example.com erin@partner.test nobody@example.com dave@example.com @sam"))
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	r := readReply(t, body, false)
	if r.Private {
		t.Error("the result card must be visible to the space")
	}
	want := map[string]string{
		"Alice Ng":           "Added",
		"Bob Ortiz":          "Invited — Must accept (Onboard cannot see when they do)",
		"carol@example.com":  "Added",
		"erin@partner.test":  "Not added — Onboard can't add people outside your organisation with its own access",
		"nobody@example.com": "Not added — No one with that address in the organisation",
		"dave@example.com":   "Already a member or invited",
		"Sam Rivera":         "Skipped — That's you",
	}
	for who, words := range want {
		if got, ok := r.Rows[who]; !ok || !strings.HasPrefix(got, words) {
			t.Errorf("row for %s = %q, want it to start with %q\ncard: %s", who, got, words, r.Raw)
		}
	}
	for user, st := range map[string]string{alice: "JOINED", bob: "INVITED", "carol@example.com": "JOINED"} {
		if got := o.state(platform, user); got != st {
			t.Errorf("%s membership %q, want %s", user, got, st)
		}
	}
	if o.state(platform, "erin@partner.test") != "" {
		t.Error("an external person was added")
	}

	// Chat redelivers the same event: nobody is invited twice and the
	// answer is the same card.
	before := o.creates()
	status, again := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "m1",
		"/invite @alice @bob carol@example.com erin@partner.test nobody@example.com dave@example.com @sam"))
	if status != 200 || o.creates() != before {
		t.Errorf("redelivery: status %d, creates %d → %d, want 200 and no new creates", status, before, o.creates())
	}
	if got := readReply(t, again, false); len(got.Rows) != len(r.Rows) {
		t.Errorf("redelivery answered %d rows, first answer had %d", len(got.Rows), len(r.Rows))
	}

	// Secrets never reach the logs.
	logs := o.logs.String()
	for _, secret := range []string{tok, "CAPABILITY-SECRET-e2e", "PRIVATE KEY"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain a secret (%.20s…)", secret)
		}
	}
}

func TestInvitePolicyAndTargets(t *testing.T) {
	o := start(t, "url")
	tests := []struct {
		name      string
		person    string
		space     string
		dm        bool
		text      string
		private   bool
		title     string
		wantAdded string // a user who must now be JOINED in Platform Team, or ""
	}{
		{"plain member is refused", "dave", "AAAAonbrd01", false, "/invite @carol", true, "Nothing was done", ""},
		{"DM names the space", "sam", "", true, "/invite spaces/AAAAonbrd01 @carol", false, "Invite results", "users/444444444444444444444"},
		{"DM without a space", "sam", "", true, "/invite @alice", true, "Nothing was done", ""},
		{"space without Onboard", "sam", "", true, "/invite spaces/AAAAnotapp02 @alice", false, "Invite results", ""},
		{"too many people", "sam", "AAAAonbrd01", false, "/invite " + manyAddresses(501), true, "Nothing was done", ""},
		{"help", "dave", "AAAAonbrd01", false, "/help", true, "Onboard help", ""},
		{"plain DM message", "dave", "", true, "hello there", true, "Onboard help", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creates := o.creates()
			status, body := o.post(o.urlToken(), event(t, o, tt.person, tt.space, tt.dm, "", tt.text))
			if status != 200 {
				t.Fatalf("status %d: %s", status, body)
			}
			r := readReply(t, body, false)
			if r.Private != tt.private || len(r.Titles) == 0 || r.Titles[0] != tt.title {
				t.Errorf("got private=%v titles=%v, want private=%v title %q\n%s", r.Private, r.Titles, tt.private, tt.title, r.Raw)
			}
			if tt.wantAdded != "" {
				if st := o.state(platform, tt.wantAdded); st != "JOINED" {
					t.Errorf("%s is %q, want JOINED", tt.wantAdded, st)
				}
			} else if o.creates() != creates && tt.title != "Invite results" {
				t.Errorf("a refused command made %d members.create calls", o.creates()-creates)
			}
		})
	}
	if st := o.state("spaces/AAAAnotapp02", alice); st != "" {
		t.Errorf("alice is %q in a space Onboard is not in", st)
	}
}

func manyAddresses(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "person%d@example.com ", i)
	}
	return b.String()
}
