package verify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

func TestVerifyAccepts(t *testing.T) {
	e := newEnv(t)
	addonAgent := e.auth.AddonServiceAgent()
	tests := []struct {
		name      string
		cfg       Config
		token     func() (string, error)
		wantIss   string
		wantAud   string
		wantEmail string
		wantAddon bool
	}{
		{"URL token, JWK keys", Config{GoogleCertsURL: e.auth.GoogleJWKURL()},
			func() (string, error) { return e.auth.MintURLToken(testAudience) },
			"https://accounts.google.com", testAudience, ChatEmail, false},
		{"URL token, x509 keys", Config{GoogleCertsURL: e.auth.GoogleX509URL()},
			func() (string, error) { return e.auth.MintURLToken(testAudience) },
			"https://accounts.google.com", testAudience, ChatEmail, false},
		{"URL token, bare issuer", Config{},
			func() (string, error) {
				s := e.urlSpec()
				s.Issuer = "accounts.google.com"
				return e.auth.Mint(s)
			},
			"accounts.google.com", testAudience, ChatEmail, false},
		{"project token, x509 keys", Config{Audience: testProject, ChatCertsURL: e.auth.ChatX509URL()},
			func() (string, error) { return e.auth.MintProjectToken(testProject) },
			ChatEmail, testProject, "", false},
		{"project token, JWK keys", Config{Audience: testProject, ChatCertsURL: e.auth.ChatJWKURL()},
			func() (string, error) { return e.auth.MintProjectToken(testProject) },
			ChatEmail, testProject, "", false},
		{"add-on token when configured", Config{AddonServiceAccount: addonAgent},
			func() (string, error) { return e.auth.MintAddonToken(testAudience) },
			"https://accounts.google.com", testAudience, addonAgent, true},
		{"Chat token when add-on also configured", Config{AddonServiceAccount: addonAgent},
			func() (string, error) { return e.auth.MintURLToken(testAudience) },
			"https://accounts.google.com", testAudience, ChatEmail, false},
		{"expired within skew", Config{},
			func() (string, error) {
				s := e.urlSpec()
				s.IssuedAt = e.clock.Now().Add(-time.Hour - 4*time.Minute)
				return e.auth.Mint(s)
			},
			"https://accounts.google.com", testAudience, ChatEmail, false},
		{"issued in the future within skew", Config{},
			func() (string, error) {
				s := e.urlSpec()
				s.IssuedAt = e.clock.Now().Add(4 * time.Minute)
				return e.auth.Mint(s)
			},
			"https://accounts.google.com", testAudience, ChatEmail, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := e.verifier(t, tt.cfg)
			tok := must(t)(tt.token())
			got, err := v.Verify(bg, tok)
			if err != nil {
				t.Fatalf("Verify: got error %v, want nil", err)
			}
			if got.Issuer != tt.wantIss || got.Audience != tt.wantAud || got.Email != tt.wantEmail || got.Addon != tt.wantAddon {
				t.Errorf("got iss=%q aud=%q email=%q addon=%v, want iss=%q aud=%q email=%q addon=%v",
					got.Issuer, got.Audience, got.Email, got.Addon, tt.wantIss, tt.wantAud, tt.wantEmail, tt.wantAddon)
			}
			if got.Expiry.IsZero() || got.IssuedAt.IsZero() || got.Expiry.Sub(got.IssuedAt) != time.Hour {
				t.Errorf("got iat=%v exp=%v, want a one-hour token", got.IssuedAt, got.Expiry)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	e := newEnv(t)
	now := e.clock.Now()
	good := must(t)(e.auth.MintURLToken(testAudience))
	googleKid := kidOf(t, good)
	spoil := func(f func(*fakeauth.TokenSpec)) func() string {
		return func() string {
			s := e.urlSpec()
			f(&s)
			return e.mint(t, s)
		}
	}
	fixed := func(s string) func() string { return func() string { return s } }
	no := false
	project := Config{Audience: testProject}

	tests := []struct {
		name  string
		cfg   Config
		token func() string
		want  Reason
	}{
		{"empty", Config{}, fixed(""), ReasonMalformed},
		{"garbled", Config{}, fixed("this is not a token"), ReasonMalformed},
		{"two parts", Config{}, fixed(good[:strings.LastIndex(good, ".")]), ReasonMalformed},
		{"four parts", Config{}, fixed(good + ".eyJ9"), ReasonMalformed},
		{"bad base64 payload", Config{}, fixed(strings.Replace(good, ".", ".%%", 1)), ReasonMalformed},
		{"bad base64 signature", Config{}, fixed(good + "*"), ReasonMalformed},
		{"padded signature", Config{}, fixed(good + "=="), ReasonMalformed},
		{"alg none", Config{}, fixed(withHeader(t, good, map[string]any{"alg": "none", "typ": "JWT"}, "")), ReasonBadAlgorithm},
		{"alg none with kid", Config{}, fixed(withHeader(t, good, map[string]any{"alg": "none", "kid": googleKid}, "")), ReasonBadAlgorithm},
		{"HS256 signed with the public key", Config{}, func() string { return hs256WithPublicKey(t, e, good, googleKid) }, ReasonBadAlgorithm},
		{"ES256", Config{}, fixed(withHeader(t, good, map[string]any{"alg": "ES256", "kid": googleKid}, "c2ln")), ReasonBadAlgorithm},
		{"lowercase rs256", Config{}, fixed(withHeader(t, good, map[string]any{"alg": "rs256", "kid": googleKid}, "c2ln")), ReasonBadAlgorithm},
		{"no kid", Config{}, fixed(withHeader(t, good, map[string]any{"alg": "RS256"}, "c2ln")), ReasonMalformed},
		{"crit header", Config{}, fixed(withHeader(t, good, map[string]any{"alg": "RS256", "kid": googleKid, "crit": []string{"x"}}, "c2ln")), ReasonMalformed},
		{"RS256 by another key with a known kid", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Keys, s.Kid = fakeauth.ChatKeys, googleKid }), ReasonBadSignature},
		{"signature of another token", Config{}, func() string {
			other := must(t)(e.auth.MintURLToken("https://other.example/"))
			return good[:strings.LastIndex(good, ".")] + other[strings.LastIndex(other, "."):]
		}, ReasonBadSignature},
		{"unknown kid", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Kid = strings.Repeat("0", 40) }), ReasonUnknownKey},
		{"wrong aud", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Audience = "https://onboard.example.com/chat/events/" }), ReasonWrongAudience},
		{"empty aud", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Audience = "" }), ReasonWrongAudience},
		{"aud array", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Extra = map[string]any{"aud": []string{testAudience}} }), ReasonMalformed},
		{"URL token in project mode", project, func() string { return must(t)(e.auth.MintURLToken(testAudience)) }, ReasonUnknownKey},
		{"URL claims signed by Chat's key in project mode", project, spoil(func(s *fakeauth.TokenSpec) { s.Keys = fakeauth.ChatKeys }), ReasonWrongIssuer},
		{"project token in URL mode", Config{}, func() string { return must(t)(e.auth.MintProjectToken(testProject)) }, ReasonUnknownKey},
		{"project claims signed by Google's key in URL mode", Config{}, func() string {
			return e.mint(t, fakeauth.TokenSpec{Keys: fakeauth.GoogleKeys, Issuer: ChatEmail, Audience: testProject})
		}, ReasonWrongIssuer},
		{"another project's number", project, func() string { return must(t)(e.auth.MintProjectToken("999999999999")) }, ReasonWrongAudience},
		{"project token with the URL as aud", project, func() string { return must(t)(e.auth.MintProjectToken(testAudience)) }, ReasonWrongAudience},
		{"add-on token in project mode", project, func() string { return must(t)(e.auth.MintAddonToken(testAudience)) }, ReasonUnknownKey},
		{"wrong iss", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Issuer = "https://evil.example" }), ReasonWrongIssuer},
		{"wrong iss in project mode", project, func() string {
			return e.mint(t, fakeauth.TokenSpec{Keys: fakeauth.ChatKeys, Issuer: "someone@system.gserviceaccount.com"})
		}, ReasonWrongIssuer},
		{"expired beyond skew", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.IssuedAt = now.Add(-time.Hour - 6*time.Minute) }), ReasonExpired},
		{"iat in the future beyond skew", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.IssuedAt = now.Add(6 * time.Minute) }), ReasonNotYetValid},
		{"nbf in the future beyond skew", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Extra = map[string]any{"nbf": now.Add(6 * time.Minute).Unix()} }), ReasonNotYetValid},
		{"exp missing", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Extra = map[string]any{"exp": nil} }), ReasonMalformed},
		{"exp a string", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Extra = map[string]any{"exp": "2000000000"} }), ReasonMalformed},
		{"lifetime longer than an hour plus skew", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Lifetime = 2 * time.Hour }), ReasonMalformed},
		{"no iat and exp far away", Config{}, spoil(func(s *fakeauth.TokenSpec) {
			s.Extra = map[string]any{"iat": nil, "exp": now.Add(3 * time.Hour).Unix()}
		}), ReasonMalformed},
		{"email of another account", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Email = "someone@example.com" }), ReasonWrongEmail},
		{"email missing", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Email = "" }), ReasonWrongEmail},
		{"email in project mode", project, func() string {
			return e.mint(t, fakeauth.TokenSpec{Keys: fakeauth.ChatKeys, Email: "someone@example.com"})
		}, ReasonWrongEmail},
		{"email_verified false", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.EmailVerified = &no }), ReasonEmailUnverified},
		{"email_verified missing", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.EmailVerified = nil }), ReasonEmailUnverified},
		{`email_verified "true"`, Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Extra = map[string]any{"email_verified": "true"} }), ReasonEmailUnverified},
		{"add-on token when not configured", Config{}, func() string { return must(t)(e.auth.MintAddonToken(testAudience)) }, ReasonWrongEmail},
		{"another project's add-on agent", Config{AddonServiceAccount: "service-999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"},
			func() string { return must(t)(e.auth.MintAddonToken(testAudience)) }, ReasonWrongEmail},
		{"oversized", Config{}, spoil(func(s *fakeauth.TokenSpec) { s.Extra = map[string]any{"pad": strings.Repeat("a", 9000)} }), ReasonMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := e.verifier(t, tt.cfg)
			tok := tt.token()
			got, err := v.Verify(bg, tok)
			if err == nil {
				t.Fatalf("Verify: got claims %+v, want reason %q", got, tt.want)
			}
			checkReason(t, err, tt.want, tok)
			if got != (Claims{}) {
				t.Errorf("got claims %+v with an error, want zero Claims", got)
			}
		})
	}
}

