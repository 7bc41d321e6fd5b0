package call

import (
	"net/netip"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/cdr"
)

// onRequest dispatches a request on one of the call's Call-IDs.
func (c *call) onRequest(req Request) {
	m := req.SIP()
	callID := string(*m.CallID())
	if m.Method == sip.INVITE && tagOf(m.To().Params) == "" {
		c.onInviteAgain(req)
		return
	}
	l := c.legOf(callID)
	if m.Method == sip.CANCEL {
		c.onCancel(l, req)
		return
	}
	// RFC 3261 §12.2.2: the dialog is the Call-ID with our tag in To and
	// the phone's in From.
	if l == nil || tagOf(m.To().Params) != l.localTag || (l.remoteTag != "" && tagOf(m.From().Params) != l.remoteTag) {
		if m.Method != sip.ACK {
			_ = req.Respond(481, "Call/Transaction Does Not Exist")
		}
		return
	}
	if m.Method == sip.ACK {
		c.onAck(l, req)
		return
	}
	if l.role == "b" && l != c.winner {
		_ = req.Respond(481, "Call/Transaction Does Not Exist")
		return
	}
	cseq := m.CSeq().SeqNo
	if l.remoteCSeq != 0 && cseq <= l.remoteCSeq {
		// §12.2.2: an older CSeq than the last request is out of order.
		_ = req.Respond(500, "CSeq Out of Order")
		return
	}
	l.remoteCSeq = cseq
	switch m.Method {
	case sip.BYE:
		c.onBye(l, req)
	case sip.INVITE:
		c.onReinvite(l, req)
	case sip.UPDATE:
		c.onUpdate(l, req)
	case sip.INFO:
		c.onInfo(l, req)
	default:
		_ = req.Respond(405, "Method Not Allowed", sip.NewHeader("Allow", allowValue))
	}
}

// onBye: the phone on leg l hangs up. The other leg gets BYE, the CDR is
// written, and only then is the BYE answered: a crash after the 200 loses
// no CDR.
func (c *call) onBye(l *leg, req Request) {
	if c.phase == phaseRinging && l == c.a {
		// A caller may end its early dialog with BYE (§15): as a CANCEL.
		c.log.Info("caller hung up while ringing")
		c.fail(487, "Request Terminated", cdr.ReasonCallerCancelled, cdr.SideCaller)
		_ = req.Respond(200, "OK")
		return
	}
	if c.phase != phaseAnswered {
		_ = req.Respond(200, "OK")
		l.state = legTerminated
		c.maybeFinish()
		return
	}
	l.state = legTerminated
	if l.srv != nil {
		c.stopServer(l.srv)
		l.srv.acked = true
		l.srv = nil
	}
	c.sendBye(c.other(l))
	reason, side := cdr.ReasonNormal, cdr.SideCaller
	if l != c.a {
		reason, side = cdr.ReasonNormal, cdr.SideCallee
	}
	c.log.Info("hang-up", "side", side.String())
	c.end(reason, side)
	_ = req.Respond(200, "OK")
	c.maybeFinish()
}

// hangup ends an answered call from our side: BYE to both legs.
func (c *call) hangup(reason cdr.Reason, side cdr.Side) {
	if c.phase != phaseAnswered {
		if c.phase < phaseAnswered {
			c.fail(480, "Temporarily Unavailable", reason, side)
		}
		return
	}
	c.sendBye(c.a)
	if c.winner != nil {
		c.sendBye(c.winner)
	}
	c.end(reason, side)
}

// sendBye ends a confirmed leg's dialog.
func (c *call) sendBye(l *leg) {
	if l == nil || l.byeSent || l.state != legConfirmed {
		return
	}
	l.byeSent = true
	if l.srv != nil {
		c.stopServer(l.srv)
		l.srv.acked = true
		l.srv = nil
	}
	if _, err := c.start(l, l.next(sip.BYE), txBye); err != nil {
		c.log.Info("BYE not sent", "leg", l.role, "err", err)
		l.state = legTerminated
	}
}

