package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// migrationFiles holds our schema, one directory per dialect, one file per
// version: NNNN_what.sql, applied in order of NNNN and never edited once
// released (add a new file instead).
//
//go:embed migrations/*/*.sql
var migrationFiles embed.FS

// migrateLockKey is the PostgreSQL advisory lock that lets one instance at
// a time migrate; the others wait, then find nothing left to do.
const migrateLockKey int64 = 0x6f6e626f617264 // "onboard"

// migrationsTable records which of our versions are applied.
var migrationsTable = map[Dialect]string{
	Postgres: `CREATE TABLE IF NOT EXISTS onboard_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`,
	SQLite:   `CREATE TABLE IF NOT EXISTS onboard_migrations (version integer PRIMARY KEY, applied_at TIMESTAMP NOT NULL)`,
}

type migration struct {
	version int
	name    string
	sql     string
}

// Migrate brings River's schema and ours up to date; it is safe to run at
// every start and from several instances at once.
func (s *Store) Migrate(ctx context.Context) (err error) {
	unlock, err := s.lockMigrations(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, unlock()) }()

	if err := s.migrateRiver(ctx); err != nil {
		return err
	}
	return s.migrateOurs(ctx, 0)
}

// lockMigrations serialises Migrate across instances on PostgreSQL with a
// session advisory lock held on a connection of its own (River migrates
// through the pool, outside any transaction of ours). SQLite needs none:
// its one connection and write lock already serialise writers.
func (s *Store) lockMigrations(ctx context.Context) (unlock func() error, err error) {
	if s.dialect != Postgres {
		return func() error { return nil }, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: connect: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrateLockKey); err != nil {
		conn.Close()
		return nil, fmt.Errorf("store: migrate: lock: %w", err)
	}
	return func() error {
		_, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLockKey)
		if err != nil {
			// Never return a connection that may still hold the lock
			// to the pool: ErrBadConn makes database/sql discard it,
			// and a closed pgx connection is destroyed, not returned to
			// the pgx pool behind it.
			conn.Raw(func(dc any) error {
				if c, ok := dc.(interface{ Conn() *pgx.Conn }); ok {
					c.Conn().Close(context.WithoutCancel(ctx))
				}
				return driver.ErrBadConn
			})
		}
		return errors.Join(err, conn.Close())
	}, nil
}

func (s *Store) migrateRiver(ctx context.Context) error {
	var err error
	switch s.dialect {
	case SQLite:
		err = riverUp(ctx, riversqlite.New(s.db))
	case Postgres:
		err = riverUp(ctx, riverdatabasesql.New(s.db))
	}
	if err != nil {
		return fmt.Errorf("store: migrate River: %w", err)
	}
	return nil
}

// riverUp applies River's pending migrations. River takes no lock of its
// own: on PostgreSQL ours keeps instances apart; on SQLite two processes
// may race, and the loser's migration fails and rolls back (each runs in a
// transaction with its version row). So a failure after which more
// versions are applied than before is a concurrent winner's progress, and
// is retried on what is left; any other failure is returned.
func riverUp(ctx context.Context, d riverdriver.Driver[*sql.Tx]) error {
	// River logs warnings as text on stdout; ours is JSON. Its errors
	// come back to us, and are enough.
	m, err := rivermigrate.New(d, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	for {
		before, err := m.ExistingVersions(ctx)
		if err != nil {
			return err
		}
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err == nil {
			return nil
		}
		after, verr := m.ExistingVersions(ctx)
		if verr != nil || len(after) <= len(before) {
			return err
		}
	}
}

// migrateOurs applies each of our pending migrations in a transaction of
// its own, recording it in the same transaction, so a failed one leaves
// nothing behind and an applied one is never applied again. upTo > 0
// stops after that version (tests of the upgrade path); 0 applies all.
func (s *Store) migrateOurs(ctx context.Context, upTo int) error {
	if _, err := s.db.ExecContext(ctx, migrationsTable[s.dialect]); err != nil {
		return fmt.Errorf("store: migrate: create onboard_migrations: %w", err)
	}
	ms, err := migrations(s.dialect)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if upTo > 0 && m.version > upTo {
			break
		}
		if err := s.apply(ctx, m); err != nil {
			return fmt.Errorf("store: migrate %s: %w", m.name, err)
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, m migration) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		// Checked inside the transaction: another instance may have
		// applied it since we looked (SQLite; on PostgreSQL the
		// advisory lock already keeps us apart).
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM onboard_migrations WHERE version = $1`, m.version).Scan(&n)
		if err != nil || n > 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO onboard_migrations (version, applied_at) VALUES ($1, $2)`,
			m.version, dbTime(time.Now()))
		return err
	})
}

// migrations returns the dialect's migrations in version order.
func migrations(d Dialect) ([]migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations for %s: %w", d, err)
	}
	var ms []migration
	for _, e := range entries {
		prefix, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s/%s: name must start with a positive version, NNNN_", dir, e.Name())
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("store: migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}
