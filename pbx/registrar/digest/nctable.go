package digest

import (
	"fmt"
	"math"
	"sync"
)

// ncTable remembers the highest accepted nonce-count per nonce so a captured
// request cannot be replayed (RFC 2617 §3.2.2, RFC 7616 §3.4). Nonces are
// stateless to issue, so entries appear only once a nonce is first used
// successfully, and the table is bounded so a flood of valid logins cannot
// grow memory without limit.
//
// Entries leave in issue-time order (a min-heap), either because the nonce
// expired (it will be rejected as stale before the table is consulted, so
// its entry is dead weight) or because the table is full. Forgetting a live
// nonce would make its old requests replayable, so the table also keeps a
// floor: the newest issue time it has evicted. An unknown nonce issued at or
// before the floor may have been evicted and is reported stale, which makes
// the client re-authenticate with a fresh nonce rather than opening a replay
// window. Under pressure the effective TTL shrinks; replay protection does not.
type ncTable struct {
	mu    sync.Mutex
	max   int
	last  map[nonceID]uint32
	heap  []ncEntry // min-heap on issued; same keys as last
	floor int64
}

type ncEntry struct {
	issued int64
	id     nonceID
}

func newNCTable(max int) ncTable {
	return ncTable{max: max, last: make(map[nonceID]uint32), floor: math.MinInt64}
}

// accept records nc for the nonce if it is strictly greater than the last
// accepted count. now and ttl (ns) drive eviction of expired entries.
func (t *ncTable) accept(id nonceID, issued int64, nc uint32, now, ttl int64) error {
	t.mu.Lock()
	defer t.mu.Unlock()

	if last, ok := t.last[id]; ok {
		if nc <= last {
			return fmt.Errorf("%w: nc %08x not above %08x", ErrReplay, nc, last)
		}
		t.last[id] = nc
		return nil
	}
	// A first use starts from an implicit 0: counts begin at 00000001.
	if nc == 0 {
		return fmt.Errorf("%w: nc 00000000", ErrReplay)
	}
	if issued <= t.floor {
		return fmt.Errorf("%w: nonce-count state evicted", ErrStale)
	}
	for len(t.heap) > 0 && now-t.heap[0].issued > ttl {
		t.pop()
	}
	if len(t.heap) >= t.max {
		if issued < t.heap[0].issued {
			// This nonce would itself be the oldest entry, the next one
			// evicted; refuse it instead of displacing a newer one.
			t.floor = issued
			return fmt.Errorf("%w: nonce-count table full", ErrStale)
		}
		t.pop()
	}
	t.last[id] = nc
	t.push(ncEntry{issued: issued, id: id})
	return nil
}

func (t *ncTable) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.heap)
}

// pop removes the oldest entry and raises the floor past it.
func (t *ncTable) pop() {
	h := t.heap
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	t.heap = h[:n]
	t.down(0)
	delete(t.last, top.id)
	t.floor = max(t.floor, top.issued)
}

// push and down are a hand-rolled binary heap: container/heap would box
// every element in an interface and allocate on each push.
func (t *ncTable) push(e ncEntry) {
	t.heap = append(t.heap, e)
	h := t.heap
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].issued <= h[i].issued {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func (t *ncTable) down(i int) {
	h := t.heap
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].issued < h[l].issued {
			m = r
		}
		if h[i].issued <= h[m].issued {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
