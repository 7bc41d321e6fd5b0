package call

import (
	"crypto/rand"
	"net/netip"
	"slices"
	"strings"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/bridge"
	"github.com/dialtone-pbx/dialtone/media/sdp"
	"github.com/dialtone-pbx/dialtone/pbx/cdr"
	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
	"github.com/dialtone-pbx/dialtone/pbx/registrar"
)

// onInvite routes the caller's INVITE and forks it to every registered
// phone of the callee.
func (c *call) onInvite(req Request) {
	m := req.SIP()
	dialled := m.Recipient.User
	if dialled == "" {
		dialled = m.To().Address.User
	}
	c.dialled = dialled
	c.log = c.log.With("dialled", dialled)
	source := dialplan.SourceInternal
	if c.trunk != "" {
		source = dialplan.TrunkSource(c.trunk)
		c.log = c.log.With("trunk", c.trunk)
	}
	d := c.sw.route(dialplan.Input{
		Caller:   dialplan.Caller{Number: c.caller.Number, Name: c.caller.Name},
		Dialled:  dialled,
		Source:   source,
		Time:     c.started,
		Snapshot: c.sw.dir,
	})
	if d.Number != "" {
		c.dialled = d.Number
	}
	if d.Kind == dialplan.KindNotFound && c.trunk == "" && c.sw.opts.Conference != nil && c.sw.opts.Conference(dialled) {
		c.aOffer, _ = sdp.Parse(m.Body())
		c.joinConference(dialled, req)
		return
	}
	if d.Kind == dialplan.KindNotFound && c.trunk == "" && c.placeOutbound(m) {
		return
	}
	if d.Kind != dialplan.KindExtension {
		code, phrase := d.Status()
		if code == 0 {
			code, phrase = 500, "Server Internal Error"
		}
		reason := cdr.ReasonFailed
		switch d.Kind {
		case dialplan.KindNotFound, dialplan.KindIncomplete:
			reason = cdr.ReasonNotFound
		case dialplan.KindUnavailable:
			reason = cdr.ReasonUnavailable
			c.callee, _ = c.sw.dir.Extension(d.Number)
		case dialplan.KindForbidden:
			reason = cdr.ReasonForbidden
		}
		c.log.Info("call refused by the dialplan", "kind", d.Kind.String(), "why", d.Reason)
		c.fail(code, phrase, reason, cdr.SideSystem)
		return
	}
	c.callee = d.Extension
	ring := d.RingTimeout
	contacts := c.sw.loc.Lookup(c.callee.Number)
	if d.Self {
		// Never ring the phone the call comes from.
		contacts = slices.DeleteFunc(contacts, func(ct registrar.Contact) bool {
			return ct.Transport == c.a.flow.Transport && ct.Source == c.a.flow.Remote && ct.FlowID == c.a.flow.ID
		})
	}
	if len(contacts) == 0 {
		c.fail(480, "Temporarily Unavailable", cdr.ReasonUnavailable, cdr.SideSystem)
		return
	}
	if len(m.Body()) == 0 {
		// Delayed offer (an INVITE without SDP) is not relayed here: a
		// B2BUA would have to hold every fork's ACK for the caller's answer.
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem,
			sip.NewHeader("Warning", `399 dialtone "SDP offer required"`))
		return
	}
	offer, err := parseSDP(m.Body())
	if err != nil {
		c.log.Info("caller's SDP refused", "err", err)
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem)
		return
	}
	c.a.remote = offer
	c.aOffer, _ = sdp.Parse(m.Body()) // parseSDP accepted it
	if isWebRTCOffer(c.aOffer) {
		// A browser: a WebRTC session instead of a relay endpoint (webrtc.go).
		if !c.answerWebRTC(m.Body()) {
			return
		}
	} else if c.sw.media != nil {
		ep, err := c.sw.media.Allocate()
		if err != nil {
			c.log.Warn("no media endpoint for the caller", "err", err)
			c.fail(503, "Service Unavailable", cdr.ReasonMediaError, cdr.SideSystem)
			return
		}
		c.a.ep = ep
		c.setRemoteMedia(c.a, offer)
	}
	c.phase = phaseRinging
	c.a.state = legEarly
	mediaFailed := false
	for i, ct := range contacts {
		if !c.fork(i, ct, m) {
			mediaFailed = true
		}
	}
	switch {
	case c.phase != phaseRinging:
		return // every fork failed at once and the caller has its answer
	case len(c.legs) == 0 && mediaFailed:
		c.fail(503, "Service Unavailable", cdr.ReasonMediaError, cdr.SideSystem)
		return
	case len(c.legs) == 0:
		c.fail(480, "Temporarily Unavailable", cdr.ReasonFailed, cdr.SideSystem)
		return
	}
	if ring <= 0 || c.callee.RingTimeout <= 0 {
		ring = c.sw.opts.RingTimeout
	}
	c.ring = c.arm(ring, tRing, nil)
	c.log.Info("call ringing", "callee", c.callee.Number, "forks", len(c.legs))
}

