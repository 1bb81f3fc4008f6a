// Package testenv assembles Onboard's whole back end for tests, as
// production wires it but on local parts: chatfake for Google, a real
// database (SQLite file, or PostgreSQL through storetest), the real River
// job engine, the real Chat API client and the real domain service. It is
// imported only by tests.
package testenv

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/jobs"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// Env is a running back end.
type Env struct {
	Fake  *chatfake.Server
	World *chatfake.World
	API   *chatapi.Client
	Store *store.Store
	Jobs  *jobs.Engine
	Bot   *bot.Service
}

// Options tune an Env.
type Options struct {
	Dialect store.Dialect   // "" → SQLite
	Jobs    jobs.Config     // Store, Members, Messages and Render are filled in
	World   *chatfake.World // nil → chatfake.DefaultWorld()
}

// New starts an Env; everything stops when the test ends.
func New(t testing.TB, cfg bot.Config, o Options) *Env {
	t.Helper()
	w := o.World
	if w == nil {
		var err error
		if w, err = chatfake.DefaultWorld(); err != nil {
			t.Fatal(err)
		}
	}
	fake, err := chatfake.New(w, chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	key := filepath.Join(t.TempDir(), "sa.json")
	if err := fake.WriteServiceAccountKey(key); err != nil {
		t.Fatal(err)
	}
	api, err := chatapi.New(context.Background(), chatapi.Options{Endpoint: fake.URL + "/", CredentialsFile: key,
		Backoff: func(int) time.Duration { return time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	if o.Dialect == "" {
		o.Dialect = store.SQLite
	}
	st := storetest.Open(t, o.Dialect)
	jc := o.Jobs
	jc.Store, jc.Members, jc.Messages = st, api, api
	if jc.Logger == nil {
		jc.Logger = slog.New(slog.DiscardHandler)
	}
	jc.Render = func(b bot.Batch, eta time.Duration) any { return cards.Progress(b, eta) } // as internal/app
	jc.RenderReply = func(r bot.Reply) any { return cards.Reply(r) }
	eng, err := jobs.New(jc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = eng.Stop(sctx)
		cancel()
	})
	svc := bot.NewService(bot.Deps{Members: api, Jobs: eng, Control: eng, Plans: st, Settings: st, Switches: st,
		Audit: st, Remover: api, History: st, Spaces: api, Previews: st, Poster: eng}, cfg, nil)
	return &Env{Fake: fake, World: w, API: api, Store: st, Jobs: eng, Bot: svc}
}
