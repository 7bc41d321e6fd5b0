package dialplan

import "errors"

// Why a dialled string is not a number. Normalize wraps exactly one of
// these; Route turns them into decisions.
var (
	// ErrEmpty means nothing dialable was left: "", "sip:pbx.example" (no
	// user part), "+" alone, or only visual separators.
	ErrEmpty = errors.New("dialplan: no digits dialled")
	// ErrNotDialable means a character other than 0-9, '*', '#', a leading
	// '+' or a visual separator, or a malformed %-escape.
	ErrNotDialable = errors.New("dialplan: not a dialable number")
	// ErrTooLong means more than MaxLen characters after normalisation.
	ErrTooLong = errors.New("dialplan: number too long")
)
