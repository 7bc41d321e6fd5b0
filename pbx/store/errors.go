package store

import "errors"

var (
	// ErrNotFound is returned when the row asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrExists is returned when a row with the same key already exists.
	ErrExists = errors.New("already exists")
	// ErrInvalid wraps every validation failure; nothing is written.
	ErrInvalid = errors.New("invalid")
	// ErrInUse is returned when a row cannot be removed because another
	// refers to it (a trunk used by a DID, a route or another trunk).
	ErrInUse = errors.New("in use")
)
