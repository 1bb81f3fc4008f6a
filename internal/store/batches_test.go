package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestCreateBatchSavesItemsInOrderAndEnqueuesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		in := newBatch("spaces/origin/messages/1", alice,
			pending(eng, "users/10"),
			decided(eng, "users/11", bot.Skipped, bot.ReasonDuplicate),
			pending(ops, "users/10"),
			decided(eng, "", bot.Skipped, bot.ReasonUnrecognised),
			decided(eng, "", bot.Skipped, bot.ReasonUnrecognised),
		)
		in.CreatedAt = at
		in.Locale, in.TimeZone = "zh-TW", "Asia/Taipei" // its progress message is read in Taiwan
		var rec enqueueRecorder
		var itemsInTx int
		saved, created, err := s.CreateBatch(t.Context(), in, func(tx *sql.Tx, b bot.Batch) error {
			// The batch is visible to the enqueuer's transaction.
			err := tx.QueryRowContext(t.Context(), "SELECT count(*) FROM onboard_items WHERE batch_id = $1", b.ID).Scan(&itemsInTx)
			return errors.Join(err, rec.enqueue(tx, b))
		})
		if err != nil || !created {
			t.Fatalf("CreateBatch = created %v, %v; want created", created, err)
		}
		if saved.ID == "" {
			t.Errorf("saved.ID is empty")
		}
		if rec.count() != 1 || itemsInTx != len(in.Items) {
			t.Errorf("enqueue called %d times seeing %d items; want once seeing %d", rec.count(), itemsInTx, len(in.Items))
		}
		if diff := cmp.Diff(saved, rec.calls[0]); diff != "" {
			t.Errorf("enqueue got a batch other than the one returned (-returned +enqueued):\n%s", diff)
		}
		want := in
		want.ID, want.CreatedAt = saved.ID, at.UTC().Truncate(time.Microsecond)
		if diff := cmp.Diff(want, saved); diff != "" {
			t.Errorf("CreateBatch returned (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(saved, load(t, s, saved.ID)); diff != "" {
			t.Errorf("Batch reads back (-saved +read):\n%s", diff)
		}
	})
}

func TestCreateBatchSameKeyReturnsTheFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		first := create(t, s, newBatch("k1", alice, pending(eng, "users/10")))
		var rec enqueueRecorder
		again, created, err := s.CreateBatch(t.Context(), newBatch("k1", bob, pending(ops, "users/20")), rec.enqueue)
		if err != nil || created {
			t.Fatalf("second CreateBatch = created %v, %v; want the existing batch", created, err)
		}
		if rec.count() != 0 {
			t.Errorf("enqueue called %d times for an existing batch, want 0", rec.count())
		}
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("second CreateBatch returned (-first +got):\n%s", diff)
		}
		byKey, err := s.BatchByKey(t.Context(), "k1")
		if err != nil {
			t.Fatalf("BatchByKey(k1): %v", err)
		}
		if diff := cmp.Diff(first, byKey); diff != "" {
			t.Errorf("BatchByKey(k1) returned (-first +got):\n%s", diff)
		}
	})
}

func TestCreateBatchConcurrentSameKeyMakesOneBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		url := storetest.URL(t, d)
		a := storetest.OpenUnmigrated(t, url)
		if err := a.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		instances := []*store.Store{a, storetest.OpenUnmigrated(t, url)}
		const n = 8
		var rec enqueueRecorder
		ids := make([]string, n)
		createdN := make([]bool, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				b, created, err := instances[i%2].CreateBatch(t.Context(),
					newBatch("same", alice, pending(eng, "users/10"), pending(eng, "users/11")), rec.enqueue)
				ids[i], createdN[i], errs[i] = b.ID, created, err
			})
		}
		wg.Wait()
		created := 0
		for i := range n {
			if errs[i] != nil {
				t.Errorf("caller %d: %v", i, errs[i])
			}
			if createdN[i] {
				created++
			}
			if ids[i] != ids[0] {
				t.Errorf("caller %d got batch %q, caller 0 got %q; want one batch", i, ids[i], ids[0])
			}
		}
		if created != 1 || rec.count() != 1 {
			t.Errorf("got %d created and %d enqueued, want 1 and 1", created, rec.count())
		}
		if got := load(t, a, ids[0]); len(got.Items) != 2 {
			t.Errorf("the batch has %d items, want 2", len(got.Items))
		}
	})
}

func TestCreateBatchEnqueueErrorRollsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		queueDown := errors.New("queue down")
		var tried string
		_, created, err := s.CreateBatch(t.Context(), newBatch("k", alice, pending(eng, "users/10")),
			func(_ *sql.Tx, b bot.Batch) error { tried = b.ID; return queueDown })
		if !errors.Is(err, queueDown) || created {
			t.Fatalf("CreateBatch = created %v, %v; want the enqueue error", created, err)
		}
		_, err = s.Batch(t.Context(), tried)
		wantKind(t, "Batch after a failed enqueue", err, bot.KindNotFound)
		if got, err := s.RecentBatches(t.Context(), alice.Name, 10); err != nil || len(got) != 0 {
			t.Errorf("RecentBatches = %d batches, %v; want none", len(got), err)
		}
		// The key is free again: a retry of the request saves it.
		create(t, s, newBatch("k", alice, pending(eng, "users/10")))
	})
}

func TestCreateBatchWithNothingPendingIsDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		tests := []struct {
			name     string
			items    []bot.Item
			wantDone bool
		}{
			{"all decided before any call", []bot.Item{
				decided(eng, "users/10", bot.NotAdded, bot.ReasonExternal),
				decided(eng, "users/11", bot.Skipped, bot.ReasonInvoker),
				decided(eng, "users/12", bot.Refused, bot.ReasonPolicy),
			}, true},
			{"one pending", []bot.Item{
				decided(eng, "users/10", bot.NotAdded, bot.ReasonExternal),
				pending(eng, "users/11"),
			}, false},
			{"empty outcome means pending", []bot.Item{{Space: eng, Target: bot.Target{User: "users/10"}}}, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				saved := create(t, s, newBatch(tt.name, alice, tt.items...))
				got := load(t, s, saved.ID)
				if got.Done != tt.wantDone || saved.Done != tt.wantDone {
					t.Errorf("Done = %v (returned %v), want %v", got.Done, saved.Done, tt.wantDone)
				}
				for i, it := range got.Items {
					want := tt.items[i].Result
					if want.Outcome == "" {
						want.Outcome = bot.Pending
					}
					if it.Result.Outcome != want.Outcome || it.Result.Reason != want.Reason {
						t.Errorf("item %d = %s/%s, want %s/%s", i, it.Result.Outcome, it.Result.Reason, want.Outcome, want.Reason)
					}
				}
			})
		}
	})
}

func TestCreateBatchRefusesBadBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		_, _, err := s.CreateBatch(t.Context(), newBatch("", alice, pending(eng, "users/10")), noEnqueue)
		wantKind(t, "CreateBatch without a key", err, bot.KindInvalid)

		// One job per (request, space, person): the same person twice
		// in one space, both to be attempted, is a caller's bug.
		_, created, err := s.CreateBatch(t.Context(), newBatch("dup", alice,
			pending(eng, "users/10"), pending(eng, "users/10")), noEnqueue)
		if err == nil || created {
			t.Errorf("CreateBatch with a person twice = created %v, %v; want an error", created, err)
		}
	})
}

func TestBatchNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		_, err := s.Batch(t.Context(), "nope")
		wantKind(t, "Batch(nope)", err, bot.KindNotFound)
		_, err = s.BatchByKey(t.Context(), "nope")
		wantKind(t, "BatchByKey(nope)", err, bot.KindNotFound)
	})
}

func TestRecentBatchesNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		var ids []string // oldest first
		for i, key := range []string{"old", "mid", "new"} {
			b := newBatch(key, alice, pending(eng, "users/10"), pending(ops, "users/11"))
			b.CreatedAt = at.Add(time.Duration(i) * time.Hour)
			ids = append(ids, create(t, s, b).ID)
		}
		other := newBatch("bob's", bob, pending(eng, "users/10"))
		other.CreatedAt = at.Add(time.Hour * 5)
		create(t, s, other)

		tests := []struct {
			name  string
			actor string
			limit int
			want  []string
		}{
			{"all", alice.Name, 10, []string{ids[2], ids[1], ids[0]}},
			{"limited", alice.Name, 2, []string{ids[2], ids[1]}},
			{"zero limit", alice.Name, 0, nil},
			{"nobody's", "users/none", 10, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				bs, err := s.RecentBatches(t.Context(), tt.actor, tt.limit)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, b := range bs {
					got = append(got, b.ID)
					if len(b.Items) != 2 || b.Items[0].Space != eng || b.Items[1].Space != ops {
						t.Errorf("batch %s items = %+v, want eng then ops", b.ID, b.Items)
					}
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("RecentBatches ids (-want +got):\n%s", diff)
				}
			})
		}
	})
}

func TestTimestampsRoundTripInUTC(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := newBatch("k", alice, pending(eng, "users/10"))
		b.CreatedAt = at
		saved := create(t, s, b)
		want := at.UTC().Truncate(time.Microsecond)

		got := load(t, s, saved.ID).CreatedAt
		if got != want { // == also compares the location
			t.Errorf("CreatedAt = %v, want %v", got, want)
		}
		if err := s.SetProgressMessage(t.Context(), saved.ID, "spaces/origin/messages/9", at); err != nil {
			t.Fatal(err)
		}
		if _, got, err := s.ProgressMessage(t.Context(), saved.ID); err != nil || got != want {
			t.Errorf("progress updated = %v, %v; want %v", got, err, want)
		}
		if err := s.SavePlan(t.Context(), bot.Plan{Name: "p", UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Plan(t.Context(), "p"); err != nil || p.UpdatedAt != want {
			t.Errorf("plan UpdatedAt = %v, %v; want %v", p.UpdatedAt, err, want)
		}
	})
}

