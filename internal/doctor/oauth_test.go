package doctor

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/handlers"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/oauth"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/verify"
)

const (
	oauthClientID     = "123456789012-onboarddoctortest.apps.googleusercontent.com"
	oauthClientSecret = "doctor-test-client-secret"
)

// oauthPass is every check passing with people's own accounts on.
var oauthPass = append(append([]string(nil), allPass...),
	"✓ OAuth client id",
	"✓ OAuth client secret and token key",
	"✓ sign-in redirect URL",
	"✓ sign-in callback answers",
	"✓ Google's token endpoint accepts the client",
	"✓ connected accounts' grants under a configured key",
)

// withOAuth returns oauthPass with the named checks' marks replaced.
func withOAuth(changed ...string) []string {
	out := append([]string(nil), oauthPass...)
	for _, c := range changed {
		for i, p := range out {
			if checkName(p) == checkName(c) {
				out[i] = c
			}
		}
	}
	return out
}

// oauthDeployment is a deployment with people's own accounts on: the
// client registered at chatfake's Google, and the public sign-in service
// — the real handlers and a real oauth.Flow on the deployment's database
// — at OAUTH_REDIRECT_URL, over TLS as on Cloud Run. client trusts its
// certificate.
type oauthDeployment struct {
	env    map[string]string
	fake   *chatfake.Server
	client *http.Client
	flow   *oauth.Flow
}

func newOAuthDeployment(t *testing.T) *oauthDeployment {
	t.Helper()
	fake := newFake(t, nil)
	env := deployment(t, fake)
	key := testKey(t)
	signin := httptest.NewUnstartedServer(nil)
	signin.StartTLS()
	t.Cleanup(signin.Close)
	redirect := signin.URL + config.CallbackPath
	fake.AddOAuthClient(fakeauth.OAuthClient{ClientID: oauthClientID, ClientSecret: oauthClientSecret, RedirectURIs: []string{redirect}})
	for k, v := range map[string]string{"OAUTH_CLIENT_ID": oauthClientID, "OAUTH_CLIENT_SECRET": oauthClientSecret,
		"OAUTH_REDIRECT_URL": redirect, "TOKEN_ENCRYPTION_KEY": key, "GOOGLE_OAUTH_AUTH_URL": fake.AuthorizeURL(),
		"GOOGLE_OAUTH_TOKEN_URL": fake.TokenURL(), "GOOGLE_OAUTH_REVOKE_URL": fake.RevokeURL()} {
		env[k] = v
	}
	d := &oauthDeployment{env: env, fake: fake, client: signin.Client()}
	d.flow = d.flowWithKey(t, key)
	signin.Config.Handler = handlers.NewSignInOnly(d.flow, nil)
	return d
}

