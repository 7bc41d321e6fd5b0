package quality

import "time"

// Jitter is the RFC 3550 interarrival jitter estimator (§6.4.1, A.8):
// J += (|D(i-1,i)| - J)/16, with D the difference of the transit times of
// consecutive packets in RTP timestamp units. The zero value is not
// usable; use NewJitter. Not safe for concurrent use.
type Jitter struct {
	rate    int
	started bool
	transit int64   // previous transit, in timestamp units
	jitter  float64 // in timestamp units
}

// NewJitter makes an estimator for a stream with the given RTP clock rate.
func NewJitter(clockRate int) *Jitter {
	return &Jitter{rate: clockRate}
}

// Update takes the RTP timestamp of a packet and when it arrived.
// Packets should be given in arrival order; a new stream (SSRC change,
// payload type with another clock) calls for Reset.
func (j *Jitter) Update(ts uint32, arrival time.Time) {
	// Arrival in timestamp units; only differences matter (A.8), so the
	// wrap of the 32-bit timestamp is undone by working modulo 2^32.
	arr := uint32(arrival.UnixNano() * int64(j.rate) / int64(time.Second))
	transit := int64(int32(arr - ts))
	if j.started {
		d := transit - j.transit
		if d < 0 {
			d = -d
		}
		j.jitter += (float64(d) - j.jitter) / 16
	}
	j.transit, j.started = transit, true
}

// Units is the jitter in RTP timestamp units, as an RTCP report block
// carries it (rounded there, §6.4.1).
func (j *Jitter) Units() float64 { return j.jitter }

// Duration is the jitter as a time.
func (j *Jitter) Duration() time.Duration {
	if j.rate == 0 {
		return 0
	}
	return time.Duration(j.jitter / float64(j.rate) * float64(time.Second))
}

// Reset starts over, for a new stream.
func (j *Jitter) Reset() { j.started, j.jitter, j.transit = false, 0, 0 }
