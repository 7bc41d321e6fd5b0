package mix

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrDuplicate means Join was given an id already in the conference.
	ErrDuplicate = errors.New("mix: participant already in the conference")
	// ErrUnsupported means a rate, ptime or codec the mixer cannot handle.
	ErrUnsupported = errors.New("mix: unsupported")
	// ErrRunning means Run was called while the conference already runs.
	ErrRunning = errors.New("mix: conference already running")
)
