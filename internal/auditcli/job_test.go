package auditcli

import (
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/cli"
	"github.com/onboard-chat/onboard/internal/store"
)

// TestExportInACloudRunJob: in the audit job (Cloud Run sets
// CLOUD_RUN_JOB) stdout is Cloud Logging, so an export there is refused
// before anything is read, and the refusal names the mounted bucket path
// to use instead. Elsewhere stdout stays the default.
func TestExportInACloudRunJob(t *testing.T) {
	_, u := seed(t, store.SQLite)
	job := map[string]string{"DATABASE_URL": u, "CLOUD_RUN_JOB": "onboard-audit"}
	wantPath := "--out /exports/audit-" + now.Format("2006-01-02") + ".csv"
	tests := []struct {
		name string
		args []string
		want []string // in the error
	}{
		{"to stdout", []string{"export"}, []string{"onboard-audit", "Cloud Logging", wantPath}},
		{"jsonl to stdout", []string{"export", "--format", "jsonl"}, []string{"Cloud Logging", wantPath}},
		{"to a file outside the bucket", []string{"export", "--out", "/tmp/audit.csv"},
			[]string{"/tmp/audit.csv is not in the export bucket mounted at /exports", wantPath}},
		{"escaping the bucket", []string{"export", "--out", "/exports/../tmp/audit.csv"},
			[]string{"is not in the export bucket mounted at /exports"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runTool(t, job, tt.args...)
			if err == nil {
				t.Fatalf("export in a Cloud Run job: got no error, want a refusal; stdout:\n%s", out)
			}
			if out != "" {
				t.Errorf("stdout: got %d bytes, want nothing: the audit log must not reach Cloud Logging", len(out))
			}
			if got := cli.ExitCode(err); got != 2 {
				t.Errorf("exit code: got %d, want 2 (a command line this environment refuses)", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	t.Run("into the mounted bucket", func(t *testing.T) {
		if err := checkJobOutput("/exports/audit.csv", "onboard-audit", now); err != nil {
			t.Errorf("checkJobOutput(/exports/audit.csv): got %v, want nil", err)
		}
	})
	t.Run("outside a job, stdout is fine", func(t *testing.T) {
		out, _, err := runTool(t, map[string]string{"DATABASE_URL": u}, "export")
		if err != nil || !strings.HasPrefix(out, strings.Join(Header, ",")) {
			t.Errorf("export: err %v, stdout %.60q…; want the CSV", err, out)
		}
	})
}
