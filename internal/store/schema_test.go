package store_test

import (
	"slices"
	"testing"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestSchemaStatus: what `onboard doctor` reads about a database's schema
// — fresh, one release behind, current, or migrated by a newer build —
// and that reading it applies nothing.
func TestSchemaStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.OpenUnmigrated(t, storetest.URL(t, d))
		ctx := t.Context()
		status := func(t *testing.T) store.SchemaStatus {
			t.Helper()
			st, err := s.SchemaStatus(ctx)
			if err != nil {
				t.Fatalf("SchemaStatus: %v", err)
			}
			return st
		}

		fresh := status(t)
		if fresh.Current() || len(fresh.Applied) > 0 || len(fresh.RiverApplied) > 0 {
			t.Errorf("empty database: got %+v, want nothing applied and not current", fresh)
		}
		if !slices.Equal(fresh.Pending(), fresh.Known) || len(fresh.RiverPending()) == 0 {
			t.Errorf("empty database: pending %v and River's %v, want all of ours %v and River's", fresh.Pending(), fresh.RiverPending(), fresh.Known)
		}
		if !slices.Equal(fresh.MissingRiverTables, store.RiverTables) {
			t.Errorf("empty database: missing River tables %v, want %v", fresh.MissingRiverTables, store.RiverTables)
		}
		if again := status(t); len(again.Applied) > 0 || len(again.RiverApplied) > 0 {
			t.Errorf("SchemaStatus migrated something: %+v", again)
		}

		if err := store.MigrateUpTo(ctx, s, 1); err != nil {
			t.Fatal(err)
		}
		behind := status(t)
		if behind.Current() || !slices.Equal(behind.Pending(), behind.Known[1:]) || len(behind.RiverPending()) > 0 ||
			len(behind.MissingRiverTables) > 0 {
			t.Errorf("at version 1: got pending %v, River pending %v, missing tables %v; want %v, none, none",
				behind.Pending(), behind.RiverPending(), behind.MissingRiverTables, behind.Known[1:])
		}

		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if cur := status(t); !cur.Current() {
			t.Errorf("after Migrate: got %+v, want current", cur)
		}

		if _, err := s.DB().ExecContext(ctx, `INSERT INTO onboard_migrations (version, applied_at) VALUES (9999, CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		if newer := status(t); newer.Current() || !slices.Equal(newer.Unknown(), []int{9999}) {
			t.Errorf("with a version from a newer build: unknown %v, current %v; want [9999], false", newer.Unknown(), newer.Current())
		}
	})
}
