package cdr

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// NewID returns a UUID version 7 (RFC 9562 §5.7) for a call that started
// at t (now, when t is zero): 48 bits of Unix milliseconds, then 12 bits of
// sub-millisecond fraction in rand_a (RFC 9562 §6.2, method 3) so ids made
// in one millisecond still sort by time, then 62 random bits from
// crypto/rand. Ids sort as strings in start order to within ~250 ns.
func NewID(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	ms := max(t.UnixMilli(), 0)
	frac := uint64(t.Nanosecond()%int(time.Millisecond)) * 4096 / uint64(time.Millisecond)

	var b [16]byte
	b[0] = byte(ms >> 40)
	b[1] = byte(ms >> 32)
	b[2] = byte(ms >> 24)
	b[3] = byte(ms >> 16)
	b[4] = byte(ms >> 8)
	b[5] = byte(ms)
	b[6] = 0x70 | byte(frac>>8) // version 7
	b[7] = byte(frac)
	_, _ = rand.Read(b[8:]) // never fails: crypto/rand aborts the program instead
	b[8] = b[8]&0x3f | 0x80 // variant 10

	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}
