package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// StartAttempt records that an attempt on the item is starting and returns
// how many attempts were started before (so a worker knows an earlier one
// may have succeeded unseen) and whether the item is still pending (false:
// it has a final outcome or was cancelled — do nothing). A missing item is
// KindNotFound.
func (s *Store) StartAttempt(ctx context.Context, ref ItemRef) (previous int, pending bool, err error) {
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		started := map[int]int{}
		if err := startAttemptsIn(ctx, tx, ref.BatchID, []int{ref.Index}, started); err != nil {
			return err
		}
		previous, pending = started[ref.Index]
		if pending {
			return nil
		}
		previous, err = s.attempts(ctx, tx, ref) // not found, or not pending
		return err
	})
	if err != nil {
		return 0, false, err
	}
	return previous, pending, nil
}

// attempts reads an item's attempt count; KindNotFound when it is missing.
func (s *Store) attempts(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, ref ItemRef) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT attempts FROM onboard_items WHERE batch_id = $1 AND idx = $2`,
		ref.BatchID, ref.Index).Scan(&n)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, notFound("store.Item", fmt.Sprintf("item %s#%d", ref.BatchID, ref.Index))
	case err != nil:
		return 0, fmt.Errorf("store: item %s#%d: %w", ref.BatchID, ref.Index, err)
	}
	return n, nil
}

// RecordResult stores the item's final result if it is still pending and
// reports whether it did (exactly once per item), with its audit entry in
// the same transaction (none when it did not record). When it was the batch's
// last pending item, the batch becomes done. r.Outcome must be final
// (KindInvalid otherwise); a missing item is KindNotFound.
//
// One exception to "only pending": a person whose create was already on
// its way to Chat when the batch was cancelled really was added, so a
// Joined or Invited result replaces Cancelled — the tally must not hide a
// real membership.
func (s *Store) RecordResult(ctx context.Context, ref ItemRef, r bot.PersonResult) (recorded bool, err error) {
	if !r.Outcome.Final() {
		return false, &bot.Error{Op: "store.RecordResult", Kind: bot.KindInvalid,
			Err: fmt.Errorf("outcome %q is not final", r.Outcome)}
	}
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		recorded = false // a failed write of a group leaves nothing recorded
		if err := s.lockBatch(ctx, tx, ref.BatchID); err != nil {
			return err
		}
		now := time.Now()
		ok, err := recordIn(ctx, tx, ref.BatchID, ref.Index, r, now)
		if err != nil || !ok {
			if err == nil {
				_, err = s.attempts(ctx, tx, ref) // not found, or decided already
			}
			return err
		}
		recorded = true
		if _, err := auditItems(ctx, tx, now, ref.BatchID, []int{ref.Index}); err != nil {
			return err
		}
		return s.markDoneIfSettled(ctx, tx, ref.BatchID)
	})
	if err != nil {
		return false, err
	}
	return recorded, nil
}

// recordIn stores item idx's final result r if it is still pending (or
// was cancelled while an add that succeeded was on its way: see
// RecordResult), and says whether it did.
func recordIn(ctx context.Context, tx *sql.Tx, batchID string, idx int, r bot.PersonResult, now time.Time) (bool, error) {
	// A person erased while their attempt was on its way to Chat
	// gets their outcome, but not the name Chat gave them back.
	res, err := tx.ExecContext(ctx, `UPDATE onboard_items
		SET outcome = $3, reason = $4, updated_at = $6,
			canonical_user = CASE WHEN target_user LIKE '`+Erased+`:%' THEN '' ELSE $5 END
		WHERE batch_id = $1 AND idx = $2 AND (outcome = 'pending'
			OR (outcome = 'cancelled' AND $3 IN ('joined', 'invited')))`,
		batchID, idx, string(r.Outcome), string(r.Reason), r.User, dbTime(now))
	if err != nil {
		return false, fmt.Errorf("store: record result of %s#%d: %w", batchID, idx, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: record result of %s#%d: %w", batchID, idx, err)
	}
	return n > 0, nil
}

// lockBatch holds the batch's row until the transaction ends, so that
// whoever settles its last pending item sees every other item's outcome
// (without it, two last results recorded at once could each see the other
// still pending and neither mark the batch done). SQLite needs no row
// lock: its transactions write one at a time. A missing batch is
// KindNotFound.
func (s *Store) lockBatch(ctx context.Context, tx *sql.Tx, id string) error {
	q := `SELECT id FROM onboard_batches WHERE id = $1`
	if s.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	err := tx.QueryRowContext(ctx, q, id).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return notFound("store.Batch", "batch "+id)
	case err != nil:
		return fmt.Errorf("store: lock batch %s: %w", id, err)
	}
	return nil
}

// markDoneIfSettled marks the (locked) batch done when none of its items
// is pending.
func (s *Store) markDoneIfSettled(ctx context.Context, tx *sql.Tx, id string) error {
	_, err := tx.ExecContext(ctx, `UPDATE onboard_batches SET done = TRUE
		WHERE id = $1 AND NOT done
		  AND NOT EXISTS (SELECT 1 FROM onboard_items WHERE batch_id = $1 AND outcome = 'pending')`, id)
	if err != nil {
		return fmt.Errorf("store: settle batch %s: %w", id, err)
	}
	return nil
}

// CancelBatch marks every pending item of the batch Cancelled with reason
// (each with an audit entry) and the batch cancelled (and done). A batch that was done already is
// returned as it is: nothing was left to cancel. A missing batch is
// KindNotFound.
func (s *Store) CancelBatch(ctx context.Context, id string, reason bot.Reason) (bot.Batch, error) {
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockBatch(ctx, tx, id); err != nil {
			return err
		}
		if _, err := s.cancelItems(ctx, tx, id, "", reason); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE onboard_batches SET cancelled = TRUE, done = TRUE
			WHERE id = $1 AND NOT done`, id)
		if err != nil {
			return fmt.Errorf("store: cancel batch %s: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return bot.Batch{}, err
	}
	return s.Batch(ctx, id)
}

