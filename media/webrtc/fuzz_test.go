package webrtc

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// FuzzInspectRemote: a remote description (from the browser, through SIP)
// never panics the direction rewrite, and a rewritten one parses again.
func FuzzInspectRemote(f *testing.F) {
	f.Add([]byte("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=rtpmap:111 opus/48000/2\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ra, err := inspectRemote(b)
		if err != nil {
			return
		}
		again, err := inspectRemote(ra.normal)
		if err != nil {
			t.Fatalf("rewritten description does not parse: %v", err)
		}
		if again.dir != "sendrecv" {
			t.Fatalf("rewritten direction %s", again.dir)
		}
		_, _ = firstAudioPT(b)
		_, _ = setAudioDirection(b, ra.dir.Reverse())
	})
}

// discard is a TrackLocalWriter that keeps the last header.
type discard struct {
	hdr     rtp.Header
	payload []byte
	n       int
}

func (d *discard) WriteRTP(h *rtp.Header, p []byte) (int, error) {
	d.hdr, d.payload, d.n = *h, append(d.payload[:0], p...), d.n+1
	return len(p), nil
}
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }

// FuzzTrackWrite: whatever the far leg sends, WriteRTP either rejects it
// with ErrPacket or sends a packet with our SSRC and no padding.
func FuzzTrackWrite(f *testing.F) {
	seed, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 0, SequenceNumber: 1, SSRC: 9}, Payload: make([]byte, 160)}).Marshal()
	f.Add(seed)
	padded, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, Padding: true, PayloadType: 0, SSRC: 9}, Payload: []byte{1, 2}, PaddingSize: 4}).Marshal()
	f.Add(padded)
	f.Fuzz(func(t *testing.T, b []byte) {
		w := &discard{}
		tr := &audioTrack{w: w, ssrc: 0xabcdef, clock: 8000}
		sent, err := tr.write(b, time.Unix(0, 0))
		if err != nil || !sent {
			return
		}
		if w.hdr.SSRC != 0xabcdef || w.hdr.Padding {
			t.Fatalf("header %+v", w.hdr)
		}
		if len(w.payload) > len(b) {
			t.Fatalf("payload grew: %d > %d", len(w.payload), len(b))
		}
	})
}
