package grantscli

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
	"github.com/onboard-chat/onboard/internal/oauth"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
	"github.com/onboard-chat/onboard/internal/verify"
)

const (
	clientID     = "123456789012-onboardtest.apps.googleusercontent.com"
	clientSecret = "test-client-secret"
	redirect     = "https://onboard-signin.example.com/oauth2/callback"
	sam          = "users/111111111111111111111"
	alice        = "users/222222222222222222222"
)

// deployment is a database with people connected through the real flow,
// against chatfake's Google, and the environment an operator runs
// `onboard grants` with.
type deployment struct {
	t    *testing.T
	fake *chatfake.Server
	st   *store.Store
	env  map[string]string
}

func newDeployment(t *testing.T, d store.Dialect) *deployment {
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
	fake.AddOAuthClient(fakeauth.OAuthClient{ClientID: clientID, ClientSecret: clientSecret, RedirectURIs: []string{redirect}})
	u := storetest.URL(t, d)
	st := storetest.OpenUnmigrated(t, u)
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return &deployment{t: t, fake: fake, st: st, env: map[string]string{
		"DATABASE_URL": u, "OAUTH_CLIENT_ID": clientID, "OAUTH_CLIENT_SECRET": clientSecret,
		"OAUTH_REDIRECT_URL": redirect, "TOKEN_ENCRYPTION_KEY": newKey(t),
		"GOOGLE_OAUTH_AUTH_URL": fake.AuthorizeURL(), "GOOGLE_OAUTH_TOKEN_URL": fake.TokenURL(),
		"GOOGLE_OAUTH_REVOKE_URL": fake.RevokeURL(), "GOOGLE_CERTS_URL": fake.GoogleJWKURL(),
	}}
}

// newKey is a TOKEN_ENCRYPTION_KEY, made as the README says
// (openssl rand -base64 32).
func newKey(t *testing.T) string {
	t.Helper()
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(k)
}

// flowWithKey is the service's flow, sealing with key.
func (d *deployment) flowWithKey(key string) *oauth.Flow {
	d.t.Helper()
	raw, err := oauth.ParseKey(key)
	if err != nil {
		d.t.Fatal(err)
	}
	ring, err := oauth.NewKeyring(raw)
	if err != nil {
		d.t.Fatal(err)
	}
	ids, err := verify.NewSignIn(verify.SignInConfig{ClientID: clientID, CertsURL: d.fake.GoogleJWKURL()})
	if err != nil {
		d.t.Fatal(err)
	}
	f, err := oauth.New(oauth.Config{ClientID: clientID, ClientSecret: clientSecret, RedirectURL: redirect,
		AuthURL: d.fake.AuthorizeURL(), TokenURL: d.fake.TokenURL(), RevokeURL: d.fake.RevokeURL(), Keyring: ring,
		Store: d.st, IDTokens: ids})
	if err != nil {
		d.t.Fatal(err)
	}
	return f
}

// connect plays a person connecting their account: the sign-in link,
// their consent at (fake) Google, and the callback — sealed with key.
func (d *deployment) connect(key, user, email string) {
	d.t.Helper()
	flow := d.flowWithKey(key)
	ctx := context.Background()
	authURL, err := flow.AuthURL(ctx, oauth.Request{ChatUser: user, Email: email, Scopes: oauth.EverydayScopes})
	if err != nil {
		d.t.Fatal(err)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		d.t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		d.t.Fatalf("consent: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if cb := flow.Complete(ctx, back.Query()); cb.Outcome != oauth.Connected {
		d.t.Fatalf("connect %s: %+v", user, cb)
	}
}

// run runs `onboard grants args` with the deployment's environment.
func (d *deployment) run(args ...string) (stdout, stderr string, err error) {
	d.t.Helper()
	var out, errOut bytes.Buffer
	err = Run(d.t.Context(), args, func(k string) string { return d.env[k] }, &out, &errOut)
	for _, s := range []string{clientSecret, d.env["TOKEN_ENCRYPTION_KEY"], "1//"} {
		if strings.Contains(out.String()+errOut.String(), s) {
			d.t.Errorf("grants %v printed a secret %q:\n%s%s", args, s, out.String(), errOut.String())
		}
	}
	return out.String(), errOut.String(), err
}

// grants are the users with a grant in the database.
func (d *deployment) grants() []string {
	d.t.Helper()
	gs, err := d.st.Grants(d.t.Context())
	if err != nil {
		d.t.Fatal(err)
	}
	var users []string
	for _, g := range gs {
		users = append(users, g.ChatUser)
	}
	return users
}

// liveAtGoogle are the users whose consent Google still honours.
func (d *deployment) liveAtGoogle() []string {
	var users []string
	for _, g := range d.fake.Grants() {
		if !g.Revoked {
			users = append(users, "users/"+g.User)
		}
	}
	return users
}

// keyID is the id of key as grants list shows it.
func keyID(t *testing.T, key string) string {
	t.Helper()
	raw, _ := oauth.ParseKey(key)
	ring, err := oauth.NewKeyring(raw)
	if err != nil {
		t.Fatal(err)
	}
	return ring.CurrentKeyID()
}
