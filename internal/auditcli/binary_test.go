package auditcli

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/store"
)

// TestBinary runs the built `onboard audit` against an SQLite file with
// only DATABASE_URL set, as an admin would: the exit code and the output.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	binary := filepath.Join(t.TempDir(), "onboard")
	build := exec.Command("go", "build", "-o", binary, "github.com/onboard-chat/onboard")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	_, u := seed(t, store.SQLite)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // a prefix of stdout
		wantErr  string // in stderr
	}{
		{"export", []string{"audit", "export"}, 0,
			strings.Join(Header, ",") + "\n1," + at.Format(TimeLayout) + ",users/1,Alice@Example.com,spaces/A,invite,users/2,joined,,e1,\"comma, separated, words\",app\n", ""},
		{"export jsonl", []string{"audit", "export", "--format", "jsonl", "--space", "spaces/B"}, 0, `{"id":3,"time":"2026-11-03T09:30:00.123456Z","actor":"users/3"`, ""},
		{"erase unconfirmed", []string{"audit", "erase", "--person", "bob@example.com"}, 1,
			"2 audit entries name bob@example.com", "onboard: audit erase: not confirmed: run it again with --yes to erase"},
		{"no command", []string{"audit"}, 2, "", "onboard: audit: name a command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, tt.args...)
			cmd.Env = []string{"HOME=" + t.TempDir(), "DATABASE_URL=" + u} // nothing else: no Chat configuration
			cmd.Dir = t.TempDir()
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := errors.AsType[*exec.ExitError](err); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatalf("run: %v", err)
			}
			if code != tt.wantCode {
				t.Errorf("exit code: got %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout.String(), stderr.String())
			}
			if !strings.HasPrefix(stdout.String(), tt.wantOut) {
				t.Errorf("stdout: got\n%s\nwant it to start with\n%s", stdout.String(), tt.wantOut)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr: got %q, want it to contain %q", stderr.String(), tt.wantErr)
			}
		})
	}
}
