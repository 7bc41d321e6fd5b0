package digest

import (
	"errors"
	"testing"
	"time"
)

// TestNonceTableBound checks eviction order and that a forgotten nonce is
// reported stale rather than becoming replayable.
func TestNonceTableBound(t *testing.T) {
	clk := newFakeClock()
	a := New(testRealm, testKey, WithClock(clk.Now), WithMaxNonces(2))
	ha1 := HA1(MD5, testUser, testRealm, testPass)

	// Issue four nonces a second apart: n[0] is the oldest.
	var n [4]client
	for i := range n {
		n[i] = newTestClient(t, a, MD5)
		clk.Advance(time.Second)
	}
	verify := func(c client, nc uint32) error { return a.Verify(c.answer(nc), c.method, ha1) }

	steps := []struct {
		desc    string
		c       client
		nc      uint32
		wantErr error
		wantLen int
	}{
		{"use n1", n[1], 1, nil, 1},
		{"use n2, table full", n[2], 1, nil, 2},
		{"n0 is older than everything tracked: refused, nothing evicted", n[0], 1, ErrStale, 2},
		{"n0 stays refused", n[0], 1, ErrStale, 2},
		{"n1 still tracked", n[1], 2, nil, 2},
		{"use n3 evicts n1, the oldest", n[3], 1, nil, 2},
		{"n1 forgotten: stale, not replayable", n[1], 1, ErrStale, 2},
		{"n2 still tracked", n[2], 1, ErrReplay, 2},
		{"n2 continues", n[2], 2, nil, 2},
		{"n3 continues", n[3], 2, nil, 2},
	}
	for _, s := range steps {
		err := verify(s.c, s.nc)
		if !errors.Is(err, s.wantErr) || (s.wantErr == nil) != (err == nil) {
			t.Fatalf("%s: Verify = %v, want %v", s.desc, err, s.wantErr)
		}
		if got := a.ncs.len(); got != s.wantLen {
			t.Fatalf("%s: table holds %d nonces, want %d", s.desc, got, s.wantLen)
		}
	}
}

// TestNonceTableExpiry checks that expired entries are dropped when new
// nonces arrive, so a table sized for the TTL never evicts live nonces.
func TestNonceTableExpiry(t *testing.T) {
	clk := newFakeClock()
	a := New(testRealm, testKey, WithClock(clk.Now), WithMaxNonces(3), WithNonceTTL(time.Minute))
	ha1 := HA1(SHA256, testUser, testRealm, testPass)
	for i := 0; i < 3; i++ {
		c := newTestClient(t, a, SHA256)
		if err := a.Verify(c.answer(1), c.method, ha1); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	if got := a.ncs.len(); got != 3 {
		t.Fatalf("table holds %d, want 3", got)
	}
	clk.Advance(time.Minute - 2*time.Second) // ages now 61 s, 60 s and 59 s
	fresh := newTestClient(t, a, SHA256)
	if err := a.Verify(fresh.answer(1), fresh.method, ha1); err != nil {
		t.Fatal(err)
	}
	// Only the expired entry went; the others are still inside their TTL.
	if got := a.ncs.len(); got != 3 {
		t.Fatalf("table holds %d, want 3", got)
	}
	clk.Advance(time.Hour)
	fresh = newTestClient(t, a, SHA256)
	if err := a.Verify(fresh.answer(1), fresh.method, ha1); err != nil {
		t.Fatal(err)
	}
	if got := a.ncs.len(); got != 1 {
		t.Fatalf("after everything expired the table holds %d, want 1", got)
	}
}

// TestNonceTableHeap exercises the heap directly with out-of-order issue
// times, which real traffic produces when nonces are first used late.
func TestNonceTableHeap(t *testing.T) {
	tb := newNCTable(1000)
	issued := []int64{50, 10, 40, 30, 20, 60, 5, 45, 15, 35}
	for i, ts := range issued {
		var id nonceID
		id[0] = byte(i)
		if err := tb.accept(id, ts, 1, 0, 1<<62); err != nil {
			t.Fatal(err)
		}
	}
	prev := int64(-1)
	for tb.len() > 0 {
		top := tb.heap[0].issued
		if top < prev {
			t.Fatalf("heap yielded %d after %d", top, prev)
		}
		prev = top
		tb.pop()
		if tb.floor != top {
			t.Fatalf("floor = %d after evicting %d", tb.floor, top)
		}
	}
	if len(tb.last) != 0 {
		t.Fatalf("map still holds %d entries", len(tb.last))
	}
}
