package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"; pure Go, builds with CGO_ENABLED=0
)

// DefaultSQLitePath is the database file Open uses for an empty URL.
const DefaultSQLitePath = "onboard.db"

// sqliteParams make every connection wait for a busy writer instead of
// failing, use the write-ahead log (readers do not block the writer),
// enforce foreign keys, take the write lock when a transaction begins (so
// a read-then-write transaction cannot fail half way with SQLITE_BUSY),
// and write times in a format that sorts as text.
const sqliteParams = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_txlock=immediate&_time_format=sqlite"

// Open connects to databaseURL: "" or "sqlite:PATH" (":memory:" is not
// allowed: River and the app need one shared file) → SQLite with one
// connection (SQLite allows one writer); "postgres://…" or
// "postgresql://…" → PostgreSQL. It does not migrate.
func Open(ctx context.Context, databaseURL string) (*Store, error) {
	dialect, driver, dsn, err := parseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	if dialect == SQLite {
		if err := createPrivate(strings.TrimSuffix(dsn, "?"+sqliteParams)); err != nil {
			return nil, err
		}
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dialect, err)
	}
	if dialect == SQLite {
		// River's SQLite driver asks for this; it also makes every
		// transaction of this process take turns without SQLITE_BUSY.
		db.SetMaxOpenConns(1)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", dialect, err)
	}
	return &Store{db: db, dialect: dialect}, nil
}

// createPrivate creates the SQLite file, if it does not exist, readable
// and writable by this account only: it holds people's names and
// addresses. SQLite gives the -wal and -shm files it creates beside it the
// same mode. An existing file keeps the mode it has: the operator may
// have chosen it.
func createPrivate(path string) error {
	f, err := os.OpenFile(strings.TrimPrefix(path, "file:"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: create the SQLite database: %w", err)
	}
	return f.Close()
}

// parseURL turns a database URL into a driver name and its DSN. The error
// never repeats the URL: a PostgreSQL URL may carry a password.
func parseURL(u string) (d Dialect, driver, dsn string, err error) {
	switch {
	case u == "":
		return SQLite, "sqlite", DefaultSQLitePath + "?" + sqliteParams, nil
	case strings.HasPrefix(u, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(u, "sqlite:"), "//")
		switch {
		case path == "":
			return "", "", "", fmt.Errorf("store: database URL %q names no file", u)
		case path == ":memory:" || strings.Contains(path, "mode=memory"):
			return "", "", "", fmt.Errorf("store: database URL %q: an in-memory SQLite database cannot be shared with River; name a file", u)
		case strings.ContainsAny(path, "?#"):
			return "", "", "", fmt.Errorf("store: database URL %q: a SQLite path takes no parameters; Onboard sets its own", u)
		}
		return SQLite, "sqlite", path + "?" + sqliteParams, nil
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return Postgres, "pgx", u, nil
	}
	return "", "", "", fmt.Errorf(`store: unsupported database URL (want "", "sqlite:PATH", "postgres://…" or "postgresql://…")`)
}
