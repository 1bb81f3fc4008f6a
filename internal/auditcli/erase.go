package auditcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/grantscli"
	"github.com/onboard-chat/onboard/internal/store"
)

// erase is `onboard audit erase`: one person's personal data out of the
// log, on request. Without --yes it changes nothing: it says how many
// entries name the person and fails, asking for --yes.
func erase(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("erase", flag.ContinueOnError)
	person := fs.String("person", "", "who asked to be erased (`EMAIL|users/ID`)")
	yes := fs.Bool("yes", false, "erase; without it, only say what would change")
	if err := parseFlags(fs, args, e); err != nil {
		return ignoreHelp(err)
	}
	if err := validPerson(*person); err != nil {
		return fmt.Errorf("audit erase: %w", err)
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	if !*yes {
		n, err := countNaming(ctx, st, *person)
		if err != nil {
			return fmt.Errorf("audit erase: %w", err)
		}
		fmt.Fprintf(e.stdout, "%d audit entries name %s (as who acted, who it was about, or in a detail).\n"+
			"Erasure also follows any other name or address the database links to them, so it may change more.\n"+
			"Nothing was changed.\n", n, *person)
		return errors.New("audit erase: not confirmed: run it again with --yes to erase")
	}
	// Their own Google account first, while the database still links it to
	// them: erasure ends the authority they lent Onboard.
	if err := grantscli.RevokePerson(ctx, *person, e.getenv, e.stdout, e.stderr); err != nil {
		return fmt.Errorf("audit erase: revoking their Google account's grant: %w (nothing was erased; run it again)", err)
	}
	n, err := st.EraseAuditPerson(ctx, *person)
	if err != nil {
		return fmt.Errorf("audit erase: %w", err)
	}
	fmt.Fprintf(e.stdout, "Erased %s from %d audit entries; times, spaces and outcomes stay. "+
		"An \"erase\" entry, which does not name them, records that it happened.\n", *person, n)
	c, err := st.Compact(ctx)
	if err != nil {
		return fmt.Errorf("audit erase: erased, but the old copies of the rows could not be removed from the database's files: %w", err)
	}
	return reportCompaction(e.stdout, c)
}

// reportCompaction says which of the database's files still hold old
// copies of the erased rows, and what the operator must do; it fails
// when any do, so a script notices. Backups are beyond it: see
// docs/data-protection.md.
func reportCompaction(w io.Writer, c store.Compaction) error {
	if len(c.Done) > 0 {
		fmt.Fprintf(w, "Old copies of the changed rows removed from: %s.\n", strings.Join(c.Done, ", "))
	}
	if len(c.Refused) > 0 {
		fmt.Fprintf(w, "This database role may not run VACUUM FULL on %s, so old copies of the rows stay in their files "+
			"until PostgreSQL reuses the space: run `VACUUM FULL` on them as their owner.\n", strings.Join(c.Refused, ", "))
	}
	if len(c.Busy) > 0 {
		fmt.Fprintf(w, "Others were using %s, which still hold old copies of the rows: "+
			"run this command again when Onboard is idle or stopped.\n", strings.Join(c.Busy, ", "))
	}
	fmt.Fprintln(w, "Backups and point-in-time recovery keep copies until they expire: see docs/data-protection.md.")
	if len(c.Refused)+len(c.Busy) > 0 {
		return errors.New("audit erase: erased, but old copies remain in the database's files (see above)")
	}
	return nil
}

// countNaming counts the entries erasure would change for person as far
// as the log alone shows: where their name or address is the actor, the
// actor's address or the person, or their address is in the detail, with
// the other name or address the log links to them (a command's actor and
// address). EraseAuditPerson also follows batches and invitations, which
// only the store sees; this is the preview's lower bound.
func countNaming(ctx context.Context, st exporter, person string) (int, error) {
	names, addrs := map[string]bool{}, map[string]bool{}
	if a, ok := addressOf(person); ok {
		addrs[a], names["users/"+a] = true, true
	} else {
		names[strings.ToLower(person)] = true
	}
	all := bot.AuditQuery{}
	err := st.ExportAudit(ctx, all, func(en bot.AuditEntry) error {
		actor, email := strings.ToLower(en.Actor), strings.ToLower(en.Email)
		if actor != "" && email != "" && (names[actor] || addrs[email]) {
			names[actor], addrs[email], names["users/"+email] = true, true, true
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := 0
	err = st.ExportAudit(ctx, all, func(en bot.AuditEntry) error {
		if names[strings.ToLower(en.Actor)] || addrs[strings.ToLower(en.Email)] ||
			names[strings.ToLower(en.Person)] || mentions(en.Detail, addrs) {
			n++
		}
		return nil
	})
	return n, err
}

// addressOf returns the lower-cased address p names ("a@b" or
// "users/a@b"), and false for a users/{id} name.
func addressOf(p string) (string, bool) {
	a := strings.TrimPrefix(p, "users/")
	if !strings.Contains(a, "@") {
		return "", false
	}
	return strings.ToLower(a), true
}

func mentions(detail string, addrs map[string]bool) bool {
	for a := range addrs {
		if strings.Contains(detail, a) {
			return true
		}
	}
	return false
}
