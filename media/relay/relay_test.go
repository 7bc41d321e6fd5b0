package relay

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"net"
	"net/netip"
	"runtime"
	"testing"
	"time"
)

var loopback = netip.MustParseAddr("127.0.0.1")

// testPool starts a pool on loopback in a random slice of 20000-25999:
// below the kernel's ephemeral range (32768-60999), where port-0 sockets of
// tests running in parallel would take ports, and apart from pbx/call's
// test range (26000-31999).
func testPool(t testing.TB, pairs int, mod ...func(*Config)) *Pool {
	t.Helper()
	base := uint16(20000 + 2*rand.IntN(3000-pairs))
	cfg := Config{Addr: loopback, PortMin: base, PortMax: base + uint16(2*pairs) - 1, Workers: 2}
	for _, m := range mod {
		m(&cfg)
	}
	p, err := NewPool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// phone is a test peer socket on loopback.
type phone struct {
	t    testing.TB
	conn *net.UDPConn
}

func newPhone(t testing.TB) *phone {
	t.Helper()
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &phone{t: t, conn: c}
}

func (p *phone) addr() netip.AddrPort { return p.conn.LocalAddr().(*net.UDPAddr).AddrPort() }

func (p *phone) send(to uint16, b []byte) {
	p.t.Helper()
	if _, err := p.conn.WriteToUDPAddrPort(b, netip.AddrPortFrom(loopback, to)); err != nil {
		p.t.Fatal(err)
	}
}

// recv waits up to d for a datagram; ok is false on timeout.
func (p *phone) recv(d time.Duration) (b []byte, from netip.AddrPort, ok bool) {
	buf := make([]byte, 2048)
	_ = p.conn.SetReadDeadline(time.Now().Add(d))
	n, from, err := p.conn.ReadFromUDPAddrPort(buf)
	if err != nil {
		return nil, from, false
	}
	return buf[:n], from, true
}

func (p *phone) mustRecv(what string) ([]byte, netip.AddrPort) {
	p.t.Helper()
	b, from, ok := p.recv(2 * time.Second)
	if !ok {
		p.t.Fatalf("%s: nothing received", what)
	}
	return b, from
}

func (p *phone) mustNotRecv(what string) {
	p.t.Helper()
	if b, from, ok := p.recv(150 * time.Millisecond); ok {
		p.t.Fatalf("%s: unexpected %d bytes from %s", what, len(b), from)
	}
}

func rtpPacket(ssrc uint32, seq uint16, ts uint32, pt uint8, payload int) []byte {
	b := make([]byte, 12+payload)
	b[0] = 0x80
	b[1] = pt
	binary.BigEndian.PutUint16(b[2:], seq)
	binary.BigEndian.PutUint32(b[4:], ts)
	binary.BigEndian.PutUint32(b[8:], ssrc)
	for i := 12; i < len(b); i++ {
		b[i] = byte(i)
	}
	return b
}

// srPacket is an RTCP SR with one report block (RFC 3550 §6.4.1).
func srPacket(ssrc uint32, ntpMid, rtpTS uint32, blockSSRC, highest, lsr, dlsr uint32) []byte {
	b := make([]byte, 28+24)
	b[0] = 0x81
	b[1] = rtcpSR
	binary.BigEndian.PutUint16(b[2:], uint16(len(b)/4-1))
	binary.BigEndian.PutUint32(b[4:], ssrc)
	binary.BigEndian.PutUint32(b[10:], ntpMid)
	binary.BigEndian.PutUint32(b[16:], rtpTS)
	blk := b[28:]
	binary.BigEndian.PutUint32(blk, blockSSRC)
	binary.BigEndian.PutUint32(blk[8:], highest)
	binary.BigEndian.PutUint32(blk[16:], lsr)
	binary.BigEndian.PutUint32(blk[20:], dlsr)
	return b
}

// waitStats polls until cond holds: counters move just after the send that
// the test peer may already have read.
func waitStats(t testing.TB, l *Link, cond func(a, b LegStats) bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond(l.Stats()) {
			return
		}
	}
}

func bridgePair(t testing.TB, p *Pool) (a, b *Endpoint, l *Link) {
	t.Helper()
	var err error
	if a, err = p.Allocate(); err != nil {
		t.Fatal(err)
	}
	if b, err = p.Allocate(); err != nil {
		t.Fatal(err)
	}
	l = Bridge(a, b)
	t.Cleanup(func() { l.Close(); a.Close(); b.Close() })
	return a, b, l
}

