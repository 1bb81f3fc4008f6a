package jobs

import (
	"context"
	"log/slog"
	"strings"
)

// quietRiver is the logger River gets: River's producers report their job
// counts at INFO every few seconds, which buries what people need to see
// (in the demo's terminal and in Cloud Logging alike), so those lines are
// logged at DEBUG. Everything else River says keeps its level.
func quietRiver(l *slog.Logger) *slog.Logger {
	return slog.New(&demoteHandler{next: l.Handler()})
}

type demoteHandler struct{ next slog.Handler }

// periodic reports whether a record is one of River's periodic lines.
func periodic(r slog.Record) bool {
	return r.Level == slog.LevelInfo && strings.HasPrefix(r.Message, "producer:")
}

func (h *demoteHandler) Enabled(ctx context.Context, l slog.Level) bool {
	// A periodic INFO line may be demoted, so whether it is enabled is
	// decided in Handle, once the message is known.
	return h.next.Enabled(ctx, l) || l == slog.LevelInfo
}

func (h *demoteHandler) Handle(ctx context.Context, r slog.Record) error {
	if periodic(r) {
		r.Level = slog.LevelDebug
	}
	if !h.next.Enabled(ctx, r.Level) {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h *demoteHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &demoteHandler{next: h.next.WithAttrs(as)}
}

func (h *demoteHandler) WithGroup(name string) slog.Handler {
	return &demoteHandler{next: h.next.WithGroup(name)}
}
