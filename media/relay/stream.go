package relay

import "encoding/binary"

// RFC 3550 A.1 constants.
const (
	maxDropout  = 3000
	maxMisorder = 100
	seqMod      = 1 << 16
)

// stream is the state of the RTP arriving on one leg: sequence accounting
// (RFC 3550 A.1, A.3), interarrival jitter (A.8) and the offsets that keep
// the stream the far side sees continuous when the source changes (§8.2).
// Only the worker that owns the link touches it.
type stream struct {
	active bool
	raw    bool // account only: the header must stay as it came (SRTP)

	// A.1 state of the current source.
	ssrc     uint32
	maxSeq   uint16
	cycles   uint32
	baseSeq  uint32
	badSeq   uint32
	received int64
	lostPrev int64 // loss of the sources seen before this one

	// A.8 state.
	transit     uint32
	haveTransit bool
	jitter      uint32 // ×16, in timestamp units
	lastPT      uint8

	// Continuity: the far side sees outSSRC and a sequence and timestamp
	// that continue across source changes.
	outSSRC     uint32
	seqOff      uint16
	tsOff       uint32
	prevSSRC    uint32 // the source before the last change, for its late packets
	prevSeqOff  uint16
	prevTSOff   uint32
	havePrev    bool
	lastOutSeq  uint16
	lastOutTS   uint32
	lastArrival int64 // mono ns of the newest packet
	markNext    bool
	changes     uint64
}

func (s *stream) initSeq(seq uint16) {
	s.baseSeq = uint32(seq)
	s.maxSeq = seq
	s.badSeq = seqMod + 1
	s.cycles = 0
	s.received = 0
}

// lost is the cumulative number of packets lost (A.3); it may be negative
// when duplicates arrive, as the RFC allows.
func (s *stream) lost() int64 {
	if !s.active {
		return 0
	}
	expected := int64(s.cycles) + int64(s.maxSeq) - int64(s.baseSeq) + 1
	return s.lostPrev + expected - s.received
}

// jitterTS is the interarrival jitter in timestamp units (A.8).
func (s *stream) jitterTS() uint32 { return s.jitter >> 4 }

// arrivalTS converts a monotonic arrival time to timestamp units.
func arrivalTS(monoNs int64, rate int) uint32 {
	return uint32(monoNs / 1000 * int64(rate) / 1_000_000)
}

// update accounts one RTP packet (header at b[:12], already checked by
// looksRTP) that arrived at monoNs, and rewrites its SSRC, sequence number,
// timestamp and marker in place so the far side sees one stream.
func (s *stream) update(b []byte, monoNs int64, rate int) {
	seq := binary.BigEndian.Uint16(b[2:])
	ts := binary.BigEndian.Uint32(b[4:])
	ssrc := binary.BigEndian.Uint32(b[8:])
	pt := b[1] & 0x7f

	counted := true
	switch {
	case !s.active:
		s.active = true
		s.ssrc, s.outSSRC = ssrc, ssrc
		s.initSeq(seq)
		s.lastOutSeq, s.lastOutTS = seq-1, ts
	case ssrc != s.ssrc:
		if s.havePrev && ssrc == s.prevSSRC {
			// A late packet of the source we left: same offsets as before,
			// no accounting, so it cannot flip the stream back.
			if !s.raw {
				s.rewrite(b, seq+s.prevSeqOff, ts+s.prevTSOff, false)
			}
			return
		}
		// A new source (re-INVITE, hold music, transfer): continue the
		// outgoing numbering where it stopped, advancing the timestamp by
		// the wall-clock gap, and mark the discontinuity (RFC 3551 §4.1).
		step := uint32((monoNs - s.lastArrival) / 1000 * int64(rate) / 1_000_000)
		if step == 0 {
			step = 1
		}
		s.prevSSRC, s.prevSeqOff, s.prevTSOff, s.havePrev = s.ssrc, s.seqOff, s.tsOff, true
		s.lostPrev = s.lost()
		s.ssrc = ssrc
		s.seqOff = s.lastOutSeq + 1 - seq
		s.tsOff = s.lastOutTS + step - ts
		s.initSeq(seq)
		s.haveTransit = false
		s.markNext = true
		s.changes++
	default:
		// A.1 update_seq, without probation: the relay counts from the first
		// packet.
		udelta := seq - s.maxSeq
		switch {
		case udelta < maxDropout:
			if seq < s.maxSeq {
				s.cycles += seqMod
			}
			s.maxSeq = seq
		case udelta <= seqMod-maxMisorder:
			if uint32(seq) == s.badSeq {
				// Two sequential packets after a big jump: the source
				// restarted its numbering. Keep its loss so far.
				s.lostPrev = s.lost()
				s.initSeq(seq)
			} else {
				s.badSeq = uint32(seq+1) & (seqMod - 1)
				counted = false // A.1: not valid until the next confirms it
			}
		default:
			// duplicate or reordered: counted, does not move maxSeq
		}
	}
	if counted {
		s.received++
	}

	// A.8 interarrival jitter; a payload type change (DTMF, comfort noise)
	// restarts it, since those timestamps do not follow the audio clock.
	transit := arrivalTS(monoNs, rate) - ts
	if s.haveTransit && pt == s.lastPT {
		d := int32(transit - s.transit)
		if d < 0 {
			d = -d
		}
		s.jitter += uint32(d) - ((s.jitter + 8) >> 4)
	}
	s.transit, s.haveTransit, s.lastPT = transit, true, pt
	s.lastArrival = monoNs

	outSeq, outTS := seq+s.seqOff, ts+s.tsOff
	if int16(outSeq-s.lastOutSeq) > 0 {
		s.lastOutSeq = outSeq
	}
	if int32(outTS-s.lastOutTS) > 0 {
		s.lastOutTS = outTS
	}
	if !s.raw && (s.ssrc != s.outSSRC || s.seqOff != 0 || s.tsOff != 0 || s.markNext) {
		s.rewrite(b, outSeq, outTS, s.markNext)
		s.markNext = false
	}
}

func (s *stream) rewrite(b []byte, seq uint16, ts uint32, mark bool) {
	if mark {
		b[1] |= 0x80
	}
	binary.BigEndian.PutUint16(b[2:], seq)
	binary.BigEndian.PutUint32(b[4:], ts)
	binary.BigEndian.PutUint32(b[8:], s.outSSRC)
}
