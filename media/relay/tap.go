package relay

import "time"

// Tap terminates an endpoint: what its phone sends goes to a handler instead
// of another phone (a conference participant, a prompt playing to a caller,
// a recorder). It is a Link with one side; replies go out with
// Endpoint.Send.
type Tap struct{ l *Link }

// Attach delivers what ep's phone sends to h instead of relaying it; it
// returns a Tap, which has the same lifecycle and figures as a Link with one
// side. A previous Link/Tap of ep is closed first (as Bridge does); Bridge
// on ep later closes the Tap. h runs on the worker with a valid RTP packet
// (RFC 3550 §5.1) after latching and accounting; it must copy what it keeps,
// not block, and not close the Tap or ep. RTCP from the phone is counted and
// read (latching, RTCPIn) but goes nowhere. With a nil or closed ep the Tap
// comes back closed; a nil h drops the packets.
func Attach(ep *Endpoint, h func(pkt []byte)) *Tap {
	l := newLink(ep, nil)
	if h == nil {
		h = func([]byte) {}
	}
	l.proc[0].Store(&procHolder{p: tapHandler(h)})
	if ep == nil {
		l.closeNow()
		return &Tap{l: l}
	}
	return &Tap{l: l.start()}
}

// Stats returns the figures of the phone's leg. RTT stays 0: the relay
// sends the phone no SR for its reports to answer.
func (t *Tap) Stats() LegStats { return t.l.legStats(0) }

// Inactive is closed when no RTP arrived from the phone for the inactivity
// timeout, counted from the last packet or from Attach.
func (t *Tap) Inactive() <-chan struct{} { return t.l.Inactive() }

// Done is closed when the Tap is closed (by Close, by Endpoint.Close, or by
// a new Bridge or Attach of its endpoint).
func (t *Tap) Done() <-chan struct{} { return t.l.Done() }

// SetClockRate sets the RTP clock rate used for jitter.
func (t *Tap) SetClockRate(hz int) { t.l.SetClockRate(hz) }

// SetInactivityTimeout changes the inactivity timeout; d <= 0 is ignored.
func (t *Tap) SetInactivityTimeout(d time.Duration) { t.l.SetInactivityTimeout(d) }

// Close stops delivering and waits until the worker no longer runs the
// handler or touches the endpoint's sockets. The endpoint stays allocated.
func (t *Tap) Close() error { return t.l.Close() }
