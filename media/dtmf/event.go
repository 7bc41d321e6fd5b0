package dtmf

import (
	"encoding/binary"
	"fmt"
)

// Event is one RFC 4733 telephone-event payload (§2.3):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	|     event     |E|R| volume    |          duration             |
type Event struct {
	// Code is the event code; 0–15 are the DTMF digits (§3.2).
	Code uint8
	// End is the E bit: the last packets of the event (§2.3.3).
	End bool
	// Volume is the power level in -dBm0, 0–63 (§2.3.4).
	Volume uint8
	// Duration is in RTP timestamp units from the event's start (§2.3.5).
	Duration uint16
}

// PayloadLen is the size of one event payload.
const PayloadLen = 4

// ParseEvent decodes the first event of a payload. Further events (a
// redundant block, §2.4 of RFC 4733 with RFC 2198) are ignored; the R bit
// is ignored as §2.3.2 asks.
func ParseEvent(p []byte) (Event, error) {
	if len(p) < PayloadLen {
		return Event{}, fmt.Errorf("%d bytes: %w", len(p), ErrShort)
	}
	return Event{
		Code:     p[0],
		End:      p[1]&0x80 != 0,
		Volume:   p[1] & 0x3f,
		Duration: binary.BigEndian.Uint16(p[2:4]),
	}, nil
}

// Append appends the 4-byte payload of e to b.
func (e Event) Append(b []byte) []byte {
	f := e.Volume & 0x3f
	if e.End {
		f |= 0x80
	}
	return append(b, e.Code, f, byte(e.Duration>>8), byte(e.Duration))
}

// EventDigit gives the keypad character of a DTMF event code (RFC 4733 §3.2:
// 0–9, * = 10, # = 11, A–D = 12–15).
func EventDigit(code uint8) (rune, error) {
	switch {
	case code <= 9:
		return rune('0' + code), nil
	case code == 10:
		return '*', nil
	case code == 11:
		return '#', nil
	case code <= 15:
		return rune('A' + code - 12), nil
	}
	return 0, fmt.Errorf("event code %d: %w", code, ErrDigit)
}

// EventCode gives the RFC 4733 event code of a keypad character (a–d accepted
// as A–D).
func EventCode(d rune) (uint8, error) {
	switch {
	case d >= '0' && d <= '9':
		return uint8(d - '0'), nil
	case d == '*':
		return 10, nil
	case d == '#':
		return 11, nil
	case d >= 'A' && d <= 'D':
		return uint8(d-'A') + 12, nil
	case d >= 'a' && d <= 'd':
		return uint8(d-'a') + 12, nil
	}
	return 0, fmt.Errorf("%q: %w", d, ErrDigit)
}
