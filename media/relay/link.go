package relay

import (
	"encoding/binary"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// Link relays RTP and RTCP between two endpoints: what endpoint a receives
// from its phone goes out of endpoint b to b's phone, and the other way.
type Link struct {
	ep      [2]*Endpoint
	w       *worker
	base    time.Time
	legs    [2]leg
	rate    atomic.Int64
	muted   [2]atomic.Bool
	raw     [2]atomic.Bool // side i's packets keep their headers (SRTP)
	timeout atomic.Int64
	bridged int64 // mono ns

	// proc[i] transforms what side i's phone sends (nil: relayed as is).
	proc [2]atomic.Pointer[procHolder]

	inactive     chan struct{}
	inactiveOnce sync.Once
	timerMu      sync.Mutex
	timer        *time.Timer
	closeOnce    sync.Once
	closed       chan struct{}
	stopped      chan struct{} // closed once the worker no longer touches the sockets

	// Owned by the worker.
	slots      [4]int32
	registered bool
}

// leg is the state of one side of a link: the stream it receives from its
// phone (worker-owned) and its counters (atomics, read by Stats).
type leg struct {
	st     stream
	srMid  uint32 // NTP middle 32 bits of the last SR sent to this leg
	srAt   int64  // when it was sent, mono ns
	haveSR bool

	packetsIn, packetsOut atomic.Uint64
	bytesIn, bytesOut     atomic.Uint64
	rtcpIn, rtcpOut       atomic.Uint64
	dropped, invalid      atomic.Uint64
	noRoute               atomic.Uint64
	ssrcChanges           atomic.Uint64
	lost                  atomic.Int64
	jitterTS              atomic.Uint32
	lastRTP               atomic.Int64 // mono ns; 0 = none yet
	rtt                   atomic.Int64
}

// LegStats are the figures of one side of a link. "In" is what the side's
// phone sent us, "Out" what we sent to it.
type LegStats struct {
	PacketsIn, PacketsOut uint64        // RTP
	BytesIn, BytesOut     uint64        // RTP, UDP payload bytes
	RTCPIn, RTCPOut       uint64        // RTCP packets (compound counts once)
	Lost                  int64         // RFC 3550 A.3, cumulative over SSRCs; negative with duplicates
	Jitter                time.Duration // RFC 3550 A.8 interarrival jitter of what the phone sent
	RTT                   time.Duration // from the phone's RR (LSR/DLSR) against the SR we sent it; 0 if unknown
	LastPacket            time.Time     // last RTP from the phone; zero if none
	Latched               netip.AddrPort
	LatchedRTCP           netip.AddrPort
	Dropped               uint64 // from a source other than the latched one
	Invalid               uint64 // not RTP/RTCP version 2 (STUN, garbage)
	NoRoute               uint64 // not sent: no address known yet, or send failed
	SSRCChanges           uint64
}

// Bridge starts relaying between a and b. A previous link or tap of either
// endpoint is closed first. With a nil, equal or closed endpoint the
// returned Link is already closed.
func Bridge(a, b *Endpoint) *Link {
	l := newLink(a, b)
	if a == nil || b == nil || a == b {
		l.closeNow()
		return l
	}
	return l.start()
}

func newLink(a, b *Endpoint) *Link {
	l := &Link{
		ep:       [2]*Endpoint{a, b},
		inactive: make(chan struct{}),
		closed:   make(chan struct{}),
		stopped:  make(chan struct{}),
		slots:    [4]int32{-1, -1, -1, -1},
	}
	l.rate.Store(DefaultClockRate)
	return l
}

// start takes the link's endpoints (one for a Tap, two for a Bridge) from
// their previous links and hands the link to a worker.
func (l *Link) start() *Link {
	eps := make([]*Endpoint, 0, 2) // in lock order
	for _, e := range l.ep {
		if e != nil {
			eps = append(eps, e)
		}
	}
	if len(eps) == 2 && eps[1].id < eps[0].id {
		eps[0], eps[1] = eps[1], eps[0]
	}
	lead := eps[0]
	l.base = lead.pool.base
	l.timeout.Store(int64(lead.pool.cfg.InactivityTimeout))
	unlock := func() {
		for k := len(eps) - 1; k >= 0; k-- {
			eps[k].mu.Unlock()
		}
	}
	for {
		// Close old links outside our locks; Link.Close takes them.
		for _, e := range eps {
			e.mu.Lock()
			old := e.link
			e.mu.Unlock()
			if old != nil {
				_ = old.Close()
			}
		}
		closed, busy := false, false
		for _, e := range eps {
			e.mu.Lock()
			closed = closed || e.closed
			busy = busy || e.link != nil
		}
		if closed {
			unlock()
			l.closeNow()
			return l
		}
		if busy { // bridged or attached again meanwhile
			unlock()
			continue
		}
		for _, e := range eps {
			e.link = l
		}
		l.w = lead.pool.pickWorker()
		l.bridged = int64(time.Since(l.base))
		// Queued under the endpoint locks, so a Close after this point
		// queues its removal behind the registration.
		ok := l.w.submit(workerCmd{link: l, add: true})
		unlock()
		if !ok {
			_ = l.Close()
			return l
		}
		break
	}
	l.timerMu.Lock()
	l.timer = time.AfterFunc(time.Duration(l.timeout.Load()), l.checkInactive)
	l.timerMu.Unlock()
	return l
}

// fds are the sockets the worker watches; -1 where a Tap has no far side.
func (l *Link) fds() [4]int {
	fds := [4]int{-1, -1, -1, -1}
	for i, e := range l.ep {
		if e != nil {
			fds[2*i], fds[2*i+1] = e.rtpFD, e.rtcpFD
		}
	}
	return fds
}

// closeNow closes a link that never reached a worker.
func (l *Link) closeNow() {
	l.closeOnce.Do(func() {
		close(l.closed)
		close(l.stopped)
	})
}

// Close stops relaying and waits until the worker no longer touches the
// endpoints' sockets. The endpoints stay allocated.
func (l *Link) Close() error {
	first := false
	l.closeOnce.Do(func() {
		first = true
		close(l.closed)
	})
	if !first {
		// Another Close is waiting for the worker: wait with it, so that
		// whoever closes the sockets next cannot pull them from under it.
		<-l.stopped
		return nil
	}
	defer close(l.stopped)
	l.timerMu.Lock()
	if l.timer != nil {
		l.timer.Stop()
	}
	l.timerMu.Unlock()
	for _, e := range l.ep {
		if e == nil {
			continue
		}
		e.mu.Lock()
		if e.link == l {
			e.link = nil
		}
		e.mu.Unlock()
	}
	done := make(chan struct{})
	if l.w.submit(workerCmd{link: l, done: done}) {
		select {
		case <-done:
		case <-l.w.done:
		}
	}
	return nil
}

// Done is closed when the link is closed.
func (l *Link) Done() <-chan struct{} { return l.closed }

// Inactive is closed when no RTP arrived from either side for the
// inactivity timeout, counted from the last packet or from Bridge.
func (l *Link) Inactive() <-chan struct{} { return l.inactive }

// SetInactivityTimeout changes the timeout of this link (a call on hold may
// want a longer one); d <= 0 is ignored.
func (l *Link) SetInactivityTimeout(d time.Duration) {
	if d <= 0 {
		return
	}
	l.timeout.Store(int64(d))
	l.timerMu.Lock()
	if l.timer != nil {
		l.timer.Reset(0) // re-evaluate now against the new value
	}
	l.timerMu.Unlock()
}

func (l *Link) checkInactive() {
	select {
	case <-l.closed:
		return
	default:
	}
	last := max(l.bridged, l.legs[0].lastRTP.Load(), l.legs[1].lastRTP.Load())
	idle := time.Duration(int64(time.Since(l.base)) - last)
	timeout := time.Duration(l.timeout.Load())
	if idle >= timeout {
		l.inactiveOnce.Do(func() { close(l.inactive) })
		return
	}
	l.timerMu.Lock()
	l.timer.Reset(timeout - idle)
	l.timerMu.Unlock()
}

// SetClockRate sets the RTP clock rate used for jitter and for timestamp
// continuity (8000 for G.711 and G.722, 48000 for Opus).
func (l *Link) SetClockRate(hz int) {
	if hz > 0 {
		l.rate.Store(int64(hz))
	}
}

// Mute drops the RTP that side a (fromA) or side b (fromB) sends, for hold;
// the packets are still counted and RTCP still flows.
func (l *Link) Mute(fromA, fromB bool) {
	l.muted[0].Store(fromA)
	l.muted[1].Store(fromB)
}

// Stats returns the figures of both sides.
func (l *Link) Stats() (a, b LegStats) {
	return l.legStats(0), l.legStats(1)
}

func (l *Link) legStats(i int) LegStats {
	g := &l.legs[i]
	s := LegStats{
		PacketsIn: g.packetsIn.Load(), PacketsOut: g.packetsOut.Load(),
		BytesIn: g.bytesIn.Load(), BytesOut: g.bytesOut.Load(),
		RTCPIn: g.rtcpIn.Load(), RTCPOut: g.rtcpOut.Load(),
		Lost:    g.lost.Load(),
		RTT:     time.Duration(g.rtt.Load()),
		Dropped: g.dropped.Load(), Invalid: g.invalid.Load(), NoRoute: g.noRoute.Load(),
		SSRCChanges: g.ssrcChanges.Load(),
	}
	if rate := l.rate.Load(); rate > 0 {
		s.Jitter = time.Duration(int64(g.jitterTS.Load()) * int64(time.Second) / rate)
	}
	if t := g.lastRTP.Load(); t != 0 {
		s.LastPacket = l.base.Add(time.Duration(t))
	}
	if e := l.ep[i]; e != nil {
		s.Latched = e.Latched()
		if p := e.latchRTCP.Load(); p != nil {
			s.LatchedRTCP = *p
		}
	}
	return s
}

// Packet kinds, for the accounting after a send.
const (
	kindRTP uint8 = iota
	kindRTCP
	kindDrop // dropped on purpose, already counted
)

// route is the hot path: one datagram p from src arrived on side i's RTP or
// RTCP socket at mono (ns since the pool's base). It applies latching,
// accounts the packet, rewrites it in place for continuity, and says where
// it goes: ok is false when it is dropped. It runs on the link's worker
// only, and allocates nothing except when a source latches. All packets
// from one socket leave through the same socket (the other endpoint's RTP
// socket for RTP and muxed RTCP, its RTCP socket for RTCP), which lets the
// worker send a batch with one sendmmsg.
func (l *Link) route(i uint8, rtcp bool, p []byte, src netip.AddrPort, mono int64) (dst netip.AddrPort, kind uint8, ok bool) {
	in, out := l.ep[i], l.ep[1-i]
	g := &l.legs[i]
	if rtcp {
		if !looksRTCP(p) {
			g.invalid.Add(1)
			return dst, kindDrop, false
		}
		if !admit(&in.latchRTCP, in.sdpRTCP(), src) {
			g.dropped.Add(1)
			return dst, kindDrop, false
		}
		g.rtcpIn.Add(1)
		if l.raw[i].Load() {
			return dst, kindDrop, false // SRTCP: encrypted reports, not read
		}
		if !l.relaysRTCP(i) {
			l.rewriteRTCP(i, p, mono, false)
			return dst, kindDrop, false
		}
		l.rewriteRTCP(i, p, mono, true)
		dst, ok = out.rtcpDest()
		return dst, kindRTCP, ok
	}
	if !looksRTP(p) {
		g.invalid.Add(1)
		return dst, kindDrop, false
	}
	if !admit(&in.latchRTP, in.remote.Load(), src) {
		g.dropped.Add(1)
		return dst, kindDrop, false
	}
	raw := l.raw[i].Load()
	if looksRTCP(p) { // RTCP multiplexed on the RTP port (RFC 5761), end to end
		g.rtcpIn.Add(1)
		if raw {
			return dst, kindDrop, false // SRTCP: encrypted reports, not read
		}
		if !l.relaysRTCP(i) {
			l.rewriteRTCP(i, p, mono, false)
			return dst, kindDrop, false
		}
		l.rewriteRTCP(i, p, mono, true)
		dst, ok = out.rtpDest()
		return dst, kindRTCP, ok
	}
	if l.proc[i].Load() != nil && !raw && !validRTP(p) {
		// A processor is promised a whole packet (RFC 3550 §5.1); the
		// plain relay forwards what passes looksRTP.
		g.invalid.Add(1)
		return dst, kindDrop, false
	}
	g.packetsIn.Add(1)
	g.bytesIn.Add(uint64(len(p)))
	g.lastRTP.Store(mono)
	g.st.raw = raw
	g.st.update(p, mono, int(l.rate.Load()))
	g.lost.Store(g.st.lost())
	g.jitterTS.Store(g.st.jitterTS())
	if c := g.st.changes; c != g.ssrcChanges.Load() {
		g.ssrcChanges.Store(c)
	}
	if l.muted[i].Load() {
		return dst, kindDrop, false
	}
	if out == nil { // a Tap: its processor takes the packet
		return dst, kindRTP, false
	}
	dst, ok = out.rtpDest()
	return dst, kindRTP, ok
}

// relaysRTCP tells whether side i's RTCP goes on to the other phone: not
// when a processor changes side i's stream (the far phone receives another
// stream than the reports describe), nor for a Tap (no other phone).
func (l *Link) relaysRTCP(i uint8) bool {
	return l.ep[1-i] != nil && l.proc[i].Load() == nil
}

// sent accounts a packet that went out of side o's endpoint to its phone.
func (l *Link) sent(o uint8, kind uint8, n int) {
	g := &l.legs[o]
	if kind == kindRTCP {
		g.rtcpOut.Add(1)
		return
	}
	g.packetsOut.Add(1)
	g.bytesOut.Add(uint64(n))
}

// unsent accounts a packet for side o that could not be sent: no address
// known yet, an address of the wrong family, or a full socket buffer.
func (l *Link) unsent(o uint8) { l.legs[o].noRoute.Add(1) }

// rewriteRTCP maps the SSRCs, sequence numbers and timestamps of an RTCP
// compound from side i through the continuity offsets of both directions
// (RFC 3550 §6.4), so reports match the stream each phone really sees, and
// takes side i's round-trip time from its report blocks (§6.4.1: RTT = now -
// LSR - DLSR, where LSR names an SR we sent it and we noted when). An SR is
// noted as sent to the other side only when the compound is forwarded.
func (l *Link) rewriteRTCP(i uint8, p []byte, mono int64, forwarded bool) {
	g, o := &l.legs[i], &l.legs[1-i]
	mine, theirs := &g.st, &o.st // what side i sends, what it receives from us
	it := rtcpIter{b: p}
	for {
		pkt, pt, count, ok := it.next()
		if !ok {
			return
		}
		if (pt != rtcpSR && pt != rtcpRR) || len(pkt) < 8 {
			continue
		}
		start, n, err := reportBlocks(pkt, pt, count)
		if err != nil || (pt == rtcpSR && len(pkt) < 28) {
			continue
		}
		if ssrc := binary.BigEndian.Uint32(pkt[4:]); mine.active && ssrc == mine.ssrc && ssrc != mine.outSSRC {
			binary.BigEndian.PutUint32(pkt[4:], mine.outSSRC)
			if pt == rtcpSR {
				ts := binary.BigEndian.Uint32(pkt[16:])
				binary.BigEndian.PutUint32(pkt[16:], ts+mine.tsOff)
			}
		}
		if pt == rtcpSR && forwarded {
			o.srMid, o.srAt, o.haveSR = binary.BigEndian.Uint32(pkt[10:]), mono, true
		}
		for k := range n {
			blk := pkt[start+k*reportBlkLen : start+(k+1)*reportBlkLen]
			if theirs.active && binary.BigEndian.Uint32(blk) == theirs.outSSRC && theirs.ssrc != theirs.outSSRC {
				binary.BigEndian.PutUint32(blk, theirs.ssrc)
				hi := binary.BigEndian.Uint32(blk[8:])
				binary.BigEndian.PutUint32(blk[8:], hi&0xffff0000|uint32(uint16(hi)-theirs.seqOff))
			}
			if lsr := binary.BigEndian.Uint32(blk[16:]); lsr != 0 && g.haveSR && lsr == g.srMid {
				dlsr := int64(binary.BigEndian.Uint32(blk[20:])) * int64(time.Second) / 65536
				if rtt := mono - g.srAt - dlsr; rtt >= 0 {
					g.rtt.Store(rtt)
				}
			}
		}
	}
}

// SetRaw keeps the headers of what side from's phone sends exactly as they
// came: no continuity rewrite, no RTCP read or relayed, no padding check.
// For SRTP (RFC 3711), whose authentication covers the header and whose
// RTCP is encrypted: the direction's processor decrypts first. Safe from
// any goroutine.
func (l *Link) SetRaw(from int, raw bool) {
	if from == 0 || from == 1 {
		l.raw[from].Store(raw)
	}
}
