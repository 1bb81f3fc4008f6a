package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestStartAttemptsCountsOnlyPendingItems: a command's attempts started
// together count per item, as one by one; an item decided before, or
// missing, is not attempted; a cancelled batch has nothing to attempt.
func TestStartAttemptsCountsOnlyPendingItems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice,
			pending(eng, "users/10"),
			decided(eng, "users/11", bot.Skipped, bot.ReasonDuplicate),
			pending(eng, "users/12")))
		if _, _, err := s.StartAttempt(t.Context(), store.ItemRef{BatchID: b.ID, Index: 2}); err != nil {
			t.Fatal(err)
		}
		got, err := s.StartAttempts(t.Context(), b.ID, []int{0, 1, 2, 9})
		if want := map[int]int{0: 0, 2: 1}; err != nil || !cmp.Equal(got, want) {
			t.Errorf("StartAttempts = %v, %v; want %v (the decided and the missing item absent)", got, err, want)
		}
		if _, err := s.CancelBatch(t.Context(), b.ID, bot.ReasonByRequester); err != nil {
			t.Fatal(err)
		}
		if got, err := s.StartAttempts(t.Context(), b.ID, []int{0, 2}); err != nil || len(got) != 0 {
			t.Errorf("StartAttempts on a cancelled batch = %v, %v; want nothing started", got, err)
		}
	})
}

// TestRecordResultsTogether: results recorded together are kept only for
// pending items, each with its audit entry, and the batch is done once
// the last pending item has its outcome.
func TestRecordResultsTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice,
			pending(eng, "users/10"), pending(eng, "users/11"), pending(eng, "users/12"),
			decided(eng, "users/13", bot.Already, "")))
		got, err := s.RecordResults(t.Context(), b.ID, map[int]bot.PersonResult{
			0: {User: "users/10", Outcome: bot.Joined},
			1: {User: "users/11", Outcome: bot.Invited},
			3: {User: "users/13", Outcome: bot.Joined},
		})
		if err != nil || !cmp.Equal(got, []int{0, 1}) {
			t.Errorf("RecordResults = %v, %v; want [0 1] (item 3 was decided)", got, err)
		}
		if load(t, s, b.ID).Done {
			t.Error("the batch is done with item 2 still pending")
		}
		got, err = s.RecordResults(t.Context(), b.ID, map[int]bot.PersonResult{
			0: {Outcome: bot.NotAdded, Reason: bot.ReasonAPIError},
			2: {Outcome: bot.NotAdded, Reason: bot.ReasonAPIError},
		})
		if err != nil || !cmp.Equal(got, []int{2}) {
			t.Errorf("RecordResults = %v, %v; want [2] (item 0 had its outcome)", got, err)
		}
		after := load(t, s, b.ID)
		if !after.Done {
			t.Error("the batch is not done with every item decided")
		}
		want := []bot.PersonResult{
			{Target: b.Items[0].Target, User: "users/10", Outcome: bot.Joined},
			{Target: b.Items[1].Target, User: "users/11", Outcome: bot.Invited},
			{Target: b.Items[2].Target, Outcome: bot.NotAdded, Reason: bot.ReasonAPIError},
		}
		if diff := cmp.Diff(want, []bot.PersonResult{after.Items[0].Result, after.Items[1].Result, after.Items[2].Result}); diff != "" {
			t.Errorf("stored results (-want +got):\n%s", diff)
		}
		// One entry for the decided item (saved with the batch) and one for
		// each result recorded.
		if n := len(batchAudit(t, s, b.ID)); n != 4 {
			t.Errorf("got %d audit entries, want 4", n)
		}
		_, err = s.RecordResults(t.Context(), b.ID, map[int]bot.PersonResult{1: {Outcome: bot.Pending}})
		wantKind(t, "RecordResults(Pending)", err, bot.KindInvalid)
		_, err = s.RecordResults(t.Context(), "nope", map[int]bot.PersonResult{0: {Outcome: bot.Joined}})
		wantKind(t, "RecordResults on a missing batch", err, bot.KindNotFound)
	})
}

// TestRecordResultsAfterCancelKeepOnlyRealMemberships: in a batch
// cancelled while its people's adds were on their way to Chat, results
// recorded together replace Cancelled only where the person really was
// added — as one by one (RecordResult).
func TestRecordResultsAfterCancelKeepOnlyRealMemberships(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice, pending(eng, "users/10"), pending(eng, "users/11"), pending(eng, "users/12")))
		if _, err := s.StartAttempts(t.Context(), b.ID, []int{0, 1, 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelBatch(t.Context(), b.ID, bot.ReasonByRequester); err != nil {
			t.Fatal(err)
		}
		got, err := s.RecordResults(t.Context(), b.ID, map[int]bot.PersonResult{
			0: {User: "users/10", Outcome: bot.Joined},
			1: {Outcome: bot.NotAdded, Reason: bot.ReasonAPIError},
			2: {User: "users/12", Outcome: bot.Invited},
		})
		if err != nil || !cmp.Equal(got, []int{0, 2}) {
			t.Errorf("RecordResults = %v, %v; want [0 2] (item 1 was not added: it stays cancelled)", got, err)
		}
		after := load(t, s, b.ID)
		outcomes := []bot.Outcome{after.Items[0].Result.Outcome, after.Items[1].Result.Outcome, after.Items[2].Result.Outcome}
		if want := []bot.Outcome{bot.Joined, bot.Cancelled, bot.Invited}; !cmp.Equal(outcomes, want) {
			t.Errorf("outcomes = %v, want %v", outcomes, want)
		}
	})
}
