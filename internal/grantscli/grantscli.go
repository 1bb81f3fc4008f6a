// Package grantscli is `onboard grants`, the operators' tool for the
// Google accounts people connected to Onboard (internal/oauth): list who
// is connected, with which scopes and under which key; revoke one
// person's grant or everyone's, at Google and here; and re-seal every
// grant with the current key after a rotation of TOKEN_ENCRYPTION_KEY.
//
// It needs the database and the deployment's OAuth configuration, and
// nothing of Chat: it reads only DATABASE_URL, OAUTH_*,
// TOKEN_ENCRYPTION_KEY[_PREVIOUS] and GOOGLE_OAUTH_* (settings.go says why
// not internal/config), so it runs from an operator's machine or the
// onboard-grants Cloud Run job. Every change goes through oauth.Flow
// (Disconnect, Rekey), which owns revocation and sealing; this package
// owns the flags and the words the operator reads. It never prints,
// logs or returns a token, and never reads the environment but through
// the getenv it is given.
package grantscli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/onboard-chat/onboard/internal/cli"
	"github.com/onboard-chat/onboard/internal/config"
)

const usage = `usage: onboard grants COMMAND [flags]   (reads DATABASE_URL, default ` + config.DefaultDatabaseURL + `,
                                      OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY[_PREVIOUS])

  list                          who connected a Google account: user, address, scopes, when, and the key
                                that sealed the grant — never a token
  revoke --user users/ID|EMAIL  revoke that person's grant at Google and delete it here
  revoke --all [--yes]          everyone's; without --yes, only say who would be revoked
  rekey                         re-seal every grant with TOKEN_ENCRYPTION_KEY, after a rotation (the old key
                                in TOKEN_ENCRYPTION_KEY_PREVIOUS); says which grants could not be opened
`

// env is what a command gets besides its flags.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

// Run runs `onboard grants ARGS`. A returned error means a non-zero exit;
// a *cli.UsageError (exit 2) for a wrong command line.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return cli.Usage(errors.New("grants: name a command: list, revoke or rekey"))
	}
	cmds := map[string]func(context.Context, []string, env) error{"list": list, "revoke": revoke, "rekey": rekey}
	switch cmd, ok := cmds[args[0]]; {
	case ok:
		return cmd(ctx, args[1:], e)
	case cli.IsHelp(args[0]):
		fmt.Fprint(stdout, usage)
		return cli.ErrHelp
	default:
		fmt.Fprint(stderr, usage)
		return cli.Usagef("grants: unknown command %q: want list, revoke or rekey", args[0])
	}
}

// parseFlags parses a subcommand's flags, which must take every
// argument: -h is cli.ErrHelp (exit 0), anything wrong a usage error.
func parseFlags(fs *flag.FlagSet, args []string, e env) error {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: onboard grants %s\n", subUsage[fs.Name()])
		fs.PrintDefaults()
	}
	if err := cli.ParseFlags(fs, args, e.stdout, e.stderr); err != nil {
		if errors.Is(err, cli.ErrHelp) {
			return err
		}
		return cli.Usagef("grants %w", err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "usage: onboard grants %s\n", subUsage[fs.Name()])
		return cli.Usagef("grants %s: unexpected argument %q (every value is a flag; see -h)", fs.Name(), fs.Arg(0))
	}
	return nil
}

var subUsage = map[string]string{
	"list":   "list",
	"revoke": "revoke --user users/ID|EMAIL | --all [--yes]",
	"rekey":  "rekey",
}

// shortScope drops the common prefix of Google's scope URLs.
func shortScope(s string) string { return strings.TrimPrefix(s, "https://www.googleapis.com/auth/") }
