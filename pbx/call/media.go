package call

import (
	"fmt"
	"slices"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/bridge"
	"github.com/dialtone-pbx/dialtone/media/dtmf"
	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// DefaultCodecs is the codec order offered when Options.Codecs is empty.
func DefaultCodecs() []string { return []string{"PCMU", "PCMA", "G722", "opus"} }

// DTMF methods as Digit.Method reports them.
const (
	MethodRFC4733 = "rfc4733"
	MethodInfo    = "info"
	MethodInband  = "inband"
)

// Digit is one DTMF digit a phone of a call sent, however it sent it.
type Digit struct {
	CallID   string        `json:"call_id"` // the call's id (State.ID)
	Leg      string        `json:"leg"`     // "a" (caller) or "b" (callee)
	Digit    string        `json:"digit"`   // 0-9, *, #, A-D
	Method   string        `json:"method"`  // rfc4733, info or inband
	At       time.Time     `json:"at"`      // when Dialtone saw it start (end for INFO)
	Duration time.Duration `json:"duration,omitempty"`
}

// maxDigits bounds the digits a call keeps for its live view.
const maxDigits = 64

// offerFor builds the offer for B-leg l from the caller's: the caller's
// codecs first, then those Dialtone can transcode to (media/bridge).
func (c *call) offerFor(l *leg) ([]byte, error) {
	if c.aOffer == nil {
		return nil, fmt.Errorf("%w: no offer", ErrBadSDP)
	}
	o, err := bridge.OfferFor(c.aOffer, c.prefs())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadSDP, err)
	}
	plainSession(o) // SDES keys and the SRTP profile of a trunk's offer stay on its leg
	l.offered = o
	return o.Marshal(), nil
}

func (c *call) prefs() bridge.Prefs {
	codecs := c.sw.opts.Codecs
	if len(codecs) == 0 {
		codecs = DefaultCodecs()
	}
	return bridge.Prefs{Codecs: codecs}
}

// answerFor decides both legs' media from B-leg l's answer and returns the
// answer the caller gets (before anchoring).
func (c *call) answerFor(l *leg, body []byte) ([]byte, *bridge.Plan, error) {
	ans, err := sdp.Parse(body)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrBadSDP, err)
	}
	if c.aOffer == nil || l.offered == nil {
		return nil, nil, fmt.Errorf("%w: no offer", ErrBadSDP)
	}
	if ans, err = c.fromWebRTC(l, body, ans); err != nil { // a browser's answer (webrtc.go)
		return nil, nil, err
	}
	if err := c.srtpAnswer(l, body); err != nil {
		return nil, nil, fmt.Errorf("%w: SRTP: %w", ErrBadSDP, err)
	}
	aOffer := c.aOffer
	if c.trunk != "" {
		// A trunk's SRTP offer is answered with our own keys below; the
		// plan is made on its plain form.
		aOffer = c.aOffer.Clone()
		plainSession(aOffer)
	}
	aAns, plan, err := bridge.Answer(aOffer, l.offered, ans, c.prefs())
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrBadSDP, err)
	}
	plainSession(aAns)
	out := aAns.Marshal()
	if c.trunk != "" {
		if out, err = c.srtpInbound(out); err != nil {
			return nil, nil, fmt.Errorf("%w: SRTP: %w", ErrBadSDP, err)
		}
	}
	return out, &plan, nil
}

// restrictFor rewrites a later offer or answer (re-INVITE, UPDATE) that
// goes to leg l so it names only l's negotiated codec and payload types.
func (c *call) restrictFor(l *leg, body []byte) []byte {
	if c.plan == nil {
		return body
	}
	s, err := sdp.Parse(body)
	if err != nil {
		return body // anchorSDP reports it
	}
	return bridge.Restrict(s, c.legMedia(l)).Marshal()
}

