package call

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/bridge"
	"github.com/dialtone-pbx/dialtone/media/sdp"
	"github.com/dialtone-pbx/dialtone/media/srtp"
	"github.com/dialtone-pbx/dialtone/pbx/cdr"
	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
)

// trunkLeg is what a B-leg towards a trunk carries besides its dialog.
type trunkLeg struct {
	target  TrunkTarget
	authed  bool          // the INVITE was resent with credentials once
	offered []srtp.Crypto // the SDES keys we offered, if any
}

// srtpLeg is one leg's SDES keys once negotiated (RFC 4568): what we send
// is protected with local, what comes is checked with remote.
type srtpLeg struct {
	local, remote srtp.Crypto
	// The SRTP contexts, made once per leg: rebuilding them when the
	// processors are rebuilt (early media, recording, DTMF injection)
	// would restart the rollover counter and the SRTCP index under the
	// same master key (keystream reuse, RFC 3711 §9.1).
	prot   *srtp.Protector
	unprot *srtp.Unprotector
}

// contexts makes the leg's SRTP contexts the first time they are needed.
func (s *srtpLeg) contexts() error {
	if s.prot != nil {
		return nil
	}
	p, err := srtp.NewProtector(s.local)
	if err != nil {
		return err
	}
	u, err := srtp.NewUnprotector(s.remote)
	if err != nil {
		return err
	}
	s.prot, s.unprot = p, u
	return nil
}

// placeOutbound sends the call to the PSTN when no extension has the
// number: the trunks' plan, then the first target (failover on
// 408/5xx/timeout to the next).
func (c *call) placeOutbound(m *sip.Request) bool {
	if c.sw.opts.Trunks == nil || c.trunk != "" {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*c.sw.opts.T1*4)
	defer cancel()
	plan, err := c.sw.opts.Trunks.Outbound(ctx, c.caller, c.dialled)
	if err != nil {
		code, reason := 503, err.Error()
		if oe, ok := err.(*OutboundError); ok {
			code, reason = oe.Code, oe.Reason
		}
		c.log.Info("outbound call refused", "code", code, "why", reason)
		r := cdr.ReasonFailed
		switch code {
		case 403:
			r = cdr.ReasonForbidden
		case 404:
			r = cdr.ReasonNotFound
		}
		c.fail(code, "", r, cdr.SideSystem)
		return true
	}
	if len(m.Body()) == 0 {
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem,
			sip.NewHeader("Warning", `399 dialtone "SDP offer required"`))
		return true
	}
	offer, err := parseSDP(m.Body())
	if err != nil {
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem)
		return true
	}
	c.a.remote = offer
	c.aOffer, _ = sdp.Parse(m.Body())
	if isWebRTCOffer(c.aOffer) {
		if !c.answerWebRTC(m.Body()) { // a browser calling out (webrtc.go)
			return true
		}
	} else if c.sw.media != nil {
		ep, err := c.sw.media.Allocate()
		if err != nil {
			c.fail(503, "Service Unavailable", cdr.ReasonMediaError, cdr.SideSystem)
			return true
		}
		c.a.ep = ep
		c.setRemoteMedia(c.a, offer)
	}
	c.outbound = &plan
	c.callee.Number, c.callee.Name = plan.Number, ""
	c.dialled = plan.Number
	c.phase = phaseRinging
	c.a.state = legEarly
	c.log.Info("outbound call", "route", plan.Route, "number", plan.Number, "caller_id", plan.CallerID,
		"emergency", plan.Emergency, "targets", len(plan.Targets))
	if !c.nextTrunkTarget() {
		c.fail(503, "Service Unavailable", cdr.ReasonFailed, cdr.SideSystem)
		return true
	}
	c.ring = c.arm(c.sw.opts.RingTimeout*4, tRing, nil) // the PSTN rings longer than an extension
	return true
}

// nextTrunkTarget forks the call to the next target of the outbound plan;
// false when there is none left that could be sent to.
func (c *call) nextTrunkTarget() bool {
	for c.outbound != nil && c.trunkIdx < len(c.outbound.Targets) {
		t := c.outbound.Targets[c.trunkIdx]
		c.trunkIdx++
		if c.forkTrunk(t) {
			return true
		}
	}
	return false
}

