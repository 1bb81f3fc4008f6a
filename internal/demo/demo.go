// Package demo runs Onboard with no Google account: an embedded chatfake
// world stands in for Google, and `onboard say` plays a person typing in
// Chat, signing real Chat events with the local fake's key. It owns the demo
// banner, the small state file that lets `say` find the running demo, and
// rendering reply cards as text. Nothing here runs outside the demo.
package demo

import (
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/config"
)

// Demo is a running demo world.
type Demo struct {
	Config config.Config // the configuration Onboard runs with, pointing at the fake
	Fake   *chatfake.Server
	World  *chatfake.World
	dir    string // temporary: the service account key

	mu       sync.Mutex
	watchers []func(chatfake.Call)
}

// Start starts the fake world and derives Onboard's configuration from cfg.
// What Onboard posts on its own through the Chat API — progress messages,
// plan welcome texts — is printed to posts as it happens, since no Chat
// window shows it.
func Start(cfg config.Config, posts io.Writer) (*Demo, error) {
	w, err := chatfake.DefaultWorld()
	if err != nil {
		return nil, err
	}
	d := &Demo{World: w}
	printPost := postPrinter(w, posts)
	fake, err := chatfake.New(w, chatfake.Options{OnCall: func(c chatfake.Call) {
		printPost(c)
		d.tell(c)
	}})
	if err != nil {
		return nil, err
	}
	d.Fake = fake
	dir, err := os.MkdirTemp("", "onboard-demo-")
	if err != nil {
		fake.Close()
		return nil, err
	}
	d.dir = dir
	key := filepath.Join(dir, "service-account.json")
	if err := fake.WriteServiceAccountKey(key); err != nil {
		d.Close()
		return nil, err
	}
	cfg.Audience = w.EndpointURL
	cfg.APIEndpoint = fake.URL + "/"
	cfg.CredentialsFile = key
	cfg.GoogleCertsURL = fake.GoogleJWKURL()
	cfg.ChatCertsURL = fake.ChatX509URL()
	cfg.OrgDomains = w.Domains
	cfg.DatabaseURL = "sqlite:" + filepath.Join(dir, "onboard.db") // the demo starts fresh every time
	cfg.Admins = []string{"sam@example.com"}
	if err := d.connectAccounts(&cfg); err != nil {
		d.Close()
		return nil, err
	}
	d.Config = cfg
	return d, nil
}

// connectAccounts lets demo people connect their (fake) Google accounts:
// the world's OAuth client, the fake's OAuth and Cloud Identity endpoints,
// a key that lives as long as the demo, and a callback on the demo's own
// port, registered with the fake.
func (d *Demo) connectAccounts(cfg *config.Config) error {
	if len(d.World.OAuthClients) == 0 {
		return nil
	}
	if cfg.Port == 0 { // the callback URL needs the port before Onboard listens
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		cfg.Port = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		cfg.Addr = net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
		if cfg.Host == "" {
			cfg.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port))
		}
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	client := d.World.OAuthClients[0]
	redirect := fmt.Sprintf("http://127.0.0.1:%d%s", cfg.Port, config.CallbackPath)
	d.Fake.AddOAuthClient(chatfake.OAuthClient{ClientID: client.ClientID, RedirectURIs: []string{redirect}})
	cfg.OAuth = config.OAuth{ClientID: client.ClientID, ClientSecret: client.ClientSecret, RedirectURL: redirect,
		Key: key, AuthURL: d.Fake.AuthorizeURL(), TokenURL: d.Fake.TokenURL(), RevokeURL: d.Fake.RevokeURL(),
		CloudIdentity: d.Fake.URL + "/"}
	return nil
}

// Watch has f told of every call Onboard makes to the fake, once it has
// been answered, on the call's own goroutine (the playground shows them
// live). f must not block.
func (d *Demo) Watch(f func(chatfake.Call)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.watchers = append(d.watchers, f)
}

func (d *Demo) tell(c chatfake.Call) {
	d.mu.Lock()
	watchers := append([]func(chatfake.Call){}, d.watchers...)
	d.mu.Unlock()
	for _, f := range watchers {
		f(c)
	}
}

// Close stops the fake and removes the demo's files.
func (d *Demo) Close() {
	d.Fake.Close()
	os.RemoveAll(d.dir)
	if p, err := statePath(); err == nil {
		os.Remove(p)
	}
}

// Announce records where the demo listens (for `say`) and prints the
// banner with commands to paste.
func (d *Demo) Announce(addr string, stdout io.Writer) error {
	key, err := d.Fake.ExportSigningKey()
	if err != nil {
		return err
	}
	if err := writeState(state{AppURL: "http://" + addr + "/", Audience: d.Config.Audience, SigningKey: key}); err != nil {
		return fmt.Errorf("demo state: %w", err)
	}
	_, err = fmt.Fprintf(stdout, `
  ┌──────────────────────────────────────────────────────────────────┐
  │  Onboard DEMO — not connected to Google.                         │
  │  A local Chat fake plays Google: example.com, a few people,      │
  │  "Platform Team" (Onboard is in it) and "Finance" (it is not).   │
  └──────────────────────────────────────────────────────────────────┘
  Onboard is listening on http://%s/ .
  Try it in a browser: http://%[1]s/playground — a Chat-like page over this demo.
  Or, in another terminal:

    go run . say --as sam "/invite @alice @bob carol@example.com erin@partner.test"
    go run . say --as dave "/invite @carol"          # a plain member: refused
    go run . say --as sam --dm "/invite spaces/AAAAnotapp02 @alice"
    go run . say --as sam --consent "/invite group:eng@example.com"   # with sam's own Google account
    go run . say --as sam "/help"

  People: sam (space owner), alice, bob (auto-accept off), carol, dave (member),
  erin@partner.test (outside the organisation). Stop with Ctrl-C.

`, addr)
	return err
}
