package store_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestPurgeAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		auditLog(t, s) // a..e, an hour apart from at
		steps := []struct {
			name   string
			before time.Time
			wantN  int64
			want   []string // details left, newest first
		}{
			{"nothing that old", at, 0, []string{"e", "d", "c", "b", "a"}},
			{"the two oldest", at.Add(90 * time.Minute), 2,
				[]string{"purged 2 entries older than 2026-03-04T05:36:07Z", "e", "d", "c"}},
			{"again: nothing left that old, no new entry", at.Add(90 * time.Minute), 0,
				[]string{"purged 2 entries older than 2026-03-04T05:36:07Z", "e", "d", "c"}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				n, err := s.PurgeAudit(t.Context(), st.before)
				if err != nil || n != st.wantN {
					t.Errorf("PurgeAudit(%v) = %d, %v; want %d", st.before, n, err, st.wantN)
				}
				got, err := s.Query(t.Context(), bot.AuditQuery{})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(st.want, details(got)); diff != "" {
					t.Errorf("entries left (-want +got):\n%s", diff)
				}
				if got[0].Command == "retention" && (got[0].Actor != "" || got[0].Person != "") {
					t.Errorf("retention entry = %+v, want no actor or person", got[0])
				}
			})
		}
	})
}

// erasable fills a log in which alice (users/1, alice@example.com) acts,
// is acted on by name and by address, and is named in a detail; carol is
// invited by address and Chat names her users/30.
func erasable(t *testing.T, s *store.Store) {
	t.Helper()
	carol := pending(ops, "users/carol@example.com")
	carol.Target.Email = "carol@example.com"
	mine := create(t, s, newBatch("alice's", alice, pending(eng, "users/10"), carol))
	withHerGrant := pending(ops, "users/40")
	withHerGrant.As = bot.Authority{Kind: bot.AsUser, User: alice.Name} // added with alice's own grant
	theirs := create(t, s, newBatch("bob's", bob, pending(eng, alice.Name), pending(ops, "users/alice@example.com"), withHerGrant))
	results := []struct {
		b bot.Batch
		i int
		r bot.PersonResult
	}{
		{mine, 0, bot.PersonResult{User: "users/10", Outcome: bot.Joined}},
		{mine, 1, bot.PersonResult{User: "users/30", Outcome: bot.Invited}},
		{theirs, 0, bot.PersonResult{User: alice.Name, Outcome: bot.Already}},
		{theirs, 1, bot.PersonResult{Outcome: bot.NotAdded, Reason: bot.ReasonNotFound}},
	}
	for _, r := range results {
		if _, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: r.b.ID, Index: r.i}, r.r); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range []bot.AuditEntry{
		{Actor: alice.Name, Email: "Alice@Example.com", Space: eng.Name, Command: "settings", Detail: "max people 5"},
		{Actor: bob.Name, Email: bob.Email, Space: eng.Name, Command: "settings", Detail: "asked by alice@example.com"},
		{Actor: bob.Name, Email: bob.Email, Command: "pause"},
	} {
		if err := s.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	// She last changed eng's settings, known by her address.
	if err := s.SaveSpaceSettings(t.Context(), bot.SpaceSettings{Space: eng.Name, MaxPeople: 5, UpdatedBy: alice.Name,
		UpdatedByName: "Alice@Example.com", UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

func TestEraseAuditPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		tests := []struct {
			name      string
			person    string
			gone      []string // no column of any entry holds these (any case)
			goneNames []string // no actor or person is these
			wantN     int64
		}{
			// alice's batch (2, as actor), bob's two items about her,
			// her settings entry, the detail naming her.
			{"by address", "Alice@Example.com", []string{"alice@example.com"}, []string{alice.Name}, 6},
			{"by users/address", "users/alice@example.com", []string{"alice@example.com"}, []string{alice.Name}, 6},
			{"by name, her address found through her entries", alice.Name, []string{"alice@example.com"}, []string{alice.Name}, 6},
			{"invited by address, named by Chat", "carol@example.com", []string{"carol@example.com"}, []string{"users/30"}, 1},
			{"nobody we know", "users/999", nil, []string{"users/999"}, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := storetest.Open(t, d)
				erasable(t, s)
				before := outcomeCounts(t, s)

				n, err := s.EraseAuditPerson(t.Context(), tt.person)
				if err != nil || n != tt.wantN {
					t.Fatalf("EraseAuditPerson(%s) = %d, %v; want %d", tt.person, n, err, tt.wantN)
				}
				for _, row := range everyColumn(t, s) {
					for _, v := range row {
						for _, g := range tt.gone {
							if strings.Contains(strings.ToLower(v), g) {
								t.Errorf("entry %v still holds %s", row, g)
							}
						}
					}
					for _, g := range tt.goneNames {
						if row["actor"] == g || row["person"] == g {
							t.Errorf("entry %v still names %s", row, g)
						}
					}
				}
				if diff := cmp.Diff(before, outcomeCounts(t, s)); diff != "" {
					t.Errorf("outcome counts changed (-before +after):\n%s", diff)
				}
				// Not only the log: the batches and items that named them too.
				for _, q := range []string{`SELECT actor_name || ' ' || actor_email || ' ' || actor_display FROM onboard_batches`,
					`SELECT target_user || ' ' || target_email || ' ' || target_display || ' ' || canonical_user || ' ' ||
						authority_user FROM onboard_items`,
					`SELECT updated_by || ' ' || updated_by_name FROM onboard_space_settings`} {
					rows, err := s.DB().QueryContext(t.Context(), q)
					if err != nil {
						t.Fatal(err)
					}
					for rows.Next() {
						var v string
						if err := rows.Scan(&v); err != nil {
							t.Fatal(err)
						}
						for _, g := range append(tt.gone, tt.goneNames...) {
							if strings.Contains(strings.ToLower(v), g+" ") || strings.HasSuffix(strings.ToLower(v), g) {
								t.Errorf("%q still holds %s", v, g)
							}
						}
					}
					rows.Close()
				}
				last, err := s.Query(t.Context(), bot.AuditQuery{Limit: 1})
				if err != nil {
					t.Fatal(err)
				}
				want := bot.AuditEntry{Command: "erase", Detail: fmt.Sprintf("erased personal data of 1 person (%d entries)", tt.wantN)}
				if diff := cmp.Diff(want, last[0], ignoreIDAndTime); diff != "" {
					t.Errorf("the erase entry (-want +got):\n%s", diff)
				}
			})
		}

		t.Run("others keep their data", func(t *testing.T) {
			s := storetest.Open(t, d)
			erasable(t, s)
			if _, err := s.EraseAuditPerson(t.Context(), alice.Email); err != nil {
				t.Fatal(err)
			}
			bobs, err := s.Query(t.Context(), bot.AuditQuery{Person: bob.Email})
			if err != nil {
				t.Fatal(err)
			}
			// His two invitations (about alice, now erased as persons), two settings lines… and the pause.
			if len(bobs) != 4 {
				t.Errorf("bob's entries after erasing alice = %d, want 4: %+v", len(bobs), bobs)
			}
			for _, e := range bobs {
				if e.Actor != bob.Name {
					t.Errorf("bob's entry %+v lost its actor", e)
				}
			}
		})
		t.Run("an empty person is refused", func(t *testing.T) {
			s := storetest.Open(t, d)
			for _, p := range []string{"", "users/"} {
				_, err := s.EraseAuditPerson(t.Context(), p)
				wantKind(t, fmt.Sprintf("EraseAuditPerson(%q)", p), err, bot.KindInvalid)
			}
		})
	})
}

// everyColumn reads every column of every audit entry as text.
func everyColumn(t *testing.T, s *store.Store) []map[string]string {
	t.Helper()
	rows, err := s.DB().QueryContext(t.Context(), "SELECT * FROM onboard_audit")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		for i, c := range cols {
			row[c] = vals[i].String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cols) != 15 {
		t.Errorf("onboard_audit has %d columns %v; check this test reads the new ones", len(cols), cols)
	}
	return out
}

// outcomeCounts counts entries by (space, command, outcome), leaving out
// erasure's own entry.
func outcomeCounts(t *testing.T, s *store.Store) map[string]int {
	t.Helper()
	counts := map[string]int{}
	err := s.ExportAudit(t.Context(), bot.AuditQuery{}, func(e bot.AuditEntry) error {
		if e.Command != "erase" {
			counts[e.Space+" "+e.Command+" "+string(e.Outcome)]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return counts
}
