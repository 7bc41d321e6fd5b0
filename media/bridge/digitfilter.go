package bridge

import (
	"sync"
	"time"
)

// DigitFilter drops a digit that the call layer hears twice by two
// methods: a phone may send each key press both as RFC 4733 events and as
// SIP INFO, or as events with the tones left in the audio. A digit is
// dropped when it is the same key as the last one accepted, came by
// another method, and came within the longer of the two durations plus
// the slack (100 ms unless set) of it; the same method is never filtered
// (dtmf.Sequencer already drops repeated packets, so a repeat is a new
// key press). Safe for concurrent use; one per leg.
type DigitFilter struct {
	mu     sync.Mutex
	slack  time.Duration
	valid  bool
	digit  rune
	method string
	at     time.Time
	dur    time.Duration
}

// DefaultDigitSlack is the slack of a DigitFilter made with 0.
const DefaultDigitSlack = 100 * time.Millisecond

// NewDigitFilter makes a DigitFilter; slack 0 means DefaultDigitSlack.
func NewDigitFilter(slack time.Duration) *DigitFilter {
	if slack <= 0 {
		slack = DefaultDigitSlack
	}
	return &DigitFilter{slack: slack}
}

// Accept reports whether digit d, heard by method at now and lasting dur
// (0 if unknown), is new, and remembers it if so.
func (f *DigitFilter) Accept(d rune, method string, dur time.Duration, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.valid && d == f.digit && method != f.method {
		gap := now.Sub(f.at)
		if gap < 0 {
			gap = -gap
		}
		if gap <= max(dur, f.dur)+f.slack {
			return false
		}
	}
	f.valid, f.digit, f.method, f.at, f.dur = true, d, method, now, dur
	return true
}
