package cards

import (
	"regexp"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/onboard-chat/onboard/internal/glossary"
)

// terms reads locales/glossary.zh-TW.tsv, which lives beside the catalog
// so that translators read it where they work.
func terms(t *testing.T) []glossary.Term {
	t.Helper()
	terms, err := glossary.Load("locales/glossary.zh-TW.tsv")
	if err != nil {
		t.Fatal(err)
	}
	return terms
}

// glossaryMisses lists the messages of zh whose English reads a glossary
// term their translation lacks, sorted.
func glossaryMisses(terms []glossary.Term, english, zh map[string]*i18n.Message) []string {
	en, tr := map[string][]string{}, map[string]string{}
	for id, m := range english {
		for _, text := range forms(m) {
			en[id] = append(en[id], text)
		}
	}
	for id, m := range zh {
		tr[id] = m.Other
	}
	return glossary.Misses(terms, en, tr)
}

// simplifiedOnly are characters written only in Simplified Chinese, and
// wordings of mainland China where Taiwan (and Google's zh-TW interface)
// says something else: none belongs in a zh-TW card.
var simplifiedOnly = regexp.MustCompile(`[们这个为会说时发对员应设请错误览认户组织计划删码还没从将经过后无开关问题间页选择数条动态进处级权网络确换连结务传让给导录点击该么]|` +
	`信息|默認|用戶|賬戶|設置|網絡|鏈接|視頻|登錄|組織|群聊|私信|空間|文檔|激活|計劃`)

// TestZhTWUsesTheGlossary: each zh-TW message says a term the way the
// glossary (Google's zh-TW interface) does, is written in Traditional
// characters with Taiwan's wording, and quotes with 「」.
func TestZhTWUsesTheGlossary(t *testing.T) {
	all := localeMessages(t, localeFiles, "locales")
	zh := all["zh-TW"]
	if zh == nil {
		t.Fatal("no zh-TW messages: the catalog must have locales/AREA.zh-TW.json files")
	}
	for _, miss := range glossaryMisses(terms(t), all[defaultLocale.String()], zh) {
		t.Error(miss)
	}
	for id, m := range zh {
		for form, text := range forms(m) {
			if w := simplifiedOnly.FindString(text); w != "" {
				t.Errorf("%s (%s) has %q: write Taiwan's Traditional Chinese", id, form, w)
			}
			if strings.ContainsAny(glossary.Prose(text), "\"“”") {
				t.Errorf("%s (%s) quotes with \" or “”: use 「」", id, form)
			}
		}
	}
}

// TestGlossaryCheckBites: a translation that says a space another way is
// caught, one that uses 「聊天室」 is not, and a command or placeholder
// naming a term, a resource name or a setting as typed asks for
// nothing.
func TestGlossaryCheckBites(t *testing.T) {
	english := map[string]*i18n.Message{
		"a": {ID: "a", Other: "Added to the space"},
		"b": {ID: "b", Other: "Added to the space"},
		"c": {ID: "c", Other: "Type /invite {{.Space}}"},
		"d": {ID: "d", Other: "/settings spaces/AAAA invite=members"},
	}
	zh := map[string]*i18n.Message{
		"a": {ID: "a", Other: "已加入空間"},
		"b": {ID: "b", Other: "已加入聊天室"},
		"c": {ID: "c", Other: "輸入 /invite {{.Space}}"},
		"d": {ID: "d", Other: "/settings spaces/AAAA invite=members"},
	}
	got := glossaryMisses(terms(t), english, zh)
	if len(got) != 1 || !strings.HasPrefix(got[0], "a: says space without 「聊天室」") {
		t.Errorf("misses %q, want only a's", got)
	}
	if !simplifiedOnly.MatchString("这个聊天室") || simplifiedOnly.MatchString("這個聊天室") {
		t.Error("the Simplified check does not tell 这个 from 這個")
	}
}
