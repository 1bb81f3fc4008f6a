// Command floor is the load benchmark's floor: the naive reference
// (internal/loadtest/reference) carrying, besides, what the developers'
// guide requires of every Onboard build and Onboard cannot leave out —
// River on an embedded SQLite database (River's SQLite driver on
// modernc.org/sqlite, the pure-Go driver the embedded default uses: the
// image builds with CGO_ENABLED=0), River on PostgreSQL through pgx, and a
// chat/v1 API client. Nothing of Onboard's own is in it.
//
// What it costs to build (`go run ./cmd/loadtest -build`) and the memory
// it holds under the benchmark's load (`-servers onboard,naive,floor`) are
// the least any build of Onboard can cost on the same machine: a target
// below the floor is out of reach for Onboard too (docs/performance.md).
// It is not a product and is never deployed.
//
//	floor -audience URL -certs-url URL -chat-api URL -database sqlite:PATH|postgres://… [-listen 127.0.0.1:0]
//
// It prints {"message":"listening","addr":"HOST:PORT"} on stdout once it
// accepts connections, as Onboard and naive do.
package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"time"

	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/option"

	"github.com/onboard-chat/onboard/internal/loadtest/reference"
)

func main() { reference.Main("floor", run) }

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on")
	audience := fs.String("audience", "", "the Chat app's HTTP endpoint URL (the token's aud)")
	certsURL := fs.String("certs-url", "", "where Google's OAuth2 JWK set is served (chatfake's)")
	chatAPI := fs.String("chat-api", "", "the Chat API's base URL (chatfake's)")
	database := fs.String("database", "", "sqlite:PATH or a postgres:// URL: where River keeps its jobs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *audience == "" || *certsURL == "" || *chatAPI == "" || *database == "" {
		return errors.New("-audience, -certs-url, -chat-api and -database are required")
	}
	// The client is built, as Onboard builds its own at start-up, so that
	// the library's client code is in the binary; the load never calls it.
	if _, err := chat.NewService(ctx, option.WithEndpoint(*chatAPI), option.WithoutAuthentication()); err != nil {
		return err
	}
	jobs, err := startJobs(ctx, *database)
	if err != nil {
		return err
	}
	e, err := reference.NewServer(ctx, *audience, *certsURL)
	if err != nil {
		return err
	}
	serveErr := reference.Serve(ctx, e, *listen, stdout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return errors.Join(serveErr, jobs.stop(sctx))
}
