package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/config"
)

// TestDemoLogsTextLines: `go run .` (no contract variable set: the demo)
// prints log lines a person can read in a terminal, and a deployment
// prints the JSON Cloud Logging parses.
func TestDemoLogsTextLines(t *testing.T) {
	demo, err := config.Load(func(string) string { return "" })
	if err != nil || !demo.Demo {
		t.Fatalf("an empty environment is not the demo: %v", err)
	}
	var out bytes.Buffer
	serveLog(demo, &out).Info("onboard: listening", "addr", "127.0.0.1:8080")
	line := out.String()
	if !strings.HasPrefix(line, "time=") || !strings.Contains(line, `msg="onboard: listening" addr=127.0.0.1:8080`) {
		t.Errorf("the demo's log line is not text for a person: %q", line)
	}

	out.Reset()
	serveLog(config.Config{Project: "onboard-prod"}, &out).Info("onboard: listening", "addr", ":8080")
	var entry map[string]any
	if err := json.Unmarshal(out.Bytes(), &entry); err != nil || entry["message"] == nil && entry["msg"] == nil {
		t.Errorf("a deployment's log line is not Cloud Logging's JSON: %q (%v)", out.String(), err)
	}
}