// flowWithKey is the services' flow on the deployment's database, sealing
// with key and opening with older keys too.
func (d *oauthDeployment) flowWithKey(t *testing.T, key string, older ...string) *oauth.Flow {
	t.Helper()
	var raw [][]byte
	for _, k := range append([]string{key}, older...) {
		b, err := oauth.ParseKey(k)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, b)
	}
	ring, err := oauth.NewKeyring(raw[0], raw[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), d.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ids, err := verify.NewSignIn(verify.SignInConfig{ClientID: oauthClientID, CertsURL: d.fake.GoogleJWKURL()})
	if err != nil {
		t.Fatal(err)
	}
	f, err := oauth.New(oauth.Config{ClientID: oauthClientID, ClientSecret: oauthClientSecret,
		RedirectURL: d.env["OAUTH_REDIRECT_URL"], AuthURL: d.fake.AuthorizeURL(), TokenURL: d.fake.TokenURL(),
		RevokeURL: d.fake.RevokeURL(), Keyring: ring, Store: st, IDTokens: ids})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// connect plays a person connecting their account through flow: the link,
// their consent at chatfake's Google, and the callback.
func (d *oauthDeployment) connect(t *testing.T, flow *oauth.Flow, user, email string) {
	t.Helper()
	authURL, err := flow.AuthURL(t.Context(), oauth.Request{ChatUser: user, Email: email, Scopes: oauth.EverydayScopes})
	if err != nil {
		t.Fatal(err)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := resp.Location()
	if err != nil {
		t.Fatalf("consent: %d, %v", resp.StatusCode, err)
	}
	if cb := flow.Complete(t.Context(), back.Query()); cb.Outcome != oauth.Connected {
		t.Fatalf("connect %s: %+v", user, cb)
	}
}

func (d *oauthDeployment) run(t *testing.T) (string, error) {
	t.Helper()
	cfg, cerr := config.Load(func(k string) string { return d.env[k] })
	var out bytes.Buffer
	err := Run(t.Context(), cfg, &out, Options{ConfigErr: cerr, HTTPClient: d.client})
	checkNoSecrets(t, out.String())
	for _, s := range []string{oauthClientSecret, d.env["TOKEN_ENCRYPTION_KEY"]} {
		if strings.Contains(out.String(), s) {
			t.Errorf("output shows a secret %q:\n%s", s, out.String())
		}
	}
	return out.String(), err
}

// testKey is a TOKEN_ENCRYPTION_KEY made at run time.
func testKey(t *testing.T) string {
	t.Helper()
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(k)
}

func TestOAuthAllPass(t *testing.T) {
	t.Parallel()
	d := newOAuthDeployment(t)
	d.connect(t, d.flow, "users/111111111111111111111", "sam@example.com")
	out, err := d.run(t)
	if err != nil {
		t.Errorf("Run: got %v, want nil\n%s", err, out)
	}
	if diff := cmp.Diff(oauthPass, marks(out)); diff != "" {
		t.Errorf("checks (-want +got):\n%s\n%s", diff, out)
	}
	raw, _ := oauth.ParseKey(d.env["TOKEN_ENCRYPTION_KEY"])
	ring, _ := oauth.NewKeyring(raw)
	for name, want := range map[string]string{
		nameOAuthClient:   oauthClientID + " (a Web application client, with the sign-in callback among its Authorized redirect URIs",
		nameOAuthKeys:     "OAUTH_CLIENT_SECRET is set; TOKEN_ENCRYPTION_KEY decodes to 32 bytes (key id " + ring.CurrentKeyID() + ")",
		nameRedirect:      d.env["OAUTH_REDIRECT_URL"] + " (it must be among the OAuth client's Authorized redirect URIs",
		nameCallback:      "Onboard's sign-in service answered (HTTP 400, its “link does not work” page",
		nameTokenEndpoint: d.fake.TokenURL() + " answered invalid_grant to a made-up code, as expected",
		nameGrantKeys:     "1 grant, all sealed with the current key " + ring.CurrentKeyID(),
	} {
		if got := lineOf(out, name); !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want it to say %q", name, got, want)
		}
	}
	if !strings.HasSuffix(out, "All 19 checks passed.\n") {
		t.Errorf("got output ending %q, want All 19 checks passed.", out[max(0, len(out)-60):])
	}
}

// Without OAUTH_CLIENT_ID none of these checks is run: the deployment
// does not connect people's accounts.
func TestOAuthChecksOnlyWhenConfigured(t *testing.T) {
	t.Parallel()
	out, err := doctorRun(t, deployment(t, newFake(t, nil)))
	if err != nil || strings.Contains(out, nameCallback) {
		t.Errorf("Run: %v; output mentions OAuth checks: %v\n%s", err, strings.Contains(out, nameCallback), out)
	}
}

func TestOAuthFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T, d *oauthDeployment)
		want  []string
		says  map[string]string
	}{
		{
			// Cloud Run's answer to a browser at a service only Google Chat
			// may invoke.
			name: "the callback is the private Chat service",
			setup: func(t *testing.T, d *oauthDeployment) {
				private := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=UTF-8")
					w.WriteHeader(http.StatusForbidden)
					_, _ = w.Write([]byte("<html><head><title>403 Forbidden</title></head><body><h1>Error: Forbidden</h1>" +
						"<h2>Your client does not have permission to get URL <code>/oauth2/callback</code> from this server.</h2></body></html>"))
				}))
				t.Cleanup(private.Close)
				d.env["OAUTH_REDIRECT_URL"], d.client = private.URL+config.CallbackPath, private.Client()
			},
			want: withOAuth("✗ sign-in callback answers"),
			says: map[string]string{nameCallback: "HTTP 403: this URL admits only authorised callers"},
		},
		{
			name: "the callback reaches an Onboard without OAuth",
			setup: func(t *testing.T, d *oauthDeployment) {
				bare := httptest.NewTLSServer(handlers.NewSignInOnly(nil, nil))
				t.Cleanup(bare.Close)
				d.env["OAUTH_REDIRECT_URL"], d.client = bare.URL+config.CallbackPath, bare.Client()
			},
			want: withOAuth("✗ sign-in callback answers"),
			says: map[string]string{nameCallback: "the service at this URL has no OAUTH_CLIENT_ID"},
		},
		{
			name: "the callback does not answer",
			setup: func(t *testing.T, d *oauthDeployment) {
				d.env["OAUTH_REDIRECT_URL"] = "https" + strings.TrimPrefix(closedURL(t), "http") + config.CallbackPath
			},
			want: withOAuth("✗ sign-in callback answers"),
			says: map[string]string{nameCallback: "fix: Check that OAUTH_REDIRECT_URL names the sign-in service"},
		},
		{
			name: "the callback is http:// on this machine",
			setup: func(t *testing.T, d *oauthDeployment) {
				d.env["OAUTH_REDIRECT_URL"] = "http://127.0.0.1:1/oauth2/callback"
			},
			want: withOAuth("! sign-in redirect URL", "✗ sign-in callback answers"),
			says: map[string]string{nameRedirect: "note: http:// works only on this machine"},
		},
		{
			name: "the callback is http:// elsewhere",
			setup: func(t *testing.T, d *oauthDeployment) {
				d.env["OAUTH_REDIRECT_URL"] = "http://signin.example.com/oauth2/callback"
			},
			want: oauthAfterConfig("✗ sign-in redirect URL", "✗ sign-in callback answers"),
			says: map[string]string{nameRedirect: "is not https://: Google accepts http:// redirect URIs only for localhost"},
		},
		{
			name:  "a wrong client secret",
			setup: func(t *testing.T, d *oauthDeployment) { d.env["OAUTH_CLIENT_SECRET"] = "not-the-secret" },
			want:  withOAuth("✗ Google's token endpoint accepts the client"),
			says:  map[string]string{nameTokenEndpoint: "refused the client (invalid_client)"},
		},
		{
			name:  "the client id is not one",
			setup: func(t *testing.T, d *oauthDeployment) { d.env["OAUTH_CLIENT_ID"] = "onboard" },
			want:  withOAuth("✗ OAuth client id", "✗ Google's token endpoint accepts the client"),
			says: map[string]string{nameOAuthClient: `"onboard" is not a Google OAuth client id`,
				nameTokenEndpoint: `skipped: needs "OAuth client id"`},
		},
		{
			name:  "the client secret pasted as the id",
			setup: func(t *testing.T, d *oauthDeployment) { d.env["OAUTH_CLIENT_ID"] = "GOCSPX-pastedSecretValue123" },
			want:  withOAuth("✗ OAuth client id", "✗ Google's token endpoint accepts the client"),
			says:  map[string]string{nameOAuthClient: "OAUTH_CLIENT_ID holds a client secret, not the client id"},
		},
		{
			name:  "the token endpoint does not answer",
			setup: func(t *testing.T, d *oauthDeployment) { d.env["GOOGLE_OAUTH_TOKEN_URL"] = closedURL(t) + "/token" },
			want:  withOAuth("✗ Google's token endpoint accepts the client"),
			says:  map[string]string{nameTokenEndpoint: "fix: Allow outbound HTTPS from the server to oauth2.googleapis.com"},
		},
		{
			name: "a grant sealed with a key nobody configured",
			setup: func(t *testing.T, d *oauthDeployment) {
				d.connect(t, d.flowWithKey(t, testKey(t)), "users/222222222222222222222", "alice@example.com")
			},
			want: withOAuth("✗ connected accounts' grants under a configured key"),
			says: map[string]string{nameGrantKeys: "1 of 1 grant sealed with a key that is not configured (users/222222222222222222222)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := newOAuthDeployment(t)
			tt.setup(t, d)
			out, err := d.run(t)
			if err == nil {
				t.Errorf("Run: got nil error, want one\n%s", out)
			}
			if diff := cmp.Diff(tt.want, marks(out)); diff != "" {
				t.Errorf("checks (-want +got):\n%s\n%s", diff, out)
			}
			for name, want := range tt.says {
				if got := lineOf(out, name); !strings.Contains(got, want) {
					t.Errorf("%s: got\n%s\nwant it to contain %q", name, got, want)
				}
			}
			wantFixes(t, out)
			if strings.Contains(out, "pastedSecretValue") {
				t.Errorf("the output repeats a client secret:\n%s", out)
			}
		})
	}
}

