package relay

import (
	"encoding/binary"
	"testing"
)

// FuzzRTPHeader feeds arbitrary datagrams to the RTP and RTCP parsers and to
// the in-place rewriting of the hot path: none may panic, and what parses
// must be self-consistent (validRTP agreeing with parseRTP). Seeds:
// testdata/fuzz/FuzzRTPHeader.
func FuzzRTPHeader(f *testing.F) {
	f.Add(rtpPacket(0x1234, 7, 160, 0, 160))
	f.Add(srPacket(1, 2, 3, 4, 5, 6, 7))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseRTP(b)
		if validRTP(b) != (err == nil) {
			t.Fatalf("validRTP %v, parseRTP %v", validRTP(b), err)
		}
		if err == nil {
			if !looksRTP(b) || h.payload > h.end || h.end > len(b) || h.payload < rtpFixedLen {
				t.Fatalf("inconsistent header %+v for %d bytes", h, len(b))
			}
			if h.seq != binary.BigEndian.Uint16(b[2:]) || h.ssrc != binary.BigEndian.Uint32(b[8:]) {
				t.Fatalf("fields %+v", h)
			}
		}
		if n, err := parseRTCP(b); err == nil && (n == 0 || !looksRTCPVersion(b)) {
			t.Fatalf("parseRTCP accepted %d packets of %x", n, b)
		}
		// The rewriting paths on a copy, with streams that have changed
		// SSRC so every rewrite branch runs.
		var l Link
		l.legs[0].st = stream{active: true, ssrc: 2, outSSRC: 1, seqOff: 3, tsOff: 4}
		l.legs[1].st = stream{active: true, ssrc: 5, outSSRC: 6, seqOff: 7, tsOff: 8}
		l.legs[0].haveSR, l.legs[0].srMid = true, 0x01020304
		c := append([]byte(nil), b...)
		l.rewriteRTCP(0, c, 1e9, true)
		l.rewriteRTCP(1, c, 2e9, false)
		if len(c) != len(b) {
			t.Fatal("rewrite changed the length")
		}
		if looksRTP(c) {
			l.legs[0].st.update(c, 3e9, 8000)
			l.legs[0].st.update(c, 4e9, 48000)
		}
	})
}

func looksRTCPVersion(b []byte) bool { return len(b) >= 4 && b[0]>>6 == 2 }
