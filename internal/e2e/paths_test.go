package e2e

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
)

// What each path of issue 10 (§2) does that a person notices, through the
// real binary: outsiders only with the asker's own grant and only where the
// space lets them in, a job whose grant is gone, the authority in the audit
// log, and erasure ending the authority a person lent Onboard.

const (
	partnersSpace = "spaces/AAAAextrn04" // lets people from outside the organisation in
	outsiderFrank = "frank@partner.test" // an outsider who is in no space
)

// worldWithPartners is the default world with Onboard in Partners (so
// people there can talk to it) and a second outsider, frank, who is in no
// space yet.
func worldWithPartners(t *testing.T) *chatfake.World {
	t.Helper()
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	for i := range world.Spaces {
		if "spaces/"+world.Spaces[i].ID == partnersSpace {
			world.Spaces[i].AppMember = true
		}
	}
	world.Users = append(world.Users, chatfake.User{ID: "777777777777777777777", Email: outsiderFrank,
		DisplayName: "Frank Moss", AutoAccept: true})
	return world
}

// In Partners, a space that lets outside people in, sam invites erin from
// partner.test: Onboard asks him to connect, and the message Chat sends
// again adds her with sam's own Google account — never Onboard's. Once the
// space's managers narrow its domains to example.com, inviting frank from
// partner.test is refused for his domain without a call; and in Platform
// Team, which lets no outsiders in, inviting him is "not added" without a
// call, even though sam is connected.
func TestOutsidersJoinOnlyWithTheAskersGrantWhereTheSpaceLetsThemIn(t *testing.T) {
	o := startConnectable(t, worldWithPartners(t))
	body := o.connectThenResend(t, event(t, o, "sam", "AAAAextrn04", false, "out1", "/invite erin@partner.test"),
		"sam@example.com")
	r := readReply(t, body, false)
	if got := r.Rows["erin@partner.test"]; !strings.HasPrefix(got, "Added — With the requester's own Google account") {
		t.Errorf("erin's row %q, want added with the requester's own account\n%s", got, r.Raw)
	}
	if o.state(partnersSpace, "erin@partner.test") != "JOINED" {
		t.Error("erin is not in Partners")
	}
	if n := len(o.callsBy("chat.spaces.members.create", "users/"+samID)); n != 1 {
		t.Errorf("%d creates as sam, want 1", n)
	}
	if n := len(o.callsBy("chat.spaces.members.create", "app")); n != 0 {
		t.Errorf("%d creates with Onboard's own authority, want none: it never reaches outside the organisation", n)
	}

	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAextrn04", false, "out2", "/settings domains=example.com"))
	if status != 200 || !strings.Contains(string(body), "Saved.") {
		t.Fatalf("/settings domains=example.com in Partners: %d %s", status, body)
	}
	before := o.creates()
	status, body = o.post(o.urlToken(), event(t, o, "sam", "AAAAextrn04", false, "out3", "/invite "+outsiderFrank))
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	r = readReply(t, body, false)
	if got := r.Rows[outsiderFrank]; !strings.HasPrefix(got, "Not allowed — partner.test is not an allowed domain") {
		t.Errorf("frank once Partners allows only example.com: %q, want refused for his domain\n%s", got, r.Raw)
	}
	if n := o.creates() - before; n != 0 || o.state(partnersSpace, outsiderFrank) != "" {
		t.Errorf("%d creates (frank %q) for a domain the space does not allow, want none", n, o.state(partnersSpace, outsiderFrank))
	}

	before = o.creates()
	status, body = o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "out4", "/invite "+outsiderFrank))
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	r = readReply(t, body, false)
	if got := r.Rows[outsiderFrank]; !strings.HasPrefix(got, "Not added — This space does not let people outside your organisation join") {
		t.Errorf("frank in Platform Team, which lets no outsiders in: %q, want not added: the space lets no outsiders in\n%s", got, r.Raw)
	}
	if n := o.creates() - before; n != 0 || o.state(platform, outsiderFrank) != "" {
		t.Errorf("%d creates (frank %q) in a space without outside people, want none", n, o.state(platform, outsiderFrank))
	}
}

