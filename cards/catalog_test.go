package cards

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// msgIDConstants reads this package's source (tests left out) for the
// msgID constants: name → message ID. It fails t on an ID made any other
// way — a conversion msgID(…), or a string literal handed straight to
// the words — so that these constants are every ID the code can ask for.
func msgIDConstants(t *testing.T) (ids map[string]string, uses map[string]int) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	ids, uses = map[string]string{}, map[string]int{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				if n.Tok == token.CONST {
					declareIDs(t, name, n, ids, uses)
				}
			case *ast.Ident:
				uses[n.Name]++
			case *ast.CallExpr:
				checkIDArgument(t, name, n)
			}
			return true
		})
	}
	return ids, uses
}

// declareIDs adds the msgID constants of decl to ids.
func declareIDs(t *testing.T, file string, decl *ast.GenDecl, ids map[string]string, uses map[string]int) {
	for _, spec := range decl.Specs {
		vs := spec.(*ast.ValueSpec)
		if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "msgID" {
			continue
		}
		for i, id := range vs.Names {
			var lit *ast.BasicLit
			if i < len(vs.Values) {
				lit, _ = vs.Values[i].(*ast.BasicLit)
			}
			if lit == nil || lit.Kind != token.STRING {
				t.Errorf("%s: %s is not a string literal", file, id.Name)
				continue
			}
			ids[id.Name], _ = strconv.Unquote(lit.Value)
			uses[id.Name]-- // its declaration is not a use
		}
	}
}

// checkIDArgument fails t when call makes a message ID other than from a
// constant.
func checkIDArgument(t *testing.T, file string, call *ast.CallExpr) {
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		if fun.Name == "msgID" {
			t.Errorf("%s: msgID(…) makes an ID the catalog tests cannot see; declare a constant", file)
		}
	case *ast.SelectorExpr:
		switch fun.Sel.Name {
		case "text", "with", "count", "when", "localize":
			if len(call.Args) > 0 {
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					t.Errorf("%s: %s(%s): use a msgID constant", file, fun.Sel.Name, lit.Value)
				}
			}
		}
	}
}

// TestCatalogIsWhatTheCodeAsksFor: every message ID the code declares is
// in the English files, every English message is declared and used by the
// code, and no two constants name one message.
func TestCatalogIsWhatTheCodeAsksFor(t *testing.T) {
	ids, uses := msgIDConstants(t)
	english := localeMessages(t, localeFiles, "locales")[defaultLocale.String()]
	declared := map[string]string{}
	for name, id := range ids {
		if other, dup := declared[id]; dup {
			t.Errorf("%s and %s both name %s", name, other, id)
		}
		declared[id] = name
		if english[id] == nil {
			t.Errorf("%s = %q is not in the English files (locales/*.en.json)", name, id)
		}
		if uses[name] < 1 {
			t.Errorf("%s = %q is declared but never used", name, id)
		}
	}
	for id := range english {
		if _, ok := declared[id]; !ok {
			t.Errorf("message %q of the English files has no msgID constant: the code never asks for it", id)
		}
	}
}

// TestEnglishMessagesAreWellFormed: each English message parses as a
// template and has the "other" form every locale has.
func TestEnglishMessagesAreWellFormed(t *testing.T) {
	for id, m := range localeMessages(t, localeFiles, "locales")[defaultLocale.String()] {
		if m.Other == "" {
			t.Errorf("%s has no \"other\" form", id)
		}
		for form, text := range forms(m) {
			if _, err := placeholders(text); err != nil {
				t.Errorf("%s (%s): %v", id, form, err)
			}
		}
	}
}

// TestTranslationsKeepEveryMessage runs the translators' check on every
// locale the catalog has besides English: each has every English message,
// no message English does not have, an "other" form, and each message's
// placeholders exactly (none dropped, none invented). English alone runs
// it on nothing; TestTranslationCheckFindsMistakes shows it bites.
func TestTranslationsKeepEveryMessage(t *testing.T) {
	all := localeMessages(t, localeFiles, "locales")
	english := all[defaultLocale.String()]
	for locale, messages := range all {
		if locale == defaultLocale.String() {
			continue
		}
		t.Run(locale, func(t *testing.T) {
			for _, p := range checkTranslation(english, messages) {
				t.Error(p)
			}
		})
	}
}

