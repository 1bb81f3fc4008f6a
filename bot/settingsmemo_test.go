package bot_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// countedSettings is the real store's settings, with its reads counted.
type countedSettings struct {
	bot.Settings
	reads atomic.Int32
}

func (c *countedSettings) SpaceSettings(ctx context.Context, space string) (bot.SpaceSettings, error) {
	c.reads.Add(1)
	return c.Settings.SpaceSettings(ctx, space)
}

// A command reads its space's settings once — for its rules, the language
// its result is saved in and its reply's — and a command after a
// /settings change reads the change.
func TestACommandReadsItsSpacesSettingsOnce(t *testing.T) {
	t.Parallel()
	cfg := bot.Config{OrgDomains: []string{"example.com"}, Locales: []string{"en", "zh-TW"}}
	env := testenv.New(t, cfg, testenv.Options{})
	settings := &countedSettings{Settings: env.Store}
	svc := bot.NewService(bot.Deps{Members: env.API, Jobs: env.Jobs, Control: env.Jobs, Plans: env.Store,
		Settings: settings, Switches: env.Store, Audit: env.Store, Remover: env.API, History: env.Store,
		Spaces: env.API, Previews: env.Store, Poster: env.Jobs}, cfg, nil)
	ctx := context.Background()

	r := replyAs[bot.BatchReply](t, svc.Handle(ctx, invite(sam, platformSpace, "carol@example.com")))
	if !r.Batch.Done || r.Batch.Count(bot.Joined) != 1 {
		t.Fatalf("carol: done %v, %d joined; want her added", r.Batch.Done, r.Batch.Count(bot.Joined))
	}
	if n := settings.reads.Swap(0); n != 1 {
		t.Errorf("/invite read the space's settings %d times, want once", n)
	}

	saved := replyAs[bot.SettingsReply](t, svc.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "locale=zh_tw")))
	if !saved.Saved || saved.InForce.Locale != "zh-TW" {
		t.Fatalf("locale=zh_tw: problem %q, locale in force %q", saved.Problem, saved.InForce.Locale)
	}
	settings.reads.Store(0)
	r = replyAs[bot.BatchReply](t, svc.Handle(ctx, invite(sam, platformSpace, "@Alice Ng", mention(alice, "Alice Ng", 0))))
	if got := bot.AudienceOf(r).Locale; got != "zh-TW" {
		t.Errorf("the result after locale=zh_tw is in %q, want zh-TW", got)
	}
	if n := settings.reads.Load(); n != 1 {
		t.Errorf("/invite read the space's settings %d times, want once", n)
	}
}
