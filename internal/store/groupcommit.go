package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// groupCommit commits the small writes of concurrent callers — an invite
// worker's attempt and result — in one transaction on SQLite. SQLite
// writes one transaction at a time on the store's one connection, and
// each commit costs a WAL append and an fsync whatever it holds: eighty
// workers that each commit twice queue behind one another, while one
// transaction of all their writes costs about one commit
// (docs/performance.md, "SQLite: one commit for the writes that wait
// together"). Neither database/sql nor the
// driver offers this, so it is written here.
//
// Each write runs in a savepoint of its own, so a write that fails leaves
// no trace and does not fail the others; if the commit fails, every write
// of the group is told so. A write runs without its caller's cancellation
// (SQLite's interrupt would roll back the whole transaction), but one
// whose caller is gone before it starts does not run.
type groupCommit struct {
	db      *sql.DB
	mu      sync.Mutex
	queue   []*groupedWrite
	leading bool // a caller is committing the queue
}

type groupedWrite struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *sql.Tx) error
	done chan error
}

// groupTimeout bounds one group's transaction.
const groupTimeout = 30 * time.Second

// do runs fn in the next group's transaction and returns once that
// transaction has committed (nil) or fn or the commit failed. The first
// caller to find no group being committed commits the queue, its own
// write included; writes that arrived meanwhile are left to a goroutine
// of their own, so no caller waits on more than its own group.
func (g *groupCommit) do(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	w := &groupedWrite{ctx: ctx, fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, w)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		g.lead()
	}
	return <-w.done
}

// lead commits the queue as one group, then hands the lead on if more
// writes are waiting.
func (g *groupCommit) lead() {
	g.mu.Lock()
	group := g.queue
	g.queue = nil
	g.mu.Unlock()
	g.commit(group)
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.leading = false
		return
	}
	go g.lead()
}

// commit runs one group's writes in one transaction and tells each its
// outcome.
func (g *groupCommit) commit(group []*groupedWrite) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(group[0].ctx), groupTimeout)
	defer cancel()
	errs := make([]error, len(group))
	err := g.run(ctx, group, errs)
	for i, w := range group {
		if errs[i] == nil {
			errs[i] = err
		}
		w.done <- errs[i]
	}
}

// run is commit's transaction: errs gets each write's own failure; the
// error returned is the group's (begin, savepoint or commit), which
// every write without a failure of its own shares.
func (g *groupCommit) run(ctx context.Context, group []*groupedWrite, errs []error) error {
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	for i, w := range group {
		if errs[i] = w.ctx.Err(); errs[i] != nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT grouped`); err != nil {
			return errors.Join(fmt.Errorf("store: savepoint: %w", err), rollback(tx))
		}
		if errs[i] = w.fn(context.WithoutCancel(w.ctx), tx); errs[i] != nil {
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO grouped`); err != nil {
				return errors.Join(fmt.Errorf("store: rollback to savepoint: %w", err), rollback(tx))
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE grouped`); err != nil {
			return errors.Join(fmt.Errorf("store: release savepoint: %w", err), rollback(tx))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
