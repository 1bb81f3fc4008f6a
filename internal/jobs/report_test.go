package jobs

import (
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Who tells the requester a batch's result: exactly one message gives the
// final tally — the reply, or the progress message.

// TestProgressReportsABatchWhoseReplyNeverCame: the instance that saved a
// batch dies before its reply claims the report (here: Wait is never
// called). The progress job saved with the batch still posts the tally.
func TestProgressReportsABatchWhoseReplyNeverCame(t *testing.T) {
	t.Parallel() // it mostly waits on pacing and timers, on a database and fake of its own
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 6)
		e := r.engine(t, nil)
		saved, err := e.Submit(t.Context(), batch("no-reply", 0, 6), 100*time.Millisecond)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		final := "done=true joined=3 invited=3"
		waitFor(t, 30*time.Second, "the final tally "+final, func() bool { return lastText(r.fake, originID) == final })
		if n := len(r.fake.Messages(originID)); n != 1 {
			t.Errorf("got %d messages in the origin space, want the 1 progress message", n)
		}
		wantEveryoneAddedOnce(t, r.fake, waitDone(t, e, saved.ID, time.Second), 0)
	})
}

// TestBatchReportedByTheReplyGetsNoProgressMessage: a batch done within
// the reply's wait is reported by the reply alone; its progress job, when
// it comes due, posts nothing.
func TestBatchReportedByTheReplyGetsNoProgressMessage(t *testing.T) {
	t.Parallel() // it mostly waits on pacing and timers, on a database and fake of its own
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 4)
		e := r.engine(t, nil)
		saved, err := e.Submit(t.Context(), batch("in-time", 0, 4), 0)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		if b, reply, err := e.Wait(t.Context(), saved.ID, 30*time.Second); err != nil || !b.Done || !reply {
			t.Fatalf("Wait: done=%v reply=%v, %v; want a done batch reported by the reply", b.Done, reply, err)
		}
		waitFor(t, 30*time.Second, "the progress job to have run", func() bool {
			return len(progressJobs(t, e, rivertype.JobStateScheduled, rivertype.JobStateAvailable,
				rivertype.JobStateRunning, rivertype.JobStateRetryable)) == 0
		})
		if msgs := r.fake.Messages(originID); len(msgs) != 0 {
			t.Errorf("got %d messages in the origin space (%q…), want none: the reply reported the batch", len(msgs), msgs[0].Text)
		}
	})
}

// TestLateOrRepeatedReplyLeavesTheTallyToTheProgressMessage: once the
// progress message has claimed the report — because the reply was late,
// or because this is a redelivered request for a batch that went
// asynchronous — Wait says the reply does not report the batch, even when
// it is done, so the tally is not given twice.
func TestLateOrRepeatedReplyLeavesTheTallyToTheProgressMessage(t *testing.T) {
	t.Parallel() // it mostly waits on pacing and timers, on a database and fake of its own
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 6)
		r.fake.SetLatency("chat.spaces.members.create", 200*time.Millisecond)
		e := r.engine(t, func(c *Config) { c.Workers = 1 })
		saved, err := e.Submit(t.Context(), batch("late", 0, 6), 0)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		// The reply is late: the progress message has claimed the report.
		waitFor(t, 30*time.Second, "a progress message", func() bool { return lastText(r.fake, originID) != "" })
		b, reply, err := e.Wait(t.Context(), saved.ID, 30*time.Second)
		if err != nil || reply {
			t.Fatalf("late Wait: reply=%v, %v; want the progress message to report the batch", reply, err)
		}
		final := "done=true joined=3 invited=3"
		waitFor(t, 30*time.Second, "the final tally "+final, func() bool { return lastText(r.fake, originID) == final })

		// The same request again, the batch done.
		again, err := e.Submit(t.Context(), batch("late", 0, 6), time.Hour)
		if err != nil || again.ID != saved.ID {
			t.Fatalf("Submit again: batch %q, %v; want %q", again.ID, err, saved.ID)
		}
		b, reply, err = e.Wait(t.Context(), again.ID, time.Hour) // returns at once
		if err != nil || reply || !b.Done {
			t.Errorf("redelivered Wait: done=%v reply=%v, %v; want the done batch, reported by the progress message", b.Done, reply, err)
		}
		if n := len(r.fake.Messages(originID)); n != 1 {
			t.Errorf("got %d messages in the origin space, want the 1 progress message", n)
		}
	})
}

// progressJobs returns the progress jobs in any of states.
func progressJobs(t *testing.T, e *Engine, states ...rivertype.JobState) []*rivertype.JobRow {
	t.Helper()
	res, err := e.river.JobList(t.Context(), river.NewJobListParams().
		Kinds(ProgressArgs{}.Kind()).States(states...).First(1000))
	if err != nil {
		t.Fatalf("JobList: %v", err)
	}
	return res.Jobs
}
