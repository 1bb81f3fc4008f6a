package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
)

// TogetherArgs is the job of a command's first attempt at all its people
// at once: batch BatchID, whose pending items number at most
// togetherMax. Everyone whose first attempt does not settle them is handed
// to an InviteArgs job of their own, which retries as any person's does.
//
// Why a command is one job: its people's starts and outcomes then reach
// the store together (batchLog) — a statement or a transaction for many —
// where a job per person wrote one transaction per person each time, and
// on PostgreSQL each result locked the batch's row in turn. With Chat's
// 50 ms per call, four concurrent 20-person commands took 1.5–1.8× one
// (docs/performance.md, "Fifth round").
type TogetherArgs struct {
	BatchID string `json:"batch_id" river:"unique"`
	// Backstop marks the job of a command whose first attempt ran in the
	// process that saved it (runs): the job only hands on whoever is
	// still pending when it comes due.
	Backstop bool `json:"backstop,omitempty"`
}

// Kind names the job in River's table.
func (TogetherArgs) Kind() string { return "onboard.invite_together" }

// togetherMax is the most pending people a command may have to be worked
// as one job: River's smallest invite pool (minWorkers), and never more
// than the configured pool (Config.Workers), so that one command's people
// never have more calls in flight at once than jobs of their own would
// have had. Bigger commands — plans, bulk — are paced person by person
// through River, where a person waiting for their write slot holds no one
// else's.
const togetherMax = minWorkers

// together says whether a command with pending people is one job. A
// single person is one InviteArgs job, as before: there is nothing to
// share.
func (e *Engine) together(pending int) bool {
	return pending >= 2 && pending <= min(togetherMax, e.cfg.Workers)
}

type togetherWorker struct {
	river.WorkerDefaults[TogetherArgs]
	e *Engine
}

// Work makes the first attempt at every pending person of the batch, all
// at once, and then hands whoever is still pending to a job of their own:
// those told to wait for their write slot, those whose attempt failed (a
// 429, a passing failure, the database) and — when River is stopping —
// those whose attempt was cut short. A job of their own retries with the
// backoff and gives up after the attempts a person is allowed, counting
// this one. Only when the hand-off itself cannot be saved does this job
// fail; River runs it again, and then it hands on (handOn) whoever is
// still pending. A backstop (runs) only ever hands on: the first attempt
// was made in the process that saved the command.
func (w *togetherWorker) Work(ctx context.Context, job *river.Job[TogetherArgs]) error {
	e := w.e
	b, err := e.store.Batch(ctx, job.Args.BatchID)
	if bot.KindOf(err) == bot.KindNotFound {
		return river.JobCancel(fmt.Errorf("jobs: no batch %s", job.Args.BatchID))
	}
	if err != nil {
		return err
	}
	if job.Attempt > 1 || job.Args.Backstop {
		return e.handOn(ctx, b)
	}
	return e.tryTogether(ctx, b)
}

// backstop is the job of a command whose first attempt runs here: due
// RescueAfter after it is saved, when the run — bounded by jobTimeout,
// at most half of that — has long handed off whoever it did not settle.
// Only if this process died mid-way does the backstop find people pending
// without jobs of their own, and it hands them on.
func (e *Engine) backstop(batch string) river.InsertManyParams {
	return river.InsertManyParams{Args: TogetherArgs{BatchID: batch, Backstop: true},
		InsertOpts: &river.InsertOpts{MaxAttempts: e.cfg.MaxAttempts, ScheduledAt: time.Now().Add(e.cfg.RescueAfter),
			UniqueOpts: river.UniqueOpts{ByArgs: true}}}
}

// runHere makes the first attempt at a just-saved command's people in this
// process. Should the hand-off fail, the backstop (job backstopID) is made
// due now, to hand them on as soon as the database lets it.
func (e *Engine) runHere(ctx context.Context, b bot.Batch, backstopID int64) {
	err := e.tryTogether(ctx, b)
	if err == nil {
		return
	}
	e.log.WarnContext(ctx, "jobs: a command's hand-off failed; its backstop hands its people on",
		slog.String("batch", b.ID), slog.String("error", err.Error()))
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if _, err := e.river.JobRetry(ctx, backstopID); err != nil {
		e.log.WarnContext(ctx, "jobs: a command's backstop comes due at its time",
			slog.String("batch", b.ID), slog.String("error", err.Error()))
		return
	}
	e.wake(ctx, river.QueueDefault)
}

