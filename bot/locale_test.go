package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// speaking is in with the asker's locale (common.userLocale) and zone
// (common.timeZone) as Chat sends them; "" sends none.
func speaking(in bot.Interaction, locale, zone string) bot.Interaction {
	in.Locale, in.TimeZone = locale, zone
	return in
}

// TestRepliesReadInTheirReadersLanguage: what the asker alone reads is in
// their own language; what everyone in the space reads (results, and the
// progress the batch keeps) is in the space's locale= setting; the
// space's language stands in for an asker whose language Chat did not
// send.
func TestRepliesReadInTheirReadersLanguage(t *testing.T) {
	env := testenv.New(t, bot.Config{OrgDomains: []string{"example.com"}, Locales: []string{"en", "zh-TW"}}, testenv.Options{})
	ctx := context.Background()
	saved := replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, speaking(cmd(sam, platformSpace, 7, "settings", "locale=zh_tw"), "en", "")))
	if !saved.Saved || saved.InForce.Locale != "zh-TW" || saved.InForce.LocaleFrom != bot.FromSpace {
		t.Fatalf("locale=zh_tw: saved %v, in force %q from %q", saved.Saved, saved.InForce.Locale, saved.InForce.LocaleFrom)
	}

	tests := []struct {
		name   string
		in     bot.Interaction
		locale string
	}{
		{"help, asker's language known", speaking(cmd(sam, platformSpace, 2, "help", ""), "en", ""), "en"},
		{"help, asker's language not sent", cmd(sam, platformSpace, 2, "help", ""), "zh-TW"},
		{"help, a locale no language has", speaking(cmd(sam, platformSpace, 2, "help", ""), "<b>en</b>", ""), "zh-TW"},
		{"result everyone reads", speaking(invite(sam, platformSpace, "@Alice", mention(alice, "Alice", 0)), "en", ""), "zh-TW"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bot.AudienceOf(env.Bot.Handle(ctx, tt.in)).Locale; got != tt.locale {
				t.Errorf("locale %q, want %q", got, tt.locale)
			}
		})
	}

	r := replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, speaking(invite(sam, platformSpace, "@Bob", mention(bob, "Bob", 0)), "en", "")))
	b, err := env.Store.Batch(ctx, r.Batch.ID)
	if err != nil || b.Locale != "zh-TW" {
		t.Errorf("the batch's progress is read in %q (%v), want zh-TW: it is posted for everyone", b.Locale, err)
	}
}

// TestDefaultLocaleAndTimeZone: with nothing known of the readers, the
// operator's DEFAULT_LOCALE and DEFAULT_TIME_ZONE; the zone Chat sends with
// a click wins over the default, unless Go does not know it.
func TestDefaultLocaleAndTimeZone(t *testing.T) {
	taipei, err := time.LoadLocation("Asia/Taipei")
	if err != nil {
		t.Fatal(err)
	}
	env := testenv.New(t, bot.Config{OrgDomains: []string{"example.com"}, Locales: []string{"en", "zh-TW"},
		DefaultLocale: "zh-TW", DefaultTimeZone: taipei}, testenv.Options{})
	ctx := context.Background()
	tests := []struct {
		name         string
		in           bot.Interaction
		locale, zone string
	}{
		{"nothing known", cmd(sam, platformSpace, 2, "help", ""), "zh-TW", "Asia/Taipei"},
		{"asker's language", speaking(cmd(sam, platformSpace, 2, "help", ""), "en", ""), "en", "Asia/Taipei"},
		{"click with the asker's zone", speaking(click(sam, platformSpace, "undo", map[string]string{"batch": "no-such-batch"}, nil), "en", "Europe/Berlin"),
			"en", "Europe/Berlin"},
		{"a zone Go does not know", speaking(cmd(sam, platformSpace, 2, "help", ""), "", "Mars/Olympus_Mons"), "zh-TW", "Asia/Taipei"},
		{"a path for a zone", speaking(cmd(sam, platformSpace, 2, "help", ""), "", "../../etc/passwd"), "zh-TW", "Asia/Taipei"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := env.Bot.Handle(ctx, tt.in)
			if r == nil {
				t.Fatal("no reply")
			}
			if a := bot.AudienceOf(r); a.Locale != tt.locale || a.TimeZone != tt.zone {
				t.Errorf("locale %q zone %q, want %q %q", a.Locale, a.TimeZone, tt.locale, tt.zone)
			}
		})
	}

	plain := testenv.New(t, bot.Config{OrgDomains: []string{"example.com"}}, testenv.Options{})
	if a := bot.AudienceOf(plain.Bot.Handle(ctx, cmd(sam, platformSpace, 2, "help", ""))); a.Locale != "" || a.TimeZone != "" {
		t.Errorf("no defaults: locale %q zone %q, want English in UTC (both empty)", a.Locale, a.TimeZone)
	}
}
