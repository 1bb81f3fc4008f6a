package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// auditLog appends a small log an hour apart, oldest first, each entry
// named by its Detail, and returns it as stored.
func auditLog(t *testing.T, s *store.Store) []bot.AuditEntry {
	t.Helper()
	carol := "users/carol@example.com"
	log := []bot.AuditEntry{
		{Detail: "a", Actor: alice.Name, Email: "Alice@Example.com", Space: eng.Name, Command: "invite", Person: "users/10", Outcome: bot.Joined},
		{Detail: "b", Actor: bob.Name, Email: bob.Email, Space: ops.Name, Command: "invite", Person: carol, Outcome: bot.Invited},
		{Detail: "c", Actor: alice.Name, Email: alice.Email, Space: eng.Name, Command: "settings"},
		{Detail: "d", Actor: bob.Name, Email: bob.Email, Space: eng.Name, Command: "remove", Person: "users/10", Outcome: bot.Removed},
		{Detail: "e", Actor: bob.Name, Email: bob.Email, Command: "pause"},
	}
	for i := range log {
		log[i].Time = at.Add(time.Duration(i) * time.Hour)
		if err := s.Append(t.Context(), log[i]); err != nil {
			t.Fatalf("Append(%s): %v", log[i].Detail, err)
		}
	}
	return log
}

func details(es []bot.AuditEntry) []string {
	var ds []string
	for _, e := range es {
		ds = append(ds, e.Detail)
	}
	return ds
}

func TestAppendAndQuery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		log := auditLog(t, s)
		tests := []struct {
			name string
			q    bot.AuditQuery
			want []string // details, newest first
		}{
			{"everything, newest first", bot.AuditQuery{}, []string{"e", "d", "c", "b", "a"}},
			{"one space", bot.AuditQuery{Space: eng.Name}, []string{"d", "c", "a"}},
			{"a person by name", bot.AuditQuery{Person: "users/10"}, []string{"d", "a"}},
			{"an actor's address, any case", bot.AuditQuery{Person: "ALICE@example.com"}, []string{"c", "a"}},
			{"a person invited by address", bot.AuditQuery{Person: "carol@example.com"}, []string{"b"}},
			{"the same as users/address", bot.AuditQuery{Person: "users/Carol@Example.com"}, []string{"b"}},
			{"since is inclusive", bot.AuditQuery{Since: log[3].Time}, []string{"e", "d"}},
			{"space, person and since", bot.AuditQuery{Space: eng.Name, Person: "users/10", Since: log[1].Time}, []string{"d"}},
			{"limited", bot.AuditQuery{Limit: 2}, []string{"e", "d"}},
			{"nothing matches", bot.AuditQuery{Space: "spaces/none"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.Query(t.Context(), tt.q)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, details(got)); diff != "" {
					t.Errorf("Query(%+v) (-want +got):\n%s", tt.q, diff)
				}
			})
		}

		t.Run("entries read back as appended, in UTC, with ids", func(t *testing.T) {
			got, err := s.Query(t.Context(), bot.AuditQuery{})
			if err != nil {
				t.Fatal(err)
			}
			want := make([]bot.AuditEntry, len(log))
			for i, e := range log {
				e.Time = e.Time.UTC().Truncate(time.Microsecond)
				e.ID = got[len(got)-1-i].ID
				want[len(log)-1-i] = e
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Query (-want +got):\n%s", diff)
			}
			for i := 1; i < len(got); i++ {
				if got[i].ID >= got[i-1].ID {
					t.Errorf("ids %d then %d, want them increasing with appends", got[i].ID, got[i-1].ID)
				}
			}
		})
	})
}

func TestAppendAssignsTimeAndRefusesAnID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		before := time.Now().UTC().Add(-time.Second)
		if err := s.Append(t.Context(), bot.AuditEntry{Command: "pause"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Query(t.Context(), bot.AuditQuery{})
		if err != nil || len(got) != 1 {
			t.Fatalf("Query = %d entries, %v; want 1", len(got), err)
		}
		if e := got[0]; e.ID == 0 || e.Time.Before(before) || e.Time.Location() != time.UTC {
			t.Errorf("entry = id %d at %v; want an id and now in UTC", e.ID, e.Time)
		}
		wantKind(t, "Append with an id", s.Append(t.Context(), bot.AuditEntry{ID: 7, Command: "pause"}), bot.KindInvalid)
	})
}

func TestQueryLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		bulkAppend(t, s, store.MaxAuditLimit+1)
		tests := []struct {
			name  string
			limit int
			want  int
		}{
			{"no limit is the default", 0, store.DefaultAuditLimit},
			{"a negative limit is the default", -1, store.DefaultAuditLimit},
			{"as asked", 7, 7},
			{"at most the maximum", store.MaxAuditLimit + 1, store.MaxAuditLimit},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.Query(t.Context(), bot.AuditQuery{Limit: tt.limit})
				if err != nil || len(got) != tt.want {
					t.Errorf("Query(Limit %d) = %d entries, %v; want %d", tt.limit, len(got), err, tt.want)
				}
			})
		}
		n := 0
		err := s.ExportAudit(t.Context(), bot.AuditQuery{}, func(bot.AuditEntry) error { n++; return nil })
		if err != nil || n != store.MaxAuditLimit+1 {
			t.Errorf("ExportAudit = %d entries, %v; want all %d", n, err, store.MaxAuditLimit+1)
		}
	})
}

// bulkAppend adds n entries in one statement (both databases speak
// recursive CTEs).
func bulkAppend(t *testing.T, s *store.Store, n int) {
	t.Helper()
	_, err := s.DB().ExecContext(t.Context(), `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
		INSERT INTO onboard_audit (at, command) SELECT $2, 'bulk' FROM n`, n, at.UTC())
	if err != nil {
		t.Fatalf("bulk append: %v", err)
	}
}

func TestExportAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		log := auditLog(t, s)
		tests := []struct {
			name string
			q    bot.AuditQuery
			want []string // details, oldest first
		}{
			{"everything, oldest first", bot.AuditQuery{}, []string{"a", "b", "c", "d", "e"}},
			{"one space", bot.AuditQuery{Space: eng.Name}, []string{"a", "c", "d"}},
			{"a person", bot.AuditQuery{Person: "users/10"}, []string{"a", "d"}},
			{"since", bot.AuditQuery{Since: log[2].Time}, []string{"c", "d", "e"}},
			{"the oldest few", bot.AuditQuery{Limit: 2}, []string{"a", "b"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []bot.AuditEntry
				err := s.ExportAudit(t.Context(), tt.q, func(e bot.AuditEntry) error {
					got = append(got, e)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, details(got)); diff != "" {
					t.Errorf("ExportAudit(%+v) (-want +got):\n%s", tt.q, diff)
				}
			})
		}

		t.Run("stops at the writer's error", func(t *testing.T) {
			diskFull := errors.New("disk full")
			n := 0
			err := s.ExportAudit(t.Context(), bot.AuditQuery{}, func(bot.AuditEntry) error { n++; return diskFull })
			if !errors.Is(err, diskFull) || n != 1 {
				t.Errorf("ExportAudit = %v after %d entries; want the writer's error after 1", err, n)
			}
			// The store is usable again (on SQLite, its one connection is back).
			if _, err := s.Query(t.Context(), bot.AuditQuery{}); err != nil {
				t.Errorf("Query after a stopped export: %v", err)
			}
		})
	})
}
