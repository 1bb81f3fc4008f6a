package jobs

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
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

// wake makes River fetch the jobs just committed. On SQLite it inserts a
// wake job (at most one waits at a time: unique). On PostgreSQL the
// commit's NOTIFY should do it, but River sends at most one per queue per
// FetchCooldown, counted from the insert inside the transaction: of two
// commands saved a few milliseconds apart the second's is dropped, the
// fetch the first one's wakes can run before the second commits, and the
// second's people waited for the poll (postgresPollInterval) — 60 ms of
// an 85 ms command in one of five rounds of bot's BenchmarkInvite. So
// after each commit this NOTIFYs River's insert topic itself, through
// River's own driver, which no cooldown holds back. A failure only leaves
// the jobs to the next poll.
func (e *Engine) wake(ctx context.Context) {
	var err error
	if e.store.Dialect() == store.SQLite {
		_, err = e.river.Insert(ctx, wakeArgs{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}})
	} else {
		err = e.river.Driver().GetExecutor().NotifyMany(ctx, &riverdriver.NotifyManyParams{
			Topic: riverInsertTopic, Payload: []string{insertPayload(river.QueueDefault)}})
	}
	if err != nil {
		e.log.DebugContext(ctx, "jobs: could not nudge River; the next poll fetches the jobs", slog.String("error", err.Error()))
	}
}

// riverInsertTopic is the channel River's producers LISTEN on for new
// jobs (its notifier's NotificationTopicInsert, which River does not
// export); TestACommandSavedInAnothersCooldownStartsAtOnce fails if it
// ever changes.
const riverInsertTopic = "river_insert"

// insertPayload is River's insert notification for queue, as River
// formats it.
func insertPayload(queue string) string { return fmt.Sprintf(`{"queue": %q}`, queue) }
