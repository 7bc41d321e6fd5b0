package jitter

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// FuzzPush drives a Buffer with a script decoded from the input: packets of
// two SSRCs with random sequence and timestamp steps, payload types (audio,
// telephone-event, comfort noise), markers and arrival times, raw bytes,
// and pops at random times. It checks that nothing panics and that:
// every packet received is accounted for exactly once; lost frames are
// empty audio frames; every payload handed out is one that was pushed under
// that SSRC and sequence number; audio timestamps of a source increase
// between two restarts of the schedule.
func FuzzPush(f *testing.F) {
	f.Add([]byte{2, 1, 0, 160, 0, 0, 20, 10, 2, 1, 0, 160, 0, 0, 20, 10, 0, 100, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{2, 2, 0, 160, 0, 0, 20, 10, 2, 0xff, 0xff, 0x60, 0x80, 0, 5, 10, 0, 200, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{1, 16, 0x80, 0xc9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Fuzz(func(t *testing.T, script []byte) {
		b := New(Config{ClockRate: 8000, AudioPT: []uint8{0}, Depth: 60 * time.Millisecond, MaxBehind: time.Duration(len(script)%3) * 40 * time.Millisecond})
		type key struct {
			ssrc uint32
			seq  uint16
		}
		pushed := map[key][][]byte{}
		now := t0
		seq := map[uint32]uint16{ssrcA: 1000, ssrcB: 2000}
		ts := map[uint32]uint32{ssrcA: 0, ssrcB: 1 << 31}
		var cur uint32
		var delivered uint64
		var prevTS uint32
		var prevSSRC uint32
		var prevEpoch uint64
		havePrev := false

		check := func(fr Frame, unordered bool) {
			delivered++
			if fr.Lost {
				delivered--
				if len(fr.Payload) != 0 || !fr.Audio {
					t.Fatalf("lost frame %+v", fr)
				}
			} else {
				found := false
				for _, p := range pushed[key{fr.Header.SSRC, fr.Header.Seq}] {
					found = found || bytes.Equal(p, fr.Payload)
				}
				if !found {
					t.Fatalf("frame %+v: payload never pushed", fr.Header)
				}
			}
			if !fr.Audio || fr.Header.SSRC != cur || unordered {
				// Flush may restart the schedule between two frames it
				// returns, which Stats cannot show frame by frame.
				return
			}
			s := b.Stats()
			epoch := s.Resyncs + s.Restarts
			if havePrev && prevSSRC == cur && epoch == prevEpoch {
				if d := fr.Header.Timestamp - prevTS; d == 0 || d >= 1<<31 {
					t.Fatalf("timestamp %d after %d in one timeline", fr.Header.Timestamp, prevTS)
				}
			}
			havePrev, prevTS, prevSSRC, prevEpoch = true, fr.Header.Timestamp, cur, epoch
		}
		push := func(pkt []byte) {
			h, payload, err := rtp.Parse(pkt)
			if err == nil && !rtp.IsRTCP(pkt) {
				k := key{h.SSRC, h.Seq}
				pushed[k] = append(pushed[k], append([]byte(nil), payload...))
			}
			before := b.Stats().Restarts
			perr := b.Push(pkt, now)
			if (perr == nil) != (err == nil && !rtp.IsRTCP(pkt)) {
				t.Fatalf("Push error %v, Parse error %v", perr, err)
			}
			if perr == nil && (cur == 0 || b.Stats().Restarts > before) {
				cur = h.SSRC
			}
		}
		for len(script) >= 8 {
			op := script[:8]
			script = script[8:]
			switch op[0] % 4 {
			case 0:
				now = now.Add(time.Duration(op[1]) * time.Millisecond)
				for range 2000 {
					// What an old source left is handed out as it was
					// buffered, without the schedule.
					drained := len(b.drain) > 0
					fr, ok := b.Pop(now)
					if !ok {
						break
					}
					check(fr, drained)
				}
			case 1:
				n := min(int(op[1])%64, len(script))
				push(script[:n])
				script = script[n:]
			default:
				ssrc := uint32(ssrcA)
				if op[4]&1 != 0 {
					ssrc = ssrcB
				}
				seq[ssrc] += uint16(int8(op[1]))
				ts[ssrc] += uint32(int32(int16(binary.BigEndian.Uint16(op[2:]))) * 4)
				pt := []uint8{0, 0, 0, ptEv, 13, 0, 0, 99}[op[4]>>1&7]
				payload := make([]byte, 6+int(op[7]%200))
				binary.BigEndian.PutUint16(payload, seq[ssrc])
				binary.BigEndian.PutUint32(payload[2:], ssrc)
				push(rtp.Append(nil, rtp.Header{Marker: op[4]&0x80 != 0, PayloadType: pt, Seq: seq[ssrc], Timestamp: ts[ssrc], SSRC: ssrc}, payload))
				now = now.Add(time.Duration(op[6]) * time.Millisecond / 4)
			}
			s := b.Stats()
			if s.Received != s.Duplicates+s.Late+s.Dropped+delivered+uint64(b.Len()) {
				t.Fatalf("received %d != dup %d + late %d + dropped %d + delivered %d + buffered %d",
					s.Received, s.Duplicates, s.Late, s.Dropped, delivered, b.Len())
			}
		}
		for _, fr := range b.Flush() {
			check(fr, true)
		}
		s := b.Stats()
		if b.Len() != 0 || s.Received != s.Duplicates+s.Late+s.Dropped+delivered {
			t.Fatalf("after Flush: %+v, delivered %d, buffered %d", s, delivered, b.Len())
		}
	})
}
