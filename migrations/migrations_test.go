package migrations

import (
	"io/fs"
	"slices"
	"testing"
)

// A migration added for one dialect only would leave the two stores with
// different schemas; this keeps them in step.
func TestDialectsInStep(t *testing.T) {
	names := func(f fs.FS) []string {
		m, err := fs.Glob(f, "*.sql")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	s, p := names(SQLite()), names(Postgres())
	if len(s) == 0 {
		t.Fatal("no migrations embedded")
	}
	if !slices.Equal(s, p) {
		t.Fatalf("sqlite migrations %v differ from postgres %v", s, p)
	}
}
