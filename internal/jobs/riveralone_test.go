package jobs

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
)

// BenchmarkRiverAlone is bot's BenchmarkInvite "4x20 concurrent" with
// everything of Onboard's taken out but River: each person is a job that
// does nothing but wait as long as Chat would (0, or 50 ms), on the
// engine's own River configuration (workers, fetch cooldown, SQLite's
// polling and wake), its store's database and its insert (every job of a
// command in one transaction, unique by its arguments). It is the least
// that four concurrent 20-person commands can cost over one while every
// person is a River job of their own — no item is read, no attempt or
// result written (docs/performance.md):
//
//	go test -run '^$' -bench BenchmarkRiverAlone -benchtime 10x ./internal/jobs/
//
// x-one-invite is four commands' median time over one command's, each op
// measuring both; four-max-ms shows a stall the median hides.
func BenchmarkRiverAlone(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
			b.Run(fmt.Sprintf("%s/%v", d, latency), func(b *testing.B) { benchRiverAlone(b, d, latency) })
		}
	}
}

// aloneArgs is one person of command Batch, as InviteArgs is.
type aloneArgs struct {
	Batch string `json:"batch" river:"unique"`
	Index int    `json:"index" river:"unique"`
}

func (aloneArgs) Kind() string { return "bench.alone" }

// aloneWorker waits latency, then counts the person done for their command.
type aloneWorker struct {
	river.WorkerDefaults[aloneArgs]
	latency time.Duration
	pending *sync.Map // command → *sync.WaitGroup
}

func (w aloneWorker) Work(ctx context.Context, job *river.Job[aloneArgs]) error {
	select {
	case <-time.After(w.latency):
	case <-ctx.Done():
		return ctx.Err()
	}
	if wg, ok := w.pending.Load(job.Args.Batch); ok {
		wg.(*sync.WaitGroup).Done()
	}
	return nil
}

func benchRiverAlone(b *testing.B, d store.Dialect, latency time.Duration) {
	r := newRig(b, d, 1)
	pending := &sync.Map{}
	e := r.engine(b, func(c *Config) {
		c.WritesPerMinute = 1_000_000 // as BenchmarkInvite: the most workers
		c.riverConfig = func(rc *river.Config) {
			river.AddWorker(rc.Workers, aloneWorker{latency: latency, pending: pending})
		}
	})
	var n atomic.Int64 // four commands start at once: each needs a key of its own
	command := func() {
		key := fmt.Sprintf("c%d", n.Add(1))
		wg := &sync.WaitGroup{}
		wg.Add(benchPeople)
		pending.Store(key, wg)
		if err := e.insertAlone(b.Context(), key, benchPeople); err != nil {
			b.Error(err)
			return
		}
		wg.Wait()
	}
	var ones, fours []time.Duration
	for b.Loop() {
		t0 := time.Now()
		command()
		ones = append(ones, time.Since(t0))
		var all sync.WaitGroup
		t0 = time.Now()
		for range benchCommands {
			all.Go(command)
		}
		all.Wait()
		fours = append(fours, time.Since(t0))
	}
	slices.Sort(ones)
	slices.Sort(fours)
	one, four := percentile(ones, 50), percentile(fours, 50)
	b.ReportMetric(ms(one), "one-p50-ms")
	b.ReportMetric(ms(four), "four-p50-ms")
	b.ReportMetric(ms(fours[len(fours)-1]), "four-max-ms")
	b.ReportMetric(float64(four)/float64(one), "x-one-invite")
}

const (
	benchPeople   = 20 // people per command, as BenchmarkInvite
	benchCommands = 4  // commands at once, as BenchmarkInvite
)

// insertAlone saves a command's n jobs as Submit saves a batch's: in one
// transaction of the store's, then wakes River.
func (e *Engine) insertAlone(ctx context.Context, key string, n int) error {
	tx, err := e.store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	params := make([]river.InsertManyParams, n)
	for i := range params {
		params[i] = river.InsertManyParams{Args: aloneArgs{Batch: key, Index: i}, InsertOpts: e.inviteOpts()}
	}
	if _, err := e.river.InsertManyTx(ctx, tx, params); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	e.wake(ctx, river.QueueDefault)
	return nil
}
