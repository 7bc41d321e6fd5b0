package dtmf

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrShort means a telephone-event payload is shorter than 4 bytes.
	ErrShort = errors.New("dtmf: payload shorter than 4 bytes")
	// ErrDigit means a character or event code is not a DTMF digit.
	ErrDigit = errors.New("dtmf: not a DTMF digit")
	// ErrBody means a SIP INFO body could not be understood.
	ErrBody = errors.New("dtmf: bad INFO body")
)
