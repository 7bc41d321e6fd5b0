package record

import (
	"sync"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
)

// maxPacket is the largest packet an Input queues; RTP over UDP on an
// Ethernet path is smaller.
const maxPacket = 1500

// Input takes one leg's RTP packets for a Recorder. Push is safe to call
// from any goroutine, concurrently with everything else.
type Input struct {
	leg int
	now func() time.Time
	max int // packets queued at most

	mu     sync.Mutex
	q      *batch // filled by Push, swapped out by the Recorder
	closed bool
	// The leg's codec, as last set by Recorder.Leg; gen counts changes.
	codec    codec.Codec
	audioPTs []uint8
	gen      int
	pushed   uint64
	dropped  uint64 // queue full, or too big
}

// batch is packets and their arrival times; its slots keep their arrays
// between uses, so a steady stream allocates nothing.
type batch struct {
	pkts [][]byte
	at   []time.Time
	n    int
}

// Push queues a copy of pkt, stamped with its arrival time. It never
// blocks and never decodes: when the queue is full (the Recorder's
// goroutine is behind by about a second) the packet is dropped and
// counted. A nil Input, or one of a closed Recorder, ignores the packet.
func (in *Input) Push(pkt []byte) {
	if in == nil {
		return
	}
	at := in.now()
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed {
		return
	}
	in.pushed++
	b := in.q
	if b.n == in.max || len(pkt) > maxPacket {
		in.dropped++
		return
	}
	if b.n == len(b.pkts) {
		b.pkts = append(b.pkts, make([]byte, 0, 256))
		b.at = append(b.at, time.Time{})
	}
	b.pkts[b.n] = append(b.pkts[b.n][:0], pkt...)
	b.at[b.n] = at
	b.n++
}

// take swaps the queue for spare (emptied) and returns what was queued.
func (in *Input) take(spare *batch) *batch {
	spare.n = 0
	in.mu.Lock()
	defer in.mu.Unlock()
	q := in.q
	in.q = spare
	return q
}

func (in *Input) config() (codec.Codec, []uint8, int) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.codec, in.audioPTs, in.gen
}

func (in *Input) counts() (pushed, dropped uint64) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.pushed, in.dropped
}

func (in *Input) close() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.closed = true
}