func allDone(legs []*leg) bool {
	for _, l := range legs {
		if l.live() {
			return false
		}
	}
	return true
}

// fork sends one B-leg INVITE to a registered contact, over the flow it
// registered on. Nothing of the caller's INVITE is copied but the SDP
// (re-anchored) and, when configured, Alert-Info. It reports false when no
// relay endpoint could be had for the fork.
func (c *call) fork(n int, ct registrar.Contact, inv *sip.Request) bool {
	target, ok := uriOf(ct.URI)
	if !ok {
		c.log.Warn("registered contact is not a SIP URI", "contact", ct.URI)
		return true
	}
	f := Flow{Transport: ct.Transport, Local: ct.Local, Remote: ct.Source, ID: ct.FlowID}
	l := &leg{
		role:         "b",
		n:            n,
		callID:       rand.Text(),
		localTag:     rand.Text()[:16],
		flow:         f,
		contact:      ct.URI,
		remoteTarget: target,
		state:        legCalling,
		localCSeq:    1,
		origin:       newOrigin(),
	}
	l.host = hostOf(c.sw.opts.PublicIP, f)
	l.mediaHost = c.sw.mediaHost(l.host)
	l.localURI = userURI(c.caller.Number, l.host)
	l.localName = displayName(c.caller.Name)
	l.remoteURI = userURI(c.callee.Number, l.host)
	l.remoteName = displayName(c.callee.Name)
	if !c.bindCallID(l.callID) {
		return true
	}
	if c.sw.opts.WebRTC != nil && isWebRTCContact(ct) {
		return c.forkWebRTC(l, inv) // a browser: our WebRTC offer (webrtc.go)
	}
	var port uint16
	if c.sw.media != nil {
		ep, err := c.sw.media.Allocate()
		if err != nil {
			c.log.Warn("no media endpoint for a fork", "contact", ct.URI, "err", err)
			return false
		}
		l.ep = ep
		port = ep.Port()
	}
	offer, err := c.offerFor(l)
	if err != nil {
		c.log.Info("no transcoding offer; the caller's codecs go as they are", "err", err)
		offer = inv.Body()
	}
	body, err := anchorSDP(offer, l.mediaHost, port, &l.origin)
	if err != nil {
		c.log.Warn("caller's SDP not anchored", "err", err)
		if l.ep != nil {
			_ = l.ep.Close()
		}
		return true
	}
	l.sentSDP = body
	c.sendFork(l, inv)
	return true
}

// sendFork sends fork l its INVITE with l.sentSDP: nothing of the caller's
// INVITE but, when configured, its Alert-Info.
func (c *call) sendFork(l *leg, inv *sip.Request) {
	req := l.request(sip.INVITE, 1)
	req.AppendHeader(l.ourContact())
	req.AppendHeader(sip.NewHeader("P-Asserted-Identity", identity(c.caller.Name, c.caller.Number, l.host)))
	req.AppendHeader(sip.NewHeader("Allow", allowValue))
	if c.sw.opts.AlertInfo {
		if h := inv.GetHeader("Alert-Info"); h != nil && safeHeaderValue(h.Value()) {
			req.AppendHeader(sip.NewHeader("Alert-Info", h.Value()))
		}
	}
	ctype := sip.ContentTypeHeader("application/sdp")
	req.AppendHeader(&ctype)
	req.SetBody(l.sentSDP)
	c.legs = append(c.legs, l)
	tx, err := c.start(l, req, txInvite)
	if err != nil {
		c.log.Info("fork not sent", "contact", l.contact, "err", err)
		c.onLegFailed(l, 503)
		return
	}
	l.invite = tx
}

