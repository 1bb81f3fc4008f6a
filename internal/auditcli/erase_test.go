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
