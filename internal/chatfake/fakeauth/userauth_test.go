package fakeauth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/idtoken"
)

const (
	testClientID = "1234567890-web.apps.googleusercontent.com"
	testSecret   = "fake-web-secret"
	scopeMembers = "https://www.googleapis.com/auth/chat.memberships"
	scopeApp     = "https://www.googleapis.com/auth/chat.memberships.app"
	idSam        = "111111111111111111111"
)

// userWorld is an Authority with two people and one web client whose
// callback is a test server that is never reached (redirects are not
// followed).
type userWorld struct {
	a     *Authority
	srv   *httptest.Server
	clock *testClock
	cfg   *oauth2.Config
}

func serveUsers(t *testing.T) userWorld {
	t.Helper()
	clock := &testClock{now: time.Now()}
	a, err := New(Options{Now: clock.Now,
		Users: []Identity{
			{ID: idSam, Email: "sam@example.com", HostedDomain: "example.com"},
			{ID: "666666666666666666666", Email: "erin@partner.test"},
		},
		OAuthClients: []OAuthClient{{ClientID: testClientID, ClientSecret: testSecret}},
	})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Register(mux)
	srv := newServer(t, mux)
	a.SetBaseURL(srv.URL)
	redirect := srv.URL + "/oauth2/callback"
	a.AddOAuthClient(OAuthClient{ClientID: testClientID, RedirectURIs: []string{redirect}})
	cfg := &oauth2.Config{
		ClientID: testClientID, ClientSecret: testSecret, RedirectURL: redirect,
		Scopes:   []string{"openid", "email", scopeMembers},
		Endpoint: oauth2.Endpoint{AuthURL: a.AuthorizeURL(), TokenURL: a.TokenURL(), AuthStyle: oauth2.AuthStyleInParams},
	}
	return userWorld{a: a, srv: srv, clock: clock, cfg: cfg}
}

// noRedirects is a client that hands back the 302 instead of following it,
// as a test stands in for the browser.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize visits authURL and returns the status and the query of the
// redirect (nil when there was none).
func authorize(t *testing.T, authURL string) (int, url.Values) {
	t.Helper()
	resp, err := noRedirects.Get(authURL)
	if err != nil {
		t.Fatalf("GET auth URL: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, loc.Query()
}

// consent runs the browser half for who and returns the code.
func (u userWorld) consent(t *testing.T, verifier string, opts ...oauth2.AuthCodeOption) string {
	t.Helper()
	opts = append(opts, oauth2.S256ChallengeOption(verifier))
	status, q := authorize(t, u.cfg.AuthCodeURL("st4te", opts...))
	if status != http.StatusFound || q.Get("state") != "st4te" || q.Get("code") == "" {
		t.Fatalf("authorize: got %d %v, want 302 with code and state st4te", status, q)
	}
	return q.Get("code")
}

func loginHint(who string) oauth2.AuthCodeOption { return oauth2.SetAuthURLParam("login_hint", who) }

// TestAuthorizationCodeFlow is the whole dance as Onboard will do it with
// golang.org/x/oauth2: consent with PKCE and offline access, exchange, an
// ID token a real verifier accepts, an access token the API side reads as
// the person, and a refresh.
func TestAuthorizationCodeFlow(t *testing.T) {
	u := serveUsers(t)
	ctx := context.Background()
	verifier := oauth2.GenerateVerifier()
	code := u.consent(t, verifier, oauth2.AccessTypeOffline, loginHint("sam@example.com"),
		oauth2.SetAuthURLParam("nonce", "n-0S6"))
	tok, err := u.cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if tok.RefreshToken == "" || tok.TokenType != "Bearer" || tok.Extra("scope") != "openid email "+scopeMembers {
		t.Errorf("token: refresh %v, type %q, scope %q; want a refresh token, Bearer, the three scopes",
			tok.RefreshToken != "", tok.TokenType, tok.Extra("scope"))
	}
	p, ok := u.a.Principal(bearerRequest(tok.AccessToken))
	if !ok || p.User != idSam || p.ClientID != testClientID || !slices.Contains(p.Scopes, scopeMembers) {
		t.Errorf("Principal = %+v, %v; want sam through the web client with chat.memberships", p, ok)
	}

	v, err := idtoken.NewValidator(ctx, idtoken.WithHTTPClient(&http.Client{Transport: googleAPIs{u.srv}}))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	payload, err := v.Validate(ctx, raw, testClientID)
	if err != nil {
		t.Fatalf("ID token rejected by google.golang.org/api/idtoken: %v", err)
	}
	c := payload.Claims
	if payload.Subject != idSam || c["email"] != "sam@example.com" || c["email_verified"] != true ||
		c["hd"] != "example.com" || c["nonce"] != "n-0S6" || c["azp"] != testClientID {
		t.Errorf("ID token: sub %q, claims %v; want sam's id, email, hd, nonce, azp", payload.Subject, c)
	}

	refreshed, err := u.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if p, ok := u.a.Principal(bearerRequest(refreshed.AccessToken)); !ok || p.User != idSam || refreshed.AccessToken == tok.AccessToken {
		t.Errorf("refreshed token: %+v %v; want a new token for sam", p, ok)
	}
}

// TestExchangeRejections: each way a code exchange can be wrong.
func TestExchangeRejections(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		exchange func(u userWorld, code, verifier string) error
		wantCode string
	}{
		{"wrong verifier", func(u userWorld, code, _ string) error {
			_, err := u.cfg.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
			return err
		}, "invalid_grant"},
		{"no verifier", func(u userWorld, code, _ string) error {
			_, err := u.cfg.Exchange(ctx, code)
			return err
		}, "invalid_grant"},
		{"code used twice", func(u userWorld, code, v string) error {
			if _, err := u.cfg.Exchange(ctx, code, oauth2.VerifierOption(v)); err != nil {
				return err
			}
			_, err := u.cfg.Exchange(ctx, code, oauth2.VerifierOption(v))
			return err
		}, "invalid_grant"},
		{"code expired", func(u userWorld, code, v string) error {
			u.clock.Advance(11 * time.Minute)
			_, err := u.cfg.Exchange(ctx, code, oauth2.VerifierOption(v))
			return err
		}, "invalid_grant"},
		{"another redirect_uri", func(u userWorld, code, v string) error {
			cfg := *u.cfg
			cfg.RedirectURL += "/elsewhere"
			_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(v))
			return err
		}, "redirect_uri_mismatch"},
		{"wrong secret", func(u userWorld, code, v string) error {
			cfg := *u.cfg
			cfg.ClientSecret = "guess"
			_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(v))
			return err
		}, "invalid_client"},
		{"unknown client", func(u userWorld, code, v string) error {
			cfg := *u.cfg
			cfg.ClientID = "nobody.apps.googleusercontent.com"
			_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(v))
			return err
		}, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := serveUsers(t)
			verifier := oauth2.GenerateVerifier()
			code := u.consent(t, verifier, loginHint("sam@example.com"))
			wantRetrieveError(t, tt.exchange(u, code, verifier), tt.wantCode)
		})
	}
}