func TestAllocatePairsAndExhaustion(t *testing.T) {
	p := testPool(t, 3)
	var eps []*Endpoint
	seen := map[uint16]bool{}
	for {
		e, err := p.Allocate()
		if errors.Is(err, ErrNoPorts) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if e.Port()%2 != 0 || e.Port() < p.cfg.PortMin || e.Port()+1 > p.cfg.PortMax || seen[e.Port()] {
			t.Fatalf("port %d: want a new even port with RTCP inside %d-%d", e.Port(), p.cfg.PortMin, p.cfg.PortMax)
		}
		seen[e.Port()] = true
		// Both ports are really bound.
		for _, port := range []uint16{e.Port(), e.Port() + 1} {
			if c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: int(port)}); err == nil {
				c.Close()
				t.Fatalf("port %d is not bound by the endpoint", port)
			}
		}
		eps = append(eps, e)
	}
	if len(eps) == 0 || len(eps) > 3 {
		t.Fatalf("allocated %d pairs from a range of 3", len(eps))
	}
	if p.InUse() != len(eps) {
		t.Fatalf("InUse = %d, want %d", p.InUse(), len(eps))
	}
	// Close releases the ports: the same pair can be allocated again.
	port := eps[0].Port()
	if err := eps[0].Close(); err != nil {
		t.Fatal(err)
	}
	if p.InUse() != len(eps)-1 {
		t.Fatalf("InUse after Close = %d", p.InUse())
	}
	e, err := p.Allocate()
	if err != nil {
		t.Fatalf("allocate after close: %v", err)
	}
	if e.Port() != port {
		t.Fatalf("got port %d, want the released %d", e.Port(), port)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Allocate(); !errors.Is(err, ErrClosed) {
		t.Fatalf("allocate on closed pool: %v", err)
	}
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: int(port)})
	if err != nil {
		t.Fatalf("port %d still bound after Pool.Close: %v", port, err)
	}
	c.Close()
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"no address", Config{PortMin: 40000, PortMax: 40010}},
		{"empty range", Config{Addr: loopback, PortMin: 40001, PortMax: 40001}},
		{"reversed", Config{Addr: loopback, PortMin: 40010, PortMax: 40000}},
	} {
		if _, err := NewPool(tc.cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", tc.name, err)
		}
	}
}

// TestLatchingBehindNAT: the phones send from other ports than their SDP
// says; the relay sends to the SDP address until it latches, then to the
// real source, and drops a third party.
func TestLatchingBehindNAT(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	sdpA := newPhone(t) // the address phone A's SDP names (its private side)
	a.SetRemote(sdpA.addr())
	b.SetRemote(phoneB.addr())

	// B speaks first: A has not latched, so it goes to A's SDP address,
	// from A's endpoint port (symmetric RTP).
	phoneB.send(b.Port(), rtpPacket(2, 1, 160, 0, 160))
	_, from := sdpA.mustRecv("before latching")
	if from.Port() != a.Port() {
		t.Fatalf("sent from port %d, want endpoint port %d", from.Port(), a.Port())
	}

	// A speaks from its NAT port: B hears it, and A latches.
	phoneA.send(a.Port(), rtpPacket(1, 1, 160, 0, 160))
	got, from := phoneB.mustRecv("A to B")
	if len(got) != 172 || from.Port() != b.Port() {
		t.Fatalf("B got %d bytes from %s", len(got), from)
	}
	phoneB.send(b.Port(), rtpPacket(2, 2, 320, 0, 160))
	phoneA.mustRecv("after latching")
	sdpA.mustNotRecv("after latching, SDP address")

	// A third party aims at A's endpoint: dropped and counted.
	intruder := newPhone(t)
	intruder.send(a.Port(), rtpPacket(9, 1, 160, 0, 160))
	phoneB.mustNotRecv("intruder")
	// Garbage (not RTP version 2) is dropped too.
	phoneA.send(a.Port(), []byte("STUN? no"))
	phoneB.mustNotRecv("garbage")

	sa, sb := l.Stats()
	if sa.Latched != phoneA.addr() || sb.Latched != phoneB.addr() {
		t.Fatalf("latched %s / %s, want %s / %s", sa.Latched, sb.Latched, phoneA.addr(), phoneB.addr())
	}
	if sa.Dropped != 1 || sa.Invalid != 1 || sa.PacketsIn != 1 || sa.PacketsOut != 2 || sb.PacketsIn != 2 || sb.PacketsOut != 1 {
		t.Fatalf("stats a=%+v b=%+v", sa, sb)
	}
	if sa.BytesIn != 172 || sa.LastPacket.IsZero() {
		t.Fatalf("bytes/last: %+v", sa)
	}
}

