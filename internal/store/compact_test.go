package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"slices"
	"testing"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestCompactRewritesEveryTableWithPersonalData: on SQLite the file and
// its log are rewritten; on PostgreSQL every table that holds personal
// data gets a new file (VACUUM FULL), the old row versions left behind.
func TestCompactRewritesEveryTableWithPersonalData(t *testing.T) {
	want := map[store.Dialect][]string{
		store.SQLite: {"database file", "write-ahead log"},
		store.Postgres: {"onboard_audit", "onboard_batches", "onboard_items", "onboard_plans",
			"onboard_space_settings", "onboard_switches", "river_job"},
	}
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		create(t, s, newBatch("k", alice, pending(eng, "users/10")))
		before := filenodes(t, s, want[d])
		c, err := s.Compact(t.Context())
		if err != nil {
			t.Fatalf("Compact: %v", err)
		}
		if !slices.Equal(c.Done, want[d]) || len(c.Refused)+len(c.Busy) > 0 {
			t.Errorf("Compact = %+v, want Done %q and nothing refused or busy", c, want[d])
		}
		for table, n := range filenodes(t, s, want[d]) {
			if n == before[table] {
				t.Errorf("%s is still in file %d: not rewritten", table, n)
			}
		}
	})
}

// TestCompactSaysWhatTheRoleMayNotRewrite: a role that may use the tables
// but does not own them cannot VACUUM FULL them (PostgreSQL only warns,
// and skips); Compact says which tables kept their old row versions.
func TestCompactSaysWhatTheRoleMayNotRewrite(t *testing.T) {
	u := storetest.URL(t, store.Postgres)
	owner := storetest.OpenUnmigrated(t, u)
	if err := owner.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	role := "onboard_t_role_" + randomHex()
	for _, q := range []string{`CREATE ROLE ` + role + ` LOGIN`, `GRANT USAGE ON SCHEMA public TO ` + role,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + role} {
		exec(t, owner.DB(), q)
	}
	t.Cleanup(func() {
		exec(t, owner.DB(), `DROP OWNED BY `+role)
		exec(t, owner.DB(), `DROP ROLE `+role)
	})
	as, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	as.User = url.User(role)
	s := storetest.OpenUnmigrated(t, as.String())

	c, err := s.Compact(t.Context())
	if err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if len(c.Done) > 0 || len(c.Refused) != 7 {
		t.Errorf("Compact as %s = %+v; want all 7 tables refused, none done", role, c)
	}
}

// filenodes is where each of tables is kept: the PostgreSQL file, or 0
// on SQLite (one file, nothing to compare).
func filenodes(t *testing.T, s *store.Store, tables []string) map[string]int64 {
	t.Helper()
	if s.Dialect() != store.Postgres {
		return nil
	}
	nodes := map[string]int64{}
	for _, table := range tables {
		var n int64
		if err := s.DB().QueryRowContext(t.Context(), `SELECT pg_relation_filenode($1::regclass)`, table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		nodes[table] = n
	}
	return nodes
}

// exec runs q or fails the test; also in a cleanup, when the test's
// context is over.
func exec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func randomHex() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
