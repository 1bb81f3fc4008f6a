// Package doctor is `onboard doctor`: run with the server's environment
// after a deployment, it checks in order what must hold for Onboard to
// work — configuration, credentials, a token per scope, the Chat API, the
// app's spaces, the admin's approval, Chat's verification keys, the
// audience, the callers it trusts, the database and its schema, and, when
// OAUTH_CLIENT_ID is set, people's own Google accounts (the client, the
// keys, the sign-in callback, Google's token endpoint, the stored grants'
// keys) — and prints one line per check, ✓ or ✗, with the fix under every ✗. A check
// whose prerequisite failed is ✗ "skipped". A "!" line is a warning:
// something to look at that the doctor cannot judge; it does not fail the
// run. Run returns an error when any check failed.
//
// It talks to Google only through internal/chatapi (credentials, tokens,
// Chat API, the metadata server's project number), internal/verify (keys)
// and golang.org/x/oauth2 (the token endpoint, as internal/oauth uses
// it); to the sign-in callback as a browser would; and to the database
// only through internal/store, read-only, so it exercises the code the
// server runs. It decides on bot.Kind, never on
// error text, and it never prints a token, key or database password:
// error causes are shown with anything token-shaped redacted. The words
// of every fix live here.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onboard-chat/onboard/internal/cli"
	"github.com/onboard-chat/onboard/internal/config"
)

// Options adjust Run; the zero value is what `onboard doctor` uses.
type Options struct {
	// ConfigErr is the error config.Load returned with the Config given to
	// Run; the first check reports it.
	ConfigErr error
	// HTTPClient, if set, carries the token, API and key requests (a
	// metadata server token is fetched with the auth library's own
	// client). For tests.
	HTTPClient *http.Client
	// Timeout bounds each check; zero means 20 s.
	Timeout time.Duration
}

// Check is one thing the doctor verifies.
type Check struct {
	Name string
	// Needs names earlier checks that must have passed (a warning counts)
	// for this one to run; otherwise it is reported as skipped.
	Needs []string
	// Run returns what it found. A *Problem error carries its own words
	// and fix, or marks a warning.
	Run func(ctx context.Context) (detail string, err error)
	// Fix is printed under a failure whose error does not carry its own.
	Fix string
}

// Problem is an error a check returns to say what is wrong in a person's
// words, with the fix for this particular failure.
type Problem struct {
	What string // replaces the detail
	Fix  string // replaces Check.Fix when not empty
	Warn bool   // a warning: "!", does not fail the run
	Err  error  // the cause, printed (redacted) on its own line
}

func (p *Problem) Error() string {
	if p.Err == nil {
		return p.What
	}
	return p.What + ": " + p.Err.Error()
}

func (p *Problem) Unwrap() error { return p.Err }

const usage = `usage: onboard doctor

Checks, in order, what must hold for the deployment this environment
configures: the configuration, the credentials, a token per scope, the Chat
API, the app's spaces, the admin approval, Chat's verification keys, the
audience, the callers Onboard trusts, and the database (it connects, the
schema is current, River's tables are there); with OAUTH_CLIENT_ID, also
people's own Google accounts (the client id, the secret and token key, the
redirect URL, that the sign-in callback answers, that Google's token
endpoint accepts the client, the stored grants' keys). One line per check, ✓ or ✗,
with the fix under every ✗. It takes no flags: run it with exactly the
server's environment (deploy/README.md, "Check it"). Exit code 1 if any
check failed.
`

// Command is `onboard doctor`: it reads the configuration through getenv
// as the server does and runs the checks, writing to stdout.
func Command(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if err := cli.NoArgs("doctor", usage, args, stdout, stderr); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	return Run(ctx, cfg, stdout, Options{ConfigErr: err})
}