// legMedia is what leg l negotiated.
func (c *call) legMedia(l *leg) bridge.LegMedia {
	if l == c.a {
		return c.plan.A
	}
	return c.plan.B
}

// side is l's index in the link: 0 for the caller, 1 for the callee.
func (c *call) sideOf(l *leg) int {
	if l == c.a {
		return 0
	}
	return 1
}

// setupProcessors puts a processor on each direction of the link that
// needs one: transcoding or payload-type mapping, DTMF interworking (a leg
// with telephone-event facing one without), in-band detection on a G.711
// leg that sends no telephone-event, and recording taps. Directions that
// need none stay on the relay's byte-for-byte path.
func (c *call) setupProcessors() {
	c.procs = [2]*bridge.Processor{}
	if c.plan == nil || c.link == nil {
		return
	}
	legs := [2]bridge.LegMedia{c.plan.A, c.plan.B}
	for from := range 2 {
		src, dst := legs[from], legs[1-from]
		inband := src.DTMFPT == 0 && isG711(src.Name)
		tap := c.tapFor(from)
		need := bridge.NeedsProcessor(src, dst) || (dst.DTMFPT != 0 && src.DTMFPT == 0) || inband || tap != nil || c.inject[from]
		secure := c.srtp[from] != nil || c.srtp[1-from] != nil
		if r, ok := c.link.(interface{ SetRaw(int, bool) }); ok {
			// SRTP authenticates the header: the relay must not renumber it
			// before the processor has decrypted it.
			r.SetRaw(from, c.srtp[from] != nil)
		}
		if !need && !secure {
			c.link.SetProcessor(from, nil)
			continue
		}
		var p *bridge.Processor
		if need {
			var err error
			p, err = bridge.NewProcessor(src, dst, bridge.Options{
				Logger:       c.log,
				OnDigit:      c.digitSink(from, src),
				InbandDetect: inband,
				Tap:          tap,
			})
			if err != nil {
				c.log.Warn("media processor not set up; relaying as is", "from", from, "err", err)
				p = nil
			}
		}
		c.procs[from] = p
		w, err := c.srtpWrap(from, p)
		if err != nil {
			c.log.Warn("SRTP not set up; this direction is dropped", "from", from, "err", err)
			c.link.Mute(from == 0, from == 1)
			continue
		}
		if w == nil {
			c.link.SetProcessor(from, nil)
			continue
		}
		c.link.SetProcessor(from, w)
	}
}

func isG711(name string) bool {
	return name == "PCMU" || name == "PCMA"
}

// digitSink is a processor's OnDigit for digits of the leg on side from:
// it runs on the relay worker, so it only queues an event for the call.
func (c *call) digitSink(from int, src bridge.LegMedia) func(dtmf.Digit, string) {
	clock := src.DTMFClock // RFC 4733 durations count the event's RTP clock
	return func(d dtmf.Digit, method string) {
		hz := clock
		if method == MethodInband || hz <= 0 {
			hz = 8000 // the detector counts 8 kHz samples
		}
		dur := time.Duration(d.Duration) * time.Second / time.Duration(hz)
		c.post(event{kind: evDigit, digit: digitEvent{side: from, digit: d.Digit, method: method, dur: dur}})
	}
}

// digitEvent is a digit reported to the call's goroutine.
type digitEvent struct {
	side   int
	digit  rune
	method string
	dur    time.Duration
}

