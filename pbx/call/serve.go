package call

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// allowHdr lists what we accept in a dialog (RFC 3261 §20.5).
const allowValue = "INVITE, ACK, CANCEL, BYE, INFO, UPDATE, OPTIONS"

// ServeRequest handles INVITE, ACK, CANCEL, BYE, INFO and UPDATE from the
// edge. It runs on the edge's reader goroutine and only does what is quick:
// checks, authentication, then hands the request to its call's goroutine.
func (s *Switch) ServeRequest(req Request) {
	m := req.SIP()
	if m == nil {
		return
	}
	if m.CallID() == nil || m.From() == nil || m.To() == nil || m.CSeq() == nil || m.Via() == nil {
		if m.Method != sip.ACK {
			s.reply(req, 400, "Missing Mandatory Header")
		}
		return
	}
	if m.CSeq().MethodName != m.Method {
		if m.Method != sip.ACK {
			s.reply(req, 400, "CSeq Method Mismatch")
		}
		return
	}
	switch m.Method {
	case sip.INVITE:
		if tagOf(m.To().Params) == "" {
			s.newInvite(req)
			return
		}
		s.inDialog(req)
	case sip.ACK, sip.BYE, sip.INFO, sip.UPDATE, sip.CANCEL:
		s.inDialog(req)
	default:
		s.reply(req, 405, "Method Not Allowed", sip.NewHeader("Allow", allowValue))
	}
}

// inDialog hands a request to the call owning its Call-ID; the call checks
// tags and answers 481 when they are not its own.
func (s *Switch) inDialog(req Request) {
	m := req.SIP()
	c := s.lookup(string(*m.CallID()))
	if c != nil && c.post(event{kind: evRequest, req: req}) {
		return
	}
	switch m.Method {
	case sip.ACK:
		// An ACK without a transaction is dropped (RFC 3261 §17.2.3).
	default:
		s.mu.Lock()
		s.stats.NoDialog++
		s.mu.Unlock()
		s.reply(req, 481, "Call/Transaction Does Not Exist")
	}
}

// newInvite admits an out-of-dialog INVITE: checks, digest authentication
// of the caller, then a new call whose goroutine routes and forks it.
func (s *Switch) newInvite(req Request) {
	m := req.SIP()
	callID := string(*m.CallID())
	if c := s.lookup(callID); c != nil {
		// A retransmission the edge did not answer (a stream, or after its
		// cache rotated), or a merged request (RFC 3261 §8.2.2.2): the call
		// tells them apart by branch.
		if !c.post(event{kind: evRequest, req: req}) {
			s.reply(req, 482, "Loop Detected")
		}
		return
	}
	if callID == "" || tagOf(m.From().Params) == "" {
		s.reject(req, 400, "Missing Call-ID or From tag")
		return
	}
	if m.From().Address.User == "" {
		s.reject(req, 400, "Missing From user")
		return
	}
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing {
		s.reject(req, 503, "Service Unavailable", sip.NewHeader("Retry-After", "5"))
		return
	}
	// RFC 3261 §8.2.2.3: we support only "timer" (RFC 4028).
	if bad := unsupported(m); bad != "" {
		s.reject(req, 420, "Bad Extension", sip.NewHeader("Unsupported", bad))
		return
	}
	if len(m.Body()) > 0 && !isSDP(m) {
		s.reject(req, 415, "Unsupported Media Type", sip.NewHeader("Accept", "application/sdp"))
		return
	}
	var caller store.Extension
	trunkName := ""
	if s.opts.Trunks != nil {
		_, isExt := s.dir.Extension(m.From().Address.User)
		if name, ok := s.opts.Trunks.Source(req.Source().Addr().Unmap()); ok && !isExt {
			// From a trunk's networks, and not one of our phones behind
			// the same address: the trunk vouches for the caller.
			trunkName = name
			caller.Number, caller.Name = trunkCaller(m)
		} else if !isExt && m.GetHeader("Proxy-Authorization") == nil {
			// Not a phone of ours and not from a trunk's networks: a
			// stranger (or a trunk sending from an address not allowed).
			req.AuthFailed()
			s.reject(req, 403, "Forbidden")
			return
		}
	}
	if trunkName == "" {
		var ok bool
		if caller, ok = s.authenticate(req); !ok {
			return
		}
	}
	se, err := parseSessionTimer(m)
	if err != nil {
		s.reject(req, 400, "Bad Session-Expires")
		return
	}
	if se.interval > 0 && se.interval < s.opts.MinSE {
		// RFC 4028 §8.1: too small an interval is refused with our minimum.
		s.reject(req, 422, "Session Interval Too Small", sip.NewHeader("Min-SE", secs(s.opts.MinSE)))
		return
	}
	c := newCall(s, req, caller, se)
	c.trunk = trunkName
	if !s.bind(callID, c) {
		s.reply(req, 482, "Loop Detected")
		return
	}
	_ = req.Respond(100, "Trying")
	s.mu.Lock()
	s.calls[c.id] = c
	s.stats.Calls++
	s.mu.Unlock()
	c.post(event{kind: evInvite, req: req})
	s.wg.Add(1)
	go c.run()
}

