// Package logging makes Onboard's *slog.Logger: JSON lines on stdout with
// the field names Cloud Logging reads (severity, message, time). It owns log
// format only; what is logged is decided by the callers, who never pass
// tokens, keys or request bodies.
package logging

import (
	"io"
	"log/slog"
)

// New returns a logger writing Cloud Logging JSON to w at level and above.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: cloudNames}))
}

// cloudNames renames slog's built-in keys to Cloud Logging's.
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
