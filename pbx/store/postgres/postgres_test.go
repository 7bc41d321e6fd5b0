package postgres_test

import (
	"context"
	"testing"

	"github.com/dialtone-pbx/dialtone/internal/testpg"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/postgres"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlstore"
	"github.com/dialtone-pbx/dialtone/pbx/store/storetest"
)

func TestConformance(t *testing.T) {
	srv := testpg.Start(t)
	open := func(t *testing.T) *sqlstore.Store {
		s, err := postgres.Open(context.Background(), srv.NewDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.MigrateUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		return s
	}
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
	t.Run("Migrations", func(t *testing.T) { storetest.RunMigrations(t, open(t)) })
}

func TestBadURL(t *testing.T) {
	if _, err := postgres.Open(context.Background(), "postgres://nobody@127.0.0.1:1/x?connect_timeout=1"); err == nil {
		t.Fatal("connected to nothing")
	}
}
