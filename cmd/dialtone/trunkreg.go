package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/sbc"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// Timing of registrations to providers. A refresh is sent at half the
// expiry the provider granted; a failed attempt is retried after
// regRetryMin, doubling up to regRetryMax (the base time of RFC 5626 §4.5
// for a flow that failed).
const (
	regRetryMin = 30 * time.Second
	regRetryMax = 10 * time.Minute
	// regTimeout is Timer F of a non-INVITE client transaction
	// (RFC 3261 §17.1.2.2: 64*T1).
	regTimeout = 64 * probeT1
	// regUnregister bounds the Expires: 0 sent at shutdown or when a
	// trunk's settings change.
	regUnregister = 2 * time.Second
	// regPoll is how often the configuration is compared with what is
	// registered.
	regPoll = time.Second
	// regMinRefresh keeps a provider granting a tiny expiry from making us
	// send REGISTER in a loop.
	regMinRefresh = time.Second
	// maxChallenge bounds a WWW-Authenticate value we parse, so that our
	// answer stays within digest.MaxHeaderLen.
	maxChallenge = 2048
)

// Registration states, as `dialtone trunk status` shows them.
const (
	regRegistering = "registering"
	regRegistered  = "registered"
	regFailed      = "failed"
)

var (
	// errRegRefused: the provider answered REGISTER with a final failure.
	errRegRefused = errors.New("registration refused")
	// errRegCredentials: the provider challenged credentials it was just
	// given (wrong username or password), or more times than we answer.
	errRegCredentials = errors.New("registration credentials refused")
	// errRegChallenge: a 401/407 with no challenge we can answer.
	errRegChallenge = errors.New("no digest challenge we can answer")
)

// regStatus is one registration trunk's REGISTER state, as `dialtone trunk
// status --json` shows it under "registration".
type regStatus = trunk.Registration

// regEdge is what registrations need of the SIP edge (*sbc.Edge).
type regEdge interface {
	SendRequest(ctx context.Context, transport string, local, remote netip.AddrPort, flowID uint64, req *sip.Request) error
	Dial(ctx context.Context, transport string, remote netip.AddrPort, serverName string) (sbc.Flow, error)
	Addr(transport string) netip.AddrPort
}

// trunkRegistrations registers Dialtone with the provider of every enabled
// registration trunk (RFC 3261 §10.2): REGISTER with digest credentials,
// refreshed before the binding expires, retried with backoff, sent again
// when the trunk's settings change, and withdrawn (Expires: 0) when the
// trunk goes or Run ends. Responses reach it through HandleResponse. It
// also knows the providers' addresses, so that their calls to our Contact
// are recognised as the trunk's (Source).
type trunkRegistrations struct {
	edge     regEdge
	resolver trunk.TargetResolver
	trunks   func() map[string]trunk.Profile // enabled registration trunks
	publicIP netip.Addr                      // advertised in Contact when valid; set before Run
	clock    trunk.Clock
	log      *slog.Logger
	// sourceIP is the local address the kernel uses towards remote, for a
	// Contact when we listen on a wildcard address.
	sourceIP func(remote netip.AddrPort) netip.Addr

	t1, t2, timeout    time.Duration
	retryMin, retryMax time.Duration
	unregister, poll   time.Duration
	wg                 sync.WaitGroup
	mu                 sync.Mutex
	regs               map[string]*trunkRegistration
	pending            *answerWaiters
	stopped            bool
}

// newTrunkRegistrations registers the trunks trunks lists (polled), over
// edge, resolving with r. Set publicIP before Run when we are behind NAT.
func newTrunkRegistrations(edge regEdge, r trunk.TargetResolver, trunks func() map[string]trunk.Profile, log *slog.Logger) *trunkRegistrations {
	return &trunkRegistrations{
		edge: edge, resolver: r, trunks: trunks, clock: systemClock{}, log: log, sourceIP: sourceIPTowards,
		t1: probeT1, t2: probeT2, timeout: regTimeout, retryMin: regRetryMin, retryMax: regRetryMax,
		unregister: regUnregister, poll: regPoll,
		regs: map[string]*trunkRegistration{}, pending: newAnswerWaiters(sip.REGISTER),
	}
}