// onProvisional handles a 1xx to one of our INVITEs.
func (c *call) onProvisional(tx *clientTx, res *sip.Response) {
	if tx.purpose != txInvite {
		return
	}
	l := tx.leg
	l.provisional = true
	if l.state == legCalling {
		l.state = legEarly
	}
	if res.StatusCode > 100 {
		if tag := tagOf(res.To().Params); tag != "" && l.remoteTag == "" {
			l.remoteTag = tag
		}
	}
	if l.cancelWanted {
		c.sendCancel(l)
		return
	}
	if c.phase != phaseRinging || res.StatusCode == 100 || c.a.srv == nil || c.a.srv.code != 0 {
		return
	}
	hdrs := []sip.Header{c.a.ourContact()}
	if res.StatusCode == 183 && len(res.Body()) > 0 && isSDP(res) && c.early == nil && c.sw.media != nil && !c.hasWebRTC(l) {
		// Early media: bridge the caller with this fork now.
		info, err := parseSDP(res.Body())
		var aBody []byte
		var plan *bridge.Plan
		if err == nil && c.a.ep != nil {
			aBody, plan, err = c.answerFor(l, res.Body())
		}
		if err == nil && c.a.ep != nil {
			body, err := anchorSDP(aBody, c.a.mediaHost, c.a.ep.Port(), &c.a.origin)
			if err == nil {
				c.setRemoteMedia(l, info)
				if c.bridge(l) {
					c.plan = plan
					c.setupProcessors()
					c.early = l
					c.a.sentSDP = body
					c.provisional(183, "Session Progress", body, hdrs)
					return
				}
			}
		}
	}
	code, reason := res.StatusCode, ""
	if code == 183 {
		code = 180 // a 183 without usable SDP says no more than ringing
	}
	if c.early != nil || (c.lastProv != nil && c.lastProv.code == code) {
		return // early media plays, or the caller knows already
	}
	c.provisional(code, reason, nil, hdrs)
}

// provisional sends a provisional response to the caller's INVITE.
func (c *call) provisional(code int, reason string, body []byte, hdrs []sip.Header) {
	p := &provisional{code: code, reason: reason, body: body, hdrs: hdrs}
	c.lastProv = p
	c.resendProvisional()
}

func (c *call) resendProvisional() {
	p := c.lastProv
	if p == nil {
		_ = c.a.srv.req.Respond(100, "Trying")
		return
	}
	var err error
	if len(p.body) > 0 {
		err = c.a.srv.req.RespondBody(p.code, p.reason, "application/sdp", p.body, p.hdrs...)
	} else {
		err = c.a.srv.req.Respond(p.code, p.reason, p.hdrs...)
	}
	if err != nil {
		c.log.Debug("provisional not sent", "code", p.code, "err", err)
	}
}

// bridge relays the caller's endpoint with l's, replacing an earlier
// (early-media) bridge: the answer gets a fresh link, so its figures and
// inactivity timer start with the call.
func (c *call) bridge(l *leg) bool {
	if c.sw.media == nil || c.a.ep == nil || l.ep == nil {
		return true
	}
	if c.link != nil {
		_ = c.link.Close()
		c.link = nil
		c.early = nil
	}
	link, err := c.mediaBridge(c.a.ep, l.ep)
	if err != nil {
		c.log.Warn("media bridge failed", "err", err)
		return false
	}
	c.link = link
	return true
}

// on2xx handles a 2xx to one of our INVITEs (first or retransmitted).
func (c *call) on2xx(tx *clientTx, res *sip.Response, first bool) {
	switch tx.purpose {
	case txInvite:
		c.onAnswer(tx, res, first)
	case txReinvite, txRefresh:
		c.onReinvite2xx(tx, res, first)
	}
}

