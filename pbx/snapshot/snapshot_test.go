package snapshot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

type fakeSource struct {
	mu      sync.Mutex
	version int64
	exts    []store.Extension
	trunks  []store.Trunk
	dids    []store.DID
	routes  []store.Route
	err     error
	lists   int
}

func (f *fakeSource) ListTrunks(context.Context) ([]store.Trunk, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.Trunk(nil), f.trunks...), f.err
}

func (f *fakeSource) ListDIDs(context.Context) ([]store.DID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.DID(nil), f.dids...), f.err
}

func (f *fakeSource) ListRoutes(context.Context) ([]store.Route, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.Route(nil), f.routes...), f.err
}

func (f *fakeSource) ConfigVersion(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version, f.err
}

func (f *fakeSource) ListExtensions(context.Context) ([]store.Extension, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	return append([]store.Extension(nil), f.exts...), f.err
}

func (f *fakeSource) set(v int64, numbers ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.version = v
	f.exts = nil
	for _, n := range numbers {
		f.exts = append(f.exts, store.Extension{Number: n})
	}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestLoadOnlyOnVersionChange(t *testing.T) {
	src := &fakeSource{}
	src.set(1, "101", "102")
	w := NewWatcher(src, time.Hour, quiet())
	if w.Current() != nil {
		t.Fatal("snapshot before load")
	}
	ctx := context.Background()
	if err := w.Load(ctx); err != nil {
		t.Fatal(err)
	}
	first := w.Current()
	if first.Len() != 2 || first.Version != 1 {
		t.Fatalf("first = %+v", first)
	}
	if err := w.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if w.Current() != first || src.lists != 1 {
		t.Fatal("reloaded without a version change")
	}
	src.set(2, "101")
	if err := w.Load(ctx); err != nil {
		t.Fatal(err)
	}
	second := w.Current()
	if _, ok := second.Extension("102"); ok || second.Version != 2 {
		t.Fatalf("second = %+v", second)
	}
	// The old snapshot is untouched: calls holding it keep their view.
	if _, ok := first.Extension("102"); !ok {
		t.Fatal("old snapshot was modified")
	}
}

func TestRunKeepsSnapshotOnError(t *testing.T) {
	src := &fakeSource{}
	src.set(1, "101")
	w := NewWatcher(src, 5*time.Millisecond, quiet())
	ctx, cancel := context.WithCancel(context.Background())
	if err := w.Load(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	src.mu.Lock()
	src.err = errors.New("database down")
	src.mu.Unlock()
	time.Sleep(30 * time.Millisecond)
	if w.Current().Len() != 1 {
		t.Fatal("snapshot lost on error")
	}
	src.mu.Lock()
	src.err = nil
	src.mu.Unlock()
	src.set(2, "101", "103")
	deadline := time.Now().Add(2 * time.Second)
	for w.Current().Version != 2 {
		if time.Now().After(deadline) {
			t.Fatal("change not picked up")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := w.Current().Numbers(); len(got) != 2 || got[1] != "103" {
		t.Fatalf("numbers = %v", got)
	}
	cancel()
	<-done
}
