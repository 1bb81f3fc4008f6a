package auditcli

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseWhen reads a --since or --until value: a date (2026-11-01, midnight
// UTC), an RFC 3339 time, or an age counted back from now (7d, 24h, 90m).
func parseWhen(flag, s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	age, err := parseAge(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q: want a date (2026-11-01), an RFC 3339 time or an age (7d, 24h)", flag, s)
	}
	return now.Add(-age).UTC(), nil
}

// parseAge reads an age: whole days (365d) or a Go duration (24h, 90m),
// positive.
func parseAge(s string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n > 100*365 {
			return 0, fmt.Errorf("%q: want whole days (365d) or a duration (24h)", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q: want whole days (365d) or a duration (24h)", s)
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q: want an age greater than zero", s)
	}
	return d, nil
}

// retentionFromEnv is AUDIT_RETENTION_DAYS as the server reads it
// (internal/config: 1 to 36500 days, default 365). The audit tool does not
// load the whole configuration: it needs only the database.
func retentionFromEnv(getenv func(string) string) (time.Duration, error) {
	v := getenv("AUDIT_RETENTION_DAYS")
	if v == "" {
		return 365 * 24 * time.Hour, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 36500 {
		return 0, fmt.Errorf("AUDIT_RETENTION_DAYS=%q: want a number of days", v)
	}
	return time.Duration(n) * 24 * time.Hour, nil
}
