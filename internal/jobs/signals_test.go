package jobs

import (
	"fmt"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// watching is how many batches have a waiter in e.
func watching(e *Engine) int {
	e.changes.mu.Lock()
	defer e.changes.mu.Unlock()
	return len(e.changes.waiting)
}

// A reply that has its answer leaves nothing behind to be woken: not
// after the result, not after its time ran out, not for a batch already
// reported by its progress message. (Before, every reply's last watch
// stayed for the life of the process.)
func TestAnsweredRepliesLeaveNoWatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 6)
		e := r.engine(t, nil)
		for i := range 3 {
			b, err := e.Submit(t.Context(), batch(fmt.Sprint("answered-", i), 2*i, 2), replyWithin)
			if err != nil {
				t.Fatal(err)
			}
			got, reply, err := e.Wait(t.Context(), b.ID, replyWithin)
			if err != nil || !reply || !got.Done {
				t.Fatalf("Wait: done %v, reply %v, %v; want the finished result", got.Done, reply, err)
			}
		}
		if n := watching(e); n != 0 {
			t.Errorf("%d batches still watched after every reply had its result", n)
		}

		r.fake.SetLatency("chat.spaces.members.create", 2*time.Second)
		b, err := e.Submit(t.Context(), batch("slow", 0, 1), replyWithin)
		if err != nil {
			t.Fatal(err)
		}
		if _, reply, err := e.Wait(t.Context(), b.ID, 50*time.Millisecond); err != nil || reply {
			t.Fatalf("Wait on a slow batch: reply %v, %v; want the progress message to report it", reply, err)
		}
		if _, reply, err := e.Wait(t.Context(), b.ID, replyWithin); err != nil || reply {
			t.Fatalf("Wait again (a redelivered request): reply %v, %v; want the progress message to report it", reply, err)
		}
		if n := watching(e); n != 0 {
			t.Errorf("%d batches still watched after replies that gave up or were not theirs to give", n)
		}
	})
}

// Waiters on one batch share its channel: one that stops waiting does not
// stop a change from waking the others, and the last one to stop
// removes it.
func TestChangesWakeEveryWaiterUntilReleased(t *testing.T) {
	var c changes
	first, releaseFirst := c.watch("b")
	second, releaseSecond := c.watch("b")
	releaseFirst()
	releaseFirst() // twice is once
	c.changed("b")
	select {
	case <-second:
	default:
		t.Fatal("the waiter still watching was not woken")
	}
	if first != second {
		t.Error("two waiters on one batch got different channels")
	}
	releaseSecond() // after the change: nothing left to remove
	_, release := c.watch("b")
	if len(c.waiting) != 1 {
		t.Fatalf("watching %d batches, want 1", len(c.waiting))
	}
	release()
	if len(c.waiting) != 0 {
		t.Errorf("watching %d batches after the last waiter stopped, want 0", len(c.waiting))
	}
}