// HandleResponse takes the responses to the trunks' OPTIONS pings and
// REGISTERs, reporting whether res was one (chained in callControl.register).
func (ts *trunkSide) HandleResponse(res *sip.Response) bool {
	return ts.prober.HandleResponse(res) || (ts.regs != nil && ts.regs.HandleResponse(res))
}

// systemClock is trunk.Clock on the wall clock.
type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Run keeps the registrations in line with the configuration until ctx
// ends, then withdraws every binding (each bounded by the unregister
// time, all at once) and returns when every registration has stopped.
func (rs *trunkRegistrations) Run(ctx context.Context) {
	defer rs.stopAll()
	for {
		rs.reconcile()
		select {
		case <-ctx.Done():
			return
		case <-rs.clock.After(rs.poll):
		}
	}
}

// sameRegistration reports whether two profiles register the same way.
func sameRegistration(a, b trunk.Profile) bool {
	return a.Host == b.Host && a.Port == b.Port && a.Transport == b.Transport && a.Username == b.Username &&
		a.Password == b.Password && a.RegisterExpiry == b.RegisterExpiry
}

// reconcile starts a registration for each new trunk, replaces those whose
// settings changed (the new one registers after the old one withdrew its
// binding, which may be the same Contact) and stops those gone.
func (rs *trunkRegistrations) reconcile() {
	want := rs.trunks()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.stopped {
		return
	}
	prev := map[string]<-chan struct{}{}
	for name, r := range rs.regs {
		if p, ok := want[name]; ok && sameRegistration(p, r.prof) {
			continue
		}
		r.cancel()
		prev[name] = r.done
		delete(rs.regs, name)
		rs.log.Info("trunk registration stopped: the trunk changed or went", "trunk", name)
	}
	for name, p := range want {
		if _, ok := rs.regs[name]; ok {
			continue
		}
		r := rs.newRegistration(name, p, prev[name])
		rs.regs[name] = r
		ctx, cancel := context.WithCancel(context.Background())
		r.cancel = cancel
		rs.wg.Go(func() { r.run(ctx) })
	}
}

// stopAll withdraws every registration and waits for them.
func (rs *trunkRegistrations) stopAll() {
	rs.mu.Lock()
	rs.stopped = true
	for name, r := range rs.regs {
		r.cancel()
		delete(rs.regs, name)
	}
	rs.mu.Unlock()
	rs.wg.Wait()
}

// HandleResponse takes the responses to our REGISTERs (by Call-ID and
// CSeq method; the branch and CSeq number are checked by the waiting
// registration) and reports whether res was one.
func (rs *trunkRegistrations) HandleResponse(res *sip.Response) bool { return rs.pending.deliver(res) }

// Source names the registration trunk whose provider resolved to addr:
// the provider sends its calls to the Contact we registered, from the
// servers we registered with.
func (rs *trunkRegistrations) Source(addr netip.Addr) (string, bool) {
	addr = addr.Unmap()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	names := make([]string, 0, len(rs.regs))
	for name, r := range rs.regs {
		if slices.Contains(r.addrs, addr) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "", false
	}
	slices.Sort(names) // two trunks on one provider: the same one every time
	return names[0], true
}

// FlowClosed sends the REGISTER of every registration whose TCP or TLS
// connection ended at once: the provider can no longer reach us over it.
func (rs *trunkRegistrations) FlowClosed(transport string, id uint64) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, r := range rs.regs {
		if r.flowID == id && r.flowTransport == transport && id != 0 {
			select {
			case r.kick <- struct{}{}:
			default:
			}
		}
	}
}

// Statuses lists the registrations' states by trunk.
func (rs *trunkRegistrations) Statuses() map[string]regStatus {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	out := make(map[string]regStatus, len(rs.regs))
	for name, r := range rs.regs {
		out[name] = r.status
	}
	return out
}

