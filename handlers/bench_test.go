package handlers

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/onboard-chat/onboard/internal/logging"
	"github.com/onboard-chat/onboard/internal/metrics"
	"github.com/onboard-chat/onboard/internal/verify"
)

// BenchmarkHelpEvent is one classic /help slash command through the whole
// edge as Chat sends it through Cloud Run: e.ServeHTTP, the trace header,
// the real verifier (RS256 on a URL-mode token minted by chatfake; keys
// already cached), decode, bot.Service, cards, the JSON reply, the access
// line and the metrics. "fresh token" checks the signature every time, as
// for a token Chat mints per request; "reused token" is one Chat sends
// again, whose signature the verifier remembers. Budget: 70 µs per
// request.
func BenchmarkHelpEvent(b *testing.B) {
	for _, mode := range []struct {
		name     string
		remember int
	}{{"fresh token", -1}, {"reused token", 0}} {
		b.Run(mode.name, func(b *testing.B) {
			h := newHarness(b)
			v, err := verify.New(verify.Config{Audience: h.world.EndpointURL, GoogleCertsURL: h.fake.GoogleJWKURL(),
				Remember: mode.remember})
			if err != nil {
				b.Fatal(err)
			}
			// No recording wrapper here: the bare bot.Service, and logs
			// formatted as in production but discarded.
			log := logging.NewWithProject(io.Discard, slog.LevelInfo, "onboard-bench")
			h.e = New(Config{Verifier: v, Bot: h.bot.next, Logger: log, Metrics: metrics.New(),
				Ready: func(context.Context) error { return nil }})
			body := readFixture(b, "classic_help_message")
			auth := "Bearer " + h.urlToken(b)
			if res := h.post(auth[len("Bearer "):], body); res.Code != http.StatusOK || res.Body.String() == "{}" {
				b.Fatalf("warm-up: got %d %s, want 200 and a help message", res.Code, res.Body)
			}
			// One request and one response writer, reset each time, so
			// that the allocations counted are the server's own, not the
			// benchmark's (httptest builds a request in about 20).
			in := &rewindBody{}
			req := httptest.NewRequest(http.MethodPost, "/", in)
			req.Header.Set("Authorization", auth)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/74;o=1")
			out := &discardWriter{header: http.Header{}}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				in.Reset(body)
				out.reset()
				h.e.ServeHTTP(out, req)
				if out.code != http.StatusOK || out.n < 100 {
					b.Fatalf("got %d, %d bytes", out.code, out.n)
				}
			}
		})
	}
}

// rewindBody is a request body read again from the start by each request.
type rewindBody struct{ bytes.Reader }

func (*rewindBody) Close() error { return nil }

// discardWriter is a ResponseWriter that keeps the status and the size.
type discardWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += len(p)
	return len(p), nil
}
func (w *discardWriter) reset() { clear(w.header); w.code, w.n = 0, 0 }

// BenchmarkDecodeEvent is decoding alone, on the largest realistic event
// (E1: /invite with two mentions).
func BenchmarkDecodeEvent(b *testing.B) {
	body := readFixture(b, "classic_invite_message")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeEvent(body); err != nil {
			b.Fatal(err)
		}
	}
}
