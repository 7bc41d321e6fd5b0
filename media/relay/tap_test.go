package relay

import (
	"bytes"
	"encoding/binary"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
)

// collector is a Tap handler that keeps copies of what it is given, without
// blocking the worker.
type collector struct {
	ch      chan []byte
	overrun atomic.Int64
}

func newCollector() *collector { return &collector{ch: make(chan []byte, 256)} }

func (c *collector) handle(p []byte) {
	select {
	case c.ch <- bytes.Clone(p):
	default:
		c.overrun.Add(1)
	}
}

func (c *collector) mustGet(t *testing.T, what string) []byte {
	t.Helper()
	select {
	case p := <-c.ch:
		return p
	case <-time.After(2 * time.Second):
		t.Fatalf("%s: handler got nothing", what)
		return nil
	}
}

func (c *collector) mustNotGet(t *testing.T, what string) {
	t.Helper()
	select {
	case p := <-c.ch:
		t.Fatalf("%s: handler got %d bytes", what, len(p))
	case <-time.After(150 * time.Millisecond):
	}
}

// TestAttach: the phone's packets reach the handler (after latching and
// accounting), Send answers to the latched address, RTCP is counted and goes
// nowhere, Close stops the handler, Endpoint.Close releases the ports.
func TestAttach(t *testing.T) {
	p := testPool(t, 8)
	ep, err := p.Allocate()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ep.Close() })
	ph := newPhone(t)
	col := newCollector()
	tap := Attach(ep, col.handle)

	// No SDP address: the first packet latches.
	pkt := rtpPacket(0xC0FFEE, 7, 1120, 0, 160)
	ph.send(ep.Port(), pkt)
	if got := col.mustGet(t, "first packet"); !bytes.Equal(got, pkt) {
		t.Fatalf("handler got %x, want %x", got, pkt)
	}
	reply := rtpPacket(0xBEEF, 1, 0, 0, 40)
	if err := ep.Send(reply); err != nil {
		t.Fatal(err)
	}
	got, from := ph.mustRecv("reply")
	if !bytes.Equal(got, reply) || from.Port() != ep.Port() {
		t.Fatalf("phone got %d bytes from %s", len(got), from)
	}

	// Not valid RTP (CSRC list longer than the packet): counted, not handed over.
	bad := rtpPacket(0xC0FFEE, 8, 0, 0, 0)
	bad[0] |= 0x0f
	ph.send(ep.Port(), bad)
	// A stranger is dropped by the latch.
	newPhone(t).send(ep.Port(), rtpPacket(9, 1, 0, 0, 20))
	// RTCP from the phone: read and counted.
	rtcp := newPhone(t)
	rtcp.send(ep.Port()+1, srPacket(0xC0FFEE, 1, 2, 0, 0, 0, 0))
	col.mustNotGet(t, "invalid RTP, stranger, RTCP")

	s := tap.Stats()
	want := LegStats{PacketsIn: 1, PacketsOut: 1, BytesIn: 172, BytesOut: 52, RTCPIn: 1, Dropped: 1, Invalid: 1,
		Latched: ph.addr(), LatchedRTCP: rtcp.addr()}
	s.LastPacket, s.Lost, s.Jitter = time.Time{}, 0, 0
	if s != want {
		t.Fatalf("stats\n got %+v\nwant %+v", s, want)
	}

	if err := tap.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-tap.Done():
	default:
		t.Fatal("Done not closed")
	}
	ph.send(ep.Port(), rtpPacket(0xC0FFEE, 9, 0, 0, 20))
	col.mustNotGet(t, "after Close")

	inUse := p.InUse()
	port := ep.Port()
	if err := ep.Close(); err != nil {
		t.Fatal(err)
	}
	if p.InUse() != inUse-1 {
		t.Fatalf("InUse %d after Close, want %d", p.InUse(), inUse-1)
	}
	if err := bindPair(port); err != nil {
		t.Fatalf("ports not released: %v", err)
	}
	if col.overrun.Load() != 0 {
		t.Fatal("collector overran")
	}
}