// TestSDPAddressTakesLatch: a packet from exactly the SDP address wins over
// an earlier latch (a stray that got there first).
func TestSDPAddressTakesLatch(t *testing.T) {
	p := testPool(t, 8)
	a, b, _ := bridgePair(t, p)
	phoneA, phoneB, stray := newPhone(t), newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	stray.send(a.Port(), rtpPacket(7, 1, 0, 0, 20))
	phoneB.mustRecv("stray")
	phoneA.send(a.Port(), rtpPacket(1, 1, 0, 0, 20))
	phoneB.mustRecv("real phone")
	if a.Latched() != phoneA.addr() {
		t.Fatalf("latched %s, want the SDP address %s", a.Latched(), phoneA.addr())
	}
	// A new SDP address (re-INVITE) drops the latch.
	other := newPhone(t)
	a.SetRemote(other.addr())
	if a.Latched().IsValid() {
		t.Fatal("latch kept after SetRemote changed the address")
	}
}

func TestRTCPRelayed(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	rtcpA, rtcpB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	b.SetRemoteRTCP(rtcpB.addr()) // as if from a=rtcp

	sr := srPacket(1, 0x11112222, 1000, 0, 0, 0, 0)
	rtcpA.send(a.Port()+1, sr)
	got, from := rtcpB.mustRecv("RTCP A to B")
	if from.Port() != b.Port()+1 || len(got) != len(sr) {
		t.Fatalf("got %d bytes from %s", len(got), from)
	}
	// B answers with an RR whose LSR names that SR: RTCP B latches, A's
	// RTCP goes back to rtcpA, and B's round-trip time is measured.
	rr := make([]byte, 8+24)
	rr[0], rr[1] = 0x81, rtcpRR
	binary.BigEndian.PutUint16(rr[2:], uint16(len(rr)/4-1))
	binary.BigEndian.PutUint32(rr[4:], 2)
	binary.BigEndian.PutUint32(rr[8+16:], 0x11112222)
	binary.BigEndian.PutUint32(rr[8+20:], 0) // answered at once
	time.Sleep(20 * time.Millisecond)
	rtcpB.send(b.Port()+1, rr)
	rtcpA.mustRecv("RTCP B to A")
	waitStats(t, l, func(a, b LegStats) bool { return a.RTCPOut == 1 })
	sa, sb := l.Stats()
	if sa.RTCPIn != 1 || sb.RTCPIn != 1 || sa.RTCPOut != 1 || sb.RTCPOut != 1 {
		t.Fatalf("rtcp counts a=%+v b=%+v", sa, sb)
	}
	if sb.LatchedRTCP != rtcpB.addr() || sa.LatchedRTCP != rtcpA.addr() {
		t.Fatalf("rtcp latched a=%s b=%s", sa.LatchedRTCP, sb.LatchedRTCP)
	}
	if sb.RTT < 15*time.Millisecond || sb.RTT > time.Second {
		t.Fatalf("RTT of B = %v, want about 20ms", sb.RTT)
	}
	// RTP sent to an RTCP port is not RTCP: dropped as invalid.
	rtcpA.send(a.Port()+1, rtpPacket(1, 1, 1, 0, 20))
	rtcpB.mustNotRecv("RTP on the RTCP port")
}

