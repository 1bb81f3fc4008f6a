package auditcli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestExportRoundTrip: what an admin's program reads back from either
// format is exactly what the log holds, awkward details and all.
func TestExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		st, u := seed(t, d)
		want := logOf(t, st)
		vars := map[string]string{"DATABASE_URL": u}
		for _, format := range []string{"csv", "jsonl"} {
			t.Run(format+" to stdout", func(t *testing.T) {
				out, _, err := runTool(t, vars, "export", "--format", format)
				if err != nil {
					t.Fatalf("export: %v", err)
				}
				if diff := cmp.Diff(want, readExport(t, format, []byte(out))); diff != "" {
					t.Errorf("exported entries (-log +export):\n%s", diff)
				}
			})
			t.Run(format+" to a file", func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "audit."+format)
				out, errOut, err := runTool(t, vars, "export", "--format", format, "--out", path)
				if err != nil || out != "" {
					t.Fatalf("export --out: stdout %q, err %v; want nothing, nil", out, err)
				}
				if want := "exported 6 audit entries to " + path; !strings.Contains(errOut, want) {
					t.Errorf("stderr: got %q, want %q", errOut, want)
				}
				assertPrivateFile(t, path)
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, readExport(t, format, data)); diff != "" {
					t.Errorf("exported entries (-log +export):\n%s", diff)
				}
			})
		}
	})
}

func assertPrivateFile(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", path, fi.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %q", left)
	}
}

// TestExportReplacesFilePrivately: an existing, world-readable file is
// replaced by a 0600 one.
func TestExportReplacesFilePrivately(t *testing.T) {
	_, u := seed(t, store.SQLite)
	path := filepath.Join(t.TempDir(), "audit.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runTool(t, map[string]string{"DATABASE_URL": u}, "export", "--out", path); err != nil {
		t.Fatal(err)
	}
	assertPrivateFile(t, path)
}

// TestExportCSVIsDefused: no cell a spreadsheet would run as a formula.
func TestExportCSVIsDefused(t *testing.T) {
	_, u := seed(t, store.SQLite)
	out, _, err := runTool(t, map[string]string{"DATABASE_URL": u}, "export")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`'=cmd|' /C calc'!A0`, `'+plan`, `,'-,`, `,'@dan,`, `''=already quoted`} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q:\n%s", want, out)
		}
	}
}

func TestExportFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		_, u := seed(t, d) // e1…e6 a day apart from 2026-11-01 09:30; now is 2026-11-11 09:30
		tests := []struct {
			name string
			args []string
			want []string
		}{
			{"everything, oldest first", nil, []string{"e1", "e2", "e3", "e4", "e5", "e6"}},
			{"since a date", []string{"--since", "2026-11-04"}, []string{"e4", "e5", "e6"}},
			{"since an age", []string{"--since", "8d"}, []string{"e3", "e4", "e5", "e6"}},
			{"since hours", []string{"--since", "192h"}, []string{"e3", "e4", "e5", "e6"}},
			{"until a date, exclusive", []string{"--until", "2026-11-03"}, []string{"e1", "e2"}},
			{"until an RFC 3339 time", []string{"--until", "2026-11-03T09:30:00.123456Z"}, []string{"e1", "e2"}},
			{"between", []string{"--since", "2026-11-02", "--until", "7d"}, []string{"e2", "e3"}},
			{"one space", []string{"--space", "spaces/B"}, []string{"e3", "e4", "e5"}},
			{"a person by address, any case", []string{"--person", "ALICE@example.com"}, []string{"e1", "e3", "e4"}},
			{"a person by name", []string{"--person", "users/4"}, []string{"e4"}},
			{"space and person", []string{"--space", "spaces/A", "--person", "alice@example.com"}, []string{"e1"}},
			{"nothing matches", []string{"--space", "spaces/Z"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, format := range []string{"csv", "jsonl"} {
					out, _, err := runTool(t, map[string]string{"DATABASE_URL": u},
						append([]string{"export", "--format", format}, tt.args...)...)
					if err != nil {
						t.Fatalf("export %q: %v", tt.args, err)
					}
					if diff := cmp.Diff(tt.want, labels(readExport(t, format, []byte(out)))); diff != "" {
						t.Errorf("%s export %q (-want +got):\n%s", format, tt.args, diff)
					}
				}
			})
		}
	})
}
