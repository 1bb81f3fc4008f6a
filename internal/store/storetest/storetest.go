// Package storetest gives tests a real, migrated, private database of each
// dialect: a SQLite file in t.TempDir() and a fresh PostgreSQL database per
// test, dropped at the end. Other packages' tests (internal/jobs) use it
// to run one behavioural suite against every store.
//
// PostgreSQL is found at ONBOARD_TEST_POSTGRES, or else
// postgres://postgres@127.0.0.1:5432/test (then as root). When it cannot
// be reached the PostgreSQL subtests are skipped — unless CI=true, where
// an unreachable PostgreSQL fails the run.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/onboard-chat/onboard/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL server URL tests
// create their databases on.
const EnvPostgres = "ONBOARD_TEST_POSTGRES"

// defaultPostgres are tried in order when EnvPostgres is unset.
var defaultPostgres = []string{
	"postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
	"postgres://root@127.0.0.1:5432/test?sslmode=disable",
}

// Dialects lists every dialect a store suite must pass on.
func Dialects() []store.Dialect { return []store.Dialect{store.SQLite, store.Postgres} }

// Each runs f as a subtest per dialect, named after it.
func Each(t *testing.T, f func(t *testing.T, d store.Dialect)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(string(d), func(t *testing.T) { f(t, d) })
	}
}

// Open returns a migrated store on a new, empty database of dialect d,
// closed when the test ends.
func Open(t testing.TB, d store.Dialect) *store.Store {
	t.Helper()
	s := OpenUnmigrated(t, URL(t, d))
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return s
}

// OpenUnmigrated opens databaseURL (from URL), closed when the test ends.
// Open it twice to act as two instances sharing one database.
func OpenUnmigrated(t testing.TB, databaseURL string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), databaseURL)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// URL creates a new, empty database of dialect d for this test and returns
// its URL for store.Open. A PostgreSQL database is dropped when the test
// ends.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	switch d {
	case store.SQLite:
		return "sqlite:" + filepath.Join(t.TempDir(), "onboard.db")
	case store.Postgres:
		return postgresURL(t)
	}
	t.Fatalf("storetest: unknown dialect %q", d)
	return ""
}

func postgresURL(t testing.TB) string {
	t.Helper()
	admin, server := connectAdmin(t)
	name := "onboard_t_" + randomHex(8)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("storetest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("storetest: drop database %s: %v", name, err)
		}
	})
	u := *server
	u.Path = "/" + name
	return u.String()
}

// connectAdmin connects to the PostgreSQL server tests create databases
// on, or skips (fails under CI=true) when there is none.
func connectAdmin(t testing.TB) (*sql.DB, *url.URL) {
	t.Helper()
	candidates := defaultPostgres
	if v := os.Getenv(EnvPostgres); v != "" {
		candidates = []string{v}
	}
	var lastErr error
	for _, c := range candidates {
		u, err := url.Parse(c)
		if err != nil {
			t.Fatalf("storetest: %s is not a URL: %v", EnvPostgres, err)
		}
		db, err := ping(c)
		if err == nil {
			return db, u
		}
		lastErr = err
	}
	where := redacted(candidates[0])
	if os.Getenv("CI") == "true" {
		t.Fatalf("storetest: PostgreSQL not reachable at %s (CI=true, so this fails): %v", where, lastErr)
	}
	t.Skipf("storetest: PostgreSQL not reachable at %s; start it or set %s; SQLite tests still ran (%v)",
		where, EnvPostgres, lastErr)
	return nil, nil
}

func ping(dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// redacted hides a password a URL may carry, for messages.
func redacted(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