// Run runs the checks in order, printing each result to out, and returns
// an error when any check failed or was skipped.
func Run(ctx context.Context, cfg config.Config, out io.Writer, opts Options) error {
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	d := newDoctor(cfg, opts)
	defer d.close()
	checks := d.checks()
	fmt.Fprintln(out, "onboard doctor: checking the deployment this environment configures")
	fmt.Fprintln(out)
	passed := map[string]bool{}
	var failed, skipped, warned int
	for _, c := range checks {
		r := run(ctx, c, passed, opts.Timeout)
		r.print(out)
		switch {
		case r.skipped:
			skipped++
		case r.mark == markFail:
			failed++
		case r.mark == markWarn:
			warned++
		}
		passed[c.Name] = r.mark != markFail
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, summary(len(checks), failed, skipped, warned))
	if failed+skipped > 0 {
		return fmt.Errorf("doctor: %d of %d checks failed", failed+skipped, len(checks))
	}
	return nil
}

// summary is the last line: what failed, and where to start.
func summary(total, failed, skipped, warned int) string {
	switch {
	case failed > 0 && skipped > 0:
		return fmt.Sprintf("%s failed and %d could not run. Fix the first ✗ first, then run the doctor again.",
			plural(failed, "check"), skipped)
	case failed > 0:
		return fmt.Sprintf("%s failed. Fix the first ✗ first, then run the doctor again.", plural(failed, "check"))
	case warned > 0:
		return fmt.Sprintf("All %d checks passed; read the %s marked !.", total, plural(warned, "warning"))
	}
	return fmt.Sprintf("All %d checks passed.", total)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

const (
	markPass = "✓"
	markFail = "✗"
	markWarn = "!"
)

// result is one printed check.
type result struct {
	mark, name, detail, cause, fixLabel, fix string
	skipped                                  bool // a prerequisite failed
}

func run(ctx context.Context, c Check, passed map[string]bool, timeout time.Duration) result {
	for _, need := range c.Needs {
		if !passed[need] {
			return result{mark: markFail, name: c.Name, detail: fmt.Sprintf("skipped: needs %q", need), skipped: true}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	detail, err := c.Run(ctx)
	if err == nil {
		return result{mark: markPass, name: c.Name, detail: detail}
	}
	r := result{mark: markFail, name: c.Name, detail: detail, fixLabel: "fix", fix: c.Fix}
	p, ok := errors.AsType[*Problem](err)
	if !ok {
		r.cause = causeOf(err)
		return r
	}
	if p.What != "" {
		r.detail = p.What
	}
	if p.Fix != "" {
		r.fix = p.Fix
	}
	if p.Err != nil {
		r.cause = causeOf(p.Err)
	}
	if p.Warn {
		r.mark, r.fixLabel = markWarn, "note"
	}
	return r
}

func (r result) print(out io.Writer) {
	line := r.mark + " " + r.name
	if r.detail != "" {
		line += " — " + r.detail
	}
	fmt.Fprintln(out, strings.ReplaceAll(line, "\n", "\n    "))
	if r.cause != "" {
		fmt.Fprintln(out, block("cause", redact(r.cause)))
	}
	if r.fix != "" && r.mark != markPass {
		fmt.Fprintln(out, block(r.fixLabel, r.fix))
	}
}

// block indents text under a label: "    fix: first line" and following
// lines aligned with the first.
func block(label, text string) string {
	prefix := "    " + label + ": "
	pad := strings.Repeat(" ", len(prefix))
	return prefix + strings.ReplaceAll(strings.TrimSpace(text), "\n", "\n"+pad)
}

// tokenLike matches what could be a credential in an error text: OAuth
// access tokens (ya29.…), JWTs (eyJ….….…), and long opaque strings.
var tokenLike = regexp.MustCompile(`ya29\.[A-Za-z0-9._\-]+|eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]*)?|[A-Za-z0-9_\-]{80,}`)

// maxCause bounds a printed cause.
const maxCause = 400

// redact makes an error text safe and short enough to print: one line,
// token-shaped strings replaced, at most maxCause bytes.
func redact(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = tokenLike.ReplaceAllString(s, "[redacted]")
	if len(s) > maxCause {
		cut := maxCause
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
