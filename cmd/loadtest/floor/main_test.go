package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/demo"
)

// The floor is only a floor if it carries what it says: it must answer a
// signed /help as the reference does while River runs on its SQLite file.
func TestFloorAnswersHelpWithRiverRunning(t *testing.T) {
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	fake, err := chatfake.New(w, chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	db := filepath.Join(t.TempDir(), "floor.db")
	ctx, cancel := context.WithCancel(t.Context())
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-audience", w.EndpointURL, "-certs-url", fake.GoogleJWKURL(),
			"-chat-api", fake.URL + "/", "-database", "sqlite:" + db}, stdout)
	}()
	var listening struct{ Message, Addr string }
	line, err := bufio.NewReader(out).ReadBytes('\n')
	if err != nil || json.Unmarshal(line, &listening) != nil || listening.Message != "listening" {
		t.Fatalf("first line %q (%v), want the listening line", line, err)
	}
	ev, err := demo.BuildEvent(w, "sam", "AAAAonbrd01", false, "", "/help")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(ev)
	tok, err := fake.MintURLToken(w.EndpointURL)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+listening.Addr+"/", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	reply, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(reply, []byte(`"cardsV2"`)) {
		t.Fatalf("got %d %s, want 200 with a help card", resp.StatusCode, reply)
	}

	// River's schema is in the file (and run only listens once River started).
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.QueryRowContext(t.Context(), "SELECT count(*) FROM river_job").Scan(new(int)); err != nil {
		t.Fatalf("River's job table: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}
