package call

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/relay"
	"github.com/dialtone-pbx/dialtone/media/sdp"
	"github.com/dialtone-pbx/dialtone/media/webrtc"
	"github.com/dialtone-pbx/dialtone/pbx/cdr"
	"github.com/dialtone-pbx/dialtone/pbx/registrar"
)

// WebRTC is what call control needs from the WebRTC media endpoint
// (media/webrtc's Engine, adapted by WebRTCEngine): a browser's leg is a
// session of it instead of a relay endpoint.
type WebRTC interface {
	// Answer takes a browser's offer and returns the session and our answer.
	Answer(ctx context.Context, offer []byte) (WebRTCSession, []byte, error)
	// Offer returns a new session and our offer, for a call to a browser.
	Offer(ctx context.Context) (WebRTCSession, []byte, error)
	// Port is the UDP port every session uses (shown as the leg's port).
	Port() uint16
}

// WebRTCSession is one browser's audio (*webrtc.Session satisfies it).
type WebRTCSession interface {
	SetAnswer(answer []byte) error
	Reoffer(ctx context.Context, offer []byte) ([]byte, error)
	Codec() (name string, pt uint8, clockRate int, dtmfPT uint8)
	OnRTP(h func(pkt []byte))
	WriteRTP(pkt []byte) error
	State() string
	Done() <-chan struct{}
	Stats() webrtc.Stats
	Close() error
}

// WebRTCEngine adapts a media/webrtc Engine to WebRTC.
func WebRTCEngine(e *webrtc.Engine) WebRTC { return webrtcEngine{e} }

type webrtcEngine struct{ e *webrtc.Engine }

func (w webrtcEngine) Answer(ctx context.Context, offer []byte) (WebRTCSession, []byte, error) {
	s, ans, err := w.e.Answer(ctx, offer)
	if err != nil {
		return nil, nil, err
	}
	return s, ans, nil
}

func (w webrtcEngine) Offer(ctx context.Context) (WebRTCSession, []byte, error) {
	s, off, err := w.e.Offer(ctx)
	if err != nil {
		return nil, nil, err
	}
	return s, off, nil
}

func (w webrtcEngine) Port() uint16 { return w.e.Addr().Port() }

// negotiateTimeout bounds one WebRTC offer/answer (candidate gathering is
// local: one host candidate, so this is only a safety net).
const negotiateTimeout = 5 * time.Second

// webrtcEndpoint is a browser's leg seen as an Endpoint: what is sent to
// it goes out SRTP-encrypted through the session (music on hold, prompts),
// and closing it ends the session.
type webrtcEndpoint struct {
	s    WebRTCSession
	port uint16
	// answered is the browser's answer once applied (we offered), so that a
	// 183 and a 200 with the same SDP apply it once.
	answered []byte
}

func (e *webrtcEndpoint) Port() uint16             { return e.port }
func (e *webrtcEndpoint) SetRemote(netip.AddrPort) {} // ICE finds the path
func (e *webrtcEndpoint) Latched() netip.AddrPort  { return netip.AddrPort{} }
func (e *webrtcEndpoint) Send(pkt []byte) error    { return e.s.WriteRTP(pkt) }
func (e *webrtcEndpoint) Close() error             { return e.s.Close() }
func (e *webrtcEndpoint) String() string           { return "webrtc session" }

// webrtcOf is l's browser session, or nil for a phone's leg.
func webrtcOf(l *leg) *webrtcEndpoint {
	if l == nil {
		return nil
	}
	return asWebRTC(l.ep)
}

func asWebRTC(ep Endpoint) *webrtcEndpoint {
	w, _ := ep.(*webrtcEndpoint)
	return w
}

// isWebRTCOffer reports whether an offer comes from a WebRTC peer: its
// audio is DTLS-SRTP (RFC 5764 §8: UDP/TLS/RTP/SAVP(F)) or it carries a
// DTLS fingerprint (RFC 8122).
func isWebRTCOffer(s *sdp.Session) bool {
	if s == nil {
		return false
	}
	i := audioIndex(s)
	if i < 0 {
		return false
	}
	m := s.Media[i]
	if strings.Contains(strings.ToUpper(m.Proto), "TLS") {
		return true
	}
	if _, ok := m.Attr("fingerprint"); ok {
		return true
	}
	return slices.ContainsFunc(s.Attributes, func(a sdp.Attribute) bool { return a.Key == "fingerprint" })
}

