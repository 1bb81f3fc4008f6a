package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// SpaceSettings returns space's settings; the zero SpaceSettings with
// Space set when none were saved (every field then means "the default").
func (s *Store) SpaceSettings(ctx context.Context, space string) (bot.SpaceSettings, error) {
	set := bot.SpaceSettings{Space: space}
	var invite, remove, domains string
	var plans sql.NullBool
	var preview sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT invite_policy, remove_policy, allowed_domains, max_people,
			plans_allowed, updated_by, updated_at, updated_by_name, preview_over, locale
		FROM onboard_space_settings WHERE space = $1`, space).
		Scan(&invite, &remove, &domains, &set.MaxPeople, &plans, &set.UpdatedBy, utcTime{&set.UpdatedAt}, &set.UpdatedByName,
			&preview, &set.Locale)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bot.SpaceSettings{Space: space}, nil
	case err != nil:
		return bot.SpaceSettings{}, fmt.Errorf("store: settings of %s: %w", space, err)
	}
	set.InvitePolicy, set.RemovePolicy = bot.InvitePolicy(invite), bot.InvitePolicy(remove)
	if domains != "" {
		set.AllowedDomains = strings.Split(domains, ",")
	}
	if plans.Valid {
		set.PlansAllowed = &plans.Bool
	}
	if preview.Valid {
		n := int(preview.Int64)
		set.PreviewOver = &n
	}
	return set, nil
}

// SaveSpaceSettings creates or replaces set.Space's settings as a whole.
// A zero UpdatedAt is saved as now. No space, or a domain that is empty or
// holds a comma (they are stored comma-joined), is KindInvalid; an empty
// AllowedDomains reads back as nil.
func (s *Store) SaveSpaceSettings(ctx context.Context, set bot.SpaceSettings) error {
	if err := validSettings(set); err != nil {
		return &bot.Error{Op: "store.SaveSpaceSettings", Kind: bot.KindInvalid, Err: err}
	}
	if set.UpdatedAt.IsZero() {
		set.UpdatedAt = time.Now()
	}
	var plans sql.NullBool
	if set.PlansAllowed != nil {
		plans = sql.NullBool{Bool: *set.PlansAllowed, Valid: true}
	}
	var preview sql.NullInt64
	if set.PreviewOver != nil {
		preview = sql.NullInt64{Int64: int64(*set.PreviewOver), Valid: true}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO onboard_space_settings
			(space, invite_policy, remove_policy, allowed_domains, max_people, plans_allowed, updated_by, updated_at,
			 updated_by_name, preview_over, locale)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (space) DO UPDATE SET invite_policy = excluded.invite_policy,
			remove_policy = excluded.remove_policy, allowed_domains = excluded.allowed_domains,
			max_people = excluded.max_people, plans_allowed = excluded.plans_allowed,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at,
			updated_by_name = excluded.updated_by_name, preview_over = excluded.preview_over,
			locale = excluded.locale`,
		set.Space, string(set.InvitePolicy), string(set.RemovePolicy), strings.Join(set.AllowedDomains, ","),
		set.MaxPeople, plans, set.UpdatedBy, dbTime(set.UpdatedAt), set.UpdatedByName, preview, set.Locale)
	if err != nil {
		return fmt.Errorf("store: save settings of %s: %w", set.Space, err)
	}
	return nil
}

func validSettings(set bot.SpaceSettings) error {
	if set.Space == "" {
		return errors.New("settings name no space")
	}
	for _, d := range set.AllowedDomains {
		if d == "" || strings.Contains(d, ",") {
			return fmt.Errorf("allowed domain %q is empty or holds a comma", d)
		}
	}
	return nil
}

// switchPaused is the kill switch's row in onboard_switches.
const switchPaused = "paused"

// Paused reports whether Onboard admins paused every membership change;
// false until the switch was first set.
func (s *Store) Paused(ctx context.Context) (bool, error) {
	var v string
	err := s.read.QueryRowContext(ctx, `SELECT value FROM onboard_switches WHERE name = $1`, switchPaused).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: read the kill switch: %w", err)
	}
	paused, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("store: the kill switch holds %q: %w", v, err)
	}
	return paused, nil
}

// SetPaused turns the kill switch, recording by (users/…) and when.
func (s *Store) SetPaused(ctx context.Context, paused bool, by string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO onboard_switches (name, value, updated_by, updated_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		switchPaused, strconv.FormatBool(paused), by, dbTime(time.Now()))
	if err != nil {
		return fmt.Errorf("store: set the kill switch: %w", err)
	}
	return nil
}
