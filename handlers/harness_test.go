package handlers

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/testenv"
	"github.com/onboard-chat/onboard/internal/verify"
)

// harness is the edge as production wires it — the real verifier with keys
// from a local Google (chatfake), the real bot.Service adding people through
// the real Chat API client (chatapi) to chatfake — seen through
// e.ServeHTTP so every request passes the whole middleware chain.
type harness struct {
	e     *echo.Echo
	env   *testenv.Env // the back end: its store holds batches, settings and the audit log
	fake  *chatfake.Server
	world *chatfake.World
	bot   *recordingBot
	v     *verify.Verifier
	log   *slog.Logger
	logs  *syncBuffer // what log wrote
}

func newHarness(tb testing.TB) *harness {
	tb.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// The whole back end as production wires it, on local parts (chatfake,
	// an SQLite file, River): the edge is tested in front of the real domain.
	// The organisation has two domains, as the settings fixtures allow both.
	env := testenv.New(tb, bot.Config{OrgDomains: []string{"example.com", "example.org"}}, testenv.Options{})
	fake, world := env.Fake, env.World
	v, err := verify.New(verify.Config{
		Audience:            world.EndpointURL,
		AddonServiceAccount: fake.AddonServiceAgent(),
		GoogleCertsURL:      fake.GoogleJWKURL(),
		ChatCertsURL:        fake.ChatX509URL(),
	})
	if err != nil {
		tb.Fatalf("verify.New: %v", err)
	}
	rec := &recordingBot{next: env.Bot}
	h := &harness{env: env, fake: fake, world: world, bot: rec, v: v, log: log, logs: logs}
	h.e = New(Config{Verifier: v, Bot: rec, Logger: log})
	return h
}

// urlToken is what Chat sends a classic app in "HTTP endpoint URL" mode.
func (h *harness) urlToken(tb testing.TB) string {
	tb.Helper()
	tok, err := h.fake.MintURLToken(h.world.EndpointURL)
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// addonToken is what Chat sends a Workspace add-on app.
func (h *harness) addonToken(tb testing.TB) string {
	tb.Helper()
	tok, err := h.fake.MintAddonToken(h.world.EndpointURL)
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// post sends body to POST / with "Authorization: Bearer token" (none when
// token is empty).
func (h *harness) post(token string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Google-Dynamite")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return h.serve(req)
}

func (h *harness) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.e.ServeHTTP(rec, req)
	return rec
}

// recordingBot records what the edge hands the domain, then lets the real
// bot.Service answer.
type recordingBot struct {
	next Bot
	mu   sync.Mutex
	got  []bot.Interaction
	// claims[i] is what the token middleware put in the context of call i.
	claims []verify.Claims
}

func (r *recordingBot) Handle(ctx context.Context, in bot.Interaction) bot.Reply {
	c, _ := claimsFrom(ctx)
	r.mu.Lock()
	r.got = append(r.got, in)
	r.claims = append(r.claims, c)
	r.mu.Unlock()
	return r.next.Handle(ctx, in)
}

func (r *recordingBot) calls() ([]bot.Interaction, []verify.Claims) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Interaction(nil), r.got...), append([]verify.Claims(nil), r.claims...)
}

// panickingBot is a domain with a bug.
type panickingBot struct{}

func (panickingBot) Handle(context.Context, bot.Interaction) bot.Reply {
	var m map[string]int
	//lint:ignore SA5000 the bug is the point: a nil-map write panics
	m["boom"]++
	return nil
}

// syncBuffer collects log lines from concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// countingBody records whether anything read the request body.
type countingBody struct {
	r     io.Reader
	reads int
}

func (b *countingBody) Read(p []byte) (int, error) {
	b.reads++
	return b.r.Read(p)
}

func (b *countingBody) Close() error { return nil }
