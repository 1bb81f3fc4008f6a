package cards

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// reasonsUnder reads bot's Reason constants declared under a comment that
// contains marker (the groups in outcome.go: "Outcome Cancelled",
// "a reply's Problem"), so that a reason added there without words here fails.
func reasonsUnder(t *testing.T, marker string) []bot.Reason {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "bot", "outcome.go"), nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var out []bot.Reason
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		in := false
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if vs.Doc != nil {
				in = strings.Contains(vs.Doc.Text(), marker)
			}
			if id, ok := vs.Type.(*ast.Ident); !in || !ok || id.Name != "Reason" {
				continue
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					out = append(out, bot.Reason(s))
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("found no Reason constants under %q in ../bot/outcome.go", marker)
	}
	return out
}

// TestEveryProblemHasWords: each reason a request can fail for explains
// itself with words of its own, in the card and in the plain text.
func TestEveryProblemHasWords(t *testing.T) {
	en := english(t)
	for _, r := range reasonsUnder(t, "a reply's Problem") {
		t.Run(string(r), func(t *testing.T) {
			if _, _, known := en.problemWords(r, "engineering"); !known || en.problemWhy(r) == "" {
				t.Errorf("%q has no words of its own; add them to words_plans.go and the catalog", r)
			}
			if _, text := problemCard(en, cardPlan, r, ""); !strings.Contains(text, en.problemWhy(r)) {
				t.Errorf("text %q does not say why", text)
			}
		})
	}
}

// TestEveryCancellationHasWords: a cancelled person's row says by whom.
func TestEveryCancellationHasWords(t *testing.T) {
	seen := map[string]bot.Reason{}
	en := english(t)
	for _, r := range reasonsUnder(t, "Outcome Cancelled") {
		d := en.outcomeDetail(bot.Cancelled, r)
		if d == "" {
			t.Errorf("cancelled/%s has no words; add them to words_jobs.go", r)
		}
		if other, dup := seen[d]; dup {
			t.Errorf("cancelled/%s reads like cancelled/%s: %q", r, other, d)
		}
		seen[d] = r
	}
}

// TestSkipWords pins how a skipped space reads, for every reason bot may
// give (SpaceSkip.Reason, and any reason a failed look-up maps to).
func TestSkipWords(t *testing.T) {
	tests := []struct {
		r    bot.Reason
		want string
	}{
		{bot.ReasonPolicy, "Skipped <b>Finance</b> — you can't invite there (only owners and managers)"},
		{bot.ReasonNotMember, "Skipped <b>Finance</b> — you are not a member"},
		{bot.ReasonAppNotInSpace, "Skipped <b>Finance</b> — Onboard is not a member"},
		{bot.ReasonSpaceType, "Skipped <b>Finance</b> — people can't be added to a direct message"},
		{bot.ReasonNotFound, "Skipped <b>Finance</b> — Google Chat has no such space"},
		{bot.ReasonRateLimited, "Skipped <b>Finance</b> — Google Chat's limit on adding people was reached"},
		{"mystery", "Skipped <b>Finance</b> — Google Chat returned an error"},
	}
	en := english(t)
	for _, tt := range tests {
		if got := en.skipWords("Finance", tt.r); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.r, got, tt.want)
		}
	}
}

// TestAboutDuration: the time left, rounded the way people say it.
func TestAboutDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, ""},
		{-time.Second, ""},
		{20 * time.Second, "less than a minute"},
		{time.Minute, "about 1 min"},
		{89 * time.Second, "about 1 min"},
		{130 * time.Second, "about 2 min"},
		{9*time.Minute + 40*time.Second, "about 10 min"},
		{23 * time.Minute, "about 25 min"},
		{57 * time.Minute, "about 55 min"},
		{58 * time.Minute, "about 1 h"},
		{80 * time.Minute, "about 1 h 20 min"},
		{9*time.Hour + 50*time.Minute, "about 9 h 50 min"},
		{9*time.Hour + 57*time.Minute, "about 10 h"},
		{26*time.Hour + 10*time.Minute, "about 26 h"},
	}
	en := english(t)
	for _, tt := range tests {
		if got := en.aboutDuration(tt.d); got != tt.want {
			t.Errorf("aboutDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestJobWords pins the lines the product asks for.
func TestJobWords(t *testing.T) {
	created := time.Date(2026, 11, 27, 21, 55, 0, 0, time.FixedZone("CET", 3600))
	en := english(t)
	tests := []struct{ got, want string }{
		{en.workingWords(3, 1, 2*time.Minute), "Adding 3 people to 1 space. It should take about 2 min. " +
			"Onboard will post progress in this space and update it until done."},
		{en.workingWords(1, 4, 0), "Adding 1 person to 4 spaces. Onboard will post progress in this space and update it until done."},
		{en.progressLine(12, 480, 2*time.Minute, false), "12 of 480 done · about 2 min left"},
		{en.progressLine(480, 480, 2*time.Minute, true), "480 of 480 done"},
		{en.progressLine(12, 480, 0, false), "12 of 480 done"},
		{en.jobLine(created, "Platform Team", 12, 480, 3, 0), "27 Nov 20:55 UTC · Platform Team · 12 of 480 done (3 not added)"},
		{en.jobLine(time.Time{}, "<b>", 1, 2, 0, 1), "&lt;b&gt; · 1 of 2 done (1 cancelled)"},
		{en.jobLine(time.Time{}, "x", 5, 9, 2, 1), "x · 5 of 9 done (2 not added · 1 cancelled)"},
		{en.spacesSubtitle(3, 1, "Sam"), "3 spaces · 1 skipped · requested by Sam"},
		{en.spacesSubtitle(0, 2, ""), "2 spaces skipped"},
		{en.count(idMoreJobs, 1, nil), "and 1 more job"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got  %q\nwant %q", tt.got, tt.want)
		}
	}
}
