package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// stepClock is a trunk.Clock moved by hand: After's channel fires when
// advance passes its time. Each After is counted, so a test can wait for
// a registration to arm its next timer.
type stepClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []stepTimer
	armed  chan time.Duration
}

type stepTimer struct {
	at time.Time
	d  time.Duration
	ch chan time.Time
}

func newStepClock() *stepClock {
	return &stepClock{now: time.Unix(1_700_000_000, 0), armed: make(chan time.Duration, 1024)}
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, stepTimer{at: c.now.Add(d), d: d, ch: ch})
	c.armed <- d
	return ch
}

func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.now) {
			kept = append(kept, t)
			continue
		}
		t.ch <- c.now
	}
	c.timers = kept
}

// waitArmed waits (in real time) for a timer of duration d to be armed.
func (c *stepClock) waitArmed(t *testing.T, d time.Duration) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case got := <-c.armed:
			if got == d {
				return
			}
		case <-deadline:
			t.Fatalf("no %v timer armed within 5 s", d)
		}
	}
}

// provider is a trunk provider's registrar: digest challenges from the
// server-side implementation (pbx/registrar/digest), which also checks
// that nonce counts only go up; a 200 grants grant seconds in the
// Contact's expires.
type provider struct {
	t        *testing.T
	mu       sync.Mutex
	auth     *digest.Authenticator
	algs     []digest.Algorithm
	user     string
	password string
	grant    int
	proxy    bool // 407 instead of 401
	code     int  // answer this instead, when set
	silent   bool // answer nothing
	minExp   int  // 423 below this
	seen     []*sip.Request
	verified []digest.Credentials
}

func newProvider(t *testing.T, clock trunk.Clock, algs ...digest.Algorithm) *provider {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &provider{t: t, auth: digest.New("sip.example.net", key, digest.WithClock(clock.Now)), algs: algs,
		user: "acct", password: "trunk-secret-1", grant: 20}
}

func (p *provider) set(f func(p *provider)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

func (p *provider) requests() []*sip.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*sip.Request(nil), p.seen...)
}

func (p *provider) credentials() []digest.Credentials {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]digest.Credentials(nil), p.verified...)
}

func (p *provider) answer(req *sip.Request) []*sip.Response {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, req)
	if p.silent {
		return nil
	}
	if p.code != 0 {
		return []*sip.Response{sip.NewResponseFromRequest(req, p.code, "Nope", nil)}
	}
	challenge := func(stale bool) []*sip.Response {
		code, name := 401, "WWW-Authenticate"
		if p.proxy {
			code, name = 407, "Proxy-Authenticate"
		}
		res := sip.NewResponseFromRequest(req, code, "Unauthorized", nil)
		for _, c := range p.auth.ChallengeFor(p.algs, stale) {
			res.AppendHeader(sip.NewHeader(name, c))
		}
		return []*sip.Response{res}
	}
	name := "Authorization"
	if p.proxy {
		name = "Proxy-Authorization"
	}
	h := req.GetHeader(name)
	if h == nil {
		return challenge(false)
	}
	creds, err := digest.ParseCredentials(h.Value())
	if err != nil {
		p.t.Errorf("credentials %q: %v", h.Value(), err)
		return challenge(false)
	}
	if creds.URI != req.Recipient.String() || creds.Username != p.user {
		p.t.Errorf("credentials for %s as %s, want %s as %s", creds.URI, creds.Username, req.Recipient.String(), p.user)
	}
	err = p.auth.Verify(creds, "REGISTER", digest.HA1(creds.Algorithm, p.user, "sip.example.net", p.password))
	switch {
	case errors.Is(err, digest.ErrStale):
		return challenge(true)
	case err != nil:
		// Refused: the same nonce again (the client must give up).
		res := sip.NewResponseFromRequest(req, 401, "Unauthorized", nil)
		alg := creds.Algorithm
		res.AppendHeader(sip.NewHeader("WWW-Authenticate",
			`Digest realm="sip.example.net", nonce="`+creds.Nonce+`", algorithm=`+string(alg)+`, qop="auth"`))
		return []*sip.Response{res}
	}
	p.verified = append(p.verified, creds)
	exp := req.GetHeader("Expires")
	if exp != nil && exp.Value() == "0" {
		return []*sip.Response{sip.NewResponseFromRequest(req, 200, "OK", nil)}
	}
	if n, _ := strconv.Atoi(exp.Value()); n < p.minExp {
		res := sip.NewResponseFromRequest(req, 423, "Interval Too Brief", nil)
		res.AppendHeader(sip.NewHeader("Min-Expires", strconv.Itoa(p.minExp)))
		return []*sip.Response{res}
	}
	res := sip.NewResponseFromRequest(req, 200, "OK", nil)
	c := req.Contact().Clone()
	c.Params = sip.NewParams()
	c.Params.Add("expires", strconv.Itoa(p.grant))
	res.AppendHeader(c)
	// Another phone's binding of the same AOR, with another expiry.
	res.AppendHeader(&sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: "other", Host: "192.0.2.99"},
		Params: sip.HeaderParams{{K: "expires", V: "999"}}})
	return []*sip.Response{res}
}

