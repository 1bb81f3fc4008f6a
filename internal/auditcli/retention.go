package auditcli

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Purger deletes audit entries older than a time (internal/store).
type Purger interface {
	PurgeAudit(ctx context.Context, before time.Time) (int64, error)
}

// Retention is the server's audit retention: entries older than Keep are
// purged at start and then once a day. Every instance sweeps; purging is
// idempotent, and the store records only purges that removed something.
type Retention struct {
	Store Purger
	Keep  time.Duration // config.AuditRetention
	Log   *slog.Logger
}

// Sweep purges the entries older than Keep at now, and logs how many.
func (r Retention) Sweep(ctx context.Context, now time.Time) (int64, error) {
	before := now.Add(-r.Keep).UTC()
	n, err := r.Store.PurgeAudit(ctx, before)
	if err != nil {
		if ctx.Err() != nil { // shutting down: not a failure of retention
			return 0, err
		}
		r.Log.Error("audit retention: purge failed; trying again in a day", "error", err)
		return 0, err
	}
	r.Log.Info("audit retention: purged old entries", "purged", n, "older_than", before.Format(time.RFC3339))
	return n, nil
}

// Start sweeps now, in the background, then daily until ctx ends. The
// returned stop ends the sweeping and waits for it, so the store can be
// closed after it.
func (r Retention) Start(ctx context.Context) (stop func()) {
	t := time.NewTicker(24 * time.Hour)
	stopSweeping := r.start(ctx, time.Now(), t.C)
	return func() { stopSweeping(); t.Stop() }
}

// start sweeps at first, then at each tick's time.
func (r Retention) start(ctx context.Context, first time.Time, ticks <-chan time.Time) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		r.Sweep(ctx, first)
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-ticks:
				r.Sweep(ctx, now)
			}
		}
	})
	return func() { cancel(); wg.Wait() }
}