// onDigit records a digit of one leg, reports it, and passes it on to the
// other leg in the way that leg understands: RFC 4733 is relayed or
// injected by the media path, so only a leg without telephone-event gets
// a SIP INFO (application/dtmf-relay).
func (c *call) onDigit(e digitEvent) {
	if c.phase != phaseAnswered || (c.winner == nil && c.conf == nil) {
		return
	}
	f := &c.digitFilter[e.side]
	if *f == nil {
		*f = bridge.NewDigitFilter(0)
	}
	now := c.sw.now()
	if !(*f).Accept(e.digit, e.method, e.dur, now) {
		return // the same key press by another method
	}
	x := c.a
	if e.side == 1 {
		x = c.winner
	}
	d := Digit{CallID: c.id, Leg: x.role, Digit: string(e.digit), Method: e.method, At: now, Duration: e.dur}
	if len(c.digits) < maxDigits {
		c.digits = append(c.digits, d)
	}
	c.log.Info("DTMF", "leg", d.Leg, "digit", d.Digit, "method", d.Method)
	if f := c.sw.opts.OnDigit; f != nil {
		f(d)
	}
	if e.method == MethodInfo || c.plan == nil {
		return // INFO was relayed or injected where it arrived
	}
	y := c.other(x)
	switch {
	case y == nil:
	case c.legMedia(y).DTMFPT == 0:
		c.sendInfoDigit(y, e.digit, e.dur)
	case e.method == MethodInband && c.procs[e.side] != nil:
		// Tones in the audio become events too, for a phone or an
		// application that listens for RFC 4733 only.
		if err := c.procs[e.side].SendDigit(e.digit, e.dur); err != nil {
			c.log.Info("in-band digit not sent as RFC 4733", "err", err)
		}
	}
	// RFC 4733 from x reached y through the media path already.
}

// sendInfoDigit sends one digit to leg y as SIP INFO (application/dtmf-relay,
// the form phones of every make accept).
func (c *call) sendInfoDigit(y *leg, digit rune, dur time.Duration) {
	if y == nil || y.state != legConfirmed {
		return
	}
	ms := dur.Milliseconds()
	if ms <= 0 {
		ms = 160
	}
	body, err := dtmf.FormatRelay(dtmf.Info{Digit: digit, Duration: time.Duration(ms) * time.Millisecond})
	if err != nil {
		c.log.Debug("digit not sent as INFO", "digit", string(digit), "err", err)
		return
	}
	req := y.next(sip.INFO)
	ctype := sip.ContentTypeHeader("application/dtmf-relay")
	req.AppendHeader(&ctype)
	req.SetBody(body)
	if _, err := c.start(y, req, txInfo); err != nil {
		c.log.Info("DTMF INFO not sent", "leg", y.role, "err", err)
	}
}

// infoDigit handles a DTMF INFO from leg x: the digit is reported, and
// when the other leg takes telephone-event it is injected there as RFC 4733
// and the INFO answered here. ok is false when the INFO is not DTMF or must
// be relayed as it is.
func (c *call) infoDigit(x *leg, req Request) (ok bool) {
	m := req.SIP()
	ct := m.ContentType()
	if ct == nil || c.phase != phaseAnswered {
		return false
	}
	info, err := dtmf.ParseInfo(string(*ct), m.Body())
	if err != nil {
		return false
	}
	side := c.sideOf(x)
	c.onDigit(digitEvent{side: side, digit: info.Digit, method: MethodInfo, dur: info.Duration})
	y := c.other(x)
	if c.plan == nil || y == nil || c.link == nil || c.legMedia(y).DTMFPT == 0 {
		return false // relayed as INFO
	}
	if c.procs[side] == nil {
		// A direction on the byte-for-byte path gets a processor the
		// first time it has a digit to inject.
		c.inject[side] = true
		c.setupProcessors()
		if c.procs[side] == nil {
			return false
		}
	}
	if err := c.procs[side].SendDigit(info.Digit, info.Duration); err != nil {
		c.log.Info("DTMF not injected", "err", err)
		return false
	}
	_ = req.Respond(200, "OK")
	return true
}

// codecName names a leg's negotiated codec for CDRs and the live view.
func codecName(m bridge.LegMedia) string {
	if m.Codec != nil {
		return m.Codec.Format().Name
	}
	return m.Name
}

// digitsCopy is the call's digits for its published state.
func (c *call) digitsCopy() []Digit { return slices.Clone(c.digits) }
