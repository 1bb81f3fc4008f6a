package store_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestStartAttempt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice,
			pending(eng, "users/10"),
			decided(eng, "users/11", bot.Skipped, bot.ReasonDuplicate),
			pending(eng, "users/12")))
		first, third := store.ItemRef{BatchID: b.ID, Index: 0}, store.ItemRef{BatchID: b.ID, Index: 2}
		record := func(ref store.ItemRef) func(t *testing.T) {
			return func(t *testing.T) {
				if _, err := s.RecordResult(t.Context(), ref, bot.PersonResult{Outcome: bot.Joined}); err != nil {
					t.Fatal(err)
				}
			}
		}
		cancel := func(t *testing.T) {
			if _, err := s.CancelBatch(t.Context(), b.ID, bot.ReasonByRequester); err != nil {
				t.Fatal(err)
			}
		}
		steps := []struct {
			name         string
			before       func(t *testing.T)
			ref          store.ItemRef
			wantPrevious int
			wantPending  bool
		}{
			{"first attempt", nil, first, 0, true},
			{"retry knows one came before", nil, first, 1, true},
			{"decided item is not attempted", nil, store.ItemRef{BatchID: b.ID, Index: 1}, 0, false},
			{"after the result, no more attempts", record(first), first, 2, false},
			{"third item", nil, third, 0, true},
			{"cancelled batch", cancel, third, 1, false},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if st.before != nil {
					st.before(t)
				}
				prev, pend, err := s.StartAttempt(t.Context(), st.ref)
				if err != nil || prev != st.wantPrevious || pend != st.wantPending {
					t.Errorf("StartAttempt = %d, %v, %v; want %d, %v", prev, pend, err, st.wantPrevious, st.wantPending)
				}
			})
		}
		_, _, err := s.StartAttempt(t.Context(), store.ItemRef{BatchID: b.ID, Index: 7})
		wantKind(t, "StartAttempt on a missing item", err, bot.KindNotFound)
	})
}

func TestRecordResultOnceAndDoneWithTheLastItem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice, pending(eng, "users/10"), pending(ops, "users/alice@example.com")))
		results := []struct {
			name         string
			index        int
			result       bot.PersonResult
			wantRecorded bool
			wantDone     bool
		}{
			{"first item joins", 0, bot.PersonResult{User: "users/10", Outcome: bot.Joined}, true, false},
			{"a second result is ignored", 0, bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonAPIError}, false, false},
			{"last item makes the batch done", 1, bot.PersonResult{User: "users/77", Outcome: bot.Invited}, true, true},
		}
		for _, r := range results {
			t.Run(r.name, func(t *testing.T) {
				got, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: r.index}, r.result)
				if err != nil || got != r.wantRecorded {
					t.Errorf("RecordResult = %v, %v; want %v", got, err, r.wantRecorded)
				}
				if done := load(t, s, b.ID).Done; done != r.wantDone {
					t.Errorf("Done = %v, want %v", done, r.wantDone)
				}
			})
		}
		got := load(t, s, b.ID)
		want := []bot.PersonResult{
			{Target: b.Items[0].Target, User: "users/10", Outcome: bot.Joined},
			{Target: b.Items[1].Target, User: "users/77", Outcome: bot.Invited},
		}
		if diff := cmp.Diff(want, []bot.PersonResult{got.Items[0].Result, got.Items[1].Result}); diff != "" {
			t.Errorf("stored results (-want +got):\n%s", diff)
		}

		_, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: 0}, bot.PersonResult{Outcome: bot.Pending})
		wantKind(t, "RecordResult(Pending)", err, bot.KindInvalid)
		_, err = s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: 9}, bot.PersonResult{Outcome: bot.Joined})
		wantKind(t, "RecordResult on a missing item", err, bot.KindNotFound)
		_, err = s.RecordResult(t.Context(), store.ItemRef{BatchID: "nope"}, bot.PersonResult{Outcome: bot.Joined})
		wantKind(t, "RecordResult on a missing batch", err, bot.KindNotFound)
	})
}

func TestRecordResultConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		url := storetest.URL(t, d)
		a := storetest.OpenUnmigrated(t, url)
		if err := a.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		instances := []*store.Store{a, storetest.OpenUnmigrated(t, url)}
		const n = 8
		var items []bot.Item
		for i := range n {
			items = append(items, pending(eng, fmt.Sprintf("users/%d", 100+i)))
		}
		b := create(t, a, newBatch("k", alice, items...))

		t.Run("one of many writers of one item wins", func(t *testing.T) {
			recorded := make([]bool, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					r := bot.PersonResult{User: fmt.Sprintf("users/winner-%d", i), Outcome: bot.Joined}
					ok, err := instances[i%2].RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: 0}, r)
					if err != nil {
						t.Errorf("writer %d: %v", i, err)
					}
					recorded[i] = ok
				})
			}
			wg.Wait()
			winners := 0
			for i, ok := range recorded {
				if ok {
					winners++
					if got := load(t, a, b.ID).Items[0].Result.User; got != fmt.Sprintf("users/winner-%d", i) {
						t.Errorf("stored user %q, want the winner's users/winner-%d", got, i)
					}
				}
			}
			if winners != 1 {
				t.Errorf("%d writers recorded, want exactly 1", winners)
			}
			winner := load(t, a, b.ID).Items[0].Result.User
			if got := batchAudit(t, a, b.ID); len(got) != 1 || got[0].Person != winner {
				t.Errorf("audit entries after the race = %+v, want exactly the winner's (%s)", got, winner)
			}
		})
		t.Run("the last of the items settled at once makes the batch done", func(t *testing.T) {
			var wg sync.WaitGroup
			for i := 1; i < n; i++ {
				wg.Go(func() {
					ref := store.ItemRef{BatchID: b.ID, Index: i}
					ok, err := instances[i%2].RecordResult(t.Context(), ref, bot.PersonResult{Outcome: bot.Joined})
					if err != nil || !ok {
						t.Errorf("item %d: RecordResult = %v, %v; want recorded", i, ok, err)
					}
				})
			}
			wg.Wait()
			got := load(t, a, b.ID)
			if !got.Done || got.Count(bot.Joined) != n {
				t.Errorf("batch Done = %v with %d joined; want done with %d", got.Done, got.Count(bot.Joined), n)
			}
			if got := batchAudit(t, a, b.ID); len(got) != n {
				t.Errorf("%d audit entries, want %d: one per recorded result", len(got), n)
			}
		})
	})
}

func TestCancelBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice,
			pending(eng, "users/10"),
			pending(eng, "users/11"),
			decided(eng, "users/12", bot.Skipped, bot.ReasonDuplicate)))
		if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: 0}, bot.PersonResult{Outcome: bot.Joined}); err != nil {
			t.Fatal(err)
		}

		got, err := s.CancelBatch(t.Context(), b.ID, bot.ReasonByRequester)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Cancelled || !got.Done {
			t.Errorf("Cancelled, Done = %v, %v; want true, true", got.Cancelled, got.Done)
		}
		if diff := cmp.Diff([]bot.Outcome{bot.Joined, bot.Cancelled, bot.Skipped}, outcomes(got)); diff != "" {
			t.Errorf("outcomes (-want +got):\n%s", diff)
		}
		if r := got.Items[1].Result.Reason; r != bot.ReasonByRequester {
			t.Errorf("cancelled item's reason = %q, want %q", r, bot.ReasonByRequester)
		}
		// A failure after the cancel changes nothing; a create that was
		// already on its way and succeeded is a real membership and shows.
		if ok, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: 1}, bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonAPIError}); ok || err != nil {
			t.Errorf("RecordResult(not_added) after cancel = %v, %v; want false, nil", ok, err)
		}
		if ok, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: 1}, bot.PersonResult{Outcome: bot.Joined}); !ok || err != nil {
			t.Errorf("RecordResult(joined) after cancel = %v, %v; want true, nil (the membership is real)", ok, err)
		}

		_, err = s.CancelBatch(t.Context(), "nope", bot.ReasonByRequester)
		wantKind(t, "CancelBatch(nope)", err, bot.KindNotFound)
	})
}

func TestCancelBatchThatIsDoneChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice, decided(eng, "users/10", bot.NotAdded, bot.ReasonExternal)))
		got, err := s.CancelBatch(t.Context(), b.ID, bot.ReasonByRequester)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(b, got); diff != "" {
			t.Errorf("CancelBatch of a done batch changed it (-before +after):\n%s", diff)
		}
	})
}

func TestCancelSpace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		onlyEng := create(t, s, newBatch("a", alice, pending(eng, "users/10"), pending(eng, "users/11")))
		both := create(t, s, newBatch("b", bob, pending(eng, "users/12"), pending(ops, "users/13")))
		joined := create(t, s, newBatch("c", bob, pending(eng, "users/14")))
		if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: joined.ID}, bot.PersonResult{Outcome: bot.Joined}); err != nil {
			t.Fatal(err)
		}

		n, err := s.CancelSpace(t.Context(), eng.Name, bot.ReasonAppRemoved)
		if err != nil || n != 3 {
			t.Fatalf("CancelSpace = %d, %v; want 3", n, err)
		}
		tests := []struct {
			name         string
			id           string
			wantOutcomes []bot.Outcome
			wantDone     bool
		}{
			{"batch only in the space is done, not cancelled", onlyEng.ID, []bot.Outcome{bot.Cancelled, bot.Cancelled}, true},
			{"other space still pending", both.ID, []bot.Outcome{bot.Cancelled, bot.Pending}, false},
			{"finished work is kept", joined.ID, []bot.Outcome{bot.Joined}, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := load(t, s, tt.id)
				if diff := cmp.Diff(tt.wantOutcomes, outcomes(got)); diff != "" {
					t.Errorf("outcomes (-want +got):\n%s", diff)
				}
				if got.Done != tt.wantDone || got.Cancelled {
					t.Errorf("Done, Cancelled = %v, %v; want %v, false", got.Done, got.Cancelled, tt.wantDone)
				}
				for _, it := range got.Items {
					if it.Result.Outcome == bot.Cancelled && it.Result.Reason != bot.ReasonAppRemoved {
						t.Errorf("cancelled item reason = %q, want %q", it.Result.Reason, bot.ReasonAppRemoved)
					}
				}
			})
		}
		if n, err := s.CancelSpace(t.Context(), eng.Name, bot.ReasonAppRemoved); n != 0 || err != nil {
			t.Errorf("second CancelSpace = %d, %v; want 0", n, err)
		}
	})
}