func (rs *trunkRegistrations) newRegistration(name string, p trunk.Profile, prev <-chan struct{}) *trunkRegistration {
	return &trunkRegistration{
		rs: rs, name: name, prof: p, log: rs.log.With("trunk", name), prev: prev,
		done: make(chan struct{}), kick: make(chan struct{}, 1),
		callID: rand.Text(), fromTag: rand.Text()[:16],
		status: regStatus{State: regRegistering, Since: rs.clock.Now()},
	}
}

// trunkRegistration is the REGISTER client of one trunk. One Call-ID for
// its life, CSeq increasing (RFC 3261 §10.2.4).
type trunkRegistration struct {
	rs     *trunkRegistrations
	name   string
	prof   trunk.Profile
	log    *slog.Logger
	prev   <-chan struct{} // the registration it replaces, withdrawn first
	done   chan struct{}
	kick   chan struct{}
	cancel context.CancelFunc

	// Owned by run's goroutine.
	callID, fromTag string
	cseq            uint32
	sentContact     sip.Uri    // the Contact of the last REGISTER, to find its expiry
	auth            *challenge // answered with each request until refused
	nc              uint32     // nonce count of auth's nonce (RFC 2617 §3.2.2)
	bound           bool       // the provider may hold our binding
	target          trunk.Target

	// Guarded by rs.mu.
	status        regStatus
	addrs         []netip.Addr
	flowTransport string
	flowID        uint64
}

// run registers and refreshes until ctx ends, then withdraws the binding.
func (r *trunkRegistration) run(ctx context.Context) {
	defer close(r.done)
	answers, done := r.rs.pending.wait(r.callID)
	defer done()
	if r.prev != nil {
		select {
		case <-r.prev:
		case <-ctx.Done():
			return
		}
	}
	backoff := r.rs.retryMin
	for ctx.Err() == nil {
		granted, code, err := r.transact(ctx, answers, r.prof.RegisterExpiry)
		if ctx.Err() != nil {
			break
		}
		now := r.rs.clock.Now()
		var wait time.Duration
		if err == nil {
			wait = max(granted/2, regMinRefresh)
			backoff = r.rs.retryMin
			r.update(func(s *regStatus) {
				if s.State != regRegistered {
					r.log.Info("registered with the trunk's provider", "target", r.target.String(), "expires", granted)
				}
				setRegState(s, regRegistered, now)
				s.LastCode, s.LastError, s.GrantedS, s.Expires = code, "", int(granted/time.Second), now.Add(granted)
				s.Registrations++
				s.NextAttempt = now.Add(wait)
			})
		} else {
			wait = backoff
			backoff = min(2*backoff, r.rs.retryMax)
			r.log.Warn("registration with the trunk's provider failed", "code", code, "err", err, "retry_in", wait)
			r.update(func(s *regStatus) {
				setRegState(s, regFailed, now)
				s.LastCode, s.LastError = code, err.Error()
				s.Failures++
				s.NextAttempt = now.Add(wait)
				if !s.Expires.After(now) {
					s.Expires, s.GrantedS = time.Time{}, 0
				}
			})
		}
		select {
		case <-ctx.Done():
		case <-r.rs.clock.After(wait):
		case <-r.kick:
			r.log.Info("the trunk's connection closed: registering again")
		}
	}
	if !r.bound {
		return
	}
	uctx, cancel := context.WithTimeout(context.Background(), r.rs.unregister)
	defer cancel()
	if _, code, err := r.transact(uctx, answers, 0); err != nil {
		r.log.Info("unregistering from the trunk's provider failed", "code", code, "err", err)
		return
	}
	r.log.Info("unregistered from the trunk's provider")
}

// setRegState moves s to state, noting when it changed.
func setRegState(s *regStatus, state string, now time.Time) {
	if s.State != state {
		s.State, s.Since = state, now
	}
}

// update changes the registration's status.
func (r *trunkRegistration) update(f func(*regStatus)) {
	r.rs.mu.Lock()
	defer r.rs.mu.Unlock()
	f(&r.status)
}

