package cdr

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlstore"
)

func openSQLite(t testing.TB, path string) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MigrateUp(ctx); err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s
}

// countByID lists every CDR in s by id, with how many rows each has.
func countByID(t testing.TB, s store.Store) map[string]int {
	t.Helper()
	rows, err := s.ListCDRs(context.Background(), store.CDRFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, c := range rows {
		n[c.ID]++
	}
	return n
}

// TestSQLiteReplay: records stored in SQLite, the process crashes before
// the spool file is deleted, the replay meets the real store's unique key
// (ErrExists) and nothing is duplicated; the fields survive both hops.
func TestSQLiteReplay(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "dialtone.db")
	spool := filepath.Join(dir, "cdr-spool")
	st := openSQLite(t, db)
	defer st.Close()

	w := openWriter(t, spool, st)
	run(t, w)
	ids := writeN(t, w, 0, 10)
	waitFor(t, "10 stored", func() bool { return len(countByID(t, st)) == 10 })
	w.crash()
	if len(spoolFiles(t, spool)) != 1 {
		t.Fatal("the spool file should still be there after the crash")
	}

	w2 := openWriter(t, spool, st)
	defer w2.Close()
	if s := w2.Stats(); s.Replayed != 10 || s.Duplicates != 10 || s.Stored != 0 {
		t.Fatalf("stats %+v", s)
	}
	counts := countByID(t, st)
	for _, id := range ids {
		if counts[id] != 1 {
			t.Errorf("%s stored %d times", id, counts[id])
		}
	}
	got, err := st.ListCDRs(context.Background(), store.CDRFilter{Limit: 1})
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	want := testCDR(9) // newest first
	g := got[0]
	if g.ID != want.ID || !g.StartedAt.Equal(want.StartedAt) || !g.AnsweredAt.Equal(want.AnsweredAt) || g.Duration != want.Duration ||
		g.Billable != want.Billable || g.Disposition != "ANSWERED" || g.HangupReason != "normal" || g.HangupSide != "caller" ||
		g.CodecA != "PCMU" || g.PacketsB != 2999 || g.LostA != 1 || g.JitterA != 2*time.Millisecond || g.MOSA != 4.3 {
		t.Errorf("stored %+v\nwant   %+v", g, want)
	}
}