// oauthAfterConfig is every mark after a configuration the config check
// refused, the named OAuth checks judged as given.
func oauthAfterConfig(changed ...string) []string {
	out := afterConfig("✓ audience looks right", "✓ trusted callers")
	out = append(out, "✓ OAuth client id", "✗ OAuth client secret and token key", "✓ sign-in redirect URL",
		"✓ sign-in callback answers", "✗ Google's token endpoint accepts the client",
		"✗ connected accounts' grants under a configured key")
	for _, c := range changed {
		for i, p := range out {
			if checkName(p) == checkName(c) {
				out[i] = c
			}
		}
	}
	return out
}

// A key rotation shows in the doctor: grants still under the previous
// key are a warning until rekey, and the previous key a warning after.
func TestOAuthKeyRotation(t *testing.T) {
	t.Parallel()
	d := newOAuthDeployment(t)
	old := d.env["TOKEN_ENCRYPTION_KEY"]
	d.connect(t, d.flow, "users/111111111111111111111", "sam@example.com")
	d.env["TOKEN_ENCRYPTION_KEY"], d.env["TOKEN_ENCRYPTION_KEY_PREVIOUS"] = testKey(t), old
	out, err := d.run(t)
	if err != nil {
		t.Errorf("Run: %v, want warnings only\n%s", err, out)
	}
	if diff := cmp.Diff(withOAuth("! connected accounts' grants under a configured key"), marks(out)); diff != "" {
		t.Errorf("checks (-want +got):\n%s\n%s", diff, out)
	}
	if got := lineOf(out, nameGrantKeys); !strings.Contains(got, "1 of 1 grant still sealed with TOKEN_ENCRYPTION_KEY_PREVIOUS") ||
		!strings.Contains(got, "--args=grants,rekey") {
		t.Errorf("got\n%s\nwant the count and how to rekey", got)
	}
	if n, err := d.flowWithKey(t, d.env["TOKEN_ENCRYPTION_KEY"], old).Rekey(t.Context()); n != 1 || err != nil {
		t.Fatalf("rekey: %d, %v", n, err)
	}
	out, err = d.run(t)
	if err != nil {
		t.Errorf("Run after rekey: %v, want warnings only\n%s", err, out)
	}
	if got := lineOf(out, nameGrantKeys); !strings.Contains(got, "! "+nameGrantKeys+" — all 1 grant sealed with the current key; "+
		"TOKEN_ENCRYPTION_KEY_PREVIOUS is not needed any more") || !strings.Contains(got, "--remove-secrets TOKEN_ENCRYPTION_KEY_PREVIOUS") {
		t.Errorf("after rekey got\n%s\nwant the previous key called unneeded, and how to remove it", got)
	}
}
