package chatfake

// `onboard fakechat`: chatfake as a process for the demo and for trying
// Onboard by hand.

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/onboard-chat/onboard/internal/cli"
)

//go:embed testdata/world.json
var defaultWorld []byte

// DefaultWorld returns the example world (testdata/world.json).
func DefaultWorld() (*World, error) { return ParseWorld(defaultWorld) }

// RunStandalone implements
//
//	onboard fakechat [-world FILE] [-addr 127.0.0.1:9090] [-key-out sa.json]
//
// It loads the world (the example world without -world), starts the
// server, writes the service account key (mode 0600, token_uri pointing at
// the server) and prints, one per line:
//
//	CHATFAKE_URL=http://127.0.0.1:9090
//	GOOGLE_APPLICATION_CREDENTIALS=/abs/path/sa.json
//	GCE_METADATA_HOST=127.0.0.1:9090
//
// then serves until ctx is cancelled.
func RunStandalone(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fakechat", flag.ContinueOnError)
	fs.SetOutput(stdout)
	worldPath := fs.String("world", "", "world file (default: the built-in example world)")
	addr := fs.String("addr", "127.0.0.1:9090", "listen address")
	keyOut := fs.String("key-out", "sa.json", "where to write the service account key")
	if err := fs.Parse(args); err != nil {
		return cli.FlagError(err) // -h: help, exit 0; a wrong flag: exit 2
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("fakechat: unexpected arguments %q", fs.Args())
	}
	w, err := loadStandaloneWorld(*worldPath)
	if err != nil {
		return err
	}
	s, err := New(w, Options{Addr: *addr})
	if err != nil {
		return fmt.Errorf("fakechat: %w", err)
	}
	defer s.Close()
	keyPath, err := filepath.Abs(*keyOut)
	if err != nil {
		return err
	}
	if err := s.WriteServiceAccountKey(keyPath); err != nil {
		return fmt.Errorf("fakechat: key: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "CHATFAKE_URL=%s\nGOOGLE_APPLICATION_CREDENTIALS=%s\nGCE_METADATA_HOST=%s\n",
		s.URL, keyPath, s.MetadataHost())
	if err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}

func loadStandaloneWorld(path string) (*World, error) {
	if path == "" {
		return DefaultWorld()
	}
	return LoadWorld(path)
}
