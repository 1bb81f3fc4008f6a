package jobs

import (
	"context"
	"log/slog"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
)

// wakeArgs is a job that does nothing. River fetches new jobs at once
// only when they are inserted outside a transaction on a database it
// cannot LISTEN to (SQLite); a batch's jobs are inserted in the batch's
// transaction, so without a nudge they wait for the next poll, 100 ms
// away. Inserting this job after the commit is that nudge: River has no
// public way to ask for a fetch.
type wakeArgs struct{}

func (wakeArgs) Kind() string { return "onboard.wake" }

type wakeWorker struct{ river.WorkerDefaults[wakeArgs] }

func (wakeWorker) Work(context.Context, *river.Job[wakeArgs]) error { return nil }

// wake makes this process fetch the jobs just committed, on SQLite; on
// PostgreSQL the commit's NOTIFY does it. At most one wake job waits at a
// time (unique), and a failure only leaves the jobs to the next poll.
func (e *Engine) wake(ctx context.Context) {
	if e.store.Dialect() != store.SQLite {
		return
	}
	_, err := e.river.Insert(ctx, wakeArgs{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}})
	if err != nil {
		e.log.DebugContext(ctx, "jobs: could not nudge River; the next poll fetches the jobs", slog.String("error", err.Error()))
	}
}