// fakeRegEdge is the SIP edge for registrations: requests go to a
// provider whose answers come back through HandleResponse.
type fakeRegEdge struct {
	mu    sync.Mutex
	rs    *trunkRegistrations
	p     *provider
	sent  chan *sip.Request
	dials int
	fail  error // SendRequest fails with it when set
}

func (e *fakeRegEdge) SendRequest(ctx context.Context, transport string, local, remote netip.AddrPort, flowID uint64, req *sip.Request) error {
	e.mu.Lock()
	fail := e.fail
	e.mu.Unlock()
	if fail != nil {
		return fail
	}
	if req.Via() == nil {
		params := sip.NewParams()
		params.Add("branch", sip.RFC3261BranchMagicCookie+rand.Text())
		req.PrependHeader(&sip.ViaHeader{ProtocolName: "SIP", ProtocolVersion: "2.0", Transport: strings.ToUpper(transport),
			Host: "127.0.0.1", Port: 5060, Params: params})
	}
	e.sent <- req
	for _, res := range e.p.answer(req) {
		if !e.rs.HandleResponse(res) {
			return errors.New("response not taken")
		}
	}
	return nil
}

func (e *fakeRegEdge) Dial(ctx context.Context, transport string, remote netip.AddrPort, serverName string) (sbc.Flow, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.dials++
	return sbc.Flow{Transport: transport, Local: netip.MustParseAddrPort("127.0.0.1:40001"), Remote: remote, ID: 7}, nil
}

func (e *fakeRegEdge) Addr(transport string) netip.AddrPort {
	if transport == "tls" {
		return netip.MustParseAddrPort("127.0.0.1:5061")
	}
	return netip.MustParseAddrPort("127.0.0.1:5060")
}

// regFixture runs registrations of the trunks in profiles against a
// provider on a step clock.
type regFixture struct {
	t        *testing.T
	rs       *trunkRegistrations
	edge     *fakeRegEdge
	p        *provider
	clock    *stepClock
	mu       sync.Mutex
	profiles map[string]trunk.Profile
	cancel   context.CancelFunc
	done     chan struct{}
}

