package store

import (
	"fmt"
	"time"
)

// dbTime is how a time is written: UTC, to the microsecond (PostgreSQL's
// precision, applied on SQLite too so both give back the same value).
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime writes the zero time as NULL ("not yet").
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

// utcTime scans a timestamp from either database into UTC: pgx gives a
// time.Time in the local zone, modernc's SQLite a time.Time or, for a
// column it cannot type, the text it wrote. NULL scans as the zero time.
type utcTime struct{ t *time.Time }

// timeLayout is modernc's "sqlite" write format (_time_format=sqlite).
const timeLayout = "2006-01-02 15:04:05.999999999-07:00"

func (u utcTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*u.t = time.Time{}
	case time.Time:
		*u.t = v.UTC()
	case string:
		return u.parse(v)
	case []byte:
		return u.parse(string(v))
	default:
		return fmt.Errorf("store: cannot scan %T as a time", src)
	}
	return nil
}

func (u utcTime) parse(s string) error {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return fmt.Errorf("store: cannot scan %q as a time: %w", s, err)
	}
	*u.t = t.UTC()
	return nil
}
