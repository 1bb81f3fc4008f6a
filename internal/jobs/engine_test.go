package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// The behavioural suite: real River, real store (SQLite and PostgreSQL),
// the real Chat client against chatfake. Run with
//
//	go test -race ./internal/jobs/
//
// (PostgreSQL: see storetest — skipped when unreachable, unless CI=true.)

func TestBatchCompletesWithEachPersonsOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 30)
		e := r.engine(t, nil)
		b := batch("spaces/"+originID+"/messages/m1", 0, 30)
		b.Items[0].Welcome = "Welcome to the team!"
		// The manager is in the space already; an outsider cannot be added.
		b.Items = append(b.Items, item(actor), item("users/erin@partner.test"))

		saved, err := e.Submit(t.Context(), b, 30*time.Second)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		got, reply, err := e.Wait(t.Context(), saved.ID, 30*time.Second)
		if err != nil {
			t.Fatalf("Wait: %v", err)
		}
		if !got.Done || !reply {
			t.Fatalf("Wait: got a batch done=%v (%s), reply %v; want done within 30s, reported by the reply", got.Done, tally(got), reply)
		}
		wantEveryoneAddedOnce(t, r.fake, bot.Batch{Items: got.Items[:30]}, 0)
		for _, want := range []struct {
			index   int
			outcome bot.Outcome
			reason  bot.Reason
		}{{30, bot.Already, ""}, {31, bot.NotAdded, bot.ReasonExternal}} {
			it := got.Items[want.index]
			if it.Result.Outcome != want.outcome || it.Result.Reason != want.reason {
				t.Errorf("%s: got %q (%q), want %q (%q)", it.Target.User,
					it.Result.Outcome, it.Result.Reason, want.outcome, want.reason)
			}
		}
		if msgs := r.fake.Messages(originID); len(msgs) != 0 {
			t.Errorf("got %d messages in the origin space, want none: the reply reports a batch done in time", len(msgs))
		}
		if got := lastText(r.fake, teamID); !strings.HasPrefix(got, "<users/") || !strings.HasSuffix(got, "> Welcome to the team!") {
			t.Errorf("team space: got last message %q, want the welcome, mentioning whom it welcomes", got)
		}
	})
}

func TestSlowBatchIsReportedByAProgressMessage(t *testing.T) {
	t.Parallel() // it mostly waits on pacing and timers, on a database and fake of its own
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 8)
		r.fake.SetLatency("chat.spaces.members.create", 400*time.Millisecond)
		e := r.engine(t, func(c *Config) { c.Workers = 2 })

		saved, err := e.Submit(t.Context(), batch("slow", 0, 8), 200*time.Millisecond)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		got, reply, err := e.Wait(t.Context(), saved.ID, 200*time.Millisecond)
		if err != nil {
			t.Fatalf("Wait: %v", err)
		}
		if got.Done || reply {
			t.Fatalf("Wait: got done=%v reply=%v, want a batch still pending after 200ms of 8 slow adds, reported by the progress message", got.Done, reply)
		}
		waitFor(t, 20*time.Second, "a progress message", func() bool { return lastText(r.fake, originID) != "" })
		final := "done=true joined=4 invited=4"
		waitFor(t, 30*time.Second, "the final tally "+final, func() bool { return lastText(r.fake, originID) == final })
		if n := len(r.fake.Messages(originID)); n != 1 {
			t.Errorf("got %d messages in the origin space, want 1 progress message edited in place", n)
		}
		wantEveryoneAddedOnce(t, r.fake, waitDone(t, e, saved.ID, time.Second), 0)
	})
}

func TestResubmittedRequestDoesNothingNew(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 10)
		e := r.engine(t, nil)
		first, err := e.Submit(t.Context(), batch("redelivered", 0, 10), replyWithin)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		waitDone(t, e, first.ID, 30*time.Second)
		jobs := inviteJobCount(t, e)

		again, err := e.Submit(t.Context(), batch("redelivered", 0, 10), replyWithin)
		if err != nil {
			t.Fatalf("Submit again: %v", err)
		}
		if again.ID != first.ID {
			t.Errorf("got batch %q for the same key, want %q", again.ID, first.ID)
		}
		if got := inviteJobCount(t, e); got != jobs || jobs != 1 {
			t.Errorf("got %d invite jobs after resubmitting, want the first one, for all 10 (had %d)", got, jobs)
		}
		b, _, err := e.Wait(t.Context(), again.ID, 5*time.Second)
		if err != nil {
			t.Fatalf("Wait: %v", err)
		}
		wantEveryoneAddedOnce(t, r.fake, b, 0)
	})
}

