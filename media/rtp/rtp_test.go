package rtp

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	base := Append(nil, Header{Marker: true, PayloadType: 9, Seq: 65535, Timestamp: 0xdeadbeef, SSRC: 0x01020304}, []byte{1, 2, 3})
	withCSRC := []byte{0x82, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 9, 9, 9, 9, 8, 8, 8, 8, 0xaa}
	withExt := []byte{0x90, 0x08, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xbe, 0xde, 0, 1, 1, 2, 3, 4, 0xbb}
	padded := []byte{0xa0, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xcc, 0, 0, 3}
	tests := []struct {
		name    string
		in      []byte
		want    Header
		payload []byte
		err     error
	}{
		{"fixed", base, Header{true, 9, 65535, 0xdeadbeef, 0x01020304}, []byte{1, 2, 3}, nil},
		{"csrc", withCSRC, Header{false, 0, 1, 2, 3}, []byte{0xaa}, nil},
		{"extension", withExt, Header{false, 8, 1, 2, 3}, []byte{0xbb}, nil},
		{"padding", padded, Header{false, 0, 1, 2, 3}, []byte{0xcc}, nil},
		{"short", base[:11], Header{}, nil, ErrShort},
		{"version", append([]byte{0x40}, base[1:]...), Header{}, nil, ErrVersion},
		{"csrc past end", withCSRC[:15], Header{}, nil, ErrLength},
		{"extension past end", withExt[:18], Header{}, nil, ErrLength},
		{"padding zero", append(append([]byte{}, padded[:15]...), 0), Header{}, nil, ErrLength},
		{"padding past end", append(append([]byte{}, padded[:15]...), 9), Header{}, nil, ErrLength},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, p, err := Parse(tc.in)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if h != tc.want || !bytes.Equal(p, tc.payload) {
				t.Fatalf("got %+v %x, want %+v %x", h, p, tc.want, tc.payload)
			}
		})
	}
}

func TestIsRTCPAndSeq(t *testing.T) {
	if !IsRTCP([]byte{0x80, 200, 0, 6}) || IsRTCP([]byte{0x80, 0, 0, 6}) || IsRTCP([]byte{0x80, 0x80 | 96, 0, 0}) {
		t.Fatal("IsRTCP misclassifies")
	}
	for _, tc := range []struct {
		a, b uint16
		want bool
	}{{2, 1, true}, {1, 2, false}, {0, 65535, true}, {65535, 0, false}, {5, 5, false}, {0x8000, 0, false}, {0x7fff, 0, true}} {
		if got := SeqNewer(tc.a, tc.b); got != tc.want {
			t.Errorf("SeqNewer(%d, %d) = %v", tc.a, tc.b, got)
		}
	}
}

func TestRTCPRoundTrip(t *testing.T) {
	blk := ReportBlock{SSRC: 7, FractionLost: 25, Lost: -3, HighestSeq: 70000, Jitter: 12, LSR: 0x11223344, DLSR: 65536}
	si := SenderInfo{NTP: NTP(time.Unix(1700000000, 500_000_000)), RTPTime: 160, Packets: 50, Octets: 8000}
	b := AppendSR(nil, 1, si, blk)
	b = append(b, 0x81, 202, 0, 1, 0, 0, 0, 1) // an SDES (skipped)
	b = AppendRR(b, 2, blk, blk)
	rs, err := ParseRTCP(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Type != TypeSR || rs[0].Sender != si || rs[0].Blocks[0] != blk ||
		rs[1].Type != TypeRR || rs[1].SSRC != 2 || len(rs[1].Blocks) != 2 || rs[1].Blocks[1] != blk {
		t.Fatalf("round trip: %+v", rs)
	}
	if si.NTP>>32 != 1700000000+ntpEpochOffset || uint32(si.NTP) != 1<<31 {
		t.Fatalf("NTP = %x", si.NTP)
	}
	for _, bad := range [][]byte{
		{0x80, 200},                         // short header
		{0x40, 201, 0, 1, 0, 0, 0, 1},       // version
		{0x80, 201, 0, 9, 0, 0, 0, 1},       // length past end
		{0x81, 201, 0, 1, 0, 0, 0, 1},       // a block that is not there
		{0x80, 200, 0, 1, 0, 0, 0, 1, 0, 0}, // trailing bytes, short header
	} {
		if _, err := ParseRTCP(bad); err == nil {
			t.Errorf("ParseRTCP(%x) accepted", bad)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	p := Append(nil, Header{PayloadType: 0, Seq: 1, Timestamp: 2, SSRC: 3}, make([]byte, 160))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Parse(p); err != nil {
			b.Fatal(err)
		}
	}
}
