//go:build slow

package deploytest

// Slow checks (go test -tags slow; .ci/run runs them as a step of their
// own): the binary built exactly as the image builds it, and what an
// operator sees when running it.

import (
	"bytes"
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// buildImageBinary builds the binary exactly as the Dockerfile does (its
// env and flags, read from the file).
func buildImageBinary(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	env, args, ok := buildCommand(parseDockerfile(readRepoFile(t, "deploy/Dockerfile")))
	if !ok {
		t.Fatal("deploy/Dockerfile has no RUN … go build line")
	}
	bin := filepath.Join(t.TempDir(), "onboard")
	args = slices.Clone(args)
	i := slices.Index(args, "-o")
	if i < 0 || i+1 >= len(args) {
		t.Fatalf("go build line %q has no -o target", args)
	}
	args[i+1] = bin
	cmd := exec.CommandContext(t.Context(), "go", append([]string{"build"}, args...)...)
	cmd.Dir = root
	cmd.Env = append(append(os.Environ(), "GOOS=linux"), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("in %s: %s go build %s: %v\n%s", root, strings.Join(env, " "), strings.Join(args, " "), err, out)
	}
	return bin
}

// TestImageBinary checks the image's binary can run on distroless/static
// (no interpreter, no shared libraries), that -s -w and -trimpath took
// effect, and that the command line behaves as the operator's documents
// say: help exits 0, a wrong flag 2, `version` names the revision, and an
// audit export to stdout is refused inside a Cloud Run job.
func TestImageBinary(t *testing.T) {
	bin := buildImageBinary(t)
	t.Run("static", func(t *testing.T) { checkStatic(t, bin) })
	tests := []struct {
		name     string
		args     []string
		env      []string
		wantCode int
		want     string // in stdout+stderr
	}{
		{"help", []string{"--help"}, nil, 0, "usage: onboard [COMMAND]"},
		{"command help", []string{"doctor", "-h"}, nil, 0, "usage: onboard doctor"},
		{"unknown flag", []string{"--bogus"}, nil, 2, "flag provided but not defined: -bogus"},
		{"unknown command", []string{"frobnicate"}, nil, 2, `unknown command "frobnicate"`},
		{"version", []string{"version"}, nil, 0, "module:   github.com/onboard-chat/onboard\nrevision: "},
		{"export to stdout in the audit job", []string{"audit", "export"}, []string{"CLOUD_RUN_JOB=onboard-audit",
			"DATABASE_URL=sqlite:" + filepath.Join(t.TempDir(), "absent.db")}, 2, "--out /exports/audit-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), bin, tt.args...)
			cmd.Env = append([]string{"HOME=" + t.TempDir()}, tt.env...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			code := 0
			if ee, ok := errors.AsType[*exec.ExitError](err); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode || !strings.Contains(out.String(), tt.want) {
				t.Errorf("onboard %s: exit %d, output:\n%s\nwant exit %d and %q", strings.Join(tt.args, " "), code,
					out.String(), tt.wantCode, tt.want)
			}
		})
	}
}

func checkStatic(t *testing.T, bin string) {
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("program header %v: got a dynamically linked binary, want static", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("DT_NEEDED: got %q, want none", libs)
	}
	if syms, err := f.Symbols(); err == nil {
		t.Errorf("symbol table: got %d symbols, want none (-s)", len(syms))
	}
	if f.Section(".debug_info") != nil {
		t.Error("got a .debug_info section, want none (-w)")
	}
	raw, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if root := repoRoot(t); bytes.Contains(raw, []byte(root)) {
		t.Errorf("binary contains the build directory %s, want it trimmed (-trimpath)", root)
	}
}
