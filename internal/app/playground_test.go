package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/config"
)

// The demo serves the playground beside Onboard, and what the page sends
// reaches Onboard through its token check: an /invite typed on the page
// adds the person, and the page shows Onboard's card.
func TestDemoServesThePlayground(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the demo's state file
	cfg, err := config.Load(func(k string) string { return map[string]string{"PORT": "0"}[k] })
	if err != nil || !cfg.Demo {
		t.Fatalf("config: demo %v, %v", cfg.Demo, err)
	}
	cfg.MetricsAddr = ""
	base := runDemo(t, cfg)

	resp, err := http.Get(base + "/playground?as=sam&space=AAAAonbrd01")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(page, []byte("Onboard playground")) {
		t.Fatalf("GET /playground: %d", resp.StatusCode)
	}
	body := `{"as":"sam","space":"AAAAonbrd01","text":"/invite @Alice Ng","lang":"en"}`
	resp, err = http.Post(base+"/playground/api/send", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ Kind, Message string }
	_ = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || out.Kind != "message" {
		t.Fatalf("send: %d %+v, want Onboard's message", resp.StatusCode, out)
	}
	resp, err = http.Get(base + "/playground/api/state?as=sam&space=AAAAonbrd01")
	if err != nil {
		t.Fatal(err)
	}
	state, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"Invite results", `data-email=\"alice@example.com\" data-state=\"JOINED\"`} {
		if !bytes.Contains(state, []byte(want)) {
			t.Errorf("the page's state lacks %s", want)
		}
	}
}

// runDemo runs Onboard's demo until the test ends and returns the base
// URL the banner names for the playground.
func runDemo(t *testing.T, cfg config.Config) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	banner := &bannerWatch{found: make(chan string, 1)}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, slog.New(slog.DiscardHandler), banner) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("the demo ended with %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("the demo did not stop within 15 s")
		}
	})
	select {
	case base := <-banner.found:
		return base
	case err := <-done:
		t.Fatalf("the demo ended before it listened: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("the demo did not print its banner within 60 s")
	}
	return ""
}

// bannerWatch reads the demo's banner for the playground's address.
type bannerWatch struct {
	mu    sync.Mutex
	text  strings.Builder
	found chan string
}

var playgroundLine = regexp.MustCompile(`(http://127\.0\.0\.1:\d+)/playground`)

func (b *bannerWatch) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text.Write(p)
	if m := playgroundLine.FindStringSubmatch(b.text.String()); m != nil {
		select {
		case b.found <- m[1]:
		default:
		}
	}
	return len(p), nil
}
