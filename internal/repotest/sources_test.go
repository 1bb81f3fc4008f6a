package repotest

import (
	"regexp"
	"strings"
	"testing"
)

// Every fact in docs/chat-platform.md can be traced to where it comes
// from: each section that states facts links Google's page (or the proto,
// sample or source it was read from), and each summary line — a key fact
// in §0.1, a pitfall in §9 — names the section that holds its link.
func TestPlatformFactsNameTheirSource(t *testing.T) {
	root, _ := repoFiles(t)
	doc, ok := readText(t, root, platformDoc)
	if !ok {
		t.Fatalf("%s is missing", platformDoc)
	}
	sections := sourcedSections(doc)
	for number, linked := range sections {
		if !linked && !summarySections[number] && !parentSections(sections)[number] {
			t.Errorf("%s §%s states facts but links no source", platformDoc, number)
		}
	}
	for _, line := range summaryLines(doc) {
		cited := citedSections.FindAllStringSubmatch(line.text, -1)
		sourced := strings.Contains(line.text, "https://")
		for _, c := range cited {
			sourced = sourced || sections[c[1]]
		}
		if !sourced {
			t.Errorf("%s %s names no section with a source (add \"(§N.N)\"): %.70q", platformDoc, line.where, line.text)
		}
	}
}

// summarySections restate facts sourced elsewhere; their lines are
// checked one by one instead.
var summarySections = map[string]bool{"0.1": true, "9": true}

// citedSections are "§N" and "§N.M" in a line (heading is refs_test.go's).
var citedSections = regexp.MustCompile(`§(\d+(?:\.\d+)?)`)

// sourcedSections maps each numbered section to whether its own text
// (up to the next heading) holds a link.
func sourcedSections(doc string) map[string]bool {
	out := map[string]bool{}
	current := ""
	for line := range strings.SplitSeq(doc, "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			current = m[1]
			out[current] = false
			continue
		}
		if current != "" && strings.Contains(line, "https://") {
			out[current] = true
		}
	}
	return out
}

// parentSections are the "## N." headings that have "### N.M" below
// them: their facts are in the subsections.
func parentSections(sections map[string]bool) map[string]bool {
	out := map[string]bool{}
	for number := range sections {
		if top, _, sub := strings.Cut(number, "."); sub {
			out[top] = true
		}
	}
	return out
}

type summaryLine struct{ where, text string }

// summaryLines are §0.1's bullets and §9's numbered pitfalls, each with
// its continuation lines joined.
func summaryLines(doc string) []summaryLine {
	var out []summaryLine
	section := ""
	item := regexp.MustCompile(`^(- |(\d+)\. )`)
	for line := range strings.SplitSeq(doc, "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			section = m[1]
			continue
		}
		if !summarySections[section] {
			continue
		}
		switch m := item.FindStringSubmatch(line); {
		case m != nil && (section == "9") == (m[2] != ""):
			where := "§0.1 key fact"
			if m[2] != "" {
				where = "§9 pitfall " + m[2]
			}
			out = append(out, summaryLine{where: where, text: line})
		case len(out) > 0 && strings.HasPrefix(line, "  "):
			out[len(out)-1].text += " " + strings.TrimSpace(line)
		}
	}
	return out
}
