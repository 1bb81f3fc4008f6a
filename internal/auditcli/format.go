package auditcli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// Header names the export's fields, in order: CSV's header row and JSON
// Lines' keys.
// authority, last so that readers of the earlier columns are not thrown,
// is whose authority made the change: app (Onboard's own), user (the
// asker's own Google account) or admin (a Workspace admin's access).
var Header = []string{"id", "time", "actor", "email", "space", "command", "person", "outcome", "reason", "batch", "detail",
	"authority"}

// record is one exported entry; its JSON keys are Header, in order.
type record struct {
	ID      int64  `json:"id"`
	Time    string `json:"time"`
	Actor   string `json:"actor"`
	Email   string `json:"email"`
	Space   string `json:"space"`
	Command string `json:"command"`
	Person  string `json:"person"`
	Outcome string `json:"outcome"`
	Reason  string `json:"reason"`
	Batch   string `json:"batch"`
	Detail  string `json:"detail"`
	// Authority is app, user or admin (see Header).
	Authority string `json:"authority"`
}

// TimeLayout is how exported times read: RFC 3339 in UTC, with the
// microseconds the log keeps (trailing zeros dropped).
const TimeLayout = time.RFC3339Nano

func toRecord(e bot.AuditEntry) record {
	return record{ID: e.ID, Time: e.Time.UTC().Format(TimeLayout), Actor: e.Actor, Email: e.Email, Space: e.Space,
		Command: e.Command, Person: e.Person, Outcome: string(e.Outcome), Reason: string(e.Reason),
		Batch: e.BatchID, Detail: e.Detail, Authority: authorityWord(e.Authority)}
}

// authorityWord names an authority in the export: the store keeps
// Onboard's own as "".
func authorityWord(a bot.AuthorityKind) string {
	if a == bot.AsApp {
		return "app"
	}
	return string(a)
}

// entryWriter writes entries in one format; Close flushes.
type entryWriter interface {
	Write(bot.AuditEntry) error
	Close() error
}

func newWriter(format string, w io.Writer) (entryWriter, error) {
	switch format {
	case "csv":
		cw := &csvWriter{w: csv.NewWriter(w)}
		return cw, cw.w.Write(Header)
	case "jsonl":
		bw := bufio.NewWriter(w)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		return &jsonlWriter{buf: bw, enc: enc}, nil
	}
	return nil, fmt.Errorf("--format %q: want csv or jsonl", format)
}

// csvWriter writes RFC 4180 CSV (encoding/csv quotes commas, quotes and
// line breaks) with every value passed through defuse.
type csvWriter struct{ w *csv.Writer }

func (c *csvWriter) Write(e bot.AuditEntry) error {
	r := toRecord(e)
	fields := []string{strconv.FormatInt(r.ID, 10), r.Time, r.Actor, r.Email, r.Space, r.Command, r.Person,
		r.Outcome, r.Reason, r.Batch, r.Detail, r.Authority}
	for i, f := range fields {
		fields[i] = Defuse(f)
	}
	return c.w.Write(fields)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// Defuse guards a CSV value against formula injection: a spreadsheet runs
// a cell starting with = + - @ (or a tab or carriage return, which some
// strip first) as a formula, so such a value gets a leading single quote.
// A value that already starts with a quote gets one too, so the rule can
// be undone exactly: drop one leading ' from any value that has one
// (Undefuse).
func Defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r'", rune(v[0])) {
		return "'" + v
	}
	return v
}

// Undefuse reverses Defuse.
func Undefuse(v string) string { return strings.TrimPrefix(v, "'") }

// jsonlWriter writes one JSON object per line. JSON is not run by
// spreadsheets, so values are exactly as stored.
type jsonlWriter struct {
	buf *bufio.Writer
	enc *json.Encoder
}

func (j *jsonlWriter) Write(e bot.AuditEntry) error { return j.enc.Encode(toRecord(e)) }
func (j *jsonlWriter) Close() error                 { return j.buf.Flush() }
