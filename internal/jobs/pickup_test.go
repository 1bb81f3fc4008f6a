package jobs

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// BenchmarkPickup measures how long a saved batch's job waits before a
// worker starts it: from just before Submit (which commits the batch and
// its job) to River's WorkBegin hook. Requests arrive pickupArrivals apart,
// as /invite commands do, not back to back. It reports the median and the
// 99th percentile in milliseconds, and those of Submit alone (the commit),
// which the pick-up includes:
//
//	go test -run '^$' -bench BenchmarkPickup -benchtime 200x ./internal/jobs/
func BenchmarkPickup(b *testing.B) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		b.Run(string(d), func(b *testing.B) { benchmarkPickup(b, d) })
	}
}

// pickupArrivals is the time between two requests in BenchmarkPickup.
const pickupArrivals = 150 * time.Millisecond

func benchmarkPickup(b *testing.B, d store.Dialect) {
	r := newRig(b, d, 1)
	started := make(chan time.Time, 1)
	e := r.engine(b, func(c *Config) {
		c.WritesPerMinute = 1 << 20 // the limiter is not what is measured
		c.riverConfig = func(rc *river.Config) {
			rc.Hooks = append(rc.Hooks, river.HookWorkBeginFunc(func(_ context.Context, job *rivertype.JobRow) error {
				if job.Kind != (InviteArgs{}).Kind() {
					return nil // the batch's progress job, due seconds later
				}
				select {
				case started <- time.Now():
				default:
				}
				return nil
			}))
		}
	})
	arrivals := time.NewTicker(pickupArrivals)
	defer arrivals.Stop()
	var waits, submits []time.Duration
	i := 0
	for b.Loop() {
		<-arrivals.C
		i++
		t0 := time.Now()
		if _, err := e.Submit(b.Context(), batch(fmt.Sprintf("pickup-%d", i), 0, 1), replyWithin); err != nil {
			b.Fatalf("Submit: %v", err)
		}
		t1 := time.Now()
		select {
		case at := <-started:
			waits = append(waits, at.Sub(t0))
			submits = append(submits, t1.Sub(t0))
		case <-time.After(10 * time.Second):
			b.Fatalf("job %d not started within 10 s", i)
		}
	}
	slices.Sort(waits)
	b.ReportMetric(0, "ns/op") // the time per op is mostly the arrival pacing
	b.ReportMetric(ms(percentile(waits, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(waits, 99)), "p99-ms")
	slices.Sort(submits)
	b.ReportMetric(ms(percentile(submits, 50)), "submit-p50-ms")
	b.ReportMetric(ms(percentile(submits, 99)), "submit-p99-ms")
}

// percentile returns the p-th percentile of sorted ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[min(len(ds)-1, (len(ds)*p+99)/100-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// TestSavedJobsWakeWorkersOnOtherInstances: on PostgreSQL a batch saved by
// one instance is started by another at once, woken by the NOTIFY its
// transaction sends, not at River's next poll — which is an hour away
// here, so only the notification can start it.
func TestSavedJobsWakeWorkersOnOtherInstances(t *testing.T) {
	r := newRig(t, store.Postgres, 4)
	submitter := r.newEngine(t, nil) // not started: it only saves
	r.engine(t, func(c *Config) {
		c.riverConfig = func(rc *river.Config) { rc.FetchPollInterval = time.Hour }
	})
	saved, err := submitter.Submit(t.Context(), batch("notified", 0, 4), replyWithin)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	wantEveryoneAddedOnce(t, r.fake, waitDone(t, submitter, saved.ID, 20*time.Second), 0)
}
