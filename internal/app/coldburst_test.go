package app

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/demo"
)

// A new instance that meets a burst of Chat's events — the requests that
// queued while it started — asks Google for the keys once, not once per
// request: its start-up fetch serves them all, and each event, signed with
// a token of its own, is answered.
func TestColdBurstFetchesTheKeysOnce(t *testing.T) {
	const burst = 200
	b, fake, world := configured(t, nil, slog.New(slog.DiscardHandler))
	body := helpEvent(t, world, "cold")
	tokens := freshTokens(t, fake, world.EndpointURL, burst)

	answers := make([]*httptest.ResponseRecorder, burst)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range burst {
		wg.Go(func() {
			<-start
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tokens[i])
			req.Header.Set("Content-Type", "application/json")
			answers[i] = httptest.NewRecorder()
			b.Handler.ServeHTTP(answers[i], req)
		})
	}
	close(start)
	wg.Wait()

	for i, rec := range answers {
		got, _ := io.ReadAll(rec.Body)
		if rec.Code != http.StatusOK || !bytes.Contains(got, []byte(`"cardsV2"`)) {
			t.Fatalf("event %d: %d %.200s, want 200 and the help card", i, rec.Code, got)
		}
	}
	keys, err := url.Parse(fake.GoogleJWKURL())
	if err != nil {
		t.Fatal(err)
	}
	if got := fake.KeyFetches(keys.Path); got != 1 {
		t.Errorf("got %d key fetches for a start and a burst of %d events, want 1", got, burst)
	}
}

// configured builds Onboard as configured for a deployment in URL mode,
// against a chatfake of the default world and an SQLite file, with the
// variables in extra added; it is closed when the test ends.
func configured(t *testing.T, extra map[string]string, log *slog.Logger) (*Built, *chatfake.Server, *chatfake.World) {
	t.Helper()
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	fake, err := chatfake.New(world, chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	dir := t.TempDir()
	key := filepath.Join(dir, "sa.json")
	if err := fake.WriteServiceAccountKey(key); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PORT": "0", "CHAT_AUDIENCE": world.EndpointURL, "CHAT_API_ENDPOINT": fake.URL + "/",
		"GOOGLE_APPLICATION_CREDENTIALS": key, "GOOGLE_CERTS_URL": fake.GoogleJWKURL(),
		"CHAT_CERTS_URL": fake.ChatX509URL(), "ORG_DOMAINS": "example.com",
		"DATABASE_URL": "sqlite:" + filepath.Join(dir, "onboard.db")}
	maps.Copy(env, extra)
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(t.Context(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b, fake, world
}

// helpEvent is Sam typing /help in the Platform Team space, as message id,
// in Chat's classic event format.
func helpEvent(t *testing.T, world *chatfake.World, id string) []byte {
	t.Helper()
	ev, err := demo.BuildEvent(world, "sam", "AAAAonbrd01", false, id, "/help")
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// freshTokens signs n tokens as Chat does in URL mode, each different (a
// nonce, which verifiers ignore, tells them apart).
func freshTokens(t *testing.T, fake *chatfake.Server, audience string, n int) []string {
	t.Helper()
	verified := true
	out := make([]string, n)
	for i := range out {
		tok, err := fake.Mint(fakeauth.TokenSpec{Keys: fakeauth.GoogleKeys, Issuer: "https://accounts.google.com",
			Audience: audience, Email: fakeauth.ChatEmail, EmailVerified: &verified,
			Extra: map[string]any{"nonce": strconv.Itoa(i)}})
		if err != nil {
			t.Fatal(err)
		}
		out[i] = tok
	}
	return out
}