func TestRateLimitStormLosesNobody(t *testing.T) {
	t.Parallel() // it mostly waits on pacing and timers, on a database and fake of its own
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 30)
		r.fake.SetQuota(chatfake.Quotas{MembershipWrites: 5, MembershipWindowSeconds: 1})
		e := r.engine(t, func(c *Config) { c.WritesPerMinute = 6000 })

		saved, err := e.Submit(t.Context(), batch("storm", 0, 30), replyWithin)
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		b := waitDone(t, e, saved.ID, 90*time.Second)
		wantEveryoneAddedOnce(t, r.fake, b, 0)
		if n := count429(r.fake); n == 0 {
			t.Errorf("got no 429 from chatfake, want a storm (the test lost its point)")
		}
		if got := e.limiter.PerMinute(); got >= 6000*limiterHeadroom {
			t.Errorf("limiter at %v a minute after a storm, want it below its ceiling", got)
		}
	})
}

func count429(fake *chatfake.Server) int {
	n := 0
	for _, c := range fake.Calls() {
		if c.Method == "chat.spaces.members.create" && c.Status == 429 {
			n++
		}
	}
	return n
}

func TestTwoEnginesShareOneDatabase(t *testing.T) {
	r := newRig(t, store.Postgres, 60)
	a := r.engine(t, nil)
	b := r.engine(t, nil)
	saved, err := a.Submit(t.Context(), batch("shared", 0, 60), replyWithin)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	got := waitDone(t, b, saved.ID, 60*time.Second)
	wantEveryoneAddedOnce(t, r.fake, got, 0)
	if n := got.Count(bot.Joined) + got.Count(bot.Invited); n != 60 {
		t.Errorf("got %d people added (%s), want 60", n, tally(got))
	}
}

// An instance goes away while Chat is adding people whose answers never
// reach it. "stopped": it is shut down without draining, so its people
// are handed on at once. "killed": it loses its database first, so its
// work is left in flight — the command's backstop (runs) comes due
// RescueAfter after it was saved, a person's job stays "running" until
// the new instance's rescuer (RescueAfter) retries it. Either way the new
// instance finishes the batch, each person has one membership, and those
// added unseen are Joined/Invited, not Already.
func TestStoppedMidwayANewEngineFinishes(t *testing.T) {
	t.Parallel() // it mostly waits on pacing and timers, on a database and fake of its own
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		for _, killed := range []bool{false, true} {
			name := map[bool]string{false: "stopped", true: "killed"}[killed]
			t.Run(name, func(t *testing.T) { testResume(t, dialect, killed) })
		}
	})
}

