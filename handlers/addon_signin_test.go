package handlers

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/oauth"
	"github.com/onboard-chat/onboard/internal/verify"
)

// flowConnections lends the real sign-in flow to the domain, as
// internal/app wires it (its Acting is never reached here: nobody is
// connected).
type flowConnections struct{ flow *oauth.Flow }

func (f flowConnections) Connection(ctx context.Context, user string) (bot.Connection, error) {
	c, err := f.flow.Connection(ctx, user)
	return bot.Connection{Email: c.Email, Scopes: c.Scopes}, err
}

func (f flowConnections) SignInURL(ctx context.Context, r bot.SignInRequest) (string, error) {
	return f.flow.AuthURL(ctx, oauth.Request{ChatUser: r.User, Email: r.Email, Scopes: r.Scopes, CompleteURL: r.CompleteURL})
}

func (f flowConnections) Disconnect(ctx context.Context, user string) (bool, error) {
	return f.flow.Disconnect(ctx, user)
}

// withSignIns is h with people able to connect their Google accounts: the
// real domain gets the real sign-in flow against chatfake's Google.
func (h *harness) withSignIns(t *testing.T) {
	t.Helper()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	ring, err := oauth.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	const client = "onboard-test.apps.googleusercontent.com"
	ids, err := verify.NewSignIn(verify.SignInConfig{ClientID: client, CertsURL: h.fake.GoogleJWKURL()})
	if err != nil {
		t.Fatal(err)
	}
	flow, err := oauth.New(oauth.Config{ClientID: client, ClientSecret: "test-secret",
		RedirectURL: "https://onboard.example.com/oauth2/callback", AuthURL: h.fake.AuthorizeURL(),
		TokenURL: h.fake.TokenURL(), RevokeURL: h.fake.RevokeURL(), Keyring: ring, Store: h.env.Store, IDTokens: ids})
	if err != nil {
		t.Fatal(err)
	}
	env := h.env
	svc := bot.NewService(bot.Deps{Members: env.API, Jobs: env.Jobs, Control: env.Jobs, Plans: env.Store,
		Settings: env.Store, Switches: env.Store, Audit: env.Store, Remover: env.API, History: env.Store,
		Spaces: env.API, Previews: env.Store, Poster: env.Jobs, Connections: flowConnections{flow}},
		bot.Config{OrgDomains: []string{"example.com", "example.org"}}, nil)
	h.e = New(Config{Verifier: h.v, Bot: svc, Logger: h.log, SignIns: flow})
}

// addonCommand is sam's slash command in Platform Team in the add-on
// envelope (the recorded fixture, with text of the test's own and a
// message name of its own), carrying Chat's configCompleteRedirectUri.
func addonCommand(t *testing.T, name, text string) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(readFixture(t, "addon_invite_app_command"), &ev); err != nil {
		t.Fatal(err)
	}
	msg := ev["chat"].(map[string]any)["appCommandPayload"].(map[string]any)["message"].(map[string]any)
	msg["name"], msg["text"], msg["formattedText"] = name, text, text
	msg["argumentText"] = strings.TrimPrefix(text, "/invite")
	var slash []any
	for _, a := range msg["annotations"].([]any) {
		if a.(map[string]any)["type"] == "SLASH_COMMAND" {
			slash = append(slash, a)
		}
	}
	msg["annotations"] = slash
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A group invite from someone with no grant, in the add-on envelope, is
// answered with the basic authorization prompt Google documents for
// add-ons — {"basic_authorization_prompt": {"authorization_url", "resource"}},
// not a message and not the classic configuration request — whose link
// asks Google for what the group needs; nothing is saved, no group is
// looked up and nobody is added.
func TestAddonGroupInviteWithoutAGrantAsksWithTheBasicAuthorizationPrompt(t *testing.T) {
	h := newHarness(t)
	h.withSignIns(t)
	const name = "spaces/AAAAonbrd01/messages/addonSignIn1.addonSignIn1"
	res := h.post(h.addonToken(t), addonCommand(t, name, "/invite group:eng@example.com"))
	if res.Code != http.StatusOK {
		t.Fatalf("status %d: %s", res.Code, res.Body)
	}
	var answer map[string]json.RawMessage
	if err := json.Unmarshal(res.Body.Bytes(), &answer); err != nil {
		t.Fatalf("answer is not a JSON object: %v: %s", err, res.Body)
	}
	if keys := slices.Collect(maps.Keys(answer)); len(keys) != 1 || keys[0] != "basic_authorization_prompt" {
		t.Fatalf("answer has %q, want only basic_authorization_prompt: %s", keys, res.Body)
	}
	var prompt map[string]string
	if err := json.Unmarshal(answer["basic_authorization_prompt"], &prompt); err != nil {
		t.Fatalf("basic_authorization_prompt: %v: %s", err, res.Body)
	}
	if len(prompt) != 2 || prompt["resource"] == "" {
		t.Errorf("prompt %q, want exactly authorization_url and a resource to name", prompt)
	}
	link, err := url.Parse(prompt["authorization_url"])
	if err != nil || !strings.HasPrefix(prompt["authorization_url"], h.fake.AuthorizeURL()+"?") {
		t.Fatalf("authorization_url %q, want Google's authorization endpoint", prompt["authorization_url"])
	}
	q := link.Query()
	scopes := strings.Fields(q.Get("scope"))
	slices.Sort(scopes)
	want := []string{bot.ScopeMemberships, bot.ScopeGroupsReadonly, "email", "openid"}
	slices.Sort(want)
	if !slices.Equal(scopes, want) {
		t.Errorf("the link asks for %q, want %q", scopes, want)
	}
	if q.Get("login_hint") != "sam@example.com" || q.Get("state") == "" || q.Get("code_challenge_method") != "S256" {
		t.Errorf("the link's query %v: want sam's login hint, a state and PKCE", q)
	}

	ctx := context.Background()
	if _, err := h.env.Store.Grant(ctx, "users/111111111111111111111"); bot.KindOf(err) != bot.KindNotFound {
		t.Errorf("a grant for sam exists before he consented: %v", err)
	}
	if saved, err := h.env.Store.HasRequest(ctx, name); err != nil || saved {
		t.Errorf("work was saved under the message (%v, %v): the re-sent message would not run", saved, err)
	}
	for _, c := range h.fake.Calls() {
		if c.Method == "chat.spaces.members.create" || strings.Contains(c.Path, "groups:lookup") {
			t.Errorf("a call before anyone connected: %s %s", c.Method, c.Path)
		}
	}
}
