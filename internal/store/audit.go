package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// The audit log is append-only: this file inserts and reads rows, and
// retention.go is the only code that deletes or changes them.

const (
	// DefaultAuditLimit is how many entries Query returns when the query
	// names no limit; MaxAuditLimit is the most it returns.
	DefaultAuditLimit = 100
	MaxAuditLimit     = 1000
)

// commandInvite is the command recorded for a batch's membership outcomes:
// a batch does not say which command made it, and every one adds people.
const commandInvite = "invite"

const insertAudit = `INSERT INTO onboard_audit
	(at, actor, email, space, command, person, outcome, reason, batch_id, detail, authority,
	 actor_name, person_name, space_name)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`

// execer is a *sql.DB or a *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Append adds e to the audit log. The log assigns the ID (a non-zero ID
// is KindInvalid: entries are never rewritten); a zero Time is now. Time
// is kept in UTC, to the microsecond.
func (s *Store) Append(ctx context.Context, e bot.AuditEntry) error {
	if e.ID != 0 {
		return &bot.Error{Op: "store.Append", Kind: bot.KindInvalid,
			Err: fmt.Errorf("audit entry has id %d; the log assigns ids", e.ID)}
	}
	return appendAudit(ctx, s.db, e)
}

func appendAudit(ctx context.Context, q execer, e bot.AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	_, err := q.ExecContext(ctx, insertAudit, dbTime(e.Time), e.Actor, e.Email, e.Space, e.Command, e.Person,
		string(e.Outcome), string(e.Reason), e.BatchID, e.Detail, string(e.Authority), e.ActorName, e.PersonName, e.SpaceName)
	if err != nil {
		return fmt.Errorf("store: append %s audit entry: %w", e.Command, err)
	}
	return nil
}

// auditItems appends one entry per listed item of batch id, as the item
// is now (call it after the item's outcome is written, in the same
// transaction): the batch's actor, the item's space, its person (the
// canonical user when Chat told us, else the target), outcome and reason.
// It returns how many it appended.
func auditItems(ctx context.Context, tx *sql.Tx, at time.Time, id string, idxs []int) (int64, error) {
	var total int64
	for chunk := range slices.Chunk(idxs, 500) { // well under either database's parameter limit
		args, marks := appendIn([]any{dbTime(at), id}, chunk)
		res, err := tx.ExecContext(ctx, `INSERT INTO onboard_audit
				(at, actor, email, space, command, person, outcome, reason, batch_id, detail, authority,
				 actor_name, person_name, space_name)
			SELECT $1, b.actor_name, b.actor_email, i.space, '`+commandInvite+`',
				CASE WHEN i.canonical_user <> '' THEN i.canonical_user ELSE i.target_user END,
				i.outcome, i.reason, b.id, '', i.authority, b.actor_display, i.target_display, i.space_display
			FROM onboard_items i JOIN onboard_batches b ON b.id = i.batch_id
			WHERE i.batch_id = $2 AND i.idx IN (`+marks+`)
			ORDER BY i.idx`, args...)
		if err != nil {
			return total, fmt.Errorf("store: audit items of batch %s: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("store: audit items of batch %s: %w", id, err)
		}
		total += n
	}
	return total, nil
}

// Query returns the entries q selects, newest first: at most q.Limit
// (DefaultAuditLimit when it is not positive, never more than
// MaxAuditLimit). q.Person is a users/… name or an address; an address
// matches the person it was typed as (users/{address}), the users/{id}
// Chat gave back for it, and the actor's address, ignoring case.
func (s *Store) Query(ctx context.Context, q bot.AuditQuery) ([]bot.AuditEntry, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultAuditLimit
	}
	limit = min(limit, MaxAuditLimit)
	var es []bot.AuditEntry
	err := s.eachAudit(ctx, q, "DESC", limit, func(e bot.AuditEntry) error {
		es = append(es, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return es, nil
}

// ExportAudit calls each with the entries q selects, oldest first, as they
// are read (for CSV or JSON Lines export): all of them when q.Limit is
// not positive, else the oldest q.Limit. It stops at each's first error
// and returns it. On SQLite the store's one connection is busy until it
// returns: each must not use the store.
func (s *Store) ExportAudit(ctx context.Context, q bot.AuditQuery, each func(bot.AuditEntry) error) error {
	return s.eachAudit(ctx, q, "ASC", max(q.Limit, 0), each)
}

// eachAudit reads the entries q selects in order ("ASC" or "DESC" by time
// then id), at most limit of them (all when limit is 0).
func (s *Store) eachAudit(ctx context.Context, q bot.AuditQuery, order string, limit int, each func(bot.AuditEntry) error) error {
	where, args := auditWhere(q)
	query := `SELECT id, at, actor, email, space, command, person, outcome, reason, batch_id, detail, authority,
			actor_name, person_name, space_name
		FROM onboard_audit` + where + ` ORDER BY at ` + order + `, id ` + order
	if limit > 0 {
		args = append(args, limit)
		query += ` LIMIT $` + strconv.Itoa(len(args))
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: read audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e bot.AuditEntry
		var outcome, reason, authority string
		err := rows.Scan(&e.ID, utcTime{&e.Time}, &e.Actor, &e.Email, &e.Space, &e.Command, &e.Person,
			&outcome, &reason, &e.BatchID, &e.Detail, &authority, &e.ActorName, &e.PersonName, &e.SpaceName)
		if err != nil {
			return fmt.Errorf("store: read audit log: %w", err)
		}
		e.Outcome, e.Reason, e.Authority = bot.Outcome(outcome), bot.Reason(reason), bot.AuthorityKind(authority)
		if err := each(e); err != nil {
			return err
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("store: read audit log: %w", err)
	}
	return nil
}

// auditWhere turns q's filters into a WHERE clause and its arguments.
func auditWhere(q bot.AuditQuery) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if q.Space != "" {
		conds = append(conds, "space = "+arg(q.Space))
	}
	if q.Person != "" {
		if addr, ok := address(q.Person); ok {
			// Also the canonical users/{id} Chat gave back for that address.
			a := arg(addr)
			conds = append(conds, "(person IN ("+arg(q.Person)+", "+arg("users/"+addr)+") OR lower(email) = "+a+
				" OR person IN (SELECT canonical_user FROM onboard_items WHERE lower(target_email) = "+a+
				" AND canonical_user <> ''))")
		} else {
			conds = append(conds, "person = "+arg(q.Person))
		}
	}
	if !q.Since.IsZero() {
		conds = append(conds, "at >= "+arg(dbTime(q.Since)))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// address returns the lower-cased address p names ("a@b" or
// "users/a@b"), and false when p is a users/{id} name instead.
func address(p string) (string, bool) {
	a := strings.TrimPrefix(p, "users/")
	if !strings.Contains(a, "@") {
		return "", false
	}
	return strings.ToLower(a), true
}
