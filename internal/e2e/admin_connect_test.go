package e2e

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
)

// The paths that act with a person's own authority, seen from Chat: admin
// access that removes, who may use --admin, the policy on top of Chat's
// own rules, /connect and /help, the command limit, and what the sign-in
// link asks Google for.

const peopleOps = "spaces/AAAApeopl07" // Onboard is not in it; carol manages it, alice is a member

// defaultWorld is chatfake's default world, fresh for one test.
func defaultWorld(t *testing.T) *chatfake.World {
	t.Helper()
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// say posts what person types (in their DM with Onboard when space is "")
// and returns the reply's body.
func (o *onboard) say(t *testing.T, person, space, msgID, text string) []byte {
	t.Helper()
	status, body := o.post(o.urlToken(), event(t, o, person, space, space == "", msgID, text))
	if status != 200 {
		t.Fatalf("%s: status %d: %s", text, status, body)
	}
	return body
}

// isConfigRequest reports whether a reply is Chat's configuration request
// (a sign-in prompt).
func isConfigRequest(body []byte) bool {
	var r struct {
		ActionResponse *struct{ Type string } `json:"actionResponse"`
	}
	return json.Unmarshal(body, &r) == nil && r.ActionResponse != nil && r.ActionResponse.Type == "REQUEST_CONFIG"
}

// scopesAsked are the scopes a sign-in link asks Google for, sorted.
func scopesAsked(t *testing.T, authURL string) []string {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Fields(u.Query().Get("scope"))
	slices.Sort(s)
	return s
}

// sorted is a sorted copy of s.
func sorted(s ...string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// plain is card text without its bold.
func plain(s string) string { return strings.NewReplacer("<b>", "", "</b>", "").Replace(s) }

// changes counts the membership writes and group lookups chatfake saw:
// what a refused command must not cause.
func (o *onboard) changes() int {
	n := 0
	for _, c := range o.fake.Calls() {
		if c.Method == "chat.spaces.members.create" || c.Method == "chat.spaces.members.delete" ||
			strings.Contains(c.Path, "groups:lookup") {
			n++
		}
	}
	return n
}

// An Onboard admin who is a Workspace admin removes alice from People Ops,
// a space Onboard is not in: after connecting with the admin scope, sam
// alone sees the result, alice is gone, the call carried useAdminAccess,
// and People Ops hears nothing from Onboard.
func TestRemoveWithAdminAccess(t *testing.T) {
	o := startConnectable(t, defaultWorld(t))
	if o.state(peopleOps, alice) != "JOINED" {
		t.Fatal("the world changed: alice is not in People Ops")
	}
	body := o.connectThenResend(t, event(t, o, "sam", "", true, "rmadm1", "/remove --admin spaces/AAAApeopl07 alice@example.com"),
		"sam@example.com")
	r := readReply(t, body, false)
	if got := r.Rows["alice@example.com"]; !strings.HasPrefix(got, "Removed") || !r.Private {
		t.Errorf("alice's row %q (private %v), want removed, privately\n%s", got, r.Private, readable(t, body))
	}
	if st := o.state(peopleOps, alice); st != "" {
		t.Errorf("alice is %q in People Ops, want gone", st)
	}
	deletes := o.callsBy("chat.spaces.members.delete", "users/"+samID)
	if len(deletes) != 1 || !deletes[0].AdminAccess {
		t.Errorf("deletes as sam %+v, want one with useAdminAccess", deletes)
	}
	if n := len(o.callsBy("chat.spaces.members.delete", "app")); n != 0 {
		t.Errorf("%d deletes with Onboard's own authority, want none", n)
	}
	if msgs := o.fake.Messages("AAAApeopl07"); len(msgs) != 0 {
		t.Errorf("People Ops got %d messages from Onboard, want none", len(msgs))
	}
}

// Someone who is not an Onboard admin typing --admin is told so in plain
// words — privately, before any call and before being asked to connect —
// whether they invite or remove.
func TestAdminFlagRefusedForSomeoneNotAnOnboardAdmin(t *testing.T) {
	o := startConnectable(t, defaultWorld(t))
	for _, text := range []string{"/invite --admin spaces/AAAApeopl07 dave@example.com",
		"/remove --admin spaces/AAAApeopl07 alice@example.com"} {
		t.Run(strings.TrimPrefix(strings.Fields(text)[0], "/"), func(t *testing.T) {
			calls := len(o.fake.Calls())
			body := o.say(t, "carol", "", "", text)
			if isConfigRequest(body) {
				t.Fatalf("carol was asked to connect: %s", body)
			}
			r := readReply(t, body, false)
			words := readable(t, body)
			if !r.Private || len(r.Titles) == 0 || r.Titles[0] != "Nothing was done" {
				t.Errorf("private=%v titles %q, want a private \"Nothing was done\"\n%s", r.Private, r.Titles, words)
			}
			if !strings.Contains(words, "Onboard admins") || !strings.Contains(words, "--admin") {
				t.Errorf("the refusal does not say --admin is for Onboard admins:\n%s", words)
			}
			if strings.Contains(strings.ToLower(words), "plan") {
				t.Errorf("the refusal talks about plans, which carol did not ask about:\n%s", words)
			}
			if n := len(o.fake.Calls()) - calls; n != 0 {
				t.Errorf("%d calls to Google for a refused --admin, want none: %+v", n, o.fake.Calls()[calls:])
			}
			if st := o.state(peopleOps, "dave@example.com"); st != "" {
				t.Errorf("dave is %q in People Ops", st)
			}
		})
	}
	if o.state(peopleOps, alice) != "JOINED" {
		t.Error("alice was removed from People Ops")
	}
}

// Policy applies on top of Chat's rules on every new path: the kill switch
// (/pause or ONBOARD_PAUSED) stops groups, admin access and Onboard adding
// itself; ALLOWED_SPACES keeps admin access out of other spaces; a space's
// invite setting keeps a plain member from adding a group. Each is refused
// before anyone is asked to connect, with no change made.
func TestPolicyOnTheNewPaths(t *testing.T) {
	newPaths := []struct{ name, space, text string }{
		{"group", "AAAAonbrd01", "/invite group:eng@example.com"},
		{"admin access", "", "/invite --admin spaces/AAAApeopl07 dave@example.com"},
		{"Onboard itself", "", "/invite spaces/AAAAdmsal06 @Onboard"},
	}
	wantPaused := func(t *testing.T, o *onboard) {
		t.Helper()
		for _, p := range newPaths {
			before := o.changes()
			body := o.say(t, "sam", p.space, "", p.text)
			if isConfigRequest(body) {
				t.Errorf("%s while paused: sam was asked to connect", p.name)
				continue
			}
			r := readReply(t, body, false)
			if words := readable(t, body); !r.Private || !strings.Contains(words, "Onboard is paused") {
				t.Errorf("%s while paused: private=%v, want the paused card:\n%s", p.name, r.Private, words)
			}
			if n := o.changes() - before; n != 0 {
				t.Errorf("%s while paused: %d changes", p.name, n)
			}
		}
	}
	t.Run("pause", func(t *testing.T) {
		o := startConnectable(t, defaultWorld(t))
		if words := readable(t, o.say(t, "sam", "", "", "/pause")); !strings.Contains(words, "Onboard is paused") {
			t.Fatalf("/pause by an Onboard admin:\n%s", words)
		}
		wantPaused(t, o)
	})
	t.Run("ONBOARD_PAUSED", func(t *testing.T) {
		wantPaused(t, startConnectable(t, defaultWorld(t), "ONBOARD_PAUSED=1"))
	})
	t.Run("ALLOWED_SPACES", func(t *testing.T) {
		o := startConnectable(t, defaultWorld(t), "ALLOWED_SPACES=spaces/AAAAonbrd01")
		body := o.say(t, "sam", "", "", "/invite --admin spaces/AAAApeopl07 dave@example.com")
		if isConfigRequest(body) {
			t.Fatal("admin access into a space not allowed: sam was asked to connect")
		}
		if words := readable(t, body); !strings.Contains(words, "not allowed to act in this space") {
			t.Errorf("admin access into a space not allowed:\n%s", words)
		}
		// The allowed space still gets as far as the sign-in: the refusal
		// above is the allow-list's.
		if body := o.say(t, "sam", "", "", "/invite --admin spaces/AAAAonbrd01 carol@example.com"); !isConfigRequest(body) {
			t.Errorf("admin access into the allowed space: %s, want a sign-in", readable(t, body))
		}
		if n := o.changes(); n != 0 {
			t.Errorf("%d changes, want none", n)
		}
	})
	t.Run("space invite setting", func(t *testing.T) {
		// Members may invite by default here, and dave is not an Onboard
		// admin: only the space's own setting can refuse him.
		o := startConnectable(t, defaultWorld(t), "INVITE_POLICY=members", "ONBOARD_ADMINS=sam@example.com")
		if body := o.say(t, "dave", "AAAAonbrd01", "", "/invite group:eng@example.com"); !isConfigRequest(body) {
			t.Fatalf("dave's group invite under invite=members: %s, want a sign-in", readable(t, body))
		}
		if words := readable(t, o.say(t, "sam", "AAAAonbrd01", "", "/settings invite=managers")); !strings.Contains(words, "Onboard settings saved") {
			t.Fatalf("sam's /settings invite=managers was not saved:\n%s", words)
		}
		body := o.say(t, "dave", "AAAAonbrd01", "", "/invite group:eng@example.com")
		if isConfigRequest(body) {
			t.Fatal("dave was asked to connect for an invite the space's setting refuses")
		}
		if words := readable(t, body); !strings.Contains(words, "only space owners and managers can invite") {
			t.Errorf("dave's group invite under invite=managers:\n%s", words)
		}
		if n := o.changes(); n != 0 {
			t.Errorf("%d changes, want none", n)
		}
	})
}

// /connect: sam is asked to connect; after consent Chat sends /connect
// again and the answer says he is connected as sam@example.com — not a
// second prompt; /help then shows the connection and what it allows.
// /connect --admin asks an Onboard admin for the admin scope, and refuses
// anyone else.
func TestConnectCommand(t *testing.T) {
	o := startConnectable(t, defaultWorld(t))
	body := o.connectThenResend(t, event(t, o, "sam", "", true, "conn1", "/connect"), "sam@example.com")
	if isConfigRequest(body) {
		t.Fatalf("the /connect Chat sends again after consent asked to connect again: %s", body)
	}
	r := readReply(t, body, false)
	if words := plain(readable(t, body)); !r.Private || !strings.Contains(words, "Connected as sam@example.com") {
		t.Errorf("the re-sent /connect: private=%v\n%s", r.Private, words)
	}

	help := plain(readable(t, o.say(t, "sam", "", "", "/help")))
	for _, w := range []string{"Connected as sam@example.com", "add people with your access", "add Onboard to spaces",
		"look up Google Groups"} {
		if !strings.Contains(help, w) {
			t.Errorf("/help does not read %q:\n%s", w, help)
		}
	}
	if strings.Contains(help, "use your admin access") {
		t.Errorf("/help claims admin access sam did not grant:\n%s", help)
	}

	body = o.say(t, "sam", "", "", "/connect --admin")
	if !isConfigRequest(body) {
		t.Fatalf("/connect --admin by an Onboard admin: %s, want a sign-in", readable(t, body))
	}
	if got := scopesAsked(t, configRequest(t, body)); !slices.Contains(got, bot.ScopeAdminMembers) {
		t.Errorf("/connect --admin asks for %v, want the admin scope among them", got)
	}

	body = o.say(t, "carol", "", "", "/connect --admin")
	if isConfigRequest(body) {
		t.Fatalf("/connect --admin by someone not an Onboard admin asked to connect: %s", scopesAsked(t, configRequest(t, body)))
	}
	if words := readable(t, body); !strings.Contains(words, "Onboard admins") || !strings.Contains(words, "--admin") {
		t.Errorf("/connect --admin by carol does not say --admin is for Onboard admins:\n%s", words)
	}
}

// Asking someone to connect does not count against their command limit:
// with one command a minute, the group invite that stopped for a sign-in
// runs when Chat sends it again after consent; the limit itself holds.
func TestSignInPromptIsNotChargedToTheCommandLimit(t *testing.T) {
	o := startConnectable(t, defaultWorld(t), "COMMANDS_PER_MINUTE=1")
	body := o.connectThenResend(t, event(t, o, "sam", "AAAAonbrd01", false, "lim1", "/invite group:eng@example.com"),
		"sam@example.com")
	r := readReply(t, body, false)
	if got := r.Rows["eng@example.com"]; !strings.HasPrefix(got, "Added") {
		t.Errorf("the re-sent invite: row %q, want the group added\n%s", got, readable(t, body))
	}
	if len(o.callsBy("chat.spaces.members.create", "users/"+samID)) != 1 {
		t.Error("the group was not added with sam's grant")
	}
	// The re-sent message took the one command of the minute.
	if words := readable(t, o.say(t, "sam", "AAAAonbrd01", "", "/invite group:eng@example.com")); !strings.Contains(words, "Too many commands") {
		t.Errorf("a second command within the minute was not limited:\n%s", words)
	}
}

// The sign-in link asks Google only for what the pending command needs
// (besides openid and email): a group needs adding people and looking up
// groups; adding Onboard itself needs only chat.memberships.app.
func TestSignInAsksOnlyForWhatTheCommandNeeds(t *testing.T) {
	o := startConnectable(t, defaultWorld(t))
	tests := []struct {
		name, space, text string
		want              []string
	}{
		{"group", "AAAAonbrd01", "/invite group:eng@example.com",
			sorted("openid", "email", bot.ScopeMemberships, bot.ScopeGroupsReadonly)},
		{"Onboard itself", "", "/invite spaces/AAAAdmsal06 @Onboard",
			sorted("openid", "email", bot.ScopeMembershipsApp)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := o.say(t, "sam", tt.space, "", tt.text)
			if got := scopesAsked(t, configRequest(t, body)); !slices.Equal(got, tt.want) {
				t.Errorf("scope %q, want %q", got, tt.want)
			}
		})
	}
	if n := o.changes(); n != 0 {
		t.Errorf("%d changes before anyone connected", n)
	}
}
