package webrtc

import (
	"errors"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// TestTrackContinuity: a new source (SSRC) continues our sequence numbers
// and advances the timestamp by the wall-clock gap; the payload type and
// marker pass through.
func TestTrackContinuity(t *testing.T) {
	w := &discard{}
	tr := &audioTrack{w: w, ssrc: 0x5555, clock: 8000}
	t0 := time.Unix(100, 0)
	write := func(ssrc uint32, seq uint16, ts uint32, pt uint8, at time.Duration) rtp.Header {
		t.Helper()
		b, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq, Timestamp: ts, SSRC: ssrc, Marker: pt == 101}, Payload: []byte{1, 2, 3}}).Marshal()
		if sent, err := tr.write(b, t0.Add(at)); err != nil || !sent {
			t.Fatalf("write: %v %v", sent, err)
		}
		return w.hdr
	}
	tests := []struct {
		name       string
		ssrc       uint32
		seq        uint16
		ts         uint32
		pt         uint8
		at         time.Duration
		wantSeq    uint16
		wantTS     uint32
		wantPT     uint8
		wantMarker bool
	}{
		{"first source passes through", 1, 100, 1000, 0, 0, 100, 1000, 0, false},
		{"same source", 1, 101, 1160, 0, 20 * time.Millisecond, 101, 1160, 0, false},
		{"DTMF keeps its PT", 1, 102, 1320, 101, 40 * time.Millisecond, 102, 1320, 101, true},
		{"new source continues", 2, 40000, 7, 0, 140 * time.Millisecond, 103, 1320 + 800, 0, false},
		{"new source, next packet", 2, 40001, 167, 0, 160 * time.Millisecond, 104, 1320 + 960, 0, false},
		{"wrap", 2, 65535, 167 + 160, 0, 180 * time.Millisecond, 103 + uint16(65535-40000) + 1 - 1, 1320 + 1120, 0, false},
	}
	for _, tt := range tests {
		h := write(tt.ssrc, tt.seq, tt.ts, tt.pt, tt.at)
		if h.SSRC != 0x5555 || h.SequenceNumber != tt.wantSeq || h.Timestamp != tt.wantTS || h.PayloadType != tt.wantPT || h.Marker != tt.wantMarker {
			t.Fatalf("%s: got seq %d ts %d pt %d M %v ssrc %x; want seq %d ts %d pt %d M %v", tt.name,
				h.SequenceNumber, h.Timestamp, h.PayloadType, h.Marker, h.SSRC, tt.wantSeq, tt.wantTS, tt.wantPT, tt.wantMarker)
		}
	}
}

func TestTrackRejects(t *testing.T) {
	tr := &audioTrack{w: &discard{}, ssrc: 1}
	tests := []struct {
		name string
		pkt  []byte
	}{
		{"short", []byte{0x80, 0, 0}},
		{"padding longer than payload", []byte{0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9}},
		{"zero padding count", []byte{0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 0}},
	}
	for _, tt := range tests {
		if _, err := tr.write(tt.pkt, time.Now()); !errors.Is(err, ErrPacket) {
			t.Errorf("%s: err = %v, want ErrPacket", tt.name, err)
		}
	}
	// Not bound yet (no DTLS): dropped, not an error.
	un := &audioTrack{}
	b, _ := (&rtp.Packet{Header: rtp.Header{Version: 2}, Payload: []byte{1}}).Marshal()
	if sent, err := un.write(b, time.Now()); sent || err != nil {
		t.Fatalf("unbound: sent %v err %v", sent, err)
	}
}
