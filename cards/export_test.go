package cards

import (
	"io/fs"
	"sort"
	"testing"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/onboard-chat/onboard/bot"
)

// Hooks into the catalog for the external tests (package cards_test).

// ReplyHeard is Reply, telling heard every message it looks up and whether
// the lookup failed (a missing message, a bad template, a placeholder the
// words did not fill).
func ReplyHeard(r bot.Reply, heard func(id string, err error)) Message {
	if r == nil {
		return Message{}
	}
	return reply(hearing(newWords(bot.AudienceOf(r).Locale, bot.AudienceOf(r).TimeZone), heard), r)
}

// ProgressHeard is Progress, telling heard as ReplyHeard does.
func ProgressHeard(b bot.Batch, eta time.Duration, heard func(id string, err error)) Message {
	return progress(hearing(newWords(b.Locale, b.TimeZone), heard), b, eta)
}

// AddonActionHeard is AddonAction for a configuration request, telling
// heard as ReplyHeard does.
func AddonActionHeard(m Message, heard func(id string, err error)) any {
	return addonAction(hearing(newWords("", ""), heard), m)
}

// SignInPageHeard is SignInPage, telling heard as ReplyHeard does.
func SignInPageHeard(o bot.SignInOutcome, configured bool, heard func(id string, err error)) []byte {
	return signInPageIn(hearing(newWords("", ""), heard), o, configured)
}

func hearing(wd *words, heard func(id string, err error)) *words {
	wd.heard = func(id msgID, err error) { heard(string(id), err) }
	return wd
}

// EnglishIDs are the IDs of every message in the English files, sorted.
func EnglishIDs(t testing.TB) []string {
	t.Helper()
	var ids []string
	for id := range localeMessages(t, localeFiles, "locales")[defaultLocale.String()] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// localeMessages reads every AREA.LOCALE.json file in dir of fsys as
// go-i18n does: locale → message ID → message.
func localeMessages(t testing.TB, fsys fs.FS, dir string) map[string]map[string]*i18n.Message {
	t.Helper()
	files, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no message files in %s: %v", dir, err)
	}
	out := map[string]map[string]*i18n.Message{}
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := i18n.ParseMessageFileBytes(b, name, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		locale := f.Tag.String()
		if out[locale] == nil {
			out[locale] = map[string]*i18n.Message{}
		}
		for _, m := range f.Messages {
			out[locale][m.ID] = m
		}
	}
	return out
}

// forms are a message's plural forms that have text: "one", "other" ….
func forms(m *i18n.Message) map[string]string {
	out := map[string]string{}
	for form, text := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two,
		"few": m.Few, "many": m.Many, "other": m.Other} {
		if text != "" {
			out[form] = text
		}
	}
	return out
}

// AllReasons are every bot.Reason constant, read from bot's source.
func AllReasons(t *testing.T) []bot.Reason { return allReasons(t) }
