package call

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/cdr"
)

// sessionTimer is what a request says about RFC 4028 session timers.
type sessionTimer struct {
	interval  time.Duration // Session-Expires delta-seconds; 0 when absent
	refresher string        // "uac", "uas" or ""
	minSE     time.Duration // Min-SE; 0 when absent
	supported bool          // Supported: timer
}

var errSessionExpires = errors.New("malformed Session-Expires or Min-SE")

// parseSessionTimer reads Session-Expires (compact form x) and Min-SE
// (RFC 4028 §4, §5).
func parseSessionTimer(m *sip.Request) (sessionTimer, error) {
	var st sessionTimer
	st.supported = supports(m, "timer")
	h := m.GetHeader("Session-Expires")
	if h == nil {
		h = m.GetHeader("x")
	}
	if h != nil {
		v, params, _ := strings.Cut(h.Value(), ";")
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 32)
		if err != nil || n == 0 {
			return st, errSessionExpires
		}
		st.interval = time.Duration(n) * time.Second
		for p := range strings.SplitSeq(params, ";") {
			k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "refresher") {
				st.refresher = strings.ToLower(strings.TrimSpace(val))
				if st.refresher != "uac" && st.refresher != "uas" {
					return st, errSessionExpires
				}
			}
		}
	}
	if h := m.GetHeader("Min-SE"); h != nil {
		v, _, _ := strings.Cut(h.Value(), ";")
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 32)
		if err != nil {
			return st, errSessionExpires
		}
		st.minSE = time.Duration(n) * time.Second
	}
	return st, nil
}

// negotiate decides the session interval and refresher of our 2xx to a
// request (RFC 4028 §9): the interval is the request's (at least our
// minimum and its Min-SE) or ours when it asked for none. With a caller
// that supports timers and expressed no preference the caller refreshes;
// one that does not support them leaves the refreshing to us. A zero
// interval means no session timer.
func (st sessionTimer) negotiate(ours, minSE time.Duration) (time.Duration, string) {
	interval := st.interval
	if interval == 0 {
		if !st.supported {
			return 0, ""
		}
		interval = ours
	}
	interval = max(interval, minSE, st.minSE)
	switch {
	case !st.supported:
		return interval, "uas"
	case st.refresher == "uas":
		return interval, "uas"
	}
	return interval, "uac"
}

// sessionDeadline is when the side that does not refresh gives up: the
// interval minus the smaller of 32 s and a third of it (RFC 4028 §10).
func sessionDeadline(interval time.Duration) time.Duration {
	return interval - min(32*time.Second, interval/3)
}

// sessionHeaders are the RFC 4028 headers of our 2xx.
func sessionHeaders(interval time.Duration, refresher string, supported bool) []sip.Header {
	if interval == 0 {
		return nil
	}
	hs := []sip.Header{sip.NewHeader("Session-Expires", secs(interval)+";refresher="+refresher)}
	if supported {
		// §9: Require: timer tells a UAC that supports it that the
		// session timer is on.
		hs = append(hs, sip.NewHeader("Require", "timer"))
	}
	return hs
}

// armSession (re)starts the session timer of an answered call: when the
// caller refreshes, the deadline after which we hang up; when we do, our
// next refresh at half the interval (RFC 4028 §10).
func (c *call) armSession() {
	c.stop(c.session)
	c.stop(c.refresh)
	c.session, c.refresh = nil, nil
	if c.sessInterval == 0 || c.phase != phaseAnswered {
		return
	}
	if c.refresher == "uac" {
		c.session = c.arm(sessionDeadline(c.sessInterval), tSession, nil)
		return
	}
	c.refresh = c.arm(c.sessInterval/2, tRefresh, nil)
}

// refreshFrom reads the session timer of a re-INVITE or UPDATE from the
// caller (a refresh, RFC 4028 §9), restarts the timer and returns the
// headers of our 2xx. It answers and returns false when the request must
// be refused.
func (c *call) refreshFrom(req Request) ([]sip.Header, bool) {
	st, err := parseSessionTimer(req.SIP())
	if err != nil {
		_ = req.Respond(400, "Bad Session-Expires")
		return nil, false
	}
	if st.interval > 0 && st.interval < c.sw.opts.MinSE {
		_ = req.Respond(422, "Session Interval Too Small", sip.NewHeader("Min-SE", secs(c.sw.opts.MinSE)))
		return nil, false
	}
	if c.sessInterval == 0 && st.interval == 0 && !st.supported {
		return nil, true // no session timer, before or now
	}
	c.se = st
	c.sessInterval, c.refresher = st.negotiate(c.sw.opts.SessionExpires, c.sw.opts.MinSE)
	c.armSession()
	return sessionHeaders(c.sessInterval, c.refresher, st.supported), true
}

// sendRefresh refreshes the caller's session ourselves (refresher=uas):
// a re-INVITE with the SDP it already has, so nothing changes.
func (c *call) sendRefresh() {
	c.refresh = nil
	if c.relay != nil || (c.a.srv != nil && c.a.srv.pending()) || c.a.state != legConfirmed {
		c.refresh = c.arm(c.sw.opts.T2, tRefresh, nil)
		return
	}
	req := c.a.next(sip.INVITE)
	req.AppendHeader(c.a.ourContact())
	req.AppendHeader(sip.NewHeader("Allow", allowValue))
	req.AppendHeader(sip.NewHeader("Supported", "timer"))
	req.AppendHeader(sip.NewHeader("Session-Expires", secs(c.sessInterval)+";refresher=uas"))
	ctype := sip.ContentTypeHeader("application/sdp")
	req.AppendHeader(&ctype)
	req.SetBody(c.a.sentSDP)
	tx, err := c.start(c.a, req, txRefresh)
	if err != nil {
		c.log.Info("session refresh not sent", "err", err)
		c.hangup(cdr.ReasonSessionTimerExpired, cdr.SideSystem)
		return
	}
	c.relay = tx
}

// onRefreshFinal: a 2xx restarts the timer; glare retries; anything else
// means the caller's side of the session is gone.
func (c *call) onRefreshFinal(tx *clientTx, code int) {
	if c.relay == tx {
		c.relay = nil
	}
	switch {
	case code < 300:
		c.armSession()
	case code == 491:
		c.refresh = c.arm(c.sw.opts.T2, tRefresh, nil)
	default:
		c.log.Info("session refresh refused; hanging up", "code", code)
		c.hangup(cdr.ReasonSessionTimerExpired, cdr.SideSystem)
	}
}
