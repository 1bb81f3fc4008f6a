package auditcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/cli"
)

// exportRequest is what `audit export` was asked for.
type exportRequest struct {
	query  bot.AuditQuery // Space, Person, Since; no limit
	until  time.Time      // exclusive; zero: up to now
	format string
	out    string // "" is stdout
}

func parseExport(args []string, e env) (exportRequest, error) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	since := fs.String("since", "", "only entries at or after `T`: 2026-11-01 (UTC), an RFC 3339 time, or an age (7d, 24h)")
	until := fs.String("until", "", "only entries before `T` (same forms as --since)")
	space := fs.String("space", "", "only entries of one space (`spaces/X`)")
	person := fs.String("person", "", "only entries about or by one person (`EMAIL|users/ID`)")
	format := fs.String("format", "csv", "csv or jsonl")
	out := fs.String("out", "", "write to `FILE` (mode 0600) instead of stdout")
	if err := parseFlags(fs, args, e); err != nil {
		return exportRequest{}, err
	}
	r := exportRequest{query: bot.AuditQuery{Space: *space, Person: *person}, format: *format, out: *out}
	var errs []error
	now := e.now()
	if *since != "" {
		t, err := parseWhen("since", *since, now)
		errs, r.query.Since = append(errs, err), t
	}
	if *until != "" {
		t, err := parseWhen("until", *until, now)
		errs, r.until = append(errs, err), t
	}
	if !r.query.Since.IsZero() && !r.until.IsZero() && !r.query.Since.Before(r.until) {
		errs = append(errs, fmt.Errorf("--since %s is not before --until %s", *since, *until))
	}
	if *space != "" && (!strings.HasPrefix(*space, "spaces/") || strings.Count(*space, "/") != 1) {
		errs = append(errs, fmt.Errorf("--space %q: want spaces/X", *space))
	}
	if *person != "" {
		errs = append(errs, validPerson(*person))
	}
	if *format != "csv" && *format != "jsonl" {
		errs = append(errs, fmt.Errorf("--format %q: want csv or jsonl", *format))
	}
	if err := errors.Join(errs...); err != nil {
		return exportRequest{}, fmt.Errorf("audit export: %w", err)
	}
	return r, nil
}

// JobExportDir is where deploy/setup.sh mounts the export bucket in the
// audit Cloud Run job: the only place an export made there can go.
const JobExportDir = "/exports"

// export is `onboard audit export`: the entries asked for, oldest first.
func export(ctx context.Context, args []string, e env) error {
	r, err := parseExport(args, e)
	if err != nil {
		return ignoreHelp(err)
	}
	if err := checkJobOutput(r.out, e.getenv("CLOUD_RUN_JOB"), e.now()); err != nil {
		return err
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	var n int
	write := func(w io.Writer) (err error) {
		n, err = writeEntries(ctx, st, r, w)
		return err
	}
	if r.out == "" {
		err = write(e.stdout)
	} else {
		err = writeFile(r.out, write)
	}
	if err != nil {
		return fmt.Errorf("audit export: %w", err)
	}
	if r.out != "" {
		fmt.Fprintf(e.stderr, "exported %d audit entries to %s\n", n, r.out)
	}
	return nil
}

// checkJobOutput refuses, in a Cloud Run job (CLOUD_RUN_JOB names it), an
// export to stdout — the job's stdout is Cloud Logging, readable by more
// people than the log's personal data should be — and one to a file
// outside the mounted export bucket, which would vanish with the job's
// in-memory file system. Both are refused before the database is opened.
func checkJobOutput(out, job string, now time.Time) error {
	if job == "" {
		return nil
	}
	example := path.Join(JobExportDir, "audit-"+now.UTC().Format("2006-01-02")+".csv")
	switch {
	case out == "":
		return cli.Usagef("audit export: in the Cloud Run job %s the export would go to stdout, which is Cloud Logging; "+
			"write it to the mounted export bucket instead: --out %s", job, example)
	case !strings.HasPrefix(path.Clean(out), JobExportDir+"/"):
		return cli.Usagef("audit export: --out %s is not in the export bucket mounted at %s; a file elsewhere "+
			"vanishes with the job's container: --out %s", out, JobExportDir, example)
	}
	return nil
}

// exporter is the store's side of an export.
type exporter interface {
	ExportAudit(ctx context.Context, q bot.AuditQuery, each func(bot.AuditEntry) error) error
}

// errUntil stops reading at the first entry past --until: they come
// oldest first.
var errUntil = errors.New("past --until")

func writeEntries(ctx context.Context, st exporter, r exportRequest, out io.Writer) (int, error) {
	w, err := newWriter(r.format, out)
	if err != nil {
		return 0, err
	}
	n := 0
	err = st.ExportAudit(ctx, r.query, func(en bot.AuditEntry) error {
		if !r.until.IsZero() && !en.Time.Before(r.until) {
			return errUntil
		}
		n++
		return w.Write(en)
	})
	if errors.Is(err, errUntil) {
		err = nil
	}
	return n, errors.Join(err, w.Close())
}

// writeFile has write fill a new file at path, mode 0600 (the log holds
// personal data), and puts it in place only when write succeeded: a failed
// export leaves no partial file, and replaces no earlier one.
func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*") // mode 0600
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func ignoreHelp(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}
