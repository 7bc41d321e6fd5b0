package cdr

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func TestWriteStores(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	w := openWriter(t, dir, st)
	run(t, w)
	ids := writeN(t, w, 0, 10)
	waitFor(t, "10 stored", func() bool { return st.len() == 10 })
	for i, id := range ids {
		got, ok := st.get(id)
		want := testCDR(i)
		if !ok || got.ID != want.ID || !got.StartedAt.Equal(want.StartedAt) || !got.AnsweredAt.Equal(want.AnsweredAt) ||
			got.Duration != want.Duration || got.Billable != want.Billable || got.CallerName != "Alice" || got.MOSA != 4.3 {
			t.Errorf("stored %+v\nwant %+v", got, want)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if f := spoolFiles(t, dir); len(f) != 0 {
		t.Errorf("spool files left after a clean close: %v", f)
	}
	s := w.Stats()
	if s.Written != 10 || s.Stored != 10 || s.Pending != 0 || s.Segments != 0 || s.Syncs == 0 {
		t.Errorf("stats %+v", s)
	}
	if err := w.Write(context.Background(), testCDR(99)); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestRoundTrip checks that every field survives the spool exactly.
func TestRoundTrip(t *testing.T) {
	c := testCDR(3)
	c.CallerName = "Zoë \"the boss\"\n\x00<script>"
	c.StartedAt = c.StartedAt.In(time.FixedZone("CEST", 2*3600)).Add(123456789)
	c.JitterB = 1500 * time.Microsecond
	c.MOSB = 3.14159
	c.LostB = 7
	b, err := encodeLine(c)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), "\n") != 1 || b[len(b)-1] != '\n' {
		t.Fatalf("line is not one line: %q", b)
	}
	got, err := decodeLine(b)
	if err != nil {
		t.Fatal(err)
	}
	if !got.StartedAt.Equal(c.StartedAt) || !got.AnsweredAt.Equal(c.AnsweredAt) || !got.EndedAt.Equal(c.EndedAt) {
		t.Fatalf("times changed: %+v", got)
	}
	got.StartedAt, got.AnsweredAt, got.EndedAt = c.StartedAt, c.AnsweredAt, c.EndedAt
	if got != c {
		t.Fatalf("got  %+v\nwant %+v", got, c)
	}
	unanswered := Record{Start: t0, End: t0.Add(time.Second), Reason: ReasonBusy}.CDR()
	b, _ = encodeLine(unanswered)
	if strings.Contains(string(b), "answered_at") {
		t.Errorf("zero answer time was written: %s", b)
	}
	if got, err := decodeLine(b); err != nil || !got.AnsweredAt.IsZero() {
		t.Errorf("unanswered: %+v, %v", got, err)
	}
	for _, bad := range []string{`{"v":1,"id":"x"`, `{"v":2,"id":"x","disposition":"BUSY","started_at":"2026-05-04T09:00:00Z","ended_at":"2026-05-04T09:00:00Z"}`,
		`{"v":1,"id":"","disposition":"BUSY"}`, `{"v":1} {"v":1}`, "\x00\x00\x00"} {
		if _, err := decodeLine([]byte(bad)); err == nil {
			t.Errorf("decodeLine(%q) succeeded", bad)
		}
	}
}

// TestCrashReplay is the kill -9 case in-process: records written, the
// writer abandoned without Close, a new writer on the same directory with
// a fresh store finds every one of them.
func TestCrashReplay(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	st.setDown(true) // nothing reaches the first store: everything is only in the spool
	w := openWriter(t, dir, st, WithSegmentRecords(7))
	run(t, w)
	ids := writeN(t, w, 0, 20)
	w.crash()
	if st.len() != 0 {
		t.Fatalf("the first store has %d rows", st.len())
	}

	fresh := newFakeStore()
	w2 := openWriter(t, dir, fresh)
	if fresh.len() != 20 {
		t.Fatalf("after Open the store has %d of 20", fresh.len())
	}
	for _, id := range ids {
		if _, ok := fresh.get(id); !ok {
			t.Errorf("%s lost", id)
		}
	}
	if s := w2.Stats(); s.Replayed != 20 || s.Stored != 20 || s.Pending != 0 || s.Torn != 0 {
		t.Errorf("stats %+v", s)
	}
	if f := spoolFiles(t, dir); len(f) != 0 {
		t.Errorf("stored spool files not deleted: %v", f)
	}
	if err := w2.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReplayIdempotent: a crash after some records reached the store; the
// replay finds them there (ErrExists) and stores the rest, each once.
func TestReplayIdempotent(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	w := openWriter(t, dir, st)
	run(t, w)
	writeN(t, w, 0, 5)
	waitFor(t, "5 stored", func() bool { return st.len() == 5 })
	st.setDown(true)
	writeN(t, w, 5, 5)
	w.crash()

	st.setDown(false)
	w2 := openWriter(t, dir, st)
	s := w2.Stats()
	if st.len() != 10 || s.Duplicates != 5 || s.Stored != 5 || s.Replayed != 10 {
		t.Fatalf("store has %d; stats %+v", st.len(), s)
	}
	if len(st.order) != 10 {
		t.Fatalf("%d successful inserts for 10 records", len(st.order))
	}
	w2.Close()
}

// TestStoreDown: the store fails for a while under concurrent writers; all
// records end up stored exactly once, none before being spooled.
func TestStoreDown(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	w := openWriter(t, dir, st, WithSegmentRecords(25))
	run(t, w)
	st.setDown(true)
	var wg sync.WaitGroup
	const writers, each = 8, 25
	for g := range writers {
		wg.Go(func() { writeN(t, w, g*each, each) })
	}
	wg.Wait()
	time.Sleep(30 * time.Millisecond) // let Run fail and back off a few times
	if n := st.len(); n != 0 {
		t.Fatalf("%d stored while the store was down", n)
	}
	if s := w.Stats(); s.Pending != writers*each || s.InsertFailures == 0 || s.Segments < writers*each/25 {
		t.Fatalf("stats while down: %+v", s)
	}
	st.mu.Lock()
	st.down, st.failN = false, 3 // comes back flaky
	st.mu.Unlock()
	waitFor(t, "all stored", func() bool { return w.Stats().Pending == 0 })
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st.len() != writers*each || len(st.order) != writers*each {
		t.Fatalf("%d rows from %d inserts, want %d", st.len(), len(st.order), writers*each)
	}
	if s := w.Stats(); s.Duplicates != 0 || s.Stored != writers*each || s.Segments != 0 {
		t.Errorf("stats %+v", s)
	}
	if f := spoolFiles(t, dir); len(f) != 0 {
		t.Errorf("spool files left: %v", f)
	}
}

// TestGroupCommit: concurrent Writes share fsyncs.
func TestGroupCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("fsync-bound")
	}
	st := newFakeStore()
	w := openWriter(t, t.TempDir(), st)
	run(t, w)
	var wg sync.WaitGroup
	for g := range 32 {
		wg.Go(func() { writeN(t, w, g*20, 20) })
	}
	wg.Wait()
	s := w.Stats()
	t.Logf("%d records, %d fsyncs", s.Written, s.Syncs)
	if s.Written != 640 || s.Syncs > s.Written {
		t.Errorf("stats %+v", s)
	}
	w.Close()
	if st.len() != 640 {
		t.Errorf("%d stored", st.len())
	}
}

