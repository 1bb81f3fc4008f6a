package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/labstack/echo/v4"
)

// readiness answers GET /ready from Config.Ready: 200 {"status":"ready"}
// when it returns nil (or there is none), else statusTable's fixed 503. The
// reason goes to the log once each time readiness changes, not on every
// probe.
type readiness struct {
	check func(context.Context) error
	log   *slog.Logger
	state atomic.Int32 // stateUnknown until the first probe
}

const (
	stateUnknown int32 = iota
	stateReady
	stateNotReady
)

func (r *readiness) serve(c echo.Context) error {
	if r.check == nil {
		return c.JSONBlob(http.StatusOK, []byte(`{"status":"ready"}`))
	}
	ctx := c.Request().Context()
	err := r.check(ctx)
	r.note(ctx, err)
	if err != nil {
		return &edgeError{problem: problemNotReady, reason: "not ready"}
	}
	return c.JSONBlob(http.StatusOK, []byte(`{"status":"ready"}`))
}

// note logs a change of readiness; concurrent probes log it once.
func (r *readiness) note(ctx context.Context, err error) {
	now := stateReady
	if err != nil {
		now = stateNotReady
	}
	if r.state.Swap(now) == now {
		return
	}
	if err != nil {
		r.log.WarnContext(ctx, "handlers: not ready", slog.String("reason", err.Error()))
		return
	}
	r.log.InfoContext(ctx, "handlers: ready")
}
