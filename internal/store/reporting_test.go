package store_test

import (
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestClaimReportingFirstWins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice, pending(eng, "users/10")))
		if r, err := s.Reporting(t.Context(), b.ID); r != store.ReportUndecided || err != nil {
			t.Errorf("before any claim: Reporting = %q, %v; want undecided", r, err)
		}
		claims := []struct {
			want, wantGot store.Reporting
		}{
			{store.ReportAsync, store.ReportAsync},
			{store.ReportSync, store.ReportAsync},
			{store.ReportAsync, store.ReportAsync},
		}
		for i, c := range claims {
			got, err := s.ClaimReporting(t.Context(), b.ID, c.want)
			if err != nil || got != c.wantGot {
				t.Errorf("claim %d (%q) = %q, %v; want %q", i, c.want, got, err, c.wantGot)
			}
			if r, err := s.Reporting(t.Context(), b.ID); r != c.wantGot || err != nil {
				t.Errorf("after claim %d: Reporting = %q, %v; want %q", i, r, err, c.wantGot)
			}
		}
		_, err := s.ClaimReporting(t.Context(), "nope", store.ReportSync)
		wantKind(t, "ClaimReporting(nope)", err, bot.KindNotFound)
		_, err = s.Reporting(t.Context(), "nope")
		wantKind(t, "Reporting(nope)", err, bot.KindNotFound)
	})
}

func TestClaimReportingConcurrentlyAgrees(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice, pending(eng, "users/10")))
		const n = 8
		got := make([]store.Reporting, n)
		var wg sync.WaitGroup
		for i := range n {
			want := store.ReportSync
			if i%2 == 1 {
				want = store.ReportAsync
			}
			wg.Go(func() {
				r, err := s.ClaimReporting(t.Context(), b.ID, want)
				if err != nil {
					t.Errorf("claim %d: %v", i, err)
				}
				got[i] = r
			})
		}
		wg.Wait()
		for i, r := range got {
			if r != got[0] || r == store.ReportUndecided {
				t.Errorf("claim %d got %q, claim 0 got %q; want one decision for all", i, r, got[0])
			}
		}
	})
}

func TestProgressMessageRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice, pending(eng, "users/10")))
		if name, updated, err := s.ProgressMessage(t.Context(), b.ID); name != "" || !updated.IsZero() || err != nil {
			t.Errorf("before posting: ProgressMessage = %q, %v, %v; want \"\", zero", name, updated, err)
		}
		steps := []struct {
			name string
			at   time.Time
		}{
			{"spaces/origin/messages/1", at},
			{"spaces/origin/messages/1", at.Add(time.Minute)},
		}
		for _, st := range steps {
			if err := s.SetProgressMessage(t.Context(), b.ID, st.name, st.at); err != nil {
				t.Fatal(err)
			}
			name, updated, err := s.ProgressMessage(t.Context(), b.ID)
			want := st.at.UTC().Truncate(time.Microsecond)
			if name != st.name || updated != want || err != nil {
				t.Errorf("ProgressMessage = %q, %v, %v; want %q, %v", name, updated, err, st.name, want)
			}
		}
		wantKind(t, "SetProgressMessage(nope)", s.SetProgressMessage(t.Context(), "nope", "x", at), bot.KindNotFound)
		_, _, err := s.ProgressMessage(t.Context(), "nope")
		wantKind(t, "ProgressMessage(nope)", err, bot.KindNotFound)
	})
}

// A reply starting to wait reads who reports the batch and whether it is
// done in one go, and sees both change.
func TestReportingAndDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		b := create(t, s, newBatch("k", alice, pending(eng, "users/10")))
		if r, done, err := s.ReportingAndDone(t.Context(), b.ID); r != store.ReportUndecided || done || err != nil {
			t.Errorf("new batch: %q, done %v, %v; want undecided and not done", r, done, err)
		}
		if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: b.ID}, bot.PersonResult{Outcome: bot.Joined}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimReporting(t.Context(), b.ID, store.ReportSync); err != nil {
			t.Fatal(err)
		}
		if r, done, err := s.ReportingAndDone(t.Context(), b.ID); r != store.ReportSync || !done || err != nil {
			t.Errorf("after its outcome and the reply's claim: %q, done %v, %v; want sync and done", r, done, err)
		}
		_, _, err := s.ReportingAndDone(t.Context(), "nope")
		wantKind(t, "ReportingAndDone(nope)", err, bot.KindNotFound)
	})
}
