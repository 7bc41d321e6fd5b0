package relay

import (
	"encoding/binary"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
)

// transcoder is a Processor that re-encodes the payload and rewrites the
// payload type, what a relay between legs that share no codec does.
type transcoder struct {
	tr   *codec.Transcoder
	pt   uint8
	buf  []byte
	errs atomic.Int64
}

func newTranscoder(t *testing.T, from, to codec.Codec) *transcoder {
	t.Helper()
	tr, err := codec.NewTranscoder(from, to)
	if err != nil {
		t.Fatal(err)
	}
	return &transcoder{tr: tr, pt: uint8(to.Format().PayloadType)}
}

func (x *transcoder) Process(p []byte, emit func([]byte)) {
	h, err := parseRTP(p)
	if err != nil {
		x.errs.Add(1)
		return
	}
	if x.buf, err = x.tr.Transcode(p[h.payload:h.end], x.buf[:0]); err != nil {
		x.errs.Add(1)
		return
	}
	p = append(p[:h.payload], x.buf...) // in place: cap(p) leaves room
	p[0] &^= 0x20                       // the padding, if any, is gone
	p[1] = p[1]&0x80 | x.pt
	emit(p)
}

// fanout emits n packets per input, rewriting p in place between emits
// (emit must copy): packet k of input seq s has sequence number s*64+k.
type fanout struct{ n int }

func (f fanout) Process(p []byte, emit func([]byte)) {
	seq := binary.BigEndian.Uint16(p[2:])
	for k := range f.n {
		binary.BigEndian.PutUint16(p[2:], seq*64+uint16(k))
		emit(p)
	}
}

// ptRewrite maps every payload type to pt and counts its calls.
type ptRewrite struct {
	pt    uint8
	calls *atomic.Int64
}

func (r ptRewrite) Process(p []byte, emit func([]byte)) {
	if r.calls != nil {
		r.calls.Add(1)
	}
	p[1] = p[1]&0x80 | r.pt
	emit(p)
}

// TestProcessorTranscodes: a PCMU→PCMA processor one way and PCMA→PCMU the
// other; each phone hears the other's tone at its frequency and level, in
// its own codec.
func TestProcessorTranscodes(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	ab, ba := newTranscoder(t, codec.PCMU{}, codec.PCMA{}), newTranscoder(t, codec.PCMA{}, codec.PCMU{})
	l.SetProcessor(0, ab)
	l.SetProcessor(1, ba)

	const frames, frame = 50, 160
	toneA := audiotest.Tone(8000, 1000, 0.5, time.Second)
	toneB := audiotest.Tone(8000, 600, 0.25, time.Second)
	encA, _ := codec.PCMU{}.NewEncoder()
	encB, _ := codec.PCMA{}.NewEncoder()
	decA, _ := codec.PCMU{}.NewDecoder() // what A hears
	decB, _ := codec.PCMA{}.NewDecoder() // what B hears
	var heardA, heardB []int16
	hear := func(ph *phone, wantPT uint8, dec codec.Decoder, pcm []int16, seq uint16) []int16 {
		t.Helper()
		got, _ := ph.mustRecv("transcoded")
		h, err := parseRTP(got)
		if err != nil || h.pt != wantPT || h.seq != seq || h.end-h.payload != frame {
			t.Fatalf("got %+v (%v), want PT %d seq %d with %d bytes", h, err, wantPT, seq, frame)
		}
		pcm, err = dec.Decode(got[h.payload:h.end], pcm)
		if err != nil {
			t.Fatal(err)
		}
		return pcm
	}
	for k := range frames {
		seq, ts := uint16(100+k), uint32(frame*k)
		payA, _ := encA.Encode(toneA[k*frame:(k+1)*frame], nil)
		phoneA.send(a.Port(), append(rtpPacket(0xA, seq, ts, 0, 0), payA...))
		heardB = hear(phoneB, 8, decB, heardB, seq)
		payB, _ := encB.Encode(toneB[k*frame:(k+1)*frame], nil)
		phoneB.send(b.Port(), append(rtpPacket(0xB, seq, ts, 8, 0), payB...))
		heardA = hear(phoneA, 0, decA, heardA, seq)
	}
	for _, tc := range []struct {
		who        string
		pcm        []int16
		freq, want float64
	}{
		{"B hears A", heardB, 1000, 0.5},
		{"A hears B", heardA, 600, 0.25},
	} {
		f := audiotest.DominantFrequency(tc.pcm, 8000)
		lvl := audiotest.Level(tc.pcm, 8000, tc.freq)
		t.Logf("%s: %.2f Hz at %.4f (sent %.0f Hz at %.2f)", tc.who, f, lvl, tc.freq, tc.want)
		if math.Abs(f-tc.freq) > 2 || math.Abs(lvl-tc.want) > 0.02*tc.want {
			t.Errorf("%s: %.2f Hz at %.4f, want %.0f Hz at %.2f", tc.who, f, lvl, tc.freq, tc.want)
		}
	}
	if ab.errs.Load()+ba.errs.Load() != 0 {
		t.Fatalf("transcode errors %d %d", ab.errs.Load(), ba.errs.Load())
	}
	waitStats(t, l, func(sa, sb LegStats) bool { return sa.PacketsOut == frames })
	sa, sb := l.Stats()
	if sa.PacketsIn != frames || sb.PacketsOut != frames || sb.BytesOut != frames*172 ||
		sb.PacketsIn != frames || sa.PacketsOut != frames || sa.BytesOut != frames*172 {
		t.Fatalf("stats a=%+v b=%+v", sa, sb)
	}
}