// sam asks for carol with his own grant (ADD_USERS_AS=invoker) while Chat
// fails every add; he disconnects before the job's next try, and Onboard
// restarts (so nothing of his grant is left in memory). When the job runs
// again, the progress message says carol was not added because sam's
// account no longer gives access — never "already a member" — and Chat is
// not called for her again.
func TestAJobWhoseGrantIsGoneEndsNotAddedReconnect(t *testing.T) {
	o := samInvitesCarolWhileChatFails(t, "gone")

	status, body := o.post(o.urlToken(), event(t, o, "sam", "", true, "gone3", "/disconnect"))
	if status != 200 || !strings.Contains(string(body), "Disconnected") {
		t.Fatalf("/disconnect: %d %s", status, body)
	}
	o.stop()
	o.fake.ClearFaults() // Chat works again: only the grant stands in the way
	tried := o.creates()
	o.launch()

	final := o.finishedProgress(t, platform)
	got := final.Rows["carol@example.com"]
	if !strings.HasPrefix(got, "Not added — The requester's Google account no longer gives Onboard access") {
		t.Errorf("carol's row %q, want not added: reconnect\n%s", got, final.Raw)
	}
	if strings.HasPrefix(got, "Already") {
		t.Error("carol is reported as already a member")
	}
	if n := o.creates() - tried; n != 0 {
		t.Errorf("%d creates after the grant was gone, want none", n)
	}
	if st := o.state(platform, "carol@example.com"); st != "" {
		t.Errorf("carol is %s in Platform Team, want not a member", st)
	}
	o.stop()
	if export := string(o.auditExport(t, "jsonl")); !strings.Contains(export,
		`"person":"users/carol@example.com","outcome":"not_added","reason":"reconnect"`) {
		t.Errorf("the audit log does not record carol as not added for a reconnect:\n%s", export)
	}
}

