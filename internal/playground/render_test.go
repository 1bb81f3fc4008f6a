package playground

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

func world(t *testing.T) *chatfake.World {
	t.Helper()
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// draw renders an Onboard message as sam sees it in Platform Team and
// parses the result.
func draw(t *testing.T, w *chatfake.World, raw string) *html.Node {
	t.Helper()
	var m message
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	out, err := bind("en", w, "spaces/AAAAonbrd01", "users/111111111111111111111").
		entry(entry{ID: "m1", Rev: 1, Space: "spaces/AAAAonbrd01", At: time.Now(), Msg: &m, Raw: json.RawMessage(raw)})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Every card Onboard sends (each golden reply in cards/testdata) is drawn
// whole: one drawn widget per widget sent, none a placeholder, and every
// title, label, button and input is on the page.
func TestEveryOnboardCardIsDrawn(t *testing.T) {
	w := world(t)
	files, err := filepath.Glob("../../cards/testdata/*.golden.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cards found: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := draw(t, w, string(raw))
			if n := findAll(doc, hasClass("w-unsupported")); len(n) > 0 {
				t.Errorf("drawn as unsupported: %s", textOf(n[0]))
			}
			var m message
			_ = json.Unmarshal(raw, &m)
			sent := 0
			for _, c := range m.CardsV2 {
				for _, s := range c.Card.Sections {
					sent += len(s.Widgets)
					for _, wd := range s.Widgets {
						checkWidgetDrawn(t, doc, wd)
					}
				}
				if c.Card.Header != nil && !strings.Contains(textOf(doc), c.Card.Header.Title) {
					t.Errorf("header title %q not on the page", c.Card.Header.Title)
				}
			}
			if got := len(findAll(doc, hasClass("w"))); got != sent {
				t.Errorf("drew %d widgets, Onboard sent %d", got, sent)
			}
		})
	}
}

func checkWidgetDrawn(t *testing.T, doc *html.Node, wd widget) {
	t.Helper()
	page := textOf(doc)
	switch {
	case wd.DecoratedText != nil:
		for _, s := range []string{wd.DecoratedText.TopLabel, plainText(wd.DecoratedText.Text), wd.DecoratedText.BottomLabel} {
			if !strings.Contains(page, plainText(s)) {
				t.Errorf("decoratedText part %q not on the page", s)
			}
		}
	case wd.ButtonList != nil:
		for _, b := range wd.ButtonList.Buttons {
			if len(findAll(doc, func(n *html.Node) bool {
				return (n.Data == "button" || n.Data == "a") && textOf(n) == b.Text && attr(n, "disabled") == ""
			})) == 0 {
				t.Errorf("no working button %q", b.Text)
			}
		}
	case wd.TextInput != nil:
		if len(findAll(doc, func(n *html.Node) bool { return attr(n, "name") == wd.TextInput.Name })) != 1 {
			t.Errorf("no input named %q", wd.TextInput.Name)
		}
	case wd.SelectionInput != nil:
		s := wd.SelectionInput
		got := findAll(doc, func(n *html.Node) bool {
			return (n.Data == "option" || n.Data == "input") && attr(n, "name") == s.Name ||
				n.Data == "option" && n.Parent != nil && attr(n.Parent, "name") == s.Name
		})
		if len(got) != len(s.Items) {
			t.Errorf("selection %q: %d choices drawn, %d sent", s.Name, len(got), len(s.Items))
		}
	}
}

