package e2e

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// auditLine is what an exported audit entry says happened.
type auditLine struct {
	Actor, Command, Person, Outcome, Reason string
}

// TestAuditRecordsEveryChangeAndNothingElse: after a run of commands, the
// exported audit log holds exactly the changes made (and the one refusal
// of a verified person) — nothing for rejected requests or reads — and the
// CSV and JSON Lines exports say the same.
func TestAuditRecordsEveryChangeAndNothingElse(t *testing.T) {
	o := start(t, "url")
	const sam, dave = "users/111111111111111111111", "users/555555555555555555555"
	steps := []struct{ person, text string }{
		{"sam", "/invite carol@example.com @bob erin@partner.test"},
		{"dave", "/invite @alice"}, // refused: a plain member
		{"sam", "/status"},         // a read: no entry
		{"sam", "/remove carol@example.com"},
	}
	for _, s := range steps {
		if status, body := o.post(o.urlToken(), event(t, o, s.person, "AAAAonbrd01", false, "", s.text)); status != 200 {
			t.Fatalf("%s %q: %d %s", s.person, s.text, status, body)
		}
	}
	o.post("", event(t, o, "sam", "AAAAonbrd01", false, "", "/invite dave@example.com")) // 401: no entry
	o.stop()

	want := []auditLine{
		{sam, "invite", "", "", ""},
		{sam, "invite", "users/444444444444444444444", "joined", ""},
		{sam, "invite", "users/333333333333333333333", "invited", ""},
		{sam, "invite", "users/erin@partner.test", "not_added", "external"},
		{dave, "invite", "", "refused", "policy"},
		{sam, "remove", "", "", ""},
		{sam, "remove", "users/carol@example.com", "removed", ""},
	}
	jsonl := o.auditExport(t, "jsonl")
	var got []auditLine
	sc := bufio.NewScanner(bytes.NewReader(jsonl))
	for sc.Scan() {
		var e struct{ Actor, Command, Person, Outcome, Reason string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("export line %q: %v", sc.Text(), err)
		}
		got = append(got, auditLine(e))
	}
	sortLines(want)
	sortLines(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}

	rows, err := csv.NewReader(bytes.NewReader(o.auditExport(t, "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var fromCSV []auditLine
	for _, r := range rows[1:] {
		fromCSV = append(fromCSV, auditLine{r[col["actor"]], r[col["command"]], r[col["person"]], r[col["outcome"]], r[col["reason"]]})
	}
	sortLines(fromCSV)
	if diff := cmp.Diff(got, fromCSV); diff != "" {
		t.Errorf("CSV and JSON Lines exports differ (-jsonl +csv):\n%s", diff)
	}
}

// auditExport runs `onboard audit export` on the process's database.
func (o *onboard) auditExport(t *testing.T, format string) []byte {
	t.Helper()
	cmd := exec.Command(binary, "audit", "export", "--format", format)
	for _, kv := range o.env {
		if strings.HasPrefix(kv, "DATABASE_URL=") || strings.HasPrefix(kv, "PATH=") || strings.HasPrefix(kv, "HOME=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("onboard audit export: %v", err)
	}
	return out
}

func sortLines(l []auditLine) {
	sort.Slice(l, func(i, j int) bool {
		a, b := l[i], l[j]
		return a.Actor+a.Command+a.Person+a.Outcome < b.Actor+b.Command+b.Person+b.Outcome
	})
}