// onAnswer: the first 2xx wins (RFC 3261 §13.2.2.4); every other fork is
// cancelled, and a 2xx that comes anyway is acknowledged and hung up.
func (c *call) onAnswer(tx *clientTx, res *sip.Response, first bool) {
	l := tx.leg
	tag := tagOf(res.To().Params)
	if l.state == legConfirmed && tag == l.remoteTag {
		if l.ack != nil {
			_ = c.transmit(l.flow, l.ack) // our ACK was lost
		}
		return
	}
	if !first || l.state == legConfirmed || c.winner != nil || c.phase != phaseRinging || !l.live() {
		c.ackAndBye(tx, res)
		if l != c.winner && l.live() {
			l.state = legTerminated
			c.stop(l.cancelWait)
			c.dropMedia(l)
			c.maybeFinish()
		}
		return
	}
	l.setDialogFromResponse(res)
	l.state = legConfirmed
	l.ack = l.request(sip.ACK, tx.req.CSeq().SeqNo)
	if err := c.transmit(l.flow, l.ack); err != nil {
		c.log.Info("ACK not sent", "err", err)
	}
	c.stop(l.cancelWait)
	answer, err := parseSDP(res.Body())
	var aBody []byte
	var plan *bridge.Plan
	if err == nil && isSDP(res) {
		// A codec the caller cannot get, even transcoded, is no answer.
		aBody, plan, err = c.answerFor(l, res.Body())
	}
	if err != nil || !isSDP(res) {
		c.log.Info("answer without usable SDP; fork hung up", "err", err)
		c.sendBye(l)
		l.state = legFailed
		l.status = 488
		c.dropMedia(l)
		if allDone(c.legs) {
			c.unanswered()
		}
		return
	}
	c.winner = l
	c.answered = c.sw.now()
	c.phase = phaseAnswered
	c.stop(c.ring)
	c.ring = nil
	for _, o := range c.legs {
		if o != l {
			c.sendCancel(o)
		}
	}
	c.setRemoteMedia(l, answer)
	var port uint16
	if c.a.ep != nil {
		port = c.a.ep.Port()
	}
	c.plan = plan
	body, err := c.callerSDP(aBody, port)
	if err != nil || !c.bridge(l) {
		c.log.Warn("answer not anchored", "err", err)
		c.sendBye(l)
		c.fail(500, "Server Internal Error", cdr.ReasonMediaError, cdr.SideSystem)
		return
	}
	c.setupProcessors()
	if c.sw.opts.RecordAll {
		if _, err := c.startRecording(); err != nil {
			c.log.Warn("call not recorded", "err", err)
		}
	}
	c.early = nil
	c.a.sentSDP = body
	c.a.state = legConfirmed
	hdrs := []sip.Header{
		c.a.ourContact(),
		sip.NewHeader("Allow", allowValue),
		sip.NewHeader("Supported", "timer"),
		sip.NewHeader("P-Asserted-Identity", identity(c.callee.Name, c.callee.Number, c.a.host)),
	}
	c.sessInterval, c.refresher = c.se.negotiate(c.sw.opts.SessionExpires, c.sw.opts.MinSE)
	hdrs = append(hdrs, sessionHeaders(c.sessInterval, c.refresher, c.se.supported)...)
	c.respondFinal(c.a.srv, 200, "OK", "application/sdp", body, hdrs...)
	c.armSession()
	c.sw.mu.Lock()
	c.sw.stats.Answered++
	c.sw.mu.Unlock()
	c.log.Info("call answered", "fork", l.n, "contact", l.contact)
}

// ackAndBye acknowledges a 2xx we do not want and ends its dialog at once.
func (c *call) ackAndBye(tx *clientTx, res *sip.Response) {
	c.ackAndByeLeg(tx.leg, tx.req.CSeq().SeqNo, res)
}

