package relay

// Processor transforms the RTP one side's phone sends before it reaches the
// other side's phone (transcoding, payload-type mapping, DTMF interworking,
// recording taps, SRTP). It runs on the link's worker goroutine: it must not
// block, and should not allocate per packet.
type Processor interface {
	// Process gets one RTP packet p from the phone (after latching,
	// accounting and the continuity rewrite; p may be modified in place;
	// cap(p) may exceed len(p)). It hands every packet to send to the other
	// phone to emit (zero, one or several; emit copies, p may be reused as
	// the argument).
	//
	// emit is valid only during the call and on the calling goroutine.
	// Process must not close the link or its endpoints (Close waits for
	// the worker, which is running Process).
	Process(p []byte, emit func(pkt []byte))
}

// procHolder lets an interface value live behind an atomic pointer.
type procHolder struct{ p Processor }

// SetProcessor sets the processor of one direction of the link: from 0 is
// what the first endpoint's phone sends (a→b), 1 what b's sends (b→a); nil
// removes it. It is safe from any goroutine and takes effect with the next
// packet; a Process call that had started may still be running when it
// returns.
//
// While a direction has a processor, that direction's RTCP is read (loss,
// RTT of the sender's own leg, latching) but no longer forwarded: the far
// phone receives the processor's stream, which the sender's reports do not
// describe. RTCP in the other direction is still relayed. A muted direction
// (Mute) does not call its processor. Packets that fail RTP validation
// (RFC 3550 §5.1: CSRC list, extension, padding) are counted Invalid (not
// PacketsIn) and not processed.
func (l *Link) SetProcessor(from int, p Processor) {
	if from != 0 && from != 1 {
		return
	}
	if p == nil {
		l.proc[from].Store(nil)
		return
	}
	l.proc[from].Store(&procHolder{p: p})
}

// tapHandler is a Tap's handler as the processor of its only direction; it
// never emits.
type tapHandler func(pkt []byte)

func (h tapHandler) Process(p []byte, _ func([]byte)) { h(p) }
