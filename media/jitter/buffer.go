package jitter

import (
	"fmt"
	"slices"
	"time"

	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// Defaults and limits of Config.
const (
	DefaultPtime = 20 * time.Millisecond
	DefaultDepth = 60 * time.Millisecond
	MaxDepth     = time.Second
	// MaxPackets bounds what a Buffer holds; past it the oldest packet is
	// dropped (Stats.Dropped).
	MaxPackets = 512
)

// ptComfortNoise is the static payload type of comfort noise (RFC 3389 §4).
const ptComfortNoise = 13

// Config sets up a Buffer.
type Config struct {
	// ClockRate is the RTP timestamp clock of the audio: 8000 for PCMU,
	// PCMA and G.722 (RFC 3551 §4.5.2), 48000 for Opus (RFC 7587 §4.1).
	// Zero means 8000.
	ClockRate int
	// Ptime is the frame duration the sender uses (zero: 20 ms). A packet
	// whose timestamp falls less than one Ptime after the expected one is
	// taken as the next frame, so longer frames are never reported lost;
	// shorter ones are.
	Ptime time.Duration
	// Depth is how long a packet may wait for earlier ones: the playout
	// delay after the first packet's arrival, and the most concealment
	// reported for one gap. Zero means 60 ms; at most 1 s.
	Depth time.Duration
	// AudioPT lists the payload types that carry audio on ClockRate. Others
	// (telephone-event, RFC 4733; comfort noise, RFC 3389) are handed out
	// in sequence order as soon as they reach the head of the buffer, and
	// are not used for timing nor reported lost. Empty: every payload type
	// but comfort noise (13) is audio.
	AudioPT []uint8
	// MaxBehind is how far a consumer may fall behind the schedule before
	// Pop discards the oldest frames (Stats.Dropped) to keep the latency
	// bounded. Zero: never; Pop then hands out every frame however late it
	// is called. A mixer that pops one frame per tick sets it (a sender
	// whose clock runs fast would otherwise build up a backlog).
	MaxBehind time.Duration
}

// Frame is one packet handed out by Pop, or a lost audio frame.
type Frame struct {
	// Header of the packet. For a lost frame: SSRC, the payload type of
	// the last audio packet and the Timestamp of the missing frame; Seq is
	// the next sequence number after the last one handed out.
	Header rtp.Header
	// Payload is valid until the next Pop, Push or Flush; empty when Lost.
	Payload []byte
	// Lost marks an audio frame that never came (or came too late): play
	// concealment or silence for it.
	Lost bool
	// Audio is true for a frame of one of Config.AudioPT (and for lost
	// frames), false for the other payload types passed through.
	Audio bool
}

// Stats counts what a Buffer saw. Every packet received ends up exactly
// once in Duplicates, Late, Dropped, handed out by Pop or Flush, or still
// buffered (Len).
type Stats struct {
	Received   uint64 // valid RTP packets pushed
	Duplicates uint64 // already buffered or already handed out (dropped)
	Late       uint64 // came after their frame was due (dropped)
	Lost       uint64 // frames reported lost
	Reordered  uint64 // came after a packet with a higher sequence number
	Dropped    uint64 // discarded: buffer full, or the consumer fell MaxBehind behind
	Resyncs    uint64 // playout schedule restarted: talk spurt, timestamp jump, clock drift
	Restarts   uint64 // SSRC changes (RFC 3550 §8.2: a new source)
}

// Buffer reorders the packets of one RTP stream and hands out one frame per
// ptime, in timestamp order, with gaps reported as loss. It is not safe for
// concurrent use: a caller that pushes from one goroutine and pops from
// another wraps both in its own mutex (Push and Pop take microseconds and
// never block).
type Buffer struct {
	clock           int
	ptime, depth    time.Duration
	maxBehind       time.Duration
	step, depthTS   int64 // ptime and depth in timestamp units
	jumpTS          int64 // a backward step larger than this is a new timeline
	capFrames       int   // most lost frames reported for one gap
	allAudio        bool
	audioPT         [2]uint64
	q               []*entry // buffered packets, ascending extended sequence number
	drain           []*entry // left by the previous SSRC, handed out first
	free            []*entry
	held            *entry // handed out by the last Pop; recycled at the next call
	haveSSRC        bool
	ssrc            uint32
	havePrev        bool
	prevSSRC        uint32
	switchAt        time.Time
	seqInit, popped bool
	maxSeq, popSeq  int64     // extended sequence numbers
	played          [2]uint64 // bit i: popSeq-i was handed out
	synced, fresh   bool      // a schedule exists; nothing of it handed out yet
	nextTS          int64     // extended timestamp of the next frame
	base            time.Time // when baseTS is due
	baseTS          int64
	concealed       int // lost frames reported since the last packet
	lateRun         int // consecutive late audio packets
	haveLast        bool
	lastSeq, lastTS int64 // the audio packet with the highest sequence number so far
	lastPT          uint8
	stats           Stats
}

type entry struct {
	hdr     rtp.Header
	seq, ts int64 // extended
	arrival time.Time
	audio   bool
	buf     []byte
}

// New makes a Buffer; zero fields of cfg take their defaults and Depth is
// capped at MaxDepth.
func New(cfg Config) *Buffer {
	if cfg.ClockRate <= 0 {
		cfg.ClockRate = 8000
	}
	if cfg.Ptime <= 0 {
		cfg.Ptime = DefaultPtime
	}
	if cfg.Depth <= 0 {
		cfg.Depth = DefaultDepth
	}
	cfg.Depth = min(cfg.Depth, MaxDepth)
	b := &Buffer{
		clock:     cfg.ClockRate,
		ptime:     cfg.Ptime,
		depth:     cfg.Depth,
		maxBehind: max(cfg.MaxBehind, 0),
		allAudio:  len(cfg.AudioPT) == 0,
	}
	b.step = max(1, ticks(cfg.Ptime, b.clock))
	b.depthTS = ticks(cfg.Depth, b.clock)
	b.jumpTS = int64(b.clock) + b.depthTS
	b.capFrames = max(1, int(cfg.Depth/cfg.Ptime))
	for _, pt := range cfg.AudioPT {
		b.audioPT[(pt&0x7f)/64] |= 1 << (pt % 64)
	}
	return b
}

func ticks(d time.Duration, clock int) int64 {
	return int64(d) * int64(clock) / int64(time.Second)
}

func (b *Buffer) isAudio(pt uint8) bool {
	if b.allAudio {
		return pt != ptComfortNoise
	}
	return b.audioPT[(pt&0x7f)/64]&(1<<(pt%64)) != 0
}

// due is the playout time of extended timestamp ts; split so that hours of
// 48 kHz timestamps cannot overflow.
func (b *Buffer) due(ts int64) time.Time {
	d := ts - b.baseTS
	c := int64(b.clock)
	return b.base.Add(time.Duration(d/c)*time.Second + time.Duration(d%c)*time.Second/time.Duration(c))
}

// rebase moves the schedule so that ts is due Depth after arrival.
func (b *Buffer) rebase(ts int64, arrival time.Time) {
	b.base, b.baseTS = arrival.Add(b.depth), ts
}

// Len is the number of packets buffered.
func (b *Buffer) Len() int { return len(b.q) + len(b.drain) }

// Stats returns the counters.
func (b *Buffer) Stats() Stats { return b.stats }

// Push adds a packet that arrived at arrival. It keeps a copy (pkt may be
// reused at once). It returns an error only for what is not RTP (the
// rtp.Parse error, or ErrRTCP); duplicates, late packets and packets
// of the previous SSRC are dropped and counted.
func (b *Buffer) Push(pkt []byte, arrival time.Time) error {
	if rtp.IsRTCP(pkt) {
		return ErrRTCP
	}
	h, payload, err := rtp.Parse(pkt)
	if err != nil {
		return fmt.Errorf("jitter: %w", err)
	}
	b.stats.Received++
	if b.haveSSRC && h.SSRC != b.ssrc {
		// Stragglers of the source we just left are late, not a switch
		// back (RFC 3550 §8.2 lets a source change; it does not flap).
		if b.havePrev && h.SSRC == b.prevSSRC && arrival.Sub(b.switchAt) < b.depth {
			b.stats.Late++
			return nil
		}
		b.restart(arrival)
	}
	b.haveSSRC, b.ssrc = true, h.SSRC

	var seq int64
	if !b.seqInit {
		seq = int64(h.Seq) + 1<<32 // room below for reordered first packets
		b.seqInit, b.maxSeq = true, seq
	} else {
		// RFC 3550 A.1: the nearest extension of a 16-bit sequence number.
		seq = b.maxSeq + int64(int16(h.Seq-uint16(b.maxSeq)))
	}
	if b.popped && seq <= b.popSeq {
		if d := b.popSeq - seq; d < 128 && b.played[d/64]&(1<<(d%64)) != 0 {
			b.stats.Duplicates++
		} else {
			b.stats.Late++
		}
		return nil
	}
	i, found := slices.BinarySearchFunc(b.q, seq, func(e *entry, s int64) int {
		switch {
		case e.seq < s:
			return -1
		case e.seq > s:
			return 1
		}
		return 0
	})
	if found {
		b.stats.Duplicates++
		return nil
	}
	if seq < b.maxSeq {
		b.stats.Reordered++
	}
	b.maxSeq = max(b.maxSeq, seq)

	audio := b.isAudio(h.PayloadType)
	var ts int64
	if audio {
		if !b.synced {
			b.synced, b.fresh = true, true
			b.nextTS = int64(h.Timestamp) + 1<<40
			b.rebase(b.nextTS, arrival)
		}
		ts = b.nextTS + int64(int32(h.Timestamp-uint32(b.nextTS)))
		switch back := b.nextTS - ts; {
		case back > 0 && b.fresh && back <= b.depthTS:
			// The first packets came out of order: start at this one.
			b.nextTS = ts
			b.rebase(ts, arrival)
		case back > 0 && back <= b.jumpTS:
			b.stats.Late++
			b.lateRun++
			if b.lateRun >= 2 {
				// Consistently late: the sender's clock is slower than
				// ours, or the network delay grew. Delay the schedule so
				// this packet would have been due Depth after it came.
				b.rebase(ts, arrival)
				b.stats.Resyncs++
				b.lateRun = 0
			}
			return nil
		case back > 0:
			// A backward jump (the sender reset its timestamps): kept,
			// and Pop starts a new timeline at it.
		default:
			b.lateRun = 0
			// The sender's clock runs faster than ours, or the packet
			// the schedule was based on had been delayed: packets now
			// wait longer than Depth. Bring the schedule forward.
			// Only for a packet that continues the stream: after a
			// timestamp jump the schedule is restarted by Pop instead.
			if b.haveLast && seq > b.lastSeq && ts-b.lastTS <= (seq-b.lastSeq+1)*b.step &&
				ts-b.nextTS <= int64(len(b.q)+1)*b.step+b.depthTS {
				if wait := b.due(ts).Sub(arrival); wait > b.depth+max(b.depth/2, 2*b.ptime) {
					b.rebase(ts, arrival)
					b.stats.Resyncs++
				}
			}
		}
	}

	if audio && (!b.haveLast || seq > b.lastSeq) {
		b.haveLast, b.lastSeq, b.lastTS = true, seq, ts
	}
	e := b.get()
	e.hdr, e.seq, e.ts, e.arrival, e.audio = h, seq, ts, arrival, audio
	e.buf = append(e.buf[:0], payload...)
	b.q = slices.Insert(b.q, i, e)
	if len(b.q) > MaxPackets-len(b.drain) {
		old := b.q[0]
		b.q = slices.Delete(b.q, 0, 1)
		if old.audio && old.ts+b.step > b.nextTS {
			b.nextTS = old.ts + b.step
		}
		b.put(old)
		b.stats.Dropped++
	}
	return nil
}

func (b *Buffer) get() *entry {
	if n := len(b.free); n > 0 {
		e := b.free[n-1]
		b.free = b.free[:n-1]
		return e
	}
	return &entry{buf: make([]byte, 0, 512)}
}

func (b *Buffer) put(e *entry) { b.free = append(b.free, e) }

// restart starts over for a new SSRC. What the old source left buffered
// is handed out first, at once.
func (b *Buffer) restart(at time.Time) {
	b.drain = append(b.drain, b.q...)
	b.q = b.q[:0]
	b.stats.Restarts++
	b.havePrev, b.prevSSRC, b.switchAt = true, b.ssrc, at
	b.seqInit, b.popped, b.synced, b.fresh, b.haveLast = false, false, false, false, false
	b.played = [2]uint64{}
	b.concealed, b.lateRun = 0, 0
}

// Pop returns the next frame if it is due at now: the next packet in
// order, or a lost frame when its slot has passed with no packet (at most
// Depth of them in a row; then ok=false until packets come again). ok is
// false when nothing is due yet: the caller plays silence (a pause between
// talk spurts) or waits.
//
// A packet with the marker bit after a gap (a new talk spurt, RFC 3551
// §4.1), a forward timestamp jump larger than Depth, or a backward one
// larger than 1 s + Depth restarts the schedule at that packet (Resyncs)
// instead of reporting the gap as lost. After an SSRC change, what the old
// source left buffered comes first, one packet per call, without waiting.
func (b *Buffer) Pop(now time.Time) (f Frame, ok bool) {
	b.release()
	return b.pop(now, false)
}

func (b *Buffer) release() {
	if b.held != nil {
		b.put(b.held)
		b.held = nil
	}
}

func (b *Buffer) pop(now time.Time, drain bool) (Frame, bool) {
	if len(b.drain) > 0 {
		e := b.drain[0]
		b.drain = b.drain[:copy(b.drain, b.drain[1:])]
		b.held = e
		return Frame{Header: e.hdr, Payload: e.buf, Audio: e.audio}, true
	}
	// Each pass that does not return drops a packet or skips a slot.
	for guard := len(b.q) + b.capFrames + 2; guard > 0; guard-- {
		if len(b.q) == 0 {
			if drain || !b.synced || b.concealed >= b.capFrames || now.Before(b.due(b.nextTS)) {
				return Frame{}, false
			}
			return b.lost(), true
		}
		e := b.q[0]
		if !e.audio {
			return b.emit(e), true
		}
		gap := e.ts - b.nextTS
		switch {
		case gap < 0 && -gap > b.jumpTS:
			b.resync(e)
			gap = 0
		case gap < 0:
			b.q = b.q[:copy(b.q, b.q[1:])]
			b.put(e)
			b.stats.Late++
			continue
		case gap >= b.step && (e.hdr.Marker || gap > b.depthTS || b.concealed >= b.capFrames):
			b.resync(e)
			gap = 0
		}
		behind := func(due time.Time) bool {
			return !drain && b.maxBehind > 0 && now.Sub(due) > b.maxBehind
		}
		if gap < b.step {
			due := b.due(e.ts)
			if !drain && now.Before(due) {
				return Frame{}, false
			}
			if behind(due) && len(b.q) > 1 {
				b.q = b.q[:copy(b.q, b.q[1:])]
				b.nextTS = e.ts + b.step
				b.put(e)
				b.stats.Dropped++
				continue
			}
			return b.emit(e), true
		}
		due := b.due(b.nextTS)
		if !drain && now.Before(due) {
			return Frame{}, false
		}
		if behind(due) {
			b.nextTS += b.step
			continue
		}
		return b.lost(), true
	}
	return Frame{}, false
}

func (b *Buffer) resync(e *entry) {
	b.nextTS = e.ts
	b.rebase(e.ts, e.arrival)
	b.concealed = 0
	b.stats.Resyncs++
}

func (b *Buffer) emit(e *entry) Frame {
	b.q = b.q[:copy(b.q, b.q[1:])]
	b.held = e
	if !b.popped {
		b.popped, b.popSeq, b.played = true, e.seq, [2]uint64{1, 0}
	} else {
		// e.seq > popSeq: Push refuses anything at or below it.
		d := e.seq - b.popSeq
		switch {
		case d >= 128:
			b.played = [2]uint64{}
		case d >= 64:
			b.played = [2]uint64{0, b.played[0] << (d - 64)}
		default:
			b.played = [2]uint64{b.played[0] << d, b.played[1]<<d | b.played[0]>>(64-d)}
		}
		b.played[0] |= 1
		b.popSeq = e.seq
	}
	if e.audio {
		b.nextTS = e.ts + b.step
		b.concealed = 0
		b.fresh = false
		b.lastPT = e.hdr.PayloadType
	} else if e.hdr.PayloadType == ptComfortNoise {
		// RFC 3389 §4: the sender has gone quiet; the pause that follows
		// is silence, not loss.
		b.concealed = b.capFrames
	}
	return Frame{Header: e.hdr, Payload: e.buf, Audio: e.audio}
}

func (b *Buffer) lost() Frame {
	h := rtp.Header{PayloadType: b.lastPT, SSRC: b.ssrc, Timestamp: uint32(b.nextTS)}
	if b.popped {
		h.Seq = uint16(b.popSeq + 1)
	}
	b.nextTS += b.step
	b.concealed++
	b.fresh = false
	b.stats.Lost++
	return Frame{Header: h, Lost: true, Audio: true}
}

// Flush hands out everything still buffered, in order, without waiting
// for it to be due: for the end of a recording. Gaps between packets are
// reported as lost frames as Pop would (at most Depth per gap); the
// silence after the last packet is not. The payloads are copies.
func (b *Buffer) Flush() []Frame {
	var out []Frame
	var store []byte
	for {
		b.release()
		f, ok := b.pop(time.Time{}, true)
		if !ok {
			return out
		}
		if len(f.Payload) > 0 {
			// Earlier frames keep pointing into the old array when
			// append moves store: it is never written again.
			n := len(store)
			store = append(store, f.Payload...)
			f.Payload = store[n:len(store):len(store)]
		}
		out = append(out, f)
	}
}