// TestSSRCChangeContinuous: after a re-INVITE the phone starts a new stream;
// the far side keeps seeing one SSRC with continuous numbering.
func TestSSRCChangeContinuous(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())

	type hdr struct {
		marker bool
		seq    uint16
		ts     uint32
		ssrc   uint32
	}
	read := func() hdr {
		b, _ := phoneB.mustRecv("rtp")
		h, err := parseRTP(b)
		if err != nil {
			t.Fatal(err)
		}
		return hdr{h.marker, h.seq, h.ts, h.ssrc}
	}
	first := uint16(65533) // wraps within the test
	for i := range 5 {
		phoneA.send(a.Port(), rtpPacket(0xAAAA, first+uint16(i), 1000+160*uint32(i), 0, 160))
		if h := read(); h.ssrc != 0xAAAA || h.seq != first+uint16(i) || h.marker {
			t.Fatalf("first stream rewritten: %+v", h)
		}
	}
	time.Sleep(40 * time.Millisecond)
	var last hdr
	for i := range 5 {
		phoneA.send(a.Port(), rtpPacket(0xBBBB, 500+uint16(i), 90000+160*uint32(i), 0, 160))
		h := read()
		if h.ssrc != 0xAAAA || h.seq != first+5+uint16(i) || h.marker != (i == 0) {
			t.Fatalf("packet %d of the new stream: %+v", i, h)
		}
		if i == 0 {
			gap := h.ts - (1000 + 160*4)
			if gap < 160 || gap > 8000 { // ~40-60ms of 8 kHz
				t.Fatalf("timestamp advanced by %d across the change", gap)
			}
		} else if h.ts != last.ts+160 {
			t.Fatalf("timestamp %d after %d", h.ts, last.ts)
		}
		last = h
	}
	// A late packet of the old stream keeps its old numbering and does not
	// flip the stream back.
	phoneA.send(a.Port(), rtpPacket(0xAAAA, first+5, 1000+160*5, 0, 160))
	if h := read(); h.ssrc != 0xAAAA || h.seq != first+5 {
		t.Fatalf("late old packet: %+v", h)
	}
	phoneA.send(a.Port(), rtpPacket(0xBBBB, 505, 90000+160*5, 0, 160))
	if h := read(); h.seq != last.seq+1 || h.ts != last.ts+160 || h.marker {
		t.Fatalf("after the late packet: %+v, last %+v", h, last)
	}
	// RTCP follows: A's SR for the new SSRC reaches B as the old SSRC with
	// the timestamp in the numbering B sees; B's report about "0xAAAA"
	// reaches A about 0xBBBB.
	rtcpA, rtcpB := newPhone(t), newPhone(t)
	b.SetRemoteRTCP(rtcpB.addr())
	rtcpA.send(a.Port()+1, srPacket(0xBBBB, 1, 90000+160*5, 0, 0, 0, 0))
	got, _ := rtcpB.mustRecv("SR")
	if ssrc, ts := binary.BigEndian.Uint32(got[4:]), binary.BigEndian.Uint32(got[16:]); ssrc != 0xAAAA || ts != last.ts+160 {
		t.Fatalf("SR ssrc %x ts %d, want aaaa %d", ssrc, ts, last.ts+160)
	}
	rtcpB.send(b.Port()+1, srPacket(2, 2, 0, 0xAAAA, uint32(last.seq+1), 0, 0))
	got, _ = rtcpA.mustRecv("SR back")
	if ssrc, hi := binary.BigEndian.Uint32(got[28:]), binary.BigEndian.Uint32(got[28+8:]); ssrc != 0xBBBB || uint16(hi) != 505 {
		t.Fatalf("report block ssrc %x highest %d, want bbbb 505", ssrc, uint16(hi))
	}
	if sa, _ := l.Stats(); sa.SSRCChanges != 1 || sa.Lost != 0 {
		t.Fatalf("stats %+v", sa)
	}
}

func TestLostOverLink(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	b.SetRemote(phoneB.addr())
	_ = a
	sent := 0
	for seq := uint16(1); seq <= 51; seq++ {
		if seq%10 == 0 {
			continue // 5 lost
		}
		phoneA.send(a.Port(), rtpPacket(5, seq, uint32(seq)*160, 0, 160))
		sent++
	}
	for range sent {
		phoneB.mustRecv("rtp")
	}
	waitStats(t, l, func(a, b LegStats) bool { return b.PacketsOut == uint64(sent) })
	sa, sb := l.Stats()
	if sa.Lost != 5 || sa.PacketsIn != uint64(sent) || sb.PacketsOut != uint64(sent) {
		t.Fatalf("lost %d in %d out %d, want 5 %d %d", sa.Lost, sa.PacketsIn, sb.PacketsOut, sent, sent)
	}
}

func TestMute(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	l.Mute(true, false)
	phoneA.send(a.Port(), rtpPacket(1, 1, 0, 0, 20))
	phoneB.mustNotRecv("muted A")
	phoneB.send(b.Port(), rtpPacket(2, 1, 0, 0, 20))
	phoneA.mustRecv("B not muted")
	l.Mute(false, false)
	phoneA.send(a.Port(), rtpPacket(1, 2, 160, 0, 20))
	phoneB.mustRecv("unmuted A")
	if sa, _ := l.Stats(); sa.PacketsIn != 2 {
		t.Fatalf("muted packets must still be counted: %+v", sa)
	}
}

