// Package store is Onboard's database: durable invite batches and their
// per-person outcomes, plans, and (later) settings and the audit log, on
// SQLite (the embedded default: one instance, the demo) or PostgreSQL
// (several instances; Cloud SQL in production), through one *sql.DB. It runs
// the versioned schema migrations — River's and ours — at start.
//
// It owns SQL and nothing else: no Chat API calls, no job scheduling (that
// is internal/jobs, which enqueues River jobs in the transactions this
// package opens), no words a user reads.
package store

// TEMPORARY stub: the exported signatures are the contract others code
// against; the bodies are being written.

import (
	"context"
	"database/sql"
	"errors"
	"time"

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
	db      *sql.DB
	dialect Dialect
}

var _ bot.Plans = (*Store)(nil)

// Open connects to databaseURL: "" or "sqlite:PATH" (":memory:" is not
// allowed: River and the app need one shared file) → SQLite with one
// connection (SQLite allows one writer); "postgres://…" or
// "postgresql://…" → PostgreSQL. It does not migrate.
func Open(ctx context.Context, databaseURL string) (*Store, error) {
	return nil, errors.New("store: not implemented")
}

// DB is the connection pool, for River's driver (riversqlite or
// riverdatabasesql).
func (s *Store) DB() *sql.DB { return s.db }

// Dialect says which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// Migrate brings River's schema and ours up to date; it is safe to run at
// every start and from several instances at once.
func (s *Store) Migrate(ctx context.Context) error { return nil }

// Close closes the pool.
func (s *Store) Close() error { return nil }

// Tx runs f in a transaction, committing when it returns nil.
func (s *Store) Tx(ctx context.Context, f func(tx *sql.Tx) error) error { return nil }

// CreateBatch saves b (assigning b.ID and item ids) and then calls enqueue
// in the same transaction, so a batch is never saved without its jobs nor
// queued without being saved. If a batch with b.Key exists, it is returned
// with created false and enqueue is not called.
func (s *Store) CreateBatch(ctx context.Context, b bot.Batch, enqueue func(tx *sql.Tx, saved bot.Batch) error) (saved bot.Batch, created bool, err error) {
	return bot.Batch{}, false, nil
}

// Batch loads a batch with its items in their original order;
// *bot.Error KindNotFound when there is none.
func (s *Store) Batch(ctx context.Context, id string) (bot.Batch, error) { return bot.Batch{}, nil }

// ItemRef identifies one item of a batch.
type ItemRef struct {
	BatchID string
	Index   int // position in Batch.Items
}

// StartAttempt records that an attempt on the item is starting and returns
// how many attempts were started before (so a worker knows an earlier one
// may have succeeded unseen) and whether the item is still pending (false:
// it has a final outcome or was cancelled — do nothing).
func (s *Store) StartAttempt(ctx context.Context, ref ItemRef) (previous int, pending bool, err error) {
	return 0, false, nil
}

// RecordResult stores the item's final result if it is still pending and
// reports whether it did (exactly once per item). When it was the batch's
// last pending item, the batch becomes done.
func (s *Store) RecordResult(ctx context.Context, ref ItemRef, r bot.PersonResult) (recorded bool, err error) {
	return false, nil
}

// CancelBatch marks every pending item of the batch Cancelled with reason
// and the batch cancelled (and done).
func (s *Store) CancelBatch(ctx context.Context, id string, reason bot.Reason) (bot.Batch, error) {
	return bot.Batch{}, nil
}

// CancelSpace cancels the pending items for space across all batches and
// returns how many.
func (s *Store) CancelSpace(ctx context.Context, space string, reason bot.Reason) (int, error) {
	return 0, nil
}

// RecentBatches returns actor's batches, newest first, with their items.
func (s *Store) RecentBatches(ctx context.Context, actor string, limit int) ([]bot.Batch, error) {
	return nil, nil
}

// Reporting is who tells the requester a batch's result.
type Reporting string

const (
	ReportUndecided Reporting = ""      // nobody yet
	ReportSync      Reporting = "sync"  // the synchronous reply carried the final card
	ReportAsync     Reporting = "async" // a progress message posted by the jobs
)

// ClaimReporting sets the batch's reporting to want unless already
// decided, and returns the decision in force (so exactly one of the
// synchronous reply and the progress job reports the final tally).
func (s *Store) ClaimReporting(ctx context.Context, id string, want Reporting) (Reporting, error) {
	return "", nil
}

// ProgressMessage returns the name of the batch's progress message and
// when it was last updated ("" if not posted yet).
func (s *Store) ProgressMessage(ctx context.Context, id string) (name string, updated time.Time, err error) {
	return "", time.Time{}, nil
}

// SetProgressMessage records the progress message's name and update time.
func (s *Store) SetProgressMessage(ctx context.Context, id, name string, updated time.Time) error {
	return nil
}

// SavePlan, Plan and ListPlans implement bot.Plans.
func (s *Store) SavePlan(ctx context.Context, p bot.Plan) error          { return nil }
func (s *Store) Plan(ctx context.Context, name string) (bot.Plan, error) { return bot.Plan{}, nil }
func (s *Store) ListPlans(ctx context.Context) ([]bot.Plan, error)       { return nil, nil }
