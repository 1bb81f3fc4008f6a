package jobs

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// TestErasureClearsThePersonFromRiversRows: River keeps the error of each
// failed attempt, and those name the person. Erasing them deletes the
// finished jobs of the batches that named them and clears the errors of
// the others — which carry on: the people still to add are added.
func TestErasureClearsThePersonFromRiversRows(t *testing.T) {
	t.Parallel() // it mostly waits on pacing and timers, on a database and fake of its own
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 3)
		e := r.engine(t, func(c *Config) { c.Workers = 1 })
		// Chat fails the first two tries to add person 0.
		r.fake.FailNext("chat.spaces.members.create", 2, 503, "UNAVAILABLE", "")
		first, err := e.Submit(t.Context(), batch("first", 0, 1), replyWithin)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		waitDone(t, e, first.ID, 30*time.Second)
		waitFor(t, 10*time.Second, "River to record the job finished", func() bool {
			return len(finished(jobsOf(t, e, first.ID))) == 1
		})
		if !jobsMention(t, e, personID(0)) {
			t.Fatal("no job error names person 0; the test lost its point")
		}
		// A batch naming them (added already) with two people still to
		// add, one of whose first try fails, when the erasure comes.
		r.fake.SetLatency("chat.spaces.members.create", 300*time.Millisecond)
		r.fake.FailNext("chat.spaces.members.create", 1, 503, "UNAVAILABLE", "")
		b := batch("second", 1, 2)
		done := item(person(0))
		done.Result.Outcome = bot.Already
		b.Items = append(b.Items, done)
		second, err := e.Submit(t.Context(), b, replyWithin)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}

		if mid, err := e.store.Batch(t.Context(), second.ID); err != nil || mid.Done {
			t.Fatalf("the second batch was done (%v) before the erasure; the test lost its point", err)
		}
		if _, err := e.store.EraseAuditPerson(t.Context(), person(0)); err != nil {
			t.Fatalf("EraseAuditPerson: %v", err)
		}
		if jobsMention(t, e, personID(0)) {
			t.Error("after erasure a job's errors still name person 0")
		}
		if n := len(finished(jobsOf(t, e, first.ID))); n != 0 {
			t.Errorf("after erasure %d finished jobs of the batch that named person 0 remain, want none", n)
		}
		got := waitDone(t, e, second.ID, 30*time.Second)
		wantEveryoneAddedOnce(t, r.fake, bot.Batch{Items: got.Items[:2]}, 1)
	})
}

// jobsMention says whether any job's errors hold s.
func jobsMention(t *testing.T, e *Engine, s string) bool {
	t.Helper()
	for _, j := range allJobs(t, e) {
		for _, ae := range j.Errors {
			if strings.Contains(ae.Error, s) {
				return true
			}
		}
	}
	return false
}

// jobsOf returns the jobs of batch id.
func jobsOf(t *testing.T, e *Engine, id string) []*rivertype.JobRow {
	t.Helper()
	var jobs []*rivertype.JobRow
	for _, j := range allJobs(t, e) {
		var args struct {
			BatchID string `json:"batch_id"`
		}
		if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
			t.Fatal(err)
		}
		if args.BatchID == id {
			jobs = append(jobs, j)
		}
	}
	return jobs
}

// finished are those of jobs that will not run again.
func finished(jobs []*rivertype.JobRow) []*rivertype.JobRow {
	var f []*rivertype.JobRow
	for _, j := range jobs {
		if j.FinalizedAt != nil {
			f = append(f, j)
		}
	}
	return f
}

func allJobs(t *testing.T, e *Engine) []*rivertype.JobRow {
	t.Helper()
	res, err := e.river.JobList(t.Context(), river.NewJobListParams().First(10000).States(
		rivertype.JobStateAvailable, rivertype.JobStateCancelled, rivertype.JobStateCompleted,
		rivertype.JobStateDiscarded, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled))
	if err != nil {
		t.Fatalf("JobList: %v", err)
	}
	return res.Jobs
}
