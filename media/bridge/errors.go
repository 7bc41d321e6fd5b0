package bridge

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrMalformed means a description has no usable audio stream, or an
	// answer does not fit the offer it answers (RFC 3264 §6).
	ErrMalformed = errors.New("bridge: malformed session description")
	// ErrNoCodec means the legs share no codec and Dialtone cannot
	// transcode between any of theirs; the call layer answers 488 (RFC 3261
	// §21.4.26).
	ErrNoCodec = errors.New("bridge: no common or transcodable codec")
	// ErrCodecChanged means a new offer on a leg no longer contains the
	// codec the leg negotiated; the call must be planned again.
	ErrCodecChanged = errors.New("bridge: negotiated codec no longer offered")
	// ErrNoTelephoneEvent means a digit cannot be sent as RFC 4733 events
	// because the leg did not negotiate telephone-event (send SIP INFO).
	ErrNoTelephoneEvent = errors.New("bridge: leg has no telephone-event")
	// ErrDigitQueue means SendDigit found its queue full.
	ErrDigitQueue = errors.New("bridge: digit queue full")
)