// ackAndByeLeg acknowledges a 2xx to l's INVITE with CSeq seq and ends
// the dialog it created.
func (c *call) ackAndByeLeg(l *leg, seq uint32, res *sip.Response) {
	tmp := *l
	tmp.routeSet = nil
	tmp.setDialogFromResponse(res)
	tmp.srv, tmp.ep, tmp.ack = nil, nil, nil
	ack := tmp.request(sip.ACK, seq)
	if err := c.transmit(tmp.flow, ack); err != nil {
		c.log.Debug("ACK of a losing 2xx not sent", "err", err)
	}
	tmp.localCSeq = seq
	if _, err := c.start(&tmp, tmp.next(sip.BYE), txStray); err != nil {
		c.log.Debug("BYE of a losing 2xx not sent", "err", err)
	}
}

// strayAnswer handles a 2xx to an INVITE of ours whose transaction is gone
// (a trunk target that answered after Timer B moved the call to the next):
// acknowledged and hung up at once, so no second call stays up.
func (c *call) strayAnswer(res *sip.Response) {
	cseq := res.CSeq()
	if res.StatusCode < 200 || res.StatusCode >= 300 || cseq.MethodName != sip.INVITE || res.CallID() == nil {
		return
	}
	l := c.legOf(string(*res.CallID()))
	if l == nil || l.role != "b" || l == c.winner {
		return // the winner's own retransmitted 2xx is re-ACKed by its transaction
	}
	c.log.Info("late answer to an abandoned INVITE; acknowledged and hung up", "contact", l.contact)
	c.ackAndByeLeg(l, cseq.SeqNo, res)
}

// onFinal handles a final non-2xx to an INVITE, or any final (or a
// timeout: res nil, code 408) to another request.
func (c *call) onFinal(tx *clientTx, code int, reason string, res *sip.Response) {
	switch tx.purpose {
	case txInvite:
		if c.retryWithCredentials(tx, code, res) {
			break
		}
		c.onLegFailed(tx.leg, code)
	case txBye:
		tx.leg.state = legTerminated
	case txReinvite, txUpdate, txInfo:
		c.onRelayFinal(tx, code, res)
	case txRefresh:
		c.onRefreshFinal(tx, code)
	}
	c.maybeFinish()
}

// onLegFailed: a fork answered non-2xx, timed out or could not be sent.
func (c *call) onLegFailed(l *leg, code int) {
	if !l.live() {
		return
	}
	l.state = legFailed
	l.status = code
	c.stop(l.cancelWait)
	l.cancelWait = nil
	if l != c.winner {
		c.dropMedia(l)
	}
	if c.failoverTrunk(l, code) {
		return
	}
	if c.phase == phaseRinging && allDone(c.legs) {
		c.unanswered()
	}
}

// dropMedia frees a fork's relay endpoint (a loser's, or a failed one's).
func (c *call) dropMedia(l *leg) {
	if c.early == l {
		if c.link != nil {
			_ = c.link.Close()
			c.link = nil
		}
		c.early = nil
	}
	if l.ep != nil {
		_ = l.ep.Close()
		l.ep = nil
	}
}

// unanswered answers the caller when every fork failed: busy when they
// were all busy, declined when one declined, otherwise unavailable.
func (c *call) unanswered() {
	busy, anyBusy, declined, media := true, false, false, len(c.legs) > 0
	for _, l := range c.legs {
		if l.status != 488 {
			media = false
		}
		switch l.status {
		case 486, 600:
			anyBusy = true
		case 603:
			declined = true
			busy = false
		default:
			busy = false
		}
	}
	switch {
	case busy || (anyBusy && !declined):
		c.fail(486, "Busy Here", cdr.ReasonBusy, cdr.SideCallee)
	case declined:
		c.fail(603, "Decline", cdr.ReasonRejected, cdr.SideCallee)
	case media:
		// Every phone answered with (or refused) media the caller cannot
		// have, even transcoded.
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem)
	default:
		c.fail(480, "Temporarily Unavailable", cdr.ReasonFailed, cdr.SideSystem)
	}
}

// fail ends an unanswered call: every live fork is cancelled, the caller
// gets the final response, the CDR is written.
func (c *call) fail(code int, reason string, r cdr.Reason, side cdr.Side, hdrs ...sip.Header) {
	for _, l := range c.legs {
		c.sendCancel(l)
	}
	if c.a.srv != nil && c.a.srv.initial {
		c.respondFinal(c.a.srv, code, reason, "", nil, hdrs...)
	}
	c.a.state = legTerminated
	c.end(r, side)
}

