package deploytest

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestShellcheck runs shellcheck on deploy/*.sh when it is installed; CI
// (.ci/run) installs it and runs it as its own step too.
func TestShellcheck(t *testing.T) {
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed (apt-get install shellcheck); .ci/run installs it and checks deploy/*.sh")
	}
	scripts, err := filepath.Glob(filepath.Join(repoRoot(t), "deploy", "*.sh"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("deploy/*.sh: got %d scripts (%v), want at least setup.sh", len(scripts), err)
	}
	for _, s := range scripts {
		readRepoFile(t, filepath.Join("deploy", filepath.Base(s))) // so go test's cache sees edits
	}
	out, err := exec.CommandContext(t.Context(), shellcheck, scripts...).CombinedOutput()
	if err != nil {
		t.Errorf("shellcheck %v: %v; findings:\n%s", scripts, err, out)
	}
}
