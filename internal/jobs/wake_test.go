package jobs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// TestACommandSavedInAnothersCooldownStartsAtOnce: on PostgreSQL, command
// B is saved just after command A — its insert inside A's fetch cooldown,
// so River drops its NOTIFY — and commits only after the fetch A's NOTIFY
// woke has run. B's person is still added without waiting for River's
// poll (a minute here, longer than the test waits): Onboard wakes River
// itself after every commit. One person each, so that each command is a
// River job from the start (a command of several makes its first attempt
// where it was saved: runs).
func TestACommandSavedInAnothersCooldownStartsAtOnce(t *testing.T) {
	const cooldown = 500 * time.Millisecond
	r := newRig(t, store.Postgres, 4)
	var holdB atomic.Bool
	aStarted := make(chan struct{})
	var startedOnce sync.Once
	e := r.engine(t, func(c *Config) {
		c.riverConfig = func(rc *river.Config) {
			// A cooldown long enough that B's insert is surely inside A's.
			rc.FetchCooldown, rc.FetchPollInterval = cooldown, time.Minute
			rc.Hooks = append(rc.Hooks, river.HookInsertBeginFunc(func(ctx context.Context, p *rivertype.JobInsertParams) error {
				if holdB.Load() && p.Kind == (InviteArgs{}).Kind() {
					<-aStarted // B's transaction stays open until River has fetched A's job
				}
				return nil
			}), river.HookWorkBeginFunc(func(ctx context.Context, job *rivertype.JobRow) error {
				startedOnce.Do(func() { close(aStarted) })
				return nil
			}))
		}
	})
	// River fetches once as it starts; A's NOTIFY must wake a fetch of its
	// own, not the one that follows that first fetch's cooldown.
	started := time.Now()
	waitFor(t, 10*time.Second, "River's first fetch to be a cooldown behind", func() bool {
		return time.Since(started) > 2*cooldown
	})
	a, err := e.Submit(t.Context(), batch("command-a", 0, 1), replyWithin)
	if err != nil {
		t.Fatalf("Submit A: %v", err)
	}
	holdB.Store(true)
	b, err := e.Submit(t.Context(), batch("command-b", 1, 1), replyWithin)
	if err != nil {
		t.Fatalf("Submit B: %v", err)
	}
	got, _, err := e.Wait(t.Context(), b.ID, 20*time.Second)
	if err != nil || !got.Done {
		t.Fatalf("command B: done=%v (%v) after 20 s; want its people added without River's poll", got.Done, err)
	}
	wantEveryoneAddedOnce(t, r.fake, got, 1)
	wantEveryoneAddedOnce(t, r.fake, waitDone(t, e, a.ID, 20*time.Second), 0)
}

// TestOnSQLiteEverySavedJobStartsWithoutThePoll: on SQLite River has no
// database to LISTEN to, and its poll is an hour away here — only the
// listener in this process (inProcess), which Engine.wake notifies, can
// start work. A command's job starts when it is saved; when the reply
// gives up waiting, the progress message is posted at once; and River
// itself writes no notification rows for anyone to read.
func TestOnSQLiteEverySavedJobStartsWithoutThePoll(t *testing.T) {
	r := newRig(t, store.SQLite, 4)
	r.fake.SetLatency("chat.spaces.members.create", 300*time.Millisecond)
	e := r.engine(t, func(c *Config) {
		c.riverConfig = func(rc *river.Config) { rc.FetchPollInterval = time.Hour }
	})
	// The first command may ride the fetch River makes as it starts; the
	// second, saved after the first is done, cannot.
	for i, key := range []string{"first", "second"} {
		saved, err := e.Submit(t.Context(), batch(key, 2*i, 2), replyWithin)
		if err != nil {
			t.Fatalf("Submit %s: %v", key, err)
		}
		got, _, err := e.Wait(t.Context(), saved.ID, 20*time.Second)
		if err != nil || !got.Done {
			t.Fatalf("command %s: done=%v (%v) after 20 s; want its people added without River's poll", key, got.Done, err)
		}
		wantEveryoneAddedOnce(t, r.fake, got, 2*i)
	}

	slow, err := e.Submit(t.Context(), batch("slow", 0, 1), 10*time.Millisecond)
	if err != nil {
		t.Fatalf("Submit slow: %v", err)
	}
	if _, reply, err := e.Wait(t.Context(), slow.ID, 10*time.Millisecond); err != nil || reply {
		t.Fatalf("Wait: reply=%v (%v); want the reply to give up and the progress message to report", reply, err)
	}
	waitFor(t, 20*time.Second, "the progress message", func() bool { return lastText(r.fake, originID) != "" })

	var rows int
	if err := e.store.DB().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM river_notification`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 0 {
		t.Errorf("River wrote %d notification rows nobody reads; want none", rows)
	}
}
