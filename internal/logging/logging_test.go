package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
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
