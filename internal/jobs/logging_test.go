package jobs

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// River's periodic producer lines do not reach an INFO log; its other
// lines and their levels are untouched, and DEBUG still shows them all.
func TestQuietRiver(t *testing.T) {
	for _, tc := range []struct {
		level slog.Level
		want  []string
		not   []string
	}{
		{slog.LevelInfo, []string{"River client started", "elector: lost"}, []string{"producer: Producer job counts"}},
		{slog.LevelDebug, []string{"River client started", "producer: Producer job counts", "elector: lost"}, nil},
	} {
		var buf bytes.Buffer
		l := quietRiver(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tc.level})))
		l.Info("River client started")
		l.With("queue", "default").Info("producer: Producer job counts", "num_jobs_running", 0)
		l.Warn("elector: lost")
		for _, w := range tc.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("at %v: %q missing from\n%s", tc.level, w, buf.String())
			}
		}
		for _, n := range tc.not {
			if strings.Contains(buf.String(), n) {
				t.Errorf("at %v: %q logged:\n%s", tc.level, n, buf.String())
			}
		}
	}
}