func TestInactive(t *testing.T) {
	p := testPool(t, 8, func(c *Config) { c.InactivityTimeout = 300 * time.Millisecond })
	a, b, l := bridgePair(t, p)
	phoneA := newPhone(t)
	_ = b
	// Packets keep it alive past the timeout.
	for i := range 8 {
		phoneA.send(a.Port(), rtpPacket(1, uint16(i), 0, 0, 20))
		time.Sleep(60 * time.Millisecond)
		select {
		case <-l.Inactive():
			t.Fatalf("inactive while RTP flows (packet %d)", i)
		default:
		}
	}
	start := time.Now()
	select {
	case <-l.Inactive():
	case <-time.After(2 * time.Second):
		t.Fatal("Inactive did not fire")
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Fatalf("fired %v after the last packet, want about 300ms", d)
	}
	// Without any packet it fires from Bridge.
	_, _, l2 := bridgePair(t, p)
	select {
	case <-l2.Inactive():
	case <-time.After(2 * time.Second):
		t.Fatal("Inactive did not fire on a silent link")
	}
}

func TestCloseStopsRelayAndRebridge(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	phoneA.send(a.Port(), rtpPacket(1, 1, 0, 0, 20))
	phoneB.mustRecv("bridged")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-l.Done():
	default:
		t.Fatal("Done not closed")
	}
	phoneA.send(a.Port(), rtpPacket(1, 2, 160, 0, 20))
	phoneB.mustNotRecv("after Link.Close")
	// Endpoints stay usable: bridge A to a new endpoint C (a transfer).
	c, err := p.Allocate()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	phoneC := newPhone(t)
	c.SetRemote(phoneC.addr())
	l2 := Bridge(a, c)
	phoneA.send(a.Port(), rtpPacket(1, 3, 320, 0, 20))
	phoneC.mustRecv("rebridged")
	// Bridging A again closes its current link.
	l3 := Bridge(a, b)
	select {
	case <-l2.Done():
	default:
		t.Fatal("old link not closed by a new Bridge")
	}
	// Closing an endpoint stops its link.
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-l3.Done():
	default:
		t.Fatal("link not closed with its endpoint")
	}
	// Degenerate bridges come back closed and never panic.
	for _, bad := range []*Link{Bridge(nil, a), Bridge(a, a), Bridge(a, b)} {
		select {
		case <-bad.Done():
		default:
			t.Fatal("degenerate bridge is open")
		}
		_ = bad.Close()
		_, _ = bad.Stats()
	}
}

func TestPoolCloseStopsGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	p, err := NewPool(Config{Addr: loopback, PortMin: 25000, PortMax: 25099, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := p.Allocate()
	b, _ := p.Allocate()
	l := Bridge(a, b)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if p.InUse() != 0 {
		t.Fatalf("InUse after Close = %d", p.InUse())
	}
	_ = l.Close()
	_ = a.Close()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after Close, %d before", n, before)
	}
}

// TestMemoryPerCall measures the Go heap held per active call (a Link and
// its two Endpoints, bridged and registered). Goal: at most 64 KiB.
func TestMemoryPerCall(t *testing.T) {
	const calls = 200
	p := testPool(t, 4*calls) // room to spare: sockets of earlier tests may still be closing
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	links := make([]*Link, 0, calls)
	for range calls {
		a, err := p.Allocate()
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.Allocate()
		if err != nil {
			t.Fatal(err)
		}
		a.SetRemote(netip.MustParseAddrPort("127.0.0.1:9"))
		b.SetRemote(netip.MustParseAddrPort("127.0.0.1:9"))
		links = append(links, Bridge(a, b))
	}
	time.Sleep(50 * time.Millisecond) // let the workers register them
	runtime.GC()
	runtime.ReadMemStats(&m1)
	per := (int64(m1.HeapAlloc) - int64(m0.HeapAlloc)) / calls
	t.Logf("heap per call (Link + 2 Endpoints): %d bytes", per)
	if per > 64<<10 {
		t.Fatalf("heap per call %d bytes, goal <= 64 KiB", per)
	}
	runtime.KeepAlive(links)
}

