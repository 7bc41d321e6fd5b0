package bridge

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/dtmf"
)

const ms20 = 20 * time.Millisecond

func newProc(t testing.TB, from, to LegMedia, opt Options) *Processor {
	t.Helper()
	p, err := NewProcessor(from, to, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// tones is 300 ms each of 500, 1000 and 2000 Hz at -10 dBFS.
func tones(rate int) []int16 {
	return audiotest.Sequence(rate,
		audiotest.Segment{Freq: 500, Amp: 0.3, Dur: 300 * time.Millisecond},
		audiotest.Segment{Freq: 1000, Amp: 0.3, Dur: 300 * time.Millisecond},
		audiotest.Segment{Freq: 2000, Amp: 0.3, Dur: 300 * time.Millisecond})
}

// checkTones asserts the three tones, in order, in the middle 100 ms of
// each 300 ms (the edges hold the codec and resampler delays).
func checkTones(t *testing.T, pcm []int16, rate int) {
	t.Helper()
	f := audiotest.Frequencies(pcm, rate, 100*time.Millisecond)
	if len(f) < 8 {
		t.Fatalf("only %d segments of 100 ms: %v", len(f), f)
	}
	for i, want := range []float64{500, 1000, 2000} {
		if got := f[3*i+1]; math.Abs(got-want) > 5 {
			t.Errorf("tone %d: %.1f Hz, want %.0f (all: %.0f)", i, got, want, f)
		}
	}
	if lvl := audiotest.Level(pcm[rate/10:rate/5], rate, 500); math.Abs(audiotest.DB(lvl/0.3)) > 1 {
		t.Errorf("500 Hz level %.3f, sent 0.3", lvl)
	}
}

// checkSteps asserts every packet of payload type pt advances the
// timestamp by step.
func checkSteps(t *testing.T, pkts []parsed, pt uint8, step uint32) {
	t.Helper()
	var prev *parsed
	for i := range pkts {
		if pkts[i].h.PayloadType != pt {
			continue
		}
		if prev != nil && pkts[i].h.Timestamp-prev.h.Timestamp != step {
			t.Fatalf("packet %d: timestamp %d after %d, want a step of %d", i, pkts[i].h.Timestamp, prev.h.Timestamp, step)
		}
		prev = &pkts[i]
	}
}

func TestTranscodeTones(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to LegMedia
		step     uint32 // output timestamp step per 20 ms
	}{
		{"PCMU to G.722", pcmu(0, ms20), g722(9), 160},
		{"G.722 to PCMU", g722(9), pcmu(0, ms20), 160},
		{"PCMU to Opus", pcmu(0, ms20), opus(111), 960},
		{"Opus to PCMU", opus(111), pcmu(0, ms20), 160},
		{"G.722 to Opus", g722(9), opus(96), 960},
		{"PCMU to PCMA", pcmu(0, ms20), LegMedia{Codec: codec.PCMA{}, PT: 8, Name: "PCMA", ClockRate: 8000, Ptime: ms20}, 160},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fromF := tc.from.Codec.Format()
			st := &stream{pt: tc.from.PT, ssrc: 0x1234, seq: 65500, ts: 4294960000}
			in := st.packets(t, tc.from.Codec, tones(fromF.SampleRate), ms20)
			p := newProc(t, tc.from, tc.to, Options{})
			out := parseAll(t, run(p, in))
			if len(out) < len(in)-1 || len(out) > len(in) {
				t.Fatalf("%d packets out of %d", len(out), len(in))
			}
			checkContiguous(t, out)
			checkSteps(t, out, tc.to.PT, tc.step)
			if out[0].h.SSRC != 0x1234 {
				t.Errorf("SSRC %#x, want the input's", out[0].h.SSRC)
			}
			toF := tc.to.Codec.Format()
			checkTones(t, decodeAll(t, tc.to.Codec, tc.to.PT, out), toF.SampleRate)
			if s := p.Stats(); s.Transcoded != uint64(len(out)) || s.In != uint64(len(in)) || s.Out != uint64(len(out)) {
				t.Errorf("stats %+v", s)
			}
			if p.Mode() != "transcode" {
				t.Errorf("mode %s", p.Mode())
			}
		})
	}
}