// transact sends one REGISTER asking for expires (0 withdraws the binding)
// and answers the provider's challenges. It tries the provider's servers
// in RFC 3263 order, the one registered with first, moving on after a
// timeout, a transport failure, 408 or 5xx (§4.3). It returns the expiry
// granted and the final response code.
func (r *trunkRegistration) transact(ctx context.Context, answers <-chan *sip.Response, expires time.Duration) (time.Duration, int, error) {
	host := r.prof.TargetHost()
	targets, err := r.rs.resolver.Resolve(ctx, host, r.prof.Transport)
	if err == nil && len(targets) == 0 {
		err = fmt.Errorf("%w: %s", trunk.ErrNoAddress, host)
	}
	if err != nil {
		if r.bound && expires == 0 && r.target.Addr.IsValid() {
			targets = []trunk.Target{r.target} // withdraw where we registered
		} else {
			return 0, 0, fmt.Errorf("resolving %s: %w", host, err)
		}
	}
	addrs := make([]netip.Addr, 0, len(targets))
	for _, t := range targets {
		if a := t.Addr.Addr().Unmap(); !slices.Contains(addrs, a) {
			addrs = append(addrs, a)
		}
	}
	r.rs.mu.Lock()
	r.addrs = addrs
	r.rs.mu.Unlock()
	if i := slices.IndexFunc(targets, func(t trunk.Target) bool { return t.Addr == r.target.Addr }); i > 0 {
		targets = append([]trunk.Target{targets[i]}, slices.Delete(slices.Clone(targets), i, i+1)...)
	}
	var (
		code int
		last error
	)
	for _, t := range targets {
		var granted time.Duration
		granted, code, err = r.transactWith(ctx, answers, t, expires)
		// A final answer is judged by its code; no answer at all (code 0)
		// by the error: a timeout or a transport failure moves on.
		retry := trunk.Retryable(code, nil)
		if code == 0 {
			retry = err != nil
		}
		if !retry || ctx.Err() != nil {
			return granted, code, err
		}
		last = err
		if err == nil {
			last = fmt.Errorf("%w: %d from %s", errRegRefused, code, t)
		}
		r.log.Info("trunk server failed the REGISTER; trying the next", "target", t.String(), "code", code, "err", err)
	}
	return 0, code, last
}

// transactWith registers with one server of the provider.
func (r *trunkRegistration) transactWith(ctx context.Context, answers <-chan *sip.Response, t trunk.Target, expires time.Duration) (time.Duration, int, error) {
	r.target = t
	r.update(func(s *regStatus) { s.Target = t.String() })
	secs := int(expires / time.Second)
	rounds, minExpired := 0, false
	for {
		sentAuth := r.auth
		res, err := r.send(ctx, answers, t, secs)
		if err != nil {
			if expires != 0 && ctx.Err() != nil {
				r.bound = true // sent, not answered: the provider may have it
			}
			return 0, 0, err
		}
		code := res.StatusCode
		switch {
		case code >= 200 && code < 300:
			if expires == 0 {
				r.bound = false
				return 0, code, nil
			}
			granted := grantedExpiry(res, r.sentContact, secs)
			if granted <= 0 {
				return 0, code, fmt.Errorf("%w: %d with no expiry left", errRegRefused, code)
			}
			r.bound = true
			return granted, code, nil
		case code == 401 || code == 407:
			ch, ok := pickChallenge(res, code == 407)
			if !ok {
				return 0, code, fmt.Errorf("%w (%d)", errRegChallenge, code)
			}
			// A fresh challenge for credentials just sent, with the same
			// nonce and not stale, refuses them (RFC 2617 §3.2.1).
			if rounds >= 2 || (sentAuth != nil && sentAuth.nonce == ch.nonce && !ch.stale) {
				r.auth = nil
				return 0, code, fmt.Errorf("%w: %d for user %q", errRegCredentials, code, r.prof.Username)
			}
			r.auth, r.nc = &ch, 0
			rounds++
		case code == 423 && !minExpired:
			// RFC 3261 §10.2.8: ask again with at least Min-Expires.
			m := headerInt(res, "Min-Expires")
			if m <= secs || expires == 0 {
				return 0, code, fmt.Errorf("%w: %d without a usable Min-Expires", errRegRefused, code)
			}
			secs, minExpired = m, true
		default:
			return 0, code, fmt.Errorf("%w: %d %s", errRegRefused, code, res.Reason)
		}
	}
}

