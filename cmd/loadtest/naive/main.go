// Command naive is the load benchmark's reference server
// (internal/loadtest/reference) on its own: Echo, idtoken and chat/v1's
// types. It answers /help and nothing else, with no database, no logging
// and no metrics: `go run ./cmd/loadtest` drives it with the same load as Onboard
// so that Onboard's cost can be read as a ratio to it (docs/performance.md).
// It is not a product and is never deployed.
//
//	naive -audience URL -certs-url URL [-listen 127.0.0.1:0]
//
// It prints {"message":"listening","addr":"HOST:PORT"} on stdout once it
// accepts connections, the line Onboard prints too.
package main

import (
	"context"
	"errors"
	"flag"
	"io"

	"github.com/onboard-chat/onboard/internal/loadtest/reference"
)

func main() { reference.Main("naive", run) }

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("naive", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on")
	audience := fs.String("audience", "", "the Chat app's HTTP endpoint URL (the token's aud)")
	certsURL := fs.String("certs-url", "", "where Google's OAuth2 JWK set is served (chatfake's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *audience == "" || *certsURL == "" {
		return errors.New("-audience and -certs-url are required")
	}
	e, err := reference.NewServer(ctx, *audience, *certsURL)
	if err != nil {
		return err
	}
	return reference.Serve(ctx, e, *listen, stdout)
}