// A card with every widget the playground draws, as Chat draws it.
func TestWidgets(t *testing.T) {
	w := world(t)
	doc := draw(t, w, `{"text":"hello","cardsV2":[{"cardId":"c","card":{
	  "header":{"title":"Title","subtitle":"Sub"},
	  "sections":[
	    {"header":"<b>Bold</b> header","widgets":[
	      {"textParagraph":{"text":"a <b>b</b> <i>i</i> <u>u</u> <s>s</s> <font color=\"#ff0000\">red</font> <a href=\"https://example.com/x\">link</a><br>next"}},
	      {"decoratedText":{"topLabel":"Top","text":"Main","bottomLabel":"Bottom","startIcon":{"materialIcon":{"name":"check_circle"},"altText":"Done"},"wrapText":true}},
	      {"decoratedText":{"text":"Known","startIcon":{"knownIcon":"PERSON"}}},
	      {"decoratedText":{"text":"Odd icon","startIcon":{"materialIcon":{"name":"rocket_launch"}}}},
	      {"buttonList":{"buttons":[
	        {"text":"Undo","onClick":{"action":{"function":"undo","parameters":[{"key":"batch","value":"b1"}]}}},
	        {"text":"Open","onClick":{"action":{"function":"open","interaction":"OPEN_DIALOG"}}},
	        {"text":"Docs","onClick":{"openLink":{"url":"https://example.com/docs"}}},
	        {"text":"Evil","onClick":{"openLink":{"url":"javascript:alert(1)"}}},
	        {"text":"Overflow","onClick":{"overflowMenu":{}}}]}},
	      {"divider":{}},
	      {"textInput":{"name":"one","label":"One line","hintText":"hint","value":"v"}},
	      {"textInput":{"name":"many","label":"Many lines","type":"MULTIPLE_LINE"}},
	      {"selectionInput":{"name":"dd","label":"Dropdown","type":"DROPDOWN","items":[{"text":"A","value":"a"},{"text":"B","value":"b","selected":true}]}},
	      {"selectionInput":{"name":"rb","label":"Radio","type":"RADIO_BUTTON","items":[{"text":"A","value":"a"}]}},
	      {"selectionInput":{"name":"cb","label":"Check","type":"CHECK_BOX","items":[{"text":"A","value":"a"}]}},
	      {"selectionInput":{"name":"sw","label":"Switch","type":"SWITCH","items":[{"text":"A","value":"a"}]}},
	      {"selectionInput":{"name":"ms","label":"Multi","type":"MULTI_SELECT","items":[{"text":"A","value":"a"},{"text":"B","value":"b"}]}},
	      {"selectionInput":{"name":"people","label":"People","type":"MULTI_SELECT","platformDataSource":{"commonDataSource":"USER"}}},
	      {"selectionInput":{"name":"space","label":"Space","type":"MULTI_SELECT","platformDataSource":{"hostAppDataSource":{"chatDataSource":{"spaceDataSource":{"defaultToCurrentSpace":true}}}}}}
	    ]},
	    {"header":"More","collapsible":true,"uncollapsibleWidgetsCount":1,"widgets":[
	      {"textParagraph":{"text":"always shown"}},{"textParagraph":{"text":"behind show more"}}]}
	  ]}}]}`)

	expect := func(what string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s: not drawn as expected", what)
		}
	}
	one := func(f func(*html.Node) bool) *html.Node {
		t.Helper()
		n := findAll(doc, f)
		if len(n) != 1 {
			t.Fatalf("found %d, want 1", len(n))
		}
		return n[0]
	}
	expect("header title and subtitle", textOf(one(hasClass("card-title"))) == "Title" && textOf(one(hasClass("card-subtitle"))) == "Sub")
	expect("section header markup", len(findAll(findAll(doc, hasClass("section-header"))[0], tag("b"))) == 1)
	para := findAll(doc, hasClass("w-text"))[0]
	for _, tg := range []string{"b", "i", "u", "s", "font", "a", "br"} {
		expect("textParagraph <"+tg+">", len(findAll(para, tag(tg))) == 1)
	}
	expect("font color", attr(findAll(para, tag("font"))[0], "color") == "#ff0000")
	link := findAll(para, tag("a"))[0]
	expect("link opens in a new tab", attr(link, "href") == "https://example.com/x" && attr(link, "target") == "_blank")
	dt := findAll(doc, hasClass("w-decorated"))
	expect("decoratedText labels", textOf(one(hasClass("dt-top"))) == "Top" && textOf(one(hasClass("dt-bottom"))) == "Bottom")
	expect("material icon glyph", attr(findAll(dt[0], hasClass("glyph"))[0], "aria-label") == "Done")
	expect("known icon glyph", len(findAll(dt[1], hasClass("glyph"))) == 1)
	expect("unknown icon shows its name", textOf(findAll(dt[2], hasClass("glyph-name"))[0]) == "rocket_launch")
	undo := one(func(n *html.Node) bool { return n.Data == "button" && textOf(n) == "Undo" })
	var act action
	expect("action button carries its action", json.Unmarshal([]byte(attr(undo, "data-card-action")), &act) == nil &&
		act.Function == "undo" && len(act.Parameters) == 1 && act.Parameters[0].Value == "b1")
	open := one(func(n *html.Node) bool { return n.Data == "button" && textOf(n) == "Open" })
	expect("OPEN_DIALOG kept", strings.Contains(attr(open, "data-card-action"), `"interaction":"OPEN_DIALOG"`))
	docs := one(func(n *html.Node) bool { return n.Data == "a" && textOf(n) == "Docs" })
	expect("openLink is a link", attr(docs, "href") == "https://example.com/docs" && attr(docs, "target") == "_blank")
	evil := one(func(n *html.Node) bool { return textOf(n) == "Evil" && (n.Data == "a" || n.Data == "button") })
	expect("javascript: link is a dead button", evil.Data == "button" && hasAttr(evil, "disabled"))
	over := one(func(n *html.Node) bool { return n.Data == "button" && textOf(n) == "Overflow" })
	expect("unsupported onClick is a dead button saying why", hasAttr(over, "disabled") && strings.Contains(attr(over, "title"), "overflowMenu"))
	expect("divider", len(findAll(doc, hasClass("w-divider"))) == 1)
	expect("single-line input keeps its value", attr(one(named("one")), "value") == "v")
	expect("multi-line input", one(named("many")).Data == "textarea")
	dd := one(named("dd"))
	expect("dropdown", dd.Data == "select" && len(findAll(dd, tag("option"))) == 2 && hasAttr(findAll(dd, tag("option"))[1], "selected"))
	expect("radio", attr(one(named("rb")), "type") == "radio")
	expect("checkbox", attr(one(named("cb")), "type") == "checkbox")
	expect("switch", attr(one(named("sw")), "type") == "checkbox" && len(findAll(doc, hasClass("sel-switch"))) == 1)
	expect("multi-select", len(findAll(doc, named("ms"))) == 2)
	people := findAll(doc, named("people"))
	var values []string
	for _, n := range people {
		values = append(values, attr(n, "value"))
	}
	// The organisation's people only: erin@partner.test is not offered.
	expect("people picker over the world's people", strings.Join(values, " ") ==
		"users/111111111111111111111 users/222222222222222222222 users/333333333333333333333 users/444444444444444444444 users/555555555555555555555")
	spaces := findAll(doc, named("space"))
	expect("space picker over named spaces, starting on this one", len(spaces) == 5 &&
		attr(spaces[0], "value") == "spaces/AAAAonbrd01" && hasAttr(spaces[0], "checked") && !hasAttr(spaces[1], "checked"))
	more := one(tag("details"))
	expect("collapsible section shows the first widgets and hides the rest", strings.Contains(textOf(more), "behind show more") &&
		!strings.Contains(textOf(more), "always shown"))
}

