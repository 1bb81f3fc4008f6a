package logging

import (
	"context"
	"log/slog"
	"slices"
)

type traceKey struct{}

// trace is what WithTrace puts in a context.
type trace struct {
	id, span string
}

// WithTrace returns ctx carrying a request's trace: traceID is the 32-hex
// Cloud Trace id, spanID the span as Cloud Logging wants it (16 hex digits;
// "" for none). Every line logged with the returned context, by a logger
// from this package, names the trace. The caller validates the ids.
func WithTrace(ctx context.Context, traceID, spanID string) context.Context {
	if traceID == "" {
		return ctx
	}
	return context.WithValue(ctx, traceKey{}, trace{id: traceID, span: spanID})
}

// NewContextHandler wraps next so that a record logged with a context from
// WithTrace gets TraceKey and SpanIDKey at the top level of the line — also
// under WithGroup, where next alone would nest them and Cloud Logging would
// not see them. project is as in NewWithProject.
func NewContextHandler(next slog.Handler, project string) slog.Handler {
	prefix := ""
	if project != "" {
		prefix = "projects/" + project + "/traces/"
	}
	return &contextHandler{next: next, tracePrefix: prefix}
}

// contextHandler passes WithAttrs through to next until a group is opened;
// from then on it keeps the groups and their attrs itself and nests the
// record's attrs in them in Handle, so that the trace keys it adds stay at
// the top level.
type contextHandler struct {
	next        slog.Handler
	tracePrefix string      // "projects/P/traces/" or ""
	groups      []openGroup // outermost first; nil until WithGroup
}

type openGroup struct {
	name  string
	attrs []slog.Attr
}

func (h *contextHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	if len(as) == 0 {
		return h
	}
	c := *h
	if len(h.groups) == 0 {
		c.next = h.next.WithAttrs(as)
		return &c
	}
	c.groups = slices.Clone(h.groups)
	last := &c.groups[len(c.groups)-1]
	last.attrs = append(slices.Clip(last.attrs), as...)
	return &c
}

func (h *contextHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.groups = append(slices.Clip(h.groups), openGroup{name: name})
	return &c
}

func (h *contextHandler) Handle(ctx context.Context, r slog.Record) error {
	t, traced := ctx.Value(traceKey{}).(trace)
	if len(h.groups) > 0 {
		r = h.nest(r)
	}
	if traced {
		r.AddAttrs(slog.String(TraceKey, h.tracePrefix+t.id))
		if t.span != "" {
			r.AddAttrs(slog.String(SpanIDKey, t.span))
		}
	}
	return h.next.Handle(ctx, r)
}

// nest returns r with its attrs inside the open groups, each group holding
// its own WithAttrs first. Empty groups vanish, as slog's handlers do.
func (h *contextHandler) nest(r slog.Record) slog.Record {
	attrs := make([]slog.Attr, 0, r.NumAttrs())
	r.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, a)
		return true
	})
	for i := len(h.groups) - 1; i >= 0; i-- {
		g := h.groups[i]
		inner := append(slices.Clip(g.attrs), attrs...)
		attrs = []slog.Attr{{Key: g.name, Value: slog.GroupValue(inner...)}}
	}
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	out.AddAttrs(attrs...)
	return out
}
