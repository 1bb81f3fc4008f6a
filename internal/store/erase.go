package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Erasure beyond our own tables: River's job rows, and the old row
// versions a database keeps on disk after a row is changed.

// eraseJobs clears the person out of River's job rows: the jobs of the
// batches that named them (as the one who asked, or as someone to add).
// A job's args hold only a batch id and an index, and River's metadata
// only its own bookkeeping (snoozes); its errors, though, are the text of
// each failed attempt, and a bot.Error names the person. Finished jobs
// are deleted — River would delete them after a day or a week anyway —
// and the others lose their error history, which River only shows and
// never acts on: a job still running or waiting to retry carries on.
func eraseJobs(ctx context.Context, tx *sql.Tx, d Dialect, names, addrs []string) error {
	ids, err := batchesNaming(ctx, tx, names, addrs)
	if err != nil {
		return err
	}
	batchID := `args->>'batch_id'`
	if d == SQLite {
		batchID = `json_extract(args, '$.batch_id')`
	}
	// Our job kinds are internal/jobs' "onboard.…", each with a batch_id.
	const ours = `kind LIKE 'onboard.%' AND `
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := batchID + ` IN (` + placeholders(1, len(chunk)) + `)`
		if _, err := tx.ExecContext(ctx, `DELETE FROM river_job WHERE `+ours+in+
			` AND state IN ('completed', 'cancelled', 'discarded')`, args...); err != nil {
			return fmt.Errorf("store: erase: finished jobs: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE river_job SET errors = NULL WHERE `+ours+in+
			` AND errors IS NOT NULL`, args...); err != nil {
			return fmt.Errorf("store: erase: job errors: %w", err)
		}
	}
	return nil
}

// batchesNaming returns the ids of the batches whose actor or any of
// whose items is one of names or addrs (lower-cased).
func batchesNaming(ctx context.Context, tx *sql.Tx, names, addrs []string) ([]string, error) {
	var args []any
	in := func(col string, vs []string) string {
		if len(vs) == 0 {
			return "FALSE"
		}
		for _, v := range vs {
			args = append(args, v)
		}
		return col + " IN (" + placeholders(len(args)-len(vs)+1, len(vs)) + ")"
	}
	actor := in("lower(actor_name)", names) + " OR " + in("lower(actor_email)", addrs)
	item := in("lower(target_user)", names) + " OR " + in("lower(target_email)", addrs) + " OR " +
		in("lower(canonical_user)", names)
	ids, err := column(ctx, tx, `SELECT id FROM onboard_batches WHERE `+actor+`
		UNION SELECT batch_id FROM onboard_items WHERE `+item, args...)
	if err != nil {
		return nil, fmt.Errorf("store: erase: find batches: %w", err)
	}
	return ids, nil
}

// placeholders is "$first, $first+1, …", n of them.
func placeholders(first, n int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = "$" + strconv.Itoa(first+i)
	}
	return strings.Join(marks, ", ")
}

// Compaction says what Compact did.
type Compaction struct {
	// Done is what now holds no old row versions: the PostgreSQL tables
	// rewritten, or the SQLite file and its write-ahead log.
	Done []string
	// Refused are the PostgreSQL tables this database role may not
	// VACUUM FULL (only their owner, the database's owner or a superuser
	// may; from PostgreSQL 17, a role granted MAINTAIN).
	Refused []string
	// Busy is what others held for longer than compactLockTimeout: run
	// Compact again later.
	Busy []string
}

// compactTables are the tables that hold personal data.
var compactTables = []string{"onboard_audit", "onboard_batches", "onboard_items", "onboard_plans",
	"onboard_space_settings", "onboard_switches", "river_job"}

// compactLockTimeout bounds how long a VACUUM FULL waits for its table:
// while it waits, it queues every query on that table behind it.
const compactLockTimeout = "5s"

// Compact removes the old versions of changed and deleted rows from the
// database's files, so that data erased from the tables is not still on
// disk (erasure calls it after its transaction). On SQLite (which zeroes
// what it deletes: secure_delete) it rewrites the file (VACUUM, in
// memory) and empties the write-ahead log into it (wal_checkpoint
// TRUNCATE). On PostgreSQL it rewrites each table that holds personal
// data (VACUUM FULL, which locks the table for the time it takes) where
// the role may, and says where it may not. Neither reaches copies made
// before — backups, PostgreSQL's write-ahead log archive, replicas: see
// docs/data-protection.md.
func (s *Store) Compact(ctx context.Context) (Compaction, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return Compaction{}, fmt.Errorf("store: compact: %w", err)
	}
	defer conn.Close()
	if s.dialect == SQLite {
		return compactSQLite(ctx, conn)
	}
	return compactPostgres(ctx, conn)
}

func compactSQLite(ctx context.Context, conn *sql.Conn) (Compaction, error) {
	var c Compaction
	// The copy VACUUM makes stays in memory, not in a temporary file
	// that would be deleted with the data still in its disk blocks.
	steps := []string{`PRAGMA temp_store = MEMORY`, `VACUUM`, `PRAGMA temp_store = DEFAULT`}
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return c, fmt.Errorf("store: compact: %s: %w", q, err)
		}
	}
	c.Done = append(c.Done, "database file")
	var busy, logFrames, checkpointed int
	err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed)
	switch {
	case err != nil:
		return c, fmt.Errorf("store: compact: checkpoint: %w", err)
	case busy != 0:
		// Another connection was still reading old frames.
		c.Busy = append(c.Busy, "write-ahead log")
	default:
		c.Done = append(c.Done, "write-ahead log")
	}
	return c, nil
}

func compactPostgres(ctx context.Context, conn *sql.Conn) (c Compaction, err error) {
	if _, err := conn.ExecContext(ctx, `SET lock_timeout = '`+compactLockTimeout+`'`); err != nil {
		return c, fmt.Errorf("store: compact: %w", err)
	}
	defer func() {
		_, rerr := conn.ExecContext(context.WithoutCancel(ctx), `RESET lock_timeout`)
		err = errors.Join(err, rerr)
	}()
	for _, table := range compactTables {
		// VACUUM FULL writes the table to a new file; where the role may
		// not, it only warns. So the file tells what happened.
		before, err := relfilenode(ctx, conn, table)
		if err != nil {
			return c, err
		}
		var pgErr *pgconn.PgError
		_, err = conn.ExecContext(ctx, `VACUUM FULL `+table)
		switch {
		case errors.As(err, &pgErr) && pgErr.Code == "55P03": // lock_not_available
			c.Busy = append(c.Busy, table)
			continue
		case err != nil:
			return c, fmt.Errorf("store: compact %s: %w", table, err)
		}
		after, err := relfilenode(ctx, conn, table)
		if err != nil {
			return c, err
		}
		if after == before {
			c.Refused = append(c.Refused, table)
		} else {
			c.Done = append(c.Done, table)
		}
	}
	return c, nil
}

// relfilenode is the file PostgreSQL keeps table in.
func relfilenode(ctx context.Context, conn *sql.Conn, table string) (int64, error) {
	var n int64
	err := conn.QueryRowContext(ctx, `SELECT pg_relation_filenode($1::regclass)`, table).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: compact: file of %s: %w", table, err)
	}
	return n, nil
}
