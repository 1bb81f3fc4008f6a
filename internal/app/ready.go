package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
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
// port, so Chat's invoker permission cannot reach it), and the profiler
// when that listener is on the loopback interface. A failure to listen is
// logged, not fatal: metrics are not worth refusing to serve Chat for.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger) (stop func()) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("metrics listener", "addr", addr, "error", err)
		return func() {}
	}
	srv := &http.Server{Handler: metricsMux(m, ln.Addr()), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }
}

// metricsMux is /metrics, plus net/http/pprof's handlers under
// /debug/pprof/ when addr is a loopback address: a profile shows memory
// and arguments, so it is for someone already on the instance (a sidecar,
// or an operator with a tunnel), never for a listener METRICS_ADDR opens
// wider. The handlers are registered here, not through pprof's
// DefaultServeMux side effect.
func metricsMux(m *metrics.Metrics, addr net.Addr) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	return mux
}
