package loadtest

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// gitHead is HEAD's abbreviated hash; the test is skipped outside a git
// checkout of the repository (a source archive has no history to build
// "before" from).
func gitHead(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// -before builds from the revision's own files: checkout writes the
// commit's tree, not the working tree's.
func TestCheckoutWritesTheRevisionsTree(t *testing.T) {
	head := gitHead(t)
	r, err := checkout(t.Context(), "HEAD", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if r.commit != head {
		t.Errorf("commit %q, want HEAD's %q", r.commit, head)
	}
	for _, name := range []string{"go.mod", "main.go"} {
		want, err := exec.Command("git", "show", "HEAD:"+name).Output()
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(r.dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s in the checkout: %v, %d bytes; want HEAD's %d bytes", name, err, len(got), len(want))
		}
	}
}

// A revision that is not a commit, or that git would read as an option,
// is refused before anything is built.
func TestCheckoutRefusesWhatIsNotACommit(t *testing.T) {
	gitHead(t)
	for _, rev := range []string{"", "no-such-revision-at-all", "--output=/tmp/x", "HEAD:go.mod"} {
		if _, err := checkout(t.Context(), rev, t.TempDir()); err == nil {
			t.Errorf("-before %q: no error", rev)
		}
	}
}

// extract writes files and directories and refuses a name outside its
// directory.
func TestExtract(t *testing.T) {
	archive := func(names ...string) io.Reader {
		var b bytes.Buffer
		tw := tar.NewWriter(&b)
		for _, n := range names {
			if strings.HasSuffix(n, "/") {
				_ = tw.WriteHeader(&tar.Header{Name: n, Typeflag: tar.TypeDir, Mode: 0o755})
				continue
			}
			_ = tw.WriteHeader(&tar.Header{Name: n, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(n))})
			_, _ = tw.Write([]byte(n))
		}
		_ = tw.Close()
		return &b
	}
	dir := filepath.Join(t.TempDir(), "tree")
	if err := extract(archive("cmd/", "cmd/x/main.go", "go.mod"), dir); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "cmd", "x", "main.go")); err != nil || string(b) != "cmd/x/main.go" {
		t.Errorf("cmd/x/main.go: %q, %v", b, err)
	}
	for _, bad := range []string{"../evil.go", "/etc/evil.go", "a/../../evil.go"} {
		outside := t.TempDir()
		err := extract(archive(bad), filepath.Join(outside, "tree"))
		if err == nil {
			t.Errorf("%q: extracted without an error", bad)
		}
		if _, serr := os.Stat(filepath.Join(outside, "evil.go")); serr == nil {
			t.Errorf("%q: written outside the tree", bad)
		}
	}
}

// -before adds the revision's Onboard right after today's, so that they
// take turns; "before" cannot be named in -servers without a revision.
func TestBeforeFlag(t *testing.T) {
	c, err := parseFlags([]string{"-servers", "naive,onboard,floor", "-before", "abc"}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{naiveName, onboardName, beforeName, floorName}; !slices.Equal(c.servers, want) {
		t.Errorf("servers %v, want %v", c.servers, want)
	}
	if _, err := parseFlags([]string{"-servers", "onboard,before"}, io.Discard, io.Discard); err == nil {
		t.Error("-servers before without -before: no error")
	}
}

// With -before the report says which commit "before" is and divides
// today's numbers by its, and its by the reference's.
func TestReportBeforeAndAfter(t *testing.T) {
	row := func(server string, cpu float64, idle uint64) result {
		return result{server: server, token: tokenReused, outcome: outcome{requests: 100, rps: 1000, p99: 2 * time.Millisecond},
			cpuMicros: cpu, rssIdle: idle << 20, rssPeak: 2 * idle << 20}
	}
	rs := []result{row(onboardName, 30, 30), row(beforeName, 120, 25), row(naiveName, 150, 15)}
	var b bytes.Buffer
	writeReport(&b, machine{cpus: 2, model: "test", goVersion: "go", clkTck: 100, clkSource: "auxv"},
		pinning{note: "not pinned"}, config{duration: time.Second, workers: 4, before: "v1", beforeCommit: "0123456789ab"}, rs)
	out := b.String()
	for _, want := range []string{
		`Server "before" is Onboard at 0123456789ab (-before v1)`,
		"Onboard ÷ naive reference (same load, same tokens; above 1: Onboard spends more):\n\n| token | load | CPU/req | RSS idle | RSS peak | p99 |\n|---|---|--:|--:|--:|--:|\n| reused | max | 0.20 | 2.00 | 2.00 | 1.00 |",
		"Onboard before (0123456789ab) ÷ naive reference (same load, same tokens; above 1: Onboard before (0123456789ab) spends more):\n\n| token | load | CPU/req | RSS idle | RSS peak | p99 |\n|---|---|--:|--:|--:|--:|\n| reused | max | 0.80 | 1.67 | 1.67 | 1.00 |",
		"Onboard ÷ Onboard before (0123456789ab) (same load, same tokens; above 1: Onboard spends more):\n\n| token | load | CPU/req | RSS idle | RSS peak | p99 |\n|---|---|--:|--:|--:|--:|\n| reused | max | 0.25 | 1.20 | 1.20 | 1.00 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "÷ floor") {
		t.Errorf("a floor table without a floor run:\n%s", out)
	}
}
