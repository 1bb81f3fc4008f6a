package auditcli

import (
	"context"
	"flag"
	"fmt"
	"time"
)

// minRetention keeps a typo (1h for 1y) from emptying the log: the
// server's own minimum (AUDIT_RETENTION_DAYS=1).
const minRetention = 24 * time.Hour

// purge is `onboard audit purge`: delete entries older than --older-than
// (default AUDIT_RETENTION_DAYS). The store records the purge in the log.
func purge(ctx context.Context, args []string, e env) error {
	keep, err := retentionFromEnv(e.getenv)
	if err != nil {
		return fmt.Errorf("audit purge: %w", err)
	}
	fs := flag.NewFlagSet("purge", flag.ContinueOnError)
	olderThan := fs.String("older-than", fmt.Sprintf("%dd", int(keep/(24*time.Hour))),
		"delete entries older than this `AGE`: days (365d) or a duration (720h); default AUDIT_RETENTION_DAYS")
	if err := parseFlags(fs, args, e); err != nil {
		return ignoreHelp(err)
	}
	if keep, err = parseAge(*olderThan); err != nil {
		return fmt.Errorf("audit purge: --older-than %w", err)
	}
	if keep < minRetention {
		return fmt.Errorf("audit purge: --older-than %s: keep at least a day (1d)", *olderThan)
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	before := e.now().Add(-keep).UTC()
	n, err := st.PurgeAudit(ctx, before)
	if err != nil {
		return fmt.Errorf("audit purge: %w", err)
	}
	fmt.Fprintf(e.stdout, "Purged %d audit entries older than %s (%s).\n", n, before.Format(time.RFC3339), *olderThan)
	return nil
}
