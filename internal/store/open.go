package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite" // pure Go: builds with CGO_ENABLED=0
)

// DefaultSQLitePath is the database file Open uses for an empty URL.
const DefaultSQLitePath = "onboard.db"

// sqliteParams make every connection wait for a busy writer instead of
// failing, use the write-ahead log (readers do not block the writer),
// enforce foreign keys, overwrite deleted content with zeros (so an erased
// person's data is not left in free space: secure_delete), take the write
// lock when a transaction begins (so a read-then-write transaction cannot
// fail half way with SQLITE_BUSY), and write times in a format that sorts
// as text.
//
// temp_store(2) keeps SQLite's temporary files in memory: the statement
// journals of the writes a group commit makes inside savepoints, and the
// sorts of queries. On disk each was a temporary file written page by
// page with a system call: in CPU profiles of bot's BenchmarkInvite (four
// concurrent 20-person invites, 60 rounds) the group commit's CPU fell
// from 0.58–0.83 s to 0.41–0.59 s — about 0.6 ms less on the one writing
// connection per command (docs/performance.md, "Sixth round"). And a
// temporary file may hold the old content of a row being erased, which
// secure_delete exists to leave nowhere.
const sqliteParams = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_pragma=secure_delete(1)&_pragma=temp_store(2)&_txlock=immediate&_time_format=sqlite"

// Open connects to databaseURL: "" or "sqlite:PATH" (":memory:" is not
// allowed: River and the app need one shared file) → SQLite with one
// connection that writes (SQLite allows one writer) and sqliteReaders
// that only read; "postgres://…" or "postgresql://…" → PostgreSQL,
// through one pgx pool. It does not migrate.
func Open(ctx context.Context, databaseURL string) (*Store, error) {
	dialect, dsn, err := parseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	s := &Store{dialect: dialect}
	if dialect == Postgres {
		s.pool, s.db, err = openPostgres(ctx, dsn)
		s.read = s.db
	} else {
		s.db, s.read, err = openSQLite(ctx, dsn)
		s.group = &groupCommit{db: s.db}
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// defaultMaxConns bounds a process's PostgreSQL connections when the URL
// does not (pool_max_conns): River's workers and maintenance, the HTTP
// requests and their waits share them. River's listener holds one more,
// outside the pool. pgx's own default, max(4, CPUs), is too few for that
// on a two-CPU instance.
const defaultMaxConns = 10

// openPostgres opens the process's one pgx pool and a *sql.DB drawing on
// it: the store and River's queries go through the *sql.DB (so a batch and
// its jobs share one transaction), River's LISTEN through the pool.
func openPostgres(ctx context.Context, dsn string) (*pgxpool.Pool, *sql.DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message would quote the URL; ours must not (a password).
		return nil, nil, errors.New("store: the PostgreSQL URL does not parse")
	}
	if u, err := url.Parse(dsn); err == nil && !u.Query().Has("pool_max_conns") {
		cfg.MaxConns = defaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("store: open %s: %w", Postgres, err)
	}
	db := stdlib.OpenDBFromPool(pool)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		pool.Close()
		return nil, nil, fmt.Errorf("store: connect to %s: %w", Postgres, err)
	}
	return pool, db, nil
}

func openSQLite(ctx context.Context, dsn string) (write, read *sql.DB, err error) {
	if err := createPrivate(strings.TrimSuffix(dsn, "?"+sqliteParams)); err != nil {
		return nil, nil, err
	}
	// River's SQLite driver asks for one connection; it also makes every
	// transaction of this process take turns without SQLITE_BUSY.
	write, err = openSQLiteHandle(ctx, dsn, 1)
	if err != nil {
		return nil, nil, err
	}
	read, err = openSQLiteHandle(ctx, dsn+"&"+sqliteQueryOnly, sqliteReaders)
	if err != nil {
		write.Close()
		return nil, nil, err
	}
	return write, read, nil
}

// sqliteQueryOnly makes the read handle's connections refuse to write.
const sqliteQueryOnly = "_pragma=query_only(1)"

// sqliteReaders is how many reads run at once beside the writer.
const sqliteReaders = 2

func openSQLiteHandle(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	connector, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", SQLite, err)
	}
	db := sql.OpenDB(cachingConnector{connector})
	db.SetMaxOpenConns(conns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", SQLite, err)
	}
	return db, nil
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

// parseURL turns a database URL into its dialect and the DSN its driver
// takes. The error never repeats the URL: a PostgreSQL URL may carry a
// password.
func parseURL(u string) (d Dialect, dsn string, err error) {
	switch {
	case u == "":
		return SQLite, DefaultSQLitePath + "?" + sqliteParams, nil
	case strings.HasPrefix(u, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(u, "sqlite:"), "//")
		switch {
		case path == "":
			return "", "", fmt.Errorf("store: database URL %q names no file", u)
		case path == ":memory:" || strings.Contains(path, "mode=memory"):
			return "", "", fmt.Errorf("store: database URL %q: an in-memory SQLite database cannot be shared with River; name a file", u)
		case strings.ContainsAny(path, "?#"):
			return "", "", fmt.Errorf("store: database URL %q: a SQLite path takes no parameters; Onboard sets its own", u)
		}
		return SQLite, path + "?" + sqliteParams, nil
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return Postgres, u, nil
	}
	return "", "", fmt.Errorf(`store: unsupported database URL (want "", "sqlite:PATH", "postgres://…" or "postgresql://…")`)
}