// sendCancel cancels a fork's INVITE (RFC 3261 §9.1): only once a
// provisional arrived; before that, as soon as one does. Either way the
// fork is given 64*T1 to finish.
func (c *call) sendCancel(l *leg) {
	if !l.live() || l.state == legConfirmed || l.cancelSent || l.invite == nil {
		return
	}
	if l.cancelWait == nil {
		l.cancelWait = c.arm(64*c.sw.opts.T1, tCancelWait, func(t *timer) { t.leg = l })
	}
	if !l.provisional {
		l.cancelWanted = true
		return
	}
	l.cancelSent = true
	if _, err := c.start(l, hopRequest(sip.CANCEL, l.invite.req, nil), txCancel); err != nil {
		c.log.Debug("CANCEL not sent", "err", err)
		c.abandon(l)
	}
}

// abandon gives up a fork that never finished after CANCEL.
func (c *call) abandon(l *leg) {
	c.stop(l.cancelWait)
	l.cancelWait = nil
	if tx := l.invite; tx != nil && tx.state < txCompleted {
		c.stopTx(tx)
		tx.state = txTerminated
		delete(c.txs, tx.key)
	}
	if l.live() {
		l.state = legTerminated
		if l.status == 0 {
			l.status = 487
		}
	}
	if l != c.winner {
		c.dropMedia(l)
	}
	if c.phase == phaseRinging && allDone(c.legs) {
		c.unanswered()
	}
	c.maybeFinish()
}

// onCancel: the caller cancels its INVITE (RFC 3261 §9.2): 200 to the
// CANCEL, then 487 to the INVITE and CANCEL to every fork.
func (c *call) onCancel(l *leg, req Request) {
	m := req.SIP()
	branch, _ := m.Via().Params.Get("branch")
	srv := c.a.srv
	if l != c.a || srv == nil || !srv.initial || branch != srv.branch || m.CSeq().SeqNo != srv.cseq {
		_ = req.Respond(481, "Call/Transaction Does Not Exist")
		return
	}
	_ = req.Respond(200, "OK")
	if srv.code != 0 || c.phase > phaseRinging {
		return // the final response went already: CANCEL has no effect
	}
	c.log.Info("caller cancelled")
	c.fail(487, "Request Terminated", cdr.ReasonCallerCancelled, cdr.SideCaller)
}

// onInviteAgain: an INVITE without To tag on the caller's Call-ID is a
// retransmission (the same branch) or a merged request (RFC 3261 §8.2.2.2).
func (c *call) onInviteAgain(req Request) {
	m := req.SIP()
	branch, _ := m.Via().Params.Get("branch")
	srv := c.a.srv
	if srv != nil && srv.initial && branch == srv.branch && string(*m.CallID()) == c.a.callID {
		if srv.code != 0 {
			c.sendFinal(srv)
		} else {
			c.resendProvisional()
		}
		return
	}
	if c.phase == phaseEnded && (srv == nil || srv.code >= 300) {
		// A new attempt reusing the Call-ID of one that failed (a phone
		// retrying after 480, say): this call gives the Call-ID up.
		c.sw.release(c.a.callID, c)
		c.sw.newInvite(req)
		return
	}
	_ = req.Respond(482, "Loop Detected")
}

// identity is a P-Asserted-Identity value (RFC 3325) built by us.
func identity(name, number string, host netip.Addr) string {
	uri := userURI(number, host)
	u := "<" + uri.String() + ">"
	if n := displayName(name); n != "" {
		return `"` + n + `" ` + u
	}
	return u
}

// displayName makes a configured name safe inside a quoted display name.
func displayName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '"' || r == '\\' {
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// safeHeaderValue refuses values that could break a header line.
func safeHeaderValue(v string) bool {
	if len(v) > 512 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 && v[i] != '\t' || v[i] == 0x7f {
			return false
		}
	}
	return true
}