// onReinvite relays a re-INVITE (hold, resume, a new codec) to the other
// leg with its SDP re-anchored on the same endpoints; a session refresh
// (no SDP, or the same SDP version) is answered here.
func (c *call) onReinvite(x *leg, req Request) {
	m := req.SIP()
	if c.phase != phaseAnswered || x.state != legConfirmed {
		_ = req.Respond(491, "Request Pending")
		return
	}
	if x.srv != nil && x.srv.code == 0 {
		// §14.2: an INVITE before our final to the previous one.
		_ = req.Respond(500, "Server Internal Error", sip.NewHeader("Retry-After", "1"))
		return
	}
	if c.relay != nil {
		_ = req.Respond(491, "Request Pending") // §14.2: glare
		return
	}
	if len(m.Body()) > 0 && !isSDP(m) {
		_ = req.Respond(415, "Unsupported Media Type", sip.NewHeader("Accept", "application/sdp"))
		return
	}
	if bad := unsupported(m); bad != "" {
		_ = req.Respond(420, "Bad Extension", sip.NewHeader("Unsupported", bad))
		return
	}
	var refresh []sip.Header
	if x == c.a {
		var ok bool
		if refresh, ok = c.refreshFrom(req); !ok {
			return
		}
	}
	if x.srv != nil {
		c.stopServer(x.srv) // its ACK never came; this INVITE supersedes it
	}
	branch, _ := m.Via().Params.Get("branch")
	srv := &serverInvite{req: req, leg: x, branch: branch, cseq: m.CSeq().SeqNo}
	x.srv = srv
	if ct := m.Contact(); ct != nil {
		x.remoteTarget = *ct.Address.Clone() // §12.2.2 target refresh
	}
	hdrs := append([]sip.Header{x.ourContact(), sip.NewHeader("Allow", allowValue)}, refresh...)
	if len(m.Body()) == 0 {
		// We offer what the phone has; its answer comes in the ACK.
		srv.offer = true
		c.respondFinal(srv, 200, "OK", "application/sdp", x.sentSDP, hdrs...)
		return
	}
	info, err := parseSDP(m.Body())
	if err != nil {
		c.respondFinal(srv, 488, "Not Acceptable Here", "", nil)
		return
	}
	if info.sameVersion(x.remote) {
		c.respondFinal(srv, 200, "OK", "application/sdp", x.sentSDP, hdrs...)
		return
	}
	if c.conf != nil {
		c.conferenceReoffer(x, info, func(body []byte) {
			c.respondFinal(srv, 200, "OK", "application/sdp", body, hdrs...)
		}, func() { c.respondFinal(srv, 488, "Not Acceptable Here", "", nil) })
		return
	}
	if c.webrtcReoffer(x, m.Body(), info, func(body []byte) { // a browser on either side (webrtc.go)
		c.respondFinal(srv, 200, "OK", "application/sdp", body, hdrs...)
	}, func() { c.respondFinal(srv, 488, "Not Acceptable Here", "", nil) }) {
		return
	}
	if c.holdLocally(x, srv, info, hdrs) {
		return
	}
	y := c.other(x)
	body, err := c.anchorFor(y, c.restrictFor(y, m.Body()))
	if err != nil {
		c.respondFinal(srv, 488, "Not Acceptable Here", "", nil)
		return
	}
	c.setRemoteMedia(x, info)
	fwd := y.next(sip.INVITE)
	fwd.AppendHeader(y.ourContact())
	fwd.AppendHeader(sip.NewHeader("Allow", allowValue))
	ctype := sip.ContentTypeHeader("application/sdp")
	fwd.AppendHeader(&ctype)
	fwd.SetBody(body)
	tx, err := c.start(y, fwd, txReinvite)
	if err != nil {
		c.respondFinal(srv, 503, "Service Unavailable", "", nil)
		return
	}
	y.sentSDP = body
	tx.srv = srv
	tx.from = x
	c.relay = tx
	c.log.Info("re-INVITE relayed", "from", x.role, "direction", info.dir)
}

