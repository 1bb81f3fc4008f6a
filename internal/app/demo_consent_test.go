package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/demo"
)

// `go run . say --as sam --consent "/invite group:eng@example.com"` plays
// the whole flow in the demo: Onboard asks sam to connect, the demo's
// Google consents, Chat sends the message again, and the group is added
// with sam's own account. Without --consent the prompt's link is shown.
func TestDemoSayConsent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the demo's state file, which say reads
	cfg, err := config.Load(func(k string) string { return map[string]string{"PORT": "0"}[k] })
	if err != nil || !cfg.Demo {
		t.Fatalf("config: demo %v, %v", cfg.Demo, err)
	}
	cfg.MetricsAddr = ""
	runDemo(t, cfg)

	var out bytes.Buffer
	if err := demo.Say(context.Background(), []string{"--as", "sam", "/invite group:eng@example.com"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "connect your Google account") || !strings.Contains(out.String(), "--consent") {
		t.Errorf("without --consent: %s", out.String())
	}
	out.Reset()
	err = demo.Say(context.Background(), []string{"--as", "sam", "--consent", "/invite group:eng@example.com"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"connected sam@example.com's Google account", "Added: eng@example.com",
		"With the requester's own Google account"} {
		if !strings.Contains(got, want) {
			t.Errorf("say --consent printed\n%s\nwant it to contain %q", got, want)
		}
	}
}
