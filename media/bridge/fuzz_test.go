package bridge

import (
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/dtmf"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// FuzzProcess: whatever arrives, Process never panics, and what it emits
// parses as RTP with one of the `to` leg's payload types; a Processor that
// numbers its output keeps one SSRC and a contiguous sequence. The input
// is a list of packets, each a length byte and that many bytes; a length
// byte of 0 asks for a digit to be injected instead. Seeds:
// testdata/fuzz/FuzzProcess (PCMU, Opus, telephone-event, CN, garbage).
func FuzzProcess(f *testing.F) {
	f.Add([]byte{12, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 16, 0x80, 101, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 5, 0x8a, 3, 32})
	cn := func(l LegMedia) LegMedia { l.CNPT = 13; return l }
	pairs := []struct{ from, to LegMedia }{
		{withTE(pcmu(0, ms20), 101, 8000), withTE(pcmu(8, ms20), 100, 8000)},
		{withTE(pcmu(0, ms20), 101, 8000), pcmu(0, 30*time.Millisecond)},
		{cn(withTE(pcmu(0, ms20), 101, 8000)), cn(withTE(g722(9), 101, 8000))},
		{withTE(opus(111), 101, 48000), withTE(pcmu(0, 10*time.Millisecond), 101, 8000)},
		{pcmu(0, ms20), withTE(opus(96), 110, 48000)},
		{withTE(g722(9), 101, 8000), g722(9)},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, pair := range pairs {
			p, err := NewProcessor(pair.from, pair.to, Options{InbandDetect: true, OnDigit: func(dtmf.Digit, string) {}})
			if err != nil {
				t.Fatal(err)
			}
			var (
				first   rtp.Header
				n       int
				prevSeq uint16
			)
			emit := func(b []byte) {
				h, _, err := rtp.Parse(b)
				if err != nil {
					t.Fatalf("emitted a packet that does not parse: %v", err)
				}
				if pt := h.PayloadType; pt != pair.to.PT && (pt != pair.to.DTMFPT || pt == 0) && (pt != pair.to.CNPT || pt == 0) {
					t.Fatalf("emitted payload type %d", pt)
				}
				if p.mode != modeRewrite {
					if n > 0 && (h.SSRC != first.SSRC || h.Seq != prevSeq+1) {
						t.Fatalf("output stream broken: SSRC %#x seq %d after %#x %d", h.SSRC, h.Seq, first.SSRC, prevSeq)
					}
					if n == 0 {
						first = h
					}
				}
				prevSeq = h.Seq
				n++
			}
			for rest := data; len(rest) > 0; {
				l := int(rest[0])
				rest = rest[1:]
				if l == 0 {
					_ = p.SendDigit('1', 40*time.Millisecond)
					continue
				}
				l = min(l, len(rest))
				pkt := append([]byte(nil), rest[:l]...)
				rest = rest[l:]
				p.Process(pkt, emit)
			}
		}
	})
}