func testResume(t *testing.T, dialect store.Dialect, killed bool) {
	const n = 24
	r := newRig(t, dialect, n)
	lossy := &losingTransport{}
	c := r.client(t, lossy)
	first := r.engine(t, func(cfg *Config) {
		cfg.Members, cfg.Messages = c, c
		cfg.WritesPerMinute = 600 // ten a second: most are still to do when it goes
		// Not the leader, so the new instance's rescuer starts at once
		// instead of after the dead leader's term expires.
		cfg.riverConfig = func(rc *river.Config) { rc.LeaderElectionDisabled = killed }
		if killed {
			cfg.RescueAfter = 4 * time.Second // when the command's backstop comes due
		}
	})
	saved, err := first.Submit(t.Context(), batch("crash", 0, n), replyWithin)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	waitFor(t, 20*time.Second, "some people added", func() bool {
		b, _ := first.store.Batch(t.Context(), saved.ID)
		return n-b.Count(bot.Pending) >= 4
	})
	// Chat adds the next people, but their answers never arrive …
	lossy.set(true)
	waitFor(t, 20*time.Second, "an answer to be lost", func() bool { return lossy.count() >= 1 })
	// … and the instance goes away.
	if killed {
		first.store.DB().Close() // nothing it does from now on is recorded
	}
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	first.Stop(gone)

	s := r.openStore(t)
	mid, err := s.Batch(t.Context(), saved.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mid.Done {
		t.Fatalf("the batch finished before the instance went (%s); the test lost its point", tally(mid))
	}
	if killed {
		left := r.newEngine(t, nil)
		stuck := runningJobs(t, left)
		if len(stuck) == 0 && len(backstops(t, left)) == 0 {
			t.Fatal("the killed instance left no work in flight; the test lost its point")
		}
		// River's rescuer runs when an instance starts leading and then
		// every 30 s: start the new one once the stuck jobs are old
		// enough to be rescued.
		for _, at := range stuck {
			waitFor(t, 10*time.Second, "a stuck job to pass RescueAfter", func() bool {
				return time.Since(at) > 2*time.Second
			})
		}
	}
	second := r.engine(t, func(cfg *Config) { cfg.RescueAfter = 2 * time.Second })
	got := waitDone(t, second, saved.ID, 60*time.Second)
	wantEveryoneAddedOnce(t, r.fake, got, 0)
	t.Logf("%d answers lost; mid-way: %s; final: %s", lossy.count(), tally(mid), tally(got))
}

// inviteJobCount is how many invite jobs River holds: a person's and a
// command's.
func inviteJobCount(t *testing.T, e *Engine) int {
	return jobCount(t, e, InviteArgs{}.Kind()) + jobCount(t, e, TogetherArgs{}.Kind())
}

// backstops are the commands' jobs still to come due.
func backstops(t *testing.T, e *Engine) []*rivertype.JobRow {
	t.Helper()
	res, err := e.river.JobList(t.Context(), river.NewJobListParams().
		Kinds(TogetherArgs{}.Kind()).States(rivertype.JobStateScheduled).First(1000))
	if err != nil {
		t.Fatalf("JobList: %v", err)
	}
	return res.Jobs
}

// runningJobs returns when each invite job now "running" was attempted.
func runningJobs(t *testing.T, e *Engine) []time.Time {
	t.Helper()
	res, err := e.river.JobList(t.Context(), river.NewJobListParams().
		Kinds(InviteArgs{}.Kind(), TogetherArgs{}.Kind()).States(rivertype.JobStateRunning).First(1000))
	if err != nil {
		t.Fatalf("JobList: %v", err)
	}
	var at []time.Time
	for _, j := range res.Jobs {
		if j.AttemptedAt != nil {
			at = append(at, *j.AttemptedAt)
		}
	}
	return at
}

func TestCancelMarksPendingPeopleAndTheCardSaysSo(t *testing.T) {
	t.Parallel() // it mostly waits on pacing and timers, on a database and fake of its own
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		r := newRig(t, dialect, 40)
		r.fake.SetLatency("chat.spaces.members.create", 300*time.Millisecond)
		e := r.engine(t, func(c *Config) { c.Workers = 1 })

		t.Run("Cancel", func(t *testing.T) {
			saved, err := e.Submit(t.Context(), batch("to-cancel", 0, 20), 100*time.Millisecond)
			if err != nil {
				t.Fatalf("Submit: %v", err)
			}
			if b, _, err := e.Wait(t.Context(), saved.ID, 100*time.Millisecond); err != nil || b.Done {
				t.Fatalf("Wait: got done=%v, %v; want a batch still pending", b.Done, err)
			}
			waitFor(t, 20*time.Second, "a progress message", func() bool { return lastText(r.fake, originID) != "" })
			b, err := e.Cancel(t.Context(), saved.ID, bot.ReasonByRequester)
			if err != nil {
				t.Fatalf("Cancel: %v", err)
			}
			if !b.Cancelled {
				t.Errorf("got a batch not marked cancelled, want it marked")
			}
			wantCancelled(t, r.fake, e, b, bot.ReasonByRequester)
		})
		t.Run("CancelSpace", func(t *testing.T) {
			saved, err := e.Submit(t.Context(), batch("app-removed", 20, 20), 100*time.Millisecond)
			if err != nil {
				t.Fatalf("Submit: %v", err)
			}
			if b, _, err := e.Wait(t.Context(), saved.ID, 100*time.Millisecond); err != nil || b.Done {
				t.Fatalf("Wait: got done=%v, %v; want a batch still pending", b.Done, err)
			}
			n, err := e.CancelSpace(t.Context(), team)
			if err != nil {
				t.Fatalf("CancelSpace: %v", err)
			}
			if n == 0 || n > 20 {
				t.Errorf("CancelSpace: got %d cancelled, want between 1 and 20", n)
			}
			b, err := e.store.Batch(t.Context(), saved.ID)
			if err != nil {
				t.Fatal(err)
			}
			// The one create in flight when the cancel came (one worker)
			// may still land: that person really joined, and RecordResult
			// lets Joined replace Cancelled so the tally shows it.
			if got := b.Count(bot.Cancelled); got > n || got < n-1 {
				t.Errorf("got %d items cancelled, want the %d CancelSpace reported (one fewer if the create in flight landed)", got, n)
			}
			wantCancelled(t, r.fake, e, b, bot.ReasonAppRemoved)
		})
	})
}

