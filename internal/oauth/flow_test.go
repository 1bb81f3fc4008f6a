package oauth

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
	"github.com/onboard-chat/onboard/internal/verify"
)

const (
	sam        = "users/111111111111111111111"
	dave       = "users/555555555555555555555"
	clientID   = "onboard-test.apps.googleusercontent.com"
	secret     = "test-client-secret"
	redirect   = "https://onboard.example.com/oauth2/callback"
	completion = "https://chat.google.com/api/bot_config_complete?token=CAPABILITY-SECRET"
)

// rig is a Flow against chatfake's Google, on a real database.
type rig struct {
	t     *testing.T
	fake  *chatfake.Server
	flow  *Flow
	store *store.Store
	dbURL string
	clock *clock
	logs  *bytes.Buffer
	http  *http.Client
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newRig(t *testing.T, d store.Dialect, rt http.RoundTripper) *rig {
	t.Helper()
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	fake, err := chatfake.New(w, chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	fake.AddOAuthClient(fakeauth.OAuthClient{ClientID: clientID, ClientSecret: secret, RedirectURIs: []string{redirect}})
	dbURL := storetest.URL(t, d)
	st := storetest.OpenUnmigrated(t, dbURL)
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	ring, _ := NewKeyring(key)
	hc := &http.Client{Transport: rt}
	ids, err := verify.NewSignIn(verify.SignInConfig{ClientID: clientID, CertsURL: fake.GoogleJWKURL()})
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, fake: fake, store: st, dbURL: dbURL, clock: &clock{t: time.Now()}, logs: &bytes.Buffer{}, http: hc}
	r.flow, err = New(Config{ClientID: clientID, ClientSecret: secret, RedirectURL: redirect,
		AuthURL: fake.AuthorizeURL(), TokenURL: fake.TokenURL(), RevokeURL: fake.RevokeURL(), Keyring: ring,
		Store: st, IDTokens: ids, HTTPClient: hc, Now: r.clock.Now, Logger: slog.New(slog.NewTextHandler(r.logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// consent plays the person's browser: it opens authURL as consenter (with
// extra parameters for the fake) and returns the callback's query.
func (r *rig) consent(authURL, consenter string, extra url.Values) url.Values {
	r.t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		r.t.Fatal(err)
	}
	q := u.Query()
	if consenter != "" {
		q.Set("fake_user", consenter)
	}
	for k, v := range extra {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u.String())
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), redirect) {
		body, _ := io.ReadAll(resp.Body)
		r.t.Fatalf("authorize: %d %q %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	return loc.Query()
}

func (r *rig) start(user, email string, scopes ...string) string {
	r.t.Helper()
	u, err := r.flow.AuthURL(context.Background(), Request{ChatUser: user, Email: email, Scopes: scopes, CompleteURL: completion})
	if err != nil {
		r.t.Fatal(err)
	}
	return u
}

// noGrant fails unless nobody has a grant.
func (r *rig) noGrant() {
	r.t.Helper()
	gs, err := r.store.Grants(context.Background())
	if err != nil || len(gs) != 0 {
		r.t.Errorf("grants %v (%v), want none stored", gs, err)
	}
}

// secretsAbsent fails if a secret reached the logs.
func (r *rig) secretsAbsent(secrets ...string) {
	r.t.Helper()
	for _, s := range append(secrets, secret, "CAPABILITY-SECRET") {
		if s != "" && strings.Contains(r.logs.String(), s) {
			r.t.Errorf("the log shows a secret %q:\n%s", s, r.logs)
		}
	}
}

func TestConnectStoresASealedGrantAndReturnsToChat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		r := newRig(t, d, nil)
		authURL := r.start(sam, "sam@example.com", EverydayScopes...)
		u, _ := url.Parse(authURL)
		q := u.Query()
		for k, want := range map[string]string{"response_type": "code", "client_id": clientID, "redirect_uri": redirect,
			"access_type": "offline", "prompt": "consent", "code_challenge_method": "S256",
			"include_granted_scopes": "true", "login_hint": "sam@example.com"} {
			if q.Get(k) != want {
				t.Errorf("auth URL %s=%q, want %q", k, q.Get(k), want)
			}
		}
		if got := Normalize(strings.Fields(q.Get("scope"))); !Covers(got, withSignIn(EverydayScopes)) || len(got) != 5 {
			t.Errorf("auth URL scopes %v, want openid email and the everyday three only", got)
		}
		back := r.consent(authURL, "", nil) // login_hint chooses sam
		cb := r.flow.Complete(context.Background(), back)
		if cb.Outcome != Connected || cb.Redirect != completion || cb.ChatUser != sam {
			t.Fatalf("callback %+v, want connected and back to Chat", cb)
		}
		conn, err := r.flow.Connection(context.Background(), sam)
		if err != nil || conn.Email != "sam@example.com" || !Covers(conn.Scopes, EverydayScopes) {
			t.Errorf("connection %+v (%v), want sam with the everyday scopes", conn, err)
		}
		ts, err := r.flow.TokenSource(context.Background(), sam)
		if err != nil {
			t.Fatal(err)
		}
		if tok, err := ts.Token(); err != nil || tok.AccessToken == "" {
			t.Fatalf("a token from the stored grant: %v", err)
		}
		if d == store.SQLite {
			assertNotOnDisk(t, r.dbURL, ts.refresh)
		}
		r.secretsAbsent(ts.refresh, q.Get("state"), back.Get("code"))

		// The state is spent: the same callback again stores nothing new.
		if again := r.flow.Complete(context.Background(), back); again.Outcome != LinkUsed || again.Redirect != "" {
			t.Errorf("replayed callback %+v, want link used and no redirect", again)
		}
		// A second sign-in asks no consent screen: Google keeps the grant.
		if q2, _ := url.Parse(r.start(sam, "sam@example.com", ScopeAdminMembers)); q2.Query().Get("prompt") != "" {
			t.Errorf("second sign-in prompt=%q, want none (a refresh token is stored)", q2.Query().Get("prompt"))
		}
	})
}

// assertNotOnDisk greps the SQLite file and its WAL for s.
func assertNotOnDisk(t *testing.T, dbURL, s string) {
	t.Helper()
	path := strings.TrimPrefix(dbURL, "sqlite:")
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("%s holds the refresh token in clear", filepath.Base(f))
		}
	}
}

