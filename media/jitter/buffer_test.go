package jitter

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/rtp"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	ssrcA = 0x1111
	ssrcB = 0x2222
	ptEv  = 101
)

// pk is a packet of a test script: sequence number, timestamp, arrival in
// ms after t0. The payload carries the sequence number and SSRC so that the
// output can be checked against the input.
type pk struct {
	seq    uint16
	ts     uint32
	at     int
	marker bool
	ssrc   uint32
	pt     uint8
}

func (p pk) bytes() []byte {
	ssrc := p.ssrc
	if ssrc == 0 {
		ssrc = ssrcA
	}
	payload := binary.BigEndian.AppendUint16(nil, p.seq)
	payload = binary.BigEndian.AppendUint32(payload, ssrc)
	payload = append(payload, make([]byte, 154)...)
	return rtp.Append(nil, rtp.Header{Marker: p.marker, PayloadType: p.pt, Seq: p.seq, Timestamp: p.ts, SSRC: ssrc}, payload)
}

// stream is n packets of 20 ms at 8000 Hz from seq/ts, one every 20 ms
// from at.
func stream(seq uint16, ts uint32, at, n int) []pk {
	var out []pk
	for i := range n {
		out = append(out, pk{seq: seq + uint16(i), ts: ts + uint32(160*i), at: at + 20*i})
	}
	return out
}

// run pushes the packets at their arrival times and pops everything due
// every 20 ms (popping at a tick after pushing what arrived by then) until
// until ms, and describes the output: the sequence numbers handed out, "L"
// for a lost frame, "e<seq>" for a non-audio one, "b<seq>" for SSRC B.
func run(t *testing.T, cfg Config, pkts []pk, until int) (string, *Buffer) {
	t.Helper()
	b := New(cfg)
	var out []string
	for now := 0; now <= until; now++ {
		for i, p := range pkts {
			if p.at == now {
				if err := b.Push(p.bytes(), t0.Add(time.Duration(p.at)*time.Millisecond)); err != nil {
					t.Fatalf("push %d: %v", i, err)
				}
			}
		}
		if now%20 != 0 {
			continue
		}
		for range 100 {
			f, ok := b.Pop(t0.Add(time.Duration(now) * time.Millisecond))
			if !ok {
				break
			}
			out = append(out, describe(t, f))
		}
	}
	return strings.Join(out, " "), b
}

func describe(t *testing.T, f Frame) string {
	t.Helper()
	if f.Lost {
		if len(f.Payload) != 0 || !f.Audio {
			t.Errorf("lost frame with payload %d bytes, audio %v", len(f.Payload), f.Audio)
		}
		return "L"
	}
	seq := binary.BigEndian.Uint16(f.Payload)
	ssrc := binary.BigEndian.Uint32(f.Payload[2:])
	if seq != f.Header.Seq || ssrc != f.Header.SSRC {
		t.Errorf("payload of %d/%x under header %d/%x", seq, ssrc, f.Header.Seq, f.Header.SSRC)
	}
	s := fmt.Sprint(seq)
	if ssrc == ssrcB {
		s = "b" + s
	}
	if !f.Audio {
		s = "e" + s
	}
	return s
}

func seqs(from, to int) string {
	var s []string
	for i := from; i <= to; i++ {
		s = append(s, fmt.Sprint(i))
	}
	return strings.Join(s, " ")
}