// isWebRTCContact reports whether a registered phone is a browser: it
// registered over SIP over WebSocket (RFC 7118), by its flow or by the
// transport its Contact names.
func isWebRTCContact(ct registrar.Contact) bool {
	switch strings.ToLower(ct.Transport) {
	case "ws", "wss":
		return true
	}
	u, ok := uriOf(ct.URI)
	if !ok || u.UriParams == nil {
		return false
	}
	t, _ := u.UriParams.Get("transport")
	return strings.EqualFold(t, "ws") || strings.EqualFold(t, "wss")
}

// plainAudio turns a WebRTC description into the plain RTP one desk phones
// and media/bridge understand (RFC 3551 RTP/AVP): the first audio section
// with only codecs (those keep, in order; all when keep is nil), ptime and
// direction; no ICE, DTLS, BUNDLE, rtcp-fb, extmap or ssrc lines; the
// other sections refused. The addresses are placeholders: anchoring puts
// ours in.
func plainAudio(s *sdp.Session, keep []uint8) (*sdp.Session, error) {
	i := audioIndex(s)
	if i < 0 {
		return nil, fmt.Errorf("%w: no audio stream", ErrBadSDP)
	}
	out := s.Clone()
	out.Attributes = nil
	out.Fields = slices.DeleteFunc(out.Fields, func(f sdp.Field) bool { return f.Type != 't' })
	if !slices.ContainsFunc(out.Fields, func(f sdp.Field) bool { return f.Type == 't' }) {
		out.Fields = append(out.Fields, sdp.Field{Type: 't', Value: "0 0"})
	}
	out.Connection = &sdp.Connection{NetType: "IN", AddrType: "IP4", Address: "0.0.0.0"}
	for j, m := range out.Media {
		if j != i {
			m.Port = 0
			continue
		}
		codecs := m.Codecs()
		if keep != nil {
			codecs = slices.DeleteFunc(codecs, func(c sdp.Codec) bool { return !slices.Contains(keep, c.PT) })
			slices.SortStableFunc(codecs, func(a, b sdp.Codec) int {
				return slices.Index(keep, a.PT) - slices.Index(keep, b.PT)
			})
		}
		if len(codecs) == 0 {
			return nil, fmt.Errorf("%w: no audio codec", ErrBadSDP)
		}
		dir := m.Direction()
		m.Proto = "RTP/AVP"
		m.Connection = nil
		m.Fields = nil
		m.Attributes = slices.DeleteFunc(m.Attributes, func(a sdp.Attribute) bool {
			return a.Key != "ptime" && a.Key != "maxptime"
		})
		m.SetCodecs(codecs)
		if dir != "" {
			m.SetDirection(dir)
		}
	}
	return out, nil
}

// browserDTMF is the telephone-event payload type a browser sends its
// keys with: Chromium uses telephone-event/8000 whenever it is negotiated,
// also with Opus (RFC 4733 §2.1 would have the codec's 48 kHz clock), so
// the 8 kHz one of our answer, else dtmfPT.
func browserDTMF(answer []byte, dtmfPT uint8) uint8 {
	s, err := sdp.Parse(answer)
	if err != nil {
		return dtmfPT
	}
	i := audioIndex(s)
	if i < 0 {
		return dtmfPT
	}
	for _, k := range s.Media[i].Codecs() {
		if strings.EqualFold(k.Name, "telephone-event") && k.Rate == 8000 {
			return k.PT
		}
	}
	return dtmfPT
}

