// Command loadtest is Onboard's load benchmark: it runs the real binary
// and a naive reference server under the same signed /help load and prints
// what each costs (internal/loadtest; docs/performance.md).
//
//	go run ./cmd/loadtest                 saturation and 1,000 req/s, both token modes
//	go run ./cmd/loadtest -rates max,200,500,1000 -duration 20s
//	go run ./cmd/loadtest -cold -repeat 5 cold starts: exec to the answers of 200 events sent at once
//	go run ./cmd/loadtest -build -repeat 3 a clean build's CPU, and which modules it goes to
//	go run ./cmd/loadtest -before 90704f9 also Onboard as of that commit, in the same run
//	go run ./cmd/loadtest -smoke          a few seconds: does the harness work?
//
// main only wires.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/onboard-chat/onboard/internal/cli"
	"github.com/onboard-chat/onboard/internal/loadtest"
)

func main() {
	if log := loadtest.ToolexecLog(); log != "" {
		// -build runs this binary as go build's -toolexec wrapper.
		os.Exit(loadtest.Toolexec(log, os.Args[1:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := loadtest.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	var usage *cli.UsageError
	switch {
	case err == nil, errors.Is(err, cli.ErrHelp):
	case errors.As(err, &usage):
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}
