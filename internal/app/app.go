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
	"syscall"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
	"github.com/onboard-chat/onboard/handlers"
	"github.com/onboard-chat/onboard/internal/auditcli"
	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/demo"
	"github.com/onboard-chat/onboard/internal/jobs"
	"github.com/onboard-chat/onboard/internal/metrics"
	"github.com/onboard-chat/onboard/internal/oauth"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/verify"
)

// ShutdownGrace bounds how long in-flight requests may take after the
// context ends (Cloud Run sends SIGTERM and waits 10 s).
const ShutdownGrace = 9 * time.Second

// Run serves Onboard until ctx is done. banner receives the demo's
// instructions for a person (logs go to log).
func Run(ctx context.Context, cfg config.Config, log *slog.Logger, banner io.Writer) error {
	var d *demo.Demo
	if cfg.Demo {
		var err error
		if d, err = demo.Start(cfg, banner); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		defer d.Close()
		cfg = d.Config
	}
	log.Info("starting Onboard", "config", cfg.Summary(), "demo", cfg.Demo)
	b, err := Build(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer b.Close()
	stopRetention := auditcli.Retention{Store: b.Store, Keep: cfg.AuditRetention, Log: log}.Start(ctx)
	defer stopRetention()
	// Not ctx: when it ends (SIGTERM) River would cancel running jobs.
	// Jobs stop after the HTTP server has drained, below.
	if err := b.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
		defer cancel()
		if err := b.Jobs.Stop(sctx); err != nil {
			log.Error("stopping jobs", "error", err)
		}
	}()
	ln, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.MetricsAddr != "" {
		stopMetrics := serveMetrics(cfg.MetricsAddr, b.Metrics, log)
		defer stopMetrics()
	}
	log.Info("listening", "addr", ln.Addr().String())
	handler := b.Handler
	if d != nil {
		if handler, err = withPlayground(ctx, d, ln.Addr().String(), handler, log); err != nil {
			ln.Close()
			return err
		}
		if err := d.Announce(ln.Addr().String(), banner); err != nil {
			ln.Close()
			return err
		}
	}
	return serve(ctx, ln, handler, log)
}

// Built is a wired Onboard: the HTTP handler and what must be started and
// closed around it.
type Built struct {
	Handler http.Handler
	Jobs    *jobs.Engine
	Store   *store.Store
	Metrics *metrics.Metrics
}

// Close releases the database.
func (b *Built) Close() { b.Store.Close() }

// Build wires Onboard for cfg: it opens and migrates the database, and
// builds the job engine (not started) and the HTTP handler.
func Build(ctx context.Context, cfg config.Config, log *slog.Logger) (*Built, error) {
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
	m := metrics.New()
	counted := &http.Client{Transport: m.Transport(chatapi.Transport), Timeout: 30 * time.Second}
	apiOptions := chatapi.Options{Endpoint: cfg.APIEndpoint, CredentialsFile: cfg.CredentialsFile, HTTPClient: counted}
	client, err := chatapi.New(ctx, apiOptions)
	if err != nil {
		return nil, fmt.Errorf("chat api client: %w", err)
	}
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("database migrations: %w", err)
	}
	// River retries the jobs' calls itself (and paces them), so their client
	// tries once.
	jobOptions := apiOptions
	jobOptions.MaxAttempts = 1
	jobClient, err := chatapi.New(ctx, jobOptions)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("chat api client: %w", err)
	}
	flow, err := newFlow(cfg, st, counted, log)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("oauth: %w", err)
	}
	var commandPeople, jobPeople *people
	if flow != nil {
		commandPeople = newPeople(flow, apiOptions, cfg.OAuth.CloudIdentity)
		jobPeople = newPeople(flow, jobOptions, cfg.OAuth.CloudIdentity)
		commandPeople.alsoHolding = []*people{jobPeople} // /disconnect reaches the jobs' clients too
	}
	eng, err := jobs.New(jobs.Config{Store: st, Members: jobClient, Acting: acting(jobPeople), Messages: jobClient, Logger: log,
		WritesPerMinute: cfg.WritesPerMin, RescueAfter: cfg.RescueAfter,
		OnResult: func(r bot.PersonResult) { m.Invitation(string(r.Outcome), string(r.Reason)) },
		// The progress message is in the default language: nothing
		// decides a space's language yet.
		Render:      func(b bot.Batch, eta time.Duration) any { return cards.Progress(b, eta) },
		RenderReply: func(r bot.Reply) any { return cards.Reply(r) }})
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	deps := bot.Deps{Members: client, Jobs: eng, Control: eng, Plans: st, Settings: st, Switches: st,
		Audit: st, Remover: client, History: st, Spaces: client, Previews: st, Poster: eng}
	if commandPeople != nil { // a nil *people must not become a non-nil interface
		deps.Connections, deps.Acting = commandPeople, commandPeople
	}
	addUsersAs := bot.AsApp
	if cfg.AddUsersAs == "invoker" {
		addUsersAs = bot.AsUser
	}
	svc := bot.NewService(deps,
		bot.Config{Commands: cfg.Commands, Policy: cfg.Policy, OrgDomains: cfg.OrgDomains, Admins: cfg.Admins,
			AllowedSpaces: cfg.AllowedSpaces, Paused: cfg.Paused, CommandsPerMinute: cfg.CommandsPerMinute,
			AddUsersAs: addUsersAs, PreviewOver: previewOver(cfg.PreviewOver), Locales: cards.Locales(),
			DefaultLocale: cfg.DefaultLocale, DefaultTimeZone: cfg.DefaultTimeZone}, log)
	ready := newReadiness(v, st, apiOptions)
	var addonURL string
	if cfg.URLMode() {
		addonURL = cfg.Audience // add-ons only exist in URL mode; clicks go back to the endpoint
	}
	h := handlers.New(handlers.Config{Verifier: v, Bot: svc, Logger: log, Metrics: m, Ready: ready.check,
		AddonActionURL: addonURL, SignIns: signIns(flow), QuietSuccesses: cfg.AccessLog == config.AccessLogErrors})
	return &Built{Handler: h, Jobs: eng, Store: st, Metrics: m}, nil
}

// listen opens the public listener; a port already taken says what to do
// about it rather than only what went wrong.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		_, port, _ := net.SplitHostPort(addr)
		return nil, fmt.Errorf("port %s is already in use (is Onboard already running?): set PORT to another "+
			"port, e.g. PORT=8081 go run .", port)
	}
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return ln, nil
}

// previewOver is PREVIEW_OVER as the domain reads it: there 0 means its
// default, and a negative number never previewing.
func previewOver(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// acting is p as the jobs' port; nil stays nil.
func acting(p *people) bot.Acting {
	if p == nil {
		return nil
	}
	return p
}

// signIns is the flow as the edge's port; a nil flow is a nil interface,
// so the edge says the deployment connects no accounts.
func signIns(f *oauth.Flow) handlers.SignIns {
	if f == nil {
		return nil
	}
	return f
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