// timeline maps an RTP timestamp to the µ-law byte sent for it.
func timeline(t *testing.T, pkts []parsed, pt uint8) map[uint32]byte {
	t.Helper()
	m := map[uint32]byte{}
	for _, p := range pkts {
		if p.h.PayloadType != pt {
			continue
		}
		for i, b := range p.payload {
			ts := p.h.Timestamp + uint32(i)
			if _, dup := m[ts]; dup {
				t.Fatalf("timestamp %d sent twice", ts)
			}
			m[ts] = b
		}
	}
	return m
}

func TestRepacketise(t *testing.T) {
	pcm := audiotest.Mix(audiotest.Noise(8000, 0.2, 7), audiotest.Tone(8000, 700, 0.2, time.Second))
	for _, tc := range []struct {
		name    string
		in, out time.Duration
		lose    []int // input packets lost
	}{
		{"20 to 30 ms", 20 * time.Millisecond, 30 * time.Millisecond, nil},
		{"30 to 20 ms", 30 * time.Millisecond, 20 * time.Millisecond, nil},
		{"10 to 30 ms", 10 * time.Millisecond, 30 * time.Millisecond, nil},
		{"20 to 30 ms, packets lost", 20 * time.Millisecond, 30 * time.Millisecond, []int{10, 11, 25}},
		{"10 to 30 ms, one lost (no room to pad)", 10 * time.Millisecond, 30 * time.Millisecond, []int{31}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &stream{ssrc: 99, seq: 100, ts: 1000}
			in := st.packets(t, codec.PCMU{}, pcm, tc.in)
			for i := len(tc.lose) - 1; i >= 0; i-- {
				in = append(in[:tc.lose[i]], in[tc.lose[i]+1:]...)
			}
			p := newProc(t, pcmu(0, tc.in), pcmu(0, tc.out), Options{})
			if p.Mode() != "repacketise" {
				t.Fatalf("mode %s", p.Mode())
			}
			out := parseAll(t, run(p, in))
			checkContiguous(t, out)
			size := int(tc.out / time.Millisecond * 8)
			for i, o := range out {
				if len(o.payload) != size {
					t.Fatalf("packet %d: %d bytes, want %d", i, len(o.payload), size)
				}
			}
			// Every sample is where it was on the timeline, once; what the
			// input lacked is silence or absent.
			want := timeline(t, parseAll(t, in), 0)
			got := timeline(t, out, 0)
			sent, padded := 0, 0
			for ts, b := range got {
				w, ok := want[ts]
				switch {
				case ok && w == b:
					sent++
				case !ok && b == 0xff:
					padded++
				default:
					t.Fatalf("timestamp %d: sent %#x, input had %#x (%v)", ts, b, w, ok)
				}
			}
			lost := len(want) - sent // samples not sent: at most a frame left over, plus a dropped remainder per loss
			if lost < 0 || lost > size*(1+len(tc.lose)) {
				t.Errorf("%d input samples not sent", lost)
			}
			if tc.lose == nil {
				if lost >= size || padded != 0 {
					t.Errorf("no loss: %d samples not sent, %d padded", lost, padded)
				}
				a := decodeAll(t, codec.PCMU{}, 0, parseAll(t, in))
				b := decodeAll(t, codec.PCMU{}, 0, out)
				lag, c := audiotest.CrossCorrelation(a[:len(b)], b, 40)
				if lag != 0 || c < 0.9999 {
					t.Errorf("correlation %.5f at lag %d", c, lag)
				}
			}
		})
	}
}