// answerWebRTC answers a browser's offer on the caller's leg with a WebRTC
// session (our answer goes in the 200) and makes the plain RTP offer the
// callee's phones get from the session's codec. It answers the caller
// itself and returns false when that fails.
func (c *call) answerWebRTC(body []byte) bool {
	eng := c.sw.opts.WebRTC
	if eng == nil {
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem,
			sip.NewHeader("Warning", `399 dialtone "WebRTC is not enabled"`))
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), negotiateTimeout)
	defer cancel()
	s, answer, err := eng.Answer(ctx, body)
	if err != nil {
		c.log.Info("browser's offer refused", "err", err)
		code, reason, r := 488, "Not Acceptable Here", cdr.ReasonMediaError
		if !errors.Is(err, webrtc.ErrNoAudio) && !errors.Is(err, webrtc.ErrSDP) {
			code, reason = 503, "Service Unavailable"
		}
		c.fail(code, reason, r, cdr.SideSystem)
		return false
	}
	_, pt, _, dtmfPT := s.Codec()
	keep := []uint8{pt}
	if te := browserDTMF(answer, dtmfPT); te != 0 {
		keep = append(keep, te)
	}
	plain, err := plainAudio(c.aOffer, keep)
	if err != nil {
		_ = s.Close()
		c.log.Info("browser's offer has no plain equivalent", "err", err)
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem)
		return false
	}
	c.aOffer = plain
	w := &webrtcEndpoint{s: s, port: eng.Port()}
	c.a.ep = w
	c.a.sentSDP = answer
	c.watchWebRTC(c.a, w)
	name, _, rate, _ := s.Codec()
	c.log.Info("browser call: WebRTC session answered", "codec", name, "clock", rate)
	return true
}

// forkWebRTC sends the INVITE of a B-leg to a browser: our WebRTC offer
// instead of the caller's SDP re-anchored. It mirrors fork's request.
func (c *call) forkWebRTC(l *leg, inv *sip.Request) bool {
	ctx, cancel := context.WithTimeout(context.Background(), negotiateTimeout)
	defer cancel()
	s, offer, err := c.sw.opts.WebRTC.Offer(ctx)
	if err != nil {
		c.log.Warn("no WebRTC session for a browser fork", "contact", l.contact, "err", err)
		return false
	}
	parsed, err := sdp.Parse(offer)
	if err == nil {
		l.offered, err = plainAudio(parsed, nil)
	}
	if err != nil {
		_ = s.Close()
		c.log.Warn("our WebRTC offer is unusable", "err", err)
		return false
	}
	w := &webrtcEndpoint{s: s, port: c.sw.opts.WebRTC.Port()}
	l.ep = w
	l.sentSDP = offer
	c.watchWebRTC(l, w)
	c.sendFork(l, inv)
	return true
}

// fromWebRTC applies a browser's answer to our offer (once, however many
// responses carry it) and returns it as plain RTP for media/bridge. ans is
// returned as is for other legs.
func (c *call) fromWebRTC(l *leg, body []byte, ans *sdp.Session) (*sdp.Session, error) {
	w := webrtcOf(l)
	if w == nil || l == c.a {
		return ans, nil
	}
	if w.answered == nil {
		if err := w.s.SetAnswer(body); err != nil {
			return nil, fmt.Errorf("%w: browser's answer: %w", ErrBadSDP, err)
		}
		w.answered = slices.Clone(body)
	}
	return plainAudio(ans, nil)
}

// callerSDP is the SDP of our 2xx to the caller: our WebRTC answer for a
// browser, else the answer anchored on the caller's endpoint.
func (c *call) callerSDP(aBody []byte, port uint16) ([]byte, error) {
	if webrtcOf(c.a) != nil {
		return c.a.sentSDP, nil
	}
	return anchorSDP(aBody, c.a.mediaHost, port, &c.a.origin)
}

// hasWebRTC reports whether the caller or leg l is a browser (no early
// media then: a browser's description is applied once, with the 2xx).
func (c *call) hasWebRTC(l *leg) bool { return webrtcOf(c.a) != nil || webrtcOf(l) != nil }

// mediaBridge links a and b: a relay link between two relay endpoints, or
// a webrtcLink when either is a browser's session.
func (c *call) mediaBridge(a, b Endpoint) (Link, error) {
	wa, wb := asWebRTC(a), asWebRTC(b)
	if wa == nil && wb == nil {
		return c.sw.media.Bridge(a, b)
	}
	k := &webrtcLink{eps: [2]Endpoint{a, b}, log: c.log}
	for side, w := range []*webrtcEndpoint{wa, wb} {
		if w != nil {
			k.sess[side] = w
			continue
		}
		term, ok := c.sw.media.(Terminator)
		if !ok {
			k.close()
			return nil, fmt.Errorf("%w: the relay cannot terminate an endpoint", ErrNoMedia)
		}
		from := side
		tap, err := term.Attach(k.eps[side], func(pkt []byte) { k.deliver(from, pkt) })
		if err != nil {
			k.close()
			return nil, err
		}
		k.tap[side] = tap
		if c.plan != nil {
			if ct, ok := tap.(interface{ SetClockRate(int) }); ok {
				m := c.plan.A
				if side == 1 {
					m = c.plan.B
				}
				if m.ClockRate > 0 {
					ct.SetClockRate(m.ClockRate)
				}
			}
		}
	}
	for side, w := range k.sess {
		if w != nil {
			from := side
			w.s.OnRTP(func(pkt []byte) { k.deliver(from, pkt) })
		}
	}
	return k, nil
}

