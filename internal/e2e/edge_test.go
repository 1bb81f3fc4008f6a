package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// addonEvent rewraps a classic slash-command event in the Google Workspace
// add-on envelope (docs/chat-platform.md §2).
func addonEvent(t *testing.T, classic []byte) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(classic, &ev); err != nil {
		t.Fatal(err)
	}
	payload := map[string]any{"message": ev["message"], "space": ev["space"],
		"configCompleteRedirectUri": ev["configCompleteRedirectUrl"]}
	key := "messagePayload"
	if md, ok := ev["appCommandMetadata"]; ok {
		key, payload["appCommandMetadata"] = "appCommandPayload", md
	}
	b, err := json.Marshal(map[string]any{
		"commonEventObject": ev["common"],
		"chat":              map[string]any{"user": ev["user"], "eventTime": ev["eventTime"], key: payload},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAddonEnvelope(t *testing.T) {
	o := start(t, "url", "CHAT_ADDON_SERVICE_ACCOUNT=service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com")
	tok, err := o.fake.MintAddonToken(o.world.EndpointURL)
	if err != nil {
		t.Fatal(err)
	}
	status, body := o.post(tok, addonEvent(t, event(t, o, "sam", "AAAAonbrd01", false, "addon1", "/invite carol@example.com")))
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	r := readReply(t, body, true)
	if got := r.Rows["carol@example.com"]; got != addedByOnboard {
		t.Errorf("carol row %q, want Added\n%s", got, body)
	}
	if st := o.state(platform, "carol@example.com"); st != "JOINED" {
		t.Errorf("carol is %q, want JOINED", st)
	}
	status, body = o.post(tok, addonEvent(t, event(t, o, "sam", "AAAAonbrd01", false, "", "/help")))
	if r := readReply(t, body, true); status != 200 || !r.Private || r.Titles[0] != "Onboard help" {
		t.Errorf("add-on /help: status %d, %+v", status, r)
	}
}

func TestAddonTokenRefusedUnlessConfigured(t *testing.T) {
	o := start(t, "url")
	tok, err := o.fake.MintAddonToken(o.world.EndpointURL)
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := o.post(tok, event(t, o, "sam", "AAAAonbrd01", false, "", "/help")); status != 401 {
		t.Errorf("add-on token without CHAT_ADDON_SERVICE_ACCOUNT: status %d, want 401", status)
	}
}

func TestProjectNumberAudience(t *testing.T) {
	o := start(t, "project")
	tok, err := o.fake.MintProjectToken(o.world.ProjectNumber)
	if err != nil {
		t.Fatal(err)
	}
	status, body := o.post(tok, event(t, o, "sam", "AAAAonbrd01", false, "", "/invite carol@example.com"))
	if status != 200 || readReply(t, body, false).Rows["carol@example.com"] != addedByOnboard {
		t.Fatalf("project-number token: status %d\n%s", status, body)
	}
	if status, _ := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "", "/help")); status != 401 {
		t.Errorf("URL-audience token in project-number mode: status %d, want 401", status)
	}
	other, _ := o.fake.MintProjectToken("999999999999")
	if status, _ := o.post(other, event(t, o, "sam", "AAAAonbrd01", false, "", "/help")); status != 401 {
		t.Errorf("another project's token: status %d, want 401", status)
	}
}