func TestPayloadTypeRewrite(t *testing.T) {
	from, to := withTE(opus(111), 101, 48000), withTE(opus(96), 100, 48000)
	if !NeedsProcessor(from, to) || NeedsProcessor(from, withTE(opus(111), 101, 48000)) {
		t.Fatal("NeedsProcessor")
	}
	st := &stream{pt: 111, ssrc: 5, seq: 1, ts: 0}
	in := st.packets(t, codec.Opus{}, audiotest.Tone(48000, 440, 0.3, 200*time.Millisecond), ms20)
	st.pt = 101
	ev, _ := dtmf.Generate(nil, '3', st.ts, 4800, 960, 10)
	for _, e := range ev {
		in = append(in, st.packet(e.Payload, e.Marker))
	}
	in[3] = append(in[3][:0:0], in[3]...)
	in[3][1] |= 0x80 // marker kept
	var digits []dtmf.Digit
	p := newProc(t, from, to, Options{OnDigit: func(d dtmf.Digit, m string) { digits = append(digits, d) }})
	out := run(p, in)
	if len(out) != len(in) {
		t.Fatalf("%d packets out of %d", len(out), len(in))
	}
	for i := range in {
		want := append([]byte(nil), in[i]...)
		if i < 10 {
			want[1] = want[1]&0x80 | 96
		} else {
			want[1] = want[1]&0x80 | 100
		}
		if !bytes.Equal(out[i], want) {
			t.Fatalf("packet %d: % x\nwant % x", i, out[i][:16], want[:16])
		}
	}
	if len(digits) != 1 || digits[0].Digit != '3' || digits[0].Duration != 800 {
		t.Errorf("digits %+v (duration in 1/8000 s)", digits)
	}
}

// eventsIn gives the events of payload type pt in out, through a Sequencer.
func eventsIn(pkts []parsed, pt uint8) (digits []dtmf.Digit, n, ends int) {
	seq := dtmf.NewSequencer(nil)
	for _, p := range pkts {
		if p.h.PayloadType != pt {
			continue
		}
		n++
		if ev, err := dtmf.ParseEvent(p.payload); err == nil && ev.End {
			ends++
		}
		digits = seq.Push(dtmf.Packet{Timestamp: p.h.Timestamp, Marker: p.h.Marker, Payload: p.payload}, digits)
	}
	return digits, n, ends
}

func TestTelephoneEventRelay(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to LegMedia
		outPT    uint8 // 0: no events out
		outDur   uint32
		tsScale  uint32 // output timestamp per input unit
	}{
		{"passthrough, payload type mapped", withTE(pcmu(0, ms20), 101, 8000), withTE(pcmu(0, ms20), 100, 8000), 100, 800, 1},
		{"to a leg without telephone-event", withTE(pcmu(0, ms20), 101, 8000), pcmu(0, ms20), 0, 0, 1},
		{"transcoding PCMU to G.722", withTE(pcmu(0, ms20), 101, 8000), withTE(g722(9), 101, 8000), 101, 800, 1},
		{"transcoding PCMU to Opus, 8 to 48 kHz events", withTE(pcmu(0, ms20), 101, 8000), withTE(opus(111), 110, 48000), 110, 4800, 6},
		{"repacketising 20 to 30 ms", withTE(pcmu(0, ms20), 101, 8000), withTE(pcmu(0, 30*time.Millisecond), 101, 8000), 101, 800, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &stream{pt: 0, ssrc: 77, seq: 10, ts: 16000}
			silence := make([]int16, 1600)
			in := st.packets(t, codec.PCMU{}, silence, ms20) // 10 packets
			evStart := st.ts
			st.pt = 101
			ev, _ := dtmf.Generate(nil, '5', evStart, 800, 160, 10) // 4 + 3 end packets
			for _, e := range ev {
				in = append(in, st.packet(e.Payload, e.Marker))
			}
			st.pt = 0
			st.ts += 800
			in = append(in, st.packets(t, codec.PCMU{}, silence, ms20)...)
			var got []dtmf.Digit
			var methods []string
			p := newProc(t, tc.from, tc.to, Options{OnDigit: func(d dtmf.Digit, m string) {
				got = append(got, d)
				methods = append(methods, m)
			}})
			out := parseAll(t, run(p, in))
			if len(got) != 1 || got[0].Digit != '5' || got[0].Duration != 800 || !got[0].Ended || methods[0] != MethodRFC4733 {
				t.Fatalf("reported %+v %v, want '5' once, 800, rfc4733", got, methods)
			}
			checkContiguous(t, out)
			if tc.outPT == 0 {
				for _, o := range out {
					if o.h.PayloadType != tc.to.PT {
						t.Fatalf("payload type %d sent to a leg without telephone-event", o.h.PayloadType)
					}
				}
				return
			}
			digits, n, ends := eventsIn(out, tc.outPT)
			if n != 7 || ends != 3 {
				t.Errorf("%d event packets, %d end packets; want 7 and 3", n, ends)
			}
			if len(digits) != 1 || digits[0].Digit != '5' || digits[0].Duration != tc.outDur {
				t.Fatalf("far end decodes %+v, want '5' lasting %d", digits, tc.outDur)
			}
			// The event sits on the output timeline where the input put it.
			first := out[0].h.Timestamp
			if want := first + (evStart-16000)*tc.tsScale; digits[0].Start != want {
				t.Errorf("event timestamp %d, want %d (audio starts at %d)", digits[0].Start, want, first)
			}
		})
	}
}