// webrtcLink relays between a browser's session and a relay endpoint (or
// another browser): the relay endpoint is terminated on a tap (as a
// conference participant is), the session's packets come from OnRTP, and
// each direction goes through the call's processor (transcoding, payload
// types, DTMF) into the other side's Send. It is the call's Link.
type webrtcLink struct {
	log   *slog.Logger
	eps   [2]Endpoint
	sess  [2]*webrtcEndpoint // the browser sides
	tap   [2]Tap             // the relay sides
	procs [2]atomic.Pointer[procBox]
	mute  [2]atomic.Bool
	once  sync.Once
	// sendErrs counts failed sends per destination side, logged once.
	sendErrs [2]atomic.Uint64
}

type procBox struct{ p relay.Processor }

// deliver takes a packet from side from (on the relay worker or the
// session's read loop; one goroutine per side) to the other side.
func (k *webrtcLink) deliver(from int, pkt []byte) {
	if k.mute[from].Load() {
		return
	}
	to := 1 - from
	emit := func(b []byte) {
		if err := k.eps[to].Send(b); err != nil && k.sendErrs[to].Add(1) == 1 {
			k.log.Debug("webrtc link: packet not sent", "to_side", to, "err", err)
		}
	}
	if b := k.procs[from].Load(); b != nil && b.p != nil {
		b.p.Process(pkt, emit)
		return
	}
	emit(pkt)
}

// Stats gives each side's figures: the relay's for a phone, the
// session's (RFC 3550 loss and jitter of the browser's stream, RTT from
// its reports) for a browser.
func (k *webrtcLink) Stats() (a, b relay.LegStats) {
	var out [2]relay.LegStats
	for side := range 2 {
		switch {
		case k.sess[side] != nil:
			st := k.sess[side].s.Stats()
			out[side] = relay.LegStats{
				PacketsIn: st.PacketsIn, PacketsOut: st.PacketsOut, BytesIn: st.BytesIn, BytesOut: st.BytesOut,
				RTCPIn: st.RTCPIn, Lost: st.Lost, Jitter: st.Jitter, RTT: st.RTT, LastPacket: st.LastPacket,
			}
		case k.tap[side] != nil:
			out[side] = k.tap[side].Stats()
		}
	}
	return out[0], out[1]
}

// Inactive is the relay side's inactivity; a browser's silence is caught
// by ICE consent (the session ends, see watchWebRTC).
func (k *webrtcLink) Inactive() <-chan struct{} {
	for _, t := range k.tap {
		if t != nil {
			return t.Inactive()
		}
	}
	return nil
}

// SetInactivityTimeout stretches the relay side's timeout while on hold.
func (k *webrtcLink) SetInactivityTimeout(d time.Duration) {
	for _, t := range k.tap {
		if st, ok := t.(interface{ SetInactivityTimeout(time.Duration) }); ok {
			st.SetInactivityTimeout(d)
		}
	}
}

func (k *webrtcLink) SetProcessor(from int, p relay.Processor) {
	if from < 0 || from > 1 {
		return
	}
	k.procs[from].Store(&procBox{p: p})
}

func (k *webrtcLink) Mute(fromA, fromB bool) {
	k.mute[0].Store(fromA)
	k.mute[1].Store(fromB)
}

// Close stops both directions; the endpoints stay (the call closes them).
func (k *webrtcLink) Close() error {
	k.close()
	return nil
}

func (k *webrtcLink) close() {
	k.once.Do(func() {
		for side := range 2 {
			if k.sess[side] != nil {
				k.sess[side].s.OnRTP(nil)
			}
			if k.tap[side] != nil {
				_ = k.tap[side].Close()
			}
		}
	})
}

func (k *webrtcLink) String() string { return "webrtc link" }

