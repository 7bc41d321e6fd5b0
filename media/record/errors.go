package record

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrConfig means a Config that cannot work (a rate other than 8000
	// or 16000 Hz).
	ErrConfig = errors.New("record: bad config")
	// ErrClosed means the Recorder was closed.
	ErrClosed = errors.New("record: closed")
	// ErrRunning means Run was called while it already runs.
	ErrRunning = errors.New("record: already running")
)