// After sam adds dave to People Ops with admin access, a Google Group to
// Platform Team with his own grant, and carol with Onboard's own
// authority, the audit log says for each change whose authority made it.
func TestAuditRecordsWhoseAuthorityMadeEachChange(t *testing.T) {
	o := startConnectable(t, worldWithPartners(t))
	body := o.connectThenResend(t, event(t, o, "sam", "", true, "auth1", "/invite --admin spaces/AAAApeopl07 dave@example.com"),
		"sam@example.com")
	if got := readReply(t, body, false).Rows["dave@example.com"]; !strings.HasPrefix(got, "Added — With admin access") {
		t.Fatalf("dave's row %q, want added with admin access", got)
	}
	// This consent only adds scopes to sam's grant (incremental
	// authorization): Google sends no new refresh token, and the one
	// Onboard keeps must now answer for the added scopes too.
	body = o.connectThenResend(t, event(t, o, "sam", "AAAAonbrd01", false, "auth2", "/invite group:eng@example.com"),
		"sam@example.com")
	if got := readReply(t, body, false).Rows["eng@example.com"]; !strings.HasPrefix(got, "Added — With the requester's own Google account") {
		t.Fatalf("the group's row %q, want added with the requester's own account", got)
	}
	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "auth3", "/invite carol@example.com"))
	if got := readReply(t, body, false).Rows["carol@example.com"]; status != 200 || !strings.HasPrefix(got, addedByOnboard) {
		t.Fatalf("carol's row %q, want added by Onboard", got)
	}
	o.stop()

	entries, err := o.database(t).Query(t.Context(), bot.AuditQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bot.AuthorityKind{ // the space a change was made in → whose authority
		"spaces/AAAApeopl07 dave":  bot.AsAdmin,
		"spaces/AAAAonbrd01 group": bot.AsUser,
		"spaces/AAAAonbrd01 carol": bot.AsApp,
	}
	got := map[string]bot.AuthorityKind{}
	commands := map[string][]bot.AuthorityKind{} // the commands' own lines, by the space they name
	for _, e := range entries {
		if e.Command == "invite" && e.Person == "" {
			commands[e.Space] = append(commands[e.Space], e.Authority)
		}
		if e.Command != "invite" || e.Person == "" {
			continue
		}
		who := e.Person
		switch {
		case strings.HasPrefix(e.Person, "groups/"):
			who = "group"
		case strings.Contains(e.Person, daveID) || strings.Contains(e.Person, "dave@"):
			who = "dave"
		case strings.Contains(e.Person, "444444444444444444444") || strings.Contains(e.Person, "carol@"):
			who = "carol"
		}
		if e.Outcome != bot.Joined {
			t.Errorf("audit entry for %s in %s: outcome %q, want joined", e.Person, e.Space, e.Outcome)
		}
		got[e.Space+" "+who] = e.Authority
	}
	for k, as := range want {
		if a, ok := got[k]; !ok || a != as {
			t.Errorf("audit entry %s: authority %q (recorded %v), want %q", k, a, ok, as)
		}
	}
	if len(got) != len(want) {
		t.Errorf("audit entries of changes: %v, want %v", got, want)
	}
	// What an auditor reads says the same: the export names the authority.
	var exported []string
	for line := range strings.SplitSeq(string(o.auditExport(t, "jsonl")), "\n") {
		if strings.Contains(line, `"person":"`+"users/"+daveID) || strings.Contains(line, `"person":"groups/`) {
			exported = append(exported, line)
		}
	}
	if len(exported) != 2 || !strings.Contains(strings.Join(exported, "\n"), `"authority":"admin"`) ||
		!strings.Contains(strings.Join(exported, "\n"), `"authority":"user"`) {
		t.Errorf("the export's lines for dave and the group: %q, want one with authority admin and one with user", exported)
	}
	// The commands' own lines too: the admin's names People Ops, where
	// the change was made, not the DM it was typed in.
	slices.Sort(commands["spaces/AAAAonbrd01"])
	wantCommands := map[string][]bot.AuthorityKind{
		"spaces/AAAApeopl07": {bot.AsAdmin},
		"spaces/AAAAonbrd01": {bot.AsApp, bot.AsUser}, // carol's, the group's
	}
	for space, as := range wantCommands {
		if !slices.Equal(commands[space], as) {
			t.Errorf("the commands' audit lines naming %s: authorities %q, want %q (all: %v)", space, commands[space], as, commands)
		}
	}
}

// `onboard audit erase --person sam@example.com`, run with the
// deployment's OAuth settings, also ends the authority sam lent Onboard:
// Google revokes his grant, Onboard no longer holds it, and his next
// command that needs it asks him to connect again.
func TestEraseRevokesThePersonsGrant(t *testing.T) {
	o := startConnectable(t, worldWithPartners(t))
	body := o.connectThenResend(t, event(t, o, "sam", "", true, "er1", "/connect"), "sam@example.com")
	if !strings.Contains(string(body), "sam@example.com") {
		t.Fatalf("/connect after consent: %s, want connected as sam", body)
	}
	if _, err := o.database(t).Grant(t.Context(), "users/"+samID); err != nil {
		t.Fatalf("sam's grant is not stored after connecting: %v", err)
	}
	revokes := len(o.callsBy("revoke", ""))

	cmd := exec.Command(binary, "audit", "erase", "--person", "sam@example.com", "--yes")
	cmd.Env = append(o.cliEnv(), o.oauthEnv()...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("onboard audit erase: %v\n%s", err, out)
	}
	if len(o.callsBy("revoke", "")) != revokes+1 {
		t.Errorf("erasure did not call Google's revoke endpoint\nerase said: %s", out)
	}
	for _, g := range o.fake.Grants() {
		if g.User == samID && !g.Revoked {
			t.Errorf("sam's grant is still live at Google: %+v", g)
		}
	}
	if _, err := o.database(t).Grant(t.Context(), "users/"+samID); bot.KindOf(err) != bot.KindNotFound {
		t.Errorf("sam's grant is still stored after erasure (err %v)", err)
	}
	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "er2", "/invite group:eng@example.com"))
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	configRequest(t, body) // asked to connect again
}

