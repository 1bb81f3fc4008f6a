package store_test

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
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
		if before.ours != len(migrationNames(t, d)) || before.river < 1 {
			t.Errorf("after Migrate got %+v, want all %d of ours and River's recorded", before, len(migrationNames(t, d)))
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
		if got, want := schemaState(t, instances[0]).ours, len(migrationNames(t, d)); got != want {
			t.Errorf("onboard_migrations rows = %d, want %d (each version once)", got, want)
		}
	})
}

func TestMigrateUpgradesADatabaseAt0001(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.OpenUnmigrated(t, storetest.URL(t, d))
		if err := store.MigrateUpTo(t.Context(), s, 1); err != nil {
			t.Fatalf("MigrateUpTo(1): %v", err)
		}
		// Work saved by the release before the audit log existed, as it
		// wrote it (today's CreateBatch writes columns added since).
		old := bot.Batch{ID: "0001batch"}
		for _, q := range []string{`INSERT INTO onboard_batches (id, request_key, actor_name, created_at)
				VALUES ('0001batch', 'before 0002', '` + alice.Name + `', CURRENT_TIMESTAMP)`,
			`INSERT INTO onboard_items (batch_id, idx, space, target_user, queued, outcome, updated_at)
				VALUES ('0001batch', 0, '` + eng.Name + `', 'users/10', TRUE, 'pending', CURRENT_TIMESTAMP)`} {
			if _, err := s.DB().ExecContext(t.Context(), q); err != nil {
				t.Fatalf("saving work as version 1 did: %v", err)
			}
		}
		if _, err := s.DB().ExecContext(t.Context(), "SELECT count(*) FROM onboard_audit"); err == nil {
			t.Fatal("onboard_audit exists at version 1")
		}

		for i := range 2 { // the upgrade, then a no-op
			if err := s.Migrate(t.Context()); err != nil {
				t.Fatalf("Migrate %d: %v", i+1, err)
			}
			if got, want := schemaState(t, s).ours, len(migrationNames(t, d)); got != want {
				t.Errorf("after Migrate %d: %d of our migrations recorded, want %d", i+1, got, want)
			}
		}
		// The old batch's work goes on, and is audited from now on.
		if ok, err := s.RecordResult(t.Context(), store.ItemRef{BatchID: old.ID}, bot.PersonResult{Outcome: bot.Joined}); !ok || err != nil {
			t.Fatalf("RecordResult on the old batch = %v, %v; want recorded", ok, err)
		}
		if got := batchAudit(t, s, old.ID); len(got) != 1 || got[0].Outcome != bot.Joined {
			t.Errorf("old batch's audit entries = %+v, want its one result", got)
		}
		if err := s.SetPaused(t.Context(), true, alice.Name); err != nil {
			t.Errorf("SetPaused after the upgrade: %v", err)
		}
	})
}

func TestMigrationsAreInStepAcrossDialects(t *testing.T) {
	if diff := cmp.Diff(migrationNames(t, store.Postgres), migrationNames(t, store.SQLite)); diff != "" {
		t.Errorf("migration files (-postgres +sqlite):\n%s", diff)
	}
}

func migrationNames(t *testing.T, d store.Dialect) []string {
	t.Helper()
	names, err := store.MigrationNames(d)
	if err != nil {
		t.Fatal(err)
	}
	return names
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
