package cards

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"

	"github.com/onboard-chat/onboard/bot"
)

// The message catalog: every sentence, label, title, button text, unit and
// list separator a card shows is a message in locales/, found by its
// msgID. A locale's messages may be split into several files by area,
// named AREA.LOCALE.json (common.en.json, jobs.en.json …): go-i18n reads
// the locale from the name. A message is text/template text with named
// placeholders ({{.Space}}) and, where a count is involved, CLDR plural
// forms ("one", "other" …).
//
// Templates do not escape (they are text/template): a placeholder that
// carries user text into a field Chat formats as HTML is filled with it
// already escaped by the words*.go function that takes it.
//
//go:embed locales/*.json
var localeFiles embed.FS

// defaultLocale is the language of a reply whose readers' locale is not
// known, and of every locale the catalog has no messages for.
var defaultLocale = language.English

// msgID names a message of the catalog. Every ID is a constant declared
// next to the words that use it; catalog_test.go checks that the English
// files have exactly these IDs.
type msgID string

// vars fill a message's placeholders: {{.Space}} takes vars{"Space": …}.
type vars map[string]any

// catalog is the loaded messages of every locale.
type catalog struct {
	bundle  *i18n.Bundle
	locales []language.Tag // the locales there are files for
	// localizers serve each locale; they only read, so every reply shares
	// them.
	localizers map[language.Tag]*i18n.Localizer
	// texts remembers, per locale, the messages without placeholders
	// already looked up (msgID → string): they never change once loaded,
	// and looking one up through go-i18n matches languages and runs a
	// template each time — a fifth of a /help reply's CPU.
	texts map[*i18n.Localizer]*sync.Map
	// picked remembers which localizer a locale string gets (localizerFor).
	picked      sync.Map // locale → *i18n.Localizer
	pickedCount atomic.Int64
}

// theCatalog is loaded once, on first use, from the embedded files; it is
// never changed afterwards. A file that does not load is a bug the tests
// catch, so it panics rather than send cards without words.
var theCatalog = sync.OnceValue(func() *catalog {
	c, err := loadCatalog(localeFiles, "locales")
	if err != nil {
		panic(err)
	}
	return c
})

// loadCatalog reads every AREA.LOCALE.json file in dir of fsys. An ID
// defined twice in one locale is an error: go-i18n would silently keep the
// last.
func loadCatalog(fsys fs.FS, dir string) (*catalog, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	c := &catalog{bundle: i18n.NewBundle(defaultLocale)}
	seen := map[language.Tag]map[string]string{}
	for _, name := range files {
		f, err := c.bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if f.Tag == language.Und {
			return nil, fmt.Errorf("%s: want AREA.LOCALE.json with a BCP 47 locale", name)
		}
		if seen[f.Tag] == nil {
			seen[f.Tag] = map[string]string{}
			c.locales = append(c.locales, f.Tag)
		}
		for _, m := range f.Messages {
			if other, dup := seen[f.Tag][m.ID]; dup {
				return nil, fmt.Errorf("%s: %s is defined in %s too", name, m.ID, other)
			}
			seen[f.Tag][m.ID] = name
		}
	}
	if seen[defaultLocale] == nil {
		return nil, fmt.Errorf("%s: no messages for %s", dir, defaultLocale)
	}
	c.localizers = map[language.Tag]*i18n.Localizer{}
	c.texts = map[*i18n.Localizer]*sync.Map{}
	for _, tag := range c.locales {
		l := i18n.NewLocalizer(c.bundle, tag.String())
		c.localizers[tag], c.texts[l] = l, &sync.Map{}
	}
	return c, nil
}

// Locales are the languages the catalog speaks, as BCP 47 tags, English
// first: what a space's locale= setting may name.
func Locales() []string {
	c := theCatalog()
	out := []string{defaultLocale.String()}
	for _, t := range c.locales {
		if t != defaultLocale {
			out = append(out, t.String())
		}
	}
	slices.Sort(out[1:])
	return out
}

// Tags the locale fallback names.
var (
	chinese            = language.Chinese
	traditionalChinese = language.MustParse("zh-TW")
	hant               = language.MustParseScript("Hant")
	hans               = language.MustParseScript("Hans")
)

// pickLocale decides which of the catalog's locales (have) readers of
// locale get, in this order: the locale itself when the catalog has it;
// Traditional Chinese (zh-TW) for Chinese written in Traditional script or
// used in Taiwan, Hong Kong or Macao (zh-Hant, zh-HK, zh-MO); the default
// (English) for everything else, other Chinese included — and for zh-TW
// itself while the catalog has no zh-TW files. "" is the default.
func pickLocale(locale string, have []language.Tag) language.Tag {
	tag, err := language.Parse(locale)
	if locale == "" || err != nil {
		return defaultLocale
	}
	for _, h := range have {
		if h == tag {
			return h
		}
	}
	base, script, region := tag.Raw()
	zh, _ := chinese.Base()
	traditional := script == hant || script != hans && slices.Contains([]string{"TW", "HK", "MO"}, region.String())
	if base == zh && traditional {
		for _, h := range have {
			if h == traditionalChinese {
				return h
			}
		}
	}
	return defaultLocale
}

