package playground

import (
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/onboard-chat/onboard/internal/glossary"
)

// pageMessages are the messages of each language's file, by message ID.
func pageMessages(t *testing.T) map[string]map[string]*i18n.Message {
	t.Helper()
	out := map[string]map[string]*i18n.Message{}
	files, err := fs.Glob(localeFiles, "locales/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		b, err := fs.ReadFile(localeFiles, name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := i18n.ParseMessageFileBytes(b, name, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		code := f.Tag.String()
		if out[code] == nil {
			out[code] = map[string]*i18n.Message{}
		}
		for _, m := range f.Messages {
			out[code][m.ID] = m
		}
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// The page's words exist in every language it offers, each with the
// English message's placeholders — none dropped, none invented — and
// every one of them can be shown.
func TestEveryWordInEveryLanguage(t *testing.T) {
	all := pageMessages(t)
	english := all["en"]
	if len(english) == 0 {
		t.Fatal("no English words")
	}
	for code := range all {
		if pickLanguage(code) != code {
			t.Errorf("there are words for %s, which the language switch does not offer", code)
		}
	}
	for _, l := range languages {
		msgs := all[l.Code]
		for id := range english {
			if msgs[id] == nil {
				t.Errorf("%s has no %q", l.Code, id)
			}
		}
		for id := range msgs {
			if english[id] == nil {
				t.Errorf("%s has %q, which English does not", l.Code, id)
			}
		}
		for id, en := range english {
			// Each placeholder is filled with its own marker, which must
			// show; one the English does not have fails to fill.
			var named []any
			for _, m := range placeholder.FindAllStringSubmatch(en.Other, -1) {
				named = append(named, m[1], "⟨"+m[1]+"⟩")
			}
			got, err := localize(l.Code, id, named...)
			if err != nil {
				t.Errorf("%s %s: %v", l.Code, id, err)
				continue
			}
			for i := 1; i < len(named); i += 2 {
				if !strings.Contains(got, named[i].(string)) {
					t.Errorf("%s %s drops {{.%s}}: %q", l.Code, id, named[i-1], got)
				}
			}
		}
	}
}

// The check above bites: a placeholder a message does not have is an
// error, never "<no value>", and tr shows the key rather than nothing.
func TestMissingWordsShowTheirKey(t *testing.T) {
	if _, err := localize("zh-TW", "unsupported"); err == nil {
		t.Error("a placeholder left unfilled is not an error")
	}
	if got := tr("zh-TW", "noSuchWord"); got != "noSuchWord" {
		t.Errorf("an unknown word reads %q", got)
	}
	if got := tr("zh-TW", "groupChat", "Names"); got != "groupChat" {
		t.Errorf("an odd name/value list reads %q", got)
	}
}

// Each zh-TW word says a term the way Onboard's glossary (Google Chat's
// zh-TW interface) does: a space is 「聊天室」, a member 「成員」 …
func TestZhTWWordsUseTheGlossary(t *testing.T) {
	terms, err := glossary.Load("../../cards/locales/glossary.zh-TW.tsv")
	if err != nil {
		t.Fatal(err)
	}
	all := pageMessages(t)
	en, zh := map[string][]string{}, map[string]string{}
	for id, m := range all["en"] {
		en[id] = []string{m.Other}
	}
	for id, m := range all["zh-TW"] {
		zh[id] = m.Other
	}
	for _, miss := range glossary.Misses(terms, en, zh) {
		t.Error(miss)
	}
}

// A person who picks zh-TW reads the page in it: its own words, the
// language switch naming each language in itself, and a mistyped @name
// explained in Chinese.
func TestPageInTraditionalChinese(t *testing.T) {
	h := newHarness(t)
	resp, err := http.Get(h.url + "/playground?as=sam&space=" + platform + "&lang=zh-TW")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	page := plainText(string(b))
	for _, want := range []string{"Onboard 體驗區", "聊天室", "傳送", "成員", "English", "中文（台灣）", "與 Onboard 的即時訊息"} {
		if !strings.Contains(page, want) {
			t.Errorf("the zh-TW page lacks %q:\n%s", want, page)
		}
	}
	for _, english := range []string{"Send", "Members", "Spaces"} {
		if strings.Contains(page, english) {
			t.Errorf("the zh-TW page says %q", english)
		}
	}
	code, out := h.post("/playground/api/send", sendRequest{As: "sam", Space: platform, Text: "/invite @nobody", Lang: "zh-TW"})
	if code != http.StatusBadRequest || !strings.HasPrefix(out.Message, "示範中沒有名為「nobody」的使用者。試試：sam、") {
		t.Errorf("got %d %q, want it said in zh-TW", code, out.Message)
	}
}
