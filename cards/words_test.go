package cards

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

// constantsOf reads package bot's source for the constants of type typ, so
// that a constant added to bot without words here fails these tests (bot
// lists its Outcomes but not its Reasons).
func constantsOf(t *testing.T, typ string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "bot", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typ {
					continue
				}
				for _, v := range vs.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						values = append(values, s)
					}
				}
			}
		}
	}
	if len(values) == 0 {
		t.Fatalf("found no %s constants in ../bot", typ)
	}
	return values
}

func allReasons(t *testing.T) []bot.Reason {
	var rs []bot.Reason
	for _, s := range constantsOf(t, "Reason") {
		rs = append(rs, bot.Reason(s))
	}
	return rs
}

// TestEveryOutcomeHasWords: each Outcome constant is in bot.Outcomes and
// has a label, counts and an icon of its own.
func TestEveryOutcomeHasWords(t *testing.T) {
	listed := map[bot.Outcome]bool{}
	for _, o := range bot.Outcomes {
		listed[o] = true
	}
	en := english(t)
	for _, s := range constantsOf(t, "Outcome") {
		o := bot.Outcome(s)
		t.Run(s, func(t *testing.T) {
			if !listed[o] {
				t.Errorf("%q is not in bot.Outcomes", o)
			}
			for _, more := range []bool{false, true} {
				if countID(adding, o, more) == "" {
					t.Errorf("%q (more %v) has no count", o, more)
				}
			}
			if en.outcomeLabel(o) == "" || outcomeIcon(o) == outcomeIcon("") {
				t.Errorf("%q: label %q, icon %q; want words and an icon of its own", o, en.outcomeLabel(o), outcomeIcon(o))
			}
		})
	}
}

// TestEveryReasonHasWords: each Reason constant says why in words.
func TestEveryReasonHasWords(t *testing.T) {
	en := english(t)
	for _, r := range allReasons(t) {
		t.Run(string(r), func(t *testing.T) {
			if en.reasonWhy(r) == "" {
				t.Errorf("reasonWhy(%q) is empty; add its words to words.go", r)
			}
		})
	}
}

