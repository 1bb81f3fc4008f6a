package cards

import (
	"encoding/json"
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/onboard-chat/onboard/bot"
)

// TestPickLocale: the exact locale when the catalog has it; Chinese in
// Traditional script or of Taiwan, Hong Kong or Macao reads zh-TW; every
// other locale — other Chinese too, and zh-TW itself while there are no
// zh-TW files — reads English.
func TestPickLocale(t *testing.T) {
	en, zhTW, fr := language.English, language.MustParse("zh-TW"), language.French
	tests := []struct {
		locale string
		have   []language.Tag
		want   language.Tag
	}{
		{"", []language.Tag{en, zhTW}, en},
		{"not a tag!", []language.Tag{en, zhTW}, en},
		{"en", []language.Tag{en, zhTW}, en},
		{"en-GB", []language.Tag{en, zhTW}, en},
		{"zh-TW", []language.Tag{en, zhTW}, zhTW},
		{"zh_tw", []language.Tag{en, zhTW}, zhTW},
		{"zh-Hant", []language.Tag{en, zhTW}, zhTW},
		{"zh-Hant-TW", []language.Tag{en, zhTW}, zhTW},
		{"zh-HK", []language.Tag{en, zhTW}, zhTW},
		{"zh-MO", []language.Tag{en, zhTW}, zhTW},
		{"zh-Hant-HK", []language.Tag{en, zhTW}, zhTW},
		{"zh", []language.Tag{en, zhTW}, en},
		{"zh-CN", []language.Tag{en, zhTW}, en},
		{"zh-Hans", []language.Tag{en, zhTW}, en},
		{"zh-Hans-HK", []language.Tag{en, zhTW}, en},
		{"zh-SG", []language.Tag{en, zhTW}, en},
		{"ja", []language.Tag{en, zhTW}, en},
		{"zh-TW", []language.Tag{en}, en},
		{"zh-HK", []language.Tag{en}, en},
		{"fr", []language.Tag{en, fr}, fr},
		{"fr-CA", []language.Tag{en, fr}, en},
	}
	for _, tt := range tests {
		if got := pickLocale(tt.locale, tt.have); got != tt.want {
			t.Errorf("pickLocale(%q, %v) = %v, want %v", tt.locale, tt.have, got, tt.want)
		}
	}
}

// TestReadersGetTheirLanguage: readers of Traditional Chinese get zh-TW,
// everyone else — Simplified Chinese, French, no locale — English.
func TestReadersGetTheirLanguage(t *testing.T) {
	for locale, want := range map[string]string{"": "Onboard help", "en": "Onboard help", "fr": "Onboard help",
		"zh-CN": "Onboard help", "zh-TW": "Onboard 說明", "zh-HK": "Onboard 說明", "zh-Hant": "Onboard 說明"} {
		r := bot.HelpReply{Audience: bot.Audience{Actor: bot.User{Name: "users/1"}, Locale: locale}}
		if got := Reply(r).CardsV2[0].Card.Header.Title; got != want {
			t.Errorf("help for %q: title %q, want %q", locale, got, want)
		}
	}
}