func TestSendDigit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to LegMedia
		step     uint32 // output timestamp units per packet
	}{
		{"passthrough", pcmu(0, ms20), withTE(pcmu(0, ms20), 101, 8000), 160},
		{"transcoding to G.722", pcmu(0, ms20), withTE(g722(9), 101, 8000), 160},
		{"transcoding to Opus", pcmu(0, ms20), withTE(opus(111), 110, 48000), 960},
		{"repacketising", pcmu(0, ms20), withTE(pcmu(0, 30*time.Millisecond), 101, 8000), 240},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &stream{ssrc: 3, seq: 65530, ts: 0}
			in := st.packets(t, codec.PCMU{}, audiotest.Tone(8000, 440, 0.2, 2*time.Second), ms20)
			p := newProc(t, tc.from, tc.to, Options{})
			out := parseAll(t, run(p, in[:5]))
			if err := p.SendDigit('7', 100*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			if err := p.SendDigit('#', 60*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			out = append(out, parseAll(t, run(p, in[5:]))...)
			checkContiguous(t, out)
			digits, n, ends := eventsIn(out, tc.to.DTMFPT)
			if len(digits) != 2 || digits[0].Digit != '7' || digits[1].Digit != '#' || !digits[0].Ended || !digits[1].Ended {
				t.Fatalf("far end decodes %+v", digits)
			}
			clock := uint32(tc.to.DTMFClock)
			for i, want := range []uint32{clock / 10, clock * 6 / 100} {
				if d := digits[i].Duration; d < want || d >= want+tc.step {
					t.Errorf("digit %d lasts %d, want %d (one packet more at most)", i, d, want)
				}
			}
			if ends != 6 {
				t.Errorf("%d end packets, want 3 per digit", ends)
			}
			// The events replace audio one for one; marker on each first
			// packet; the audio around them keeps its timestamps.
			var firsts int
			for _, o := range out {
				if o.h.PayloadType == tc.to.DTMFPT && o.h.Marker {
					firsts++
				}
			}
			if firsts != 2 {
				t.Errorf("%d event packets with the marker, want 2", firsts)
			}
			checkGrid(t, out, tc.to.PT, tc.step)
			if gap := digits[1].Start - digits[0].Start; gap < clock/10+clock*6/100 {
				t.Errorf("second digit starts %d after the first, want a pause", gap)
			}
			if s := p.Stats(); s.Injected != uint64(n) {
				t.Errorf("stats %+v, %d event packets", s, n)
			}
			audio := 0
			for _, o := range out {
				if o.h.PayloadType == tc.to.PT {
					audio++
				}
			}
			if audio+n != len(out) {
				t.Errorf("%d audio + %d events != %d packets", audio, n, len(out))
			}
		})
	}
}