// send sends one REGISTER and waits for its final response: over UDP
// from the edge's listener, retransmitted from T1 doubling to T2; over
// TCP or TLS on the trunk's connection (opened by the edge and kept).
// Timer F (or ctx) ends the wait.
func (r *trunkRegistration) send(ctx context.Context, answers <-chan *sip.Response, t trunk.Target, expires int) (*sip.Response, error) {
	rs := r.rs
	transport := t.Transport.String()
	if t.Transport == trunk.TransportAny {
		transport = "udp"
	}
	var (
		flow sbc.Flow
		req  *sip.Request
	)
	for attempt := 0; ; attempt++ {
		flow = sbc.Flow{Transport: "udp", Local: rs.edge.Addr("udp"), Remote: t.Addr}
		if transport != "udp" {
			dctx, cancel := context.WithTimeout(ctx, rs.timeout)
			f, err := rs.edge.Dial(dctx, transport, t.Addr, r.prof.Host)
			cancel()
			if err != nil {
				return nil, err
			}
			flow = f
		}
		rs.mu.Lock()
		r.flowTransport, r.flowID = flow.Transport, flow.ID
		rs.mu.Unlock()
		req = r.request(flow, expires)
		err := rs.edge.SendRequest(ctx, flow.Transport, flow.Local, flow.Remote, flow.ID, req)
		if err == nil {
			break
		}
		if attempt == 0 && transport != "udp" && errors.Is(err, sbc.ErrFlowClosed) {
			continue // the kept connection closed just now: open another
		}
		return nil, err
	}
	branch := ""
	if v := req.Via(); v != nil {
		branch, _ = v.Params.Get("branch")
	}
	seq := req.CSeq().SeqNo
	var (
		resend   <-chan time.Time // UDP only: streams are reliable
		interval = rs.t1
	)
	if transport == "udp" {
		resend = rs.clock.After(interval)
	}
	timerF := rs.clock.After(rs.timeout)
	for {
		select {
		case res := <-answers:
			if res.StatusCode >= 200 && ours(res, branch, seq) {
				return res, nil
			}
		case <-resend:
			interval = min(2*interval, rs.t2)
			resend = rs.clock.After(interval)
			if err := rs.edge.SendRequest(ctx, flow.Transport, flow.Local, flow.Remote, flow.ID, req); err != nil {
				return nil, err
			}
		case <-timerF:
			return nil, fmt.Errorf("REGISTER to %s: no final response within %v", t, rs.timeout)
		case <-ctx.Done():
			return nil, fmt.Errorf("REGISTER to %s: %w", t, ctx.Err())
		}
	}
}

// ours reports whether res answers the request with this branch and CSeq
// (RFC 3261 §17.1.3).
func ours(res *sip.Response, branch string, seq uint32) bool {
	via, cseq := res.Via(), res.CSeq()
	if via == nil || cseq == nil || cseq.SeqNo != seq {
		return false
	}
	b, _ := via.Params.Get("branch")
	return b == branch
}

