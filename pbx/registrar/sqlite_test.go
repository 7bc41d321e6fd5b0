package registrar

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/snapshot"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlstore"
)

// watcherDir is how cmd adapts the snapshot watcher to Directory.
type watcherDir struct{ w *snapshot.Watcher }

func (d watcherDir) Extension(n string) (store.Extension, bool) {
	s := d.w.Current()
	if s == nil {
		return store.Extension{}, false
	}
	return s.Extension(n)
}

// sqliteEnv opens a migrated SQLite store holding extensions 101-103 and
// extra, with a snapshot directory over it.
func sqliteEnv(t *testing.T, extra int) (*sqlstore.Store, Directory) {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "dialtone.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	numbers := []string{"101", "102", "103"}
	for i := range extra {
		numbers = append(numbers, fmt.Sprintf("%d", 2000+i))
	}
	for _, n := range numbers {
		if err := st.CreateExtension(ctx, testExtension(n, testPass)); err != nil {
			t.Fatal(err)
		}
	}
	w := snapshot.NewWatcher(st, time.Second, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := w.Load(ctx); err != nil {
		t.Fatal(err)
	}
	return st, watcherDir{w}
}

func sqliteRegistrar(dir Directory, st Store, clock *fakeClock, node string) *Registrar {
	r := New(dir, st, &fakeSender{}, Options{
		Realm: testRealm, NonceKey: testKey, Node: node, Clock: clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	fast(r)
	return r
}

func TestSQLiteLifecycle(t *testing.T) {
	st, dir := sqliteEnv(t, 0)
	clock := newClock()
	r := sqliteRegistrar(dir, st, clock, "node-a")
	stop := startRun(t, r)

	p := newPhone(t, "101")
	if f := p.register(r, []string{"<sip:101@192.0.2.10:5060>;expires=120", "<sip:101@192.0.2.10:5070>"}); f.code != 200 {
		t.Fatalf("register: %d %s", f.code, f.reason)
	}
	q := newPhone(t, "102")
	q.transport, q.flow = "tls", 5
	q.register(r, []string{"<sip:102@192.0.2.20:5061;transport=tls>"})
	rows := func() []store.Registration {
		regs, err := st.ListRegistrations(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return regs
	}
	waitFor(t, "three rows", func() bool { return len(rows()) == 3 })
	got := rows()[0]
	if got.Extension != "101" || got.Contact != "sip:101@192.0.2.10:5060" || got.Source != "192.0.2.10:5060" ||
		got.LocalAddr != "198.51.100.1:5060" || got.Transport != "udp" || got.UserAgent != "TestPhone/1.0" ||
		got.CallID != p.callID || got.CSeq != 2 || got.Node != "node-a" || !got.ExpiresAt.Equal(clock.Now().Add(120*time.Second)) {
		t.Fatalf("row = %+v", got)
	}

	// The sweeper removes the 120 s binding from memory and store.
	clock.Advance(121 * time.Second)
	waitFor(t, "expired row deleted", func() bool { return len(rows()) == 2 })
	if len(r.Lookup("101")) != 1 {
		t.Fatalf("memory: %+v", r.Lookup("101"))
	}
	// The connection closes: 102's binding goes.
	r.FlowClosed("tls", 5)
	waitFor(t, "flow row deleted", func() bool { return len(rows()) == 1 })
	// Unregister everything.
	p.register(r, []string{"*"}, "Expires: 0")
	waitFor(t, "all rows deleted", func() bool { return len(rows()) == 0 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if s := r.Stats(); s.StoreWriteErrors != 0 || s.Contacts != 0 {
		t.Fatalf("stats = %+v", s)
	}
}

// Register 1,000 phones, shut down before the periodic flush: the store has
// all 1,000; a new process loads them back.
func TestSQLiteShutdownFlushAndRestart(t *testing.T) {
	st, dir := sqliteEnv(t, 1000)
	clock := newClock()
	r := sqliteRegistrar(dir, st, clock, "node-a")
	r.flushEvery = time.Hour
	stop := startRun(t, r)
	for i := range 1000 {
		n := fmt.Sprintf("%d", 2000+i)
		if f := newPhone(t, n).register(r, []string{"<sip:" + n + "@192.0.2.10>"}); f.code != 200 {
			t.Fatalf("register %s: %d", n, f.code)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	regs, err := st.ListRegistrations(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != 1000 {
		t.Fatalf("store has %d registrations, want 1000", len(regs))
	}

	r2 := sqliteRegistrar(dir, st, clock, "node-b")
	if err := r2.Load(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(r2.List()); n != 1000 || r2.Stats().Contacts != 1000 {
		t.Fatalf("loaded %d", n)
	}
	if c := r2.Lookup("2500"); len(c) != 1 || c[0].Source.String() != "192.0.2.10:5060" || c[0].Node != "node-a" {
		t.Fatalf("Lookup(2500) = %+v", c)
	}
}

// A registration for an extension deleted meanwhile cannot be stored (the
// foreign key); the writer drops it instead of retrying forever.
func TestSQLiteDeletedExtension(t *testing.T) {
	st, dir := sqliteEnv(t, 0)
	clock := newClock()
	r := sqliteRegistrar(dir, st, clock, "node-a")
	newPhone(t, "103").register(r, []string{"<sip:103@192.0.2.10>"})
	if err := st.DeleteExtension(t.Context(), "103"); err != nil {
		t.Fatal(err)
	}
	if err := r.flush(t.Context()); err != nil {
		t.Fatalf("flush = %v", err)
	}
	if s := r.Stats(); s.StorePending != 0 || s.StoreWriteErrors != 1 {
		t.Fatalf("stats = %+v", s)
	}
}

// BenchmarkSQLiteWriter measures the write-behind path into a real SQLite
// file: each op is one binding saved by the writer (rows/s is the sustained
// rate of distinct changes the store absorbs; coalescing makes repeated
// changes of one binding cost one write per flush).
func BenchmarkSQLiteWriter(b *testing.B) {
	ctx := b.Context()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "dialtone.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.MigrateUp(ctx); err != nil {
		b.Fatal(err)
	}
	if err := st.CreateExtension(ctx, testExtension("101", testPass)); err != nil {
		b.Fatal(err)
	}
	r := New(newDir(), st, nil, Options{Realm: testRealm, NonceKey: testKey})
	now := time.Now()
	c := Contact{Extension: "101", Transport: "udp", Source: mustAP("203.0.113.7:40000"), Local: mustAP("198.51.100.1:5060"),
		UserAgent: "Yealink SIP-T46U 108.86.0.75", CallID: "0123456789abcdef0123456789abcdef", CSeq: 1, Expires: now.Add(time.Hour)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.URI = "sip:101@10.0.0.5:" + strconv.Itoa(i)
		r.enqueueSave(&c)
		if (i+1)%defaultFlushSize == 0 || i == b.N-1 {
			if err := r.flush(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