// A widget the playground does not know is drawn as a visible placeholder
// naming it, never silently left out.
func TestUnknownWidgetIsAPlaceholder(t *testing.T) {
	doc := draw(t, world(t), `{"cardsV2":[{"card":{"sections":[{"widgets":[
	  {"image":{"imageUrl":"https://example.com/a.png"}},
	  {"grid":{},"horizontalAlignment":"CENTER"},
	  {},
	  {"textParagraph":"not an object"},
	  {"textParagraph":{"text":"fine"}}]}]}}]}`)
	var got []string
	for _, n := range findAll(doc, hasClass("w-unsupported")) {
		got = append(got, textOf(n))
	}
	want := []string{"unsupported widget: image", "unsupported widget: grid", "unsupported widget: (empty)",
		"unsupported widget: textParagraph (unreadable)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("placeholders:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(textOf(doc), "fine") {
		t.Error("the known widget after them is missing")
	}
}

// --- HTML helpers

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ") // elements part words, as the page lays them out
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// plainText is card HTML as a reader sees it.
func plainText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	return textOf(doc)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasClass(c string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		for _, f := range strings.Fields(attr(n, "class")) {
			if f == c {
				return true
			}
		}
		return false
	}
}

func tag(name string) func(*html.Node) bool { return func(n *html.Node) bool { return n.Data == name } }

func named(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "name") == name && n.Data != "fieldset" }
}