// TestAttachEcho: a handler that answers every packet with Endpoint.Send
// from the worker (an echo test): the phone hears its own tone back.
func TestAttachEcho(t *testing.T) {
	p := testPool(t, 8)
	ep, err := p.Allocate()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ep.Close() })
	ph := newPhone(t)
	ep.SetRemote(ph.addr())
	var sendErrs atomic.Int64
	tap := Attach(ep, func(pkt []byte) {
		if ep.Send(pkt) != nil {
			sendErrs.Add(1)
		}
	})
	tone := audiotest.Tone(8000, 1500, 0.3, time.Second)
	enc, _ := codec.PCMU{}.NewEncoder()
	dec, _ := codec.PCMU{}.NewDecoder()
	var heard []int16
	const frames = 50
	for k := range frames {
		pay, _ := enc.Encode(tone[k*160:(k+1)*160], nil)
		ph.send(ep.Port(), append(rtpPacket(5, uint16(k), uint32(k*160), 0, 0), pay...))
		got, _ := ph.mustRecv("echo")
		if heard, err = dec.Decode(got[12:], heard); err != nil {
			t.Fatal(err)
		}
	}
	f, lvl := audiotest.DominantFrequency(heard, 8000), audiotest.Level(heard, 8000, 1500)
	t.Logf("echo: %.2f Hz at %.4f", f, lvl)
	if math.Abs(f-1500) > 2 || math.Abs(lvl-0.3) > 0.01 {
		t.Fatalf("echo %.2f Hz at %.4f, want 1500 Hz at 0.3", f, lvl)
	}
	if s := tap.Stats(); s.PacketsIn != frames || s.PacketsOut != frames || s.BytesOut != frames*172 || sendErrs.Load() != 0 || s.RTT != 0 {
		t.Fatalf("stats %+v, send errors %d", s, sendErrs.Load())
	}
}

// TestBridgeAttachBridge swaps one endpoint from a bridge to a tap (a
// caller put into a prompt) and back.
func TestBridgeAttachBridge(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	phoneA.send(a.Port(), rtpPacket(1, 1, 0, 0, 20))
	phoneB.mustRecv("bridged")

	col := newCollector()
	tap := Attach(a, col.handle)
	select {
	case <-l.Done():
	default:
		t.Fatal("Attach did not close the bridge")
	}
	phoneA.send(a.Port(), rtpPacket(1, 2, 160, 0, 20))
	if got := col.mustGet(t, "attached"); binary.BigEndian.Uint16(got[2:]) != 2 {
		t.Fatalf("handler got seq %d", binary.BigEndian.Uint16(got[2:]))
	}
	phoneB.mustNotRecv("A while attached")
	phoneB.send(b.Port(), rtpPacket(2, 1, 0, 0, 20))
	phoneA.mustNotRecv("B while A is attached")
	if err := a.Send(rtpPacket(3, 1, 0, 0, 20)); err != nil {
		t.Fatal(err)
	}
	if got, _ := phoneA.mustRecv("prompt"); binary.BigEndian.Uint32(got[8:]) != 3 {
		t.Fatal("not the prompt")
	}

	l2 := Bridge(a, b)
	t.Cleanup(func() { l2.Close() })
	select {
	case <-tap.Done():
	default:
		t.Fatal("Bridge did not close the tap")
	}
	phoneA.send(a.Port(), rtpPacket(1, 3, 320, 0, 20))
	if got, _ := phoneB.mustRecv("bridged again"); binary.BigEndian.Uint16(got[2:]) != 3 {
		t.Fatal("wrong packet")
	}
	col.mustNotGet(t, "after the bridge came back")
	if s := tap.Stats(); s.PacketsIn != 1 || s.PacketsOut != 1 {
		t.Fatalf("tap stats %+v", s)
	}
	if sa, _ := l2.Stats(); sa.PacketsIn != 1 {
		t.Fatalf("new bridge stats %+v", sa)
	}
}

func TestAttachInactiveAndDegenerate(t *testing.T) {
	p := testPool(t, 8, func(c *Config) { c.InactivityTimeout = 200 * time.Millisecond })
	ep, err := p.Allocate()
	if err != nil {
		t.Fatal(err)
	}
	tap := Attach(ep, nil) // drops what comes
	tap.SetClockRate(16000)
	tap.SetInactivityTimeout(100 * time.Millisecond)
	newPhone(t).send(ep.Port(), rtpPacket(1, 1, 0, 0, 20))
	select {
	case <-tap.Inactive():
	case <-time.After(2 * time.Second):
		t.Fatal("Inactive did not fire")
	}
	if s := tap.Stats(); s.PacketsIn != 1 {
		t.Fatalf("stats %+v", s)
	}
	// Endpoint.Close closes the tap.
	if err := ep.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-tap.Done():
	default:
		t.Fatal("tap open after Endpoint.Close")
	}
	for _, bad := range []*Tap{Attach(nil, nil), Attach(ep, func([]byte) {})} {
		select {
		case <-bad.Done():
		default:
			t.Fatal("degenerate tap is open")
		}
		_ = bad.Close()
		_ = bad.Stats()
	}
}