// CancelSpace cancels the pending items for space across all batches
// (each with an audit entry) and returns how many. A batch left with nothing pending becomes done (but
// not cancelled: its requester did not cancel it).
func (s *Store) CancelSpace(ctx context.Context, space string, reason bot.Reason) (int, error) {
	total := 0
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		ids, err := s.lockBatchesPendingIn(ctx, tx, space)
		if err != nil {
			return err
		}
		for _, id := range ids {
			n, err := s.cancelItems(ctx, tx, id, space, reason)
			if err != nil {
				return err
			}
			total += n
			if err := s.markDoneIfSettled(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return total, nil
}

// lockBatchesPendingIn locks, in id order (so two cancellations cannot
// deadlock), the batches with a pending item in space, and returns them.
func (s *Store) lockBatchesPendingIn(ctx context.Context, tx *sql.Tx, space string) ([]string, error) {
	q := `SELECT id FROM onboard_batches
		WHERE id IN (SELECT batch_id FROM onboard_items WHERE space = $1 AND outcome = 'pending')
		ORDER BY id`
	if s.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	rows, err := tx.QueryContext(ctx, q, space)
	if err != nil {
		return nil, fmt.Errorf("store: batches pending in %s: %w", space, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: batches pending in %s: %w", space, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: batches pending in %s: %w", space, err)
	}
	return ids, nil
}

// cancelItems cancels the batch's pending items (in space, unless space
// is "") with one audit entry each, and returns how many.
func (s *Store) cancelItems(ctx context.Context, tx *sql.Tx, id, space string, reason bot.Reason) (int, error) {
	now := time.Now()
	rows, err := tx.QueryContext(ctx, `UPDATE onboard_items SET outcome = 'cancelled', reason = $2, updated_at = $3
		WHERE batch_id = $1 AND outcome = 'pending' AND ($4 = '' OR space = $4)
		RETURNING idx`,
		id, string(reason), dbTime(now), space)
	if err != nil {
		return 0, fmt.Errorf("store: cancel items of batch %s: %w", id, err)
	}
	var idxs []int
	for rows.Next() {
		var idx int
		if err := rows.Scan(&idx); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: cancel items of batch %s: %w", id, err)
		}
		idxs = append(idxs, idx)
	}
	// Closed before the next statement: the transaction has one connection.
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, fmt.Errorf("store: cancel items of batch %s: %w", id, err)
	}
	if _, err := auditItems(ctx, tx, now, id, idxs); err != nil {
		return 0, err
	}
	return len(idxs), nil
}