func TestTornLastLine(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	st.setDown(true)
	w := openWriter(t, dir, st)
	ids := writeN(t, w, 0, 3)
	w.crash()
	// A crash in the middle of the fourth write left half a line.
	full, _ := encodeLine(testCDR(3))
	appendFile(t, lastSpoolFile(t, dir), string(full[:len(full)/2]))

	fresh := newFakeStore()
	log, logs := testLogger(t)
	w2, err := Open(context.Background(), dir, fresh, log, testOptions()...)
	if err != nil {
		t.Fatalf("a torn line must not fail Open: %v", err)
	}
	if fresh.len() != 3 {
		t.Fatalf("%d of 3 replayed", fresh.len())
	}
	for _, id := range ids {
		if _, ok := fresh.get(id); !ok {
			t.Errorf("%s lost", id)
		}
	}
	if s := w2.Stats(); s.Torn != 1 || s.Corrupt != 0 {
		t.Errorf("stats %+v", s)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "torn last line") {
		t.Errorf("no warning about the torn line:\n%s", logs)
	}
	// Writing goes on in a new file, never after the torn line.
	writeN(t, w2, 10, 1)
	w2.Close()
	if fresh.len() != 4 {
		t.Errorf("%d stored", fresh.len())
	}
	if f := spoolFiles(t, dir); len(f) != 0 {
		t.Errorf("spool files left: %v", f)
	}
}

// TestOnlyTornLine: a file holding nothing but a torn line is removed.
func TestOnlyTornLine(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, segName(4)), []byte(`{"v":1,"id":"01`), fileMode); err != nil {
		t.Fatal(err)
	}
	st := newFakeStore()
	w := openWriter(t, dir, st)
	if s := w.Stats(); s.Torn != 1 || s.Segments != 0 {
		t.Errorf("stats %+v", s)
	}
	writeN(t, w, 0, 1)
	if f := spoolFiles(t, dir); len(f) != 1 || filepath.Base(f[0]) != segName(5) {
		t.Errorf("new records must go to a later file: %v", f)
	}
	w.Close()
}

