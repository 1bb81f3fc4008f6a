package auditcli

import (
	"testing"
	"time"
)

func TestParseWhen(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-11-01T10:00:00+01:00", time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), true},
		{"7d", now.Add(-7 * 24 * time.Hour), true},
		{"24h", now.Add(-24 * time.Hour), true},
		{"90m", now.Add(-90 * time.Minute), true},
		{"0d", time.Time{}, false},
		{"-3d", time.Time{}, false},
		{"7", time.Time{}, false},
		{"1.5d", time.Time{}, false},
		{"2026-13-01", time.Time{}, false},
		{"yesterday", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := parseWhen("since", tt.in, now)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseWhen(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
