package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestResultRecordedAfterErasureDoesNotNameThem: an attempt to add a
// person that was on its way to Chat when they were erased still records
// its outcome, but does not write the name Chat gave them back into the
// item or the audit log.
func TestResultRecordedAfterErasureDoesNotNameThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		for _, together := range []bool{false, true} { // RecordResult, RecordResults
			b := create(t, s, newBatch(fmt.Sprint("k-", together), alice, pending(eng, "users/carol@example.com")))
			ref := store.ItemRef{BatchID: b.ID, Index: 0}
			if _, pending, err := s.StartAttempt(t.Context(), ref); err != nil || !pending {
				t.Fatalf("StartAttempt: pending %v, %v", pending, err)
			}
			if _, err := s.EraseAuditPerson(t.Context(), "carol@example.com"); err != nil {
				t.Fatal(err)
			}
			r := bot.PersonResult{Outcome: bot.Joined, User: "users/30"} // Chat's answer, after the erasure
			var recorded bool
			var err error
			if together {
				var idxs []int
				idxs, err = s.RecordResults(t.Context(), b.ID, map[int]bot.PersonResult{0: r})
				recorded = len(idxs) == 1
			} else {
				recorded, err = s.RecordResult(t.Context(), ref, r)
			}
			if err != nil || !recorded {
				t.Fatalf("recording together=%v: recorded %v, %v; want recorded", together, recorded, err)
			}
			it := load(t, s, b.ID).Items[0]
			if it.Result.Outcome != bot.Joined || it.Result.User != "" {
				t.Errorf("together=%v: item after the late result: outcome %q, user %q; want joined, no user", together, it.Result.Outcome, it.Result.User)
			}
			for _, row := range everyColumn(t, s) {
				for _, v := range row {
					if strings.Contains(v, "users/30") || strings.Contains(v, "carol") {
						t.Errorf("together=%v: audit entry %v names the erased person", together, row)
					}
				}
			}
		}
	})
}