// request builds a REGISTER of RFC 3261 §10.2: Request-URI the provider's
// domain (and port when one is set), To and From the account's
// address-of-record, Contact our address and listener port. The edge adds
// Via, Max-Forwards, User-Agent and Content-Length.
func (r *trunkRegistration) request(flow sbc.Flow, expires int) *sip.Request {
	p := r.prof
	ruri := sip.Uri{Scheme: "sip", Host: uriHost(p.Host), Port: int(p.Port)}
	if flow.Transport != "udp" {
		ruri.UriParams = sip.NewParams()
		ruri.UriParams.Add("transport", flow.Transport)
	}
	req := sip.NewRequest(sip.REGISTER, ruri)
	aor := sip.Uri{Scheme: "sip", User: p.Username, Host: uriHost(p.Host)}
	req.AppendHeader(&sip.FromHeader{Address: aor, Params: sip.HeaderParams{{K: "tag", V: r.fromTag}}})
	req.AppendHeader(&sip.ToHeader{Address: *aor.Clone()})
	cid := sip.CallIDHeader(r.callID)
	req.AppendHeader(&cid)
	r.cseq++
	req.AppendHeader(&sip.CSeqHeader{SeqNo: r.cseq, MethodName: sip.REGISTER})
	r.sentContact = r.contact(flow)
	req.AppendHeader(&sip.ContactHeader{Address: r.sentContact})
	exp := sip.ExpiresHeader(expires)
	req.AppendHeader(&exp)
	if r.auth != nil {
		r.nc++
		name := "Authorization"
		if r.auth.proxy {
			name = "Proxy-Authorization"
		}
		req.AppendHeader(sip.NewHeader(name, r.auth.credentials(p.Username, p.Password, sip.REGISTER.String(), ruri.String(), r.nc)))
	}
	return req
}

// contact is our Contact on flow: the public address when set, else the
// local one (the kernel's choice towards the provider for a wildcard
// listener), with the listener's port: for TCP and TLS not the
// connection's, as the provider may connect back there.
func (r *trunkRegistration) contact(flow sbc.Flow) sip.Uri {
	rs := r.rs
	local := flow.Local
	if l := rs.edge.Addr(flow.Transport); l.IsValid() {
		local = netip.AddrPortFrom(local.Addr(), l.Port())
		if !local.Addr().IsValid() {
			local = l
		}
	}
	host := rs.publicIP
	if !host.IsValid() {
		host = local.Addr().Unmap()
		if !host.IsValid() || host.IsUnspecified() {
			host = rs.sourceIP(flow.Remote)
		}
	}
	u := sip.Uri{Scheme: "sip", User: r.prof.Username, Host: uriHost(host.String()), Port: int(local.Port())}
	if flow.Transport != "udp" {
		u.UriParams = sip.NewParams()
		u.UriParams.Add("transport", flow.Transport)
	}
	return u
}

// sourceIPTowards is the source address the kernel would use towards
// remote (a connected UDP socket sends nothing).
func sourceIPTowards(remote netip.AddrPort) netip.Addr {
	c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(remote))
	if err != nil {
		return netip.IPv4Unspecified()
	}
	defer c.Close()
	if ua, ok := c.LocalAddr().(*net.UDPAddr); ok {
		if a, ok := netip.AddrFromSlice(ua.IP); ok {
			return a.Unmap()
		}
	}
	return netip.IPv4Unspecified()
}

// uriHost brackets an IPv6 address for a SIP URI.
func uriHost(h string) string {
	if a, err := netip.ParseAddr(h); err == nil && a.Is6() {
		return "[" + h + "]"
	}
	return h
}

// grantedExpiry reads the expiry of a 200 to REGISTER (RFC 3261 §10.2.4):
// the expires parameter of our own Contact (user, host and port: the 200
// lists every binding of the account, stale ones of ours and other
// devices' too), else the Expires header, else what we asked for.
func grantedExpiry(res *sip.Response, ours sip.Uri, asked int) time.Duration {
	for _, h := range res.GetHeaders("Contact") {
		c, ok := h.(*sip.ContactHeader)
		if !ok || c.Address.User != ours.User || !strings.EqualFold(c.Address.Host, ours.Host) || c.Address.Port != ours.Port {
			continue
		}
		if v, ok := c.Params.Get("expires"); ok {
			if n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 32); err == nil {
				return time.Duration(n) * time.Second // ≤ 2^32-1 s (§20.19): no overflow
			}
		}
	}
	if n := headerInt(res, "Expires"); n >= 0 {
		return time.Duration(n) * time.Second
	}
	return time.Duration(asked) * time.Second
}

