package verify

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// verifyAll runs Verify for each token concurrently and returns the errors.
func verifyAll(v *Verifier, toks []string) []error {
	errs := make([]error, len(toks))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, tok := range toks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = v.Verify(bg, tok)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

func repeat(tok string, n int) []string {
	toks := make([]string, n)
	for i := range toks {
		toks[i] = tok
	}
	return toks
}

func TestManyVerificationsOneFetch(t *testing.T) {
	e := newEnv(t)
	v := e.verifier(t, Config{})
	tok := must(t)(e.auth.MintURLToken(testAudience))
	for i := range 50 {
		if _, err := v.Verify(bg, tok); err != nil {
			t.Fatalf("Verify #%d: %v", i, err)
		}
	}
	if got := e.fetches(t, e.auth.GoogleJWKURL()); got != 1 {
		t.Errorf("got %d key fetches for 50 verifications, want 1", got)
	}
}

func TestColdBurstIsSingleFlight(t *testing.T) {
	e := newEnv(t)
	v := e.verifier(t, Config{})
	tok := must(t)(e.auth.MintURLToken(testAudience))
	for i, err := range verifyAll(v, repeat(tok, 200)) {
		if err != nil {
			t.Fatalf("Verify #%d: %v", i, err)
		}
	}
	if got := e.fetches(t, e.auth.GoogleJWKURL()); got != 1 {
		t.Errorf("got %d key fetches for a cold burst of 200, want 1", got)
	}
}

func TestKeysExpireWithMaxAge(t *testing.T) {
	tests := []struct {
		name        string
		maxAge      time.Duration
		advance     time.Duration
		wantFetches int
	}{
		{"within max-age", 10 * time.Minute, 9 * time.Minute, 1},
		{"after max-age", 10 * time.Minute, 11 * time.Minute, 2},
		{"max-age 0 is held to the 5 min floor", 0, 4 * time.Minute, 1},
		{"max-age 0 refetches after the floor", 0, 6 * time.Minute, 2},
		{"max-age 2 days is cut to the 24 h ceiling", 48 * time.Hour, 25 * time.Hour, 2},
		{"max-age 2 days, within the ceiling", 48 * time.Hour, 23 * time.Hour, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.auth.SetCertsMaxAge(tt.maxAge)
			v := e.verifier(t, Config{})
			if err := v.Warm(bg); err != nil {
				t.Fatalf("Warm: %v", err)
			}
			e.clock.Advance(tt.advance)
			for range 3 {
				tok := must(t)(e.auth.MintURLToken(testAudience))
				if _, err := v.Verify(bg, tok); err != nil {
					t.Fatalf("Verify: %v", err)
				}
			}
			if got := e.fetches(t, e.auth.GoogleJWKURL()); got != tt.wantFetches {
				t.Errorf("got %d key fetches, want %d", got, tt.wantFetches)
			}
		})
	}
}

func TestRotationRefetchesOnce(t *testing.T) {
	e := newEnv(t)
	v := e.verifier(t, Config{})
	if err := v.Warm(bg); err != nil {
		t.Fatalf("Warm: %v", err)
	}
	old := must(t)(e.auth.MintURLToken(testAudience))
	// Google rotates some time after our load; the unknown-kid refetch is
	// limited to once per MinRefresh since the last fetch.
	e.clock.Advance(time.Minute)
	e.auth.RotateKeys(fakeauth.GoogleKeys)
	fresh := must(t)(e.auth.MintURLToken(testAudience))
	for i, err := range verifyAll(v, repeat(fresh, 20)) {
		if err != nil {
			t.Fatalf("Verify new-kid token #%d: %v", i, err)
		}
	}
	if _, err := v.Verify(bg, old); err != nil {
		t.Errorf("Verify token of the previous (still published) key: %v", err)
	}
	if got := e.fetches(t, e.auth.GoogleJWKURL()); got != 2 {
		t.Errorf("got %d key fetches after a rotation, want 2 (load + one refetch)", got)
	}
}

func TestUnknownKidStormIsRateLimited(t *testing.T) {
	e := newEnv(t)
	v := e.verifier(t, Config{MinRefresh: time.Minute})
	if err := v.Warm(bg); err != nil {
		t.Fatalf("Warm: %v", err)
	}
	steps := []struct {
		advance     time.Duration
		wantFetches int
	}{
		{0, 1},                // just loaded: no refetch
		{time.Minute, 2},      // MinRefresh passed: one refetch for the whole storm
		{30 * time.Second, 2}, // half a MinRefresh later: none
		{30 * time.Second, 3}, // a full MinRefresh after the last: one
	}
	for i, st := range steps {
		e.clock.Advance(st.advance)
		s := e.urlSpec()
		s.Kid = strings.Repeat("f", 40)
		tok := e.mint(t, s)
		for _, err := range verifyAll(v, repeat(tok, 50)) {
			checkReason(t, err, ReasonUnknownKey, tok)
		}
		if got := e.fetches(t, e.auth.GoogleJWKURL()); got != st.wantFetches {
			t.Errorf("step %d (+%v): got %d key fetches, want %d", i, st.advance, got, st.wantFetches)
		}
	}
}

