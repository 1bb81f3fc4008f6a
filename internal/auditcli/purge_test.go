package auditcli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestPurge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		st, u := seed(t, d) // e1…e6 a day apart from 2026-11-01 09:30; now is 2026-11-11 09:30
		steps := []struct {
			name      string
			retention string // AUDIT_RETENTION_DAYS
			args      []string
			wantOut   string
			want      []string // labels left; the purge's own entries have none
		}{
			{"default: a year, nothing that old", "", nil,
				"Purged 0 audit entries older than 2025-11-11T09:30:00Z (365d)", []string{"e1", "e2", "e3", "e4", "e5", "e6"}},
			// e2 is exactly 9 days old: not older, so it stays.
			{"AUDIT_RETENTION_DAYS", "9", nil,
				"Purged 1 audit entries older than 2026-11-02T09:30:00Z (9d)", []string{"e2", "e3", "e4", "e5", "e6", ""}},
			{"--older-than wins", "9", []string{"--older-than", "168h"},
				"Purged 2 audit entries older than 2026-11-04T09:30:00Z (168h)", []string{"e4", "e5", "e6", "", ""}},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				vars := map[string]string{"DATABASE_URL": u, "AUDIT_RETENTION_DAYS": s.retention}
				out, _, err := runTool(t, vars, append([]string{"purge"}, s.args...)...)
				if err != nil || !strings.Contains(out, s.wantOut) {
					t.Errorf("purge %q: %q, %v; want %q, nil", s.args, out, err, s.wantOut)
				}
				if diff := cmp.Diff(s.want, labels(logOf(t, st))); diff != "" {
					t.Errorf("entries left (-want +got):\n%s", diff)
				}
			})
		}
	})
}
