// Package logging makes Onboard's *slog.Logger: JSON lines on stdout with
// the field names Cloud Logging reads (severity, message, time in RFC 3339,
// and a request's trace and span from the context) in a deployment, and
// short text lines for a person at a terminal in the local demo. It owns log format only;
// what is logged is decided by the callers, who never pass tokens, keys or
// request bodies. It does not parse request headers: the HTTP edge does, and
// hands the result over with WithTrace.
package logging

import (
	"io"
	"log/slog"
	"time"
)

// The keys Cloud Logging reads from a structured log line to join it to a
// request's trace (https://cloud.google.com/logging/docs/structured-logging).
const (
	TraceKey  = "logging.googleapis.com/trace"
	SpanIDKey = "logging.googleapis.com/spanId"
)

// New returns a logger writing Cloud Logging JSON to w at level and above,
// without a project: a traced line carries the bare trace id (see
// NewWithProject).
func New(w io.Writer, level slog.Level) *slog.Logger {
	return NewWithProject(w, level, "")
}

// NewWithProject returns a logger writing Cloud Logging JSON to w at level
// and above. A line logged with a context that carries a trace (WithTrace)
// gets TraceKey = "projects/PROJECT/traces/TRACE_ID", which Cloud Logging
// uses to group it under its request, and SpanIDKey. project is the Google
// Cloud project id (GOOGLE_CLOUD_PROJECT); "" emits the bare trace id,
// which is still searchable but not linked to Cloud Trace.
func NewWithProject(w io.Writer, level slog.Level, project string) *slog.Logger {
	json := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: cloudNames})
	return slog.New(NewContextHandler(json, project))
}

// NewText returns a logger writing one short text line per record to w —
// time=07:22:27 level=INFO msg=listening addr=127.0.0.1:8080 — for the demo, where
// a person reads the log, not Cloud Logging.
func NewText(w io.Writer, level slog.Level) *slog.Logger {
	text := slog.NewTextHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: clockTime})
	return slog.New(NewContextHandler(text, ""))
}

// clockTime shows the time of day only: the demo runs today.
func clockTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 {
		return a
	}
	switch a.Key {
	case slog.TimeKey:
		return slog.String(slog.TimeKey, a.Value.Time().Format(time.TimeOnly))
	}
	return a
}

// cloudNames renames slog's built-in keys to Cloud Logging's. time keeps
// its name and slog's RFC 3339 format, which Cloud Logging reads as is.
func cloudNames(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 {
		return a
	}
	switch a.Key {
	case slog.MessageKey:
		a.Key = "message"
	case slog.LevelKey:
		a.Key = "severity"
		a.Value = slog.StringValue(severity(a.Value.Any().(slog.Level)))
	}
	return a
}

func severity(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return "ERROR"
	case l >= slog.LevelWarn:
		return "WARNING"
	case l >= slog.LevelInfo:
		return "INFO"
	default:
		return "DEBUG"
	}
}
