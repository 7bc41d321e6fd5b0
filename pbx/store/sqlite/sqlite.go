// Package sqlite opens Dialtone's embedded store: a SQLite file through the
// pure-Go modernc.org/sqlite driver, in WAL mode with a busy timeout and
// foreign keys on.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/pressly/goose/v3"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/dialtone-pbx/dialtone/migrations"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlstore"
)

// Dialect describes SQLite to the shared store.
func Dialect() sqlstore.Dialect {
	code := func(err error) int {
		var e *sqlite.Error
		if errors.As(err, &e) {
			return e.Code()
		}
		return 0
	}
	return sqlstore.Dialect{
		Name:       "sqlite",
		Goose:      goose.DialectSQLite3,
		Migrations: migrations.SQLite(),
		IsUnique: func(err error) bool {
			c := code(err)
			return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
		},
		IsForeign: func(err error) bool { return code(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY },
	}
}

// DSN builds the driver's data source for a file: WAL so readers never wait
// for the writer, a busy timeout so two processes (server and CLI) queue
// instead of failing, immediate transactions so a write never deadlocks on
// lock upgrade, and foreign keys enforced.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the SQLite file at path. It does not
// migrate; call MigrateUp.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: create data dir: %w", err)
		}
	}
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s := sqlstore.New(db, Dialect(), nil)
	if err := s.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return s, nil
}
