package jobs

import (
	"context"
	"sync"
	"time"
)

// runs are the commands whose first attempt runs in this process, at once
// after their batch is saved (Engine.Submit), instead of waiting for River
// to fetch their job. River still holds each one's job, scheduled as a
// backstop (Engine.backstop): if this process dies mid-way, the backstop
// comes due and hands everyone still pending on, as River's rescuer
// retried a job whose instance died.
//
// Why: starting a command's job through River took a fetch — a write on
// SQLite's one writing connection, an UPDATE on PostgreSQL — after the
// commit and its wake-up, and the job's completion another, each queued
// behind the other commands' writes. A 20-person /invite answered in
// 14.6–15.8 ms (median) on SQLite through River, 11.8–12.2 ms run here
// (bot's BenchmarkInvite; docs/performance.md, "Sixth round").
type runs struct {
	mu     sync.Mutex
	open   bool
	ctx    context.Context // cancelled when Stop's context ends first
	cancel context.CancelFunc
	wg     sync.WaitGroup
	slots  chan struct{} // at most Workers commands at once, as River's pool
}

func newRuns(workers int) *runs { return &runs{slots: make(chan struct{}, workers)} }

// start lets commands run here: only an engine that works jobs runs them.
func (r *runs) start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ctx, r.cancel = context.WithCancel(context.WithoutCancel(ctx))
	r.open = true
}

// reserve takes a slot for one command, if the engine is working and one
// is free; otherwise the command's job is River's to start.
func (r *runs) reserve() (*run, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.open {
		return nil, false
	}
	select {
	case r.slots <- struct{}{}:
	default:
		return nil, false
	}
	r.wg.Add(1)
	return &run{r: r}, true
}

// stop lets no new command run here and waits for those running. If ctx
// ends first they are cancelled — each hands its people on, as a River job
// cancelled at Stop did — and waited for.
func (r *runs) stop(ctx context.Context) {
	r.mu.Lock()
	r.open = false
	cancel := r.cancel
	r.mu.Unlock()
	if cancel == nil {
		return
	}
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		cancel()
		<-done
	}
	cancel()
}

// run is one reserved slot.
type run struct {
	r    *runs
	once sync.Once
}

// goRun runs f in the slot, with the run's context bounded by timeout, and
// then frees it.
func (u *run) goRun(timeout time.Duration, f func(context.Context)) {
	u.r.mu.Lock()
	parent := u.r.ctx
	u.r.mu.Unlock()
	go func() {
		defer u.release()
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		f(ctx)
	}()
}

// release frees the slot of a run that will not start (its batch was not
// saved) or has finished.
func (u *run) release() {
	if u == nil {
		return
	}
	u.once.Do(func() {
		<-u.r.slots
		u.r.wg.Done()
	})
}