func TestBuffer(t *testing.T) {
	cfg := Config{ClockRate: 8000, AudioPT: []uint8{0}}
	inOrder := stream(0, 1000, 0, 10)
	reordered := stream(0, 1000, 0, 10)
	reordered[3].at, reordered[4].at = 70, 60
	dup := append(stream(0, 1000, 0, 10), pk{seq: 5, ts: 1000 + 800, at: 101}, pk{seq: 2, ts: 1000 + 320, at: 150})
	late := stream(0, 1000, 0, 10)
	late[5].at = 175 // due at 160
	lost := append(stream(0, 1000, 0, 5), stream(6, 1000+960, 120, 4)...)
	wrap := stream(65532, 0xffffffff-400, 0, 10)
	ssrc := stream(0, 1000, 0, 5)
	for _, p := range stream(40000, 99999, 100, 5) {
		p.ssrc = ssrcB
		ssrc = append(ssrc, p)
	}
	ssrc = append(ssrc, pk{seq: 5, ts: 1000 + 800, at: 110}) // a straggler of A
	jump := append(stream(0, 1000, 0, 5), stream(5, 1000+5*8000, 100, 5)...)
	back := append(stream(0, 5*8000, 0, 5), stream(5, 1000, 100, 5)...)
	spurt := stream(0, 1000, 0, 5)
	spurt = append(spurt, stream(5, 1000+7*160, 140, 5)...) // 40 ms of silence
	spurt[5].marker = true
	noMarker := append(stream(0, 1000, 0, 5), stream(5, 1000+7*160, 140, 5)...)
	longSilence := append(stream(0, 1000, 0, 5), stream(5, 1000+25*160, 500, 3)...)
	longSilence[5].marker = true
	cn := append(stream(0, 1000, 0, 5), pk{seq: 5, ts: 1000 + 800, at: 100, pt: 13})
	cn = append(cn, stream(6, 1000+25*160, 500, 3)...)
	cn[6].marker = true
	// Audio goes on during the event (RFC 4733 §2.6 allows either).
	events := stream(0, 1000, 0, 5)
	for i := range 3 {
		events = append(events,
			pk{seq: uint16(5 + 2*i), ts: 1000 + 800, at: 100 + 20*i, pt: ptEv, marker: i == 0},
			pk{seq: uint16(6 + 2*i), ts: uint32(1000 + 160*(5+i)), at: 100 + 20*i})
	}
	events = append(events, stream(11, 1000+8*160, 160, 2)...)
	firstReordered := stream(0, 1000, 0, 5)
	firstReordered[0].at, firstReordered[1].at = 5, 0

	for _, tc := range []struct {
		name  string
		pkts  []pk
		until int
		want  string
		stats Stats
	}{
		{"in order", inOrder, 300, seqs(0, 9) + " L L L",
			Stats{Received: 10, Lost: 3}},
		{"reordered", reordered, 300, seqs(0, 9) + " L L L",
			Stats{Received: 10, Reordered: 1, Lost: 3}},
		{"duplicate before and after playout", dup, 300, seqs(0, 9) + " L L L",
			Stats{Received: 12, Duplicates: 2, Lost: 3}},
		{"late", late, 300, seqs(0, 4) + " L " + seqs(6, 9) + " L L L",
			Stats{Received: 10, Late: 1, Reordered: 1, Lost: 4}},
		{"lost", lost, 300, seqs(0, 4) + " L " + seqs(6, 9) + " L L L",
			Stats{Received: 9, Lost: 4}},
		{"wrap at 65535 and 2^32", wrap, 300, "65532 65533 65534 65535 0 1 2 3 4 5 L L L",
			Stats{Received: 10, Lost: 3}},
		{"SSRC change", ssrc, 300, "0 1 2 3 4 b40000 b40001 b40002 b40003 b40004 L L L",
			Stats{Received: 11, Late: 1, Restarts: 1, Lost: 3}},
		{"timestamp jump forward", jump, 300, seqs(0, 9) + " L L L",
			Stats{Received: 10, Resyncs: 1, Lost: 3}},
		{"timestamp jump backward", back, 300, seqs(0, 9) + " L L L",
			Stats{Received: 10, Resyncs: 1, Lost: 3}},
		{"talk spurt (marker) after 40 ms", spurt, 400, seqs(0, 9) + " L L L",
			Stats{Received: 10, Resyncs: 1, Lost: 3}},
		{"no marker after 40 ms: reported lost", noMarker, 400, seqs(0, 4) + " L L " + seqs(5, 9) + " L L L",
			Stats{Received: 10, Lost: 5}},
		{"long silence: concealment capped to Depth", longSilence, 800, seqs(0, 4) + " L L L " + seqs(5, 7) + " L L L",
			Stats{Received: 8, Resyncs: 1, Lost: 6}},
		{"comfort noise: silence is not loss", cn, 800, seqs(0, 4) + " e5 " + seqs(6, 8) + " L L L",
			Stats{Received: 9, Resyncs: 1, Lost: 3}},
		{"telephone events pass through in order", events, 400, seqs(0, 4) + " e5 6 e7 8 e9 10 11 12 L L L",
			Stats{Received: 13, Lost: 3}},
		{"first packets reordered", firstReordered, 300, seqs(0, 4) + " L L L",
			Stats{Received: 5, Reordered: 1, Lost: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, b := run(t, cfg, tc.pkts, tc.until)
			if got != tc.want {
				t.Errorf("output\n got %s\nwant %s", got, tc.want)
			}
			if s := b.Stats(); s != tc.stats {
				t.Errorf("stats\n got %+v\nwant %+v", s, tc.stats)
			}
		})
	}
}

func TestPlayoutDelay(t *testing.T) {
	b := New(Config{ClockRate: 48000, Depth: 40 * time.Millisecond})
	p := rtp.Append(nil, rtp.Header{PayloadType: 111, Seq: 7, Timestamp: 1234, SSRC: 9}, []byte{1, 2, 3})
	if err := b.Push(p, t0); err != nil {
		t.Fatal(err)
	}
	p[0] = 0xaa // Push copied it
	if _, ok := b.Pop(t0.Add(39 * time.Millisecond)); ok {
		t.Fatal("frame handed out before Depth")
	}
	f, ok := b.Pop(t0.Add(40 * time.Millisecond))
	if !ok || f.Lost || string(f.Payload) != "\x01\x02\x03" || f.Header.Timestamp != 1234 {
		t.Fatalf("at Depth: %+v %v", f, ok)
	}
	// The next slot (960 at 48 kHz) is due 20 ms later and reported lost.
	if _, ok := b.Pop(t0.Add(59 * time.Millisecond)); ok {
		t.Fatal("lost frame reported early")
	}
	f, ok = b.Pop(t0.Add(60 * time.Millisecond))
	if !ok || !f.Lost || f.Header.Timestamp != 1234+960 || f.Header.Seq != 8 || f.Header.SSRC != 9 || f.Header.PayloadType != 111 {
		t.Fatalf("lost frame: %+v %v", f, ok)
	}
}

