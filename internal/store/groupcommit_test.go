package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

// groupStore is a SQLite store with a table of names, for writes to share
// a group's transaction.
func groupStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "group.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if s.group == nil {
		t.Fatal("a SQLite store has no group commit")
	}
	if _, err := s.db.ExecContext(t.Context(), `CREATE TABLE names (name text PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	return s
}

func insertName(name string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO names (name) VALUES ($1)`, name)
		return err
	}
}

func names(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.db.QueryContext(t.Context(), `SELECT name FROM names ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// One transaction holds the group's writes, but each write's failure is
// its own: the one that fails leaves nothing (not even what it wrote
// before failing) and is told why; the others commit and hear nil. A write
// whose caller gave up before its turn does not run at all.
func TestGroupCommitKeepsEachWritesOwnOutcome(t *testing.T) {
	s := groupStore(t)
	boom := errors.New("boom")
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	group := []*groupedWrite{
		{ctx: t.Context(), fn: insertName("ada")},
		{ctx: t.Context(), fn: func(ctx context.Context, tx *sql.Tx) error {
			if err := insertName("bob")(ctx, tx); err != nil {
				return err
			}
			return boom
		}},
		{ctx: gone, fn: insertName("cy")},
		{ctx: t.Context(), fn: insertName("ada")}, // a duplicate: its own failure
		{ctx: t.Context(), fn: insertName("dee")},
	}
	for _, w := range group {
		w.done = make(chan error, 1)
	}
	s.group.commit(group)
	errs := make([]error, len(group))
	for i, w := range group {
		errs[i] = <-w.done
	}
	if errs[0] != nil || errs[4] != nil {
		t.Errorf("the good writes got %v and %v, want nil", errs[0], errs[4])
	}
	if !errors.Is(errs[1], boom) {
		t.Errorf("the failing write got %v, want its own error", errs[1])
	}
	if !errors.Is(errs[2], context.Canceled) {
		t.Errorf("the abandoned write got %v, want context.Canceled", errs[2])
	}
	if errs[3] == nil {
		t.Error("the duplicate insert succeeded")
	}
	if got, want := names(t, s), []string{"ada", "dee"}; !slices.Equal(got, want) {
		t.Errorf("committed %v, want %v", got, want)
	}
}

// When the group's commit fails, no write of it is told it succeeded, and
// none of them is kept. (A deferred foreign key that is still broken at
// COMMIT makes SQLite refuse the commit itself.)
func TestGroupCommitFailureFailsEveryWrite(t *testing.T) {
	s := groupStore(t)
	if _, err := s.db.ExecContext(t.Context(),
		`CREATE TABLE owners (name text PRIMARY KEY);
		 CREATE TABLE pets (owner text REFERENCES owners (name) DEFERRABLE INITIALLY DEFERRED)`); err != nil {
		t.Fatal(err)
	}
	group := []*groupedWrite{
		{ctx: t.Context(), fn: insertName("ada")},
		{ctx: t.Context(), fn: func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO pets (owner) VALUES ('nobody')`)
			return err
		}},
	}
	for _, w := range group {
		w.done = make(chan error, 1)
	}
	s.group.commit(group)
	for i, w := range group {
		if err := <-w.done; err == nil {
			t.Errorf("write %d was told its group committed", i)
		}
	}
	if got := names(t, s); len(got) != 0 {
		t.Errorf("kept %v from a group whose commit failed", got)
	}
}

// Concurrent writers all get their writes committed, however they fall
// into groups, and the store's write path is the grouped one on SQLite.
func TestGroupCommitConcurrentWriters(t *testing.T) {
	s := groupStore(t)
	const n = 64
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- s.write(t.Context(), insertName(string(rune('A'+i)))) }()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := names(t, s); len(got) != n {
		t.Errorf("committed %d names, want %d", len(got), n)
	}
}
