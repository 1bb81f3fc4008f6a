package repotest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// outsideNotes are the ways a file used to point at research and style
// notes that live next to the repository, not in it. They are spelled in two pieces
// so that this file does not match itself.
var outsideNotes = []string{"CHAT-" + "PLATFORM", "../" + "shared", "STYLE" + ".md"}

// A file outside docs/ that cites notes a clone does not have leaves its
// reader with a dead reference; cite docs/chat-platform.md or Google's page.
func TestNoReferencesOutsideRepository(t *testing.T) {
	root, files := repoFiles(t)
	for _, rel := range files {
		if strings.HasPrefix(rel, "docs/") {
			continue
		}
		text, ok := readText(t, root, rel)
		if !ok {
			continue
		}
		for _, needle := range outsideNotes {
			for i, line := range strings.Split(text, "\n") {
				if strings.Contains(line, needle) {
					t.Errorf("%s:%d mentions %q, which is not in the repository: cite %s §N or Google's page instead",
						rel, i+1, needle, platformDoc)
				}
			}
		}
	}
}

// Every "docs/chat-platform.md §N" and "… Pitfall N" in the repository
// names something the doc has, so renumbering the doc, or a typo, cannot
// silently send a reader to the wrong fact.
func TestPlatformDocCitationsResolve(t *testing.T) {
	root, files := repoFiles(t)
	doc, ok := readText(t, root, platformDoc)
	if !ok {
		t.Fatalf("%s is missing: code cites it for Google Chat's behaviour", platformDoc)
	}
	sections, pitfalls := contents(doc)
	if len(sections) == 0 || len(pitfalls) == 0 {
		t.Fatalf("%s: found %d numbered headings and %d pitfalls; want both (headings like \"### 5.5 …\", a numbered list under \"## 9. …\")",
			platformDoc, len(sections), len(pitfalls))
	}
	checked := 0
	for _, rel := range files {
		text, ok := readText(t, root, rel)
		if !ok {
			continue
		}
		for _, c := range citations(text) {
			checked++
			switch {
			case c.section != "" && !sections[c.section]:
				t.Errorf("%s:%d cites %s %s, but it has no heading for §%s", rel, c.line, platformDoc, c.original, c.section)
			case c.section == "" && !pitfalls[c.pitfall]:
				t.Errorf("%s:%d cites %s %s, but §9 lists no pitfall %d", rel, c.line, platformDoc, c.original, c.pitfall)
			}
		}
	}
	t.Logf("%d citations of %s checked in %d files", checked, platformDoc, len(files))
}

func TestCitations(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"section", "// Chat's limits (" + platformDoc + " §3.2). Chat", []string{"§3.2"}},
		{"top-level section", "(" + platformDoc + " §1).", []string{"§1"}},
		{"list", "message (" + platformDoc + " §5.5, §8.1; Google's page).", []string{"§5.5", "§8.1"}},
		{"and", "reads (" + platformDoc + " §1 and §2). They", []string{"§1", "§2"}},
		{"section then pitfall", "(" + platformDoc + " §5.5, Pitfall 14).", []string{"§5.5", "P14"}},
		{"pitfall range", "(" + platformDoc + " Pitfalls 16–17). The", []string{"P16", "P17"}},
		{"across comment lines", "says; " + platformDoc + "\n// Pitfall 1) is", []string{"P1"}},
		{"across shell comment lines", "# see " + platformDoc + "\n# §8.3 for", []string{"§8.3"}},
		{"sentence end", "see " + platformDoc + " §7.\nNext §9", []string{"§7"}},
		{"whole file", "see " + platformDoc + ".", nil},
		{"two mentions", platformDoc + " §2 and\n" + platformDoc + " §4.1", []string{"§2", "§4.1"}},
		{"bare section elsewhere", "§5.5 alone is not a citation of the doc", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range citations(tt.text) {
				if c.section != "" {
					got = append(got, "§"+c.section)
				} else {
					got = append(got, "P"+strconv.Itoa(c.pitfall))
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("citations(%q): got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestContents(t *testing.T) {
	doc := "# Title\n\n## 0. How to read this\n### 0.1 Key facts\n## 5. Memberships\n### 5.5 Error responses\n" +
		"Steps:\n1. not a pitfall\n## 9. Pitfalls\n\n1. **One.**\n   more\n2. **Two.**\n10. **Ten.**\n## 10. Next\n3. not a pitfall\n"
	sections, pitfalls := contents(doc)
	var gotS []string
	for s := range sections {
		gotS = append(gotS, s)
	}
	sort.Strings(gotS)
	if want := "0 0.1 10 5 5.5 9"; strings.Join(gotS, " ") != want {
		t.Errorf("sections: got %q, want %q", strings.Join(gotS, " "), want)
	}
	for _, n := range []int{1, 2, 10} {
		if !pitfalls[n] {
			t.Errorf("pitfall %d: missing, want listed", n)
		}
	}
	if pitfalls[3] || len(pitfalls) != 3 {
		t.Errorf("pitfalls: got %v, want exactly 1, 2 and 10 (only §9's list counts)", pitfalls)
	}
}

// repoFiles returns the repository root and its files as git sees them:
// tracked ones and untracked ones that are not ignored, so a new file is
// checked before it is committed.
func repoFiles(t *testing.T) (root string, files []string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is needed to list the repository's files: %v", err)
	}
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatalf("git rev-parse --show-toplevel: %v (run the tests inside a git checkout)", err)
	}
	root = strings.TrimSpace(string(out))
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	seen := map[string]bool{}
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" && !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		t.Fatal("git ls-files listed no files")
	}
	return root, files
}

// readText reads a repository file as text. A file deleted but not yet
// committed, or a binary one, is skipped (ok false).
func readText(t *testing.T, root, rel string) (text string, ok bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if os.IsNotExist(err) {
		return "", false
	}
	if err != nil {
		t.Fatalf("read %s: %v", rel, err)
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", false
	}
	return string(b), true
}
