package rtp

import (
	"bytes"
	"testing"
)

// FuzzParse: never panics; what parses re-encodes to the same fixed header
// and payload.
func FuzzParse(f *testing.F) {
	f.Add(Append(nil, Header{Marker: true, PayloadType: 0, Seq: 1, Timestamp: 160, SSRC: 9}, make([]byte, 160)))
	f.Add([]byte{0x90, 0x08, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xbe, 0xde, 0, 1, 1, 2, 3, 4, 0xbb})
	f.Add([]byte{0xa0, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xcc, 0, 0, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, p, err := Parse(b)
		if err != nil {
			return
		}
		h2, p2, err := Parse(Append(nil, h, p))
		if err != nil || h2 != h || !bytes.Equal(p, p2) {
			t.Fatalf("re-parse: %+v %x %v", h2, p2, err)
		}
	})
}

// FuzzParseRTCP: never panics; reports rebuilt from what parsed parse back
// equal.
func FuzzParseRTCP(f *testing.F) {
	f.Add(AppendSR(nil, 1, SenderInfo{NTP: 1, RTPTime: 2}, ReportBlock{SSRC: 3, Lost: -1}))
	f.Add(AppendRR(nil, 2))
	f.Add([]byte{0x81, 202, 0, 1, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := ParseRTCP(b)
		if err != nil {
			return
		}
		var out []byte
		for _, r := range rs {
			if len(r.Blocks) > 31 {
				return
			}
			if r.Type == TypeSR {
				out = AppendSR(out, r.SSRC, r.Sender, r.Blocks...)
			} else {
				out = AppendRR(out, r.SSRC, r.Blocks...)
			}
		}
		again, err := ParseRTCP(out)
		if err != nil || len(again) != len(rs) {
			t.Fatalf("re-parse: %v %d/%d", err, len(again), len(rs))
		}
		for i := range rs {
			if again[i].SSRC != rs[i].SSRC || again[i].Sender != rs[i].Sender || len(again[i].Blocks) != len(rs[i].Blocks) {
				t.Fatalf("report %d differs", i)
			}
			for j := range rs[i].Blocks {
				if again[i].Blocks[j] != rs[i].Blocks[j] {
					t.Fatalf("block %d/%d differs: %+v vs %+v", i, j, again[i].Blocks[j], rs[i].Blocks[j])
				}
			}
		}
	})
}
