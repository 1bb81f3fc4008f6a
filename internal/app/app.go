// Package app assembles Onboard from its configuration — token verifier,
// Chat API client, domain service, HTTP edge — and runs the server until
// its context ends, then drains in-flight requests. It holds wiring only:
// no business rules, no words a user reads.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/handlers"
	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/demo"
	"github.com/onboard-chat/onboard/internal/verify"
)

// ShutdownGrace bounds how long in-flight requests may take after the
// context ends (Cloud Run sends SIGTERM and waits 10 s).
const ShutdownGrace = 9 * time.Second

// Run serves Onboard until ctx is done.
func Run(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	var d *demo.Demo
	if cfg.Demo {
		var err error
		if d, err = demo.Start(cfg); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		defer d.Close()
		cfg = d.Config
	}
	log.Info("starting Onboard", "config", cfg.Summary(), "demo", cfg.Demo)
	h, err := Build(ctx, cfg, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	log.Info("listening", "addr", ln.Addr().String())
	if d != nil {
		if err := d.Announce(ln.Addr().String(), stdout); err != nil {
			ln.Close()
			return err
		}
	}
	return serve(ctx, ln, h, log)
}

// Build wires the HTTP handler for cfg.
func Build(ctx context.Context, cfg config.Config, log *slog.Logger) (http.Handler, error) {
	v, err := verify.New(verify.Config{Audience: cfg.Audience, AddonServiceAccount: cfg.AddonServiceAccount,
		GoogleCertsURL: cfg.GoogleCertsURL, ChatCertsURL: cfg.ChatCertsURL})
	if err != nil {
		return nil, fmt.Errorf("verifier: %w", err)
	}
	if err := v.Warm(ctx); err != nil {
		// Not fatal: the verifier fetches again on the first request, and
		// rejects requests (401) until it has keys.
		log.Warn("could not fetch Chat's verification keys yet", "error", err)
	}
	client, err := chatapi.New(ctx, chatapi.Options{Endpoint: cfg.APIEndpoint, CredentialsFile: cfg.CredentialsFile})
	if err != nil {
		return nil, fmt.Errorf("chat api client: %w", err)
	}
	svc := bot.NewService(client, bot.Config{Commands: cfg.Commands, Policy: cfg.Policy, OrgDomains: cfg.OrgDomains}, log)
	return handlers.New(handlers.Config{Verifier: v, Bot: svc, Logger: log}), nil
}

func serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}
