// Command onboard is a Google Chat app that adds people to Chat spaces.
//
//	onboard                 serve (the local demo when nothing is configured)
//	onboard say [flags] T   type T into the running demo as a demo person
//	onboard fakechat [...]  run the local Chat fake on its own
//	onboard doctor          check a deployment's configuration, credentials and access; ✓/✗ per check
//	onboard audit CMD       export, erase (one person) or purge the audit log; needs only DATABASE_URL
//
// main only wires: configuration comes from the environment through run's
// getenv, and everything else lives in the packages it calls.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/onboard-chat/onboard/internal/app"
	"github.com/onboard-chat/onboard/internal/auditcli"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/demo"
	"github.com/onboard-chat/onboard/internal/doctor"
	"github.com/onboard-chat/onboard/internal/logging"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "onboard:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "say":
			return demo.Say(ctx, args[1:], stdout)
		case "fakechat":
			return chatfake.RunStandalone(ctx, args[1:], stdout)
		case "doctor":
			return doctor.Command(ctx, args[1:], getenv, stdout)
		case "audit":
			return auditcli.Run(ctx, args[1:], getenv, stdout, stderr)
		case "serve":
			args = args[1:]
		default:
			return fmt.Errorf("unknown command %q: want serve, say, fakechat, doctor or audit", args[0])
		}
	}
	if len(args) > 0 {
		return fmt.Errorf("serve takes no arguments; configure it through the environment (see README.md)")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := logging.NewWithProject(stdout, slog.LevelInfo, cfg.Project)
	if cfg.Demo {
		log = logging.NewText(stdout, slog.LevelInfo) // a person reads it, not Cloud Logging
	}
	return app.Run(ctx, cfg, log, stderr)
}