// TestOutcomePhrases pins the words users read, as the product asks.
func TestOutcomePhrases(t *testing.T) {
	tests := []struct {
		o    bot.Outcome
		r    bot.Reason
		want string
	}{
		{bot.Joined, "", "Added"},
		{bot.Invited, "", "Invited — must accept (Onboard cannot see when they do)"},
		{bot.Already, "", "Already a member or invited"},
		{bot.NotAdded, bot.ReasonExternal, "Not added — Onboard can't add people outside your organisation with its own access. Whoever may add people to this space can add them in Chat, with Add people"},
		{bot.NotAdded, bot.ReasonNotFound, "Not added — no one with that address in the organisation. Check the spelling; if it is a Google Group, write group:ADDRESS"},
		{bot.NotAdded, bot.ReasonAppNotInSpace, "Not added — Onboard is not a member of this space. Add Onboard to the space, then try again"},
		{bot.NotAdded, bot.ReasonNotApproved, "Not added — a Workspace admin has not yet approved Onboard's app authentication. A super administrator approves it once in the Admin console: Apps › Google Workspace Marketplace apps › Onboard › Data access › Grant access"},
		{bot.NotAdded, bot.ReasonRateLimited, "Not added — Google Chat's limit on adding people was reached. Try again in a minute"},
		{bot.NotAdded, bot.ReasonAPIError, "Not added — Google Chat returned an error. Try again; if it persists, tell your Onboard administrator"},
		{bot.NotAdded, "", "Not added — Google Chat returned an error. Try again; if it persists, tell your Onboard administrator"},
		{bot.Skipped, bot.ReasonInvoker, "Skipped — that's you"},
		{bot.Skipped, bot.ReasonApp, "Skipped — Onboard is already here"},
		{bot.Skipped, bot.ReasonDuplicate, "Skipped — named more than once"},
		{bot.Skipped, bot.ReasonUnrecognised, "Skipped — not an @mention or an email address"},
		{bot.Refused, bot.ReasonPolicy, "Not allowed — your role can't invite people to this space"},
		{bot.Pending, "", "Waiting"},
		{bot.Cancelled, bot.ReasonByRequester, "Cancelled — by the person who asked"},
		{bot.Cancelled, bot.ReasonAppRemoved, "Cancelled — Onboard was removed from the space"},
		{bot.Removed, "", "Removed"},
		{bot.Refused, bot.ReasonDomain, "Not allowed — their address's domain is not allowed in this space. A space manager can allow it with /settings"},
		{bot.NotAdded, bot.ReasonDomain, "Not added — their address's domain is not allowed in this space. A space manager can allow it with /settings"},
		{bot.Refused, bot.ReasonPaused, "Not allowed — Onboard is paused by its admins. No one will be added or removed until an Onboard admin runs /resume"},
		{bot.Refused, bot.ReasonNotAllowed, "Not allowed — Onboard is not allowed to act in this space. Ask your Onboard administrator to allow this space"},
		{bot.Refused, bot.ReasonPlansOff, "Not allowed — this space's managers don't let plans add people here. A space manager can add them, or allow plans with /settings plans=on"},
		{bot.NotAdded, bot.ReasonNotRemoved, "Not added — Chat does not let apps remove space managers in spaces they did not create, or the last manager. Ask a space owner to remove them in Chat"},
	}
	en := english(t)
	for _, tt := range tests {
		t.Run(string(tt.o)+"/"+string(tt.r), func(t *testing.T) {
			if got := en.outcomePhrase(tt.o, tt.r); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestRefusalWords: every refusal says something specific, and too_many
// says exactly what the product asks.
func TestRefusalWords(t *testing.T) {
	en := english(t)
	_, fallback := en.refusalWords(bot.Refusal{Reason: "mystery"}, "")
	for _, r := range []bot.Reason{bot.ReasonPolicy, bot.ReasonNotMember, bot.ReasonTooMany,
		bot.ReasonNoSpace, bot.ReasonSpaceType, bot.ReasonNoPeople, bot.ReasonDomain, bot.ReasonPaused,
		bot.ReasonNotAllowed, bot.ReasonRateLimit, bot.ReasonPlansOff, bot.ReasonNotRemoved} {
		if _, short := en.refusalWords(bot.Refusal{Reason: r}, "Team"); short == fallback {
			t.Errorf("refusal %q has no words of its own", r)
		}
	}
	paras, _ := en.refusalWords(bot.Refusal{Reason: bot.ReasonTooMany, Limit: 20, Count: 27}, "")
	if want := "At most 20 people per command; you named 27. Nothing was done — split the list."; paras[0] != want {
		t.Errorf("too many: got %q, want %q", paras[0], want)
	}
}

// TestDomainRowNamesTheDomain: a person refused for their domain reads
// "partner.org is not an allowed domain in this space", the domain shown
// escaped and as typed (not capitalised).
func TestDomainRowNamesTheDomain(t *testing.T) {
	tests := []struct {
		email, want string
	}{
		{"dave@partner.org", "partner.org is not an allowed domain in this space. A space manager can allow it with /settings"},
		{"x@<b>.org", "&lt;b&gt;.org is not an allowed domain in this space. A space manager can allow it with /settings"},
		{"", "Their address's domain is not allowed in this space. A space manager can allow it with /settings"},
	}
	for _, tt := range tests {
		looks := rowLooks{wd: english(t)}
		d := looks.row(bot.PersonResult{Target: bot.Target{Email: tt.email}, Outcome: bot.Refused, Reason: bot.ReasonDomain})
		if d.BottomLabel != tt.want {
			t.Errorf("%q: got  %q\nwant %q", tt.email, d.BottomLabel, tt.want)
		}
	}
}
