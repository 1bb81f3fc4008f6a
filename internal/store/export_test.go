package store

import "context"

// MigrateUpTo brings River's schema up to date and ours up to version
// only, so tests can start from an older release's database.
func MigrateUpTo(ctx context.Context, s *Store, version int) error {
	if err := s.migrateRiver(ctx); err != nil {
		return err
	}
	return s.migrateOurs(ctx, version)
}

// MigrationNames lists d's migration files in version order.
func MigrationNames(d Dialect) ([]string, error) {
	ms, err := migrations(d)
	var names []string
	for _, m := range ms {
		names = append(names, m.name)
	}
	return names, err
}