// TestTranslationCheckFindsMistakes feeds the check a tiny test-only
// locale (testdata/locales/mistakes.en-XA.json) with one mistake of each
// kind, and a complete pseudo-translation of the English files, which
// passes.
func TestTranslationCheckFindsMistakes(t *testing.T) {
	english := localeMessages(t, localeFiles, "locales")[defaultLocale.String()]
	mistakes := localeMessages(t, os.DirFS("testdata"), "locales")["en-XA"]
	got := checkTranslation(english, mistakes)
	for i, p := range got {
		got[i], _, _ = strings.Cut(p, " (") // the parser's own words may change
	}
	want := []string{
		"count.people: has no \"other\" form",
		"invite.requestedBy: drops {{.Actor}}",
		"no.such.message: is not an English message",
		"refused.text: invents {{.Who}}",
		"summary.titled: does not parse",
	}
	for id := range english {
		if mistakes[id] == nil {
			want = append(want, id+": missing")
		}
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := checkTranslation(english, pseudoTranslation(english)); len(p) != 0 {
		t.Errorf("a complete translation has problems: %q", p)
	}
}

// checkTranslation lists what is wrong with a locale's messages against
// the English ones, sorted.
func checkTranslation(english, messages map[string]*i18n.Message) []string {
	var problems []string
	for id := range english {
		if messages[id] == nil {
			problems = append(problems, id+": missing")
		}
	}
	for id, m := range messages {
		en := english[id]
		if en == nil {
			problems = append(problems, id+": is not an English message")
			continue
		}
		if m.Other == "" {
			problems = append(problems, id+": has no \"other\" form")
		}
		want, _ := placeholdersOf(en)
		got, err := placeholdersOf(m)
		if err != nil {
			problems = append(problems, id+": does not parse ("+err.Error()+")")
			continue
		}
		for p := range want {
			if !got[p] {
				problems = append(problems, id+": drops {{."+p+"}}")
			}
		}
		for p := range got {
			if !want[p] {
				problems = append(problems, id+": invents {{."+p+"}}")
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// placeholdersOf is the placeholders all the forms of m use together.
func placeholdersOf(m *i18n.Message) (map[string]bool, error) {
	all := map[string]bool{}
	for _, text := range forms(m) {
		ps, err := placeholders(text)
		if err != nil {
			return nil, err
		}
		for p := range ps {
			all[p] = true
		}
	}
	return all, nil
}

// placeholders are the fields ({{.Name}}) a message's template reads.
func placeholders(text string) (map[string]bool, error) {
	tmpl, err := template.New("").Parse(text)
	if err != nil {
		return nil, err
	}
	found := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			found[n.Ident[0]] = true
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	if tmpl.Tree != nil {
		walk(tmpl.Tree.Root)
	}
	return found, nil
}

// pseudoTranslation is every English message in ⟦brackets⟧, placeholders
// kept: a complete translation.
func pseudoTranslation(english map[string]*i18n.Message) map[string]*i18n.Message {
	out := map[string]*i18n.Message{}
	for id, m := range english {
		p := *m
		for _, form := range []*string{&p.Zero, &p.One, &p.Two, &p.Few, &p.Many, &p.Other} {
			if *form != "" {
				*form = "⟦" + *form + "⟧"
			}
		}
		out[id] = &p
	}
	return out
}

// operatorWord is an environment variable's name, like ONBOARD_ADMINS:
// words for whoever runs Onboard, which mean nothing to the people who
// read its cards.
var operatorWord = regexp.MustCompile(`\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b`)

// TestPeopleNeverReadOperatorWords: no message of any locale names
// Onboard's configuration; cards say it in the reader's terms ("Onboard
// admins", "your organisation's domains").
func TestPeopleNeverReadOperatorWords(t *testing.T) {
	for locale, messages := range localeMessages(t, localeFiles, "locales") {
		for id, m := range messages {
			for form, text := range forms(m) {
				if w := operatorWord.FindString(text); w != "" {
					t.Errorf("%s %s (%s) names %s: say it in the reader's terms", locale, id, form, w)
				}
			}
		}
	}
}