func TestLastGoodKeysSurviveAFailingEndpoint(t *testing.T) {
	e := newEnv(t)
	var logs bytes.Buffer
	v := e.verifier(t, Config{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err := v.Warm(bg); err != nil {
		t.Fatalf("Warm: %v", err)
	}
	e.auth.SetKeysFailing(true)
	e.clock.Advance(24 * time.Hour) // well past any max-age
	steps := []struct {
		name        string
		advance     time.Duration
		wantFetches int
	}{
		{"expired: one refetch, fails, old keys serve", 0, 2},
		{"within MinRefresh of the failure: no fetch", 30 * time.Second, 2},
		{"MinRefresh after the failure: one retry", 30 * time.Second, 3},
	}
	for _, st := range steps {
		e.clock.Advance(st.advance)
		tok := must(t)(e.auth.MintURLToken(testAudience))
		if _, err := v.Verify(bg, tok); err != nil {
			t.Fatalf("%s: Verify: %v", st.name, err)
		}
		if got := e.fetches(t, e.auth.GoogleJWKURL()); got != st.wantFetches {
			t.Errorf("%s: got %d key fetches, want %d", st.name, got, st.wantFetches)
		}
		if !v.Ready() {
			t.Errorf("%s: Ready() = false, want true while last good keys serve", st.name)
		}
	}
	if err := v.Warm(bg); err != nil {
		t.Errorf("Warm with last good keys: got %v, want nil", err)
	}
	e.auth.SetKeysFailing(false)
	e.clock.Advance(time.Minute)
	tok := must(t)(e.auth.MintURLToken(testAudience))
	if _, err := v.Verify(bg, tok); err != nil {
		t.Fatalf("Verify after recovery: %v", err)
	}
	got := logs.String()
	if !strings.Contains(got, "key set fetch failed") || !strings.Contains(got, "key set loaded") {
		t.Errorf("log %q: want a failed and a successful key set fetch", got)
	}
	for _, secret := range append(strings.Split(tok, "."), "CERTIFICATE", `"n"`, kidOf(t, tok)) {
		if strings.Contains(got, secret) {
			t.Errorf("log repeats token or key material %.12q…", secret)
		}
	}
	if got := e.fetches(t, e.auth.GoogleJWKURL()); got != 4 {
		t.Errorf("after recovery: got %d key fetches, want 4", got)
	}
}

func TestKeysUnavailableFromTheStart(t *testing.T) {
	e := newEnv(t)
	e.auth.SetKeysFailing(true)
	v := e.verifier(t, Config{Audience: testProject})
	tok := must(t)(e.auth.MintProjectToken(testProject))
	_, err := v.Verify(bg, tok)
	checkReason(t, err, ReasonKeysUnavailable, tok)
	if err := v.Warm(bg); ReasonOf(err) != ReasonKeysUnavailable {
		t.Errorf("Warm: got %v, want reason %q", err, ReasonKeysUnavailable)
	}
	if v.Ready() {
		t.Errorf("Ready() = true, want false with no keys ever loaded")
	}
	if got := e.fetches(t, e.auth.ChatX509URL()); got != 1 {
		t.Errorf("got %d key fetches, want 1 (retries wait MinRefresh)", got)
	}
	e.auth.SetKeysFailing(false)
	e.clock.Advance(time.Minute)
	if _, err := v.Verify(bg, tok); err != nil {
		t.Fatalf("Verify after the endpoint recovers: %v", err)
	}
	if !v.Ready() {
		t.Errorf("Ready() = false after a successful load, want true")
	}
}

func TestWarmLoadsOnce(t *testing.T) {
	e := newEnv(t)
	v := e.verifier(t, Config{})
	if v.Ready() {
		t.Fatalf("Ready() before Warm = true, want false")
	}
	for range 3 {
		if err := v.Warm(bg); err != nil {
			t.Fatalf("Warm: %v", err)
		}
	}
	if !v.Ready() {
		t.Errorf("Ready() after Warm = false, want true")
	}
	if got := e.fetches(t, e.auth.GoogleJWKURL()); got != 1 {
		t.Errorf("got %d key fetches for three Warm calls, want 1", got)
	}
}

// gatedTransport holds every request until open is closed.
type gatedTransport struct {
	open chan struct{}
	next http.RoundTripper
}

func (g gatedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	<-g.open
	return g.next.RoundTrip(r)
}

func TestCancelledCallerDoesNotCancelTheSharedFetch(t *testing.T) {
	e := newEnv(t)
	gate := gatedTransport{open: make(chan struct{}), next: e.srv.Client().Transport}
	v := e.verifier(t, Config{HTTPClient: &http.Client{Transport: gate}})
	tok := must(t)(e.auth.MintURLToken(testAudience))

	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, err := v.Verify(ctx, tok)
	checkReason(t, err, ReasonKeysUnavailable, tok)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want it to wrap context.Canceled", err)
	}

	close(gate.open)
	if _, err := v.Verify(bg, tok); err != nil {
		t.Fatalf("Verify once the fetch completes: %v", err)
	}
	if got := e.fetches(t, e.auth.GoogleJWKURL()); got != 1 {
		t.Errorf("got %d key fetches, want 1 (the cancelled caller's fetch, shared)", got)
	}
}
