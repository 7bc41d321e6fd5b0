package storetest

import (
	"testing"

	"github.com/dialtone-pbx/dialtone/pbx/store/sqlstore"
)

// RunMigrations checks that the schema goes down and up again cleanly and
// that status reports every migration applied.
func RunMigrations(t *testing.T, s *sqlstore.Store) {
	c := ctx(t)
	st, err := s.MigrateStatus(c)
	must(t, err)
	if len(st) == 0 {
		t.Fatal("no migrations")
	}
	for _, m := range st {
		if !m.Applied {
			t.Fatalf("migration %d not applied", m.Version)
		}
	}
	for range st {
		must(t, s.MigrateDown(c))
	}
	st, err = s.MigrateStatus(c)
	must(t, err)
	for _, m := range st {
		if m.Applied {
			t.Fatalf("migration %d still applied after down", m.Version)
		}
	}
	must(t, s.MigrateUp(c))
	must(t, s.CreateExtension(c, Ext("101", "after up")))
}
