package chatfake

import (
	"strings"
	"testing"
)

// TestParseWorldRejects: a typo or a dangling id in a world file is an
// error, not a silently different world.
func TestParseWorldRejects(t *testing.T) {
	t.Parallel()
	base := `"domains":["example.com"],"app":{"id":"1"},"users":[{"id":"2","email":"a@example.com"}]`
	tests := []struct {
		name, doc, want string
	}{
		{"unknown field", `{` + base + `,"spaces":[{"id":"S","spaceType":"SPACE","manageMember":"members"}]}`, "unknown field"},
		{"manageMembers value", `{` + base + `,"spaces":[{"id":"S","spaceType":"SPACE","manageMembers":"owners"}]}`, "manageMembers"},
		{"group member not a user", `{` + base + `,"groups":[{"id":"g","email":"g@example.com","members":["9"]}]}`, "not a user"},
		{"group without email", `{` + base + `,"groups":[{"id":"g"}]}`, "needs id and email"},
		{"client without secret", `{` + base + `,"oauthClients":[{"clientId":"c"}]}`, "clientSecret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWorld([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error mentioning %q", err, tt.want)
			}
		})
	}
}

// TestDefaultWorldForUserAuth: the example world has what the user-auth
// paths need.
func TestDefaultWorldForUserAuth(t *testing.T) {
	t.Parallel()
	w, err := DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	if len(w.OAuthClients) != 1 || w.OAuthClients[0].ClientID != webClientID || len(w.Groups) != 1 || w.Groups[0].Email != "eng@example.com" {
		t.Errorf("clients %+v, groups %+v; want the web client and eng@example.com", w.OAuthClients, w.Groups)
	}
}