// forkTrunk sends the INVITE to one trunk target.
func (c *call) forkTrunk(t TrunkTarget) bool {
	f := Flow{Transport: t.Transport, Remote: t.Addr}
	if t.Transport != "udp" {
		d, ok := c.sw.send.(Dialer)
		if !ok {
			c.log.Warn("trunk target skipped", "target", t.Addr, "err", errNoDialer)
			return false
		}
		ctx, cancel := context.WithTimeout(context.Background(), 4*c.sw.opts.T1*4)
		fl, err := d.Dial(ctx, t.Transport, t.Addr, t.Host)
		cancel()
		if err != nil {
			c.log.Info("trunk target unreachable", "trunk", t.Trunk, "target", t.Addr, "transport", t.Transport, "err", err)
			return false
		}
		f = fl
	}
	host := t.Host
	if host == "" {
		host = t.Addr.Addr().String()
	}
	target := sip.Uri{Scheme: "sip", User: c.outbound.Number, Host: host, Port: int(t.Addr.Port())}
	if t.Transport != "udp" {
		target.UriParams = sip.NewParams()
		target.UriParams.Add("transport", t.Transport)
	}
	l := &leg{
		role:         "b",
		n:            len(c.legs),
		callID:       rand.Text(),
		localTag:     rand.Text()[:16],
		flow:         f,
		contact:      target.String(),
		remoteTarget: target,
		state:        legCalling,
		localCSeq:    1,
		origin:       newOrigin(),
		trunk:        &trunkLeg{target: t},
	}
	l.host = hostOf(c.sw.opts.PublicIP, f)
	l.mediaHost = c.sw.mediaHost(l.host)
	l.localURI = userURI(c.outbound.CallerID, l.host)
	l.localName = ""
	l.remoteURI = sip.Uri{Scheme: "sip", User: c.outbound.Number, Host: host}
	if !c.bindCallID(l.callID) {
		return false
	}
	var port uint16
	if c.sw.media != nil {
		ep, err := c.sw.media.Allocate()
		if err != nil {
			c.log.Warn("no media endpoint for a trunk leg", "err", err)
			return false
		}
		l.ep = ep
		port = ep.Port()
	}
	offer, err := c.offerFor(l)
	if err == nil && t.SRTP != "" && t.SRTP != "off" {
		offer, err = c.secureOffer(l, offer, t.SRTP == "required")
	}
	if err != nil {
		c.log.Warn("no offer for the trunk", "err", err)
		c.dropMedia(l)
		return false
	}
	body, err := anchorSDP(offer, l.mediaHost, port, &l.origin)
	if err != nil {
		c.dropMedia(l)
		return false
	}
	l.sentSDP = body
	c.legs = append(c.legs, l)
	tx, err := c.start(l, c.trunkInvite(l, 1, ""), txInvite)
	if err != nil {
		c.log.Info("trunk INVITE not sent", "target", t.Addr, "err", err)
		l.state = legFailed
		l.status = 503
		c.dropMedia(l)
		return false
	}
	l.invite = tx
	c.log.Info("calling the trunk", "trunk", t.Trunk, "target", t.Addr, "transport", t.Transport, "srtp", t.SRTP)
	return true
}

// trunkInvite builds the INVITE of a trunk leg with CSeq seq and, after a
// challenge, its credentials.
func (c *call) trunkInvite(l *leg, seq uint32, authHeader string) *sip.Request {
	l.localCSeq = seq
	req := l.request(sip.INVITE, seq)
	req.AppendHeader(l.ourContact())
	pai := userURI(c.outbound.CallerID, l.host)
	req.AppendHeader(sip.NewHeader("P-Asserted-Identity", "<"+pai.String()+">"))
	req.AppendHeader(sip.NewHeader("Allow", allowValue))
	if authHeader != "" {
		name := "Authorization"
		if strings.HasPrefix(authHeader, "Proxy-") {
			name, authHeader = "Proxy-Authorization", strings.TrimPrefix(authHeader, "Proxy-")
		}
		req.AppendHeader(sip.NewHeader(name, authHeader))
	}
	ctype := sip.ContentTypeHeader("application/sdp")
	req.AppendHeader(&ctype)
	req.SetBody(l.sentSDP)
	return req
}

