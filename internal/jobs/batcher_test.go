package jobs

import (
	"context"
	"slices"
	"sync"
	"testing"
)

// recordingRun is a batcher's run that keeps the groups it was given and
// answers each request with its double.
type recordingRun struct {
	mu     sync.Mutex
	groups [][]int
}

func (r *recordingRun) run(_ context.Context, in []int) ([]int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.groups = append(r.groups, slices.Clone(in))
	out := make([]int, len(in))
	for i, v := range in {
		out[i] = 2 * v
	}
	return out, nil
}

// TestBatcherRunsEveryoneExpectedTogether: three people are expected;
// one leaves without a request. The other two are one run, and each gets
// its own answer.
func TestBatcherRunsEveryoneExpectedTogether(t *testing.T) {
	rec := &recordingRun{}
	b := newBatcher(t.Context(), 3, rec.run)
	var wg sync.WaitGroup
	for _, v := range []int{1, 2} {
		wg.Go(func() {
			if got, err := b.do(v); err != nil || got != 2*v {
				t.Errorf("do(%d) = %d, %v; want %d", v, got, err, 2*v)
			}
		})
	}
	b.leave()
	wg.Wait()
	if len(rec.groups) != 1 || len(rec.groups[0]) != 2 {
		t.Errorf("runs = %v, want one run of both requests", rec.groups)
	}
}

// TestBatcherDoesNotWaitForeverForTheLate: of two people expected, one
// never comes nor leaves (a call that hangs); the other's request still
// runs.
func TestBatcherDoesNotWaitForeverForTheLate(t *testing.T) {
	rec := &recordingRun{}
	b := newBatcher(t.Context(), 2, rec.run)
	if got, err := b.do(5); err != nil || got != 10 {
		t.Errorf("do(5) = %d, %v; want 10", got, err)
	}
	if len(rec.groups) != 1 || !slices.Equal(rec.groups[0], []int{5}) {
		t.Errorf("runs = %v, want one run of [5]", rec.groups)
	}
}