func TestPushRejects(t *testing.T) {
	b := New(Config{})
	rr := rtp.AppendRR(nil, 5)
	for _, tc := range []struct {
		name string
		pkt  []byte
		want error
	}{
		{"short", []byte{0x80, 0, 0}, rtp.ErrShort},
		{"version 1", make([]byte, 20), rtp.ErrVersion},
		{"RTCP", rr, ErrRTCP},
	} {
		err := b.Push(tc.pkt, t0)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if s := b.Stats(); s.Received != 0 || b.Len() != 0 {
		t.Errorf("rejected packets counted: %+v", s)
	}
}

func TestFlush(t *testing.T) {
	b := New(Config{})
	pkts := stream(100, 0, 0, 20)
	pkts = append(pkts[:7], pkts[8:]...) // 107 lost
	// All arrive at once, shuffled.
	for _, i := range []int{3, 0, 18, 1, 2, 5, 4, 6, 9, 8, 7, 10, 12, 11, 13, 15, 14, 16, 17} {
		if err := b.Push(pkts[i].bytes(), t0); err != nil {
			t.Fatal(err)
		}
	}
	frames := b.Flush()
	var got []string
	for _, f := range frames {
		got = append(got, describe(t, f))
	}
	want := seqs(100, 106) + " L " + seqs(108, 119)
	if g := strings.Join(got, " "); g != want {
		t.Errorf("flush\n got %s\nwant %s", g, want)
	}
	// Payloads are copies that stay valid.
	b.Push(stream(120, 20*160, 0, 1)[0].bytes(), t0)
	b.Flush()
	if seq := binary.BigEndian.Uint16(frames[0].Payload); seq != 100 {
		t.Errorf("first flushed payload now says %d", seq)
	}
	if b.Len() != 0 || len(b.Flush()) != 0 {
		t.Error("Flush left packets behind")
	}
}

// TestClockDrift feeds 30 s of a sender whose clock is 1 % slow and one 1 %
// fast to a consumer popping once per 20 ms tick: the output must stay
// continuous (few lost frames, one Resync now and then) and the buffer
// bounded.
func TestClockDrift(t *testing.T) {
	for _, tc := range []struct {
		name     string
		interval time.Duration
	}{
		{"slow sender", 20200 * time.Microsecond},
		{"fast sender", 19800 * time.Microsecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := New(Config{MaxBehind: DefaultDepth})
			const n = 1500
			sent, popped, maxLen := 0, 0, 0
			for tick := time.Duration(0); tick < n*20*time.Millisecond; tick += 20 * time.Millisecond {
				for ; time.Duration(sent)*tc.interval <= tick; sent++ {
					p := pk{seq: uint16(sent), ts: uint32(160 * sent)}
					b.Push(p.bytes(), t0.Add(time.Duration(sent)*tc.interval))
				}
				if _, ok := b.Pop(t0.Add(tick)); ok {
					popped++
				}
				maxLen = max(maxLen, b.Len())
			}
			s := b.Stats()
			t.Logf("sent %d, popped %d, max buffered %d, %+v", sent, popped, maxLen, s)
			if s.Lost > 30 {
				t.Errorf("%d lost frames for a drift of 1 %%", s.Lost)
			}
			if maxLen > 10 {
				t.Errorf("buffer grew to %d packets", maxLen)
			}
			if popped < n*97/100 {
				t.Errorf("only %d frames in %d ticks", popped, n)
			}
		})
	}
}

func TestNoAllocSteadyState(t *testing.T) {
	b := New(Config{AudioPT: []uint8{0}})
	var pkt []byte
	payload := make([]byte, 160)
	i := 0
	step := func() {
		pkt = rtp.Append(pkt[:0], rtp.Header{Seq: uint16(i), Timestamp: uint32(160 * i), SSRC: 1}, payload)
		at := t0.Add(time.Duration(i) * 20 * time.Millisecond)
		if err := b.Push(pkt, at); err != nil {
			t.Fatal(err)
		}
		b.Pop(at)
		i++
	}
	for range 10 {
		step()
	}
	if a := testing.AllocsPerRun(200, step); a != 0 {
		t.Errorf("%.1f allocations per packet", a)
	}
}
