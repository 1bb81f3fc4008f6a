package jobs

import (
	"context"
	"database/sql"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Submit saves b and, in the same transaction, queues its invite jobs
// (inviteJobs) and the batch's ProgressArgs job, scheduled for when
// the caller's reply (replyWithin, plus replyMargin) has had its chance to
// claim the report: if the instance that took the request dies before it
// answers, the progress job — on whichever instance is left — posts the
// tally. A batch whose Key was seen before is returned as saved and
// nothing is queued: the store's unique key is the guard, River's unique
// jobs (one per batch, or per batch and index) the second one. A batch
// with nothing pending gets no jobs: only the reply reports it.
//
// A command tried as one job (TogetherArgs) makes its first attempt here,
// at once, when this engine works jobs and has a slot free (runs): its
// job is then saved as a backstop, due RescueAfter later.
func (e *Engine) Submit(ctx context.Context, b bot.Batch, replyWithin time.Duration) (bot.Batch, error) {
	var (
		here       *run // the slot of a command run here, if one was free
		backstopID int64
	)
	saved, _, err := e.store.CreateBatch(ctx, b, func(tx *sql.Tx, saved bot.Batch) error {
		params := e.inviteJobs(saved)
		if len(params) == 0 {
			return nil
		}
		if _, ok := params[0].Args.(TogetherArgs); ok {
			if here, _ = e.runs.reserve(); here != nil {
				params[0] = e.backstop(saved.ID)
			}
		}
		params = append(params, river.InsertManyParams{Args: ProgressArgs{BatchID: saved.ID},
			InsertOpts: progressOpts(saved.CreatedAt.Add(replyWithin + replyMargin))})
		res, err := e.river.InsertManyTx(ctx, tx, params)
		if err == nil && here != nil {
			backstopID = res[0].Job.ID
		}
		return err
	})
	switch {
	case err != nil:
		here.release()
		return bot.Batch{}, err
	case here != nil:
		here.goRun(e.cfg.jobTimeout(), func(ctx context.Context) { e.runHere(ctx, saved, backstopID) })
	default: // person jobs, no slot free, or saved before: River starts them
		e.wake(ctx, river.QueueDefault)
	}
	return saved, nil
}

// inviteJobs are a saved batch's invite jobs: one TogetherArgs job when
// its pending people are few enough to be tried at once, otherwise one
// InviteArgs job per pending person.
func (e *Engine) inviteJobs(b bot.Batch) []river.InsertManyParams {
	pending := pendingItems(b)
	if e.together(len(pending)) {
		return []river.InsertManyParams{{Args: TogetherArgs{BatchID: b.ID},
			InsertOpts: &river.InsertOpts{MaxAttempts: e.cfg.MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}}}
	}
	return e.personJobs(b.ID, pending)
}

// pendingItems are the indexes of b's items without an outcome yet.
func pendingItems(b bot.Batch) []int {
	var pending []int
	for i, it := range b.Items {
		if !it.Result.Outcome.Final() {
			pending = append(pending, i)
		}
	}
	return pending
}

// personJobs are InviteArgs jobs, due now, for the items idxs of batch id.
func (e *Engine) personJobs(id string, idxs []int) []river.InsertManyParams {
	params := make([]river.InsertManyParams, 0, len(idxs)+1) // room for the progress job
	for _, i := range idxs {
		params = append(params, river.InsertManyParams{Args: InviteArgs{BatchID: id, Index: i}, InsertOpts: e.inviteOpts()})
	}
	return params
}

// replyMargin is how long after the reply's wait the progress job saved
// with a batch comes due: time for the reply, which waited exactly that
// long, to claim the report first. (Were it to lose anyway, the batch is
// still reported once: by the progress message, the reply then being an
// acknowledgement.)
const replyMargin = 2 * time.Second

// Wait polls the batch until it is done or d has passed, then settles who
// reports it — the caller's reply when it is done, otherwise the progress
// message, which it starts at once — and says whether it is the reply. A
// batch whose report went to the progress message already (a redelivered
// request) is returned at once: the reply must not repeat the tally.
func (e *Engine) Wait(ctx context.Context, id string, d time.Duration) (bot.Batch, bool, error) {
	changed, release := e.changes.watch(id) // before reading: a change after the read still wakes us
	defer release()
	decided, done, err := e.store.ReportingAndDone(ctx, id)
	if err != nil {
		return bot.Batch{}, false, err
	}
	if decided == store.ReportAsync {
		b, err := e.store.Batch(ctx, id)
		return b, false, err
	}
	b, err := e.poll(ctx, id, d, changed, done)
	if err != nil {
		return bot.Batch{}, false, err
	}
	want := store.ReportAsync
	if b.Done {
		want = store.ReportSync
	}
	got, err := e.store.ClaimReporting(ctx, id, want)
	if err != nil {
		return bot.Batch{}, false, err
	}
	if got == store.ReportAsync {
		if err := e.startProgress(ctx, id); err != nil {
			return bot.Batch{}, false, err
		}
	}
	return b, got == store.ReportSync, nil
}

// startProgress makes the batch's progress job run now: the one saved
// with the batch waits for the reply's time to pass, and the reply has
// just said it will not report. A batch saved before progress jobs were
// saved with batches gets its job here.
func (e *Engine) startProgress(ctx context.Context, id string) error {
	res, err := e.river.Insert(ctx, ProgressArgs{BatchID: id}, progressOpts(time.Time{}))
	if err != nil {
		return err
	}
	if res.UniqueSkippedAsDuplicate && res.Job.State == rivertype.JobStateScheduled {
		if _, err = e.river.JobRetry(ctx, res.Job.ID); err != nil {
			return err
		}
	}
	e.wake(ctx, progressQueue)
	return nil
}

// poll waits until the batch is done, d has passed or ctx ends, and reads
// it: it asks whether it is done again whenever this process records one
// of its outcomes (changed), and every waitPollInterval for work another
// instance does. done is the caller's answer, read after it took changed.
func (e *Engine) poll(ctx context.Context, id string, d time.Duration, changed <-chan struct{}, done bool) (bot.Batch, error) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(waitPollInterval)
	defer tick.Stop()
	release := func() {}
	defer func() { release() }()
	for !done {
		select {
		case <-ctx.Done():
			return bot.Batch{}, ctx.Err()
		case <-deadline.C:
			return e.store.Batch(ctx, id)
		case <-changed:
		case <-tick.C:
		}
		release()
		changed, release = e.changes.watch(id) // before reading, as in Wait
		var err error
		if done, err = e.store.BatchDone(ctx, id); err != nil {
			break
		}
	}
	return e.store.Batch(ctx, id)
}

// Recent returns actor's batches, newest first.
func (e *Engine) Recent(ctx context.Context, actor string, limit int) ([]bot.Batch, error) {
	return e.store.RecentBatches(ctx, actor, limit)
}

// Cancel marks the batch's pending items Cancelled. Their jobs find
// nothing pending and end; the progress job, if the batch has one, posts
// the final card at its next turn.
func (e *Engine) Cancel(ctx context.Context, id string, reason bot.Reason) (bot.Batch, error) {
	b, err := e.store.CancelBatch(ctx, id, reason)
	e.changes.changed(id)
	return b, err
}

// CancelSpace cancels every pending item for space because Onboard was
// removed from it, and returns how many.
func (e *Engine) CancelSpace(ctx context.Context, space string) (int, error) {
	return e.store.CancelSpace(ctx, space, bot.ReasonAppRemoved)
}
