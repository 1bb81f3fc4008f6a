package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// Every membership outcome the store records leaves one audit entry, in
// the same transaction; nothing else does.

// batchAudit returns the audit entries of batch id, oldest first.
func batchAudit(t *testing.T, s *store.Store, id string) []bot.AuditEntry {
	t.Helper()
	var es []bot.AuditEntry
	err := s.ExportAudit(t.Context(), bot.AuditQuery{}, func(e bot.AuditEntry) error {
		if e.BatchID == id {
			es = append(es, e)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("ExportAudit: %v", err)
	}
	return es
}

// ignoreIDAndTime compares entries on what they say, not when (and not the
// names shown beside the ids: TestAuditEntriesCarryNames).
var ignoreIDAndTime = cmpopts.IgnoreFields(bot.AuditEntry{}, "ID", "Time", "ActorName", "PersonName", "SpaceName")

// An item's entry carries the names the log shows people — who asked,
// whom it was about, where — as the batch saved them, so /audit need not
// show raw ids.
func TestAuditEntriesCarryNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("names", alice, pending(eng, "users/10")))
		if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID}, bot.PersonResult{Outcome: bot.Joined}); err != nil {
			t.Fatal(err)
		}
		got := batchAudit(t, s, b.ID)
		want := [3]string{alice.DisplayName, b.Items[0].Target.Display, eng.DisplayName}
		if len(got) != 1 || [3]string{got[0].ActorName, got[0].PersonName, got[0].SpaceName} != want {
			t.Errorf("entries %+v, want names %q", got, want)
		}
	})
}

// itemEntry is the entry an item of alice's batch b in space gets.
func itemEntry(b bot.Batch, space, person string, o bot.Outcome, r bot.Reason) bot.AuditEntry {
	return bot.AuditEntry{Actor: alice.Name, Email: alice.Email, Space: space, Command: "invite",
		Person: person, Outcome: o, Reason: r, BatchID: b.ID}
}

func TestRecordResultAuditsEachRecordedResultOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice, pending(eng, "users/10"), pending(ops, "users/carol@example.com")))
		steps := []struct {
			name   string
			index  int
			result bot.PersonResult
			want   []bot.AuditEntry // the batch's entries afterwards
		}{
			{"joined", 0, bot.PersonResult{User: "users/10", Outcome: bot.Joined}, []bot.AuditEntry{
				itemEntry(b, eng.Name, "users/10", bot.Joined, "")}},
			{"already final: no entry", 0, bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonAPIError}, []bot.AuditEntry{
				itemEntry(b, eng.Name, "users/10", bot.Joined, "")}},
			{"the canonical user Chat gave back is the person", 1, bot.PersonResult{User: "users/30", Outcome: bot.Invited}, []bot.AuditEntry{
				itemEntry(b, eng.Name, "users/10", bot.Joined, ""),
				itemEntry(b, ops.Name, "users/30", bot.Invited, "")}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				before := time.Now().UTC().Add(-time.Second)
				if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID, Index: st.index}, st.result); err != nil {
					t.Fatal(err)
				}
				got := batchAudit(t, s, b.ID)
				if diff := cmp.Diff(st.want, got, ignoreIDAndTime); diff != "" {
					t.Errorf("audit entries (-want +got):\n%s", diff)
				}
				last := got[len(got)-1]
				if last.Time.Before(before) || last.Time.Location() != time.UTC {
					t.Errorf("entry time = %v, want now in UTC", last.Time)
				}
			})
		}
		t.Run("a target without a canonical user is the person", func(t *testing.T) {
			b := create(t, s, newBatch("k2", alice, pending(eng, "users/dave@example.com")))
			if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID}, bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonExternal}); err != nil {
				t.Fatal(err)
			}
			want := []bot.AuditEntry{itemEntry(b, eng.Name, "users/dave@example.com", bot.NotAdded, bot.ReasonExternal)}
			if diff := cmp.Diff(want, batchAudit(t, s, b.ID), ignoreIDAndTime); diff != "" {
				t.Errorf("audit entries (-want +got):\n%s", diff)
			}
		})
	})
}

func TestCreateBatchAuditsOutcomesDecidedBeforeAnyCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		in := newBatch("k", alice,
			pending(eng, "users/10"),
			decided(eng, "users/11", bot.NotAdded, bot.ReasonDomain),
			decided(eng, "users/12", bot.Skipped, bot.ReasonDuplicate),
			decided(ops, "users/13", bot.Refused, bot.ReasonPolicy),
			decided(eng, "", bot.Skipped, bot.ReasonUnrecognised),
			decided(ops, "users/14", bot.Already, ""),
		)
		in.CreatedAt = at
		b := create(t, s, in)
		want := []bot.AuditEntry{
			itemEntry(b, eng.Name, "users/11", bot.NotAdded, bot.ReasonDomain),
			itemEntry(b, ops.Name, "users/13", bot.Refused, bot.ReasonPolicy),
			itemEntry(b, ops.Name, "users/14", bot.Already, ""),
		}
		got := batchAudit(t, s, b.ID)
		if diff := cmp.Diff(want, got, ignoreIDAndTime); diff != "" {
			t.Errorf("audit entries (-want +got):\n%s", diff)
		}
		for _, e := range got {
			if e.Time != b.CreatedAt {
				t.Errorf("entry time = %v, want the batch's %v", e.Time, b.CreatedAt)
			}
		}

		// A redelivered request saves nothing, so audits nothing.
		if _, created, err := s.CreateBatch(t.Context(), in, noEnqueue); err != nil || created {
			t.Fatalf("second CreateBatch = created %v, %v; want the existing batch", created, err)
		}
		if got := batchAudit(t, s, b.ID); len(got) != len(want) {
			t.Errorf("after a redelivery %d entries, want %d", len(got), len(want))
		}
	})
}

func TestCancelAuditsEachCancelledItem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		mine := create(t, s, newBatch("a", alice,
			pending(eng, "users/10"), pending(ops, "users/11"), decided(eng, "users/12", bot.Skipped, bot.ReasonDuplicate)))
		spaced := create(t, s, newBatch("b", alice, pending(eng, "users/20"), pending(ops, "users/21")))
		if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: mine.ID}, bot.PersonResult{Outcome: bot.Joined}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelBatch(t.Context(), mine.ID, bot.ReasonByRequester); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelSpace(t.Context(), eng.Name, bot.ReasonAppRemoved); err != nil {
			t.Fatal(err)
		}
		// Cancelling again finds nothing pending, and audits nothing.
		if _, err := s.CancelBatch(t.Context(), mine.ID, bot.ReasonByRequester); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelSpace(t.Context(), eng.Name, bot.ReasonAppRemoved); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			batch bot.Batch
			want  []bot.AuditEntry
		}{
			{"CancelBatch: the cancelled item, after the joined one", mine, []bot.AuditEntry{
				itemEntry(mine, eng.Name, "users/10", bot.Joined, ""),
				itemEntry(mine, ops.Name, "users/11", bot.Cancelled, bot.ReasonByRequester)}},
			{"CancelSpace: only the space's item", spaced, []bot.AuditEntry{
				itemEntry(spaced, eng.Name, "users/20", bot.Cancelled, bot.ReasonAppRemoved)}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if diff := cmp.Diff(tt.want, batchAudit(t, s, tt.batch.ID), ignoreIDAndTime); diff != "" {
					t.Errorf("audit entries (-want +got):\n%s", diff)
				}
			})
		}
	})
}