// checkGrid asserts the packets of payload type pt have timestamps that
// grow by whole steps (audio around events that replaced some of it).
func checkGrid(t *testing.T, pkts []parsed, pt uint8, step uint32) {
	t.Helper()
	var prev *parsed
	for i := range pkts {
		if pkts[i].h.PayloadType != pt {
			continue
		}
		if prev != nil {
			if d := pkts[i].h.Timestamp - prev.h.Timestamp; d == 0 || d%step != 0 || d > 100*step {
				t.Fatalf("packet %d: timestamp %d after %d, want whole steps of %d", i, pkts[i].h.Timestamp, prev.h.Timestamp, step)
			}
		}
		prev = &pkts[i]
	}
}

func TestSendDigitErrors(t *testing.T) {
	p := newProc(t, pcmu(0, ms20), pcmu(0, ms20), Options{})
	if err := p.SendDigit('1', 0); !errors.Is(err, ErrNoTelephoneEvent) {
		t.Errorf("leg without telephone-event: %v", err)
	}
	p = newProc(t, pcmu(0, ms20), withTE(pcmu(0, ms20), 101, 8000), Options{})
	if err := p.SendDigit('x', 0); !errors.Is(err, dtmf.ErrDigit) {
		t.Errorf("bad digit: %v", err)
	}
	var err error
	for i := 0; i < 100 && err == nil; i++ {
		err = p.SendDigit('1', 0)
	}
	if !errors.Is(err, ErrDigitQueue) {
		t.Errorf("queue never full: %v", err)
	}
}

func TestSendDigitConcurrent(t *testing.T) {
	p := newProc(t, pcmu(0, ms20), withTE(g722(9), 101, 8000), Options{})
	st := &stream{ssrc: 3}
	in := st.packets(t, codec.PCMU{}, audiotest.Tone(8000, 440, 0.2, 4*time.Second), ms20)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, d := range "0123456789" {
			for p.SendDigit(d, 40*time.Millisecond) != nil {
				time.Sleep(time.Millisecond)
			}
		}
	}()
	var out []parsed
	for _, pkt := range in {
		out = append(out, parseAll(t, run(p, [][]byte{pkt}))...)
		time.Sleep(50 * time.Microsecond)
	}
	wg.Wait()
	out = append(out, parseAll(t, run(p, st.packets(t, codec.PCMU{}, make([]int16, 8000*2), ms20)))...)
	checkContiguous(t, out)
	digits, _, _ := eventsIn(out, 101)
	var s string
	for _, d := range digits {
		s += string(d.Digit)
	}
	if s != "0123456789" {
		t.Errorf("far end decodes %q", s)
	}
}

// dtmfTones is digit tones at -20 dBFS per tone, 100 ms on, 100 ms off.
func dtmfTones(digits string) []int16 {
	freqs := map[rune][2]float64{'1': {697, 1209}, '5': {770, 1336}, '9': {852, 1477}, '#': {941, 1477}}
	segs := []audiotest.Segment{{Dur: 100 * time.Millisecond}}
	for _, d := range digits {
		f := freqs[d]
		segs = append(segs, audiotest.Segment{Freq: f[0], Freq2: f[1], Amp: 0.1, Dur: 100 * time.Millisecond}, audiotest.Segment{Dur: 100 * time.Millisecond})
	}
	return audiotest.Sequence(8000, segs...)
}

func TestInbandDetect(t *testing.T) {
	for _, to := range []LegMedia{pcmu(0, ms20), g722(9), pcmu(0, 30*time.Millisecond)} {
		t.Run(to.Name+"/"+to.Ptime.String(), func(t *testing.T) {
			st := &stream{ssrc: 1}
			pcm := dtmfTones("159#")
			in := st.packets(t, codec.PCMU{}, pcm, ms20)
			var got string
			var durs []uint32
			p := newProc(t, pcmu(0, ms20), to, Options{InbandDetect: true, OnDigit: func(d dtmf.Digit, m string) {
				if m != MethodInband {
					t.Errorf("method %q", m)
				}
				got += string(d.Digit)
				durs = append(durs, d.Duration)
			}})
			out := parseAll(t, run(p, in))
			if got != "159#" {
				t.Fatalf("detected %q, want 159#", got)
			}
			for _, d := range durs {
				if d < 720 || d > 880 {
					t.Errorf("duration %d samples, want 800 ± 80", d)
				}
			}
			// The tones are still relayed.
			dec := decodeAll(t, to.Codec, to.PT, out)
			rate := to.Codec.Format().SampleRate
			if lvl := audiotest.Level(dec[rate/10:rate/5], rate, 697); lvl < 0.08 {
				t.Errorf("697 Hz tone relayed at %.3f", lvl)
			}
		})
	}
}

