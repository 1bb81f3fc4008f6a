package doctor

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinary runs the built `onboard doctor` against chatfake with only
// the environment a deployment sets, and checks what a deploy script
// sees: the exit code and the words.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	binary := filepath.Join(t.TempDir(), "onboard")
	build := exec.Command("go", "build", "-o", binary, "github.com/onboard-chat/onboard")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := []struct {
		name     string
		approved bool
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"all pass", true, 0, "All 13 checks passed.", ""},
		{"approval missing", false, 1, "✗ admin approval — chat.app.memberships is not granted", "onboard: doctor: 1 of 13 checks failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, nil)
			fake.SetAdminApproved(tt.approved)
			cmd := exec.Command(binary, "doctor")
			cmd.Env = []string{"HOME=" + t.TempDir()} // nothing inherited: no ADC, no GCE_METADATA_HOST
			for k, v := range deployment(t, fake) {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
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
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Errorf("stdout: got\n%s\nwant it to contain %q", stdout.String(), tt.wantOut)
			}
			if strings.TrimSpace(stderr.String()) != tt.wantErr {
				t.Errorf("stderr: got %q, want %q", stderr.String(), tt.wantErr)
			}
			checkNoSecrets(t, stdout.String()+stderr.String())
		})
	}
}