// oauthEnv is the OAuth part of the process's environment: what an
// operator's `onboard audit erase` needs to revoke grants at Google.
func (o *onboard) oauthEnv() []string {
	var env []string
	for _, kv := range o.env {
		for _, p := range []string{"OAUTH_", "TOKEN_ENCRYPTION_KEY", "GOOGLE_OAUTH_", "GOOGLE_CERTS_URL="} {
			if strings.HasPrefix(kv, p) {
				env = append(env, kv)
				break
			}
		}
	}
	return env
}

// The same, without a restart and with Google's revoke failing: sam's
// /disconnect must still stop the job that holds a client made with his
// grant — Onboard forgets every client it keeps for him, the jobs' too —
// so carol is not added with an access sam withdrew.
func TestDisconnectStopsJobsEvenWhenGoogleCannotRevoke(t *testing.T) {
	o := samInvitesCarolWhileChatFails(t, "held")

	o.fake.FailNext("revoke", 1, 503, "UNAVAILABLE", "") // Google cannot be told
	if status, _ := o.post(o.urlToken(), event(t, o, "sam", "", true, "held3", "/disconnect")); status != 200 {
		t.Fatalf("/disconnect: status %d", status)
	}
	if len(o.callsBy("revoke", "")) == 0 {
		t.Fatal("/disconnect did not try Google's revoke")
	}
	for _, g := range o.fake.Grants() {
		if g.User == samID && g.Revoked {
			t.Fatal("sam's grant was revoked at Google: this test needs the revoke to fail")
		}
	}
	tried := o.creates()
	o.fake.ClearFaults() // Chat works again, and sam's access token is still good at Google

	final := o.finishedProgress(t, platform)
	if got := final.Rows["carol@example.com"]; !strings.HasPrefix(got, "Not added — The requester's Google account no longer gives Onboard access") {
		t.Errorf("carol's row %q, want not added: reconnect\n%s", got, final.Raw)
	}
	if n := o.creates() - tried; n != 0 || o.state(platform, "carol@example.com") != "" {
		t.Errorf("%d creates after sam disconnected (carol %q), want none", n, o.state(platform, "carol@example.com"))
	}
}

// samInvitesCarolWhileChatFails starts Onboard adding people with the
// requester's own grant, connects sam, and has him invite carol while
// every add fails: the job keeps its batch, saved while the grant worked,
// waiting to try again. It returns once Chat has refused an add. Message
// names start with prefix.
func samInvitesCarolWhileChatFails(t *testing.T, prefix string) *onboard {
	t.Helper()
	o := startConnectable(t, worldWithPartners(t), "ADD_USERS_AS=invoker")
	o.connectThenResend(t, event(t, o, "sam", "", true, prefix+"1", "/connect"), "sam@example.com")
	o.fake.FailNext("chat.spaces.members.create", 1000, 503, "UNAVAILABLE", "")
	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, prefix+"2", "/invite carol@example.com"))
	if r := readReply(t, body, false); status != 200 || len(r.Titles) == 0 || r.Titles[0] != "Onboarding started" {
		t.Fatalf("/invite while Chat fails: status %d, reply %s; want the acknowledgement", status, body)
	}
	waitFor(t, 30*time.Second, "Chat to fail an add", func() bool { return o.creates() > 0 })
	return o
}

// finishedProgress waits for the progress message in space (spaces/…) to
// say the work finished, and returns it as a user reads it.
func (o *onboard) finishedProgress(t *testing.T, space string) reply {
	t.Helper()
	var final reply
	waitFor(t, 90*time.Second, "the progress message to say the work finished", func() bool {
		msgs := o.fake.Messages(strings.TrimPrefix(space, "spaces/"))
		if len(msgs) == 0 {
			return false
		}
		b, err := json.Marshal(msgs[len(msgs)-1])
		if err != nil {
			t.Fatal(err)
		}
		final = readReply(t, b, false)
		return len(final.Titles) > 0 && final.Titles[0] == "Onboarding finished"
	})
	return final
}
