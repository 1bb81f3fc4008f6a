package playground

import (
	"html/template"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// cardHTML draws card text as Chat does: Chat's HTML subset for cards —
// <b>, <i>, <u>, <s>, <font color>, <a href> and <br>
// (https://developers.google.com/workspace/chat/format-messages, "Format
// text in cards")
// — becomes markup; every other tag or comment is shown as the text it is,
// and every attribute but font's color and a's href is dropped. Tags are
// closed and nested properly whatever the input. Links open in a new tab,
// and only http, https and mailto links.
//
// Hand-written over golang.org/x/net/html's tokenizer (the parsing is the
// library's): the allowlist is seven tags, and a sanitiser such as
// bluemonday strips what it refuses, where the point here is to show it.
func cardHTML(s string) template.HTML {
	var b strings.Builder
	var open []string // allowed tags still open, innermost last
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken: // the end of the input
			for i := len(open) - 1; i >= 0; i-- {
				b.WriteString("</" + open[i] + ">")
			}
			return template.HTML(b.String()) // #nosec G203 -- built from escaped text and allowlisted tags
		case html.TextToken:
			b.WriteString(html.EscapeString(string(z.Text())))
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, ok := allowedStart(z)
			if !ok {
				b.WriteString(html.EscapeString(string(z.Raw())))
				continue
			}
			b.WriteString(tag.markup)
			if tag.name != "br" {
				open = append(open, tag.name)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			i := lastIndex(open, string(name))
			if i < 0 {
				if !cardTags[string(name)] {
					b.WriteString(html.EscapeString(string(z.Raw())))
				}
				continue // a stray end tag of an allowed element: nothing to close
			}
			for j := len(open) - 1; j >= i; j-- {
				b.WriteString("</" + open[j] + ">")
			}
			open = open[:i]
		default: // comments, doctypes
			b.WriteString(html.EscapeString(string(z.Raw())))
		}
	}
}

// cardTags are Chat's card HTML elements.
var cardTags = map[string]bool{"b": true, "i": true, "u": true, "s": true, "font": true, "a": true, "br": true}

type startTag struct{ name, markup string }

// allowedStart is the current start tag as safe markup, keeping only the
// attributes Chat documents (font's color, a's href) with safe values.
func allowedStart(z *html.Tokenizer) (startTag, bool) {
	raw, hasAttr := z.TagName()
	name := string(raw)
	if !cardTags[name] {
		return startTag{}, false
	}
	var attrs map[string]string
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		if attrs == nil {
			attrs = map[string]string{}
		}
		attrs[string(k)] = string(v)
	}
	switch name {
	case "font":
		if c := attrs["color"]; cssColor.MatchString(c) {
			return startTag{name, `<font color="` + c + `">`}, true
		}
		return startTag{name, "<font>"}, true
	case "a":
		if u, ok := safeLink(attrs["href"]); ok {
			return startTag{name, `<a href="` + html.EscapeString(u) + `" target="_blank" rel="noopener noreferrer">`}, true
		}
		return startTag{name, "<a>"}, true
	}
	return startTag{name, "<" + name + ">"}, true
}

// cssColor is a hex colour or a colour name: nothing that can leave the
// attribute or carry a URL.
var cssColor = regexp.MustCompile(`^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{1,20})$`)

// safeLink returns u when it is an absolute http, https or mailto URL.
func safeLink(u string) (string, bool) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return "", false
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		return p.String(), p.Host != ""
	case "mailto":
		return p.String(), true
	}
	return "", false
}

func lastIndex(stack []string, name string) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == name {
			return i
		}
	}
	return -1
}