func TestWelcome(t *testing.T) {
	o := start(t, "url")
	added := map[string]any{"type": "ADDED_TO_SPACE", "eventTime": time.Now().UTC().Format(time.RFC3339),
		"user":  map[string]any{"name": "users/111111111111111111111", "displayName": "Sam Rivera", "email": "sam@example.com", "type": "HUMAN"},
		"space": map[string]any{"name": platform, "displayName": "Platform Team", "spaceType": "SPACE"}}
	b, _ := json.Marshal(added)
	status, body := o.post(o.urlToken(), b)
	if r := readReply(t, body, false); status != 200 || r.Private || len(r.Titles) != 1 {
		t.Fatalf("welcome: status %d %+v", status, r)
	}

	// Someone ran /invite in a space Onboard was not in: one ADDED_TO_SPACE
	// carries the command. It is run, and the reply welcomes too.
	var ev map[string]any
	_ = json.Unmarshal(event(t, o, "sam", "AAAAonbrd01", false, "", "/invite carol@example.com"), &ev)
	ev["type"] = "ADDED_TO_SPACE"
	b, _ = json.Marshal(ev)
	status, body = o.post(o.urlToken(), b)
	r := readReply(t, body, false)
	if status != 200 || len(r.Titles) != 2 || r.Rows["carol@example.com"] != addedByOnboard {
		t.Errorf("added with a command: status %d titles %v rows %v", status, r.Titles, r.Rows)
	}

	removed, _ := json.Marshal(map[string]any{"type": "REMOVED_FROM_SPACE", "user": added["user"], "space": added["space"]})
	if status, body := o.post(o.urlToken(), removed); status != 200 || strings.TrimSpace(string(body)) != "{}" {
		t.Errorf("removed: %d %s, want 200 {}", status, body)
	}
}

// TestRejectedRequestsChangeNothing: every bad request gets its status from
// the one table, and no membership is created.
func TestRejectedRequestsChangeNothing(t *testing.T) {
	o := start(t, "url")
	invite := event(t, o, "sam", "AAAAonbrd01", false, "", "/invite carol@example.com")
	good := o.urlToken()
	mint := func(spec fakeauth.TokenSpec) string {
		tok, err := o.fake.Mint(spec)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	yes, no := true, false
	tests := []struct {
		name  string
		token string
		body  []byte
		want  int
	}{
		{"no token", "", invite, 401},
		{"garbage token", "not.a.jwt", invite, 401},
		{"wrong audience", mint(fakeauth.TokenSpec{Audience: "https://evil.example/", Email: fakeauth.ChatEmail, EmailVerified: &yes}), invite, 401},
		{"wrong email", mint(fakeauth.TokenSpec{Audience: o.world.EndpointURL, Email: "someone@example.com", EmailVerified: &yes}), invite, 401},
		{"email not verified", mint(fakeauth.TokenSpec{Audience: o.world.EndpointURL, Email: fakeauth.ChatEmail, EmailVerified: &no}), invite, 401},
		{"expired", mint(fakeauth.TokenSpec{Audience: o.world.EndpointURL, Email: fakeauth.ChatEmail, EmailVerified: &yes,
			IssuedAt: time.Now().Add(-2 * time.Hour)}), invite, 401},
		{"malformed JSON", good, []byte(`{"type":"MESSAGE",`), 400},
		{"body over 1 MiB", good, append(append([]byte(`{"type":"MESSAGE","pad":"`), bytes.Repeat([]byte("a"), 1<<20)...), `"}`...), 413},
		{"unknown event type", good, []byte(`{"type":"SOMETHING_NEW","space":{"name":"spaces/AAAAonbrd01"}}`), 200},
		{"not an event", good, []byte(`{"hello":"world"}`), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := o.post(tt.token, tt.body)
			if status != tt.want {
				t.Errorf("status %d, want %d (%s)", status, tt.want, body)
			}
			if tt.want == 401 && !bytes.Contains(body, []byte("unauthenticated")) || len(body) > 200 {
				t.Errorf("body %q: want a short fixed answer without detail", body)
			}
		})
	}
	if n := o.creates(); n != 0 {
		t.Errorf("rejected requests caused %d members.create calls", n)
	}
	if st := o.state(platform, "carol@example.com"); st != "" {
		t.Errorf("carol is %q after only rejected requests", st)
	}
	// GET /health answers while all this goes on.
	resp, err := http.Get(o.url + "health")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("GET /health: %v %v", resp, err)
	}
}
