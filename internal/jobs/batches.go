package jobs

import (
	"context"
	"database/sql"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
)

// Submit saves b and, in the same transaction, queues one InviteArgs job
// per pending item. A batch whose Key was seen before is returned as saved
// and nothing is queued: the store's unique key is the guard, River's
// unique (batch, index) jobs the second one.
func (e *Engine) Submit(ctx context.Context, b bot.Batch) (bot.Batch, error) {
	saved, _, err := e.store.CreateBatch(ctx, b, func(tx *sql.Tx, saved bot.Batch) error {
		var params []river.InsertManyParams
		for i, it := range saved.Items {
			if it.Result.Outcome.Final() {
				continue
			}
			params = append(params, river.InsertManyParams{
				Args: InviteArgs{BatchID: saved.ID, Index: i}, InsertOpts: e.inviteOpts()})
		}
		if len(params) == 0 {
			return nil
		}
		_, err := e.river.InsertManyTx(ctx, tx, params)
		return err
	})
	if err != nil {
		return bot.Batch{}, err
	}
	return saved, nil
}

// Wait polls the batch until it is done or d has passed, then settles who
// reports it: the caller's synchronous reply when it is done, otherwise a
// progress message, whose job it makes sure exists.
func (e *Engine) Wait(ctx context.Context, id string, d time.Duration) (bot.Batch, error) {
	b, err := e.poll(ctx, id, d)
	if err != nil {
		return bot.Batch{}, err
	}
	want := store.ReportAsync
	if b.Done {
		want = store.ReportSync
	}
	got, err := e.store.ClaimReporting(ctx, id, want)
	if err != nil {
		return bot.Batch{}, err
	}
	if got == store.ReportAsync {
		if _, err := e.river.Insert(ctx, ProgressArgs{BatchID: id}, progressOpts()); err != nil {
			return bot.Batch{}, err
		}
	}
	return b, nil
}

// poll reads the batch every waitPollInterval until it is done, d has
// passed or ctx ends.
func (e *Engine) poll(ctx context.Context, id string, d time.Duration) (bot.Batch, error) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(waitPollInterval)
	defer tick.Stop()
	for {
		b, err := e.store.Batch(ctx, id)
		if err != nil || b.Done {
			return b, err
		}
		select {
		case <-ctx.Done():
			return bot.Batch{}, ctx.Err()
		case <-deadline.C:
			return b, nil
		case <-tick.C:
		}
	}
}

// Recent returns actor's batches, newest first.
func (e *Engine) Recent(ctx context.Context, actor string, limit int) ([]bot.Batch, error) {
	return e.store.RecentBatches(ctx, actor, limit)
}

// Cancel marks the batch's pending items Cancelled. Their jobs find
// nothing pending and end; the progress job, if the batch has one, posts
// the final card at its next turn.
func (e *Engine) Cancel(ctx context.Context, id string, reason bot.Reason) (bot.Batch, error) {
	return e.store.CancelBatch(ctx, id, reason)
}

// CancelSpace cancels every pending item for space because Onboard was
// removed from it, and returns how many.
func (e *Engine) CancelSpace(ctx context.Context, space string) (int, error) {
	return e.store.CancelSpace(ctx, space, bot.ReasonAppRemoved)
}