// tryTogether makes the first attempt at every pending person of b, all
// at once, and then hands whoever is still pending to a job of their own
// (see Work).
func (e *Engine) tryTogether(ctx context.Context, b bot.Batch) error {
	pending := pendingItems(b)
	var (
		mu       sync.Mutex
		handOffs []river.InsertManyParams
		wg       sync.WaitGroup
		attempts = newBatchLog(ctx, e.store, b.ID, pending)
	)
	for _, i := range pending {
		ref := store.ItemRef{BatchID: b.ID, Index: i}
		wg.Go(func() {
			p, ok := e.firstAttempt(ctx, attempts, ref, b.Items[i])
			attempts.done(i)
			if ok {
				return
			}
			mu.Lock()
			handOffs = append(handOffs, p)
			mu.Unlock()
		})
	}
	wg.Wait()
	return e.insertHandOffs(ctx, b.ID, handOffs)
}

// handOn gives every pending person of b a job of their own, at once. It
// is what a command's job does when it runs again — after its hand-off
// could not be saved, or after its instance died mid-way — as some of its
// people may have jobs of their own already (River's unique jobs keep
// one each), and two attempts at one person must never run side by side.
// The item's attempt count tells each job whether an earlier attempt may
// have reached Chat.
func (e *Engine) handOn(ctx context.Context, b bot.Batch) error {
	return e.insertHandOffs(ctx, b.ID, e.personJobs(b.ID, pendingItems(b)))
}

// insertHandOffs saves the jobs of their own — even while River stops: a
// person handed off is not lost.
func (e *Engine) insertHandOffs(ctx context.Context, batch string, handOffs []river.InsertManyParams) error {
	if len(handOffs) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if _, err := e.river.InsertMany(ctx, handOffs); err != nil {
		return fmt.Errorf("jobs: hand %d people of batch %s to jobs of their own: %w", len(handOffs), batch, err)
	}
	e.wake(ctx, river.QueueDefault) // those due now start now
	return nil
}

// firstAttempt tries the person once. ok is true when that settled them
// (or there was nothing to do); otherwise p is the job of their own that
// takes over.
func (e *Engine) firstAttempt(ctx context.Context, attempts attemptLog, ref store.ItemRef, it bot.Item) (p river.InsertManyParams, ok bool) {
	later, failed, err := e.tryOnce(ctx, attempts, ref, it)
	opts := e.inviteOpts()
	switch {
	case err == nil && failed == nil && later == 0:
		return river.InsertManyParams{}, true
	case errors.Is(ctx.Err(), context.Canceled):
		// The engine is stopping: no attempt is spent, the next starts now.
	case err != nil:
		e.log.WarnContext(ctx, "jobs: a person's first attempt failed; they get a job of their own",
			slog.String("batch", ref.BatchID), slog.Int("index", ref.Index), slog.String("error", err.Error()))
		opts.ScheduledAt = time.Now().Add(e.cfg.Backoff(1))
	case failed != nil:
		reason := e.failedReason(failed)
		if e.cfg.MaxAttempts <= 1 {
			if err := e.giveUp(ctx, ref, it, reason, 1, failed); err == nil {
				return river.InsertManyParams{}, true
			}
			break // not recorded: a job of their own tries again
		}
		opts.MaxAttempts = e.cfg.MaxAttempts - 1 // this attempt was one of theirs
		opts.ScheduledAt = time.Now().Add(e.cfg.Backoff(1))
	case later > 0:
		opts.ScheduledAt = time.Now().Add(later) // a snooze costs no attempt
	}
	return river.InsertManyParams{Args: InviteArgs{BatchID: ref.BatchID, Index: ref.Index}, InsertOpts: opts}, false
}

// NextRetry paces a failed hand-off's retries as a person's are paced.
func (w *togetherWorker) NextRetry(job *river.Job[TogetherArgs]) time.Time {
	return time.Now().Add(w.e.cfg.Backoff(job.Attempt))
}