// TestCorruptLine: damage inside a file (not a crash) is skipped, shouted
// about, and the file is kept aside once its good records are stored.
func TestCorruptLine(t *testing.T) {
	dir := t.TempDir()
	a, _ := encodeLine(testCDR(1))
	b, _ := encodeLine(testCDR(2))
	path := filepath.Join(dir, segName(1))
	if err := os.WriteFile(path, append(append(append([]byte(nil), a...), "garbage\n"...), b...), fileMode); err != nil {
		t.Fatal(err)
	}
	st := newFakeStore()
	log, logs := testLogger(t)
	w, err := Open(context.Background(), dir, st, log, testOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	if st.len() != 2 {
		t.Fatalf("%d of 2 stored", st.len())
	}
	if s := w.Stats(); s.Corrupt != 1 || s.Torn != 0 {
		t.Errorf("stats %+v", s)
	}
	if !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("no error logged:\n%s", logs)
	}
	if _, err := os.Stat(path + corruptExt); err != nil {
		t.Errorf("damaged file not kept: %v", err)
	}
	w.Close()
}

func TestSegmentsRotateAndGo(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	st.setDown(true)
	w := openWriter(t, dir, st, WithSegmentRecords(3))
	run(t, w)
	writeN(t, w, 0, 10)
	files := spoolFiles(t, dir)
	if len(files) != 4 {
		t.Fatalf("%d spool files for 10 records of 3 per file", len(files))
	}
	for i, f := range files[:3] {
		if n := countLines(t, f); n != 3 {
			t.Errorf("file %d has %d lines", i, n)
		}
	}
	st.setDown(false)
	waitFor(t, "all stored", func() bool { return w.Stats().Pending == 0 })
	// Full files go at once; the one still appended to stays until Close.
	if f := spoolFiles(t, dir); len(f) != 1 || f[0] != files[3] {
		t.Errorf("files after storing: %v", f)
	}
	w.Close()
	if f := spoolFiles(t, dir); len(f) != 0 {
		t.Errorf("files after Close: %v", f)
	}
}

// TestRejected: a record the store refuses as invalid goes to
// rejected.jsonl and does not hold up the others.
func TestRejected(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	bad := testCDR(1)
	st.invalid[bad.ID] = true
	w := openWriter(t, dir, st)
	run(t, w)
	writeN(t, w, 0, 3)
	waitFor(t, "the others stored", func() bool { return st.len() == 2 })
	w.Close()
	if s := w.Stats(); s.Rejected != 1 || s.Stored != 2 || s.Pending != 0 {
		t.Errorf("stats %+v", s)
	}
	b, err := os.ReadFile(filepath.Join(dir, rejectedName))
	if err != nil || !strings.Contains(string(b), bad.ID) {
		t.Errorf("rejected.jsonl: %q, %v", b, err)
	}
	if f := spoolFiles(t, dir); len(f) != 0 {
		t.Errorf("spool files left: %v", f)
	}
}

func TestWriteRefusesInvalid(t *testing.T) {
	dir := t.TempDir()
	w := openWriter(t, dir, newFakeStore())
	defer w.Close()
	c := testCDR(1)
	c.Disposition = ""
	if err := w.Write(context.Background(), c); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("Write: %v", err)
	}
	if f := spoolFiles(t, dir); len(f) != 0 {
		t.Errorf("an invalid record was spooled: %v", f)
	}
}

