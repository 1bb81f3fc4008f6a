package demo

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/config"
)

// What Onboard posts through the Chat API in the demo — a progress message
// and its edits — shows in the terminal, named by its space, since no Chat
// window shows it.
func TestDemoPrintsWhatOnboardPosts(t *testing.T) {
	var out lockedBuilder
	d, err := Start(config.Config{Demo: true}, &out)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	api, err := chatapi.New(context.Background(), chatapi.Options{Endpoint: d.Config.APIEndpoint,
		CredentialsFile: d.Config.CredentialsFile})
	if err != nil {
		t.Fatal(err)
	}
	msg := map[string]any{"text": "Onboarding", "cardsV2": []any{map[string]any{"cardId": "p", "card": map[string]any{
		"header":   map[string]any{"title": "Onboarding", "subtitle": "R&D Team"},
		"sections": []any{map[string]any{"widgets": []any{map[string]any{"textParagraph": map[string]any{"text": "12 of 40 done"}}}}},
	}}}}
	name, err := api.CreateMessage(context.Background(), "spaces/AAAAonbrd01", msg, "")
	if err != nil {
		t.Fatal(err)
	}
	msg["cardsV2"].([]any)[0].(map[string]any)["card"].(map[string]any)["sections"] = []any{map[string]any{
		"widgets": []any{map[string]any{"textParagraph": map[string]any{"text": "40 of 40 done"}}}}}
	if err := api.PatchMessage(context.Background(), name, msg, "text,cardsV2"); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"Onboard posted in “Platform Team”", "── Onboarding · R&D Team ──", "12 of 40 done",
		"Onboard updated its message in “Platform Team”", "40 of 40 done"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, got)
		}
	}
}

type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
