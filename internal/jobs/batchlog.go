package jobs

import (
	"context"
	"slices"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
)

// batchLog is a command's attemptLog: the starts and the outcomes its
// people's attempts ask for at the same moment go to the store as one
// StartAttempts or RecordResults each. One by one they were a transaction
// per person — and on PostgreSQL each result locks the batch's row, so a
// 20-person command's twenty results queued behind each other for about
// 25 ms after the calls had all come back (docs/performance.md).
type batchLog struct {
	batch   string
	starts  *batcher[int, startOutcome]
	results *batcher[indexedResult, bool]
}

type startOutcome struct {
	previous int
	pending  bool
}

type indexedResult struct {
	index  int
	result bot.PersonResult
}

// newBatchLog starts batch id's log on s; stop it once every attempt has
// returned.
func newBatchLog(ctx context.Context, s *store.Store, id string) *batchLog {
	return &batchLog{
		batch: id,
		starts: startBatcher(ctx, func(ctx context.Context, idxs []int) ([]startOutcome, error) {
			previous, err := s.StartAttempts(ctx, id, idxs)
			out := make([]startOutcome, len(idxs))
			for i, idx := range idxs {
				out[i].previous, out[i].pending = previous[idx]
			}
			return out, err
		}),
		results: startBatcher(ctx, func(ctx context.Context, rs []indexedResult) ([]bool, error) {
			byIndex := make(map[int]bot.PersonResult, len(rs))
			for _, r := range rs {
				byIndex[r.index] = r.result
			}
			recorded, err := s.RecordResults(ctx, id, byIndex)
			out := make([]bool, len(rs))
			for i, r := range rs {
				out[i] = slices.Contains(recorded, r.index)
			}
			return out, err
		}),
	}
}

func (l *batchLog) StartAttempt(_ context.Context, ref store.ItemRef) (int, bool, error) {
	out, err := l.starts.do(ref.Index)
	return out.previous, out.pending, err
}

func (l *batchLog) RecordResult(_ context.Context, ref store.ItemRef, r bot.PersonResult) (bool, error) {
	return l.results.do(indexedResult{index: ref.Index, result: r})
}

func (l *batchLog) stop() {
	l.starts.stop()
	l.results.stop()
}

// batcher hands the requests that are waiting when it comes free to one
// call of run, on a goroutine of its own: while one call runs, the next
// requests queue for the one after.
type batcher[In, Out any] struct {
	requests chan batchRequest[In, Out]
}

type batchRequest[In, Out any] struct {
	in    In
	reply chan batchReply[Out]
}

type batchReply[Out any] struct {
	out Out
	err error
}

func startBatcher[In, Out any](ctx context.Context, run func(context.Context, []In) ([]Out, error)) *batcher[In, Out] {
	b := &batcher[In, Out]{requests: make(chan batchRequest[In, Out])}
	go b.serve(ctx, run)
	return b
}

func (b *batcher[In, Out]) serve(ctx context.Context, run func(context.Context, []In) ([]Out, error)) {
	for first := range b.requests {
		group := []batchRequest[In, Out]{first}
	drain:
		for {
			select {
			case r, ok := <-b.requests:
				if !ok {
					break drain
				}
				group = append(group, r)
			default:
				break drain
			}
		}
		ins := make([]In, len(group))
		for i, r := range group {
			ins[i] = r.in
		}
		outs, err := run(ctx, ins)
		for i, r := range group {
			var out Out
			if i < len(outs) {
				out = outs[i]
			}
			r.reply <- batchReply[Out]{out: out, err: err}
		}
	}
}

// do queues in for the next call of run and returns its part of the
// answer.
func (b *batcher[In, Out]) do(in In) (Out, error) {
	reply := make(chan batchReply[Out], 1)
	b.requests <- batchRequest[In, Out]{in: in, reply: reply}
	r := <-reply
	return r.out, r.err
}

// stop ends the batcher; no request may follow.
func (b *batcher[In, Out]) stop() { close(b.requests) }