func wantRetrieveError(t *testing.T, err error, code string) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != code {
		t.Fatalf("got %v, want an OAuth error %q", err, code)
	}
}

// TestAuthorizeEndpoint: what the person's browser is shown or sent back.
func TestAuthorizeEndpoint(t *testing.T) {
	u := serveUsers(t)
	good := u.cfg.AuthCodeURL("s1", loginHint("sam@example.com"))
	with := func(k, v string) string {
		p, _ := url.Parse(good)
		q := p.Query()
		q.Set(k, v)
		p.RawQuery = q.Encode()
		return p.String()
	}
	tests := []struct {
		name       string
		url        string
		wantStatus int
		wantQuery  url.Values // nil: no redirect
	}{
		{"unknown client: a page, no redirect", with("client_id", "x.apps.googleusercontent.com"), 400, nil},
		{"unregistered redirect: a page, no redirect", with("redirect_uri", "https://evil.test/cb"), 400, nil},
		{"no account", with("login_hint", ""), 400, nil},
		{"unknown account", with("login_hint", "nobody@example.com"), 400, nil},
		{"no scope", with("scope", ""), 400, nil},
		{"implicit flow", with("response_type", "token"), 400, nil},
		{"person says no", with("fake_deny", "1"), 302, url.Values{"error": {"access_denied"}, "state": {"s1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, q := authorize(t, tt.url)
			if status != tt.wantStatus || (tt.wantQuery == nil) != (q == nil) {
				t.Fatalf("got %d %v, want %d %v", status, q, tt.wantStatus, tt.wantQuery)
			}
			for k := range tt.wantQuery {
				if q.Get(k) != tt.wantQuery.Get(k) {
					t.Errorf("redirect %s = %q, want %q", k, q.Get(k), tt.wantQuery.Get(k))
				}
			}
			if q.Get("code") != "" {
				t.Errorf("redirect carries a code: %v", q)
			}
		})
	}
	if got := u.a.Grants(); len(got) != 0 {
		t.Errorf("grants after refusals: %+v, want none", got)
	}
}

// TestFakeUserWinsOverLoginHint: the test parameter picks the account.
func TestFakeUserWinsOverLoginHint(t *testing.T) {
	u := serveUsers(t)
	v := oauth2.GenerateVerifier()
	code := u.consent(t, v, loginHint("sam@example.com"), oauth2.SetAuthURLParam("fake_user", "666666666666666666666"))
	tok, err := u.cfg.Exchange(context.Background(), code, oauth2.VerifierOption(v))
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := u.a.Principal(bearerRequest(tok.AccessToken)); p.Email != "erin@partner.test" {
		t.Errorf("token speaks for %q, want erin@partner.test", p.Email)
	}
}

// TestIncrementalAuthorization: include_granted_scopes adds what was
// granted before; a refresh token comes only the first time unless the
// person is asked to consent again.
func TestIncrementalAuthorization(t *testing.T) {
	u := serveUsers(t)
	ctx := context.Background()
	exchange := func(scopes []string, opts ...oauth2.AuthCodeOption) *oauth2.Token {
		t.Helper()
		cfg := *u.cfg
		cfg.Scopes = scopes
		v := oauth2.GenerateVerifier()
		w := u
		w.cfg = &cfg
		tok, err := cfg.Exchange(ctx, w.consent(t, v, append(opts, loginHint("sam@example.com"))...), oauth2.VerifierOption(v))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	first := exchange([]string{scopeMembers}, oauth2.AccessTypeOffline)
	alone := exchange([]string{scopeApp}, oauth2.AccessTypeOffline)
	both := exchange([]string{scopeApp}, oauth2.AccessTypeOffline, oauth2.SetAuthURLParam("include_granted_scopes", "true"))
	again := exchange([]string{scopeApp}, oauth2.AccessTypeOffline, oauth2.ApprovalForce)
	if first.RefreshToken == "" || alone.RefreshToken != "" || both.RefreshToken != "" || again.RefreshToken == "" {
		t.Errorf("refresh tokens: first %v, second %v, third %v, prompt=consent %v; want true false false true",
			first.RefreshToken != "", alone.RefreshToken != "", both.RefreshToken != "", again.RefreshToken != "")
	}
	if alone.Extra("scope") != scopeApp || both.Extra("scope") != scopeMembers+" "+scopeApp {
		t.Errorf("scopes: without include_granted_scopes %q, with %q", alone.Extra("scope"), both.Extra("scope"))
	}
	if _, ok := first.Extra("id_token").(string); ok {
		t.Errorf("an ID token without an identity scope")
	}
	g := u.a.Grants()
	if len(g) != 1 || !g[0].Offline || g[0].Revoked || !slices.Equal(g[0].Scopes, []string{scopeMembers, scopeApp}) {
		t.Errorf("Grants = %+v, want one offline grant of both scopes", g)
	}
}

// TestRevocation: POST /revoke with either token, or the person removing
// access, kills the refresh token and every access token of the grant.
func TestRevocation(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		revoke func(t *testing.T, u userWorld, tok *oauth2.Token)
	}{
		{"revoke the refresh token", func(t *testing.T, u userWorld, tok *oauth2.Token) {
			postRevoke(t, u, tok.RefreshToken, http.StatusOK)
		}},
		{"revoke the access token", func(t *testing.T, u userWorld, tok *oauth2.Token) {
			postRevoke(t, u, tok.AccessToken, http.StatusOK)
		}},
		{"person removes access", func(t *testing.T, u userWorld, _ *oauth2.Token) {
			if n := u.a.RevokeUserGrants("sam@example.com", testClientID); n != 1 {
				t.Fatalf("RevokeUserGrants = %d, want 1", n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := serveUsers(t)
			v := oauth2.GenerateVerifier()
			tok, err := u.cfg.Exchange(ctx, u.consent(t, v, oauth2.AccessTypeOffline, loginHint("sam@example.com")), oauth2.VerifierOption(v))
			if err != nil {
				t.Fatal(err)
			}
			second, err := u.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
			if err != nil {
				t.Fatal(err)
			}
			tt.revoke(t, u, tok)
			for _, at := range []string{tok.AccessToken, second.AccessToken} {
				if _, ok := u.a.Principal(bearerRequest(at)); ok {
					t.Errorf("an access token still works after revocation")
				}
			}
			_, err = u.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
			wantRetrieveError(t, err, "invalid_grant")
			if g := u.a.Grants(); len(g) != 1 || !g[0].Revoked {
				t.Errorf("Grants = %+v, want one revoked", g)
			}
			postRevoke(t, u, tok.RefreshToken, http.StatusBadRequest)
		})
	}
}

func postRevoke(t *testing.T, u userWorld, token string, want int) {
	t.Helper()
	resp, err := http.PostForm(u.a.RevokeURL(), url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("revoke: got %d, want %d", resp.StatusCode, want)
	}
}

// TestClientSecretInHeader: HTTP Basic client authentication works too
// (oauth2.AuthStyleInHeader, RFC 6749 §2.3.1).
func TestClientSecretInHeader(t *testing.T) {
	u := serveUsers(t)
	u.cfg.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
	v := oauth2.GenerateVerifier()
	if _, err := u.cfg.Exchange(context.Background(), u.consent(t, v, loginHint("sam@example.com")), oauth2.VerifierOption(v)); err != nil {
		t.Fatalf("Exchange with Basic auth: %v", err)
	}
	u.cfg.ClientSecret = "guess"
	v = oauth2.GenerateVerifier()
	_, err := u.cfg.Exchange(context.Background(), u.consent(t, v, loginHint("sam@example.com")), oauth2.VerifierOption(v))
	wantRetrieveError(t, err, "invalid_client")
	if strings.Contains(err.Error(), "guess") {
		t.Errorf("error repeats the secret: %v", err)
	}
}
