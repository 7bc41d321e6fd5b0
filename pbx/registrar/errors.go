package registrar

import "errors"

var (
	// ErrRunning means Run was called while a previous Run is still active.
	ErrRunning = errors.New("registrar: already running")
	// ErrStore wraps failures of the durable store.
	ErrStore = errors.New("registrar: store")
)
