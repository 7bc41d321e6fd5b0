package codec

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrUnknownCodec means no codec matches an SDP encoding name, clock
	// rate and channel count.
	ErrUnknownCodec = errors.New("codec: unknown codec")
	// ErrFrameSize means a PCM frame or payload does not have a length the
	// codec can handle (for example an odd sample count for G.722, or a
	// duration Opus does not frame).
	ErrFrameSize = errors.New("codec: bad frame size")
	// ErrEmptyPayload means a decoder got no payload and cannot conceal.
	ErrEmptyPayload = errors.New("codec: empty payload")
	// ErrUnsupported means the conversion asked for is not supported.
	ErrUnsupported = errors.New("codec: unsupported")
	// ErrOverflow means a Repacketizer was pushed more than it can hold.
	ErrOverflow = errors.New("codec: repacketizer overflow")
)