// watchWebRTC ends the call when leg l's browser is gone: ICE consent lost
// (RFC 7675 §5.1, nothing heard for the consent timeout) or DTLS closed
// by the browser (a reload, a closed tab). The goroutine ends with the
// session, which the call always closes.
func (c *call) watchWebRTC(l *leg, w *webrtcEndpoint) {
	go func() {
		<-w.s.Done()
		c.post(event{kind: evFunc, fn: func() { c.webrtcGone(l, w) }})
	}()
}

func (c *call) webrtcGone(l *leg, w *webrtcEndpoint) {
	if l.ep != w || c.phase == phaseEnded {
		return // closed by us, or the call is over
	}
	reason, side := cdr.ReasonNormal, cdr.SideCallee
	if l == c.a {
		side = cdr.SideCaller
	}
	if w.s.State() == "failed" {
		reason, side = cdr.ReasonRTPTimeout, cdr.SideSystem
	}
	switch {
	case c.phase == phaseAnswered && (l == c.a || l == c.winner):
		c.log.Info("browser's media gone; hanging up", "leg", l.role, "reason", reason.String())
		c.hangup(reason, side)
	case l == c.a:
		c.log.Info("browser's media gone before the answer", "reason", reason.String())
		c.fail(480, "Temporarily Unavailable", reason, side)
	}
}

// webrtcReoffer answers a new offer mid-call (re-INVITE or UPDATE) when a
// browser is on either side; it reports false when neither is. A browser's
// offer (hold, resume, ICE restart, RFC 8445 §9) is answered by its
// session; a phone's offer towards a browser is answered here with our
// last SDP (the browser is not renegotiated: its session keeps running).
// With music on hold configured, a hold plays the music to the other side
// as hold.go does; without, a browser's hold is passed to the phone.
func (c *call) webrtcReoffer(x *leg, body []byte, info sdpInfo, ok func([]byte), refuse func()) bool {
	y := c.other(x)
	wx, wy := webrtcOf(x), webrtcOf(y)
	if wx == nil && wy == nil {
		return false
	}
	prevDir := x.remote.dir
	var answer []byte
	if wx != nil {
		ctx, cancel := context.WithTimeout(context.Background(), negotiateTimeout)
		a, err := wx.s.Reoffer(ctx, body)
		cancel()
		if err != nil {
			c.log.Info("browser's new offer refused", "err", err)
			refuse()
			return true
		}
		answer = a
	} else {
		a, err := c.localAnswer(x, sdp.Direction(info.dir).Reverse())
		if err != nil {
			c.log.Info("phone's new offer refused", "err", err)
			refuse()
			return true
		}
		answer = a
	}
	c.setRemoteMedia(x, info)
	x.sentSDP = answer
	ok(answer)
	holding := info.dir == string(sdp.SendOnly) || info.dir == string(sdp.Inactive)
	switch {
	case c.winner == nil || c.link == nil || c.plan == nil:
	case c.sw.opts.HoldMusic != nil && holding && c.moh == nil:
		c.startHoldMusic(x)
	case c.sw.opts.HoldMusic != nil && !holding && c.moh != nil && c.moh.by == x:
		c.stopHoldMusic()
	case c.sw.opts.HoldMusic == nil && wx != nil && wy == nil && info.dir != prevDir && c.relay == nil:
		c.passHold(y, sdp.Direction(info.dir))
	}
	c.log.Info("new offer answered", "from", x.role, "direction", info.dir, "browser", wx != nil)
	return true
}

// passHold tells phone y that the browser holds or resumes: a re-INVITE
// with our last SDP to it in direction dir (its answer needs no relaying).
func (c *call) passHold(y *leg, dir sdp.Direction) {
	body, err := c.localAnswer(y, dir)
	if err != nil {
		c.log.Info("hold not passed on", "err", err)
		return
	}
	fwd := y.next(sip.INVITE)
	fwd.AppendHeader(y.ourContact())
	fwd.AppendHeader(sip.NewHeader("Allow", allowValue))
	ctype := sip.ContentTypeHeader("application/sdp")
	fwd.AppendHeader(&ctype)
	fwd.SetBody(body)
	tx, err := c.start(y, fwd, txReinvite)
	if err != nil {
		c.log.Info("hold not passed on", "err", err)
		return
	}
	y.sentSDP = body
	c.relay = tx
}
