package jobs

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// TestACommandsPeopleAreTriedTogetherAndFailuresRetriedAlone: a
// 10-person command is one job; Chat fails person 3 twice (503) and
// answers person 6 with a 429. Everyone ends added exactly once — the two
// by jobs of their own, which retry with the backoff — and the limiter
// slowed down for the 429.
func TestACommandsPeopleAreTriedTogetherAndFailuresRetriedAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 10)
		e := r.engine(t, nil)
		r.fake.FailNextFor("chat.spaces.members.create", personID(3), 2, 503, "UNAVAILABLE", "")
		r.fake.FailNextFor("chat.spaces.members.create", personID(6), 1, 429, "RESOURCE_EXHAUSTED", "")
		saved, err := e.Submit(t.Context(), batch("together", 0, 10), replyWithin)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		wantEveryoneAddedOnce(t, r.fake, waitDone(t, e, saved.ID, 30*time.Second), 0)
		if n := jobCount(t, e, TogetherArgs{}.Kind()); n != 1 {
			t.Errorf("got %d jobs for the command, want 1", n)
		}
		if n := jobCount(t, e, InviteArgs{}.Kind()); n != 2 {
			t.Errorf("got %d jobs of a person's own, want 2 (persons 3 and 6)", n)
		}
		if got := e.limiter.PerMinute(); got >= 6000*limiterHeadroom {
			t.Errorf("limiter at %v a minute after a 429, want it below its ceiling", got)
		}
	})
}

// TestACommandsOnlyAttemptFailingSaysNotAdded: when a person is allowed
// one attempt and the command's first one fails, they are reported not
// added, with the reason — never left pending — and the others are added.
func TestACommandsOnlyAttemptFailingSaysNotAdded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 5)
		e := r.engine(t, func(c *Config) { c.MaxAttempts = 1 })
		r.fake.FailNextFor("chat.spaces.members.create", personID(2), 1, 503, "UNAVAILABLE", "")
		saved, err := e.Submit(t.Context(), batch("one-try", 0, 5), replyWithin)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		got := waitDone(t, e, saved.ID, 30*time.Second)
		if it := got.Items[2].Result; it.Outcome != bot.NotAdded || it.Reason != bot.ReasonAPIError {
			t.Errorf("person 2: got %q (%q), want %q (%q)", it.Outcome, it.Reason, bot.NotAdded, bot.ReasonAPIError)
		}
		rest := append(append([]bot.Item(nil), got.Items[:2]...), got.Items[3:]...)
		for i, it := range rest {
			n := i
			if i >= 2 {
				n++
			}
			if want := wantOutcome(n); it.Result.Outcome != want {
				t.Errorf("person %d: got %q, want %q", n, it.Result.Outcome, want)
			}
		}
		if n := jobCount(t, e, InviteArgs{}.Kind()); n != 0 {
			t.Errorf("got %d jobs of a person's own, want none: the only attempt was spent", n)
		}
	})
}

// TestACommandStoppedMidwayHandsEveryoneOn: the instance stops (River
// cancels its work) while a 6-person command's calls wait on Chat. The
// people whose calls were cut short get jobs of their own — without
// spending an attempt — and a new instance adds each of them once.
func TestACommandStoppedMidwayHandsEveryoneOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 6)
		r.fake.SetLatency("chat.spaces.members.create", 2*time.Second)
		first := r.newEngine(t, nil)
		if err := first.Start(t.Context()); err != nil {
			t.Fatalf("Start: %v", err)
		}
		saved, err := first.Submit(t.Context(), batch("stopped", 0, 6), replyWithin)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		waitFor(t, 10*time.Second, "the command's calls to be on their way to Chat", func() bool {
			var started int
			err := first.store.DB().QueryRowContext(t.Context(),
				`SELECT COUNT(*) FROM onboard_items WHERE batch_id = $1 AND attempts > 0`, saved.ID).Scan(&started)
			return err == nil && started == 6
		})
		gone, cancel := context.WithCancel(t.Context())
		cancel()
		first.Stop(gone)
		res, err := first.river.JobList(t.Context(), river.NewJobListParams().Kinds(InviteArgs{}.Kind()).
			States(rivertype.JobStateAvailable, rivertype.JobStateScheduled).First(100))
		if err != nil {
			t.Fatalf("JobList: %v", err)
		}
		if len(res.Jobs) != 6 {
			t.Fatalf("got %d people handed on after the stop, want all 6", len(res.Jobs))
		}
		for _, j := range res.Jobs {
			if j.MaxAttempts != first.cfg.MaxAttempts {
				t.Errorf("a person handed on at the stop may try %d times, want %d: a cut-short call spends no attempt", j.MaxAttempts, first.cfg.MaxAttempts)
			}
		}
		r.fake.SetLatency("chat.spaces.members.create", 0)
		second := r.engine(t, nil)
		got := waitDone(t, second, saved.ID, 30*time.Second)
		for i, it := range got.Items {
			if n := r.fake.CreateCount(teamID, personID(i)); n != 1 {
				t.Errorf("person %d: got %d memberships created, want 1", i, n)
			}
			if !it.Result.Outcome.Final() || it.Result.Outcome == bot.NotAdded {
				t.Errorf("person %d: got %q, want added", i, it.Result.Outcome)
			}
		}
	})
}

// TestACommandRunsWhereItWasSavedWithinTheWorkers: with two workers, two
// of three 2-person commands saved at once make their first attempt in
// the process that saved them — their River jobs stay backstops, due
// later — and the third, finding no slot, is River's to start. Everyone
// is added once.
func TestACommandRunsWhereItWasSavedWithinTheWorkers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 6)
		r.fake.SetLatency("chat.spaces.members.create", 300*time.Millisecond)
		e := r.engine(t, func(c *Config) {
			c.Workers = 2
			c.RescueAfter = time.Minute // the backstops stay due for the whole test
		})
		var saved []bot.Batch
		for i := range 3 {
			b, err := e.Submit(t.Context(), batch(fmt.Sprint("command-", i), 2*i, 2), replyWithin)
			if err != nil {
				t.Fatalf("Submit %d: %v", i, err)
			}
			saved = append(saved, b)
		}
		for i, b := range saved {
			wantEveryoneAddedOnce(t, r.fake, waitDone(t, e, b.ID, 30*time.Second), 2*i)
		}
		if n := len(backstops(t, e)); n != 2 {
			t.Errorf("got %d commands run where they were saved, want 2 (the workers)", n)
		}
		waitFor(t, 10*time.Second, "River to finish the third command's job", func() bool {
			for _, j := range finished(jobsOf(t, e, saved[2].ID)) {
				if j.Kind == (TogetherArgs{}).Kind() {
					return true
				}
			}
			return false
		})
	})
}
