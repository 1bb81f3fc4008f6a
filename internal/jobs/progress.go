package jobs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
)

// ProgressArgs is the job that keeps a batch's progress message up to
// date until its final tally. There is one per batch (unique by args).
type ProgressArgs struct {
	BatchID string `json:"batch_id"`
}

// Kind names the job in River's table.
func (ProgressArgs) Kind() string { return "onboard.progress" }

// progressOpts queues a progress job to run at (now, if zero).
func progressOpts(at time.Time) *river.InsertOpts {
	return &river.InsertOpts{Queue: progressQueue, ScheduledAt: at, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type progressWorker struct {
	river.WorkerDefaults[ProgressArgs]
	e *Engine
}

// Work posts or edits the progress message, at most once per
// ProgressEvery (message writes in a space are 1/s, shared with every
// app), and snoozes until the batch is done; the last edit carries the
// final tally. It does nothing when the synchronous reply reports the
// batch; when nobody has claimed the report by the time it first runs
// (the reply's time is up: its instance died, or it is late), it claims
// it.
func (w *progressWorker) Work(ctx context.Context, job *river.Job[ProgressArgs]) error {
	e, id := w.e, job.Args.BatchID
	if got, err := e.store.ClaimReporting(ctx, id, store.ReportAsync); err != nil || got != store.ReportAsync {
		return err
	}
	b, err := e.store.Batch(ctx, id)
	if err != nil {
		return err
	}
	name, updated, err := e.store.ProgressMessage(ctx, id)
	if err != nil {
		return err
	}
	now := e.cfg.Now()
	if name != "" && !b.Done && now.Sub(updated) < e.cfg.ProgressEvery {
		return river.JobSnooze(e.cfg.ProgressEvery - now.Sub(updated))
	}
	msg := e.cfg.Render(b, e.ETA(b.Count(bot.Pending)))
	if name == "" {
		name, err = e.postProgress(ctx, b, msg)
	} else {
		err = e.cfg.Messages.PatchMessage(ctx, name, msg, progressUpdateMask)
	}
	if err != nil {
		return e.progressFailed(ctx, id, err)
	}
	if err := e.store.SetProgressMessage(ctx, id, name, now); err != nil {
		return err
	}
	if b.Done {
		return nil
	}
	return river.JobSnooze(e.cfg.ProgressEvery)
}

// NextRetry paces retries after a passing failure like the invites'.
func (w *progressWorker) NextRetry(job *river.Job[ProgressArgs]) time.Time {
	return time.Now().Add(w.e.cfg.Backoff(job.Attempt))
}

// postProgress creates the progress message under an id derived from the
// batch, so a retry after a lost answer finds the message it made.
func (e *Engine) postProgress(ctx context.Context, b bot.Batch, msg any) (string, error) {
	id := clientMessageID(b.ID)
	name, err := e.cfg.Messages.CreateMessage(ctx, b.Origin.Name, msg, id)
	if bot.KindOf(err) == bot.KindAlreadyMember {
		return b.Origin.Name + "/messages/" + id, nil
	}
	return name, err
}

// progressFailed: a 429 waits twice as long; a passing failure is
// retried by River; anything else (Onboard removed from the space, …)
// ends the job, since the message is a courtesy and the batch's outcomes
// are kept regardless.
func (e *Engine) progressFailed(ctx context.Context, id string, err error) error {
	switch bot.KindOf(err) {
	case bot.KindRateLimited:
		return river.JobSnooze(2 * e.cfg.ProgressEvery)
	case bot.KindTransient:
		return err
	}
	e.log.WarnContext(ctx, "jobs: progress message abandoned", slog.String("batch", id),
		slog.String("error", err.Error()))
	return river.JobCancel(err)
}

// clientMessageID makes a Chat client message id ("client-" and at most
// 56 of [a-z0-9-]) from s; a longer s is replaced by its hash.
func clientMessageID(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return '-'
	}, s)
	if len(s) > 56 {
		sum := sha256.Sum256([]byte(s))
		s = hex.EncodeToString(sum[:])[:56]
	}
	return "client-" + s
}