// TestBurst: more datagrams queued on one socket than one batch holds, and
// more sockets ready than one epoll call returns, all get through (the
// worker parks only when it has drained what was ready).
func TestBurst(t *testing.T) {
	p := testPool(t, 16, func(c *Config) { c.Workers = 1 })
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	_ = phoneB.conn.SetReadBuffer(1 << 20)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	const n = 10*batchLen + 3
	for i := range n {
		phoneA.send(a.Port(), rtpPacket(1, uint16(i), uint32(i)*160, 0, 160))
	}
	for i := range n {
		if _, _, ok := phoneB.recv(2 * time.Second); !ok {
			sa, sb := l.Stats()
			t.Fatalf("packet %d of %d missing; a=%+v b=%+v", i, n, sa, sb)
		}
	}
}

func TestParseRTP(t *testing.T) {
	ext := append(rtpPacket(1, 2, 3, 96, 0), 0xBE, 0xDE, 0, 1, 1, 2, 3, 4, 9, 9)
	ext[0] |= 0x10
	pad := append(rtpPacket(1, 2, 3, 96, 4), 0, 0, 3)
	pad[0] |= 0x20
	for _, tc := range []struct {
		name         string
		in           []byte
		payload, end int
		err          string
	}{
		{"plain", rtpPacket(1, 2, 3, 0, 160), 12, 172, ""},
		{"extension", ext, 20, 22, ""},
		{"padding", pad, 12, 16, ""},
		{"short", []byte{0x80, 0}, 0, 0, "rtp: 2 bytes: packet too short"},
		{"version 1", append([]byte{0x40}, make([]byte, 11)...), 0, 0, "rtp: not RTP version 2"},
		{"csrc overflow", append([]byte{0x8f}, make([]byte, 11)...), 0, 0, "rtp: CSRC list: bad length"},
		{"extension overflow", append([]byte{0x90}, make([]byte, 13)...), 0, 0, "rtp: extension header: bad length"},
		{"zero padding", append([]byte{0xa0}, make([]byte, 12)...), 0, 0, "rtp: padding 0: bad length"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := parseRTP(tc.in)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("err = %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil || h.payload != tc.payload || h.end != tc.end {
				t.Fatalf("got %+v, %v; want payload %d end %d", h, err, tc.payload, tc.end)
			}
		})
	}
	if _, err := parseRTCP(srPacket(1, 2, 3, 4, 5, 6, 7)); err != nil {
		t.Fatal(err)
	}
	trunc := srPacket(1, 2, 3, 4, 5, 6, 7)[:40]
	binary.BigEndian.PutUint16(trunc[2:], 9)
	if _, err := parseRTCP(trunc); err == nil || err.Error() != "rtcp: packet 1: 1 report blocks in 40 bytes: bad length" {
		t.Fatalf("truncated SR: %v", err)
	}
}

// TestDualStack: a pool on "::" relays between an IPv4 and an IPv6 phone.
func TestDualStack(t *testing.T) {
	base := uint16(20000 + 2*rand.IntN(2900))
	p, err := NewPool(Config{Addr: netip.IPv6Unspecified(), PortMin: base, PortMax: base + 15})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	c6, err := net.ListenUDP("udp6", &net.UDPAddr{IP: net.IPv6loopback})
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	phone6 := &phone{t: t, conn: c6}
	t.Cleanup(func() { c6.Close() })
	a, b, _ := bridgePair(t, p)
	phone4 := newPhone(t)
	a.SetRemote(phone4.addr())
	b.SetRemote(phone6.addr())
	b.SetRemote(netip.AddrPort{}) // cleared ...
	b.SetRemote(phone6.addr())    // ... and set again
	phone4.send(a.Port(), rtpPacket(1, 1, 0, 0, 20))
	_ = c6.SetReadDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 100)
	if _, from, err := c6.ReadFromUDPAddrPort(buf); err != nil || from.Port() != b.Port() {
		t.Fatalf("IPv6 phone: from %s, %v", from, err)
	}
	if _, err := c6.WriteToUDPAddrPort(rtpPacket(2, 1, 0, 0, 20), netip.AddrPortFrom(netip.IPv6Loopback(), b.Port())); err != nil {
		t.Fatal(err)
	}
	phone4.mustRecv("from the IPv6 phone")
	if b.Latched() != phone6.addr() || a.Latched() != phone4.addr() {
		t.Fatalf("latched %s / %s", a.Latched(), b.Latched())
	}
}
