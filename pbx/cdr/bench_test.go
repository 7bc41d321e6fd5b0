package cdr

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// benchWrite measures Write into dir with a store that takes everything at
// once. Reported: ns/op is the latency a hang-up waits for; fsyncs/op shows
// how many Writes shared one fsync.
func benchWrite(b *testing.B, dir string, parallel bool, opts ...Option) {
	w, err := Open(context.Background(), dir, newFakeStore(), nil, opts...)
	if err != nil {
		b.Fatal(err)
	}
	run(b, w)
	var n atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := w.Write(context.Background(), testCDR(int(n.Add(1)))); err != nil {
					b.Error(err)
					return
				}
			}
		})
	} else {
		for b.Loop() {
			if err := w.Write(context.Background(), testCDR(int(n.Add(1)))); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	s := w.Stats()
	b.ReportMetric(float64(s.Syncs)/float64(max(s.Written, 1)), "fsyncs/op")
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkWrite is one Write after another, each with its own fsync: the
// durability cost of one CDR on this disk.
func BenchmarkWrite(b *testing.B) { benchWrite(b, b.TempDir(), false) }

// BenchmarkWriteParallel has as many concurrent Writes as -cpu × 64
// goroutines: fsyncs are shared (group commit).
func BenchmarkWriteParallel(b *testing.B) {
	b.SetParallelism(64)
	benchWrite(b, b.TempDir(), true)
}

// BenchmarkWriteNoSync is BenchmarkWrite without fsync: the difference is
// what durability costs.
func BenchmarkWriteNoSync(b *testing.B) {
	benchWrite(b, b.TempDir(), false, func(o *options) { o.noSync = true })
}

// BenchmarkWriteSQLite is Write with Run inserting into a real SQLite
// store: the spool path end to end, store included.
func BenchmarkWriteSQLite(b *testing.B) {
	dir := b.TempDir()
	st := openSQLite(b, filepath.Join(dir, "dialtone.db"))
	defer st.Close()
	w, err := Open(context.Background(), filepath.Join(dir, "spool"), st, nil)
	if err != nil {
		b.Fatal(err)
	}
	run(b, w)
	var n int
	b.ReportAllocs()
	for b.Loop() {
		n++
		if err := w.Write(context.Background(), testCDR(n)); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil { // includes storing the backlog
		b.Fatal(err)
	}
	if s := w.Stats(); s.Stored != uint64(n) {
		b.Fatalf("stored %d of %d", s.Stored, n)
	}
}