func regProfile(t *testing.T, transport string) trunk.Profile {
	t.Helper()
	p, err := trunk.Spec{Type: trunk.TypeGeneric, Host: "sip.example.net", Transport: transport, Username: "acct",
		Password: "trunk-secret-1", Register: true, Allow: []netip.Prefix{}}.Profile()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newRegFixture(t *testing.T, algs ...digest.Algorithm) *regFixture {
	t.Helper()
	clock := newStepClock()
	f := &regFixture{t: t, clock: clock, p: newProvider(t, clock, algs...),
		profiles: map[string]trunk.Profile{"carrier": regProfile(t, "udp")}}
	r := &fakeResolver{targets: map[string][]trunk.Target{
		"sip.example.net": {tgt(trunk.TransportUDP, "192.0.2.31:5060"), tgt(trunk.TransportUDP, "192.0.2.32:5060")},
	}}
	f.edge = &fakeRegEdge{p: f.p, sent: make(chan *sip.Request, 256)}
	f.rs = newTrunkRegistrations(f.edge, r, func() map[string]trunk.Profile {
		f.mu.Lock()
		defer f.mu.Unlock()
		out := map[string]trunk.Profile{}
		for k, v := range f.profiles {
			out[k] = v
		}
		return out
	}, testLog(t))
	f.edge.rs = f.rs
	f.rs.clock = clock
	f.rs.poll = 97 * time.Minute // distinct from every other timer
	f.rs.unregister = 500 * time.Millisecond
	f.rs.retryMax = 2 * time.Minute
	return f
}

func (f *regFixture) start() {
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel, f.done = cancel, make(chan struct{})
	go func() { defer close(f.done); f.rs.Run(ctx) }()
	f.t.Cleanup(func() { f.stop(5 * time.Second) })
}

// stop ends Run and reports how long it took to return.
func (f *regFixture) stop(within time.Duration) time.Duration {
	f.t.Helper()
	start := time.Now()
	f.cancel()
	select {
	case <-f.done:
	case <-time.After(within):
		f.t.Fatalf("Run did not return within %v of its context ending", within)
	}
	return time.Since(start)
}

// next waits for the next request sent.
func (f *regFixture) next() *sip.Request {
	f.t.Helper()
	select {
	case r := <-f.edge.sent:
		return r
	case <-time.After(5 * time.Second):
		f.t.Fatal("no request within 5 s")
		return nil
	}
}

// status waits for the trunk's registration to reach state.
func (f *regFixture) status(name, state string) regStatus {
	f.t.Helper()
	return f.until(name, state, func(regStatus) bool { return true })
}

// until waits for the trunk's registration to reach state with ok true.
func (f *regFixture) until(name, state string, ok func(regStatus) bool) regStatus {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, listed := f.rs.Statuses()[name]
		if listed && s.State == state && ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("trunk %s registration %+v (listed %v), want %s", name, s, listed, state)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func authOf(t *testing.T, r *sip.Request, name string) digest.Credentials {
	t.Helper()
	h := r.GetHeader(name)
	if h == nil {
		t.Fatalf("no %s in\n%s", name, r)
	}
	c, err := digest.ParseCredentials(h.Value())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTrunkRegistrationLifecycle: challenge, credentials, the expiry
// granted in the Contact, a refresh at half of it with the next nonce
// count, and Expires: 0 when Run ends; for each algorithm and 401/407.
func TestTrunkRegistrationLifecycle(t *testing.T) {
	for _, tc := range []struct {
		name  string
		algs  []digest.Algorithm
		proxy bool
		want  digest.Algorithm
	}{
		{"md5", []digest.Algorithm{digest.MD5}, false, digest.MD5},
		{"sha-256 preferred", []digest.Algorithm{digest.MD5, digest.SHA256}, false, digest.SHA256},
		{"sha-256 only", []digest.Algorithm{digest.SHA256}, false, digest.SHA256},
		{"proxy 407", []digest.Algorithm{digest.MD5}, true, digest.MD5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newRegFixture(t, tc.algs...)
			f.p.proxy = tc.proxy
			authHdr := "Authorization"
			if tc.proxy {
				authHdr = "Proxy-Authorization"
			}
			f.start()
			first, second := f.next(), f.next()
			st := f.status("carrier", regRegistered)
			now := f.clock.Now()

			if first.GetHeader(authHdr) != nil {
				t.Errorf("first REGISTER has credentials before any challenge")
			}
			for _, check := range []struct{ what, got, want string }{
				{"method", string(first.Method), "REGISTER"},
				{"Request-URI", first.Recipient.String(), "sip:sip.example.net"},
				{"From", first.From().Address.String(), "sip:acct@sip.example.net"},
				{"To", first.To().Address.String(), "sip:acct@sip.example.net"},
				{"Contact", first.Contact().Address.String(), "sip:acct@127.0.0.1:5060"},
				{"Expires", first.GetHeader("Expires").Value(), "3600"},
				{"CSeq", first.CSeq().Value() + " " + second.CSeq().Value(), "1 REGISTER 2 REGISTER"},
				{"Call-ID", second.CallID().Value(), first.CallID().Value()},
			} {
				if check.got != check.want {
					t.Errorf("%s %q, want %q", check.what, check.got, check.want)
				}
			}
			c := authOf(t, second, authHdr)
			if c.Algorithm != tc.want || c.NC != "00000001" || c.QOP != "auth" || c.Realm != "sip.example.net" {
				t.Errorf("credentials %+v, want %s nc 00000001 qop auth", c, tc.want)
			}
			if st.LastCode != 200 || st.GrantedS != 20 || !st.Expires.Equal(now.Add(20*time.Second)) ||
				!st.NextAttempt.Equal(now.Add(10*time.Second)) || st.Registrations != 1 || st.Target != "udp:192.0.2.31:5060" {
				t.Errorf("status %+v, want 200, granted 20 s (not the other binding's 999), refresh in 10 s", st)
			}

			// The refresh at half the granted expiry, with the next nonce
			// count of the same nonce: the provider's Verify rejects a
			// count that does not go up.
			f.clock.waitArmed(t, 10*time.Second)
			f.clock.advance(9 * time.Second)
			select {
			case r := <-f.edge.sent:
				t.Fatalf("refresh 1 s early:\n%s", r)
			case <-time.After(20 * time.Millisecond):
			}
			f.clock.advance(time.Second)
			refresh := f.next()
			rc := authOf(t, refresh, authHdr)
			if rc.NC != "00000002" || rc.Nonce != c.Nonce || refresh.CSeq().SeqNo != 3 || refresh.CallID().Value() != first.CallID().Value() {
				t.Errorf("refresh: nc %s nonce same %v CSeq %d, want nc 00000002 of the same nonce, CSeq 3, same Call-ID",
					rc.NC, rc.Nonce == c.Nonce, refresh.CSeq().SeqNo)
			}
			f.until("carrier", regRegistered, func(s regStatus) bool { return s.Registrations == 2 })
			if n := len(f.p.credentials()); n != 2 {
				t.Fatalf("%d credentials verified by the provider, want 2", n)
			}

			// Stop: the binding is withdrawn.
			took := f.stop(5 * time.Second)
			un := f.next()
			if un.GetHeader("Expires").Value() != "0" || un.Contact().Address.String() != "sip:acct@127.0.0.1:5060" ||
				authOf(t, un, authHdr).NC != "00000003" || un.CSeq().SeqNo != 4 {
				t.Errorf("unregister:\n%s", un)
			}
			if n := len(f.p.credentials()); n != 3 {
				t.Errorf("%d credentials verified, want 3 (the unregister's)", n)
			}
			if took > time.Second {
				t.Errorf("stopping took %v", took)
			}
			if len(f.rs.Statuses()) != 0 {
				t.Errorf("statuses after Run: %v", f.rs.Statuses())
			}
			t.Logf("registered in 2 requests (%s), refreshed at +10 s of 20 s, unregistered in %v", c.Algorithm, took.Round(time.Millisecond))
		})
	}
}

// TestTrunkRegistrationStaleNonce: after the nonce ages out, the refresh
// is challenged stale and answered with the new nonce from count 1.
func TestTrunkRegistrationStaleNonce(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.p.grant = 1200 // refresh after 10 min: past the provider's 5 min nonce TTL
	f.start()
	f.next()
	first := authOf(t, f.next(), "Authorization")
	f.status("carrier", regRegistered)
	f.clock.waitArmed(t, 10*time.Minute)
	f.clock.advance(10 * time.Minute)
	stale := authOf(t, f.next(), "Authorization")
	fresh := authOf(t, f.next(), "Authorization")
	if stale.Nonce != first.Nonce || stale.NC != "00000002" || fresh.Nonce == first.Nonce || fresh.NC != "00000001" {
		t.Errorf("refresh nonce/nc %s/%s then %s/%s", stale.Nonce[:8], stale.NC, fresh.Nonce[:8], fresh.NC)
	}
	if s := f.until("carrier", regRegistered, func(s regStatus) bool { return s.Registrations == 2 }); s.Failures != 0 {
		t.Errorf("status %+v", s)
	}
}

// TestTrunkRegistrationBackoff: refusals retry after 30 s doubling to the
// cap; success resets it; nothing is withdrawn that was never granted.
func TestTrunkRegistrationBackoff(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.p.code = 403
	f.start()
	for i, wait := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 2 * time.Minute} {
		f.next()
		f.clock.waitArmed(t, wait)
		s := f.status("carrier", regFailed)
		if s.LastCode != 403 || s.Failures != uint64(i+1) || !strings.Contains(s.LastError, "registration refused: 403") ||
			!s.NextAttempt.Equal(f.clock.Now().Add(wait)) {
			t.Fatalf("attempt %d: status %+v, want 403 and a retry in %v", i+1, s, wait)
		}
		f.clock.advance(wait)
	}
	f.p.set(func(p *provider) { p.code = 0 })
	f.next()
	f.next()
	f.status("carrier", regRegistered)
	f.clock.waitArmed(t, 10*time.Second)

	// Refused now: the next retry is 30 s again.
	f.p.set(func(p *provider) { p.code = 503 })
	f.clock.advance(10 * time.Second)
	f.next() // first server: 503, so the second one is tried (RFC 3263 §4.3)
	f.next()
	f.clock.waitArmed(t, 30*time.Second)
	if s := f.status("carrier", regFailed); s.LastCode != 503 || s.Target != "udp:192.0.2.32:5060" {
		t.Errorf("status %+v, want 503 from the second server", s)
	}
	f.stop(5 * time.Second)
	// 4 refused, 2 to register, 2 refreshes refused with 503, and the
	// binding (still held until it expires) withdrawn: 503 from both.
	if n := len(f.p.requests()); n != 10 {
		t.Errorf("%d requests, want 10", n)
	}
}

// TestTrunkRegistrationNeverBoundSendsNoUnregister: a trunk that never
// registered is not unregistered.
func TestTrunkRegistrationNeverBoundSendsNoUnregister(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.p.code = 403
	f.start()
	f.next()
	f.status("carrier", regFailed)
	f.stop(5 * time.Second)
	select {
	case r := <-f.edge.sent:
		t.Errorf("request after stop:\n%s", r)
	default:
	}
}

// TestTrunkRegistrationWrongPassword: a second challenge for the same
// nonce refuses the credentials; the attempt stops at two requests.
func TestTrunkRegistrationWrongPassword(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.p.password = "another-password"
	f.start()
	f.next()
	f.next()
	s := f.status("carrier", regFailed)
	if s.LastCode != 401 || !strings.Contains(s.LastError, "credentials refused") {
		t.Errorf("status %+v", s)
	}
	f.clock.waitArmed(t, 30*time.Second)
	select {
	case r := <-f.edge.sent:
		t.Errorf("a third request:\n%s", r)
	default:
	}
}

// TestTrunkRegistrationIntervalTooBrief: 423 is asked again with the
// provider's Min-Expires (RFC 3261 §10.2.8).
func TestTrunkRegistrationIntervalTooBrief(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.p.minExp = 7200
	f.start()
	f.next()
	f.next()
	again := f.next()
	if v := again.GetHeader("Expires").Value(); v != "7200" {
		t.Errorf("after 423, Expires %s, want 7200", v)
	}
	f.status("carrier", regRegistered)
}

// TestTrunkRegistrationTimeout: over UDP the request is retransmitted
// (T1 doubling to T2) until Timer F, then the attempt fails and is retried
// after the backoff.
func TestTrunkRegistrationTimeout(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.rs.resolver = &fakeResolver{targets: map[string][]trunk.Target{"sip.example.net": {tgt(trunk.TransportUDP, "192.0.2.31:5060")}}}
	f.rs.t1, f.rs.t2, f.rs.timeout = time.Second, 2*time.Second, 5*time.Second
	f.p.silent = true
	f.start()
	first := f.next()
	b0, _ := first.Via().Params.Get("branch")
	// Retransmissions at +1 s and +3 s; at +5 s Timer F (and perhaps one
	// more retransmission, due at the same time).
	for _, step := range []time.Duration{time.Second, 2 * time.Second} {
		f.clock.advance(step)
		r := f.next()
		if b, _ := r.Via().Params.Get("branch"); b != b0 || r.CSeq().SeqNo != 1 {
			t.Fatalf("retransmission is another request: %s/%d vs %s/1", b, r.CSeq().SeqNo, b0)
		}
	}
	if s := f.rs.Statuses()["carrier"]; s.State != regRegistering {
		t.Fatalf("status %+v before Timer F", s)
	}
	f.clock.advance(2 * time.Second)
	s := f.status("carrier", regFailed)
	if !strings.Contains(s.LastError, "no final response within 5s") || s.LastCode != 0 || s.Failures != 1 {
		t.Errorf("status %+v", s)
	}
	f.clock.waitArmed(t, 30*time.Second)
	if n := len(f.p.requests()); n < 3 || n > 4 {
		t.Errorf("%d requests within Timer F, want 3 or 4", n)
	}
}

// TestTrunkRegistrationFollowsTheConfiguration: a changed password
// withdraws the old binding before the new one registers; a trunk gone
// is withdrawn.
func TestTrunkRegistrationFollowsTheConfiguration(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.p.grant = 3600             // no refresh within the test
	f.rs.poll = 97 * time.Second // nor a stale nonce
	f.start()
	first := f.next()
	f.next()
	f.status("carrier", regRegistered)

	f.mu.Lock()
	p := f.profiles["carrier"]
	p.RegisterExpiry = 2 * time.Hour
	f.profiles["carrier"] = p
	f.mu.Unlock()
	f.clock.advance(f.rs.poll) // the poll
	un, reg := f.next(), f.next()
	if un.CallID().Value() != first.CallID().Value() || un.GetHeader("Expires").Value() != "0" {
		t.Errorf("first after the change is not the old binding's withdrawal:\n%s", un)
	}
	if reg.CallID().Value() == first.CallID().Value() || reg.GetHeader("Expires").Value() != "7200" {
		t.Errorf("the new registration is not a new Call-ID asking 7200 s:\n%s", reg)
	}
	f.next()
	f.status("carrier", regRegistered)

	f.mu.Lock()
	delete(f.profiles, "carrier")
	f.mu.Unlock()
	f.clock.advance(f.rs.poll)
	gone := f.next()
	if gone.GetHeader("Expires").Value() != "0" || gone.CallID().Value() != reg.CallID().Value() {
		t.Errorf("trunk removed, sent:\n%s", gone)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(f.rs.Statuses()) != 0 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	if len(f.rs.Statuses()) != 0 {
		t.Errorf("statuses %v after the trunk went", f.rs.Statuses())
	}
}

// TestTrunkRegistrationUnregisterIsBounded: a provider that does not
// answer the Expires: 0 does not hold up shutdown, and every goroutine
// ends.
func TestTrunkRegistrationUnregisterIsBounded(t *testing.T) {
	before := runtime.NumGoroutine()
	f := newRegFixture(t, digest.MD5)
	f.profiles["second"] = f.profiles["carrier"]
	f.start()
	for range 4 {
		f.next()
	}
	f.status("carrier", regRegistered)
	f.status("second", regRegistered)
	f.p.set(func(p *provider) { p.silent = true })
	took := f.stop(5 * time.Second)
	if took < f.rs.unregister || took > f.rs.unregister+time.Second {
		t.Errorf("stop took %v with a silent provider, want about %v (both at once)", took, f.rs.unregister)
	}
	if n := f.rs.pending.len(); n != 0 {
		t.Errorf("%d transactions pending", n)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after stop, %d before", n, before)
	}
}

// TestTrunkRegistrationTCP: over TCP the edge's connection is used and
// the Contact names the listener's port, not the connection's; a closed
// connection registers again at once.
func TestTrunkRegistrationTCP(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.profiles["carrier"] = regProfile(t, "tcp")
	f.rs.resolver = &fakeResolver{targets: map[string][]trunk.Target{"sip.example.net": {tgt(trunk.TransportTCP, "192.0.2.31:5060")}}}
	f.start()
	first := f.next()
	f.next()
	f.status("carrier", regRegistered)
	if c := first.Contact().Address.String(); c != "sip:acct@127.0.0.1:5060;transport=tcp" {
		t.Errorf("Contact %s, want the listener port 5060 (not the connection's 40001) and transport=tcp", c)
	}
	if u := first.Recipient.String(); u != "sip:sip.example.net;transport=tcp" {
		t.Errorf("Request-URI %s", u)
	}
	f.clock.waitArmed(t, 10*time.Second)
	f.rs.FlowClosed("tcp", 8) // another connection: nothing
	f.rs.FlowClosed("tcp", 7)
	r := f.next()
	if r.CSeq().SeqNo != 3 {
		t.Errorf("after the connection closed: CSeq %d, want the next REGISTER (3)", r.CSeq().SeqNo)
	}
	f.edge.mu.Lock()
	dials := f.edge.dials
	f.edge.mu.Unlock()
	if dials != 3 {
		t.Errorf("%d dials, want one per REGISTER (the edge reuses its connection)", dials)
	}
}

// TestTrunkRegistrationSource: calls from the provider's servers belong
// to the trunk even when its allowed networks do not hold them.
func TestTrunkRegistrationSource(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	if _, ok := f.rs.Source(netip.MustParseAddr("192.0.2.32")); ok {
		t.Fatal("a source before anything resolved")
	}
	f.start()
	f.next()
	f.next()
	f.status("carrier", regRegistered)
	for addr, want := range map[string]string{"192.0.2.31": "carrier", "::ffff:192.0.2.32": "carrier", "192.0.2.33": ""} {
		got, ok := f.rs.Source(netip.MustParseAddr(addr))
		if got != want || ok != (want != "") {
			t.Errorf("Source(%s) = %q %v, want %q", addr, got, ok, want)
		}
	}

	// The planner asks the snapshot first, then the registrations.
	fx := newTrunkFixture(t, nil)
	fx.planner.registered = f.rs.Source
	// 192.0.2.0/24 is the generic trunk's allowed network: it wins.
	for addr, want := range map[string]string{"192.0.2.31": "gen", "3.80.16.9": "east", "203.0.113.1": ""} {
		got, _ := fx.planner.Source(netip.MustParseAddr(addr))
		if got != want {
			t.Errorf("planner Source(%s) = %q, want %q", addr, got, want)
		}
	}
	fx2 := newTrunkFixture(t, func(s *routingSource) { s.trunks = s.trunks[:2] })
	fx2.planner.registered = f.rs.Source
	if got, _ := fx2.planner.Source(netip.MustParseAddr("192.0.2.32")); got != "carrier" {
		t.Errorf("planner Source(192.0.2.32) = %q, want the registration trunk", got)
	}
}

// TestRegistrationTrunks lists only enabled trunks that register.
func TestRegistrationTrunks(t *testing.T) {
	fx := newTrunkFixture(t, func(s *routingSource) {
		s.trunks = append(s.trunks,
			storeTrunk("reg-on", true), storeTrunk("reg-off", false))
	})
	got := fx.planner.registrationTrunks()
	if len(got) != 1 || got["reg-on"].Kind != trunk.KindRegistration || got["reg-on"].Username != "acct" {
		t.Errorf("registration trunks %v", got)
	}
}

// TestGrantedExpiry reads the 200's expiry as RFC 3261 §10.2.4 says.
func TestGrantedExpiry(t *testing.T) {
	for _, tc := range []struct {
		name    string
		headers []sip.Header
		want    time.Duration
	}{
		{"our contact's expires", []sip.Header{contact("other", "77"), contact("acct", "20"), sip.NewHeader("Expires", "300")}, 20 * time.Second},
		{"a stale binding of ours on another port is not ours", []sip.Header{contactAt("acct", "5070", "900"), contact("acct", "20")}, 20 * time.Second},
		{"an expires beyond 2^32-1 is no number", []sip.Header{contact("acct", "99999999999999"), sip.NewHeader("Expires", "45")}, 45 * time.Second},
		{"Expires header", []sip.Header{contact("other", "77"), sip.NewHeader("Expires", "300")}, 300 * time.Second},
		{"nothing: what we asked", nil, 3600 * time.Second},
		{"bad expires param falls back", []sip.Header{contact("acct", "soon"), sip.NewHeader("Expires", "45")}, 45 * time.Second},
		{"zero", []sip.Header{contact("acct", "0")}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := sip.NewResponse(200, "OK")
			for _, h := range tc.headers {
				res.AppendHeader(h)
			}
			ours := sip.Uri{Scheme: "sip", User: "acct", Host: "192.0.2.1", Port: 5060}
			if got := grantedExpiry(res, ours, 3600); got != tc.want {
				t.Errorf("%v, want %v", got, tc.want)
			}
		})
	}
}

func contact(user, expires string) *sip.ContactHeader {
	return &sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: user, Host: "192.0.2.1", Port: 5060},
		Params: sip.HeaderParams{{K: "expires", V: expires}}}
}