// onReinvite2xx acknowledges a 2xx to our re-INVITE and relays its answer.
func (c *call) onReinvite2xx(tx *clientTx, res *sip.Response, first bool) {
	y := tx.leg
	if !first {
		if tx.ack != nil {
			_ = c.transmit(y.flow, tx.ack)
		}
		return
	}
	tx.ack = y.request(sip.ACK, tx.req.CSeq().SeqNo)
	if ct := res.Contact(); ct != nil {
		y.remoteTarget = *ct.Address.Clone()
	}
	if err := c.transmit(y.flow, tx.ack); err != nil {
		c.log.Debug("ACK not sent", "err", err)
	}
	if c.relay == tx {
		c.relay = nil
	}
	if tx.purpose == txRefresh {
		c.onRefreshFinal(tx, 200)
		return
	}
	srv := tx.srv
	if srv == nil || srv.code != 0 {
		return
	}
	x := srv.leg
	info, err := parseSDP(res.Body())
	if err != nil || !isSDP(res) {
		c.respondFinal(srv, 488, "Not Acceptable Here", "", nil)
		return
	}
	body, err := c.anchorFor(x, c.restrictFor(x, res.Body()))
	if err != nil {
		c.respondFinal(srv, 488, "Not Acceptable Here", "", nil)
		return
	}
	c.setRemoteMedia(y, info)
	x.sentSDP = body
	hdrs := []sip.Header{x.ourContact(), sip.NewHeader("Allow", allowValue)}
	if x == c.a {
		hdrs = append(hdrs, sessionHeaders(c.sessInterval, c.refresher, c.se.supported)...)
	}
	c.respondFinal(srv, 200, "OK", "application/sdp", body, hdrs...)
}

// onUpdate relays an UPDATE with SDP (RFC 3311) like a re-INVITE; one
// without SDP is a session refresh answered here.
func (c *call) onUpdate(x *leg, req Request) {
	m := req.SIP()
	if c.phase != phaseAnswered || x.state != legConfirmed {
		_ = req.Respond(491, "Request Pending")
		return
	}
	if len(m.Body()) > 0 && !isSDP(m) {
		_ = req.Respond(415, "Unsupported Media Type", sip.NewHeader("Accept", "application/sdp"))
		return
	}
	var refresh []sip.Header
	if x == c.a {
		var ok bool
		if refresh, ok = c.refreshFrom(req); !ok {
			return
		}
	}
	if ct := m.Contact(); ct != nil {
		x.remoteTarget = *ct.Address.Clone()
	}
	hdrs := append([]sip.Header{x.ourContact()}, refresh...)
	if len(m.Body()) == 0 {
		_ = req.Respond(200, "OK", hdrs...)
		return
	}
	if c.relay != nil {
		_ = req.Respond(491, "Request Pending")
		return
	}
	info, err := parseSDP(m.Body())
	if err != nil {
		_ = req.Respond(488, "Not Acceptable Here")
		return
	}
	if info.sameVersion(x.remote) {
		_ = req.RespondBody(200, "OK", "application/sdp", x.sentSDP, hdrs...)
		return
	}
	if c.conf != nil {
		c.conferenceReoffer(x, info, func(body []byte) {
			_ = req.RespondBody(200, "OK", "application/sdp", body, hdrs...)
		}, func() { _ = req.Respond(488, "Not Acceptable Here") })
		return
	}
	if c.webrtcReoffer(x, m.Body(), info, func(body []byte) { // a browser on either side (webrtc.go)
		_ = req.RespondBody(200, "OK", "application/sdp", body, hdrs...)
	}, func() { _ = req.Respond(488, "Not Acceptable Here") }) {
		return
	}
	y := c.other(x)
	body, err := c.anchorFor(y, c.restrictFor(y, m.Body()))
	if err != nil {
		_ = req.Respond(488, "Not Acceptable Here")
		return
	}
	c.setRemoteMedia(x, info)
	fwd := y.next(sip.UPDATE)
	fwd.AppendHeader(y.ourContact())
	ctype := sip.ContentTypeHeader("application/sdp")
	fwd.AppendHeader(&ctype)
	fwd.SetBody(body)
	tx, err := c.start(y, fwd, txUpdate)
	if err != nil {
		_ = req.Respond(503, "Service Unavailable")
		return
	}
	y.sentSDP = body
	tx.origin = req
	tx.from = x
	c.relay = tx
}

