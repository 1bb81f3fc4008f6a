package auditcli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestErase: without --yes nothing changes and the tool fails asking for
// it; with --yes the person is nowhere in an export, and an "erase" entry
// says it happened.
func TestErase(t *testing.T) {
	tests := []struct {
		person    string
		wantCount int      // entries naming alice: e1, e3, e4 (and the detail of e4)
		gone      []string // strings no export may hold afterwards
	}{
		{"alice@example.com", 3, []string{"alice@example.com", "users/1,"}},
		{"users/1", 3, []string{"alice@example.com", "users/1,"}},
	}
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		for _, tt := range tests {
			t.Run(tt.person, func(t *testing.T) {
				st, u := seed(t, d)
				vars := map[string]string{"DATABASE_URL": u}
				before := logOf(t, st)

				out, _, err := runTool(t, vars, "erase", "--person", tt.person)
				if err == nil || !strings.Contains(err.Error(), "--yes") {
					t.Errorf("erase without --yes: err %v, want one asking for --yes", err)
				}
				if want := fmt.Sprintf("%d audit entries name %s", tt.wantCount, tt.person); !strings.Contains(out, want) {
					t.Errorf("dry run said %q, want %q", out, want)
				}
				if diff := cmp.Diff(before, logOf(t, st)); diff != "" {
					t.Errorf("dry run changed the log (-before +after):\n%s", diff)
				}

				out, _, err = runTool(t, vars, "erase", "--person", tt.person, "--yes")
				if want := fmt.Sprintf("Erased %s from %d audit entries", tt.person, tt.wantCount); err != nil || !strings.Contains(out, want) {
					t.Errorf("erase --yes: %q, %v; want %q, nil", out, err, want)
				}
				for _, format := range []string{"csv", "jsonl"} {
					exported, _, err := runTool(t, vars, "export", "--format", format)
					if err != nil {
						t.Fatal(err)
					}
					for _, g := range tt.gone {
						if strings.Contains(strings.ToLower(exported), g) {
							t.Errorf("%s export after erasure still holds %q:\n%s", format, g, exported)
						}
					}
				}
				after := logOf(t, st)
				if last := after[len(after)-1]; last.Command != "erase" || len(after) != len(before)+1 {
					t.Errorf("after erasure the log ends %+v (%d entries), want one new \"erase\" entry", last, len(after))
				}
			})
		}
	})
}

// TestEraseSaysWhatStaysOnDisk: after erasing, the tool says which files
// still hold old copies of the rows and what to do; it fails when any do,
// so a script notices.
func TestEraseSaysWhatStaysOnDisk(t *testing.T) {
	tests := []struct {
		name    string
		c       store.Compaction
		wantErr bool
		want    []string
	}{
		{"all rewritten", store.Compaction{Done: []string{"onboard_audit", "river_job"}}, false,
			[]string{"removed from: onboard_audit, river_job", "docs/data-protection.md"}},
		{"role may not", store.Compaction{Done: []string{"river_job"}, Refused: []string{"onboard_audit"}}, true,
			[]string{"may not run VACUUM FULL on onboard_audit", "as their owner"}},
		{"in use", store.Compaction{Busy: []string{"write-ahead log"}}, true,
			[]string{"Others were using write-ahead log", "run this command again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			err := reportCompaction(&out, tt.c)
			if (err != nil) != tt.wantErr {
				t.Errorf("reportCompaction: error %v, want error %v", err, tt.wantErr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output %q does not say %q", out.String(), w)
				}
			}
		})
	}
}
