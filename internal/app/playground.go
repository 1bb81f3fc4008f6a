package app

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/onboard-chat/onboard/internal/demo"
	"github.com/onboard-chat/onboard/internal/playground"
)

// withPlayground mounts the playground beside Onboard on the demo's
// server, and nowhere else: a configured deployment never reaches this.
// The page reaches Onboard at addr as Chat does, with tokens signed by the
// demo's fake.
func withPlayground(ctx context.Context, d *demo.Demo, addr string, onboard http.Handler, log *slog.Logger) (http.Handler, error) {
	key, err := d.Fake.ExportSigningKey()
	if err != nil {
		return nil, err
	}
	p := playground.New(ctx, playground.Config{World: d.World, Fake: d.Fake, Log: log,
		Onboard: demo.Client{AppURL: "http://" + addr + "/", Audience: d.Config.Audience, SigningKey: key}})
	d.Watch(p.Watch)
	return p.Mount(onboard), nil
}
