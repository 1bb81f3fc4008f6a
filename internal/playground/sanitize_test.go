package playground

import (
	"html"
	"os"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"
)

func TestCardHTML(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Alice & Bob", "Alice &amp; Bob"},
		{"allowed tags", "<b>b</b><i>i</i><u>u</u><s>s</s><br>", "<b>b</b><i>i</i><u>u</u><s>s</s><br>"},
		{"font colour", `<font color="#80e27e">ok</font>`, `<font color="#80e27e">ok</font>`},
		{"colour name", `<font color="red">ok</font>`, `<font color="red">ok</font>`},
		{"colour that is not one", `<font color="red;background:url(x)">x</font>`, `<font>x</font>`},
		{"link", `<a href="https://example.com/?a=1&amp;b=2">x</a>`,
			`<a href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">x</a>`},
		{"mailto", `<a href="mailto:a@example.com">x</a>`, `<a href="mailto:a@example.com" target="_blank" rel="noopener noreferrer">x</a>`},
		{"javascript link", `<a href="javascript:alert(1)">x</a>`, `<a>x</a>`},
		{"data link", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, `<a>x</a>`},
		{"relative link", `<a href="/playground/complete">x</a>`, `<a>x</a>`},
		{"event handler on an allowed tag", `<b onclick="alert(1)" style="x">b</b>`, `<b>b</b>`},
		{"script shown as text", `<script>alert(1)</script>`, `&lt;script&gt;alert(1)&lt;/script&gt;`},
		{"img shown as text", `<img src=x onerror=alert(1)>`, `&lt;img src=x onerror=alert(1)&gt;`},
		{"comment shown as text", `<!-- hi -->`, `&lt;!-- hi --&gt;`},
		{"escaped markup stays text", `&lt;img src=x onerror=alert(1)&gt;`, `&lt;img src=x onerror=alert(1)&gt;`},
		{"unclosed tags are closed", `<b><i>x`, `<b><i>x</i></b>`},
		{"misnested tags are closed in order", `<b><i>x</b>y</i>`, `<b><i>x</i></b>y`},
		{"stray end tag", `x</b>`, `x`},
		{"end tag of something else shown", `x</div>`, `x&lt;/div&gt;`},
		{"attribute breaking out", `<font color='"><script>alert(1)</script>'>x</font>`, `<font>x</font>`},
		{"strong is not Chat's", `<strong>x</strong>`, `&lt;strong&gt;x&lt;/strong&gt;`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(cardHTML(tc.in)); got != tc.want {
				t.Errorf("cardHTML(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
		})
	}
}

// hostileNames are display names a person could choose.
var hostileNames = []string{
	`<img src=x onerror=alert(1)>`,
	`"><script>alert(1)</script>`,
	`<a href="javascript:alert(1)">Alice</a>`,
	`<svg/onload=alert(1)>`,
	`</textarea><iframe src=//evil.example>`,
}

// A hostile display name in one of Onboard's real cards never becomes
// markup: not when cards escapes it, and not even if it ever forgot to.
func TestHostileDisplayNameIsNeverMarkup(t *testing.T) {
	golden, err := os.ReadFile("../../cards/testdata/invite-mixed.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	w := world(t)
	for _, name := range hostileNames {
		for i, form := range []string{html.EscapeString(name), jsonEscape(name)} {
			raw := strings.ReplaceAll(string(golden), "Alice Ng", form)
			doc := draw(t, w, raw)
			assertInert(t, doc)
			if i == 0 && !strings.Contains(textOf(doc), strings.Join(strings.Fields(name), " ")) {
				t.Errorf("escaped name %q is not shown as the text it is", name)
			}
		}
	}
}

// A hostile display name in a person's own message, a dialog and the
// side panel stays text too.
func TestHostileDisplayNameInMessagesAndPanels(t *testing.T) {
	w := world(t)
	for _, name := range hostileNames {
		w.Users[1].DisplayName = name
		r := bind("en", w, "spaces/AAAAonbrd01", "users/111111111111111111111")
		out, err := r.entry(entry{ID: "m1", Rev: 1, Author: w.Users[1], Text: "@" + name + " hi", Mentions: []span{{0, len([]rune(name)) + 1}}})
		if err != nil {
			t.Fatal(err)
		}
		members, err := r.exec("members", []memberView{{Name: name, Email: "alice@example.com"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{out, members} {
			doc, err := nethtml.Parse(strings.NewReader(s))
			if err != nil {
				t.Fatal(err)
			}
			assertInert(t, doc)
			if !strings.Contains(textOf(doc), strings.Join(strings.Fields(name), " ")) {
				t.Errorf("name %q not shown as text in %s", name, s)
			}
		}
	}
}

// assertInert fails if doc has an element no card draws, an event
// handler, or a javascript: URL.
func assertInert(t *testing.T, doc *nethtml.Node) {
	t.Helper()
	for _, n := range findAll(doc, func(*nethtml.Node) bool { return true }) {
		switch n.Data {
		case "script", "img", "svg", "iframe", "object", "embed", "style":
			t.Errorf("a <%s> element was drawn", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") {
				t.Errorf("<%s %s=%q> was drawn", n.Data, a.Key, a.Val)
			}
		}
	}
}

// jsonEscape is s inside a JSON string literal, unescaped as HTML: what a
// card would hold had it not escaped the name.
func jsonEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return r.Replace(s)
}

func FuzzCardHTML(f *testing.F) {
	for _, s := range append(hostileNames, "<b>x</b>", `<a href="https://e.com">x`, "<font color=red>") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := nethtml.Parse(strings.NewReader(string(cardHTML(s))))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range findAll(doc, func(*nethtml.Node) bool { return true }) {
			switch n.Data {
			case "html", "head", "body", "b", "i", "u", "s", "font", "a", "br":
			default:
				t.Fatalf("cardHTML(%q) drew <%s>", s, n.Data)
			}
			for _, a := range n.Attr {
				if !(n.Data == "font" && a.Key == "color" || n.Data == "a" && (a.Key == "href" || a.Key == "target" || a.Key == "rel")) {
					t.Fatalf("cardHTML(%q) drew <%s %s>", s, n.Data, a.Key)
				}
				if a.Key == "href" && !strings.HasPrefix(a.Val, "http") && !strings.HasPrefix(a.Val, "mailto:") {
					t.Fatalf("cardHTML(%q) drew href %q", s, a.Val)
				}
			}
		}
	})
}