// TestParseChallenge: what we answer and what we refuse, by error text.
func TestParseChallenge(t *testing.T) {
	for _, tc := range []struct {
		in, err string
		want    challenge
	}{
		{in: `Digest realm="sip.example.net", nonce="abc", algorithm=MD5, qop="auth"`,
			want: challenge{realm: "sip.example.net", nonce: "abc", alg: digest.MD5, algName: "MD5", qop: true}},
		{in: `digest  REALM=x,NONCE="n\"" , opaque="o", algorithm=sha-256, qop="auth-int,auth", stale=TRUE`,
			err: "quotes"},
		{in: `digest  REALM=x,NONCE=n , opaque="o p", algorithm=sha-256, qop="auth-int,auth", stale=TRUE`,
			want: challenge{realm: "x", nonce: "n", opaque: "o p", alg: digest.SHA256, algName: "sha-256", qop: true, stale: true}},
		{in: `Digest realm="r", nonce="n"`, want: challenge{realm: "r", nonce: "n", alg: digest.MD5}},
		{in: `Basic realm="r"`, err: "not a Digest challenge"},
		{in: `Digestrealm="r", nonce="n"`, err: "not a Digest challenge"},
		{in: `Digest realm="r"`, err: "no nonce"},
		{in: `Digest realm="r", nonce="n", algorithm=MD5-sess`, err: "algorithm"},
		{in: `Digest realm="r", nonce="n", algorithm=AKAv1-MD5`, err: "algorithm"},
		{in: `Digest realm="r", nonce="n", qop="auth-int"`, err: `qop "auth-int" has no auth`},
		{in: `Digest realm="r", nonce="n", nonce="m"`, err: `parameter "nonce" twice`},
		{in: `Digest realm="r", nonce="n`, err: "unterminated"},
		{in: `Digest realm="r", nonce`, err: "without a value"},
		{in: "Digest realm=\"r\r\nX-Evil: 1\", nonce=\"n\"", err: "control characters"},
		{in: "Digest realm=\"" + strings.Repeat("r", 5000) + "\", nonce=\"n\"", err: "longer than 2048"},
		{in: "Digest realm=\"\xff\", nonce=\"n\"", err: "invalid UTF-8"},
	} {
		got, err := parseChallenge(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, errRegChallenge) {
				t.Errorf("parseChallenge(%.60q) error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseChallenge(%.60q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// TestCredentialsVerify: what credentials writes is what the server side
// verifies, with and without qop (RFC 2069).
func TestCredentialsVerify(t *testing.T) {
	for _, alg := range []digest.Algorithm{digest.MD5, digest.SHA256} {
		a := digest.New("example.net", make([]byte, 32))
		ch, err := parseChallenge(a.Challenge(alg, false))
		if err != nil {
			t.Fatal(err)
		}
		for nc := uint32(1); nc <= 3; nc++ {
			v := ch.credentials("acct", "pw-secret-1", "REGISTER", "sip:example.net", nc)
			c, err := digest.ParseCredentials(v)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Verify(c, "REGISTER", digest.HA1(alg, "acct", "example.net", "pw-secret-1")); err != nil {
				t.Errorf("%s nc %d: %v\n%s", alg, nc, err, v)
			}
		}
	}
	plain := challenge{realm: "r", nonce: "n", alg: digest.MD5}
	c, err := digest.ParseCredentials(plain.credentials("acct", "pw", "REGISTER", "sip:r", 1))
	if err != nil || c.QOP != "" || c.NC != "" ||
		c.Response != digest.Response(digest.MD5, digest.HA1(digest.MD5, "acct", "r", "pw"), "n", "", "", "", "REGISTER", "sip:r") {
		t.Errorf("RFC 2069 credentials %+v %v", c, err)
	}
}

// TestRegStatusJSON: the fields `dialtone trunk status --json` shows.
func TestRegStatusJSON(t *testing.T) {
	b, err := json.Marshal(regStatus{State: regFailed, LastCode: 403})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"state":"failed","since":"0001-01-01T00:00:00Z","granted_s":0,"last_code":403,"registrations":0,"failures":0}`
	if string(b) != want {
		t.Errorf("%s\nwant %s", b, want)
	}
}

func FuzzParseChallenge(f *testing.F) {
	for _, s := range []string{
		`Digest realm="sip.example.net", nonce="abc", algorithm=MD5, qop="auth"`,
		`Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth,auth-int", opaque="o", stale=true`,
		`Digest realm="r\"x", nonce=n`,
		`Digest realm="r", nonce="n`,
		`Basic realm="x"`,
		"Digest nonce=\"\x00\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		c, err := parseChallenge(v)
		if err != nil {
			return
		}
		// Whatever we accept, we answer with a header the server side parses.
		h := c.credentials("acct", "pw", "REGISTER", "sip:example.net", 1)
		got, err := digest.ParseCredentials(h)
		if err != nil {
			t.Fatalf("credentials for %q do not parse: %v\n%s", v, err, h)
		}
		if got.Nonce != c.nonce || got.Realm != c.realm || got.Opaque != c.opaque {
			t.Fatalf("credentials for %q carry %+v", v, got)
		}
	})
}

func storeTrunk(name string, enabled bool) store.Trunk {
	return store.Trunk{Name: name, Type: store.TrunkGeneric, Host: "sip.example.net", Transport: "udp", SRTP: store.SRTPOff,
		Username: "acct", Password: "trunk-secret-1", Register: true,
		Allow: []netip.Prefix{netip.MustParsePrefix("198.51.100.7/32")}, Enabled: enabled}
}

// TestTrunkRegistrationOverTheEdge registers through a real edge with a
// provider on loopback, over UDP and over TCP (the Contact then names the
// TCP listener's port), and withdraws the binding on stop.
func TestTrunkRegistrationOverTheEdge(t *testing.T) {
	for _, transport := range []string{"udp", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			e, err := sbc.New(sbc.Options{UDPAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0", Logger: testLog(t)})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = e.Close() })
			prov := newProvider(t, systemClock{}, digest.SHA256, digest.MD5)
			answer := func(req *sip.Request, _ int) []*sip.Response { return prov.answer(req) }
			var peer *sipPeer
			tt := trunk.TransportUDP
			if transport == "udp" {
				peer = udpPeer(t, answer)
			} else {
				peer, tt = streamPeer(t, nil, answer), trunk.TransportTCP
			}
			prof := regProfile(t, transport)
			r := &fakeResolver{targets: map[string][]trunk.Target{"sip.example.net": {{Transport: tt, Addr: peer.addr}}}}
			rs := newTrunkRegistrations(e, r, func() map[string]trunk.Profile { return map[string]trunk.Profile{"carrier": prof} }, testLog(t))
			rs.publicIP = netip.MustParseAddr("203.0.113.7")
			e.OnResponse(func(res *sip.Response, _ sbc.Flow) { rs.HandleResponse(res) })
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); rs.Run(ctx) }()
			t.Cleanup(func() { cancel(); <-done })

			deadline := time.Now().Add(5 * time.Second)
			for rs.Statuses()["carrier"].State != regRegistered && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			st := rs.Statuses()["carrier"]
			if st.State != regRegistered || st.GrantedS != 20 || st.Target != transport+":"+peer.addr.String() {
				t.Fatalf("status %+v", st)
			}
			reqs := peer.received()
			want := "sip:acct@203.0.113.7:" + strconv.Itoa(int(e.Addr(transport).Port()))
			if transport == "tcp" {
				want += ";transport=tcp"
			}
			if len(reqs) != 2 || reqs[1].Contact().Address.String() != want || authOf(t, reqs[1], "Authorization").Algorithm != digest.SHA256 {
				t.Fatalf("%d requests; Contact %s, want %s; SHA-256 chosen", len(reqs), reqs[len(reqs)-1].Contact().Address.String(), want)
			}
			cancel()
			<-done
			reqs = peer.received()
			if last := reqs[len(reqs)-1]; len(reqs) != 3 || last.GetHeader("Expires").Value() != "0" {
				t.Errorf("%d requests, the last:\n%s", len(reqs), last)
			}
			if transport == "tcp" && peer.accepted() != 1 {
				t.Errorf("%d TCP connections for 3 REGISTERs, want 1 (kept by the edge)", peer.accepted())
			}
		})
	}
}

