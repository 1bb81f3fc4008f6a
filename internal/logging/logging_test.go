package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"testing"
)

func TestNewWritesCloudLoggingFields(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, slog.LevelInfo).Warn("keys refreshed", "url", "u")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("log line is not JSON: %v: %s", err, buf.Bytes())
	}
	if line["severity"] != "WARNING" || line["message"] != "keys refreshed" || line["time"] == nil {
		t.Errorf("got %v, want severity WARNING, message and time", line)
	}
}

// The demo's log is for a person: text lines with the time of day, not
// JSON.
func TestNewTextIsForAPerson(t *testing.T) {
	var buf bytes.Buffer
	NewText(&buf, slog.LevelInfo).Info("listening", "addr", "127.0.0.1:8080")
	line := buf.String()
	if json.Valid(buf.Bytes()) || !strings.Contains(line, "level=INFO msg=listening addr=127.0.0.1:8080") ||
		!regexp.MustCompile(`^time=\d\d:\d\d:\d\d `).MatchString(line) {
		t.Errorf("got %q, want a text line starting with the time of day", line)
	}
}
