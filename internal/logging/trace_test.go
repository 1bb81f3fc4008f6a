package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	traceID = "105445aa7843bc8bf206b12000100000"
	spanID  = "000000000000004a"
)

// line decodes the one JSON line in buf.
func line(t *testing.T, buf *bytes.Buffer) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatalf("log line is not JSON: %v: %s", err, buf.Bytes())
	}
	buf.Reset()
	return m
}

// A line logged with a traced context names the trace the way Cloud
// Logging joins it to its request; without a project the bare id.
func TestTraceFromContext(t *testing.T) {
	ctx := WithTrace(context.Background(), traceID, spanID)
	cases := []struct {
		name, project string
		ctx           context.Context
		wantTrace     any
		wantSpan      any
	}{
		{"project", "onboard-prod", ctx, "projects/onboard-prod/traces/" + traceID, spanID},
		{"no project", "", ctx, traceID, spanID},
		{"no span", "p", WithTrace(context.Background(), traceID, ""), "projects/p/traces/" + traceID, nil},
		{"no trace", "p", context.Background(), nil, nil},
		{"empty trace id", "p", WithTrace(context.Background(), "", spanID), nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			NewWithProject(&buf, slog.LevelInfo, tc.project).InfoContext(tc.ctx, "handled", "n", 1)
			got := line(t, &buf)
			if got[TraceKey] != tc.wantTrace || got[SpanIDKey] != tc.wantSpan {
				t.Errorf("got trace %v span %v, want %v %v", got[TraceKey], got[SpanIDKey], tc.wantTrace, tc.wantSpan)
			}
			if got["message"] != "handled" || got["n"] != 1.0 {
				t.Errorf("got %v, want the message and its attrs", got)
			}
			if _, err := time.Parse(time.RFC3339Nano, got["time"].(string)); err != nil {
				t.Errorf("time is not RFC 3339: %v", err)
			}
		})
	}
}

// Groups and attrs from With/WithGroup keep their shape, and the trace keys
// stay at the top level where Cloud Logging reads them.
func TestTraceUnderGroups(t *testing.T) {
	var buf bytes.Buffer
	log := NewWithProject(&buf, slog.LevelInfo, "p").With("component", "edge")
	ctx := WithTrace(context.Background(), traceID, spanID)

	log.WithGroup("req").With("a", 1).WithGroup("inner").InfoContext(ctx, "m", "b", 2)
	want := map[string]any{
		"severity": "INFO", "message": "m", "component": "edge",
		"req":    map[string]any{"a": 1.0, "inner": map[string]any{"b": 2.0}},
		TraceKey: "projects/p/traces/" + traceID, SpanIDKey: spanID,
	}
	got := line(t, &buf)
	delete(got, "time")
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("line (-want +got):\n%s", d)
	}

	log.WithGroup("empty").InfoContext(ctx, "m")
	got = line(t, &buf)
	if _, ok := got["empty"]; ok || got[TraceKey] == nil {
		t.Errorf("got %v, want no empty group and the trace", got)
	}
}

// Levels map to Cloud Logging severities and Enabled follows the level.
func TestSeverity(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, slog.LevelInfo)
	if log.Enabled(context.Background(), slog.LevelDebug) {
		t.Error("debug enabled at info level")
	}
	for l, want := range map[slog.Level]string{slog.LevelInfo: "INFO", slog.LevelWarn: "WARNING", slog.LevelError: "ERROR"} {
		log.Log(context.Background(), l, "x")
		if got := line(t, &buf)["severity"]; got != want {
			t.Errorf("level %v: got %v, want %s", l, got, want)
		}
	}
}
