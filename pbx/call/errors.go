package call

import "errors"

// Sentinel errors; test them with errors.Is.
var (
	// ErrShuttingDown means the Switch takes no new calls.
	ErrShuttingDown = errors.New("call: switch is shutting down")
	// ErrNoSDP means a message that must carry SDP has none, or not as
	// application/sdp.
	ErrNoSDP = errors.New("call: no SDP")
	// ErrBadSDP means an SDP body could not be used (no audio, no address).
	ErrBadSDP = errors.New("call: unusable SDP")
	// ErrNoMedia means no relay endpoint could be allocated.
	ErrNoMedia = errors.New("call: no media endpoint")
)
