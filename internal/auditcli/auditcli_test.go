package auditcli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMistakes: every wrong invocation fails, and says what is wrong,
// before any database is touched (none exists here).
func TestMistakes(t *testing.T) {
	missing := "sqlite:" + filepath.Join(t.TempDir(), "nope.db")
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"no command", nil, nil, "name a command: export, erase or purge"},
		{"unknown command", nil, []string{"exprot"}, `unknown command "exprot"`},
		{"unknown flag", nil, []string{"export", "--format=xml", "--spaces", "x"}, "flag provided but not defined: -spaces"},
		{"bad format", nil, []string{"export", "--format", "xml"}, `--format "xml": want csv or jsonl`},
		{"bad since", nil, []string{"export", "--since", "yesterday"}, `--since "yesterday": want a date`},
		{"since after until", nil, []string{"export", "--since", "1d", "--until", "2d"}, "--since 1d is not before --until 2d"},
		{"bad space", nil, []string{"export", "--space", "A"}, `--space "A": want spaces/X`},
		{"bad person", nil, []string{"export", "--person", "alice"}, `--person "alice": want an address`},
		{"two people", nil, []string{"erase", "--person", "a@x.com,b@x.com"}, "one person only"},
		{"erase names nobody", nil, []string{"erase", "--yes"}, "--person is empty"},
		{"bare users/", nil, []string{"erase", "--person", "users/"}, "users/ needs an ID"},
		{"stray argument", nil, []string{"erase", "alice@example.com"}, `unexpected argument "alice@example.com"`},
		{"age without a unit", nil, []string{"purge", "--older-than", "365"}, `"365": want whole days (365d)`},
		{"age too short", nil, []string{"purge", "--older-than", "1h"}, "keep at least a day"},
		{"bad retention", map[string]string{"AUDIT_RETENTION_DAYS": "a year"}, []string{"purge"},
			`AUDIT_RETENTION_DAYS="a year": want a number of days`},
		{"no such SQLite file", map[string]string{"DATABASE_URL": missing}, []string{"export"},
			"set DATABASE_URL to the deployment's database"},
		{"bad database URL", map[string]string{"DATABASE_URL": "mysql://x"}, []string{"purge"}, "unsupported database URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runTool(t, tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("audit %q: got error %v, want one containing %q", tt.args, err, tt.wantErr)
			}
			if out != "" {
				t.Errorf("stdout: got %q, want nothing", out)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"export", "-h"}, {"erase", "--help"}, {"purge", "-h"}} {
		out, errOut, err := runTool(t, nil, args...)
		if err != nil || !strings.Contains(out+errOut, "-") {
			t.Errorf("audit %q: %v, output %q; want help and no error", args, err, out+errOut)
		}
	}
}

func TestDefuse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"'quoted", "''quoted"},
		{"a=b", "a=b"},
		{"2026-11-01T09:30:00Z", "2026-11-01T09:30:00Z"},
	}
	for _, tt := range tests {
		if got := Defuse(tt.in); got != tt.want {
			t.Errorf("Defuse(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Undefuse(Defuse(tt.in)); got != tt.in {
			t.Errorf("Undefuse(Defuse(%q)) = %q, want it back", tt.in, got)
		}
	}
}