// authenticate checks the caller's digest credentials (RFC 3261 §22.3,
// Proxy-Authorization). Unknown, disabled and wrong-realm extensions are
// verified against a dummy HA1, so they fail exactly like a wrong password.
func (s *Switch) authenticate(req Request) (store.Extension, bool) {
	m := req.SIP()
	var creds digest.Credentials
	var err error
	found := false
	for _, h := range m.GetHeaders("Proxy-Authorization") {
		creds, err = digest.ParseCredentials(h.Value())
		if err == nil && creds.Realm == s.opts.Realm {
			found = true
			break
		}
		if err == nil {
			err = digest.ErrRealm
		}
	}
	switch {
	case !found && err == nil:
		s.challenge(req, false)
		return store.Extension{}, false
	case !found && (errors.Is(err, digest.ErrAlgorithm) || errors.Is(err, digest.ErrRealm)):
		s.challenge(req, false)
		return store.Extension{}, false
	case !found:
		s.reject(req, 400, "Malformed Proxy-Authorization")
		return store.Extension{}, false
	}
	// The caller may only call as itself: the digest user is the From user.
	if creds.Username != m.From().Address.User {
		s.reject(req, 403, "Forbidden")
		return store.Extension{}, false
	}
	ext, ok := s.dir.Extension(creds.Username)
	usable := ok && ext.Enabled && ext.Realm == s.opts.Realm
	ha1 := s.dummyHA1[0]
	switch creds.Algorithm {
	case digest.SHA256:
		ha1 = s.dummyHA1[1]
		if usable {
			ha1 = ext.HA1SHA256
		}
	default:
		if usable {
			ha1 = ext.HA1MD5
		}
	}
	err = s.auth.Verify(creds, string(sip.INVITE), ha1)
	switch {
	case err == nil && usable:
		return ext, true
	case errors.Is(err, digest.ErrStale):
		s.challenge(req, true)
	case errors.Is(err, digest.ErrMalformed):
		s.reject(req, 400, "Malformed Proxy-Authorization")
	default:
		s.mu.Lock()
		s.stats.AuthFailed++
		s.mu.Unlock()
		req.AuthFailed()
		if s.log.Enabled(context.Background(), slog.LevelDebug) {
			s.log.Debug("INVITE authentication failed", "user", creds.Username, "source", req.Source(), "err", err)
		}
		s.challenge(req, false)
	}
	return store.Extension{}, false
}

// challenge answers 407 with one Proxy-Authenticate per algorithm.
func (s *Switch) challenge(req Request, stale bool) {
	ch := s.auth.ChallengeFor(s.opts.Algorithms, stale)
	hdrs := make([]sip.Header, len(ch))
	for i, v := range ch {
		hdrs[i] = sip.NewHeader("Proxy-Authenticate", v)
	}
	s.reply(req, 407, "Proxy Authentication Required", hdrs...)
}

func (s *Switch) reject(req Request, code int, reason string, hdrs ...sip.Header) {
	s.mu.Lock()
	s.stats.Rejected++
	s.mu.Unlock()
	s.reply(req, code, reason, hdrs...)
}

func (s *Switch) reply(req Request, code int, reason string, hdrs ...sip.Header) {
	if err := req.Respond(code, reason, hdrs...); err != nil && s.log.Enabled(context.Background(), slog.LevelDebug) {
		s.log.Debug("response not sent", "code", code, "source", req.Source(), "err", err)
	}
}

// unsupported lists the option tags of Require we do not support.
func unsupported(m *sip.Request) string {
	var bad []string
	for _, h := range m.GetHeaders("Require") {
		for _, tag := range strings.Split(h.Value(), ",") {
			tag = strings.TrimSpace(tag)
			if tag != "" && !strings.EqualFold(tag, "timer") {
				bad = append(bad, tag)
			}
		}
	}
	return strings.Join(bad, ", ")
}

// supports reports whether Supported (or its compact form k) lists tag.
func supports(m *sip.Request, tag string) bool {
	for _, name := range []string{"Supported", "k"} {
		for _, h := range m.GetHeaders(name) {
			for _, t := range strings.Split(h.Value(), ",") {
				if strings.EqualFold(strings.TrimSpace(t), tag) {
					return true
				}
			}
		}
	}
	return false
}

func isSDP(m interface{ ContentType() *sip.ContentTypeHeader }) bool {
	ct := m.ContentType()
	if ct == nil {
		return false
	}
	v, _, _ := strings.Cut(string(*ct), ";")
	return strings.EqualFold(strings.TrimSpace(v), "application/sdp")
}

func tagOf(p sip.HeaderParams) string {
	if p == nil {
		return ""
	}
	t, _ := p.Get("tag")
	return t
}

func secs(d interface{ Seconds() float64 }) string {
	return strconv.Itoa(int(d.Seconds()))
}
