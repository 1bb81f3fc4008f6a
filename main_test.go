package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/cli"
)

// runCLI runs onboard's run with args and an empty environment, and
// returns the exit code main would use and what was printed.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, func(string) string { return "" }, &out, &errOut)
	return cli.ExitCode(err), out.String(), errOut.String()
}

// TestHelpExitsZero: every way of asking for help prints the usage on
// stdout and succeeds, for onboard and for each command.
func TestHelpExitsZero(t *testing.T) {
	tests := []struct {
		args []string
		want string // on stdout
	}{
		{[]string{"help"}, "usage: onboard [COMMAND]"},
		{[]string{"-h"}, "usage: onboard [COMMAND]"},
		{[]string{"-help"}, "usage: onboard [COMMAND]"},
		{[]string{"--help"}, "usage: onboard [COMMAND]"},
		{[]string{"serve", "-h"}, "usage: onboard [serve]"},
		{[]string{"say", "-h"}, "-as"},
		{[]string{"fakechat", "--help"}, "-world"},
		{[]string{"doctor", "-h"}, "usage: onboard doctor"},
		{[]string{"audit", "-h"}, "usage: onboard audit COMMAND"},
		{[]string{"audit", "export", "-h"}, "-since"},
		{[]string{"grants", "-h"}, "usage: onboard grants COMMAND"},
		{[]string{"grants", "help"}, "usage: onboard grants COMMAND"},
		{[]string{"grants", "revoke", "-h"}, "-all"},
		{[]string{"grants", "list", "--help"}, "usage: onboard grants list"},
		{[]string{"version", "-h"}, "usage: onboard version"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != 0 {
				t.Errorf("exit code: got %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.want) {
				t.Errorf("stdout: got\n%s\nwant it to contain %q", stdout, tt.want)
			}
		})
	}
}

// TestWrongCommandLineExitsTwo: an unknown flag or command, or an
// argument where none is taken, prints the usage and is exit code 2 —
// before anything starts or connects.
func TestWrongCommandLineExitsTwo(t *testing.T) {
	tests := []struct {
		args []string
		want string // in stdout or stderr
	}{
		{[]string{"--bogus"}, "usage: onboard [serve]"},
		{[]string{"frobnicate"}, "usage: onboard [COMMAND]"},
		{[]string{"serve", "--port", "80"}, "flag provided but not defined: -port"},
		{[]string{"serve", "now"}, "serve takes no arguments"},
		{[]string{"say", "--bogus"}, "-as"},
		{[]string{"fakechat", "--bogus"}, "-world"},
		{[]string{"doctor", "--verbose"}, "usage: onboard doctor"},
		{[]string{"doctor", "now"}, "doctor takes no arguments"},
		{[]string{"audit"}, "usage: onboard audit COMMAND"},
		{[]string{"audit", "exprot"}, "usage: onboard audit COMMAND"},
		{[]string{"audit", "export", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"grants"}, "usage: onboard grants COMMAND"},
		{[]string{"grants", "lsit"}, "usage: onboard grants COMMAND"},
		{[]string{"grants", "list", "--all"}, "flag provided but not defined: -all"},
		{[]string{"grants", "rekey", "now"}, "unexpected argument"},
		{[]string{"grants", "revoke"}, "name one person"},
		{[]string{"grants", "revoke", "--user", "users/1", "--all"}, "name one person"},
		{[]string{"version", "--short"}, "usage: onboard version"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), tt.args, func(string) string { return "" }, &out, &errOut)
			if code := cli.ExitCode(err); code != 2 {
				t.Errorf("exit code: got %d (%v), want 2\nstdout:\n%s\nstderr:\n%s", code, err, out.String(), errOut.String())
			}
			if got := out.String() + errOut.String() + errString(err); !strings.Contains(got, tt.want) {
				t.Errorf("output and error: got\n%s\nwant them to contain %q", got, tt.want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestVersion: onboard version names the module and the revision it was
// built from (a test binary may have no VCS stamp; it says so).
func TestVersion(t *testing.T) {
	code, stdout, stderr := runCLI(t, "version")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	for _, want := range []string{"onboard ", "revision: ", "go:       go1."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout: got\n%s\nwant it to contain %q", stdout, want)
		}
	}
}