// wantCancelled checks that b's pending items were cancelled with reason,
// none was attempted afterwards, and the final card counts them.
func wantCancelled(t *testing.T, fake *chatfake.Server, e *Engine, b bot.Batch, reason bot.Reason) {
	t.Helper()
	if !b.Done {
		t.Errorf("got a batch not done after cancelling, want done")
	}
	cancelled := 0
	for _, it := range b.Items {
		switch it.Result.Outcome {
		case bot.Cancelled:
			cancelled++
			if it.Result.Reason != reason {
				t.Errorf("%s: got reason %q, want %q", it.Target.User, it.Result.Reason, reason)
			}
		case bot.Pending:
			t.Errorf("%s: still pending after a cancel", it.Target.User)
		}
	}
	if cancelled == 0 {
		t.Fatalf("nothing was cancelled (%s); the test lost its point", tally(b))
	}
	final := tally(b)
	if !strings.Contains(final, "cancelled=") {
		t.Fatalf("tally %q does not count the cancelled", final)
	}
	// The final card shows the batch as it ends: a create that was in
	// flight when the cancel came may still land and count as added.
	waitFor(t, 30*time.Second, "the final card "+final, func() bool {
		now, err := e.store.Batch(t.Context(), b.ID)
		if err != nil {
			return false
		}
		for _, m := range fake.Messages(originID) {
			if m.Text == tally(now) {
				return true
			}
		}
		return false
	})
	// The jobs of cancelled people end without calling Chat; only the one
	// call in flight when the cancel came (one worker) may still land.
	late := 0
	for _, it := range b.Items {
		if it.Result.Outcome == bot.Cancelled {
			late += fake.CreateCount(teamID, strings.TrimPrefix(it.Target.User, "users/"))
		}
	}
	if late > 1 {
		t.Errorf("got %d members.create for cancelled people, want at most the 1 in flight", late)
	}
}

// A person Chat keeps refusing with a retryable answer is not left
// pending: after the last attempt their outcome says why.
func TestLastAttemptRecordsWhy(t *testing.T) {
	tests := []struct {
		name   string
		code   int
		status string
		want   bot.Reason
	}{
		{"outage", 503, "UNAVAILABLE", bot.ReasonAPIError},
		{"quota", 429, "RESOURCE_EXHAUSTED", bot.ReasonRateLimited},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, store.SQLite, 2)
			r.fake.FailNext("chat.spaces.members.create", 1000, tt.code, tt.status, "")
			e := r.engine(t, func(c *Config) { c.MaxAttempts = 3 })
			saved, err := e.Submit(t.Context(), batch(tt.name, 0, 2), replyWithin)
			if err != nil {
				t.Fatalf("Submit: %v", err)
			}
			b := waitDone(t, e, saved.ID, 30*time.Second)
			for _, it := range b.Items {
				if it.Result.Outcome != bot.NotAdded || it.Result.Reason != tt.want {
					t.Errorf("%s: got %q (%q), want %q (%q)", it.Target.User,
						it.Result.Outcome, it.Result.Reason, bot.NotAdded, tt.want)
				}
			}
			if got := countCalls(r.fake, "chat.spaces.members.create"); got != 2*3 {
				t.Errorf("got %d members.create calls, want 3 attempts for each of 2 people", got)
			}
		})
	}
}

func countCalls(fake *chatfake.Server, method string) int {
	n := 0
	for _, c := range fake.Calls() {
		if c.Method == method {
			n++
		}
	}
	return n
}
