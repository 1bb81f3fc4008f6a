package repotest

import (
	"regexp"
	"strconv"
	"strings"
)

// platformDoc is the repository's Google Chat platform notes, the file
// code comments cite for Chat behaviour.
const platformDoc = "docs/chat-platform.md"

// citation is one section or pitfall named after a mention of platformDoc.
type citation struct {
	line     int    // 1-based line of the platformDoc mention
	section  string // "5.5" for §5.5; "" for a pitfall
	pitfall  int    // 8 for Pitfall 8; 0 for a section
	original string // as written, for messages
}

var (
	// continuation joins a reference broken across comment lines:
	// "docs/chat-platform.md\n// Pitfall 1" reads as one phrase.
	continuation = regexp.MustCompile(`\s*\n\s*(?://|#|\*)?\s*`)
	// oneRef is a single section ("§5.5") or pitfall ("Pitfall 8",
	// "Pitfalls 16–17") at the start of the text.
	oneRef = regexp.MustCompile(`^(?:§\s?(\d+(?:\.\d+)*)|Pitfalls?\s+(\d+)(?:\s*[–-]\s*(\d+))?)`)
	// refSep separates the references of a list: "§5.5, §8.1",
	// "§1 and §2", "§5.5, Pitfall 14".
	refSep = regexp.MustCompile(`^\s*(?:,|;|and)\s*`)
)

// citations finds every platformDoc mention in text and the references
// written right after it, as a list ("docs/chat-platform.md §5.5, §8.1").
// A mention with nothing recognisable after it cites the whole file.
func citations(text string) []citation {
	var out []citation
	rest, offset := text, 0
	for {
		i := strings.Index(rest, platformDoc)
		if i < 0 {
			return out
		}
		at := offset + i
		line := 1 + strings.Count(text[:at], "\n")
		after := text[at+len(platformDoc):]
		if len(after) > 300 {
			after = after[:300]
		}
		out = append(out, refList(continuation.ReplaceAllString(after, " "), line)...)
		offset = at + len(platformDoc)
		rest = text[offset:]
	}
}

// refList reads the list of references at the start of s.
func refList(s string, line int) []citation {
	var out []citation
	s = strings.TrimLeft(s, " \t")
	for {
		m := oneRef.FindStringSubmatch(s)
		if m == nil {
			return out
		}
		switch {
		case m[1] != "":
			out = append(out, citation{line: line, section: m[1], original: m[0]})
		default:
			from, _ := strconv.Atoi(m[2])
			to := from
			if m[3] != "" {
				to, _ = strconv.Atoi(m[3])
			}
			for n := from; n <= to && n-from < 100; n++ {
				out = append(out, citation{line: line, pitfall: n, original: m[0]})
			}
		}
		s = s[len(m[0]):]
		sep := refSep.FindString(s)
		if sep == "" {
			return out
		}
		s = s[len(sep):]
	}
}

var (
	// heading is a Markdown heading that starts with a section number:
	// "## 5. Chat API …", "### 5.5 Error responses".
	heading = regexp.MustCompile(`(?m)^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s`)
	// pitfallItem is an entry of the numbered list in §9.
	pitfallItem = regexp.MustCompile(`(?m)^(\d+)\.\s`)
	// topSection is a level-2 heading, which ends §9.
	topSection = regexp.MustCompile(`(?m)^##\s`)
)

// contents lists the section numbers that have a heading in the platform
// doc and the numbers of the pitfalls listed in its §9.
func contents(doc string) (sections map[string]bool, pitfalls map[int]bool) {
	sections, pitfalls = map[string]bool{}, map[int]bool{}
	for _, m := range heading.FindAllStringSubmatch(doc, -1) {
		sections[m[1]] = true
	}
	loc := regexp.MustCompile(`(?m)^##\s+9\.\s`).FindStringIndex(doc)
	if loc == nil {
		return sections, pitfalls
	}
	body := doc[loc[1]:]
	if end := topSection.FindStringIndex(body); end != nil {
		body = body[:end[0]]
	}
	for _, m := range pitfallItem.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[1])
		pitfalls[n] = true
	}
	return sections, pitfalls
}