func TestInbandOffAfterRFC4733(t *testing.T) {
	st := &stream{ssrc: 1, pt: 101}
	ev, _ := dtmf.Generate(nil, '5', 0, 480, 160, 10)
	var in [][]byte
	for _, e := range ev {
		in = append(in, st.packet(e.Payload, e.Marker))
	}
	st.pt, st.ts = 0, 800
	in = append(in, st.packets(t, codec.PCMU{}, dtmfTones("5"), ms20)...)
	var got []string
	p := newProc(t, withTE(pcmu(0, ms20), 101, 8000), pcmu(0, ms20), Options{InbandDetect: true, OnDigit: func(d dtmf.Digit, m string) {
		got = append(got, string(d.Digit)+" "+m)
	}})
	run(p, in)
	if len(got) != 1 || got[0] != "5 rfc4733" {
		t.Errorf("reported %q, want only the RFC 4733 digit", got)
	}
}

func TestEventEndsLost(t *testing.T) {
	st := &stream{ssrc: 1, pt: 101}
	ev, _ := dtmf.Generate(nil, '9', 0, 800, 160, 10)
	var in [][]byte
	for _, e := range ev[:4] { // the end packets are lost
		in = append(in, st.packet(e.Payload, e.Marker))
	}
	st.pt, st.ts = 0, 2400 // audio resumes 200 ms after the event's last packet
	in = append(in, st.packets(t, codec.PCMU{}, make([]int16, 800), ms20)...)
	var got []dtmf.Digit
	p := newProc(t, withTE(pcmu(0, ms20), 101, 8000), pcmu(0, ms20), Options{OnDigit: func(d dtmf.Digit, m string) { got = append(got, d) }})
	run(p, in)
	if len(got) != 1 || got[0].Digit != '9' || got[0].Ended {
		t.Errorf("reported %+v, want '9' once, not ended", got)
	}
}

func TestComfortNoise(t *testing.T) {
	cn := func(l LegMedia) LegMedia { l.CNPT = 13; return l }
	for _, tc := range []struct {
		name     string
		from, to LegMedia
		relayed  bool
	}{
		{"transcoding: dropped", cn(pcmu(0, ms20)), cn(g722(9)), false},
		{"shared codec: relayed", cn(pcmu(0, ms20)), cn(pcmu(8, ms20)), true},
		{"shared codec, repacketising: relayed", cn(pcmu(0, ms20)), cn(pcmu(0, 30*time.Millisecond)), true},
		{"to a leg without CN: dropped", cn(pcmu(0, ms20)), pcmu(8, ms20), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &stream{ssrc: 1}
			in := st.packets(t, codec.PCMU{}, audiotest.Tone(8000, 1000, 0.3, 200*time.Millisecond), ms20)
			st.pt = 13
			in = append(in, st.packet([]byte{40, 1, 2, 3}, false)) // RFC 3389 §3: level, then spectral coefficients
			st.pt, st.ts = 0, st.ts+8000
			in = append(in, st.packets(t, codec.PCMU{}, audiotest.Tone(8000, 1000, 0.3, 200*time.Millisecond), ms20)...)
			out := parseAll(t, run(procFor(t, tc.from, tc.to), in))
			n := 0
			for _, o := range out {
				if o.h.PayloadType == 13 {
					n++
					if !bytes.Equal(o.payload, []byte{40, 1, 2, 3}) {
						t.Errorf("CN payload % x", o.payload)
					}
				}
			}
			if (n == 1) != tc.relayed || n > 1 {
				t.Errorf("%d CN packets relayed", n)
			}
			checkContiguous(t, out)
			// The audio after the silence is intact.
			pcm := decodeAll(t, tc.to.Codec, tc.to.PT, out)
			rate := tc.to.Codec.Format().SampleRate
			if f := audiotest.DominantFrequency(pcm[len(pcm)-rate/10:], rate); math.Abs(f-1000) > 5 {
				t.Errorf("audio after CN at %.1f Hz", f)
			}
		})
	}
}