// Every way a callback can be wrong stores nothing and says so in the
// outcome; no secret reaches the log.
func TestCallbackAttacks(t *testing.T) {
	ctx := context.Background()
	t.Run("no state", func(t *testing.T) {
		r := newRig(t, store.SQLite, nil)
		back := r.consent(r.start(sam, "sam@example.com"), "", nil)
		back.Del("state")
		if cb := r.flow.Complete(ctx, back); cb.Outcome != LinkUnknown {
			t.Errorf("%+v, want link unknown", cb)
		}
		r.noGrant()
		r.secretsAbsent(back.Get("code"), back.Get("state"))
	})
	t.Run("a state Onboard never made", func(t *testing.T) {
		r := newRig(t, store.SQLite, nil)
		back := r.consent(r.start(sam, "sam@example.com"), "", nil)
		back.Set("state", "forged-"+back.Get("state"))
		if cb := r.flow.Complete(ctx, back); cb.Outcome != LinkUnknown {
			t.Errorf("%+v, want link unknown", cb)
		}
		r.noGrant()
		r.secretsAbsent(back.Get("code"), back.Get("state"))
	})
	t.Run("expired state", func(t *testing.T) {
		r := newRig(t, store.SQLite, nil)
		back := r.consent(r.start(sam, "sam@example.com"), "", nil)
		r.clock.Add(StateLifetime + time.Second)
		if cb := r.flow.Complete(ctx, back); cb.Outcome != LinkExpired {
			t.Errorf("%+v, want link expired", cb)
		}
		r.noGrant()
		r.secretsAbsent(back.Get("code"), back.Get("state"))
	})
	t.Run("made for sam, dave consents", func(t *testing.T) {
		r := newRig(t, store.SQLite, nil)
		back := r.consent(r.start(sam, "sam@example.com", EverydayScopes...), "dave@example.com", nil)
		if cb := r.flow.Complete(ctx, back); cb.Outcome != WrongAccount || cb.Redirect != "" {
			t.Errorf("%+v, want wrong account and no way back to Chat", cb)
		}
		r.noGrant()
		r.secretsAbsent(back.Get("code"), back.Get("state"))
		for _, g := range r.fake.Grants() {
			if !g.Revoked {
				t.Errorf("dave's consent is still live at Google: %+v", g)
			}
		}
	})
	t.Run("declined", func(t *testing.T) {
		r := newRig(t, store.SQLite, nil)
		back := r.consent(r.start(sam, "sam@example.com"), "", url.Values{"fake_deny": {"1"}})
		if cb := r.flow.Complete(ctx, back); cb.Outcome != Denied {
			t.Errorf("%+v, want denied", cb)
		}
		r.noGrant()
		r.secretsAbsent(back.Get("code"), back.Get("state"))
	})
	t.Run("a code for another client", func(t *testing.T) {
		r := newRig(t, store.SQLite, nil)
		r.fake.AddOAuthClient(fakeauth.OAuthClient{ClientID: "other-client", ClientSecret: "x", RedirectURIs: []string{redirect}})
		ours := r.consent(r.start(sam, "sam@example.com"), "", nil)
		other, _ := url.Parse(r.start(sam, "sam@example.com"))
		oq := other.Query()
		oq.Set("client_id", "other-client")
		other.RawQuery = oq.Encode()
		theirs := r.consent(other.String(), "", nil)
		ours.Set("code", theirs.Get("code"))
		if cb := r.flow.Complete(ctx, ours); cb.Outcome != Failed {
			t.Errorf("%+v, want failed", cb)
		}
		r.noGrant()
		r.secretsAbsent(theirs.Get("code"), ours.Get("state"))
	})
	t.Run("tampered ID token", func(t *testing.T) {
		r := newRig(t, store.SQLite, tamperIDToken{})
		back := r.consent(r.start(sam, "sam@example.com"), "", nil)
		if cb := r.flow.Complete(ctx, back); cb.Outcome != Failed {
			t.Errorf("%+v, want failed", cb)
		}
		r.noGrant()
		r.secretsAbsent(back.Get("code"), back.Get("state"))
	})
}

