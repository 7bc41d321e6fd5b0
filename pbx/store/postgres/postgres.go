// Package postgres opens Dialtone's cloud store: PostgreSQL (RDS in AWS)
// through a pgx v5 connection pool, shared by the nodes of an HA pair.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/dialtone-pbx/dialtone/migrations"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlstore"
)

// Dialect describes PostgreSQL to the shared store.
func Dialect() sqlstore.Dialect {
	code := func(err error) string {
		var e *pgconn.PgError
		if errors.As(err, &e) {
			return e.Code
		}
		return ""
	}
	return sqlstore.Dialect{
		Name:       "postgres",
		Goose:      goose.DialectPostgres,
		Migrations: migrations.Postgres(),
		IsUnique:   func(err error) bool { return code(err) == "23505" },
		IsForeign:  func(err error) bool { return code(err) == "23503" },
	}
}

// Open connects a pool to url. It does not migrate; call MigrateUp.
func Open(ctx context.Context, url string) (*sqlstore.Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad database URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	s := sqlstore.New(db, Dialect(), func() error { pool.Close(); return nil })
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("postgres: connect %s@%s:%d/%s: %w", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	return s, nil
}