func procFor(t *testing.T, from, to LegMedia) *Processor { return newProc(t, from, to, Options{}) }

func TestResync(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to LegMedia
	}{
		{"transcoding", pcmu(0, ms20), g722(9)},
		{"repacketising", pcmu(0, ms20), pcmu(0, 40*time.Millisecond)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tone := audiotest.Tone(8000, 440, 0.2, 400*time.Millisecond)
			a := &stream{ssrc: 1, seq: 100, ts: 1000}
			in := a.packets(t, codec.PCMU{}, tone, ms20)
			b := &stream{ssrc: 2, seq: 9, ts: 123456789} // a new source (transfer, re-INVITE)
			in = append(in, b.packets(t, codec.PCMU{}, tone, ms20)...)
			b.ts += 99 * 8000 // the clock jumps 99 s
			jump := len(in)
			in = append(in, b.packets(t, codec.PCMU{}, tone, ms20)...)
			b.ts += 160 * 3 // three packets lost: a gap kept
			gapAt := len(in)
			in = append(in, b.packets(t, codec.PCMU{}, tone, ms20)...)
			in = append(in, in[len(in)-3]) // a late duplicate: dropped
			out := parseAll(t, run(procFor(t, tc.from, tc.to), in))
			checkContiguous(t, out)
			step := uint32(tc.to.Ptime / time.Millisecond * 8)
			var markers, gaps int
			for i := 1; i < len(out); i++ {
				d := out[i].h.Timestamp - out[i-1].h.Timestamp
				switch {
				case d == step:
				case d == step+480 && tc.to.Ptime == ms20:
					gaps++
				case d > step && d <= step+480+step:
					gaps++ // repacketised: the padded frame and the gap
				default:
					t.Fatalf("packet %d: timestamp step %d", i, d)
				}
				if out[i].h.Marker {
					markers++
				}
			}
			if gaps != 1 || markers != 2 {
				t.Errorf("%d gaps (want 1), %d markers (want 2: new source, clock jump); inputs %d, %d", gaps, markers, jump, gapAt)
			}
		})
	}
}

func TestTapAndUnknown(t *testing.T) {
	var tapped [][]byte
	pr := newProc(t, pcmu(0, ms20), pcmu(8, ms20), Options{Tap: func(b []byte) { tapped = append(tapped, append([]byte(nil), b...)) }})
	st := &stream{ssrc: 1}
	in := st.packets(t, codec.PCMU{}, make([]int16, 480), ms20)
	st.pt = 18
	in = append(in, st.packet(make([]byte, 20), false), []byte{0x80, 0}, []byte("garbage that is not RTP at all"))
	out := run(pr, in)
	if len(tapped) != len(in) {
		t.Fatalf("tapped %d of %d", len(tapped), len(in))
	}
	for i := range in {
		if !bytes.Equal(tapped[i], in[i]) {
			t.Errorf("tap %d changed", i)
		}
	}
	if len(out) != 3 {
		t.Errorf("%d packets out, want the 3 PCMU ones", len(out))
	}
	if s := pr.Stats(); s.Dropped != 3 || s.In != 6 || s.Out != 3 {
		t.Errorf("stats %+v", s)
	}
}

