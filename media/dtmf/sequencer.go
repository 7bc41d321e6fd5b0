package dtmf

import "log/slog"

// Packet is what the Sequencer and Generate need of an RTP packet carrying
// telephone-event (RFC 3550 §5.1 header fields and the payload).
type Packet struct {
	Timestamp uint32
	Marker    bool
	Payload   []byte
}

// Digit is one digit received or detected.
type Digit struct {
	// Digit is the keypad character: 0–9, *, #, A–D.
	Digit rune
	// Start is the RTP timestamp of the event (RFC 4733 §2.3.1), or for the
	// in-band Detector the sample index where the tone began.
	Start uint32
	// Duration is in RTP timestamp units (samples for the Detector).
	Duration uint32
	// Ended is false when the digit was reported without its end packets
	// (they were lost and the next event, or Flush, closed it).
	Ended bool
}

// Sequencer turns a stream of telephone-event packets into digits, one per
// event: an event is known by its RTP timestamp (RFC 4733 §2.5.2.1), so
// the retransmitted end packets (§2.5.1.4) and any duplicate or late
// packet of an event already reported are dropped. A long event split into
// segments (§2.5.2.3: same code, new timestamp, no marker, the previous
// segment ended at its maximum duration) stays one digit. A digit is
// reported at its first end packet; if the end packets are all lost, at
// the start of the next event or at Flush.
//
// Not safe for concurrent use; one per incoming stream.
type Sequencer struct {
	log      *slog.Logger
	active   bool // an event is in progress and not reported
	cur      Digit
	curTS    uint32 // timestamp of the current segment
	last     uint32 // timestamp of the last event reported
	reported bool   // last is valid
	segEnd   bool   // the current segment ended at the maximum duration
}

// NewSequencer makes a Sequencer; log may be nil.
func NewSequencer(log *slog.Logger) *Sequencer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sequencer{log: log}
}

// Push takes one packet and appends to out the digits it completes (at
// most two: an unfinished previous event and this one).
func (s *Sequencer) Push(p Packet, out []Digit) []Digit {
	ev, err := ParseEvent(p.Payload)
	if err != nil {
		s.log.Debug("dtmf: bad telephone-event payload", "err", err)
		return out
	}
	d, err := EventDigit(ev.Code)
	if err != nil {
		return out // not a DTMF event (flash, tones): not a digit
	}
	if s.reported && p.Timestamp == s.last && !s.active {
		return out // retransmitted end, or a late packet of a reported event
	}
	if s.active && p.Timestamp != s.curTS {
		// A new segment of the same long event (§2.5.2.3)?
		if !p.Marker && d == s.cur.Digit && s.segEnd && int32(p.Timestamp-s.curTS) > 0 {
			s.curTS = p.Timestamp
		} else if s.reported && int32(p.Timestamp-s.last) <= 0 {
			return out // late packet of an old event
		} else {
			s.cur.Ended = false
			out = s.report(out)
		}
	}
	if !s.active {
		if s.reported && int32(p.Timestamp-s.last) < 0 {
			return out // late packet of an older event
		}
		s.active = true
		s.cur = Digit{Digit: d, Start: p.Timestamp}
		s.curTS = p.Timestamp
	}
	if total := uint32(s.curTS-s.cur.Start) + uint32(ev.Duration); total > s.cur.Duration {
		s.cur.Duration = total
	}
	s.segEnd = ev.Duration == 0xffff
	if ev.End {
		s.cur.Ended = true
		out = s.report(out)
	}
	return out
}

func (s *Sequencer) report(out []Digit) []Digit {
	s.active = false
	s.reported = true
	s.last = s.curTS
	return append(out, s.cur)
}

// Flush reports an event in progress whose end packets never came (call
// it when no event packet arrived for a while, or at the end of the call).
func (s *Sequencer) Flush(out []Digit) []Digit {
	if !s.active {
		return out
	}
	s.cur.Ended = false
	return s.report(out)
}
