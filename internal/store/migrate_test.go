package store_test

import (
	"sync"
	"testing"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestMigrateTwiceIsANoOp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d) // migrated once
		before := schemaState(t, s)
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if got := schemaState(t, s); got != before {
			t.Errorf("after a second Migrate got %+v, want %+v unchanged", got, before)
		}
		if before.ours < 1 || before.river < 1 {
			t.Errorf("after Migrate got %+v, want our and River's migrations recorded", before)
		}
		// The schema works: a batch can be saved.
		create(t, s, newBatch("k", alice, pending(eng, "users/10")))
	})
}

func TestMigrateConcurrentlyFromTwoInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		url := storetest.URL(t, d) // fresh, empty
		instances := []*store.Store{storetest.OpenUnmigrated(t, url), storetest.OpenUnmigrated(t, url)}
		errs := make([]error, len(instances))
		var wg sync.WaitGroup
		for i, s := range instances {
			wg.Go(func() { errs[i] = s.Migrate(t.Context()) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("instance %d: Migrate: %v", i, err)
			}
		}
		if got := schemaState(t, instances[0]); got.ours != 1 {
			t.Errorf("onboard_migrations rows = %d, want 1 (each version once)", got.ours)
		}
	})
}

type migrationCounts struct{ ours, river int }

func schemaState(t *testing.T, s *store.Store) migrationCounts {
	t.Helper()
	var c migrationCounts
	db := s.DB()
	if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM onboard_migrations").Scan(&c.ours); err != nil {
		t.Fatalf("count onboard_migrations: %v", err)
	}
	if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM river_migration").Scan(&c.river); err != nil {
		t.Fatalf("count river_migration: %v", err)
	}
	return c
}