// headerInt is a header's value as a non-negative integer, -1 when absent
// or not a number.
func headerInt(res *sip.Response, name string) int {
	h := res.GetHeader(name)
	if h == nil {
		return -1
	}
	n, err := strconv.ParseUint(strings.TrimSpace(h.Value()), 10, 32) // §20.19: ≤ 2^32-1
	if err != nil {
		return -1
	}
	return int(n)
}

// challenge is a Digest challenge we can answer (RFC 3261 §22.4,
// RFC 2617 §3.2.1, RFC 8760 for SHA-256).
type challenge struct {
	proxy                bool // 407: answered in Proxy-Authorization
	realm, nonce, opaque string
	alg                  digest.Algorithm
	algName              string // as the provider spelled it; "" when absent
	qop                  bool   // qop=auth offered
	stale                bool
}

// pickChallenge chooses the strongest challenge of a 401 or 407 that we
// can answer: SHA-256 before MD5 (RFC 8760 §2.4).
func pickChallenge(res *sip.Response, proxy bool) (challenge, bool) {
	name := "WWW-Authenticate"
	if proxy {
		name = "Proxy-Authenticate"
	}
	var best challenge
	found := false
	for _, h := range res.GetHeaders(name) {
		c, err := parseChallenge(h.Value())
		if err != nil {
			continue
		}
		if !found || (c.alg == digest.SHA256 && best.alg != digest.SHA256) {
			best, found = c, true
		}
	}
	best.proxy = proxy
	return best, found
}

// parseChallenge reads a WWW-Authenticate or Proxy-Authenticate value:
// "Digest" and comma-separated name=token or name="quoted-string"
// parameters (RFC 3261 §25.1). Values we echo back (realm, nonce, opaque)
// must be free of quotes, backslashes and control characters, so that a
// provider cannot inject header text through our credentials.
func parseChallenge(v string) (challenge, error) {
	var c challenge
	if len(v) > maxChallenge {
		return c, fmt.Errorf("%w: challenge longer than %d bytes", errRegChallenge, maxChallenge)
	}
	if !utf8.ValidString(v) {
		return c, fmt.Errorf("%w: invalid UTF-8", errRegChallenge)
	}
	v = strings.TrimLeft(v, " \t")
	if len(v) < 6 || !strings.EqualFold(v[:6], "digest") || (len(v) > 6 && v[6] != ' ' && v[6] != '\t') {
		return c, fmt.Errorf("%w: not a Digest challenge", errRegChallenge)
	}
	v = v[6:]
	seen := map[string]bool{}
	qops := ""
	for {
		v = strings.TrimLeft(v, " \t,")
		if v == "" {
			break
		}
		eq := strings.IndexByte(v, '=')
		if eq <= 0 {
			return c, fmt.Errorf("%w: parameter without a value", errRegChallenge)
		}
		name := strings.ToLower(strings.TrimRight(v[:eq], " \t"))
		v = strings.TrimLeft(v[eq+1:], " \t")
		var val string
		if strings.HasPrefix(v, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(v) && v[i] != '"'; i++ {
				if v[i] == '\\' && i+1 < len(v) {
					i++
				}
				b.WriteByte(v[i])
			}
			if i >= len(v) {
				return c, fmt.Errorf("%w: unterminated quoted value", errRegChallenge)
			}
			val, v = b.String(), v[i+1:]
		} else {
			end := strings.IndexAny(v, ", \t")
			if end < 0 {
				end = len(v)
			}
			val, v = v[:end], v[end:]
		}
		if seen[name] {
			return c, fmt.Errorf("%w: parameter %q twice", errRegChallenge, name)
		}
		seen[name] = true
		switch name {
		case "realm":
			c.realm = val
		case "nonce":
			c.nonce = val
		case "opaque":
			c.opaque = val
		case "algorithm":
			c.algName = val
		case "qop":
			qops = val
		case "stale":
			c.stale = strings.EqualFold(val, "true")
		}
	}
	for _, s := range []string{c.realm, c.nonce, c.opaque, c.algName} {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '"' || r == '\\' }) {
			return c, fmt.Errorf("%w: a parameter has quotes, backslashes or control characters", errRegChallenge)
		}
	}
	if c.nonce == "" {
		return c, fmt.Errorf("%w: no nonce", errRegChallenge)
	}
	alg, err := digest.ParseAlgorithm(c.algName)
	if err != nil {
		return c, fmt.Errorf("%w: %w", errRegChallenge, err)
	}
	c.alg = alg
	if strings.ContainsAny(c.algName, " ,") {
		return c, fmt.Errorf("%w: algorithm %q", errRegChallenge, c.algName)
	}
	for _, q := range strings.Split(qops, ",") {
		if strings.EqualFold(strings.TrimSpace(q), "auth") {
			c.qop = true
		}
	}
	if qops != "" && !c.qop {
		return c, fmt.Errorf("%w: qop %q has no auth", errRegChallenge, qops)
	}
	return c, nil
}