// TestASecondLocaleSpeaks loads the English files and a pseudo-translation
// (en-XA, every English message in ⟦brackets⟧ but one) the way the
// embedded files load: its readers get its words, the one message it lacks
// in English, and everyone else English.
func TestASecondLocaleSpeaks(t *testing.T) {
	fsys := fstest.MapFS{}
	english := localeMessages(t, localeFiles, "locales")[defaultLocale.String()]
	files, _ := fs.Glob(localeFiles, "locales/*.json")
	for _, name := range files {
		b, _ := fs.ReadFile(localeFiles, name)
		fsys[name] = &fstest.MapFile{Data: b}
	}
	pseudo := pseudoTranslation(english)
	delete(pseudo, string(idSectionPeople))
	fsys["locales/all.en-XA.json"] = &fstest.MapFile{Data: messageFile(t, pseudo)}
	c, err := loadCatalog(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	report := bot.InviteReply{Report: bot.InviteReport{Space: bot.Space{DisplayName: "Team"},
		People: []bot.PersonResult{{Target: bot.Target{Display: "Ann"}, Outcome: bot.Joined}}}}

	xa := c.words("en-XA")
	var missing []msgID
	xa.heard = func(id msgID, err error) {
		if nf := (*i18n.MessageNotFoundErr)(nil); errors.As(err, &nf) {
			missing = append(missing, id)
		} else if err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	card := reply(xa, report).CardsV2[0].Card
	if got, want := card.Header.Title, "⟦Invite results⟧"; got != want {
		t.Errorf("en-XA title %q, want %q", got, want)
	}
	if got, want := card.Sections[1].Header, "People"; got != want || len(missing) != 1 || missing[0] != idSectionPeople {
		t.Errorf("en-XA section %q (missing %q), want %q in English, the one message en-XA lacks", got, missing, want)
	}
	if got := reply(c.words(""), report).CardsV2[0].Card.Header.Title; got != "Invite results" {
		t.Errorf("default title %q, want English", got)
	}
}

// messageFile is messages as a go-i18n JSON file.
func messageFile(t *testing.T, messages map[string]*i18n.Message) []byte {
	out := map[string]map[string]string{}
	for id, m := range messages {
		out[id] = forms(m)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLoadCatalogRefusesMistakes: a message defined twice in one locale,
// a file without a locale in its name, or no English at all.
func TestLoadCatalogRefusesMistakes(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := map[string]fstest.MapFS{
		"twice":      {"l/a.en.json": file(`{"x": "X"}`), "l/b.en.json": file(`{"x": "Y"}`)},
		"no locale":  {"l/a.en.json": file(`{"x": "X"}`), "l/zz.json": file(`{"y": "Y"}`)},
		"no English": {"l/a.fr.json": file(`{"x": "X"}`)},
		"not JSON":   {"l/a.en.json": file(`{"x": `)},
	}
	for name, fsys := range tests {
		if _, err := loadCatalog(fsys, "l"); err == nil {
			t.Errorf("%s: loaded, want an error", name)
		}
	}
	if _, err := loadCatalog(fstest.MapFS{"l/a.en.json": file(`{"x": "X"}`)}, "l"); err != nil {
		t.Errorf("one English file: %v", err)
	}
}

// TestTimesAreLabelledWithTheirZone: a time reads in the readers' zone,
// labelled with its offset from UTC — Go's own abbreviations say "CST"
// for Taipei as for Chicago — and a zone Go does not know reads UTC.
func TestTimesAreLabelledWithTheirZone(t *testing.T) {
	at := time.Date(2026, 1, 15, 9, 5, 0, 0, time.UTC)
	tests := []struct{ locale, zone, want string }{
		{"en", "", "15 Jan 2026 09:05 UTC"},
		{"en", "Asia/Taipei", "15 Jan 2026 17:05 UTC+8"},
		{"en", "Asia/Kolkata", "15 Jan 2026 14:35 UTC+5:30"},
		{"en", "America/St_Johns", "15 Jan 2026 05:35 UTC-3:30"},
		{"en", "Mars/Olympus_Mons", "15 Jan 2026 09:05 UTC"},
		{"zh-TW", "Asia/Taipei", "2026年1月15日 17:05 UTC+8"},
	}
	for _, tt := range tests {
		if got := newWords(tt.locale, tt.zone).when(idDateTime, at); got != tt.want {
			t.Errorf("%s in %q: %q, want %q", tt.locale, tt.zone, got, tt.want)
		}
	}
}

// TestSharedHelpCardsStayTheirOwn: a help card built once and shared is
// the card built afresh, in its readers' language, and rewriting it for
// the add-on envelope leaves the shared one as it was.
func TestSharedHelpCardsStayTheirOwn(t *testing.T) {
	en := bot.HelpReply{Audience: bot.Audience{Actor: bot.User{Name: "users/1"}, Locale: "en"}, Admin: true}
	zh := en
	zh.Locale = "zh-TW"
	first := Reply(en)
	ForAddon(first, "https://onboard.example.com/")
	if zhTitle := Reply(zh).CardsV2[0].Card.Header.Title; zhTitle != "Onboard 說明" {
		t.Errorf("zh-TW help after English: %q", zhTitle)
	}
	again, _ := json.Marshal(Reply(en))
	fresh, _ := json.Marshal(reply(english(t), en)) // english listens: never shared
	if string(again) != string(fresh) {
		t.Errorf("shared help card differs from one built afresh:\n%s\n%s", again, fresh)
	}
}
