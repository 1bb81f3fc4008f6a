package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestOpenRejectsBadURLs(t *testing.T) {
	tests := []struct{ name, url string }{
		{"unknown scheme", "mysql://user:secret@db/onboard"},
		{"no scheme", "onboard.db"},
		{"sqlite without a file", "sqlite:"},
		{"sqlite in memory", "sqlite::memory:"},
		{"sqlite memory mode", "sqlite:file:x?mode=memory"},
		{"sqlite with parameters", "sqlite:x.db?_pragma=foreign_keys(0)"},
		{"sqlite in a missing directory", "sqlite:" + filepath.Join(t.TempDir(), "missing", "onboard.db")},
		{"postgres not listening", "postgres://postgres:secret@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := store.Open(t.Context(), tt.url)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded, want an error", tt.url)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("Open(%q) error %q shows the password", tt.url, err)
			}
		})
	}
}

func TestOpenUnknownSchemeNamesAcceptedForms(t *testing.T) {
	_, err := store.Open(t.Context(), "mysql://db/onboard")
	for _, want := range []string{`"sqlite:PATH"`, `"postgres://…"`, `"postgresql://…"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(mysql://…) error %v, want it to name %s", err, want)
		}
	}
}

func TestOpenSQLite(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, url, file string
	}{
		{"empty URL uses the default file", "", store.DefaultSQLitePath},
		{"sqlite:PATH", "sqlite:" + filepath.Join(dir, "a.db"), filepath.Join(dir, "a.db")},
		{"sqlite://PATH", "sqlite://" + filepath.Join(dir, "b.db"), filepath.Join(dir, "b.db")},
	}
	t.Chdir(dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := store.Open(t.Context(), tt.url)
			if err != nil {
				t.Fatalf("Open(%q): %v", tt.url, err)
			}
			defer s.Close()
			if got := s.Dialect(); got != store.SQLite {
				t.Errorf("Dialect() = %q, want %q", got, store.SQLite)
			}
			if got := s.DB().Stats().MaxOpenConnections; got != 1 {
				t.Errorf("MaxOpenConnections = %d, want 1 (SQLite has one writer)", got)
			}
			if err := s.Migrate(t.Context()); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			if _, err := os.Stat(tt.file); err != nil {
				t.Errorf("no database file: %v", err)
			}
			var mode string
			if err := s.DB().QueryRowContext(t.Context(), "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
				t.Errorf("journal_mode = %q, %v; want wal", mode, err)
			}
			var fk int
			if err := s.DB().QueryRowContext(t.Context(), "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
				t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
			}
			var temp int
			if err := s.DB().QueryRowContext(t.Context(), "PRAGMA temp_store").Scan(&temp); err != nil || temp != 2 {
				t.Errorf("temp_store = %d, %v; want 2 (memory: no temporary files)", temp, err)
			}
		})
	}
}

// TestSQLiteFilesArePrivate: the database holds people's names and
// addresses, so neither it nor its write-ahead log (-wal) and shared
// index (-shm) may be readable by other accounts on the machine.
func TestSQLiteFilesArePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onboard.db")
	s, err := store.Open(t.Context(), "sqlite:"+path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if err := s.Migrate(t.Context()); err != nil { // writes: the -wal and -shm exist now
		t.Fatalf("Migrate: %v", err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s has mode %v, want -rw------- (0600)", filepath.Base(f), got)
		}
	}
}

// TestPostgresHasOneConnectionPool: the store's *sql.DB draws on the pgx
// pool River listens on, so a process holds one set of connections.
func TestPostgresHasOneConnectionPool(t *testing.T) {
	s := storetest.OpenUnmigrated(t, storetest.URL(t, store.Postgres))
	if s.Pool() == nil {
		t.Fatal("Pool() = nil on PostgreSQL, want the pgx pool")
	}
	before := s.Pool().Stat().AcquireCount()
	if err := s.DB().PingContext(t.Context()); err != nil {
		t.Fatal(err)
	}
	if after := s.Pool().Stat().AcquireCount(); after <= before {
		t.Errorf("a query on DB() acquired nothing from Pool() (%d → %d acquisitions), want DB() drawn from Pool()", before, after)
	}
}
