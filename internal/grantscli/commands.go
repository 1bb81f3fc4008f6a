package grantscli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/onboard-chat/onboard/internal/cli"
	"github.com/onboard-chat/onboard/internal/oauth"
)

// list is `onboard grants list`: one line per connected person. What a
// grant holds is never shown: only whom, what and when.
func list(ctx context.Context, args []string, e env) error {
	if err := parseFlags(flag.NewFlagSet("list", flag.ContinueOnError), args, e); err != nil {
		return err
	}
	flow, st, ids, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	conns, err := flow.Connections(ctx)
	if err != nil {
		return fmt.Errorf("grants list: %w", err)
	}
	if len(conns) == 0 {
		fmt.Fprintln(e.stdout, "Nobody has connected a Google account.")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "USER\tADDRESS\tSCOPES\tCONNECTED\tUPDATED\tKEY")
	for _, c := range conns {
		scopes := make([]string, len(c.Scopes))
		for i, s := range c.Scopes {
			scopes[i] = shortScope(s)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ChatUser, orDash(c.Email), strings.Join(scopes, " "),
			when(c.Connected), when(c.Updated), ids.label(c.KeyID))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s.\n", accounts(len(conns)))
	return nil
}

// revoke is `onboard grants revoke`: at Google first, then here, through
// Flow.Disconnect (which deletes the grant here even when Google cannot
// be reached, and says so).
func revoke(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("revoke", flag.ContinueOnError)
	user := fs.String("user", "", "whose grant: `users/ID` or their address")
	all := fs.Bool("all", false, "everyone's grant")
	yes := fs.Bool("yes", false, "with --all: revoke; without it, only say who would be revoked")
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	if (*user == "") == !*all {
		fmt.Fprintf(e.stderr, "usage: onboard grants %s\n", subUsage["revoke"])
		return cli.Usage(errors.New("grants revoke: name one person (--user users/ID or an address) or --all"))
	}
	flow, st, _, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	conns, err := flow.Connections(ctx)
	if err != nil {
		return fmt.Errorf("grants revoke: %w", err)
	}
	if !*all {
		return revokeOne(ctx, flow, conns, *user, e)
	}
	if !*yes {
		fmt.Fprintf(e.stdout, "Would revoke %s at Google and delete them here:\n", accounts(len(conns)))
		for _, c := range conns {
			fmt.Fprintf(e.stdout, "  %s %s\n", c.ChatUser, orDash(c.Email))
		}
		fmt.Fprintln(e.stdout, "Nothing was changed.")
		return errors.New("grants revoke --all: not confirmed: run it again with --yes to revoke")
	}
	return revokeAll(ctx, flow, conns, e)
}

// revokeOne revokes the grant of who: a users/ name or an address.
func revokeOne(ctx context.Context, flow *oauth.Flow, conns []oauth.Connection, who string, e env) error {
	var found *oauth.Connection
	for i, c := range conns {
		if c.ChatUser == who || (c.Email != "" && strings.EqualFold(c.Email, who)) {
			found = &conns[i]
			break
		}
	}
	if found == nil {
		fmt.Fprintf(e.stdout, "%s has no connected Google account: nothing to revoke.\n", who)
		return nil
	}
	if err := disconnect(ctx, flow, *found, e); err != nil {
		return fmt.Errorf("grants revoke: %w", err)
	}
	return nil
}

func revokeAll(ctx context.Context, flow *oauth.Flow, conns []oauth.Connection, e env) error {
	failed := 0
	for _, c := range conns {
		if err := disconnect(ctx, flow, c, e); err != nil {
			fmt.Fprintf(e.stderr, "  %s: %v\n", c.ChatUser, err)
			failed++
		}
	}
	fmt.Fprintf(e.stdout, "Revoked %d of %s.\n", len(conns)-failed, accounts(len(conns)))
	if failed > 0 {
		return fmt.Errorf("grants revoke --all: %d could not be revoked at Google (see above)", failed)
	}
	return nil
}

// disconnect revokes one grant and says what happened.
func disconnect(ctx context.Context, flow *oauth.Flow, c oauth.Connection, e env) error {
	gone, err := flow.Disconnect(ctx, c.ChatUser)
	switch {
	case err != nil && gone:
		fmt.Fprintf(e.stdout, "%s %s: deleted here, but Google did not confirm the revocation; they can remove "+
			"Onboard's access themselves at https://myaccount.google.com/connections\n", c.ChatUser, orDash(c.Email))
		return err
	case err != nil:
		return err
	case !gone:
		fmt.Fprintf(e.stdout, "%s %s: already gone.\n", c.ChatUser, orDash(c.Email))
		return nil
	}
	fmt.Fprintf(e.stdout, "%s %s: revoked at Google and deleted.\n", c.ChatUser, orDash(c.Email))
	return nil
}

// rekey is `onboard grants rekey`: after a rotation, every grant sealed
// with TOKEN_ENCRYPTION_KEY_PREVIOUS is sealed again with
// TOKEN_ENCRYPTION_KEY. Those sealed with a key that is configured no
// more are listed: only their owners connecting again helps, unless the
// old key is found.
func rekey(ctx context.Context, args []string, e env) error {
	if err := parseFlags(flag.NewFlagSet("rekey", flag.ContinueOnError), args, e); err != nil {
		return err
	}
	flow, st, ids, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := flow.Rekey(ctx)
	fmt.Fprintf(e.stdout, "Re-sealed %s with the current key %s.\n", plural(n, "grant"), ids.current)
	if err == nil {
		if ids.previous != "" {
			fmt.Fprintln(e.stdout, "Every grant is sealed with the current key: remove TOKEN_ENCRYPTION_KEY_PREVIOUS "+
				"from the Chat service, the sign-in service and this job.")
		}
		return nil
	}
	failed := joined(err)
	fmt.Fprintf(e.stdout, "Could not open %s (left as sealed):\n", plural(len(failed), "grant"))
	for _, f := range failed {
		fmt.Fprintf(e.stdout, "  %v\n", f)
	}
	fmt.Fprintln(e.stdout, "Set TOKEN_ENCRYPTION_KEY_PREVIOUS to the key that sealed them and run rekey again; "+
		"or revoke them (onboard grants revoke --user …) and those people connect again.")
	return fmt.Errorf("grants rekey: %s could not be opened", plural(len(failed), "grant"))
}

// joined lists the errors errors.Join put together (or err alone).
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func accounts(n int) string { return plural(n, "connected account") }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// RevokePerson revokes at Google and deletes the grant of who (a users/
// name or an address), for `onboard audit erase --person`: erasing a
// person also ends the authority they lent Onboard. Without the OAuth
// configuration in the environment it does nothing and says so (erasure
// deletes the stored grant, but only the OAuth client can revoke it at
// Google).
func RevokePerson(ctx context.Context, who string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	if getenv("OAUTH_CLIENT_ID") == "" {
		fmt.Fprintln(stdout, "No OAUTH_CLIENT_ID here: a Google account they connected, if any, is deleted from the "+
			"database but not revoked at Google; run `onboard grants revoke --user` with the deployment's OAuth settings first.")
		return nil
	}
	flow, st, _, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	conns, err := flow.Connections(ctx)
	if err != nil {
		return err
	}
	return revokeOne(ctx, flow, conns, who, e)
}
