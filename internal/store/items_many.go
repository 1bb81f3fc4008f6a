package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// The writes of a command's invite job (internal/jobs, TogetherArgs):
// StartAttempt and RecordResult for several items of one batch at once.
// One statement, or one transaction with one lock of the batch, instead
// of one per person: on PostgreSQL every result locks the batch's row,
// so a command's results recorded one by one queued behind each other.

// StartAttempts is StartAttempt for several items of one batch in one
// statement: for each item still pending it returns how many attempts
// were started on it before. Items that are not pending — final,
// cancelled, or missing — are absent from the map.
func (s *Store) StartAttempts(ctx context.Context, batchID string, idxs []int) (map[int]int, error) {
	previous := make(map[int]int, len(idxs))
	if len(idxs) == 0 {
		return previous, nil
	}
	if s.group == nil {
		// PostgreSQL: the one statement is atomic on its own, and a
		// transaction around it would be two more round trips.
		if err := startAttemptsIn(ctx, s.db, batchID, idxs, previous); err != nil {
			return nil, err
		}
		return previous, nil
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		clear(previous) // a failed write of a group started nothing
		return startAttemptsIn(ctx, tx, batchID, idxs, previous)
	})
	if err != nil {
		return nil, err
	}
	return previous, nil
}

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// startAttemptsIn counts an attempt on each of the items idxs of the batch
// that is pending (and its batch not cancelled), and puts in previous how
// many were started on it before.
func startAttemptsIn(ctx context.Context, q queryer, batchID string, idxs []int, previous map[int]int) error {
	args, marks := appendIn([]any{batchID, dbTime(time.Now())}, idxs)
	rows, err := q.QueryContext(ctx, `UPDATE onboard_items SET attempts = attempts + 1, updated_at = $2
		WHERE batch_id = $1 AND idx IN (`+marks+`) AND outcome = 'pending'
		  AND batch_id IN (SELECT id FROM onboard_batches WHERE id = $1 AND NOT cancelled)
		RETURNING idx, attempts`, args...)
	if err != nil {
		return fmt.Errorf("store: start attempts on %s: %w", batchID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var idx, attempts int
		if err := rows.Scan(&idx, &attempts); err != nil {
			return fmt.Errorf("store: start attempts on %s: %w", batchID, err)
		}
		previous[idx] = attempts - 1
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: start attempts on %s: %w", batchID, err)
	}
	return rows.Close()
}

// appendIn appends idxs to args and returns the placeholders that name
// them, for an IN list: "$3, $4, …".
func appendIn(args []any, idxs []int) ([]any, string) {
	marks := make([]string, len(idxs))
	for i, idx := range idxs {
		args = append(args, idx)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	return args, strings.Join(marks, ", ")
}

// RecordResults is RecordResult for several items of one batch in one
// transaction — one lock of the batch, one audit insert, one look at
// whether it is done — and returns the indexes it recorded. An item that
// is missing or final already is not recorded, and is no error. Every
// result's outcome must be final (KindInvalid otherwise).
func (s *Store) RecordResults(ctx context.Context, batchID string, results map[int]bot.PersonResult) (recorded []int, err error) {
	for _, r := range results {
		if !r.Outcome.Final() {
			return nil, &bot.Error{Op: "store.RecordResults", Kind: bot.KindInvalid,
				Err: fmt.Errorf("outcome %q is not final", r.Outcome)}
		}
	}
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		recorded = nil // a failed write of a group leaves nothing recorded
		if err := s.lockBatch(ctx, tx, batchID); err != nil {
			return err
		}
		now := time.Now()
		idxs := slices.Sorted(maps.Keys(results))
		for chunk := range slices.Chunk(idxs, recordChunk) {
			got, err := recordManyIn(ctx, tx, batchID, chunk, results, now)
			if err != nil {
				return err
			}
			recorded = append(recorded, got...)
		}
		if len(recorded) == 0 {
			return nil
		}
		slices.Sort(recorded)
		if _, err := auditItems(ctx, tx, now, batchID, recorded); err != nil {
			return err
		}
		return s.markDoneIfSettled(ctx, tx, batchID)
	})
	if err != nil {
		return nil, err
	}
	return recorded, nil
}

// recordChunk is how many results one statement records (four
// parameters each).
const recordChunk = 100

// recordManyIn is recordIn for the items idxs of the batch, in one
// statement: on PostgreSQL a command's twenty results were twenty round
// trips with the batch's row locked.
func recordManyIn(ctx context.Context, tx *sql.Tx, batchID string, idxs []int, results map[int]bot.PersonResult, now time.Time) ([]int, error) {
	args := make([]any, 0, 2+4*len(idxs))
	args = append(args, batchID, dbTime(now))
	rows := make([]string, len(idxs))
	for i, idx := range idxs {
		r := results[idx]
		n := len(args)
		args = append(args, idx, string(r.Outcome), string(r.Reason), r.User)
		rows[i] = fmt.Sprintf("(CAST($%d AS INTEGER), CAST($%d AS TEXT), CAST($%d AS TEXT), CAST($%d AS TEXT))", n+1, n+2, n+3, n+4)
	}
	// The same rule as recordIn's, row by row.
	q := `WITH v (vidx, voutcome, vreason, vcanonical) AS (VALUES ` + strings.Join(rows, ", ") + `)
		UPDATE onboard_items
		SET outcome = voutcome, reason = vreason, updated_at = $2,
			canonical_user = CASE WHEN target_user LIKE '` + Erased + `:%' THEN '' ELSE vcanonical END
		FROM v
		WHERE batch_id = $1 AND idx = vidx AND (outcome = 'pending'
			OR (outcome = 'cancelled' AND voutcome IN ('joined', 'invited')))
		RETURNING idx`
	res, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: record %d results of %s: %w", len(idxs), batchID, err)
	}
	defer res.Close()
	var recorded []int
	for res.Next() {
		var idx int
		if err := res.Scan(&idx); err != nil {
			return nil, fmt.Errorf("store: record %d results of %s: %w", len(idxs), batchID, err)
		}
		recorded = append(recorded, idx)
	}
	if err := res.Err(); err != nil {
		return nil, fmt.Errorf("store: record %d results of %s: %w", len(idxs), batchID, err)
	}
	return recorded, res.Close()
}
