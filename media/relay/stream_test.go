package relay

import (
	"testing"
	"time"
)

// feed runs a synthetic stream through stream.update: packet k has sequence
// seq0+k, timestamp 160k and arrives at 20ms·k plus jitter(k).
func feed(s *stream, seq0 uint16, n int, skip func(k int) bool, jitter func(k int) time.Duration) {
	for k := range n {
		if skip != nil && skip(k) {
			continue
		}
		at := time.Duration(k)*20*time.Millisecond + time.Second
		if jitter != nil {
			at += jitter(k)
		}
		s.update(rtpPacket(1, seq0+uint16(k), uint32(160*k), 0, 0), int64(at), 8000)
	}
}

func TestStreamLostAndJitter(t *testing.T) {
	for _, tc := range []struct {
		name       string
		seq0       uint16
		n          int
		skip       func(int) bool
		jitter     func(int) time.Duration
		wantLost   int64
		wantJitter uint32 // timestamp units
	}{
		{name: "clean", seq0: 1, n: 500, wantLost: 0, wantJitter: 0},
		{name: "gaps", seq0: 1, n: 500, skip: func(k int) bool { return k%50 == 25 }, wantLost: 10},
		{name: "wrap", seq0: 65500, n: 200, skip: func(k int) bool { return k == 36 || k == 37 }, wantLost: 2},
		{
			// Every other packet 1 ms late: |D| = 8 units (1 ms at 8 kHz)
			// each time, so J converges to 8 (RFC 3550 A.8).
			name: "alternating 1ms", seq0: 1, n: 500,
			jitter:     func(k int) time.Duration { return time.Duration(k%2) * time.Millisecond },
			wantJitter: 8,
		},
		{
			name: "constant delay is not jitter", seq0: 1, n: 500,
			jitter:     func(int) time.Duration { return 7 * time.Millisecond },
			wantJitter: 0,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s stream
			feed(&s, tc.seq0, tc.n, tc.skip, tc.jitter)
			if s.lost() != tc.wantLost {
				t.Errorf("lost = %d, want %d", s.lost(), tc.wantLost)
			}
			if d := int(s.jitterTS()) - int(tc.wantJitter); d < -1 || d > 1 {
				t.Errorf("jitter = %d units, want %d", s.jitterTS(), tc.wantJitter)
			}
		})
	}
}

func TestStreamDuplicatesAndRestart(t *testing.T) {
	var s stream
	mono := int64(time.Second)
	send := func(seq uint16) {
		mono += int64(20 * time.Millisecond)
		s.update(rtpPacket(1, seq, uint32(seq)*160, 0, 0), mono, 8000)
	}
	for seq := uint16(10); seq < 20; seq++ {
		send(seq)
	}
	send(15) // duplicate
	if s.lost() != -1 {
		t.Fatalf("lost with a duplicate = %d, want -1 (RFC 3550 §6.4.1)", s.lost())
	}
	send(21) // 20 lost
	// The source restarts its numbering far away: one packet is ignored for
	// accounting, two in sequence resynchronise; the loss so far is kept.
	send(40000)
	send(40001)
	send(40002)
	if s.lost() != 0 { // the duplicate and the loss of 20 cancel out
		t.Fatalf("lost after restart = %d, want 0", s.lost())
	}
	send(40004)
	if s.lost() != 1 {
		t.Fatalf("lost = %d, want 1", s.lost())
	}
}
