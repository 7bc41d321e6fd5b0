package call

import (
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/cdr"
)

// serverInvite is an INVITE a phone sent us (the caller's first one, or a
// re-INVITE on either leg) until its final response is acknowledged. The
// edge answers retransmitted INVITEs from its cache; the retransmission of
// our final response until the ACK comes is ours (RFC 3261 §13.3.1.4 for
// 2xx, §17.2.1 Timers G and H otherwise).
type serverInvite struct {
	req      Request
	leg      *leg
	branch   string
	cseq     uint32
	initial  bool // the call's first INVITE
	code     int  // final sent; 0 while none
	reason   string
	ctype    string
	body     []byte
	hdrs     []sip.Header
	offer    bool // our 2xx carries an offer; the ACK carries the answer
	acked    bool
	interval time.Duration
	retrans  *timer
	giveUp   *timer
}

// pending reports whether the transaction still needs the call: no final
// yet, or a final still retransmitted until its ACK.
func (s *serverInvite) pending() bool {
	return !s.acked && (s.code == 0 || s.retrans != nil || s.giveUp != nil)
}

// respondFinal sends the final response and, until the ACK, retransmits it
// over UDP from T1 doubling to T2; after 64*T1 without ACK it gives up
// (for a 2xx on any transport, RFC 3261 §13.3.1.4).
func (c *call) respondFinal(srv *serverInvite, code int, reason, ctype string, body []byte, hdrs ...sip.Header) {
	if srv.code != 0 {
		return
	}
	srv.code, srv.reason, srv.ctype, srv.body, srv.hdrs = code, reason, ctype, body, hdrs
	c.sendFinal(srv)
	t1 := c.sw.opts.T1
	reliable := srv.leg.flow.reliable()
	if !reliable {
		srv.interval = t1
		srv.retrans = c.arm(t1, tSrvRetrans, func(t *timer) { t.srv = srv })
	}
	if code < 300 || !reliable {
		srv.giveUp = c.arm(64*t1, tSrvGiveUp, func(t *timer) { t.srv = srv })
	} else {
		// Timer I is zero over reliable transports: done once sent.
		srv.acked = true
	}
}

func (c *call) sendFinal(srv *serverInvite) {
	var err error
	if len(srv.body) > 0 {
		err = srv.req.RespondBody(srv.code, srv.reason, srv.ctype, srv.body, srv.hdrs...)
	} else {
		err = srv.req.Respond(srv.code, srv.reason, srv.hdrs...)
	}
	if err != nil {
		c.log.Debug("final response not sent", "code", srv.code, "err", err)
	}
}

func (c *call) stopServer(srv *serverInvite) {
	c.stop(srv.retrans)
	c.stop(srv.giveUp)
	srv.retrans, srv.giveUp = nil, nil
}

func (c *call) onServerTimer(t *timer) {
	srv := t.srv
	switch t.kind {
	case tSrvRetrans:
		if srv.retrans != t || srv.acked {
			return
		}
		c.sendFinal(srv)
		srv.interval = min(2*srv.interval, c.sw.opts.T2)
		srv.retrans = c.arm(srv.interval, tSrvRetrans, func(t *timer) { t.srv = srv })
	case tSrvGiveUp:
		if srv.giveUp != t || srv.acked {
			return
		}
		c.stopServer(srv)
		srv.acked = true // given up: nothing more will come of it
		if srv.leg.srv == srv {
			srv.leg.srv = nil
		}
		if srv.code < 300 && c.phase == phaseAnswered {
			c.log.Warn("2xx never acknowledged; hanging up", "leg", srv.leg.role, "cseq", srv.cseq)
			c.hangup(cdr.ReasonFailed, cdr.SideSystem)
			return
		}
		c.maybeFinish()
	}
}

// onAck ends the retransmission of our final response on leg l
// (RFC 3261 §17.2.1: the ACK of a non-2xx has the INVITE's branch; §13.3.1.4:
// the ACK of a 2xx is its own transaction, matched by CSeq).
func (c *call) onAck(l *leg, req Request) {
	srv := l.srv
	m := req.SIP()
	if srv == nil || srv.code == 0 || srv.acked || m.CSeq().SeqNo != srv.cseq {
		return
	}
	if srv.code >= 300 {
		if b, _ := m.Via().Params.Get("branch"); b != srv.branch {
			return
		}
	}
	c.stopServer(srv)
	srv.acked = true
	l.srv = nil
	if srv.offer && srv.code < 300 && len(m.Body()) > 0 && isSDP(m) {
		// The answer to the offer our 2xx carried (a re-INVITE without SDP).
		if info, err := parseSDP(m.Body()); err == nil {
			c.setRemoteMedia(l, info)
		}
	}
	c.maybeFinish()
}