// TestWithRegistrations: registration states join the health by trunk;
// a trunk never pinged gets an entry of its own.
func TestWithRegistrations(t *testing.T) {
	f := newRegFixture(t, digest.MD5)
	f.start()
	f.next()
	f.next()
	f.status("carrier", regRegistered)
	got := withRegistrations([]trunk.Status{{Trunk: "alpha", State: trunk.StateUp}}, f.rs)
	if len(got) != 2 || got[0].Trunk != "alpha" || got[0].Registration != nil || got[1].Trunk != "carrier" ||
		got[1].State != trunk.StateUnknown || got[1].Registration == nil || got[1].Registration.State != regRegistered {
		t.Fatalf("%+v", got)
	}
	got = withRegistrations([]trunk.Status{{Trunk: "carrier", State: trunk.StateUp}}, f.rs)
	if len(got) != 1 || got[0].State != trunk.StateUp || got[0].Registration.GrantedS != 20 {
		t.Fatalf("%+v", got)
	}
	if got := withRegistrations(nil, nil); got != nil {
		t.Fatalf("%+v", got)
	}
}

// contactAt is a Contact of user at 192.0.2.1 on another port.
func contactAt(user, port, expires string) *sip.ContactHeader {
	c := contact(user, expires)
	n, _ := strconv.Atoi(port)
	c.Address.Port = n
	return c
}
