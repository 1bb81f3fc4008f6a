package playground

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

// The page's own words — the Chat stand-in's, not Onboard's (those come
// from Onboard's replies) — are go-i18n messages in locales/page.LOCALE.json,
// with named placeholders ({{.Names}}). Their zh-TW wording follows
// Onboard's glossary, cards/locales/glossary.zh-TW.tsv. Every message
// exists in every language with the same placeholders
// (TestEveryWordInEveryLanguage).
//
//go:embed locales/*.json
var localeFiles embed.FS

// languages the page speaks, in the order the switch shows them; each
// names itself (its languageName message). The language chosen is also
// the common.userLocale of every event the page sends, as Chat sends the
// person's own.
var languages = []pageLanguage{{Code: "en", HTMLLang: "en"}, {Code: "zh-TW", HTMLLang: "zh-Hant-TW"}}

// pageLanguage is a language as the page names it: Code in its links and
// events, HTMLLang in its markup.
type pageLanguage struct{ Code, HTMLLang string }

// pickLanguage is the language code asked for, or English.
func pickLanguage(code string) string {
	for _, l := range languages {
		if strings.EqualFold(code, l.Code) {
			return l.Code
		}
	}
	return "en"
}

// pageWords serves the page's messages in each of its languages. It is
// loaded once from the embedded files and only read afterwards; a file
// that does not load is a bug the tests catch, so it panics.
var pageWords = sync.OnceValue(func() map[string]*i18n.Localizer {
	words, err := loadWords(localeFiles, "locales")
	if err != nil {
		panic(err)
	}
	return words
})

// loadWords reads every *.json in dir of fsys and returns a localizer per
// language the page speaks; a message missing in one comes in English.
func loadWords(fsys fs.FS, dir string) (map[string]*i18n.Localizer, error) {
	bundle := i18n.NewBundle(language.English)
	files, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		if _, err := bundle.LoadMessageFileFS(fsys, name); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	out := map[string]*i18n.Localizer{}
	for _, l := range languages {
		out[l.Code] = i18n.NewLocalizer(bundle, l.Code)
	}
	return out, nil
}

// strictTemplates make a placeholder left unfilled an error rather than
// "<no value>" on the page.
var strictTemplates = &template.TextParser{Option: "missingkey=error"}

// tr is the message key in the language code lang, its placeholders
// filled from name/value pairs: tr("en", "groupChat", "Names", "Alice,
// Bob"). A message that cannot be produced shows its key, which the tests
// keep from happening.
func tr(lang, key string, named ...any) string {
	s, err := localize(lang, key, named...)
	if s == "" && err != nil {
		return key
	}
	return s
}

// localize is tr with the reason a message could not be produced.
func localize(lang, key string, named ...any) (string, error) {
	loc := pageWords()[pickLanguage(lang)]
	cfg := &i18n.LocalizeConfig{MessageID: key, TemplateParser: strictTemplates}
	if len(named) > 0 {
		if len(named)%2 != 0 {
			return "", fmt.Errorf("%s: placeholders %v are not name/value pairs", key, named)
		}
		data := map[string]any{}
		for i := 0; i < len(named); i += 2 {
			name, ok := named[i].(string)
			if !ok {
				return "", fmt.Errorf("%s: placeholder name %v is not a string", key, named[i])
			}
			data[name] = named[i+1]
		}
		cfg.TemplateData = data
	}
	return loc.Localize(cfg)
}
