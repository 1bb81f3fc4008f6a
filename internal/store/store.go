// Package store is Onboard's database: durable invite batches and their
// per-person outcomes (and who undid them), previews waiting for their
// Confirm, plans, per-space settings, the kill switch and the append-only
// audit log, on SQLite (the embedded default: one instance,
// the demo) or PostgreSQL (several instances; Cloud SQL in production),
// through one *sql.DB (on PostgreSQL drawn from one pgx pool, which River's
// listener shares). It runs the versioned schema migrations — River's
// and ours — at start. Every membership outcome it records gets its audit
// entry in the same transaction; audit entries are never updated, only
// purged (retention) or stripped of personal data (erasure).
//
// It owns SQL and nothing else: no Chat API calls, no job scheduling (that
// is internal/jobs, which enqueues River jobs in the transactions this
// package opens), no words a user reads.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/onboard-chat/onboard/bot"
)

// Dialect names the database behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is an open database.
type Store struct {
	db *sql.DB
	// read serves the reads a command waits on. On SQLite it is a second
	// handle on the file, query-only, whose connections read beside the
	// one that writes (the write-ahead log lets them): on the writer's
	// one connection every read of four concurrent commands waited its
	// turn behind their commits (docs/performance.md). On PostgreSQL it
	// is db.
	read    *sql.DB
	pool    *pgxpool.Pool // PostgreSQL only: the connections behind db
	dialect Dialect
	group   *groupCommit // SQLite only: see write
}

var (
	_ bot.Plans    = (*Store)(nil)
	_ bot.Settings = (*Store)(nil)
	_ bot.Switches = (*Store)(nil)
	_ bot.Audit    = (*Store)(nil)
)

// DB is the connection pool, for River's driver (riversqlite or
// riverdatabasesql).
func (s *Store) DB() *sql.DB { return s.db }

// Pool is the pgx pool behind DB on PostgreSQL, for River's LISTEN
// connection; nil on SQLite.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Dialect says which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the database handles and, on PostgreSQL, the pool.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.read != s.db {
		err = errors.Join(err, s.read.Close())
	}
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// Tx runs f in a transaction, committing when it returns nil.
//
// On SQLite the pool has one connection, held by the transaction until it
// ends: f must use tx, never s.DB(), or it waits for itself.
func (s *Store) Tx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := f(tx); err != nil {
		return errors.Join(err, rollback(tx))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// write runs f in a transaction: on SQLite in one shared with the other
// writes waiting at the same moment (groupCommit), on PostgreSQL — whose
// transactions run side by side — in one of its own. f must touch only
// what its caller owns, as its effects commit or vanish with the group's.
func (s *Store) write(ctx context.Context, f func(ctx context.Context, tx *sql.Tx) error) error {
	if s.group != nil {
		return s.group.do(ctx, f)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error { return f(ctx, tx) })
}

// rollback ends a failed transaction; "already done" is not a new failure.
func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("store: rollback: %w", err)
	}
	return nil
}

// ItemRef identifies one item of a batch.
type ItemRef struct {
	BatchID string
	Index   int // position in Batch.Items
}

// Reporting is who tells the requester a batch's result.
type Reporting string

const (
	ReportUndecided Reporting = ""      // nobody yet
	ReportSync      Reporting = "sync"  // the synchronous reply carried the final card
	ReportAsync     Reporting = "async" // a progress message posted by the jobs
)

// notFound is the error for a missing row: callers decide on its Kind.
func notFound(op, what string) error {
	return &bot.Error{Op: op, Kind: bot.KindNotFound, Err: errors.New(what + " not found")}
}
