package e2e

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

const (
	webClient = "123456789012-onboardfake.apps.googleusercontent.com"
	samID     = "111111111111111111111"
	daveID    = "555555555555555555555"
	completed = "https://chat.google.com/api/bot_config_complete?token=CAPABILITY-SECRET-e2e"
)

// startConnectable runs Onboard with people's own authority configured
// against chatfake's Google: its OAuth client, a fresh token key, and the
// callback on Onboard's own port (chosen first: the client must know it).
func startConnectable(t *testing.T, world *chatfake.World, extra ...string) *onboard {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	var secret string
	for _, c := range world.OAuthClients {
		if c.ClientID == webClient {
			secret = c.ClientSecret
		}
	}
	redirect := fmt.Sprintf("http://127.0.0.1:%d/oauth2/callback", port)
	env := append([]string{fmt.Sprintf("PORT=%d", port), "OAUTH_CLIENT_ID=" + webClient, "OAUTH_CLIENT_SECRET=" + secret,
		"OAUTH_REDIRECT_URL=" + redirect, "TOKEN_ENCRYPTION_KEY=" + base64.StdEncoding.EncodeToString(key),
		"ONBOARD_ADMINS=sam@example.com,dave@example.com"}, extra...)
	o := startWorldDeferred(t, world, "url", env...)
	o.fake.AddOAuthClient(fakeauth.OAuthClient{ClientID: webClient, RedirectURIs: []string{redirect}})
	o.env = append(o.env, "GOOGLE_OAUTH_AUTH_URL="+o.fake.AuthorizeURL(), "GOOGLE_OAUTH_TOKEN_URL="+o.fake.TokenURL(),
		"GOOGLE_OAUTH_REVOKE_URL="+o.fake.RevokeURL(), "CLOUD_IDENTITY_ENDPOINT="+o.fake.URL+"/")
	o.launch()
	t.Cleanup(o.stop)
	return o
}

