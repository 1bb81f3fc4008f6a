package jobs

import (
	"context"
	"sync"
	"time"
)

// batcher hands requests to run several at a time. It knows how many
// requests may still come (expect, leave): when every one of them has
// come it runs them at once, and otherwise it waits for the rest at most
// batchLinger after the first, so that one slow person (a long wait for
// their write slot, a slow call) does not hold back the others. While a
// run is going, requests queue for the next. Written here: no maintained
// batching library knows how many requests are still to come, and that
// count is what lets a command's twenty outcomes be one commit instead of
// one for the first to arrive and another for the rest
// (docs/performance.md).
type batcher[In, Out any] struct {
	ctx context.Context
	run func(context.Context, []In) ([]Out, error)

	mu       sync.Mutex
	queue    []batchRequest[In, Out]
	first    time.Time // when the oldest queued request came
	expected int       // requests that may still come
	running  bool
	timer    *time.Timer
}

type batchRequest[In, Out any] struct {
	in    In
	reply chan batchReply[Out]
}

type batchReply[Out any] struct {
	out Out
	err error
}

// batchLinger is the longest a request waits for the others expected
// with it.
const batchLinger = 5 * time.Millisecond

func newBatcher[In, Out any](ctx context.Context, expected int, run func(context.Context, []In) ([]Out, error)) *batcher[In, Out] {
	return &batcher[In, Out]{ctx: ctx, run: run, expected: expected}
}

// do queues in and returns its part of the run that takes it.
func (b *batcher[In, Out]) do(in In) (Out, error) {
	reply := make(chan batchReply[Out], 1)
	b.mu.Lock()
	if len(b.queue) == 0 {
		b.first = time.Now()
	}
	b.queue = append(b.queue, batchRequest[In, Out]{in: in, reply: reply})
	b.expected--
	b.maybeRun()
	b.mu.Unlock()
	r := <-reply
	return r.out, r.err
}

// expect says n more requests may come.
func (b *batcher[In, Out]) expect(n int) {
	b.mu.Lock()
	b.expected += n
	b.mu.Unlock()
}

// leave says one request that was expected will not come.
func (b *batcher[In, Out]) leave() {
	b.mu.Lock()
	b.expected--
	b.maybeRun()
	b.mu.Unlock()
}

// maybeRun starts a run of the queue when everyone expected is in it or
// its oldest request has waited batchLinger, and otherwise sets a timer
// for then. b.mu is held.
func (b *batcher[In, Out]) maybeRun() {
	if b.running || len(b.queue) == 0 {
		return
	}
	if wait := batchLinger - time.Since(b.first); b.expected > 0 && wait > 0 {
		if b.timer == nil {
			b.timer = time.AfterFunc(wait, func() {
				b.mu.Lock()
				b.timer = nil
				b.maybeRun()
				b.mu.Unlock()
			})
		}
		return
	}
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	group := b.queue
	b.queue = nil
	b.running = true
	go b.runGroup(group)
}

func (b *batcher[In, Out]) runGroup(group []batchRequest[In, Out]) {
	ins := make([]In, len(group))
	for i, r := range group {
		ins[i] = r.in
	}
	outs, err := b.run(b.ctx, ins)
	for i, r := range group {
		var out Out
		if i < len(outs) {
			out = outs[i]
		}
		r.reply <- batchReply[Out]{out: out, err: err}
	}
	b.mu.Lock()
	b.running = false
	b.maybeRun()
	b.mu.Unlock()
}