// strictTemplates make a placeholder the words did not fill an error, which
// the tests catch, rather than "<no value>" on a card.
var strictTemplates = &template.TextParser{Option: "missingkey=error"}

// words is the one place cards get text from: the catalog's messages in
// the locale chosen for a reply's readers, and times in their zone. Every
// card builder takes one; a words serves one reply and is not shared.
type words struct {
	loc  *i18n.Localizer
	zone *time.Location
	// texts are the locale's messages without placeholders already looked
	// up (catalog.texts), shared by every reply in the locale.
	texts *sync.Map
	// heard, when set (tests), hears every message looked up and whether
	// it failed: a missing ID, a bad template, a placeholder not filled.
	heard func(id msgID, err error)
	// inChat is what the asker of the reply can do in Chat itself for
	// someone Onboard cannot add (bot.BatchReply's, bot.PreviewReport's):
	// their rows' remedy fits them.
	inChat bot.InChat
}

// newWords returns the words for readers of locale (a BCP 47 tag, "" for
// the default) in zone (an IANA name; "" or one Go does not know: UTC).
func newWords(locale, zone string) *words {
	wd := theCatalog().words(locale)
	wd.zone = loadZone(zone)
	return wd
}

// words returns the words of c for readers of locale, in UTC.
func (c *catalog) words(locale string) *words {
	loc := c.localizerFor(locale)
	return &words{loc: loc, zone: time.UTC, texts: c.texts[loc]}
}

// localizerFor is the localizer readers of locale get. The choice is
// remembered for the first maxPicked locales seen (parsing a BCP 47 tag
// allocates, and replies name the same few): the locale comes from the
// event, so the memory stays bounded whatever is sent.
func (c *catalog) localizerFor(locale string) *i18n.Localizer {
	if l, ok := c.picked.Load(locale); ok {
		return l.(*i18n.Localizer)
	}
	l := c.localizers[pickLocale(locale, c.locales)]
	if c.pickedCount.Add(1) <= maxPicked {
		c.picked.Store(locale, l)
	}
	return l
}

// maxPicked bounds the locales whose localizer is remembered.
const maxPicked = 64

// zones remembers the zones loaded: LoadLocation reads the zone database
// each time. Only names Go knows are kept, so it stays small.
var zones sync.Map // IANA name → *time.Location

// loadZone is the zone named name, or UTC.
func loadZone(name string) *time.Location {
	if name == "" || name == "UTC" {
		return time.UTC
	}
	if z, ok := zones.Load(name); ok {
		return z.(*time.Location)
	}
	z, err := time.LoadLocation(name)
	if err != nil || z == time.Local {
		return time.UTC
	}
	zones.Store(name, z)
	return z
}

// text is a message without placeholders.
func (wd *words) text(id msgID) string {
	if wd.heard == nil { // tests that listen hear every lookup
		if s, ok := wd.texts.Load(id); ok {
			return s.(string)
		}
	}
	s := wd.localize(id, nil, nil)
	wd.texts.Store(id, s)
	return s
}

// with is a message with its placeholders filled.
func (wd *words) with(id msgID, v vars) string { return wd.localize(id, v, nil) }

// count is a message about n things, in the plural form n takes in the
// locale, with {{.Count}} set to n and the other placeholders from v.
func (wd *words) count(id msgID, n int, v vars) string {
	data := vars{"Count": n}
	for k, x := range v {
		data[k] = x
	}
	return wd.localize(id, data, n)
}

// join lists pieces already in the readers' language on one line: "3
// spaces · 1 skipped".
func (wd *words) join(pieces ...string) string {
	if len(pieces) < 2 {
		return strings.Join(pieces, "")
	}
	return strings.Join(pieces, wd.text(idListSeparator))
}

// when is t in the readers' zone, laid out by the message layout (a Go
// time layout: https://pkg.go.dev/time#pkg-constants), its zone labelled
// as an offset from UTC ("UTC+8", "UTC-3:30", "UTC") where the layout has
// MST: Go's abbreviations are ambiguous (Taipei's is "CST", as Chicago's)
// or missing ("+08") for many zones.
func (wd *words) when(layout msgID, t time.Time) string {
	t = t.In(wd.zone)
	l := wd.text(layout)
	i := strings.Index(l, "MST")
	if i < 0 {
		return t.Format(l)
	}
	return t.Format(l[:i]) + zoneLabel(t) + t.Format(l[i+3:])
}

// zoneLabel is t's offset from UTC as "UTC", "UTC+8" or "UTC+5:30".
func zoneLabel(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	label := "UTC" + sign + strconv.Itoa(off/3600)
	if m := off % 3600 / 60; m != 0 {
		label += fmt.Sprintf(":%02d", m)
	}
	return label
}

// localize looks a message up. A message missing from the readers' locale
// comes in the default one; one missing altogether shows its ID, so a card
// is never blank (the tests make sure it never happens).
func (wd *words) localize(id msgID, data vars, plural any) string {
	cfg := &i18n.LocalizeConfig{MessageID: string(id), PluralCount: plural, TemplateParser: strictTemplates}
	if data != nil {
		cfg.TemplateData = map[string]any(data)
	}
	s, err := wd.loc.Localize(cfg)
	if wd.heard != nil {
		wd.heard(id, err)
	}
	if s == "" && err != nil {
		return string(id)
	}
	return s
}
