package chatfake

import (
	"encoding/json"
	"strings"
	"testing"

	chat "google.golang.org/api/chat/v1"
)

func TestInspectCallsAndState(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	if err := createAlice(svc); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Spaces.Messages.Create("spaces/"+spacePlatform, &chat.Message{Text: "Welcome"}).Do(); err != nil {
		t.Fatal(err)
	}

	var calls struct{ Calls []Call }
	getJSON(t, s.URL+"/_fake/calls", &calls)
	var create *Call
	methods := []string{}
	for i, c := range calls.Calls {
		methods = append(methods, c.Method)
		if c.Method == "chat.spaces.members.create" {
			create = &calls.Calls[i]
		}
	}
	if create == nil {
		t.Fatalf("got methods %v, want a chat.spaces.members.create call", methods)
	}
	var body chat.Membership
	if err := json.Unmarshal(create.Body, &body); err != nil || body.Member.Name != "users/"+idAlice {
		t.Errorf("create body: got %s (%v), want member users/%s", create.Body, err, idAlice)
	}
	if create.HTTPMethod != "POST" || create.Path != "/v1/spaces/"+spacePlatform+"/members" || create.Status != 200 ||
		!strings.Contains(strings.Join(create.Scopes, " "), "chat.app.memberships") {
		t.Errorf("create call: got %+v", *create)
	}
	if !strings.Contains(strings.Join(methods, " "), "token") {
		t.Errorf("got methods %v, want the token exchange recorded as \"token\"", methods)
	}
	for _, c := range calls.Calls {
		if c.Method == "token" && c.Body != nil {
			t.Errorf("token call body recorded: %s", c.Body)
		}
	}

	var state WorldState
	getJSON(t, s.URL+"/_fake/state", &state)
	sp := state.Spaces[0]
	if sp.Name != "spaces/"+spacePlatform || len(sp.Messages) != 1 || sp.Messages[0].Text != "Welcome" {
		t.Fatalf("state: got space %s with %d messages, want %s with the welcome", sp.Name, len(sp.Messages), spacePlatform)
	}
	var alice *MemberSnapshot
	for i := range sp.Members {
		if sp.Members[i].User == idAlice {
			alice = &sp.Members[i]
		}
	}
	if alice == nil || alice.State != "JOINED" || alice.Role != "ROLE_MEMBER" || alice.Creates != 1 || alice.Email != "alice@example.com" {
		t.Errorf("state: got Alice %+v, want JOINED ROLE_MEMBER created once", alice)
	}
}
