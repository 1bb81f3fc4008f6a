package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// RiverTables are the tables River's job engine reads and writes: without
// them no invitation can be queued.
var RiverTables = []string{"river_job", "river_queue", "river_leader"}

// SchemaStatus says how far a database's schema is from this build's
// migrations, ours and River's. Reading it changes nothing: `onboard
// doctor` asks it of the production database.
type SchemaStatus struct {
	Applied, Known           []int // our migration versions: recorded in the database, shipped in this build
	RiverApplied, RiverKnown []int // River's
	// MissingRiverTables are those of RiverTables the database lacks.
	MissingRiverTables []string
}

// Pending are our versions this build ships that the database lacks.
func (s SchemaStatus) Pending() []int { return missing(s.Known, s.Applied) }

// RiverPending are River's versions this build ships that the database lacks.
func (s SchemaStatus) RiverPending() []int { return missing(s.RiverKnown, s.RiverApplied) }

// Unknown are versions, ours and River's, the database has and this build
// does not know: a newer Onboard migrated it.
func (s SchemaStatus) Unknown() []int {
	return append(missing(s.Applied, s.Known), missing(s.RiverApplied, s.RiverKnown)...)
}

// Current reports whether the database is exactly at this build's schema.
func (s SchemaStatus) Current() bool {
	return len(s.Pending())+len(s.RiverPending())+len(s.Unknown())+len(s.MissingRiverTables) == 0
}

// missing are the versions of want not in have, in order.
func missing(want, have []int) []int {
	var out []int
	for _, v := range want {
		if !slices.Contains(have, v) {
			out = append(out, v)
		}
	}
	return out
}

// SchemaStatus reads which migrations the database has, without applying
// any, and which of River's tables exist.
func (s *Store) SchemaStatus(ctx context.Context) (SchemaStatus, error) {
	var st SchemaStatus
	ms, err := migrations(s.dialect)
	if err != nil {
		return st, err
	}
	for _, m := range ms {
		st.Known = append(st.Known, m.version)
	}
	driver := s.riverDriver()
	if st.Applied, err = s.appliedVersions(ctx, driver.GetExecutor()); err != nil {
		return st, err
	}
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return st, fmt.Errorf("store: River migrations: %w", err)
	}
	st.RiverKnown = versions(m.AllVersions())
	existing, err := m.ExistingVersions(ctx)
	if err != nil {
		return st, fmt.Errorf("store: River's applied migrations: %w", err)
	}
	st.RiverApplied = versions(existing)
	for _, table := range RiverTables {
		ok, err := driver.GetExecutor().TableExists(ctx, &riverdriver.TableExistsParams{Table: table})
		if err != nil {
			return st, fmt.Errorf("store: table %s: %w", table, err)
		}
		if !ok {
			st.MissingRiverTables = append(st.MissingRiverTables, table)
		}
	}
	return st, nil
}

// appliedVersions reads onboard_migrations; a database that has none has
// no version applied.
func (s *Store) appliedVersions(ctx context.Context, exec riverdriver.Executor) ([]int, error) {
	ok, err := exec.TableExists(ctx, &riverdriver.TableExistsParams{Table: "onboard_migrations"})
	if err != nil || !ok {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM onboard_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("store: read onboard_migrations: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// riverDriver is River's driver for this database, as Migrate uses it.
func (s *Store) riverDriver() riverdriver.Driver[*sql.Tx] {
	if s.dialect == SQLite {
		return riversqlite.New(s.db)
	}
	return riverdatabasesql.New(s.db)
}

func versions(ms []rivermigrate.Migration) []int {
	out := make([]int, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Version)
	}
	slices.Sort(out)
	return out
}
