package auditcli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// at is when the seeded log starts; now is when the tests run the tool.
var (
	at  = time.Date(2026, 11, 1, 9, 30, 0, 123456000, time.UTC)
	now = at.Add(10 * 24 * time.Hour)
)

// seeded is the log every test starts from: one entry a day, each labelled
// by its BatchID (e1…e6), with details a spreadsheet or a parser could
// trip on. Alice is users/1, alice@example.com.
var seeded = []bot.AuditEntry{
	{Actor: "users/1", Email: "Alice@Example.com", Space: "spaces/A", Command: "invite", Person: "users/2",
		Outcome: bot.Joined, BatchID: "e1", Detail: "comma, separated, words"},
	{Actor: "users/3", Email: "bob@example.com", Space: "spaces/A", Command: "settings",
		BatchID: "e2", Detail: `she said "hi", then 'bye'`},
	{Actor: "users/3", Email: "bob@example.com", Space: "spaces/B", Command: "invite", Person: "users/alice@example.com",
		Outcome: bot.NotAdded, Reason: bot.ReasonExternal, BatchID: "e3", Detail: "line one\nline two"},
	{Actor: "users/1", Email: "alice@example.com", Space: "spaces/B", Command: "remove", Person: "users/4",
		Outcome: bot.Removed, BatchID: "e4", Detail: "Zoë → 日本語 🎉 asked by alice@example.com"},
	{Actor: "users/4", Email: "dan@example.com", Space: "spaces/B", Command: "+plan", Person: "-",
		BatchID: "e5", Detail: `=cmd|' /C calc'!A0`},
	{Actor: "users/4", Email: "@dan", Space: "spaces/A", Command: "settings",
		BatchID: "e6", Detail: "'=already quoted"},
}

// seed opens a store of dialect d holding seeded and returns its URL.
func seed(t *testing.T, d store.Dialect) (*store.Store, string) {
	t.Helper()
	u := storetest.URL(t, d)
	st := storetest.OpenUnmigrated(t, u)
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	for i, e := range seeded {
		e.Time = at.Add(time.Duration(i) * 24 * time.Hour)
		if err := st.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	return st, u
}

// runTool runs `onboard audit args` at now with environment vars.
func runTool(t *testing.T, vars map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{getenv: func(k string) string { return vars[k] }, stdout: &out, stderr: &errOut,
		now: func() time.Time { return now }}
	err = run(t.Context(), args, e)
	return out.String(), errOut.String(), err
}

// logOf returns every entry in st, oldest first, as Query gives them.
func logOf(t *testing.T, st *store.Store) []bot.AuditEntry {
	t.Helper()
	es, err := st.Query(t.Context(), bot.AuditQuery{Limit: store.MaxAuditLimit})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(es)
	return es
}

// labels are the BatchIDs of es, in order.
func labels(es []bot.AuditEntry) []string {
	var ls []string
	for _, e := range es {
		ls = append(ls, e.BatchID)
	}
	return ls
}

// readExport reads an export back as an admin's program would.
func readExport(t *testing.T, format string, data []byte) []bot.AuditEntry {
	t.Helper()
	if format == "jsonl" {
		return parseJSONL(t, data)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("exported CSV does not parse: %v\n%s", err, data)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], Header) {
		t.Fatalf("CSV header: got %q, want %q", rows[:min(len(rows), 1)], Header)
	}
	var es []bot.AuditEntry
	for _, row := range rows[1:] {
		for i := range row {
			row[i] = Undefuse(row[i])
		}
		id, err := strconv.ParseInt(row[0], 10, 64)
		if err != nil {
			t.Fatalf("id %q: %v", row[0], err)
		}
		es = append(es, bot.AuditEntry{ID: id, Time: parseTime(t, row[1]), Actor: row[2], Email: row[3], Space: row[4],
			Command: row[5], Person: row[6], Outcome: bot.Outcome(row[7]), Reason: bot.Reason(row[8]),
			BatchID: row[9], Detail: row[10]})
	}
	return es
}

func parseJSONL(t *testing.T, data []byte) []bot.AuditEntry {
	t.Helper()
	var es []bot.AuditEntry
	for line := range strings.Lines(string(data)) {
		keyAt := -1
		for _, k := range Header { // the same names, in the same order
			i := strings.Index(line, `"`+k+`":`)
			if i <= keyAt {
				t.Fatalf("JSON line has key %q out of order or missing: %s", k, line)
			}
			keyAt = i
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var r record
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("JSON line does not parse: %v\n%s", err, line)
		}
		if _, err := dec.Token(); err != io.EOF {
			t.Fatalf("more than one value on a line: %s", line)
		}
		es = append(es, bot.AuditEntry{ID: r.ID, Time: parseTime(t, r.Time), Actor: r.Actor, Email: r.Email,
			Space: r.Space, Command: r.Command, Person: r.Person, Outcome: bot.Outcome(r.Outcome),
			Reason: bot.Reason(r.Reason), BatchID: r.Batch, Detail: r.Detail})
	}
	return es
}

func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil || !strings.HasSuffix(s, "Z") {
		t.Fatalf("time %q: want RFC 3339 in UTC (%v)", s, err)
	}
	return tm
}
