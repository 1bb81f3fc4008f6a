package verify

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

const (
	testAudience = "https://onboard.example.com/chat/events"
	testProject  = "123456789012"
)

// fakeClock is shared by the fake Google (minting) and the Verifier.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a local Google (fakeauth over HTTP) and a clock.
type env struct {
	auth  *fakeauth.Authority
	clock *fakeClock
	srv   *httptest.Server
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	clock := &fakeClock{t: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
	a, err := fakeauth.New(fakeauth.Options{ProjectNumber: testProject, Now: clock.Now})
	if err != nil {
		tb.Fatalf("fakeauth.New: %v", err)
	}
	mux := http.NewServeMux()
	a.Register(mux)
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	a.SetBaseURL(srv.URL)
	return &env{auth: a, clock: clock, srv: srv}
}

// verifier builds a Verifier on the env's clock and client; empty cert URLs
// point at the fake's JWK URL (URL mode) and x509 URL (project mode).
func (e *env) verifier(tb testing.TB, cfg Config) *Verifier {
	tb.Helper()
	if cfg.Audience == "" {
		cfg.Audience = testAudience
	}
	if cfg.GoogleCertsURL == "" {
		cfg.GoogleCertsURL = e.auth.GoogleJWKURL()
	}
	if cfg.ChatCertsURL == "" {
		cfg.ChatCertsURL = e.auth.ChatX509URL()
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = e.srv.Client()
	}
	cfg.Now = e.clock.Now
	v, err := New(cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return v
}

// fetches is how often the fake served the key-set URL u.
func (e *env) fetches(tb testing.TB, u string) int {
	tb.Helper()
	p, err := url.Parse(u)
	if err != nil {
		tb.Fatalf("parse %q: %v", u, err)
	}
	return e.auth.KeyFetches(p.Path)
}

func (e *env) mint(tb testing.TB, spec fakeauth.TokenSpec) string {
	tb.Helper()
	tok, err := e.auth.Mint(spec)
	if err != nil {
		tb.Fatalf("Mint: %v", err)
	}
	return tok
}

// must(t)(e.auth.MintURLToken(aud)) fails the test if minting failed.
func must(tb testing.TB) func(tok string, err error) string {
	return func(tok string, err error) string {
		tb.Helper()
		if err != nil {
			tb.Fatalf("mint: %v", err)
		}
		return tok
	}
}

// urlSpec is a correct URL-mode token, to be spoiled one field at a time.
func (e *env) urlSpec() fakeauth.TokenSpec {
	yes := true
	return fakeauth.TokenSpec{
		Keys:          fakeauth.GoogleKeys,
		Issuer:        "https://accounts.google.com",
		Audience:      testAudience,
		Email:         ChatEmail,
		EmailVerified: &yes,
	}
}

// kidOf reads the kid from a token's header.
func kidOf(tb testing.TB, tok string) string {
	tb.Helper()
	h, _, _ := strings.Cut(tok, ".")
	b, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		tb.Fatalf("decode header: %v", err)
	}
	var hdr struct{ Kid string }
	if err := json.Unmarshal(b, &hdr); err != nil {
		tb.Fatalf("header: %v", err)
	}
	return hdr.Kid
}

// withHeader replaces a token's header; sig replaces the signature part.
func withHeader(tb testing.TB, tok string, header map[string]any, sig string) string {
	tb.Helper()
	b, err := json.Marshal(header)
	if err != nil {
		tb.Fatalf("marshal header: %v", err)
	}
	parts := strings.Split(tok, ".")
	return base64.RawURLEncoding.EncodeToString(b) + "." + parts[1] + "." + sig
}

// checkReason fails unless err is an *Error with reason want that does not
// repeat any part of tok.
func checkReason(tb testing.TB, err error, want Reason, tok string) {
	tb.Helper()
	var verr *Error
	if !errors.As(err, &verr) {
		tb.Fatalf("got error %v (%T), want *Error with reason %q", err, err, want)
	}
	if got := ReasonOf(err); got != want {
		tb.Errorf("got reason %q, want %q (error: %v)", got, want, err)
	}
	for _, part := range strings.Split(tok, ".") {
		if len(part) >= 8 && strings.Contains(err.Error(), part[:8]) {
			tb.Errorf("error %q repeats part of the token", err.Error())
		}
	}
}

var bg = context.Background()
