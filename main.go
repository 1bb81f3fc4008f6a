// Command onboard is a Google Chat app that adds people to Chat spaces.
//
//	onboard                 serve (the local demo when nothing is configured)
//	onboard say [flags] T   type T into the running demo as a demo person
//	onboard fakechat [...]  run the local Chat fake on its own
//	onboard doctor          check a deployment's configuration, credentials, access and database; ✓/✗ per check
//	onboard audit CMD       export, erase (one person) or purge the audit log; needs only DATABASE_URL
//	onboard grants CMD      list, revoke or re-seal (rekey) the Google accounts people connected
//	onboard version         the module version and VCS revision this binary was built from
//	onboard signin          serve only the sign-in callback: the public service people's browsers reach
//
// main only wires: configuration comes from the environment through run's
// getenv, and everything else lives in the packages it calls. The exit
// code is decided here, from the kind of error run returns (internal/cli):
// 0 for success and help, 2 for a wrong command line, 1 for a failure.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	// The zone database inside the binary: DEFAULT_TIME_ZONE and Chat's
	// common.timeZone name zones, and the images Onboard runs in (Cloud
	// Run's distroless base, App Engine) need not carry /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/onboard-chat/onboard/internal/app"
	"github.com/onboard-chat/onboard/internal/auditcli"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/cli"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/demo"
	"github.com/onboard-chat/onboard/internal/doctor"
	"github.com/onboard-chat/onboard/internal/grantscli"
	"github.com/onboard-chat/onboard/internal/logging"
)

const usage = `usage: onboard [COMMAND] [flags]

  onboard                   serve Google Chat's requests, configured by the environment
                            (README.md, "Configuration"); with nothing configured, the local demo
  onboard serve             the same
  onboard say [flags] TEXT  type TEXT into the running demo as a demo person
  onboard fakechat [flags]  run the local Chat fake on its own
  onboard doctor            check a deployment: configuration, credentials, Chat, database
  onboard audit COMMAND     export, erase (one person) or purge the audit log
  onboard grants COMMAND    list, revoke or re-seal (rekey) the Google accounts people connected
  onboard version           the version and revision this binary was built from
  onboard signin            serve only /oauth2/callback and /health: the public sign-in service
  onboard help              this text; "onboard COMMAND -h" shows a command's own
`

const serveUsage = `usage: onboard [serve]

Serves Google Chat's requests. It takes no flags: everything comes from the
environment (README.md, "Configuration"). With none of those variables set it
runs the local demo on 127.0.0.1.
`

const versionUsage = `usage: onboard version

Prints the module version, the VCS revision and the Go version this binary
was built with.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, cli.ErrHelp) {
		fmt.Fprintln(os.Stderr, "onboard:", err)
	}
	os.Exit(cli.ExitCode(err))
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd, rest := "serve", args
	// Flags without a command are serve's (it has none, so they are
	// refused as serve's usage error).
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || cli.IsHelp(args[0])) {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "help", "-h", "-help", "--help":
		_, err := fmt.Fprint(stdout, usage)
		return err
	case "say":
		return demo.Say(ctx, rest, stdout)
	case "fakechat":
		return chatfake.RunStandalone(ctx, rest, stdout)
	case "doctor":
		return doctor.Command(ctx, rest, getenv, stdout, stderr)
	case "audit":
		return auditcli.Run(ctx, rest, getenv, stdout, stderr)
	case "grants":
		return grantscli.Run(ctx, rest, getenv, stdout, stderr)
	case "version":
		if err := cli.NoArgs("version", versionUsage, rest, stdout, stderr); err != nil {
			return err
		}
		info, ok := debug.ReadBuildInfo()
		return cli.PrintVersion(stdout, info, ok)
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "signin":
		return signin(ctx, rest, getenv, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return cli.Usagef("unknown command %q", cmd)
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if err := cli.NoArgs("serve", serveUsage, args, stdout, stderr); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	return app.Run(ctx, cfg, serveLog(cfg, stdout), stderr)
}

// serveLog is the server's log: Cloud Logging's JSON when deployed, text
// lines in the demo, where a person reads them in a terminal.
func serveLog(cfg config.Config, stdout io.Writer) *slog.Logger {
	if cfg.Demo {
		return logging.NewText(stdout, slog.LevelInfo)
	}
	return logging.NewWithProject(stdout, slog.LevelInfo, cfg.Project)
}

const signinUsage = `usage: onboard signin

Serves only GET /oauth2/callback and GET /health: the public service people's
browsers reach after they connect their Google account (the Chat service only
admits Google Chat). Configured by the same environment as the Chat service,
OAUTH_CLIENT_ID included.
`

func signin(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if err := cli.NoArgs("signin", signinUsage, args, stdout, stderr); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	return app.RunSignIn(ctx, cfg, logging.NewWithProject(stdout, slog.LevelInfo, cfg.Project))
}
