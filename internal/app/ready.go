package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/metrics"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/verify"
)

// readiness answers GET /ready: Chat's keys are loaded, the database
// answers, and the credentials can mint a token (checked until it works
// once; a token is not minted on every probe).
type readiness struct {
	keys    *verify.Verifier
	db      *store.Store
	api     chatapi.Options
	tokenOK atomic.Bool
}

func newReadiness(v *verify.Verifier, st *store.Store, api chatapi.Options) *readiness {
	return &readiness{keys: v, db: st, api: api}
}

func (r *readiness) check(ctx context.Context) error {
	if !r.keys.Ready() {
		if err := r.keys.Warm(ctx); err != nil || !r.keys.Ready() {
			return errors.New("chat's verification keys are not loaded")
		}
	}
	if err := r.db.DB().PingContext(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if !r.tokenOK.Load() {
		if err := chatapi.CheckToken(ctx, r.api, chatapi.ScopeBot); err != nil {
			return fmt.Errorf("credentials cannot mint a token: %w", err)
		}
		r.tokenOK.Store(true)
	}
	return nil
}

// serveMetrics serves /metrics on its own listener (never the public
// port, so Chat's invoker permission cannot reach it). A failure to listen
// is logged, not fatal: metrics are not worth refusing to serve Chat for.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger) (stop func()) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("metrics listener", "addr", addr, "error", err)
		return func() {}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }
}
