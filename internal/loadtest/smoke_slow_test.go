//go:build slow

package loadtest

// A slow check (go test -tags slow; .ci/run runs it as a step of its
// own): the load benchmark's -smoke, end to end.

import (
	"bytes"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestSmoke is `go run ./cmd/loadtest -smoke`: both binaries build and
// start, both answer a signed /help with a card, a few seconds of low load
// under both token modes see no error, a cold start on each database
// answers a burst of 200 with one key fetch, and every number in the
// tables the documentation keeps parses. It asserts nothing about speed.
func TestSmoke(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the load benchmark reads /proc")
	}
	var out, log bytes.Buffer
	if err := Run(t.Context(), []string{"-smoke"}, &out, &log); err != nil {
		t.Fatalf("smoke: %v\nstderr:\n%s\nstdout:\n%s", err, &log, &out)
	}
	t.Logf("%s", &out)
	runs := tableRows(t, out.String(), "| server |")
	if len(runs) != 4 {
		t.Fatalf("got %d runs, want onboard and naive × reused and fresh tokens:\n%s", len(runs), &out)
	}
	for _, r := range runs {
		numbers(t, r[3:])
		if r[10] != "0" {
			t.Errorf("run %v: %s errors, want 0", r[:3], r[10])
		}
	}
	ratios := tableRows(t, out.String(), "| token | load | CPU/req |")
	if len(ratios) != 2 {
		t.Fatalf("got %d ratio rows, want one per token mode:\n%s", len(ratios), &out)
	}
	for _, r := range ratios {
		numbers(t, r[2:])
	}
	colds := tableRows(t, out.String(), "| database |")
	if len(colds) != 2 {
		t.Fatalf("got %d cold starts, want one on an empty and one on a migrated database:\n%s", len(colds), &out)
	}
	for _, r := range colds {
		numbers(t, r[1:])
		if r[4] != "200" || r[5] != "0" || r[6] != "1" {
			t.Errorf("cold start on the %s database: %s answered, %s errors, %s key fetches; want 200, 0 and 1", r[0], r[4], r[5], r[6])
		}
	}
}

// tableRows returns the cells of the Markdown table whose header starts
// with header, without the header and separator rows.
func tableRows(t *testing.T, text, header string) [][]string {
	t.Helper()
	_, table, ok := strings.Cut(text, header)
	if !ok {
		t.Fatalf("no table %q in:\n%s", header, text)
	}
	var rows [][]string
	for i, line := range strings.Split(table, "\n") {
		if i < 2 {
			continue // the rest of the header, the separator
		}
		if !strings.HasPrefix(line, "|") {
			break
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	return rows
}

func numbers(t *testing.T, cells []string) {
	t.Helper()
	for _, c := range cells {
		if _, err := strconv.ParseFloat(c, 64); err != nil {
			t.Errorf("cell %q is not a number", c)
		}
	}
}

// TestSmokeBefore is `-smoke -servers onboard -before HEAD`: a revision
// checked out of this repository's history builds outside the work tree,
// starts as "before", answers under load and in a cold burst, and the
// report divides today's numbers by its.
func TestSmokeBefore(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the load benchmark reads /proc")
	}
	gitHead(t)
	var out, log bytes.Buffer
	if err := Run(t.Context(), []string{"-smoke", "-servers", "onboard", "-before", "HEAD"}, &out, &log); err != nil {
		t.Fatalf("smoke: %v\nstderr:\n%s\nstdout:\n%s", err, &log, &out)
	}
	t.Logf("%s", &out)
	var before int
	for _, r := range tableRows(t, out.String(), "| server |") {
		if r[0] == beforeName {
			before++
			if r[10] != "0" {
				t.Errorf("before, %s token: %s errors, want 0", r[1], r[10])
			}
		}
	}
	if before != 2 {
		t.Errorf("got %d runs of before, want one per token mode:\n%s", before, &out)
	}
	_, after, _ := strings.Cut(out.String(), "Onboard ÷ Onboard before (")
	if ratios := tableRows(t, after, "| token | load | CPU/req |"); len(ratios) != 2 {
		t.Errorf("got %d rows of today ÷ before, want one per token mode:\n%s", len(ratios), &out)
	}
	_, cold, _ := strings.Cut(out.String(), "\nOnboard before (")
	for _, r := range tableRows(t, cold, "| database |") {
		if r[4] != "200" || r[6] != "1" {
			t.Errorf("before's cold start on the %s database: %s answered, %s key fetches; want 200 and 1", r[0], r[4], r[6])
		}
	}
}