func TestCloseFlushesWithoutRun(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	w := openWriter(t, dir, st)
	writeN(t, w, 0, 4)
	if st.len() != 0 {
		t.Fatal("stored before Run or Close")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st.len() != 4 {
		t.Fatalf("%d of 4 stored by Close", st.len())
	}
}

// TestCloseWithStoreDown: Close gives up after the flush timeout and the
// records wait in the spool for the next Open.
func TestCloseWithStoreDown(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	st.setDown(true)
	w := openWriter(t, dir, st, WithFlushTimeout(50*time.Millisecond))
	writeN(t, w, 0, 4)
	start := time.Now()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	if len(spoolFiles(t, dir)) != 1 {
		t.Fatal("the spool must keep what the store did not take")
	}
	st.setDown(false)
	w2 := openWriter(t, dir, st)
	defer w2.Close()
	if st.len() != 4 {
		t.Fatalf("%d of 4 after reopening", st.len())
	}
}

// TestSpoolFailure: when the spool file fails, Write falls back on the
// store, then carries on in a new file; with the store down too it says so.
func TestSpoolFailure(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	w := openWriter(t, dir, st)
	run(t, w)
	writeN(t, w, 0, 1)
	first := lastSpoolFile(t, dir)

	w.mu.Lock()
	w.active.f.Close() // the disk goes away under the open file
	w.mu.Unlock()
	c := testCDR(1)
	if err := w.Write(context.Background(), c); err != nil {
		t.Fatalf("Write with a failed spool and a working store: %v", err)
	}
	if _, ok := st.get(c.ID); !ok {
		t.Fatal("the fallback did not store the record")
	}
	writeN(t, w, 2, 1)
	if f := lastSpoolFile(t, dir); f == first {
		t.Error("kept appending to the failed file")
	}

	w.mu.Lock()
	w.active.f.Close()
	w.mu.Unlock()
	st.setDown(true)
	c = testCDR(3)
	err := w.Write(context.Background(), c)
	if !errors.Is(err, ErrNotDurable) || !errors.Is(err, errDown) {
		t.Fatalf("Write with spool and store down: %v", err)
	}
	st.setDown(false)
	waitFor(t, "the kept record stored", func() bool { _, ok := st.get(c.ID); return ok })
	w.Close()
	if s := w.Stats(); s.SpoolFailures != 2 || st.len() != 4 {
		t.Errorf("stats %+v, %d stored", s, st.len())
	}
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	w := openWriter(t, dir, newFakeStore())
	if _, err := Open(context.Background(), dir, newFakeStore(), nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v", err)
	}
	w.Close()
	w2, err := Open(context.Background(), dir, newFakeStore(), nil)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	w2.Close()
}

func TestRunTwice(t *testing.T) {
	w := openWriter(t, t.TempDir(), newFakeStore())
	run(t, w)
	waitFor(t, "Run started", w.running.Load)
	if err := w.Run(context.Background()); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Run: %v", err)
	}
	w.Close()
}

// TestRunStopsOnClose: Close ends Run even when its ctx lives on.
func TestRunStopsOnClose(t *testing.T) {
	w := openWriter(t, t.TempDir(), newFakeStore())
	done := make(chan error, 1)
	go func() { done <- w.Run(context.Background()) }()
	waitFor(t, "Run started", w.running.Load)
	w.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after Close")
	}
}

func TestOpenCreatesDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "cdr-spool")
	w := openWriter(t, dir, newFakeStore())
	defer w.Close()
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != dirMode {
		t.Fatalf("%v %v", fi, err)
	}
	writeN(t, w, 0, 1)
	fi, err = os.Stat(lastSpoolFile(t, dir))
	if err != nil || fi.Mode().Perm() != fileMode {
		t.Fatalf("spool file mode %v %v", fi.Mode(), err)
	}
}

// TestFullSegmentTakesMoreWhenNoFileCanBeOpened: out of file descriptors
// (EMFILE), a full spool file keeps taking records, durably, instead of
// leaving them in memory; a kill -9 then loses none.
func TestFullSegmentTakesMoreWhenNoFileCanBeOpened(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	st.setDown(true) // nothing leaves the spool
	w := openWriter(t, dir, st, WithSegmentRecords(2))
	writeN(t, w, 0, 3) // two files: 2 records, then 1
	w.mu.Lock()
	w.opt.openFile = func(string) (*os.File, error) { return nil, syscall.EMFILE }
	w.mu.Unlock()
	writeN(t, w, 3, 5) // the second file fills up (1 more) and takes 4 beyond
	if s := w.Stats(); s.SpoolFailures != 0 || s.Overfull != 4 || s.Written != 8 || len(spoolFiles(t, dir)) != 2 {
		t.Fatalf("stats %+v, files %v", s, spoolFiles(t, dir))
	}
	w.crash()
	st.setDown(false)
	w2 := openWriter(t, dir, st)
	defer w2.Close()
	if s := w2.Stats(); s.Replayed != 8 {
		t.Fatalf("after a crash %d records replayed, want all 8", s.Replayed)
	}
}

// TestSpoolNameTakenMovesOn: a file already holding the next spool name
// (left behind by a failed cleanup) costs one name, not every later file.
func TestSpoolNameTakenMovesOn(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	st.setDown(true)
	w := openWriter(t, dir, st, WithSegmentRecords(1))
	defer w.Close()
	writeN(t, w, 0, 1) // spool 1
	if err := os.WriteFile(filepath.Join(dir, segName(2)), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	writeN(t, w, 1, 3) // spool 2 is taken: records go to 1 (overfull) once, then 3, 4
	if s := w.Stats(); s.Overfull != 1 || s.SpoolFailures != 0 {
		t.Fatalf("stats %+v, files %v", s, spoolFiles(t, dir))
	}
	if _, err := os.Stat(filepath.Join(dir, segName(4))); err != nil {
		t.Fatalf("spool 4 not started: %v (files %v)", err, spoolFiles(t, dir))
	}
}