// configRequest is a reply that asks the person to connect: Chat's
// configuration request, nothing else in it.
func configRequest(t *testing.T, body []byte) string {
	t.Helper()
	var r struct {
		ActionResponse *struct{ Type, URL string } `json:"actionResponse"`
		CardsV2        []any                       `json:"cardsV2"`
		Text           string                      `json:"text"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.ActionResponse == nil || r.ActionResponse.Type != "REQUEST_CONFIG" {
		t.Fatalf("want a configuration request, got %s", body)
	}
	if len(r.CardsV2) > 0 || r.Text != "" {
		t.Errorf("a configuration request carries nothing else (Chat ignores it): %s", body)
	}
	return r.ActionResponse.URL
}

// consent plays the person's browser from Chat's prompt to the end: Google
// (the fake) consents as consenter, sends the browser to Onboard's
// callback, which answers — normally a redirect back to Chat.
func (o *onboard) consent(t *testing.T, authURL, consenter string) *http.Response {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("fake_user", consenter)
	u.RawQuery = q.Encode()
	back := noRedirects.Get
	resp, err := back(u.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.Contains(loc, "/oauth2/callback?") {
		t.Fatalf("Google's consent: %d to %q", resp.StatusCode, loc)
	}
	cb, err := back(loc)
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// connectThenResend runs the whole of Chat's flow for one message: the
// prompt, the consent, the way back to Chat, and Chat sending the message
// again — whose reply it returns.
func (o *onboard) connectThenResend(t *testing.T, ev []byte, consenter string) []byte {
	t.Helper()
	status, body := o.post(o.urlToken(), ev)
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	cb := o.consent(t, configRequest(t, body), consenter)
	if cb.StatusCode != http.StatusFound || cb.Header.Get("Location") != completed {
		b, _ := io.ReadAll(cb.Body)
		t.Fatalf("callback: %d to %q, want 302 back to Chat: %s", cb.StatusCode, cb.Header.Get("Location"), b)
	}
	status, body = o.post(o.urlToken(), ev) // Chat sends the original message again
	if status != 200 {
		t.Fatalf("resent message: status %d: %s", status, body)
	}
	return body
}

// callsBy are chatfake's recorded calls of method made as caller.
func (o *onboard) callsBy(method, caller string) []chatfake.Call {
	var out []chatfake.Call
	for _, c := range o.fake.Calls() {
		if c.Method == method && (caller == "" || c.Caller == caller) {
			out = append(out, c)
		}
	}
	return out
}

// A person's own authority, end to end (ADD_USERS_AS=invoker): the first
// /invite asks sam to connect and saves nothing; after his consent Chat
// sends the message again, and that one adds carol with sam's grant —
// once, however often Chat delivers it.
func TestInviteWithTheAskersOwnAccount(t *testing.T) {
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	o := startConnectable(t, world, "ADD_USERS_AS=invoker")
	ev := event(t, o, "sam", "AAAAonbrd01", false, "own1", "/invite carol@example.com")
	body := o.connectThenResend(t, ev, "sam@example.com")
	r := readReply(t, body, false)
	if got := r.Rows["carol@example.com"]; !strings.HasPrefix(got, "Added — With the requester's own Google account") {
		t.Errorf("carol's row %q, want added with the requester's own account\n%s", got, r.Raw)
	}
	if creates := o.callsBy("chat.spaces.members.create", "users/"+samID); len(creates) != 1 {
		t.Errorf("%d creates as sam, want 1", len(creates))
	}
	if n := len(o.callsBy("chat.spaces.members.create", "app")); n != 0 {
		t.Errorf("%d creates with Onboard's own authority, want none", n)
	}
	o.post(o.urlToken(), ev) // a redelivery
	if creates := o.callsBy("chat.spaces.members.create", ""); len(creates) != 1 {
		t.Errorf("after a redelivery: %d creates, want still 1", len(creates))
	}
	for _, secret := range []string{"CAPABILITY-SECRET", "1//fake-", "ya29.fake-", "4/fake-", "state="} {
		if strings.Contains(o.logs.String(), secret) {
			t.Errorf("the log shows %q", secret)
		}
	}
}

// A Google Group is added with the asker's grant after a Cloud Identity
// lookup, and reported as one row; in a group chat it is refused before
// any call — no prompt, no lookup, no create.
func TestGroups(t *testing.T) {
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	for i := range world.Spaces {
		if world.Spaces[i].ID == "AAAAgchat05" {
			world.Spaces[i].AppMember = true // Onboard is in the group chat
		}
	}
	o := startConnectable(t, world)
	body := o.connectThenResend(t, event(t, o, "sam", "AAAAonbrd01", false, "g1", "/invite group:eng@example.com"),
		"sam@example.com")
	r := readReply(t, body, false)
	if got := r.Rows["eng@example.com"]; !strings.HasPrefix(got, "Added") || len(r.Rows) != 1 {
		t.Errorf("rows %v, want the group as one added row", r.Rows)
	}
	if len(o.callsBy("groups.lookup", "")) == 0 && !strings.Contains(fmt.Sprint(o.fake.Calls()), "groups:lookup") {
		t.Error("the group's address was not looked up")
	}

	before := len(o.fake.Calls())
	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAgchat05", false, "g2", "/invite group:eng@example.com"))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	r = readReply(t, body, false)
	if got := r.Rows["eng@example.com"]; !strings.Contains(got, "only be added to named spaces") {
		t.Errorf("a group in a group chat: %q, want refused: named spaces only\n%s", got, r.Raw)
	}
	for _, c := range o.fake.Calls()[before:] {
		if c.Method == "chat.spaces.members.create" || strings.Contains(c.Path, "groups:lookup") {
			t.Errorf("a call was made for a group in a group chat: %s %s", c.Method, c.Path)
		}
	}
}

// Onboard adds itself, with the asker's grant, to a direct message between
// two people, from the asker's DM with Onboard; the reply links there.
func TestOnboardAddsItselfToADirectMessage(t *testing.T) {
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	o := startConnectable(t, world)
	body := o.connectThenResend(t, event(t, o, "sam", "", true, "self1", "/invite spaces/AAAAdmsal06 @Onboard"),
		"sam@example.com")
	r := readReply(t, body, false)
	if got := r.Rows["Onboard"]; !strings.HasPrefix(got, "Added") {
		t.Errorf("Onboard's row %q, want added\n%s", got, r.Raw)
	}
	if !strings.Contains(string(r.Raw), "https://chat.google.com/dm/AAAAdmsal06") {
		t.Errorf("the reply does not link to the direct message:\n%s", r.Raw)
	}
	creates := o.callsBy("chat.spaces.members.create", "users/"+samID)
	if len(creates) != 1 || !strings.Contains(string(creates[0].Body), `"users/app"`) {
		t.Errorf("creates as sam %v, want one of users/app", creates)
	}
	for _, sp := range o.fake.State().Spaces {
		if sp.Name == "spaces/AAAAdmsal06" && !sp.AppMember {
			t.Error("Onboard is not a member of the direct message")
		}
	}
}

// Admin access: an Onboard admin who is a Workspace admin adds dave to
// People Ops, a space Onboard is not in; the answer is private, the space
// hears nothing from Onboard, the call carried useAdminAccess and the
// audit log says so. Apps and outside addresses are refused before any
// call, and a non-admin's attempt is reported in plain words.
func TestAdminAccess(t *testing.T) {
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	o := startConnectable(t, world)
	body := o.connectThenResend(t, event(t, o, "sam", "", true, "adm1", "/invite --admin spaces/AAAApeopl07 dave@example.com"),
		"sam@example.com")
	r := readReply(t, body, false)
	if got := r.Rows["dave@example.com"]; !strings.HasPrefix(got, "Added — With admin access") || !r.Private {
		t.Errorf("dave's row %q (private %v), want added with admin access, privately\n%s", got, r.Private, r.Raw)
	}
	if o.state("spaces/AAAApeopl07", "dave@example.com") != "JOINED" {
		t.Error("dave is not in People Ops")
	}
	creates := o.callsBy("chat.spaces.members.create", "users/"+samID)
	if len(creates) != 1 || !creates[0].AdminAccess {
		t.Errorf("creates %+v, want one as sam with useAdminAccess", creates)
	}
	if msgs := o.fake.Messages("AAAApeopl07"); len(msgs) != 0 {
		t.Errorf("People Ops got %d messages from Onboard, want none", len(msgs))
	}

	before := len(o.callsBy("chat.spaces.members.create", ""))
	status, body := o.post(o.urlToken(), event(t, o, "sam", "", true, "adm2",
		"/invite --admin spaces/AAAApeopl07 @Onboard erin@partner.test"))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	r = readReply(t, body, false)
	if got := r.Rows["Onboard"]; !strings.Contains(strings.ToLower(got), "admin access cannot add apps") {
		t.Errorf("Onboard with admin access: %q\n%s", got, r.Raw)
	}
	if got := r.Rows["erin@partner.test"]; !strings.Contains(strings.ToLower(got), "admin access cannot add people outside the organisation") {
		t.Errorf("an outside address with admin access: %q", got)
	}
	if n := len(o.callsBy("chat.spaces.members.create", "")); n != before {
		t.Errorf("%d creates for refused people, want none", n-before)
	}

	body = o.connectThenResend(t, event(t, o, "dave", "", true, "adm3", "/invite --admin spaces/AAAApeopl07 carol@example.com"),
		"dave@example.com")
	r = readReply(t, body, false)
	if got := r.Rows["carol@example.com"]; !strings.Contains(strings.ToLower(got), "not a workspace admin with the privilege to manage chat spaces") {
		t.Errorf("dave (no Workspace admin) with admin access: %q\n%s", got, r.Raw)
	}
}

// A grant revoked at Google (the person removed Onboard's access in their
// account) brings a new prompt, not a failed invite; /disconnect revokes
// the grant at Google.
func TestRevokedGrantAndDisconnect(t *testing.T) {
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	o := startConnectable(t, world)
	o.connectThenResend(t, event(t, o, "sam", "AAAAonbrd01", false, "r1", "/invite group:eng@example.com"), "sam@example.com")
	if n := o.fake.RevokeUserGrants(samID, webClient); n != 1 {
		t.Fatalf("revoked %d grants, want 1", n)
	}
	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "r2", "/invite group:eng@example.com"))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	configRequest(t, body) // asked to connect again, not "not added"

	o.connectThenResend(t, event(t, o, "sam", "", true, "r3", "/connect"), "sam@example.com")
	revokes := len(o.callsBy("revoke", ""))
	status, body = o.post(o.urlToken(), event(t, o, "sam", "", true, "r4", "/disconnect"))
	if status != 200 || !strings.Contains(string(body), "Disconnected") {
		t.Fatalf("/disconnect: %d %s", status, body)
	}
	if len(o.callsBy("revoke", "")) != revokes+1 {
		t.Error("/disconnect did not call Google's revoke endpoint")
	}
	for _, g := range o.fake.Grants() {
		if g.User == samID && !g.Revoked {
			t.Errorf("sam's grant is still live at Google: %+v", g)
		}
	}
}

// The callback through the real binary: a replayed link, a link with no
// state and someone else's consent each get a plain page with the right
// status, no way back to Chat, and no secret in it.
func TestCallbackPages(t *testing.T) {
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	o := startConnectable(t, world)
	page := func(u string) (int, string, string) {
		resp, err := noRedirects.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: the page may be cached or leak its URL: %v", u, resp.Header)
		}
		return resp.StatusCode, resp.Header.Get("Location"), string(b)
	}
	_, body := o.post(o.urlToken(), event(t, o, "sam", "", true, "cb1", "/connect"))
	authURL := configRequest(t, body)
	u, _ := url.Parse(authURL)
	q := u.Query()
	q.Set("fake_user", "sam@example.com")
	u.RawQuery = q.Encode()
	resp, err := noRedirects.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	callback := resp.Header.Get("Location")
	if status, loc, _ := page(callback); status != http.StatusFound || loc != completed {
		t.Fatalf("first use: %d to %q, want back to Chat", status, loc)
	}
	if status, loc, html := page(callback); status != http.StatusBadRequest || loc != "" || !strings.Contains(html, "already used") {
		t.Errorf("replayed link: %d %q %s", status, loc, html)
	}
	cbURL, _ := url.Parse(callback)
	cbURL.RawQuery = ""
	if status, _, html := page(cbURL.String()); status != http.StatusBadRequest || !strings.Contains(html, "not one Onboard made") {
		t.Errorf("no state: %d %s", status, html)
	}
	_, body = o.post(o.urlToken(), event(t, o, "carol", "", true, "cb2", "/connect"))
	wrong := o.consent(t, configRequest(t, body), "dave@example.com")
	b, _ := io.ReadAll(wrong.Body)
	if wrong.StatusCode != http.StatusForbidden || wrong.Header.Get("Location") != "" || !strings.Contains(string(b), "not your Chat account") {
		t.Errorf("dave consents to carol's link: %d %s", wrong.StatusCode, b)
	}
	for _, secret := range []string{"code=", "4/fake-", "CAPABILITY-SECRET"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the page shows %q", secret)
		}
	}
}
