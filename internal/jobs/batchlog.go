package jobs

import (
	"context"
	"slices"
	"sync"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
)

// batchLog is a command's attemptLog: the starts and the outcomes its
// people's attempts ask for go to the store together (a batcher each, which
// waits for everyone still expected, a few milliseconds at most), as one
// StartAttempts or RecordResults. One by one they were a transaction
// per person — and on PostgreSQL each result locks the batch's row, so a
// 20-person command's twenty results queued behind each other for 20–40
// ms after the calls had all come back (docs/performance.md).
type batchLog struct {
	starts  *batcher[int, startOutcome]
	results *batcher[indexedResult, bool]

	mu    sync.Mutex
	stage map[int]personStage
}

// personStage is where a person of the command is: what the batchers
// still expect of them.
type personStage int

const (
	stageBeforeStart personStage = iota // may still start an attempt
	stageInCall                         // started; may still record an outcome
	stageFinished                       // expects nothing
)

type startOutcome struct {
	previous int
	pending  bool
}

type indexedResult struct {
	index  int
	result bot.PersonResult
}

// newBatchLog is batch id's log on s for the people at idxs, each of
// whom calls done when their attempt has returned.
func newBatchLog(ctx context.Context, s *store.Store, id string, idxs []int) *batchLog {
	l := &batchLog{stage: make(map[int]personStage, len(idxs))}
	for _, i := range idxs {
		l.stage[i] = stageBeforeStart
	}
	l.results = newBatcher(ctx, 0, func(ctx context.Context, rs []indexedResult) ([]bool, error) {
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
	})
	l.starts = newBatcher(ctx, len(idxs), func(ctx context.Context, idxs []int) ([]startOutcome, error) {
		previous, err := s.StartAttempts(ctx, id, idxs)
		out := make([]startOutcome, len(idxs))
		l.mu.Lock()
		defer l.mu.Unlock()
		for i, idx := range idxs {
			out[i].previous, out[i].pending = previous[idx]
			if out[i].pending {
				l.stage[idx] = stageInCall
				l.results.expect(1)
			} else {
				l.stage[idx] = stageFinished
			}
		}
		return out, err
	})
	return l
}

func (l *batchLog) StartAttempt(_ context.Context, ref store.ItemRef) (int, bool, error) {
	out, err := l.starts.do(ref.Index)
	return out.previous, out.pending, err
}

func (l *batchLog) RecordResult(_ context.Context, ref store.ItemRef, r bot.PersonResult) (bool, error) {
	l.mu.Lock()
	l.stage[ref.Index] = stageFinished
	l.mu.Unlock()
	return l.results.do(indexedResult{index: ref.Index, result: r})
}

// done says that person idx's attempt has returned: the batchers no
// longer wait for a start or an outcome of theirs that never came.
func (l *batchLog) done(idx int) {
	l.mu.Lock()
	st := l.stage[idx]
	l.stage[idx] = stageFinished
	l.mu.Unlock()
	switch st {
	case stageBeforeStart:
		l.starts.leave()
	case stageInCall:
		l.results.leave()
	}
}
