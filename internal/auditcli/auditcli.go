// Package auditcli is `onboard audit`, Onboard admins' tool for the audit
// log: export it (CSV or JSON Lines), erase one person's personal data on
// request, and purge entries past retention. It needs only the database
// (DATABASE_URL), never Chat, so it runs from an admin's machine or a
// one-off job. It also holds the retention sweep the server runs daily.
//
// It owns flags, the export formats and what the admin reads; SQL stays in
// internal/store, which records every erasure and purge in the log itself.
// It never reads the environment but through the getenv it is given.
package auditcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/internal/cli"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/store"
)

const usage = `usage: onboard audit COMMAND [flags]   (reads DATABASE_URL; default ` + config.DefaultDatabaseURL + `)

  export [--since T] [--until T] [--space spaces/X] [--person EMAIL|users/ID] [--format csv|jsonl] [--out FILE]
         the entries, oldest first; T is a date (2026-11-01, UTC), an RFC 3339 time or an age (7d, 24h)
  erase  --person EMAIL|users/ID [--yes]
         remove one person's personal data; without --yes, only say what would change
  purge  [--older-than 365d]
         delete entries older than that (default: AUDIT_RETENTION_DAYS, else 365 days)
`

// env is what a command gets besides its flags.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	now            func() time.Time
}

// Run runs `onboard audit ARGS`. A returned error means a non-zero exit;
// it names what was wrong.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return run(ctx, args, env{getenv: getenv, stdout: stdout, stderr: stderr, now: time.Now})
}

func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return cli.Usage(errors.New("audit: name a command: export, erase or purge"))
	}
	cmds := map[string]func(context.Context, []string, env) error{"export": export, "erase": erase, "purge": purge}
	switch cmd, ok := cmds[args[0]]; {
	case ok:
		return cmd(ctx, args[1:], e)
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help":
		fmt.Fprint(e.stdout, usage)
		return nil
	default:
		fmt.Fprint(e.stderr, usage)
		return cli.Usagef("audit: unknown command %q: want export, erase or purge", args[0])
	}
}

// parseFlags parses args into fs, which must take every argument; help
// (-h, on stdout) is errHelp, and a wrong command line (the usage on
// stderr) a *cli.UsageError: exit code 2.
func parseFlags(fs *flag.FlagSet, args []string, e env) error {
	if err := cli.ParseFlags(fs, args, e.stdout, e.stderr); err != nil {
		if errors.Is(err, cli.ErrHelp) {
			return errHelp
		}
		return cli.Usagef("audit %w", err)
	}
	if fs.NArg() > 0 {
		return cli.Usagef("audit %s: unexpected argument %q (every value is a flag; see -h)", fs.Name(), fs.Arg(0))
	}
	return nil
}

// errHelp ends a command after its flags' help was printed; not a failure.
var errHelp = errors.New("help printed")

// openStore opens and migrates the database DATABASE_URL names. An SQLite
// file must exist already: an admin in the wrong directory would otherwise
// get an empty export from a database made on the spot.
func openStore(ctx context.Context, e env) (*store.Store, error) {
	u := e.getenv("DATABASE_URL")
	if u == "" {
		u = config.DefaultDatabaseURL
	}
	if path, ok := strings.CutPrefix(u, "sqlite:"); ok {
		path = strings.TrimPrefix(path, "//")
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("audit: database %s: %w (set DATABASE_URL to the deployment's database)", u, err)
		}
	}
	st, err := store.Open(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("audit: database: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("audit: database migrations: %w", err)
	}
	return st, nil
}

// validPerson checks a --person value: an address or a users/… name.
func validPerson(p string) error {
	id, named := strings.CutPrefix(p, "users/")
	switch {
	case strings.TrimSpace(p) == "":
		return errors.New("--person is empty: want an address (alice@example.com) or users/ID")
	case strings.ContainsAny(p, " \t\r\n,"):
		return fmt.Errorf("--person %q: one person only, an address or users/ID", p)
	case !named && !strings.Contains(p, "@"):
		return fmt.Errorf("--person %q: want an address (alice@example.com) or users/ID", p)
	case named && id == "":
		return fmt.Errorf("--person %q: users/ needs an ID", p)
	}
	return nil
}