func TestNewProcessorErrors(t *testing.T) {
	g729 := LegMedia{PT: 18, Name: "G729", ClockRate: 8000, Ptime: ms20}
	if _, err := NewProcessor(g729, pcmu(0, ms20), Options{}); !errors.Is(err, ErrNoCodec) {
		t.Errorf("G.729 to PCMU: %v", err)
	}
	pr, err := NewProcessor(g729, g729, Options{})
	if err != nil || pr.Mode() != "rewrite" {
		t.Errorf("G.729 passthrough: %v", err)
	}
}

// steady feeds p packets of payload and reports allocations per packet.
func steady(t testing.TB, pr *Processor, c codec.Codec, pt uint8) float64 {
	st := &stream{pt: pt, ssrc: 1}
	pkts := st.packets(t, c, audiotest.Tone(c.Format().SampleRate, 440, 0.2, 2*time.Second), ms20)
	step := c.Format().TimestampStep(ms20)
	buf := make([]byte, 0, 2048)
	emit := func([]byte) {}
	i := 0
	next := func() {
		pkt := pkts[i%len(pkts)]
		buf = append(buf[:0], pkt...)
		binary.BigEndian.PutUint16(buf[2:], uint16(i))
		binary.BigEndian.PutUint32(buf[4:], uint32(i)*step)
		pr.Process(buf, emit)
		i++
	}
	for range 60 {
		next()
	}
	return testing.AllocsPerRun(200, next)
}

func TestNoAllocation(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to LegMedia
		opt      Options
	}{
		{"rewrite", withTE(opus(111), 101, 48000), withTE(opus(96), 100, 48000), Options{}},
		{"rewrite with in-band detection", pcmu(0, ms20), pcmu(8, ms20), Options{InbandDetect: true, OnDigit: func(dtmf.Digit, string) {}}},
		{"repacketise", pcmu(0, ms20), pcmu(0, 30*time.Millisecond), Options{InbandDetect: true}},
		{"PCMU to G.722", pcmu(0, ms20), g722(9), Options{InbandDetect: true}},
		{"PCMU to Opus", pcmu(0, ms20), opus(111), Options{}},
		{"Opus to PCMU", opus(111), pcmu(0, ms20), Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := newProc(t, tc.from, tc.to, tc.opt)
			if a := steady(t, pr, tc.from.Codec, tc.from.PT); a != 0 {
				t.Errorf("%.1f allocations per packet", a)
			}
		})
	}
	t.Run("injecting", func(t *testing.T) {
		pr := newProc(t, pcmu(0, ms20), withTE(g722(9), 101, 8000), Options{})
		for range 30 {
			_ = pr.SendDigit('1', 40*time.Millisecond)
		}
		if a := steady(t, pr, codec.PCMU{}, 0); a != 0 {
			t.Errorf("%.1f allocations per packet", a)
		}
		if pr.Stats().Injected == 0 {
			t.Error("nothing injected")
		}
	})
}

func TestOpusSamples(t *testing.T) {
	for _, tc := range []struct {
		b    []byte
		want int
	}{
		{[]byte{0x08}, 960},            // config 1: SILK 20 ms, one frame
		{[]byte{0x18}, 2880},           // config 3: SILK 60 ms
		{[]byte{0x78}, 960},            // config 15: hybrid 20 ms
		{[]byte{0xf8}, 960},            // config 31: CELT 20 ms
		{[]byte{0xe0}, 120},            // config 28: CELT 2.5 ms
		{[]byte{0x09}, 1920},           // two frames
		{[]byte{0x03 | 0x20, 3}, 1440}, // config 4 (SILK 10 ms), code 3, 3 frames
		{[]byte{0x03}, 0},
		{nil, 0},
	} {
		if got := opusSamples(tc.b); got != tc.want {
			t.Errorf("% x: %d, want %d", tc.b, got, tc.want)
		}
	}
	enc, _ := codec.Opus{}.NewEncoder()
	b, err := enc.Encode(make([]int16, 1920), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := opusSamples(b); got != 1920 {
		t.Errorf("a 40 ms packet from the encoder: %d samples", got)
	}
}

// The relay's hook (media/relay.Processor), without importing the relay.
var _ interface {
	Process(p []byte, emit func(pkt []byte))
} = (*Processor)(nil)
