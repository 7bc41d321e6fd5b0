package cdr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

var errDown = errors.New("fake store: connection refused")

// fakeStore keeps CDRs in a map and behaves like the SQL store on a
// duplicate id. It can be taken down, and can refuse chosen ids as invalid.
type fakeStore struct {
	mu      sync.Mutex
	rows    map[string]store.CDR
	order   []string
	calls   int
	down    bool
	failN   int // the next failN calls fail
	invalid map[string]bool
}

func newFakeStore() *fakeStore {
	return &fakeStore{rows: map[string]store.CDR{}, invalid: map[string]bool{}}
}

func (s *fakeStore) InsertCDR(ctx context.Context, c store.CDR) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.down {
		return errDown
	}
	if s.failN > 0 {
		s.failN--
		return errDown
	}
	if s.invalid[c.ID] {
		return fmt.Errorf("fake store: %w: refused", store.ErrInvalid)
	}
	if _, ok := s.rows[c.ID]; ok {
		return fmt.Errorf("fake store: insert cdr: %w", store.ErrExists)
	}
	s.rows[c.ID] = c
	s.order = append(s.order, c.ID)
	return nil
}

func (s *fakeStore) setDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

func (s *fakeStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rows)
}

func (s *fakeStore) get(id string) (store.CDR, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.rows[id]
	return c, ok
}

// logBuffer captures a writer's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func testLogger(t testing.TB) (*slog.Logger, *logBuffer) {
	lb := &logBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("writer log:\n%s", lb)
		}
	})
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), lb
}

// testOptions keep retries quick.
func testOptions() []Option {
	return []Option{WithRetry(time.Millisecond, 20*time.Millisecond), WithFlushTimeout(2 * time.Second)}
}

func openWriter(t testing.TB, dir string, st Store, opts ...Option) *Writer {
	t.Helper()
	log, _ := testLogger(t)
	w, err := Open(context.Background(), dir, st, log, append(testOptions(), opts...)...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return w
}

// run starts w.Run and stops it when the test ends.
func run(t testing.TB, w *Writer) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}

// crash abandons w as kill -9 would: descriptors and lock released,
// nothing flushed, nothing deleted afterwards.
func (w *Writer) crash() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		close(w.done)
	}
	w.finished = true
	for _, s := range w.segs {
		s.closeFile()
	}
	w.lock.Close()
}

var t0 = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

// testCDR is the i-th of a run of answered calls; the same i gives the same record.
func testCDR(i int) store.CDR {
	start := t0.Add(time.Duration(i) * time.Second)
	return Record{
		ID:     fmt.Sprintf("019df237-0000-7000-8000-%012d", i),
		Node:   "node-a",
		CallID: fmt.Sprintf("call-%d@pbx", i),
		Start:  start, Answer: start.Add(3 * time.Second), End: start.Add(63 * time.Second),
		Caller: Party{"101", "Alice"}, Callee: Party{"102", "Bob"},
		Reason: ReasonNormal, Side: SideCaller,
		A: Leg{Codec: "PCMU", Packets: 3000, Lost: 1, Jitter: 2 * time.Millisecond, MOS: 4.3},
		B: Leg{Codec: "PCMA", Packets: 2999},
	}.CDR()
}

func writeN(t testing.TB, w *Writer, from, n int) []string {
	t.Helper()
	ids := make([]string, 0, n)
	for i := from; i < from+n; i++ {
		c := testCDR(i)
		if err := w.Write(context.Background(), c); err != nil {
			t.Fatalf("Write %d: %v", i, err)
		}
		ids = append(ids, c.ID)
	}
	return ids
}

// waitFor polls cond for up to 5 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// spoolFiles lists the segment files in dir.
func spoolFiles(t testing.TB, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, segPrefix+"*"+segSuffix))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func lastSpoolFile(t testing.TB, dir string) string {
	t.Helper()
	files := spoolFiles(t, dir)
	if len(files) == 0 {
		t.Fatal("no spool file")
	}
	return files[len(files)-1]
}

func appendFile(t testing.TB, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func countLines(t testing.TB, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}