// tamperIDToken changes one character of the ID token's payload in the
// token endpoint's answer.
type tamperIDToken struct{}

func (tamperIDToken) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/token") {
		return resp, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := string(b)
	if i := strings.Index(s, `"id_token":"`); i >= 0 {
		j := i + len(`"id_token":"`)
		dot := j + strings.Index(s[j:], ".") + 5
		c := byte('A')
		if s[dot] == 'A' {
			c = 'B'
		}
		s = s[:dot] + string(c) + s[dot+1:]
	}
	resp.Body = io.NopCloser(strings.NewReader(s))
	resp.ContentLength = int64(len(s))
	return resp, nil
}

// A grant revoked at Google (the person removed Onboard's access) is
// deleted at the next refresh and reported as "connect again", never as a
// passing failure.
func TestRevokedGrantMeansConnectAgain(t *testing.T) {
	r := newRig(t, store.SQLite, nil)
	ctx := context.Background()
	if cb := r.flow.Complete(ctx, r.consent(r.start(sam, "sam@example.com", EverydayScopes...), "", nil)); cb.Outcome != Connected {
		t.Fatalf("connect: %+v", cb)
	}
	if n := r.fake.RevokeUserGrants("111111111111111111111", clientID); n != 1 {
		t.Fatalf("revoked %d grants at the fake, want 1", n)
	}
	ts, err := r.flow.TokenSource(ctx, sam)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Token(); bot.KindOf(err) != bot.KindNotConnected {
		t.Errorf("token after revocation: %v, want not connected", err)
	}
	if _, err := r.flow.Connection(ctx, sam); bot.KindOf(err) != bot.KindNotConnected {
		t.Errorf("connection after revocation: %v, want none", err)
	}
}

// /disconnect revokes the grant at Google and deletes it here.
func TestDisconnectRevokesAtGoogle(t *testing.T) {
	r := newRig(t, store.SQLite, nil)
	ctx := context.Background()
	r.flow.Complete(ctx, r.consent(r.start(sam, "sam@example.com", EverydayScopes...), "", nil))
	before := len(r.calls("revoke"))
	if gone, err := r.flow.Disconnect(ctx, sam); err != nil || !gone {
		t.Fatalf("Disconnect = %v, %v", gone, err)
	}
	if len(r.calls("revoke")) != before+1 {
		t.Error("Disconnect did not call Google's revoke endpoint")
	}
	for _, g := range r.fake.Grants() {
		if !g.Revoked {
			t.Errorf("grant still live at Google after /disconnect: %+v", g)
		}
	}
	r.noGrant()
	if gone, err := r.flow.Disconnect(ctx, sam); err != nil || gone {
		t.Errorf("second Disconnect = %v, %v; want nothing to do", gone, err)
	}
}

func (r *rig) calls(method string) []chatfake.Call {
	var out []chatfake.Call
	for _, c := range r.fake.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}