// credentials is the Authorization value answering c for one request
// (RFC 2617 §3.2.2): with qop=auth a fresh cnonce and nonce count nc,
// else the RFC 2069 form RFC 3261 §22.4 keeps.
func (c *challenge) credentials(user, password, method, uri string, nc uint32) string {
	ha1 := digest.HA1(c.alg, user, c.realm, password)
	var b strings.Builder
	fmt.Fprintf(&b, `Digest username="%s", realm="%s", nonce="%s", uri="%s"`, user, c.realm, c.nonce, uri)
	if c.qop {
		var cn [12]byte
		_, _ = rand.Read(cn[:])
		cnonce := hex.EncodeToString(cn[:])
		ncs := fmt.Sprintf("%08x", nc)
		fmt.Fprintf(&b, `, response="%s", cnonce="%s", nc=%s, qop=auth`,
			digest.Response(c.alg, ha1, c.nonce, ncs, cnonce, "auth", method, uri), cnonce, ncs)
	} else {
		fmt.Fprintf(&b, `, response="%s"`, digest.Response(c.alg, ha1, c.nonce, "", "", "", method, uri))
	}
	if c.algName != "" {
		fmt.Fprintf(&b, ", algorithm=%s", c.algName)
	}
	if c.opaque != "" {
		fmt.Fprintf(&b, `, opaque="%s"`, c.opaque)
	}
	return b.String()
}

// registrationTrunks lists the enabled trunks that register, with their
// profiles (built once per configuration version).
func (p *trunkPlanner) registrationTrunks() map[string]trunk.Profile {
	s := p.snap()
	if s == nil {
		return nil
	}
	profiles := p.profilesOf(s)
	out := map[string]trunk.Profile{}
	for _, t := range s.Trunks() {
		if prof, ok := profiles[t.Name]; ok && t.Enabled && prof.Kind == trunk.KindRegistration {
			out[t.Name] = prof
		}
	}
	return out
}

// responseTaker takes the responses to requests it sent (callControl
// chains them before the registrar's).
type responseTaker interface {
	HandleResponse(res *sip.Response) bool
}

// withRegistrations adds the registrations' states to the trunks' health:
// each trunk that registers gets its Registration, and an entry of its own
// when it was never pinged.
func withRegistrations(sts []trunk.Status, rs *trunkRegistrations) []trunk.Status {
	if rs == nil {
		return sts
	}
	regs := rs.Statuses()
	for i := range sts {
		if r, ok := regs[sts[i].Trunk]; ok {
			reg := r
			sts[i].Registration = &reg
			delete(regs, sts[i].Trunk)
		}
	}
	for name, r := range regs {
		reg := r
		sts = append(sts, trunk.Status{Trunk: name, State: trunk.StateUnknown, Registration: &reg})
	}
	slices.SortFunc(sts, func(a, b trunk.Status) int { return strings.Compare(a.Trunk, b.Trunk) })
	return sts
}
