// Package glossary reads the zh-TW glossary kept beside the card catalogs
// (cards/locales/glossary.zh-TW.tsv: English term → the term Google's zh-TW
// interface uses) and says which translations miss its terms. Every
// catalog's tests check against it — the cards' and the playground page's —
// so that both say a term the same way.
package glossary

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// Term is one line: English text matching EN must read ZH in translation.
type Term struct {
	EN *regexp.Regexp
	ZH string
}

// Load reads the glossary at path: lines of a Go regexp (matched
// case-insensitively), the zh-TW term and its source, separated by tabs;
// "#" starts a comment line.
func Load(path string) ([]Term, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var terms []Term
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || cols[1] == "" || cols[2] == "" {
			return nil, fmt.Errorf("%s:%d: want English, zh-TW and source separated by tabs: %q", path, n, line)
		}
		re, err := regexp.Compile("(?i)" + cols[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		terms = append(terms, Term{EN: re, ZH: cols[1]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(terms) == 0 {
		return nil, fmt.Errorf("%s: no terms", path)
	}
	return terms, nil
}

// notProse is what a message holds that is not English prose, which stays
// as it is in every language: settings as typed (invite=members) first,
// then template actions ({{.Space}}), slash commands (/invite, /plan
// remove), resource names (spaces/AAAA…) and addresses (carol@example.com).
var notProse = []*regexp.Regexp{regexp.MustCompile(`\b[a-z]+=\S*`),
	regexp.MustCompile(`\{\{[^}]*\}\}|/[a-z]+(?: (?:add|remove|show|list|cancel)\b)?|\b[a-z]+/\S+|\S*@\S+`)}

// Prose is text without what is not prose.
func Prose(text string) string {
	for _, re := range notProse {
		text = re.ReplaceAllString(text, " ")
	}
	return text
}

// Misses lists, sorted, the messages whose English (any of its forms, by
// ID) says a term that their zh-TW translation (by ID) lacks. A message
// without a translation is not listed: completeness is checked elsewhere.
func Misses(terms []Term, english map[string][]string, zh map[string]string) []string {
	var misses []string
	for id, forms := range english {
		tr, ok := zh[id]
		if !ok {
			continue
		}
		for _, term := range terms {
			for _, text := range forms {
				if said := term.EN.FindString(Prose(text)); said != "" && !strings.Contains(tr, term.ZH) {
					misses = append(misses, id+": says "+said+" without 「"+term.ZH+"」")
					break
				}
			}
		}
	}
	sort.Strings(misses)
	return misses
}
