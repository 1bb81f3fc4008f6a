package jobs

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
)

// wakeArgs is a job that does nothing. Onboard inserted one after each
// commit on SQLite to make River fetch (River had no other way to be
// asked); the in-process listener (inProcess) replaced it. The worker stays
// so that a wake job saved by an earlier version, and not yet worked, is
// worked and not retried as a kind nobody knows.
type wakeArgs struct{}

func (wakeArgs) Kind() string { return "onboard.wake" }

type wakeWorker struct{ river.WorkerDefaults[wakeArgs] }

func (wakeWorker) Work(context.Context, *river.Job[wakeArgs]) error { return nil }

// wake makes River fetch the jobs of queue just committed. On SQLite it
// notifies the listener in this process (inProcess): River itself
// notifies nothing there. On PostgreSQL the commit's NOTIFY should do it,
// but River sends at most one per queue per FetchCooldown, counted from
// the insert inside the transaction: of two commands saved a few
// milliseconds apart the second's is dropped, the fetch the first one's
// wakes can run before the second commits, and the second's people waited
// for the poll (postgresPollInterval) — 60 ms of an 85 ms command in one
// of five rounds of bot's BenchmarkInvite. So after each commit this
// NOTIFYs River's insert topic itself, through River's own driver, which
// no cooldown holds back. A failure only leaves the jobs to the next poll.
func (e *Engine) wake(ctx context.Context, queue string) {
	payload := insertPayload(queue)
	if e.bus != nil {
		e.bus.publish(riverInsertTopic, payload)
		return
	}
	err := e.river.Driver().GetExecutor().NotifyMany(ctx, &riverdriver.NotifyManyParams{
		Topic: riverInsertTopic, Payload: []string{payload}})
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
