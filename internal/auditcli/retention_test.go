package auditcli

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestRetention: the server purges at start and at every daily tick, and
// logs how many entries went.
func TestRetention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		st, _ := seed(t, d) // e1…e6 a day apart; now is 10 days after e1
		var logs bytes.Buffer
		r := Retention{Store: st, Keep: 3 * 24 * time.Hour, Log: slog.New(slog.NewJSONHandler(&logs, nil))}
		ticks := make(chan time.Time)         // unbuffered: a send returns once the loop took it
		start := now.Add(-5 * 24 * time.Hour) // keeping 3 days: e1 and e2 are older
		stop := r.start(t.Context(), start, ticks)
		ticks <- start.Add(48 * time.Hour) // taken: the sweep at start is done; e3 and e4 are now older
		ticks <- start.Add(48 * time.Hour) // taken: the daily sweep is done
		stop()

		if diff := cmp.Diff([]string{"e5", "e6", "", ""}, labels(logOf(t, st))); diff != "" {
			t.Errorf("entries left (-want +got):\n%s", diff)
		}
		for _, want := range []string{`"purged":2,"older_than":"2026-11-03T09:30:00Z"`,
			`"purged":2,"older_than":"2026-11-05T09:30:00Z"`} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("logs lack %s:\n%s", want, logs.String())
			}
		}
		if strings.Contains(logs.String(), "ERROR") {
			t.Errorf("logs have an error:\n%s", logs.String())
		}
	})
}

// TestRetentionStartStops: the server's Start returns a stop that ends the
// sweeping and returns (the process must be able to shut down).
func TestRetentionStartStops(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	r := Retention{Store: st, Keep: 24 * time.Hour, Log: slog.New(slog.DiscardHandler)}
	stop := r.Start(t.Context())
	done := make(chan struct{})
	go func() { stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("stop did not return")
	}
}
