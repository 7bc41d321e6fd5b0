package call

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// timer is one pending deadline of a call: a retransmission, a transaction
// timeout, the ring timeout, the session timer. Every call's timers live in
// one heap served by Switch.Run, not one runtime timer per message (the lab
// notes measured time.AfterFunc at ~9 % of CPU under load).
type timer struct {
	at   time.Time
	c    *call
	kind timerKind
	tx   *clientTx     // transaction timers
	srv  *serverInvite // server INVITE retransmission timers
	leg  *leg
	idx  int // position in the heap; -1 once fired or stopped
}

type timerKind int

const (
	tRetransmit timerKind = iota // Timer A (INVITE) or E (non-INVITE), RFC 3261 §17.1
	tTimeout                     // Timer B or F
	tLinger                      // Timer D or K: absorb retransmitted finals
	tSrvRetrans                  // Timer G, or the 2xx retransmission of §13.3.1.4
	tSrvGiveUp                   // Timer H, or 64*T1 without ACK for a 2xx
	tRing                        // ring timeout of the callee
	tSession                     // RFC 4028 session expiry
	tRefresh                     // RFC 4028: our refresh when we are the refresher
	tCancelWait                  // a cancelled leg that never answered with 487
	tDrain                       // a call that ended waits for its last transactions
)

func (k timerKind) String() string {
	switch k {
	case tRetransmit:
		return "retransmit"
	case tTimeout:
		return "timeout"
	case tLinger:
		return "linger"
	case tSrvRetrans:
		return "server-retransmit"
	case tSrvGiveUp:
		return "server-give-up"
	case tRing:
		return "ring"
	case tSession:
		return "session"
	case tRefresh:
		return "refresh"
	case tCancelWait:
		return "cancel-wait"
	case tDrain:
		return "drain"
	}
	return "unknown"
}

// timerHeap is a min-heap of timers by deadline, guarded by its own mutex:
// calls arm and stop timers from their goroutines, Run fires them.
type timerHeap struct {
	mu    sync.Mutex
	items timerItems
	wake  chan struct{} // a new earliest deadline
	now   func() time.Time
}

type timerItems []*timer

func (h timerItems) Len() int           { return len(h) }
func (h timerItems) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h timerItems) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx = i
	h[j].idx = j
}
func (h *timerItems) Push(x any) {
	t := x.(*timer)
	t.idx = len(*h)
	*h = append(*h, t)
}
func (h *timerItems) Pop() any {
	old := *h
	n := len(old)
	t := old[n-1]
	old[n-1] = nil
	t.idx = -1
	*h = old[:n-1]
	return t
}

func newTimerHeap(now func() time.Time) *timerHeap {
	return &timerHeap{wake: make(chan struct{}, 1), now: now}
}

// add arms t to fire after d.
func (h *timerHeap) add(t *timer, d time.Duration) {
	h.mu.Lock()
	t.at = h.now().Add(d)
	heap.Push(&h.items, t)
	first := t.idx == 0
	h.mu.Unlock()
	if first {
		select {
		case h.wake <- struct{}{}:
		default:
		}
	}
}

// stop removes t when it is still pending; a nil t is ignored.
func (h *timerHeap) stop(t *timer) {
	if t == nil {
		return
	}
	h.mu.Lock()
	if t.idx >= 0 && t.idx < len(h.items) && h.items[t.idx] == t {
		heap.Remove(&h.items, t.idx)
	}
	h.mu.Unlock()
}

// len is the number of pending timers.
func (h *timerHeap) len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.items)
}

// due pops every timer whose deadline has passed and returns how long until
// the next one (or a long wait when there is none).
func (h *timerHeap) due(buf []*timer) ([]*timer, time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	for len(h.items) > 0 && !h.items[0].at.After(now) {
		buf = append(buf, heap.Pop(&h.items).(*timer))
	}
	if len(h.items) == 0 {
		return buf, time.Hour
	}
	return buf, h.items[0].at.Sub(now)
}

// run fires timers until ctx ends, each one posted to its call.
func (h *timerHeap) run(ctx context.Context) {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	var buf []*timer
	for {
		var wait time.Duration
		buf, wait = h.due(buf[:0])
		for i, x := range buf {
			x.c.post(event{kind: evTimer, timer: x})
			buf[i] = nil
		}
		if len(buf) > 0 {
			continue // posting took time: look again before sleeping
		}
		t.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-h.wake:
			if !t.Stop() {
				select {
				case <-t.C:
				default:
				}
			}
		case <-t.C:
		}
	}
}