// hs256WithPublicKey is the classic algorithm-confusion token: HMAC-SHA256
// keyed with the bytes of the published public key (the PEM certificate).
func hs256WithPublicKey(t *testing.T, e *env, good, kid string) string {
	t.Helper()
	resp, err := e.srv.Client().Get(e.auth.GoogleX509URL())
	if err != nil {
		t.Fatalf("get certs: %v", err)
	}
	defer resp.Body.Close()
	pemDoc, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("read certs: status %d, %v", resp.StatusCode, err)
	}
	unsigned := withHeader(t, good, map[string]any{"alg": "HS256", "kid": kid, "typ": "JWT"}, "")
	mac := hmac.New(sha256.New, pemDoc)
	mac.Write([]byte(strings.TrimSuffix(unsigned, ".")))
	return unsigned + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"empty audience", Config{}},
		{"http audience", Config{Audience: "http://onboard.example.com/"}},
		{"bare host", Config{Audience: "onboard.example.com"}},
		{"https without host", Config{Audience: "https://"}},
		{"project number with letters", Config{Audience: "12345x"}},
		{"add-on agent in project mode", Config{Audience: testProject, AddonServiceAccount: "service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"}},
		{"add-on agent not an agent", Config{Audience: testAudience, AddonServiceAccount: "someone@example.com"}},
		{"skew above five minutes", Config{Audience: testAudience, Skew: 6 * time.Minute}},
		{"negative skew", Config{Audience: testAudience, Skew: -time.Second}},
		{"negative MinRefresh", Config{Audience: testAudience, MinRefresh: -time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v, err := New(tt.cfg); err == nil {
				t.Errorf("New(%+v): got %v, nil; want an error", tt.cfg, v)
			}
		})
	}
}

func TestReasonOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Reason
	}{
		{"nil", nil, ""},
		{"Error", &Error{Reason: ReasonExpired}, ReasonExpired},
		{"wrapped Error", fmtWrap(&Error{Reason: ReasonWrongEmail}), ReasonWrongEmail},
		{"foreign error", io.EOF, ReasonMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReasonOf(tt.err); got != tt.want {
				t.Errorf("ReasonOf(%v): got %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

type wrapped struct{ err error }

func (w wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w wrapped) Unwrap() error { return w.err }

func fmtWrap(err error) error { return wrapped{err} }