// TestProcessorEmitsSeveral: zero, one, two and more packets per input than
// one sendmmsg batch holds, both directions, all sent and counted.
func TestProcessorEmitsSeveral(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
	}{
		{"swallows", 0},
		{"one each", 1},
		{"two each", 2},
		{"more than a batch", 2*batchLen + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := testPool(t, 8)
			a, b, l := bridgePair(t, p)
			phoneA, phoneB := newPhone(t), newPhone(t)
			for _, ph := range []*phone{phoneA, phoneB} {
				_ = ph.conn.SetReadBuffer(1 << 20)
			}
			a.SetRemote(phoneA.addr())
			b.SetRemote(phoneB.addr())
			l.SetProcessor(0, fanout{tc.n})
			l.SetProcessor(1, fanout{tc.n})
			const inputs, size = 4, 12 + 40
			for _, d := range []struct {
				from, to *phone
				port     uint16
				ssrc     uint32
			}{{phoneA, phoneB, a.Port(), 0xA}, {phoneB, phoneA, b.Port(), 0xB}} {
				for s := range uint16(inputs) {
					d.from.send(d.port, rtpPacket(d.ssrc, s, uint32(s)*160, 0, size-12))
				}
				for s := range uint16(inputs) {
					for k := range tc.n {
						got, _ := d.to.mustRecv("emitted")
						if len(got) != size || binary.BigEndian.Uint16(got[2:]) != s*64+uint16(k) || binary.BigEndian.Uint32(got[8:]) != d.ssrc {
							t.Fatalf("input %d packet %d: %d bytes seq %d ssrc %x", s, k, len(got), binary.BigEndian.Uint16(got[2:]), binary.BigEndian.Uint32(got[8:]))
						}
					}
				}
				d.to.mustNotRecv("beyond what the processor emitted")
			}
			want := uint64(inputs * tc.n)
			waitStats(t, l, func(sa, sb LegStats) bool { return sa.PacketsOut == want && sb.PacketsOut == want })
			sa, sb := l.Stats()
			for _, s := range []LegStats{sa, sb} {
				if s.PacketsIn != inputs || s.PacketsOut != want || s.BytesOut != want*size || s.NoRoute != 0 {
					t.Fatalf("stats a=%+v b=%+v; want %d in, %d out", sa, sb, inputs, want)
				}
			}
		})
	}
}

func TestProcessorNotCalledWhenMuted(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	var calls atomic.Int64
	l.SetProcessor(0, ptRewrite{pt: 8, calls: &calls})
	l.Mute(true, false)
	for s := range uint16(3) {
		phoneA.send(a.Port(), rtpPacket(1, s, 0, 0, 20))
	}
	phoneB.mustNotRecv("muted, processed direction")
	if n := calls.Load(); n != 0 {
		t.Fatalf("processor called %d times on a muted direction", n)
	}
	l.Mute(false, false)
	phoneA.send(a.Port(), rtpPacket(1, 3, 0, 0, 20))
	if got, _ := phoneB.mustRecv("unmuted"); got[1] != 8 {
		t.Fatalf("payload type %d, want the processor's 8", got[1])
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("processor called %d times, want 1", n)
	}
	if sa, _ := l.Stats(); sa.PacketsIn != 4 {
		t.Fatalf("muted packets must still be counted: %+v", sa)
	}
}

