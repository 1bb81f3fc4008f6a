package doctor

// The database checks: the service's DATABASE_URL connects, its schema
// (ours and River's) is at this build's version, and River's tables are
// there. They only read: the doctor never migrates, and never creates an
// SQLite file that is not there.

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/onboard-chat/onboard/internal/store"
)

func (d *doctor) database(ctx context.Context) (string, error) {
	shown := d.cfg.Summary()["DATABASE_URL"] // the password hidden
	if path, ok := strings.CutPrefix(d.cfg.DatabaseURL, "sqlite:"); ok {
		path = strings.TrimPrefix(path, "//")
		if _, err := os.Stat(path); err != nil {
			return "", &Problem{What: "no SQLite database at " + path, Err: err, Fix: fixDatabaseFile}
		}
	}
	st, err := store.Open(ctx, d.cfg.DatabaseURL)
	if err != nil {
		return "", &Problem{What: "cannot connect to " + shown, Err: err, Fix: fixDatabaseConnect}
	}
	d.store = st
	return fmt.Sprintf("%s at %s", st.Dialect(), shown), nil
}

// schemaStatus reads the schema once for the two checks that need it.
func (d *doctor) schemaStatus(ctx context.Context) (store.SchemaStatus, error) {
	if d.status == nil {
		st, err := d.store.SchemaStatus(ctx)
		if err != nil {
			return st, &Problem{What: "could not read which migrations the database has", Err: err, Fix: fixDatabaseConnect}
		}
		d.status = &st
	}
	return *d.status, nil
}

func (d *doctor) schema(ctx context.Context) (string, error) {
	s, err := d.schemaStatus(ctx)
	if err != nil {
		return "", err
	}
	if unknown := s.Unknown(); len(unknown) > 0 {
		return "", &Problem{What: fmt.Sprintf("the database has migrations this build does not know (versions %v): "+
			"a newer Onboard migrated it", unknown), Fix: fixSchemaNewer}
	}
	pending, river := s.Pending(), s.RiverPending()
	if len(pending)+len(river) > 0 {
		return "", &Problem{What: fmt.Sprintf("not applied: %s of Onboard's migrations %v and %s of River's %v",
			count(pending), pending, count(river), river), Fix: fixSchemaPending}
	}
	return fmt.Sprintf("Onboard's migrations 1–%d and River's 1–%d applied", last(s.Known), last(s.RiverKnown)), nil
}

func (d *doctor) riverTables(ctx context.Context) (string, error) {
	s, err := d.schemaStatus(ctx)
	if err != nil {
		return "", err
	}
	if len(s.MissingRiverTables) > 0 {
		return "", &Problem{What: "River's tables are missing: " + strings.Join(s.MissingRiverTables, ", "),
			Fix: fixRiverTables}
	}
	return strings.Join(store.RiverTables, ", "), nil
}

func count(vs []int) string { return fmt.Sprint(len(vs)) }

func last(vs []int) int {
	if len(vs) == 0 {
		return 0
	}
	return vs[len(vs)-1]
}