// secureOffer makes a trunk offer SRTP with fresh SDES keys: RTP/SAVP when
// required, RTP/AVP with a=crypto (best effort) when optional.
func (c *call) secureOffer(l *leg, body []byte, required bool) ([]byte, error) {
	s, err := sdp.Parse(body)
	if err != nil {
		return nil, err
	}
	i := audioIndex(s)
	if i < 0 {
		return nil, fmt.Errorf("%w: no audio", ErrBadSDP)
	}
	var suites []srtp.Suite
	for _, s := range l.trunk.target.Suites {
		suites = append(suites, srtp.Suite(s))
	}
	keys, err := srtp.NewOffer(suites...)
	if err != nil {
		return nil, err
	}
	proto := s.Media[i].Proto
	srtp.SetCrypto(s.Media[i], keys...) // sets RTP/SAVP
	if !required {
		s.Media[i].Proto = proto // optional: RTP/AVP with a=crypto, best effort
	}
	l.trunk.offered = keys
	l.offered = s
	return s.Marshal(), nil
}

// retryWithCredentials answers a trunk's 401/407 to our INVITE once
// (RFC 3261 §22.2): the same INVITE, next CSeq, with the digest response.
func (c *call) retryWithCredentials(tx *clientTx, code int, res *sip.Response) bool {
	l := tx.leg
	if l.trunk == nil || l.trunk.authed || res == nil || (code != 401 && code != 407) || !l.live() ||
		c.phase != phaseRinging || l.cancelWanted || l.cancelSent {
		return false // the caller gave up: no new INVITE to the trunk
	}
	t := l.trunk.target
	if t.Username == "" {
		return false
	}
	hdr := "WWW-Authenticate"
	if code == 407 {
		hdr = "Proxy-Authenticate"
	}
	h := res.GetHeader(hdr)
	if h == nil {
		return false
	}
	ch := parseChallenge(h.Value())
	alg, err := digest.ParseAlgorithm(ch["algorithm"])
	if err != nil {
		c.log.Info("trunk challenge with an algorithm we do not have", "algorithm", ch["algorithm"])
		return false
	}
	uri := l.remoteTarget.String()
	ha1 := digest.HA1(alg, t.Username, ch["realm"], t.Password)
	var b strings.Builder
	fmt.Fprintf(&b, `Digest username="%s", realm="%s", nonce="%s", uri="%s"`, t.Username, ch["realm"], ch["nonce"], uri)
	if qop := ch["qop"]; qop != "" {
		var cn [8]byte
		_, _ = rand.Read(cn[:])
		cnonce := hex.EncodeToString(cn[:])
		resp := digest.Response(alg, ha1, ch["nonce"], "00000001", cnonce, "auth", "INVITE", uri)
		fmt.Fprintf(&b, `, response="%s", qop=auth, nc=00000001, cnonce="%s"`, resp, cnonce)
	} else {
		fmt.Fprintf(&b, `, response="%s"`, digest.Response(alg, ha1, ch["nonce"], "", "", "", "INVITE", uri))
	}
	if a := ch["algorithm"]; a != "" {
		fmt.Fprintf(&b, `, algorithm=%s`, a)
	}
	if o := ch["opaque"]; o != "" {
		fmt.Fprintf(&b, `, opaque="%s"`, o)
	}
	auth := b.String()
	if code == 407 {
		auth = "Proxy-" + auth
	}
	l.trunk.authed = true
	l.provisional = false // a CANCEL waits for the new INVITE's provisional (§9.1)
	ntx, err := c.start(l, c.trunkInvite(l, tx.req.CSeq().SeqNo+1, auth), txInvite)
	if err != nil {
		return false
	}
	l.invite = ntx
	c.log.Info("answering the trunk's challenge", "trunk", t.Trunk, "code", code)
	return true
}

// parseChallenge reads the parameters of a Digest challenge.
func parseChallenge(v string) map[string]string {
	out := map[string]string{}
	v = strings.TrimSpace(v)
	if len(v) >= 6 && strings.EqualFold(v[:6], "digest") {
		v = v[6:]
	}
	for len(v) > 0 {
		v = strings.TrimLeft(v, " \t,")
		k, rest, ok := strings.Cut(v, "=")
		if !ok {
			break
		}
		k = strings.ToLower(strings.TrimSpace(k))
		rest = strings.TrimLeft(rest, " \t")
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				break
			}
			val, v = rest[1:1+end], rest[2+end:]
		} else {
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			val, v = strings.TrimSpace(rest[:end]), rest[end:]
		}
		out[k] = val
	}
	if q := out["qop"]; q != "" {
		// "auth,auth-int": we do auth.
		found := false
		for _, f := range strings.Split(q, ",") {
			if strings.TrimSpace(f) == "auth" {
				found = true
			}
		}
		if !found {
			out["qop"] = ""
		}
	}
	return out
}

