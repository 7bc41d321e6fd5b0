package play

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrConfig means a Player's Config cannot work (no codec, a ptime the
	// codec cannot frame, no payload type for a dynamic codec).
	ErrConfig = errors.New("play: bad config")
	// ErrSource means audio that cannot be played: an unsupported WAV
	// file, a rate other than 8, 16 or 48 kHz, an empty loop.
	ErrSource = errors.New("play: unusable source")
)
