package admin

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// heapPeak samples the live heap until stopped and reports the highest
// value seen.
type heapPeak struct {
	peak atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapPeak() *heapPeak {
	h := &heapPeak{stop: make(chan struct{})}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			if v := heapNow(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) done() uint64 {
	close(h.stop)
	h.wg.Wait()
	return h.peak.Load()
}

// exportRows is how many CDRs the streaming test exports: a million by
// default, 50,000 with -short or the race detector; DIALTONE_EXPORT_ROWS
// overrides both.
func exportRows(t *testing.T) int {
	if v := os.Getenv("DIALTONE_EXPORT_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if testing.Short() || raceEnabled {
		return 50_000
	}
	return 1_000_000
}

// The CSV export streams from the database cursor: exporting a million
// rows keeps the heap within a small bound, where loading them would take
// hundreds of megabytes.
func TestCDRExportStreamsRowsInBoundedMemory(t *testing.T) {
	n := exportRows(t)
	e := newEnv(t)
	ctx := context.Background()
	start := time.Now()
	base := e.clock.now().Add(-time.Duration(n) * time.Second).UnixMilli()
	if _, err := e.st.DB().ExecContext(ctx, `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1)
		INSERT INTO cdrs (id, node, call_id, started_at, answered_at, ended_at, duration_ms, billsec_ms, caller_number, caller_name,
			callee_number, callee_name, disposition, hangup_reason, hangup_side, codec_a, codec_b, packets_a, packets_b,
			lost_a, lost_b, jitter_a_us, jitter_b_us, mos_a, mos_b)
		SELECT printf('cdr-%08d', i), 'node-a', printf('%08x-call@192.0.2.10', i), $2 + i * 1000, $2 + i * 1000 + 3000, $2 + i * 1000 + 63000,
			63000, 60000, printf('1%02d', i % 100), 'Alice Example', printf('+1555%07d', i), 'Bob Example',
			CASE i % 4 WHEN 0 THEN 'NO ANSWER' WHEN 1 THEN 'BUSY' ELSE 'ANSWERED' END, 'normal clearing', 'caller', 'PCMU', 'PCMU',
			3000, 2998, i % 7, 0, 1250, 800, 4.3, 4.2
		FROM seq`, n, base); err != nil {
		t.Fatal(err)
	}
	t.Logf("inserted %d CDRs in %v", n, time.Since(start).Round(time.Millisecond))

	b := e.browser()
	b.login("vic", vicPassword)
	runtime.GC()
	before := heapNow()
	peak := startHeapPeak()
	start = time.Now()
	req, _ := http.NewRequest(http.MethodGet, b.base+"/cdrs.csv", nil)
	client := *b.c
	client.Timeout = 10 * time.Minute
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	// Count lines without keeping them, as a download would.
	var lines, size int
	r := bufio.NewReaderSize(resp.Body, 64<<10)
	buf := make([]byte, 64<<10)
	var first []byte
	for {
		k, err := r.Read(buf)
		if first == nil && k > 0 {
			first = append([]byte(nil), buf[:min(k, 200)]...)
		}
		lines += bytes.Count(buf[:k], []byte{'\n'})
		size += k
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	top := peak.done()
	grew := int64(top) - int64(before)
	t.Logf("exported %d rows (%.1f MB) in %v (%.0f rows/s); live heap %.1f MB before, peak %.1f MB (+%.1f MB)",
		lines-1, float64(size)/1e6, elapsed.Round(time.Millisecond), float64(lines-1)/elapsed.Seconds(),
		float64(before)/1e6, float64(top)/1e6, float64(grew)/1e6)
	if lines != n+1 {
		t.Fatalf("%d lines, want %d rows and a header; starts %q", lines, n, first)
	}
	// Holding the rows would take hundreds of bytes each; streaming keeps
	// the heap within a few buffers and the garbage between collections.
	const bound = 48 << 20
	if grew > bound {
		t.Fatalf("the heap grew by %d MB while exporting; want at most %d MB", grew>>20, bound>>20)
	}
}
