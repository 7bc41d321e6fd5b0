package webrtc

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrConfig means the Config is invalid.
	ErrConfig = errors.New("webrtc: invalid config")
	// ErrClosed means the Engine or Session was closed.
	ErrClosed = errors.New("webrtc: closed")
	// ErrNoAudio means the remote description has no audio section we can use
	// (no audio m= line, or none of its codecs is one we offer).
	ErrNoAudio = errors.New("webrtc: no usable audio")
	// ErrSDP means a description could not be parsed or applied.
	ErrSDP = errors.New("webrtc: bad session description")
	// ErrState means the call is out of order (SetAnswer on an answering
	// session, a second SetAnswer, Reoffer before negotiation finished).
	ErrState = errors.New("webrtc: wrong negotiation state")
	// ErrPacket means WriteRTP was given something that is not an RTP packet.
	ErrPacket = errors.New("webrtc: not an RTP packet")
	// ErrCertificate means the DTLS certificate file could not be read,
	// parsed or written.
	ErrCertificate = errors.New("webrtc: DTLS certificate")
)
