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

// The only two ways an audit entry changes after it is appended, for
// admins' tooling; each leaves an entry saying what it did.

// Erased replaces a person's users/… name in the audit log after erasure.
const Erased = "erased"

// PurgeAudit deletes the audit entries older than before (retention) and
// returns how many; when there were some, it appends one "retention"
// entry saying so, in the same transaction.
func (s *Store) PurgeAudit(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM onboard_audit WHERE at < $1`, dbTime(before))
		if err != nil {
			return fmt.Errorf("store: purge audit log: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return appendAudit(ctx, tx, bot.AuditEntry{Command: "retention",
			Detail: fmt.Sprintf("purged %d entries older than %s", n, dbTime(before).Format(time.RFC3339))})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// EraseAuditPerson removes one person's personal data on request — from
// the audit log, from the batches and items that name them (and who
// undid a batch), from the River jobs of those batches, from the
// previews that name them (deleted), and from the "updated by" of plans,
// settings and switches — and returns how many
// audit entries it changed. person is their users/… name or address; the
// other form is found where the database links them (an actor's address,
// an invitee's canonical name). Where they are the actor, actor becomes
// Erased and the address is blanked; where they are the person, person
// becomes Erased; their address is cut out of details. Time, space,
// command, outcome and reason stay, so counts remain true. One "erase"
// entry, without the person's name or address, records the erasure in the
// same transaction (also when nothing matched: the request was carried
// out). An empty person is KindInvalid. The old row versions stay in the
// database's files until Compact.
func (s *Store) EraseAuditPerson(ctx context.Context, person string) (int64, error) {
	if strings.TrimPrefix(person, "users/") == "" {
		return 0, &bot.Error{Op: "store.EraseAuditPerson", Kind: bot.KindInvalid, Err: errors.New("no person to erase")}
	}
	var n int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		names, addrs, err := identities(ctx, tx, person)
		if err != nil {
			return err
		}
		if n, err = eraseEntries(ctx, tx, names, addrs); err != nil {
			return err
		}
		// Before eraseWork: it is what links the batches to the person.
		if err := eraseJobs(ctx, tx, s.dialect, names, addrs); err != nil {
			return err
		}
		if err := eraseWork(ctx, tx, names, addrs); err != nil {
			return err
		}
		if err := erasePreviews(ctx, tx, names, addrs); err != nil {
			return err
		}
		return appendAudit(ctx, tx, bot.AuditEntry{Command: "erase",
			Detail: fmt.Sprintf("erased personal data of 1 person (%d entries)", n)})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// identities returns the lower-cased users/… names and addresses person
// is known by: the one given, users/{address} for each address, and
// whatever the audit log, batches (actor name and address) and items
// (typed address and the canonical name Chat gave back) link to it.
func identities(ctx context.Context, tx *sql.Tx, person string) (names, addrs []string, err error) {
	var linked []string
	if addr, ok := address(person); ok {
		addrs = []string{addr}
		linked, err = column(ctx, tx, `SELECT lower(actor) FROM onboard_audit WHERE lower(email) = $1 AND actor <> ''
			UNION SELECT lower(actor_name) FROM onboard_batches WHERE lower(actor_email) = $1
			UNION SELECT lower(canonical_user) FROM onboard_items
				WHERE (lower(target_email) = $1 OR lower(target_user) = $2) AND canonical_user <> ''`,
			addr, "users/"+addr)
		names = linked
	} else {
		names = []string{strings.ToLower(person)}
		linked, err = column(ctx, tx, `SELECT lower(email) FROM onboard_audit WHERE actor = $1 AND email <> ''
			UNION SELECT lower(actor_email) FROM onboard_batches WHERE actor_name = $1 AND actor_email <> ''
			UNION SELECT lower(target_email) FROM onboard_items WHERE canonical_user = $1 AND target_email <> ''`,
			person)
		addrs = linked
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: erase: find who %s is: %w", person, err)
	}
	for _, a := range addrs {
		names = append(names, "users/"+a)
	}
	slices.Sort(names)
	return slices.Compact(names), addrs, nil
}

// column runs a query of one text column and returns its values.
func column(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, errors.Join(rows.Err(), rows.Close())
}

// eraseEntries blanks names and addrs out of every audit entry holding
// them, in one statement, and returns how many entries it changed.
func eraseEntries(ctx context.Context, tx *sql.Tx, names, addrs []string) (int64, error) {
	var args []any
	in := func(col string, vs []string) string {
		if len(vs) == 0 {
			return "FALSE"
		}
		marks := make([]string, len(vs))
		for i, v := range vs {
			args = append(args, v)
			marks[i] = "$" + strconv.Itoa(len(args))
		}
		return col + " IN (" + strings.Join(marks, ", ") + ")"
	}
	isActor := "(" + in("lower(actor)", names) + " OR " + in("lower(email)", addrs) + ")"
	isPerson := in("lower(person)", names)
	detail := "detail"
	for _, a := range addrs {
		args = append(args, a)
		detail = "replace(" + detail + ", $" + strconv.Itoa(len(args)) + ", '" + Erased + "')"
	}
	res, err := tx.ExecContext(ctx, `UPDATE onboard_audit SET
			actor = CASE WHEN `+isActor+` THEN '`+Erased+`' ELSE actor END,
			email = CASE WHEN `+isActor+` THEN '' ELSE email END,
			actor_name = CASE WHEN `+isActor+` THEN '' ELSE actor_name END,
			person = CASE WHEN `+isPerson+` THEN '`+Erased+`' ELSE person END,
			person_name = CASE WHEN `+isPerson+` THEN '' ELSE person_name END,
			detail = `+detail+`
		WHERE `+isActor+` OR `+isPerson+` OR detail <> `+detail, args...)
	if err != nil {
		return 0, fmt.Errorf("store: erase: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: erase: %w", err)
	}
	return n, nil
}

// eraseWork blanks the person out of the rest of the database: the batches
// they asked for, the items that named them, and the "updated by" of
// plans, settings and switches. Outcomes, spaces and times stay, so counts
// stay true. An item's name becomes "erased:<index>", keeping the
// one-job-per-person index unique.
func eraseWork(ctx context.Context, tx *sql.Tx, names, addrs []string) error {
	type matcher struct {
		args []any
	}
	in := func(m *matcher, col string, vs []string) string {
		if len(vs) == 0 {
			return "FALSE"
		}
		marks := make([]string, len(vs))
		for i, v := range vs {
			m.args = append(m.args, v)
			marks[i] = "$" + strconv.Itoa(len(m.args))
		}
		return col + " IN (" + strings.Join(marks, ", ") + ")"
	}
	var statements []func() (string, []any)
	statements = append(statements, func() (string, []any) {
		var m matcher
		where := in(&m, "lower(actor_name)", names) + " OR " + in(&m, "lower(actor_email)", addrs)
		return `UPDATE onboard_batches SET actor_name = '` + Erased + `', actor_email = '', actor_display = '' WHERE ` + where, m.args
	}, func() (string, []any) {
		var m matcher
		where := in(&m, "lower(target_user)", names) + " OR " + in(&m, "lower(target_email)", addrs) + " OR " +
			in(&m, "lower(canonical_user)", names)
		return `UPDATE onboard_items SET target_user = '` + Erased + `:' || idx, target_email = '',
			target_display = '` + Erased + `', canonical_user = CASE WHEN canonical_user = '' THEN '' ELSE '` + Erased + `' END
			WHERE ` + where, m.args
	}, func() (string, []any) {
		var m matcher // who undid a batch
		return `UPDATE onboard_batches SET undone_by = '` + Erased + `' WHERE ` + in(&m, "lower(undone_by)", names), m.args
	}, func() (string, []any) {
		var m matcher // whose grant added someone
		return `UPDATE onboard_items SET authority_user = '` + Erased + `' WHERE ` + in(&m, "lower(authority_user)", names), m.args
	}, func() (string, []any) {
		var m matcher // a pending sign-in, and a grant the caller did not revoke first
		return `DELETE FROM onboard_oauth_signins WHERE ` + in(&m, "lower(chat_user)", names) + " OR " +
			in(&m, "lower(email)", addrs), m.args
	}, func() (string, []any) {
		var m matcher
		return `DELETE FROM onboard_grants WHERE ` + in(&m, "lower(chat_user)", names) + " OR " +
			in(&m, "lower(email)", addrs), m.args
	})
	for _, table := range []string{"onboard_plans", "onboard_space_settings", "onboard_switches"} {
		statements = append(statements, func() (string, []any) {
			var m matcher
			set := `updated_by = '` + Erased + `'`
			if table == "onboard_space_settings" {
				set += `, updated_by_name = ''`
			}
			return `UPDATE ` + table + ` SET ` + set + ` WHERE ` + in(&m, "lower(updated_by)", names), m.args
		})
	}
	for _, build := range statements {
		query, args := build()
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("store: erase: %w", err)
		}
	}
	return nil
}
