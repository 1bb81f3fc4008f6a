package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
)

// InviteArgs is the job of adding one person of a batch: item Index of
// batch BatchID. Both fields are the job's unique key.
type InviteArgs struct {
	BatchID string `json:"batch_id" river:"unique"`
	Index   int    `json:"index" river:"unique"`
}

// Kind names the job in River's table.
func (InviteArgs) Kind() string { return "onboard.invite" }

func (e *Engine) inviteOpts() *river.InsertOpts {
	return &river.InsertOpts{MaxAttempts: e.cfg.MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// maxLimiterWait is the longest a job holds a worker waiting for its
// write slot; a longer wait snoozes the job (which costs no attempt).
const maxLimiterWait = 10 * time.Second

// recordTimeout bounds recording a give-up after the job's timeout.
const recordTimeout = 10 * time.Second

type inviteWorker struct {
	river.WorkerDefaults[InviteArgs]
	e *Engine
}

// Work adds the person unless their item already has an outcome: one
// attempt (tryOnce), then River's retry, snooze or give-up.
func (w *inviteWorker) Work(ctx context.Context, job *river.Job[InviteArgs]) error {
	e, ref := w.e, store.ItemRef{BatchID: job.Args.BatchID, Index: job.Args.Index}
	it, err := e.item(ctx, ref)
	if err != nil || it.Result.Outcome.Final() {
		return err
	}
	later, failed, err := e.tryOnce(ctx, e.store, ref, it)
	switch {
	case err != nil:
		return err
	case failed != nil:
		return e.attemptFailed(ctx, job, ref, it, failed)
	case later > 0:
		return river.JobSnooze(later)
	}
	return nil
}

// attemptLog is where an attempt is started and its outcome recorded: the
// store, item by item (a person's own job), or a command's batchLog,
// which takes the items of one batch to the store together.
type attemptLog interface {
	StartAttempt(ctx context.Context, ref store.ItemRef) (previous int, pending bool, err error)
	RecordResult(ctx context.Context, ref store.ItemRef, r bot.PersonResult) (recorded bool, err error)
}

// tryOnce makes one attempt at adding the person of pending item it and
// records their outcome in attempts. It returns how long to wait when their write slot
// is further away than a job should hold a worker (later > 0: nothing was
// attempted), or failed: the Chat API's (or the wait's) retryable error.
// err is any other error (the database's). The store's attempt count,
// taken just before the call, tells a later attempt that this one may have
// reached Chat unseen; RecordResult keeps only the first outcome.
func (e *Engine) tryOnce(ctx context.Context, attempts attemptLog, ref store.ItemRef, it bot.Item) (later time.Duration, failed, err error) {
	members, err := e.members(ctx, it.As)
	if bot.KindOf(err) == bot.KindNotConnected {
		// The person whose grant adds them disconnected (or Google revoked
		// it) since: they must connect again — never "already there".
		return 0, nil, e.record(ctx, ref, bot.PersonResult{Target: it.Target, As: it.As.Kind, Outcome: bot.NotAdded,
			Reason: bot.ReasonReconnect})
	}
	if err != nil {
		return 0, err, nil
	}
	later, err = e.limiter.Wait(ctx, limiterBudget(ctx))
	if err != nil || later > 0 {
		return later, err, nil
	}
	previous, pending, err := attempts.StartAttempt(ctx, ref)
	if err != nil || !pending {
		return 0, nil, err
	}
	r, err := bot.AddPerson(ctx, members, it.Space.Name, it.Target, it.As.Kind, previous > 0)
	if err != nil {
		return 0, err, nil
	}
	if r.Outcome == bot.Joined && it.Welcome != "" {
		e.welcome(ctx, ref, it, r.User)
	}
	recorded, err := attempts.RecordResult(ctx, ref, r)
	e.changes.changed(ref.BatchID)
	if recorded && e.cfg.OnResult != nil {
		e.cfg.OnResult(r)
	}
	if err == nil && !recorded {
		// Cancelled (or finished elsewhere) while Chat was answering: the
		// item keeps its first outcome, but the membership is real.
		e.log.WarnContext(ctx, "jobs: outcome not recorded, the item was already final",
			slog.String("batch", ref.BatchID), slog.Int("index", ref.Index), slog.String("outcome", string(r.Outcome)))
	}
	return 0, nil, err
}

// members is the Chat API with authority a: Onboard's own client, or one
// acting with a person's grant.
func (e *Engine) members(ctx context.Context, a bot.Authority) (bot.Memberships, error) {
	if a.Kind == bot.AsApp {
		return e.cfg.Members, nil
	}
	if e.cfg.Acting == nil {
		return nil, &bot.Error{Op: "jobs.members", Kind: bot.KindNotConnected,
			Err: errors.New("people's own authority is not configured")}
	}
	return e.cfg.Acting.As(ctx, a)
}

// record records a final outcome decided without a call.
func (e *Engine) record(ctx context.Context, ref store.ItemRef, r bot.PersonResult) error {
	recorded, err := e.store.RecordResult(ctx, ref, r)
	e.changes.changed(ref.BatchID)
	if recorded && e.cfg.OnResult != nil {
		e.cfg.OnResult(r)
	}
	return err
}

// limiterBudget is how long a job may wait for its write slot: at most
// maxLimiterWait, and half of what is left of its timeout, so that the
// call itself still fits.
func limiterBudget(ctx context.Context) time.Duration {
	budget := maxLimiterWait
	if deadline, ok := ctx.Deadline(); ok {
		budget = min(budget, time.Until(deadline)/2)
	}
	return max(0, budget)
}

// NextRetry paces retries after a 429 or a passing failure with the
// configured truncated exponential backoff.
func (w *inviteWorker) NextRetry(job *river.Job[InviteArgs]) time.Time {
	return time.Now().Add(w.e.cfg.Backoff(job.Attempt))
}

// item loads the job's item; a job whose item does not exist is cancelled
// (it can never succeed).
func (e *Engine) item(ctx context.Context, ref store.ItemRef) (bot.Item, error) {
	it, err := e.store.Item(ctx, ref)
	if bot.KindOf(err) == bot.KindNotFound {
		return bot.Item{}, river.JobCancel(fmt.Errorf("jobs: batch %s has no item %d", ref.BatchID, ref.Index))
	}
	return it, err
}

// attemptFailed handles a retryable answer: the limiter slows down on a
// 429, and River retries the job — except on its last attempt, when the
// person's outcome is recorded as not added, so nobody is left pending.
// A job stopped by shutdown is always retried.
func (e *Engine) attemptFailed(ctx context.Context, job *river.Job[InviteArgs], ref store.ItemRef, it bot.Item, err error) error {
	reason := e.failedReason(err)
	// Cancelled means River is stopping: the job is retried without
	// spending an attempt. A deadline (the job's timeout) is a failure
	// like any other.
	if errors.Is(ctx.Err(), context.Canceled) || job.Attempt < job.MaxAttempts {
		return err
	}
	return e.giveUp(ctx, ref, it, reason, job.Attempt, err)
}

// failedReason is the reason a failed attempt would give, and slows the
// limiter down when Chat answered 429.
func (e *Engine) failedReason(err error) bot.Reason {
	if bot.KindOf(err) == bot.KindRateLimited {
		e.limiter.RateLimited()
		return bot.ReasonRateLimited
	}
	return bot.ReasonAPIError
}

// giveUp records the person as not added for reason after their last
// attempt failed with err — even though the job's own time is up.
func (e *Engine) giveUp(ctx context.Context, ref store.ItemRef, it bot.Item, reason bot.Reason, attempts int, err error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	e.log.WarnContext(ctx, "jobs: giving up on a person", slog.String("batch", ref.BatchID),
		slog.Int("index", ref.Index), slog.Int("attempts", attempts), slog.String("error", err.Error()))
	r := bot.PersonResult{Target: it.Target, As: it.As.Kind, Outcome: bot.NotAdded, Reason: reason}
	recorded, rerr := e.store.RecordResult(ctx, ref, r)
	e.changes.changed(ref.BatchID)
	if rerr != nil {
		return errors.Join(err, rerr)
	}
	if recorded && e.cfg.OnResult != nil {
		e.cfg.OnResult(r)
	}
	return nil
}

// welcome posts the item's welcome text in its space, mentioning the
// person it welcomes (user, users/{id} as Chat named them). The message
// id is derived from the item, so a repeated attempt cannot post it twice.
// It is a courtesy: a failure is logged, and the person stays added.
func (e *Engine) welcome(ctx context.Context, ref store.ItemRef, it bot.Item, user string) {
	id := clientMessageID("w-" + ref.BatchID + "-" + strconv.Itoa(ref.Index))
	_, err := e.cfg.Messages.CreateMessage(ctx, it.Space.Name, map[string]string{"text": welcomeText(user, it.Welcome)}, id)
	if err != nil && bot.KindOf(err) != bot.KindAlreadyMember {
		e.log.WarnContext(ctx, "jobs: welcome message not posted", slog.String("batch", ref.BatchID),
			slog.Int("index", ref.Index), slog.String("space", it.Space.Name), slog.String("error", err.Error()))
	}
}

// welcomeText is a welcome that mentions the person first. Chat's text
// mention takes a numeric user id (<users/123>, docs/chat-platform.md
// §3.2); a person Chat named only by address is welcomed without one.
func welcomeText(user, welcome string) string {
	id, ok := strings.CutPrefix(user, "users/")
	if !ok || id == "" || strings.Trim(id, "0123456789") != "" {
		return welcome
	}
	return "<" + user + "> " + welcome
}
