package dtmf

import (
	"slices"
	"testing"
)

func gen(t *testing.T, d rune, start, dur uint32) []Packet {
	t.Helper()
	p, err := Generate(nil, d, start, dur, 160, 10)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGenerate(t *testing.T) {
	p := gen(t, '5', 1000, 800)
	// 160, 320, 480, 640, then 800 ×3 with E.
	if len(p) != 7 {
		t.Fatalf("%d packets, want 7", len(p))
	}
	for i, pk := range p {
		ev, _ := ParseEvent(pk.Payload)
		wantDur := uint16(min(160*(i+1), 800))
		if pk.Timestamp != 1000 || pk.Marker != (i == 0) || ev.Code != 5 || ev.Duration != wantDur || ev.End != (i >= 4) || ev.Volume != 10 {
			t.Errorf("packet %d: ts %d M %v %+v", i, pk.Timestamp, pk.Marker, ev)
		}
	}
	// Shorter than one step: the end packets only.
	if p := gen(t, '#', 0, 80); len(p) != 3 || !p[0].Marker {
		t.Errorf("80-unit event: %d packets", len(p))
	}
	if _, err := Generate(nil, 'x', 0, 160, 160, 10); err == nil {
		t.Error("bad digit accepted")
	}
	if _, err := Generate(nil, '1', 0, 0, 160, 10); err == nil {
		t.Error("zero duration accepted")
	}
}

func feed(s *Sequencer, pkts []Packet) []Digit {
	var out []Digit
	for _, p := range pkts {
		out = s.Push(p, out)
	}
	return out
}

func TestSequencer(t *testing.T) {
	a := gen(t, '1', 8000, 800)
	b := gen(t, '2', 10000, 480)
	c := gen(t, '2', 12000, 640) // same digit again: a new event
	for _, tc := range []struct {
		name string
		pkts []Packet
		want []Digit
	}{
		{"three digits, end packets retransmitted", slices.Concat(a, b, c), []Digit{{'1', 8000, 800, true}, {'2', 10000, 480, true}, {'2', 12000, 640, true}}},
		{"duplicated stream", slices.Concat(a, a, b, b), []Digit{{'1', 8000, 800, true}, {'2', 10000, 480, true}}},
		{"end packets lost", slices.Concat(a[:4], b), []Digit{{'1', 8000, 640, false}, {'2', 10000, 480, true}}},
		{"only the last end packet", slices.Concat(a[:2], a[6:], b[2:]), []Digit{{'1', 8000, 800, true}, {'2', 10000, 480, true}}},
		{"reordered: end before progress", []Packet{a[0], a[4], a[1], a[2], a[5]}, []Digit{{'1', 8000, 800, true}}},
		{"late packet of an old event", slices.Concat(a, b[:2], a[1:2], b[2:]), []Digit{{'1', 8000, 800, true}, {'2', 10000, 480, true}}},
		{"not DTMF (flash) and garbage", []Packet{{Timestamp: 1, Payload: []byte{16, 0x80, 0, 160}}, {Timestamp: 2, Payload: []byte{1}}}, nil},
	} {
		got := feed(NewSequencer(nil), tc.pkts)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

func TestSequencerLongEventAndFlush(t *testing.T) {
	// 70000 units is more than the 16-bit duration: two segments (§2.5.1.5).
	long := gen(t, '9', 500, 70000)
	if long[len(long)-1].Timestamp != 500+0xffff {
		t.Fatalf("second segment at %d", long[len(long)-1].Timestamp)
	}
	s := NewSequencer(nil)
	got := feed(s, long)
	if want := []Digit{{'9', 500, 70000, true}}; !slices.Equal(got, want) {
		t.Errorf("long event: %+v, want %+v", got, want)
	}
	s = NewSequencer(nil)
	got = feed(s, gen(t, '4', 0, 800)[:3])
	if len(got) != 0 {
		t.Fatalf("reported before end: %+v", got)
	}
	got = s.Flush(got)
	if want := []Digit{{'4', 0, 480, false}}; !slices.Equal(got, want) {
		t.Errorf("Flush: %+v, want %+v", got, want)
	}
	if got = s.Flush(nil); got != nil {
		t.Errorf("second Flush: %+v", got)
	}
}
