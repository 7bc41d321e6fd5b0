package webrtc

import (
	"fmt"
	"sync"
	"time"

	"github.com/pion/rtp"
	pion "github.com/pion/webrtc/v4"
)

// audioTrack is our one outgoing audio track. Unlike pion's
// TrackLocalStaticRTP it keeps the payload type of each packet, so
// telephone-event (RFC 4733) and a codec switch pass through; it only
// puts in the negotiated SSRC and keeps sequence numbers and timestamps
// continuous when the packets' source changes (a new far-end leg after a
// transfer), which SRTP's rollover counter (RFC 3711 §3.3.1) and the
// browser's jitter buffer both rely on.
type audioTrack struct {
	id, stream string

	mu        sync.Mutex
	w         pion.TrackLocalWriter // nil until bound
	ssrc      uint32
	preferred uint8 // payload type to report as the bound codec
	hdr       rtp.Header

	// continuity
	started  bool
	inSSRC   uint32
	seqOff   uint16
	tsOff    uint32
	lastSeq  uint16
	lastTS   uint32
	lastSent time.Time
	clock    uint32
}

var _ pion.TrackLocal = (*audioTrack)(nil)

func newAudioTrack(id string) *audioTrack {
	return &audioTrack{id: "audio", stream: id}
}

func (t *audioTrack) ID() string              { return t.id }
func (t *audioTrack) RID() string             { return "" }
func (t *audioTrack) StreamID() string        { return t.stream }
func (t *audioTrack) Kind() pion.RTPCodecType { return pion.RTPCodecTypeAudio }

func (t *audioTrack) setPreferred(pt uint8) {
	t.mu.Lock()
	t.preferred = pt
	t.mu.Unlock()
}

// Bind is called by pion when negotiation has chosen our codecs. The codec
// returned only tells pion's RTCP sender reports which clock to use.
func (t *audioTrack) Bind(ctx pion.TrackLocalContext) (pion.RTPCodecParameters, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var chosen *pion.RTPCodecParameters
	for i, c := range ctx.CodecParameters() {
		if isDTMF(c) {
			continue
		}
		if chosen == nil || uint8(c.PayloadType) == t.preferred {
			chosen = &ctx.CodecParameters()[i]
		}
	}
	if chosen == nil {
		return pion.RTPCodecParameters{}, fmt.Errorf("%w: no audio codec negotiated", ErrNoAudio)
	}
	t.w = ctx.WriteStream()
	t.ssrc = uint32(ctx.SSRC())
	t.clock = chosen.ClockRate
	return *chosen, nil
}

func (t *audioTrack) Unbind(pion.TrackLocalContext) error {
	t.mu.Lock()
	t.w = nil
	t.mu.Unlock()
	return nil
}

// write sends one RTP packet; sent is false when the track is not bound
// yet (no DTLS), which is not an error: early packets are dropped.
func (t *audioTrack) write(pkt []byte, now time.Time) (sent bool, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := &t.hdr
	n, err := h.Unmarshal(pkt)
	if err != nil {
		return false, fmt.Errorf("%w: %w", ErrPacket, err)
	}
	payload := pkt[n:]
	if h.Padding {
		// Unmarshal leaves the padding in; RFC 3550 §5.1: the last octet
		// counts the padding octets, itself included.
		p := int(pkt[len(pkt)-1])
		if p == 0 || p > len(payload) {
			return false, fmt.Errorf("%w: bad padding", ErrPacket)
		}
		payload = payload[:len(payload)-p]
		h.Padding, h.PaddingSize = false, 0
	}
	if t.w == nil {
		return false, nil
	}
	t.rebase(h, now)
	h.SSRC = t.ssrc
	// Header extensions and CSRCs of the far leg mean nothing here, and
	// the extension IDs are not negotiated with the browser.
	h.Extension, h.Extensions, h.CSRC = false, nil, nil
	if _, err := t.w.WriteRTP(h, payload); err != nil {
		return false, err
	}
	return true, nil
}

// rebase maps the source's sequence numbers and timestamps onto ours: the
// first source is passed through, a new source continues where the last
// left off, the timestamp advanced by the wall-clock gap.
func (t *audioTrack) rebase(h *rtp.Header, now time.Time) {
	switch {
	case !t.started:
		t.started, t.inSSRC = true, h.SSRC
	case h.SSRC != t.inSSRC:
		t.inSSRC = h.SSRC
		gap := uint32(1)
		if t.clock > 0 {
			if d := now.Sub(t.lastSent); d > 0 {
				gap = max(1, uint32(d.Seconds()*float64(t.clock)))
			}
		}
		t.seqOff = t.lastSeq + 1 - h.SequenceNumber
		t.tsOff = t.lastTS + gap - h.Timestamp
	}
	h.SequenceNumber += t.seqOff
	h.Timestamp += t.tsOff
	t.lastSeq, t.lastTS, t.lastSent = h.SequenceNumber, h.Timestamp, now
}

func (t *audioTrack) boundSSRC() uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ssrc
}