// TestProcessorRTCP: RTCP of a processed direction is read (RTT, counts)
// but not forwarded, nor given to the processor; the other direction's is
// relayed; removing the processor relays it again.
func TestProcessorRTCP(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	rtcpA, rtcpB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	a.SetRemoteRTCP(rtcpA.addr())
	b.SetRemoteRTCP(rtcpB.addr())
	var calls atomic.Int64
	l.SetProcessor(0, ptRewrite{pt: 8, calls: &calls})

	// B's SR reaches A (B→A is not processed); A answers with an RR naming
	// it: A's RTT is measured, and the RR goes no further.
	rtcpB.send(b.Port()+1, srPacket(2, 0x33334444, 0, 0, 0, 0, 0))
	rtcpA.mustRecv("B's SR")
	time.Sleep(20 * time.Millisecond)
	rr := make([]byte, 8+24)
	rr[0], rr[1] = 0x81, rtcpRR
	binary.BigEndian.PutUint16(rr[2:], uint16(len(rr)/4-1))
	binary.BigEndian.PutUint32(rr[4:], 1)
	binary.BigEndian.PutUint32(rr[8+16:], 0x33334444)
	rtcpA.send(a.Port()+1, rr)
	rtcpB.mustNotRecv("A's RR, processed direction")

	// A's SR is dropped too, so B's answer to it yields no RTT for B.
	rtcpA.send(a.Port()+1, srPacket(1, 0x55556666, 0, 0, 0, 0, 0))
	rtcpB.mustNotRecv("A's SR, processed direction")
	rtcpB.send(b.Port()+1, srPacket(2, 0x77778888, 0, 1, 0, 0x55556666, 0))
	rtcpA.mustRecv("B's second SR")
	// RTCP multiplexed on A's RTP port: not forwarded, not processed.
	phoneA.send(a.Port(), srPacket(1, 0x55556667, 0, 0, 0, 0, 0))
	phoneB.mustNotRecv("A's muxed RTCP, processed direction")

	waitStats(t, l, func(sa, sb LegStats) bool { return sa.RTCPOut == 2 })
	sa, sb := l.Stats()
	if sa.RTCPIn != 3 || sb.RTCPOut != 0 || sb.RTCPIn != 2 || sa.RTCPOut != 2 || sb.NoRoute != 0 {
		t.Fatalf("rtcp counts a=%+v b=%+v", sa, sb)
	}
	if sa.RTT < 15*time.Millisecond || sa.RTT > time.Second {
		t.Fatalf("RTT of A = %v, want about 20ms: the dropped RR is still read", sa.RTT)
	}
	if sb.RTT != 0 {
		t.Fatalf("RTT of B = %v from an SR B never received", sb.RTT)
	}
	if n := calls.Load(); n != 0 {
		t.Fatalf("processor got %d RTCP packets", n)
	}

	l.SetProcessor(0, nil)
	rtcpA.send(a.Port()+1, srPacket(1, 0x9999aaaa, 0, 0, 0, 0, 0))
	if got, _ := rtcpB.mustRecv("A's SR, processor removed"); binary.BigEndian.Uint32(got[10:]) != 0x9999aaaa {
		t.Fatalf("SR %x", got)
	}
}

// TestProcessorSetWhileFlowing swaps processors from another goroutine
// while packets flow both ways (run with -race): every packet arrives,
// either as sent or as processed.
func TestProcessorSetWhileFlowing(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		procs := []Processor{ptRewrite{pt: 8}, nil, ptRewrite{pt: 9}, nil}
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			l.SetProcessor(i%2, procs[i%len(procs)])
			_, _ = l.Stats()
			time.Sleep(50 * time.Microsecond)
		}
	}()
	t.Cleanup(func() { close(done); wg.Wait() })
	const n = 300
	seen := map[byte]int{}
	for s := range uint16(n) {
		phoneA.send(a.Port(), rtpPacket(1, s, 0, 0, 20))
		got, _ := phoneB.mustRecv("A to B")
		phoneB.send(b.Port(), rtpPacket(2, s, 0, 0, 20))
		back, _ := phoneA.mustRecv("B to A")
		for _, g := range [][]byte{got, back} {
			if binary.BigEndian.Uint16(g[2:]) != s || (g[1] != 0 && g[1] != 8 && g[1] != 9) {
				t.Fatalf("packet %d: seq %d PT %d", s, binary.BigEndian.Uint16(g[2:]), g[1])
			}
			seen[g[1]]++
		}
	}
	t.Logf("payload types seen: %v", seen)
	if seen[0] == 0 || seen[8]+seen[9] == 0 {
		t.Fatalf("want both relayed and processed packets, saw %v", seen)
	}
}

// TestRawKeepsHeaders: a raw direction (SRTP) reaches its processor, and
// the far phone, with the header as sent even across an SSRC change (the
// plain relay would renumber it: TestSSRCChangeContinuous).
func TestRawKeepsHeaders(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	phoneA, phoneB := newPhone(t), newPhone(t)
	a.SetRemote(phoneA.addr())
	b.SetRemote(phoneB.addr())
	l.SetRaw(0, true)
	l.SetProcessor(0, ptRewrite{pt: 0})
	for i, ssrc := range []uint32{0xAAAA, 0xAAAA, 0xBBBB, 0xBBBB} {
		seq := uint16(100 + 50*i)
		phoneA.send(a.Port(), rtpPacket(ssrc, seq, uint32(i*160), 0, 160))
		got, _ := phoneB.mustRecv("rtp")
		h, err := parseRTP(got)
		if err != nil || h.ssrc != ssrc || h.seq != seq || h.marker {
			t.Fatalf("packet %d: %+v (%v), want SSRC %#x seq %d untouched", i, h, err, ssrc, seq)
		}
	}
}
