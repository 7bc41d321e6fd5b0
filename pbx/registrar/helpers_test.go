package registrar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

const (
	testRealm = "pbx.test"
	testPass  = "s3cret-pass"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// fakeClock is the injected time source.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeDir is an in-memory Directory.
type fakeDir struct {
	mu   sync.RWMutex
	exts map[string]store.Extension
}

func newDir() *fakeDir { return &fakeDir{exts: map[string]store.Extension{}} }

func (d *fakeDir) Extension(n string) (store.Extension, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	e, ok := d.exts[n]
	return e, ok
}

func testExtension(number, password string) store.Extension {
	return store.Extension{
		Number:    number,
		Name:      "Ext " + number,
		Realm:     testRealm,
		HA1MD5:    digest.HA1(digest.MD5, number, testRealm, password),
		HA1SHA256: digest.HA1(digest.SHA256, number, testRealm, password),
		Enabled:   true,
	}
}

func (d *fakeDir) add(e store.Extension) {
	d.mu.Lock()
	d.exts[e.Number] = e
	d.mu.Unlock()
}

// memStore is a fake Store with the real one's semantics for registrations.
type memStore struct {
	mu           sync.Mutex
	rows         map[regKey]store.Registration
	saves        int
	batches      int
	deletes      int
	expiredCalls int
	fail         error
}

func newMemStore() *memStore { return &memStore{rows: map[regKey]store.Registration{}} }

func (s *memStore) SaveRegistration(_ context.Context, r store.Registration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.saves++
	s.rows[regKey{r.Extension, r.Contact}] = r
	return nil
}

func (s *memStore) SaveRegistrations(_ context.Context, rs []store.Registration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.batches++
	for _, r := range rs {
		s.saves++
		s.rows[regKey{r.Extension, r.Contact}] = r
	}
	return nil
}

func (s *memStore) DeleteRegistration(_ context.Context, ext, contact string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.deletes++
	k := regKey{ext, contact}
	if _, ok := s.rows[k]; !ok {
		return fmt.Errorf("fake: %w", store.ErrNotFound)
	}
	delete(s.rows, k)
	return nil
}

func (s *memStore) ListRegistrations(context.Context) ([]store.Registration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]store.Registration, 0, len(s.rows))
	for _, r := range s.rows {
		out = append(out, r)
	}
	return out, nil
}

func (s *memStore) DeleteExpiredRegistrations(_ context.Context, now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expiredCalls++
	n := 0
	for k, r := range s.rows {
		if !r.ExpiresAt.After(now) {
			delete(s.rows, k)
			n++
		}
	}
	return n, nil
}

func (s *memStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rows)
}

func (s *memStore) setFail(err error) {
	s.mu.Lock()
	s.fail = err
	s.mu.Unlock()
}

// fakeSender records what the registrar originates.
type fakeSender struct {
	mu   sync.Mutex
	sent []sentRequest
	err  error
}

type sentRequest struct {
	transport     string
	local, remote netip.AddrPort
	flow          uint64
	req           *sip.Request
}

func (s *fakeSender) SendRequest(_ context.Context, tr string, local, remote netip.AddrPort, flow uint64, req *sip.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.sent = append(s.sent, sentRequest{tr, local, remote, flow, req})
	return nil
}

func (s *fakeSender) take() []sentRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.sent
	s.sent = nil
	return out
}

// fakeReq is a REGISTER as the edge hands it over; it records the answer.
type fakeReq struct {
	msg       *sip.Request
	transport string
	src       netip.AddrPort
	local     netip.AddrPort
	flow      uint64

	code       int
	reason     string
	hdrs       []sip.Header
	responses  int
	authFailed int
}