// onInfo relays an INFO (RFC 6086: DTMF, …) with its body and
// Content-Type; the caller gets the other phone's answer.
func (c *call) onInfo(x *leg, req Request) {
	m := req.SIP()
	if c.phase != phaseAnswered || x.state != legConfirmed {
		_ = req.Respond(481, "Call/Transaction Does Not Exist")
		return
	}
	if c.infoDigit(x, req) {
		return // DTMF injected into the other leg as RFC 4733
	}
	if c.conf != nil {
		_ = req.Respond(200, "OK") // a digit was reported; nobody to relay to
		return
	}
	y := c.other(x)
	fwd := y.next(sip.INFO)
	for _, name := range []string{"Info-Package", "Content-Disposition"} {
		if h := m.GetHeader(name); h != nil && safeHeaderValue(h.Value()) {
			fwd.AppendHeader(sip.NewHeader(name, h.Value()))
		}
	}
	if len(m.Body()) > 0 {
		if ct := m.ContentType(); ct != nil && safeHeaderValue(string(*ct)) {
			v := sip.ContentTypeHeader(string(*ct))
			fwd.AppendHeader(&v)
		}
		fwd.SetBody(append([]byte(nil), m.Body()...))
	}
	tx, err := c.start(y, fwd, txInfo)
	if err != nil {
		_ = req.Respond(503, "Service Unavailable")
		return
	}
	tx.origin = req
	tx.from = x
}

// onRelayFinal relays the other leg's final answer to a relayed request.
func (c *call) onRelayFinal(tx *clientTx, code int, res *sip.Response) {
	if c.relay == tx {
		c.relay = nil
	}
	y := tx.leg
	switch tx.purpose {
	case txReinvite:
		if srv := tx.srv; srv != nil && srv.code == 0 {
			c.respondFinal(srv, code, "", "", nil)
		}
	case txUpdate:
		if tx.origin == nil {
			break
		}
		x := tx.from
		if code < 300 && res != nil {
			info, err := parseSDP(res.Body())
			body, aerr := c.anchorFor(x, c.restrictFor(x, res.Body()))
			if err != nil || aerr != nil {
				_ = tx.origin.Respond(488, "Not Acceptable Here")
				break
			}
			c.setRemoteMedia(y, info)
			x.sentSDP = body
			hdrs := []sip.Header{x.ourContact()}
			if x == c.a {
				hdrs = append(hdrs, sessionHeaders(c.sessInterval, c.refresher, c.se.supported)...)
			}
			_ = tx.origin.RespondBody(200, "OK", "application/sdp", body, hdrs...)
		} else {
			_ = tx.origin.Respond(code, "")
		}
	case txInfo:
		if tx.origin != nil {
			_ = tx.origin.Respond(code, "")
		}
	}
	tx.origin = nil
	// §12.2.1.2: 481 or 408 to an in-dialog request ends the dialog.
	if (code == 481 || code == 408) && c.phase == phaseAnswered {
		side := cdr.SideCaller
		if y != c.a {
			side = cdr.SideCallee
		}
		c.log.Info("dialog gone on the other leg; hanging up", "code", code)
		c.hangup(cdr.ReasonFailed, side)
	}
}

// anchorFor rewrites an SDP body for leg l: its media address and relay
// port, its own origin line.
func (c *call) anchorFor(l *leg, body []byte) ([]byte, error) {
	var port uint16
	if l.ep != nil {
		port = l.ep.Port()
	}
	return anchorSDP(body, l.mediaHost, port, &l.origin)
}

// setRemoteMedia records a phone's SDP and tells its relay endpoint where
// the phone receives media (not on hold to 0.0.0.0).
func (c *call) setRemoteMedia(l *leg, info sdpInfo) {
	l.remote = info
	c.holdTimeout()
	if l.ep == nil || !info.addr.IsValid() || info.addr.IsUnspecified() || info.port == 0 {
		return
	}
	l.ep.SetRemote(netip.AddrPortFrom(info.addr, info.port))
}

// holdTimeout stretches the RTP inactivity timeout while a side holds the
// call with a=inactive (no RTP at all is then normal; the session timer
// still ends a dead call) and restores it on resume.
func (c *call) holdTimeout() {
	lt, ok := c.link.(interface{ SetInactivityTimeout(time.Duration) })
	if !ok || c.phase != phaseAnswered || (c.winner == nil && c.conf == nil) {
		return
	}
	held := c.a.remote.dir == "inactive" || (c.winner != nil && c.winner.remote.dir == "inactive")
	switch {
	case held && !c.held:
		lt.SetInactivityTimeout(heldRTPTimeout)
	case !held && c.held && c.sw.opts.RTPTimeout > 0:
		lt.SetInactivityTimeout(c.sw.opts.RTPTimeout)
	}
	c.held = held
}

// heldRTPTimeout is the RTP inactivity timeout of a call on hold with
// a=inactive.
const heldRTPTimeout = 4 * time.Hour