// HasRequest tells a redelivered message (its batch is saved) from a new
// one, on every database.
func TestHasRequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		key := "spaces/origin/messages/seen"
		if seen, err := s.HasRequest(t.Context(), key); err != nil || seen {
			t.Fatalf("before saving: HasRequest = %v, %v; want false", seen, err)
		}
		if _, _, err := s.CreateBatch(t.Context(), newBatch(key, alice, pending(eng, "users/10")), nil); err != nil {
			t.Fatal(err)
		}
		if seen, err := s.HasRequest(t.Context(), key); err != nil || !seen {
			t.Errorf("after saving: HasRequest = %v, %v; want true", seen, err)
		}
		if seen, err := s.HasRequest(t.Context(), key+"-other"); err != nil || seen {
			t.Errorf("another message: HasRequest = %v, %v; want false", seen, err)
		}
	})
}

// TestItemAndBatchDone: a job reads its own item alone, and a waiting
// reply learns a batch is done without reading its items; both say
// when there is no such thing.
func TestItemAndBatchDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("two", alice, pending(eng, "users/10"), pending(ops, "users/20")))
		it, err := s.Item(t.Context(), store.ItemRef{BatchID: b.ID, Index: 1})
		if err != nil || it.Space.Name != ops.Name || it.Target.User != "users/20" || it.Result.Outcome != bot.Pending {
			t.Errorf("Item(1) = %+v, %v; want the pending person in Ops", it, err)
		}
		_, err = s.Item(t.Context(), store.ItemRef{BatchID: b.ID, Index: 2})
		wantKind(t, "Item(2)", err, bot.KindNotFound)
		for i, want := range []bool{false, true} {
			if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: i},
				bot.PersonResult{User: "users/x", Outcome: bot.Joined}); err != nil {
				t.Fatal(err)
			}
			if done, err := s.BatchDone(t.Context(), b.ID); err != nil || done != want {
				t.Errorf("after %d outcomes: BatchDone = %v, %v; want %v", i+1, done, err, want)
			}
		}
		_, err = s.BatchDone(t.Context(), "nope")
		wantKind(t, "BatchDone(nope)", err, bot.KindNotFound)
	})
}

// TestCreateBatchSavesALargeBatchWhole: a bulk command's items are saved
// several statements at a time; every one comes back, in order, with its
// own outcome.
func TestCreateBatchSavesALargeBatchWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		var items []bot.Item
		for i := range 123 {
			if i%10 == 3 {
				items = append(items, decided(eng, fmt.Sprintf("users/%d", i), bot.Already, ""))
				continue
			}
			items = append(items, pending(eng, fmt.Sprintf("users/%d", i)))
		}
		b := create(t, s, newBatch("bulk", alice, items...))
		got := load(t, s, b.ID)
		if len(got.Items) != len(items) {
			t.Fatalf("got %d items back, want %d", len(got.Items), len(items))
		}
		for i, it := range got.Items {
			want := bot.Pending
			if i%10 == 3 {
				want = bot.Already
			}
			if it.Target.User != fmt.Sprintf("users/%d", i) || it.Result.Outcome != want {
				t.Errorf("item %d: got %s %q, want users/%d %q", i, it.Target.User, it.Result.Outcome, i, want)
			}
		}
	})
}

// TestReadsDoNotWaitForTheWriter: on SQLite a command's reads — its
// batch, whether it is done, who reports it — are answered while another
// transaction holds the one connection that writes, and see everything
// committed before.
func TestReadsDoNotWaitForTheWriter(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	b := create(t, s, newBatch("k", alice, pending(eng, "users/10")))
	holding, release := make(chan struct{}), make(chan struct{})
	writer := make(chan error, 1)
	go func() {
		writer <- s.Tx(t.Context(), func(*sql.Tx) error {
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	got, err := s.Batch(ctx, b.ID)
	if err != nil || got.ID != b.ID || len(got.Items) != 1 {
		t.Errorf("Batch while a write is open = %v items, %v; want the batch", len(got.Items), err)
	}
	if done, err := s.BatchDone(ctx, b.ID); err != nil || done {
		t.Errorf("BatchDone while a write is open = %v, %v; want false", done, err)
	}
	if _, err := s.Reporting(ctx, b.ID); err != nil {
		t.Errorf("Reporting while a write is open: %v", err)
	}
	close(release)
	if err := <-writer; err != nil {
		t.Fatal(err)
	}
}