func (f *fakeReq) SIP() *sip.Request      { return f.msg }
func (f *fakeReq) Transport() string      { return f.transport }
func (f *fakeReq) Source() netip.AddrPort { return f.src }
func (f *fakeReq) Local() netip.AddrPort  { return f.local }
func (f *fakeReq) FlowID() uint64         { return f.flow }
func (f *fakeReq) AuthFailed()            { f.authFailed++ }
func (f *fakeReq) headerNames() (out []string) {
	for _, h := range f.hdrs {
		out = append(out, h.Name())
	}
	return out
}

func (f *fakeReq) Respond(code int, reason string, hdrs ...sip.Header) error {
	f.code, f.reason, f.hdrs = code, reason, hdrs
	f.responses++
	return nil
}

// values returns the values of the response headers called name.
func (f *fakeReq) values(name string) []string {
	var out []string
	for _, h := range f.hdrs {
		if strings.EqualFold(h.Name(), name) {
			out = append(out, h.Value())
		}
	}
	return out
}

// env is a registrar with fakes around it.
type env struct {
	r     *Registrar
	dir   *fakeDir
	st    *memStore
	send  *fakeSender
	clock *fakeClock
}

func newEnv(t testing.TB, opts Options) *env {
	t.Helper()
	e := &env{dir: newDir(), st: newMemStore(), send: &fakeSender{}, clock: newClock()}
	if opts.Realm == "" {
		opts.Realm = testRealm
	}
	if opts.NonceKey == nil {
		opts.NonceKey = testKey
	}
	if opts.Node == "" {
		opts.Node = "node-a"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	opts.Clock = e.clock.Now
	e.r = New(e.dir, e.st, e.send, opts)
	for _, n := range []string{"101", "102", "103"} {
		e.dir.add(testExtension(n, testPass))
	}
	return e
}

// parseRequest turns SIP text (with \n line ends) into a request.
func parseRequest(t testing.TB, text string) *sip.Request {
	t.Helper()
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
	msg, err := sip.ParseMessage([]byte(text))
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	req, ok := msg.(*sip.Request)
	if !ok {
		t.Fatalf("not a request: %q", text)
	}
	return req
}

// phone is a user agent that registers one extension the way real phones
// do: unauthenticated first, then with credentials for the challenge.
type phone struct {
	t         testing.TB
	user      string // To, From and digest user
	authUser  string // digest username when it differs
	fromUser  string
	pass      string
	alg       digest.Algorithm
	callID    string
	cseq      uint32
	nonce     string
	nc        int
	transport string
	src       netip.AddrPort
	local     netip.AddrPort
	flow      uint64
	ua        string
}

func newPhone(t testing.TB, user string) *phone {
	n := rand.Uint64()
	return &phone{
		t: t, user: user, pass: testPass, alg: digest.MD5,
		callID:    fmt.Sprintf("call-%x-%s@192.0.2.10", n, user),
		transport: "udp",
		src:       netip.MustParseAddrPort("192.0.2.10:5060"),
		local:     netip.MustParseAddrPort("198.51.100.1:5060"),
		ua:        "TestPhone/1.0",
	}
}

// text builds the next REGISTER; contacts are raw Contact header values.
func (p *phone) text(withAuth bool, contacts []string, extra ...string) string {
	p.cseq++
	from := p.user
	if p.fromUser != "" {
		from = p.fromUser
	}
	var b strings.Builder
	fmt.Fprintf(&b, "REGISTER sip:%s SIP/2.0\n", testRealm)
	fmt.Fprintf(&b, "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK%d;rport\n", p.cseq)
	b.WriteString("Max-Forwards: 70\n")
	fmt.Fprintf(&b, "From: <sip:%s@%s>;tag=ft%d\n", from, testRealm, p.cseq)
	fmt.Fprintf(&b, "To: <sip:%s@%s>\n", p.user, testRealm)
	fmt.Fprintf(&b, "Call-ID: %s\n", p.callID)
	fmt.Fprintf(&b, "CSeq: %d REGISTER\n", p.cseq)
	if p.ua != "" {
		fmt.Fprintf(&b, "User-Agent: %s\n", p.ua)
	}
	for _, c := range contacts {
		fmt.Fprintf(&b, "Contact: %s\n", c)
	}
	for _, x := range extra {
		b.WriteString(x + "\n")
	}
	if withAuth {
		b.WriteString("Authorization: " + p.authorization() + "\n")
	}
	b.WriteString("Content-Length: 0\n\n")
	return b.String()
}

func (p *phone) authorization() string {
	user := p.user
	if p.authUser != "" {
		user = p.authUser
	}
	p.nc++
	nc := fmt.Sprintf("%08x", p.nc)
	uri := "sip:" + testRealm
	ha1 := digest.HA1(p.alg, user, testRealm, p.pass)
	resp := digest.Response(p.alg, ha1, p.nonce, nc, "c0ffee", "auth", "REGISTER", uri)
	return fmt.Sprintf(`Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=%s, qop=auth, nc=%s, cnonce="c0ffee"`,
		user, testRealm, p.nonce, uri, resp, p.alg, nc)
}

func (p *phone) send(r *Registrar, text string) *fakeReq {
	p.t.Helper()
	f := &fakeReq{msg: parseRequest(p.t, text), transport: p.transport, src: p.src, local: p.local, flow: p.flow}
	r.ServeREGISTER(f)
	if f.responses != 1 {
		p.t.Fatalf("ServeREGISTER answered %d times, want once", f.responses)
	}
	return f
}

// register authenticates (challenge first when it has no nonce) and
// returns the final answer.
func (p *phone) register(r *Registrar, contacts []string, extra ...string) *fakeReq {
	p.t.Helper()
	if p.nonce == "" {
		f := p.send(r, p.text(false, contacts, extra...))
		if f.code != 401 {
			p.t.Fatalf("unauthenticated REGISTER: got %d %s, want 401", f.code, f.reason)
		}
		p.learn(f)
	}
	f := p.send(r, p.text(true, contacts, extra...))
	if f.code == 401 && strings.Contains(strings.Join(f.values("WWW-Authenticate"), ","), "stale=true") {
		p.learn(f)
		f = p.send(r, p.text(true, contacts, extra...))
	}
	return f
}

// learn takes the nonce of the challenge for p.alg.
func (p *phone) learn(f *fakeReq) {
	p.t.Helper()
	for _, v := range f.values("WWW-Authenticate") {
		if strings.Contains(v, "algorithm="+string(p.alg)+",") || strings.HasSuffix(v, "algorithm="+string(p.alg)) ||
			strings.Contains(v, `algorithm="`+string(p.alg)+`"`) || strings.Contains(v, "algorithm="+string(p.alg)+" ") {
			p.nonce = challengeParam(v, "nonce")
			p.nc = 0
			return
		}
	}
	p.t.Fatalf("no %s challenge in %q", p.alg, f.values("WWW-Authenticate"))
}

func challengeParam(v, name string) string {
	i := strings.Index(v, name+"=")
	if i < 0 {
		return ""
	}
	rest := strings.TrimPrefix(v[i+len(name)+1:], `"`)
	if j := strings.IndexAny(rest, `",`); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// contactExpires maps each Contact URI in a 200 to its expires parameter.
func contactExpires(t testing.TB, f *fakeReq) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, v := range f.values("Contact") {
		uri, params, ok := strings.Cut(v, ">;expires=")
		if !ok || !strings.HasPrefix(uri, "<") {
			t.Fatalf("Contact %q is not <uri>;expires=N", v)
		}
		n, err := strconv.Atoi(params)
		if err != nil {
			t.Fatalf("Contact %q: %v", v, err)
		}
		out[uri[1:]] = n
	}
	return out
}

// waitFor polls cond until it holds or the test deadline nears.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// startRun runs r.Run until the test ends; stop cancels it and returns its error.
func startRun(t testing.TB, r *Registrar) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(15 * time.Second):
				err = errors.New("Run did not return")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func mustAP(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }
