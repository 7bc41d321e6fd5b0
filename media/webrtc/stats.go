package webrtc

import (
	"sync"
	"time"

	"github.com/dialtone-pbx/dialtone/media/quality"
	"github.com/pion/rtcp"
)

// Stats are a session's figures, for CDRs and quality metrics.
type Stats struct {
	PacketsIn, PacketsOut uint64 // RTP packets received from / sent to the browser
	BytesIn, BytesOut     uint64 // RTP bytes (header and payload, before SRTP)
	Lost                  int64  // RFC 3550 A.3: expected - received from the browser, cumulative
	Jitter                time.Duration
	// What the browser reports about our stream in its RTCP report blocks
	// (RFC 3550 §6.4.1); zero until its first report.
	RemoteLost         int64
	RemoteFractionLost uint8 // fraction lost since its last report, /256
	RemoteJitter       time.Duration
	RTT                time.Duration // RFC 3550 §6.4.1: from LSR and DLSR
	RTCPIn             uint64        // RTCP report blocks about our stream
	LastPacket         time.Time     // last RTP from the browser
}

// inStats follows the browser's stream (RFC 3550 A.1, A.3, A.8).
type inStats struct {
	mu          sync.Mutex
	packets     uint64
	bytes       uint64
	started     bool
	ssrc        uint32
	baseSeq     uint32
	maxSeq      uint16
	cycles      uint32
	received    int64
	lostBefore  int64 // loss of earlier SSRCs
	jitter      *quality.Jitter
	jitterClock int
	last        time.Time
}

func (s *inStats) update(pkt []byte, now time.Time, clockOf func(pt uint8) int) {
	if len(pkt) < 12 {
		return
	}
	pt := pkt[1] & 0x7f
	seq := uint16(pkt[2])<<8 | uint16(pkt[3])
	ts := uint32(pkt[4])<<24 | uint32(pkt[5])<<16 | uint32(pkt[6])<<8 | uint32(pkt[7])
	ssrc := uint32(pkt[8])<<24 | uint32(pkt[9])<<16 | uint32(pkt[10])<<8 | uint32(pkt[11])
	s.mu.Lock()
	defer s.mu.Unlock()
	s.packets++
	s.bytes += uint64(len(pkt))
	s.last = now
	if !s.started || ssrc != s.ssrc {
		if s.started {
			s.lostBefore += s.lostLocked()
		}
		s.started, s.ssrc = true, ssrc
		s.baseSeq, s.maxSeq, s.cycles, s.received = uint32(seq), seq, 0, 0
		s.jitter = nil
	}
	s.received++
	if d := seq - s.maxSeq; d != 0 && d < 0x8000 {
		if seq < s.maxSeq {
			s.cycles += 1 << 16
		}
		s.maxSeq = seq
	}
	// Jitter only on the audio codec: telephone-event repeats timestamps.
	if c := clockOf(pt); c > 0 {
		if s.jitter == nil || s.jitterClock != c {
			s.jitter, s.jitterClock = quality.NewJitter(c), c
		}
		s.jitter.Update(ts, now)
	}
}

func (s *inStats) lostLocked() int64 {
	if !s.started {
		return 0
	}
	expected := int64(s.cycles+uint32(s.maxSeq)) - int64(s.baseSeq) + 1
	return expected - s.received
}

// remoteReport is the last report block about our stream.
type remoteReport struct {
	mu     sync.Mutex
	blocks uint64
	lost   int64
	frac   uint8
	jitter time.Duration
	rtt    time.Duration
}

// take reads the report blocks about ssrc in an RTCP compound packet.
func (r *remoteReport) take(pkts []rtcp.Packet, ssrc uint32, clock uint32, now time.Time) {
	for _, p := range pkts {
		var reports []rtcp.ReceptionReport
		switch p := p.(type) {
		case *rtcp.ReceiverReport:
			reports = p.Reports
		case *rtcp.SenderReport:
			reports = p.Reports
		default:
			continue
		}
		for _, rr := range reports {
			if rr.SSRC != ssrc {
				continue
			}
			r.mu.Lock()
			r.blocks++
			// 24-bit signed cumulative loss (RFC 3550 §6.4.1).
			lost := int64(rr.TotalLost & 0xffffff)
			if lost&0x800000 != 0 {
				lost -= 1 << 24
			}
			r.lost, r.frac = lost, rr.FractionLost
			if clock > 0 {
				r.jitter = time.Duration(float64(rr.Jitter) / float64(clock) * float64(time.Second))
			}
			if rr.LastSenderReport != 0 {
				// RTT = A - LSR - DLSR, in 1/65536 s (§6.4.1).
				a := ntpMiddle(now)
				if d := a - rr.LastSenderReport - rr.Delay; d < 1<<31 {
					r.rtt = time.Duration(uint64(d) * uint64(time.Second) >> 16)
				}
			}
			r.mu.Unlock()
		}
	}
}

// ntpMiddle is the middle 32 bits of the NTP timestamp of t (RFC 3550 §4).
func ntpMiddle(t time.Time) uint32 {
	const ntpEpochOffset = 2208988800 // seconds from 1900 to 1970
	secs := uint64(t.Unix()) + ntpEpochOffset
	frac := uint64(t.Nanosecond()) << 32 / uint64(time.Second)
	return uint32(secs<<16 | frac>>16)
}