// failoverTrunk moves a trunk call that failed on one target to the next
// (RFC 3263 §4.3: on a timeout or 5xx/408 try the next).
func (c *call) failoverTrunk(l *leg, code int) bool {
	if l.trunk == nil || c.outbound == nil || c.phase != phaseRinging {
		return false
	}
	if code != 408 && code < 500 {
		return false
	}
	if c.trunkIdx >= len(c.outbound.Targets) {
		return false
	}
	c.log.Info("trunk target failed; trying the next", "trunk", l.trunk.target.Trunk, "target", l.trunk.target.Addr, "code", code)
	return c.nextTrunkTarget()
}

// srtpAnswer completes SDES on a trunk leg from its answer: the keys it
// chose, or plain RTP when we only offered SRTP as optional.
func (c *call) srtpAnswer(l *leg, answer []byte) error {
	if l.trunk == nil || len(l.trunk.offered) == 0 {
		return nil
	}
	s, err := sdp.Parse(answer)
	if err != nil {
		return err
	}
	i := audioIndex(s)
	if i < 0 {
		return fmt.Errorf("%w: no audio", ErrBadSDP)
	}
	if !srtp.Secure(s.Media[i]) && l.trunk.target.SRTP != "required" {
		return nil // plain RTP answered to an optional (RTP/AVP) offer
	}
	if prev := c.srtp[c.sideOf(l)]; prev != nil {
		return nil // the 200 after an early answer: the keys stand
	}
	local, remote, err := srtp.Accept(l.trunk.offered, s.Media[i])
	if err != nil {
		return err
	}
	c.srtp[c.sideOf(l)] = &srtpLeg{local: local, remote: remote}
	return nil
}

// plainSession turns an SRTP description of a trunk into the plain RTP/AVP
// one a phone's leg gets (or the other way round), in place: no keys cross
// legs.
func plainSession(s *sdp.Session) {
	for _, m := range s.Media {
		if m.Proto == "RTP/SAVP" {
			m.Proto = "RTP/AVP"
		}
		srtp.ClearCrypto(m)
	}
}

// srtpInbound answers an SRTP offer from a trunk (the caller's leg): our
// keys go into the answer for it.
func (c *call) srtpInbound(answer []byte) ([]byte, error) {
	if c.aOffer == nil {
		return answer, nil
	}
	i := audioIndex(c.aOffer)
	if i < 0 {
		return answer, nil
	}
	if !srtp.Secure(c.aOffer.Media[i]) {
		return answer, nil // RTP/AVP, a=crypto or not: answered plain
	}
	var local, remote srtp.Crypto
	if prev := c.srtp[0]; prev != nil {
		local, remote = prev.local, prev.remote // the 200 repeats the 183's keys
	} else {
		var err error
		if local, remote, err = srtp.Answer(c.aOffer.Media[i]); err != nil {
			return nil, err
		}
	}
	s, err := sdp.Parse(answer)
	if err != nil {
		return nil, err
	}
	j := audioIndex(s)
	if j < 0 {
		return nil, fmt.Errorf("%w: no audio", ErrBadSDP)
	}
	srtp.SetCrypto(s.Media[j], local)
	s.Media[j].Proto = c.aOffer.Media[i].Proto
	if c.srtp[0] == nil {
		c.srtp[0] = &srtpLeg{local: local, remote: remote}
	}
	return s.Marshal(), nil
}

// srtpWrap puts SRTP around a direction's processor: packets from an SRTP
// leg are decrypted first, packets to one encrypted last.
func (c *call) srtpWrap(from int, p *bridge.Processor) (relayProcessor, error) {
	var inner relayProcessor
	if p != nil {
		inner = p
	}
	if s := c.srtp[from]; s != nil {
		if err := s.contexts(); err != nil {
			return nil, err
		}
		var next srtp.Processor
		if inner != nil {
			next = inner
		}
		inner = srtp.NewDecryptProcessor(s.unprot, next)
	}
	if s := c.srtp[1-from]; s != nil {
		if err := s.contexts(); err != nil {
			return nil, err
		}
		var in srtp.Processor
		if inner != nil {
			in = inner
		}
		inner = srtp.NewEncryptProcessor(s.prot, in)
	}
	return inner, nil
}

// relayProcessor is the relay's per-direction hook (media/relay.Processor).
type relayProcessor interface {
	Process(p []byte, emit func(pkt []byte))
}

// trunkCaller is the caller of a call from a trunk: its From, as a party.
func trunkCaller(m *sip.Request) (number, name string) {
	from := m.From()
	return from.Address.User, from.DisplayName
}
