package call

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/relay"
	"github.com/dialtone-pbx/dialtone/pbx/registrar"
	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc"
)

const (
	testRealm = "dialtone"
	testT1    = 40 * time.Millisecond
	// wait bounds every expectation; generous for -race on shared cores.
	wait = 5 * time.Second
	// quiet is how long a test waits to conclude that nothing comes.
	quiet = 300 * time.Millisecond
)

// --- the rig: a real edge, a real relay pool, the switch, fakes around ---

type rig struct {
	t     *testing.T
	edge  *sbc.Edge
	sw    *Switch
	dir   *fakeDir
	loc   *fakeLoc
	cdrs  *fakeCDRs
	pool  *relay.Pool
	media *countingMedia
}

type rigOption func(*Options, *relay.Config)

func withOptions(f func(*Options)) rigOption {
	return func(o *Options, _ *relay.Config) { f(o) }
}

func withRTPTimeout(d time.Duration) rigOption {
	return func(_ *Options, c *relay.Config) { c.InactivityTimeout = d }
}

func newRig(t *testing.T, opts ...rigOption) *rig {
	t.Helper()
	log := testLogger(t)
	e, err := sbc.New(sbc.Options{UDPAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0", RateLimit: -1, Logger: log.With("component", "sbc")})
	if err != nil {
		t.Fatalf("sbc.New: %v", err)
	}
	r := &rig{t: t, edge: e, dir: &fakeDir{m: map[string]store.Extension{}}, loc: &fakeLoc{m: map[string][]registrar.Contact{}}, cdrs: newFakeCDRs()}
	o := Options{Node: "test-node", Realm: testRealm, T1: testT1, T2: 4 * testT1, Logger: log}
	rc := relay.Config{Addr: netip.MustParseAddr("127.0.0.1"), PortMin: 26000, PortMax: 31999, Workers: 1, Logger: log}
	for _, f := range opts {
		f(&o, &rc)
	}
	r.pool, err = relay.NewPool(rc)
	if err != nil {
		t.Fatalf("relay.NewPool: %v", err)
	}
	r.media = &countingMedia{Media: Relay(r.pool)}
	r.sw = New(r.dir, r.loc, e, r.media, r.cdrs, o)
	e.Handle("REGISTER", r.loc.serveREGISTER)
	for _, m := range []string{"INVITE", "ACK", "BYE", "CANCEL", "INFO", "UPDATE"} {
		e.Handle(m, func(req *sbc.Request) { r.sw.ServeRequest(req) })
	}
	e.OnResponse(func(res *sip.Response, f sbc.Flow) { r.sw.HandleResponse(res, Flow(f)) })
	ctx, cancel := context.WithCancel(context.Background())
	if err := e.Start(ctx); err != nil {
		cancel()
		t.Fatalf("edge Start: %v", err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = r.sw.Run(ctx) }()
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), wait)
		defer scancel()
		if err := r.sw.Shutdown(sctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		cancel()
		<-done
		_ = e.Close()
		_ = r.pool.Close()
		if n := r.media.open(); n != 0 {
			t.Errorf("%d relay endpoints left open", n)
		}
	})
	return r
}

func testLogger(t testing.TB) *slog.Logger {
	if tt, ok := t.(*testing.T); ok && testing.Verbose() {
		return slog.New(slog.NewTextHandler(tt.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// addExt configures an extension with a password.
func (r *rig) addExt(number, name, password string, ring time.Duration) {
	r.dir.mu.Lock()
	defer r.dir.mu.Unlock()
	r.dir.m[number] = store.Extension{
		Number: number, Name: name, Realm: testRealm, Enabled: true, RingTimeout: ring,
		HA1MD5:    digest.HA1(digest.MD5, number, testRealm, password),
		HA1SHA256: digest.HA1(digest.SHA256, number, testRealm, password),
	}
}

type fakeDir struct {
	mu sync.Mutex
	m  map[string]store.Extension
}

func (d *fakeDir) Extension(n string) (store.Extension, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.m[n]
	return e, ok
}

// fakeLoc is a location service fed by REGISTER without authentication:
// it records the flow each phone registered on, as the registrar does.
type fakeLoc struct {
	mu sync.Mutex
	m  map[string][]registrar.Contact
}

func (l *fakeLoc) Lookup(ext string) []registrar.Contact {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]registrar.Contact(nil), l.m[ext]...)
}

func (l *fakeLoc) serveREGISTER(r *sbc.Request) {
	m := r.SIP()
	ct := m.Contact()
	if ct == nil {
		_ = r.Respond(400, "No Contact")
		return
	}
	ext := m.To().Address.User
	l.mu.Lock()
	l.m[ext] = append(l.m[ext], registrar.Contact{
		Extension: ext, URI: ct.Address.String(), Transport: r.Transport(),
		Source: r.Source(), Local: r.Local(), FlowID: r.FlowID(), Expires: time.Now().Add(time.Hour),
	})
	l.mu.Unlock()
	_ = r.Respond(200, "OK")
}

type fakeCDRs struct {
	mu   sync.Mutex
	recs []store.CDR
	ch   chan store.CDR
}

func newFakeCDRs() *fakeCDRs { return &fakeCDRs{ch: make(chan store.CDR, 100)} }

func (f *fakeCDRs) Write(_ context.Context, c store.CDR) error {
	f.mu.Lock()
	f.recs = append(f.recs, c)
	f.mu.Unlock()
	f.ch <- c
	return nil
}

// next waits for the next CDR.
func (f *fakeCDRs) next(t *testing.T) store.CDR {
	t.Helper()
	select {
	case c := <-f.ch:
		return c
	case <-time.After(wait):
		t.Fatal("no CDR written")
	}
	return store.CDR{}
}

func (f *fakeCDRs) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.recs)
}

// countingMedia counts endpoints so tests can check none leaks.
type countingMedia struct {
	Media
	mu sync.Mutex
	n  int
}

type countedEndpoint struct {
	Endpoint
	m    *countingMedia
	once sync.Once
}

func (c *countedEndpoint) Close() error {
	c.once.Do(func() { c.m.mu.Lock(); c.m.n--; c.m.mu.Unlock() })
	return c.Endpoint.Close()
}

func (m *countingMedia) Allocate() (Endpoint, error) {
	ep, err := m.Media.Allocate()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.n++
	m.mu.Unlock()
	return &countedEndpoint{Endpoint: ep, m: m}, nil
}

func (m *countingMedia) Bridge(a, b Endpoint) (Link, error) {
	return m.Media.Bridge(a.(*countedEndpoint).Endpoint, b.(*countedEndpoint).Endpoint)
}

func (m *countingMedia) open() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

// --- a small SIP user agent speaking raw text over UDP or TCP ---

type agent struct {
	t         *testing.T
	ext, pass string
	transport string
	udp       *net.UDPConn
	tcp       net.Conn
	local     netip.AddrPort
	server    netip.AddrPort
	rtp       *net.UDPConn // its media socket

	resps chan *sip.Response
	reqs  chan *sip.Request
	mu    sync.Mutex
	seen  map[string]int // requests by branch+method: retransmissions counted
	cseq  int
}

// newAgent opens a phone for ext on transport and registers it.
func (r *rig) newAgent(ext, pass, transport string) *agent {
	r.t.Helper()
	return r.newAgentOn(ext, pass, transport, "127.0.0.1")
}

// newAgentOn is newAgent with its sockets on another loopback address.
func (r *rig) newAgentOn(ext, pass, transport, ip string) *agent {
	t := r.t
	t.Helper()
	a := &agent{t: t, ext: ext, pass: pass, transport: transport,
		resps: make(chan *sip.Response, 256), reqs: make(chan *sip.Request, 256), seen: map[string]int{}, cseq: 100}
	switch transport {
	case "udp":
		c, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr(ip), 0)))
		if err != nil {
			t.Fatal(err)
		}
		a.udp = c
		a.local = c.LocalAddr().(*net.UDPAddr).AddrPort()
		a.server = r.edge.Addr("udp")
		go a.readUDP()
	case "tcp":
		c, err := net.Dial("tcp", r.edge.Addr("tcp").String())
		if err != nil {
			t.Fatal(err)
		}
		a.tcp = c
		a.local = c.LocalAddr().(*net.TCPAddr).AddrPort()
		a.server = r.edge.Addr("tcp")
		go a.readTCP()
	}
	rtp, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr(ip), 0)))
	if err != nil {
		t.Fatal(err)
	}
	a.rtp = rtp
	t.Cleanup(func() {
		if a.udp != nil {
			a.udp.Close()
		}
		if a.tcp != nil {
			a.tcp.Close()
		}
		a.rtp.Close()
	})
	a.register()
	return a
}

func (a *agent) readUDP() {
	buf := make([]byte, 65535)
	for {
		n, err := a.udp.Read(buf)
		if err != nil {
			return
		}
		a.dispatch(append([]byte(nil), buf[:n]...))
	}
}

func (a *agent) readTCP() {
	br := bufio.NewReader(a.tcp)
	for {
		var head bytes.Buffer
		length := 0
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			if head.Len() == 0 && strings.TrimSpace(line) == "" {
				continue
			}
			head.WriteString(line)
			if line == "\r\n" {
				break
			}
			if k, v, ok := strings.Cut(line, ":"); ok && (strings.EqualFold(strings.TrimSpace(k), "Content-Length") || strings.TrimSpace(k) == "l") {
				length, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		a.dispatch(append(head.Bytes(), body...))
	}
}

func (a *agent) dispatch(b []byte) {
	msg, err := sip.ParseMessage(b)
	if err != nil {
		a.t.Errorf("%s: unparsable message from the switch: %v\n%s", a.ext, err, b)
		return
	}
	switch m := msg.(type) {
	case *sip.Response:
		a.resps <- m
	case *sip.Request:
		branch, _ := m.Via().Params.Get("branch")
		key := branch + " " + string(m.Method)
		a.mu.Lock()
		a.seen[key]++
		n := a.seen[key]
		a.mu.Unlock()
		if n > 1 && m.Method != sip.ACK {
			return // a retransmission: counted, not delivered twice
		}
		a.reqs <- m
	}
}

// retransmissions counts the copies of a request beyond the first.
func (a *agent) retransmissions(req *sip.Request) int {
	branch, _ := req.Via().Params.Get("branch")
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seen[branch+" "+string(req.Method)] - 1
}

func (a *agent) send(s string) {
	a.t.Helper()
	var err error
	if a.udp != nil {
		_, err = a.udp.WriteToUDPAddrPort([]byte(s), a.server)
	} else {
		_, err = a.tcp.Write([]byte(s))
	}
	if err != nil {
		a.t.Fatalf("%s: send: %v", a.ext, err)
	}
}

// message renders a SIP message: start line, headers, Content-Length, body.
func message(start string, hdrs []string, body string) string {
	var b strings.Builder
	b.WriteString(start + "\r\n")
	for _, h := range hdrs {
		if h != "" {
			b.WriteString(h + "\r\n")
		}
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return b.String()
}

func token() string { return strings.ToLower(rand.Text()[:12]) }

func (a *agent) via(branch string) string {
	return fmt.Sprintf("Via: SIP/2.0/%s %s;branch=%s;rport", strings.ToUpper(a.transport), a.local, branch)
}

func (a *agent) contact() string {
	if a.transport == "udp" {
		return fmt.Sprintf("Contact: <sip:%s@%s>", a.ext, a.local)
	}
	return fmt.Sprintf("Contact: <sip:%s@%s;transport=%s>", a.ext, a.local, a.transport)
}

func (a *agent) register() {
	a.t.Helper()
	a.cseq++
	uri := "sip:" + a.server.String()
	a.send(message("REGISTER "+uri+" SIP/2.0", []string{
		a.via("z9hG4bK" + token()), "Max-Forwards: 70",
		fmt.Sprintf("From: <sip:%s@%s>;tag=%s", a.ext, a.server.Addr(), token()),
		fmt.Sprintf("To: <sip:%s@%s>", a.ext, a.server.Addr()),
		"Call-ID: reg-" + token(), fmt.Sprintf("CSeq: %d REGISTER", a.cseq), a.contact(), "Expires: 3600",
	}, ""))
	a.waitResponse("REGISTER", 200)
}

// waitResponse returns the next response to method with code, skipping
// others (provisional ones, retransmissions).
func (a *agent) waitResponse(method string, code int) *sip.Response {
	a.t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case r := <-a.resps:
			if string(r.CSeq().MethodName) == method && r.StatusCode == code {
				return r
			}
		case <-deadline:
			a.t.Fatalf("%s: no %d to %s", a.ext, code, method)
			return nil
		}
	}
}

// waitRequest returns the next request of method, skipping others.
func (a *agent) waitRequest(method string) *sip.Request {
	a.t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case r := <-a.reqs:
			if string(r.Method) == method {
				return r
			}
		case <-deadline:
			a.t.Fatalf("%s: no %s received", a.ext, method)
			return nil
		}
	}
}

// noRequest checks that no request of method arrives for a while.
func (a *agent) noRequest(method string, d time.Duration) {
	a.t.Helper()
	deadline := time.After(d)
	for {
		select {
		case r := <-a.reqs:
			if string(r.Method) == method {
				a.t.Fatalf("%s: unexpected %s", a.ext, method)
			}
		case <-deadline:
			return
		}
	}
}

// drainResponses forgets the responses received so far.
func (a *agent) drainResponses() {
	for {
		select {
		case <-a.resps:
		default:
			return
		}
	}
}

// sdp is an offer or answer for the agent's media socket.
func (a *agent) sdp(version int, dir string) string {
	p := a.rtp.LocalAddr().(*net.UDPAddr).Port
	s := fmt.Sprintf("v=0\r\no=%s 4242 %d IN IP4 127.0.0.1\r\ns=phone of %s\r\ni=secret info\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"+
		"m=audio %d RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n",
		a.ext, version, a.ext, p)
	if dir != "" {
		s += "a=" + dir + "\r\n"
	}
	return s
}

// dialog is one side of a dialog as the agent keeps it.
type dialog struct {
	callID       string
	local        string // our From value (with tag)
	remote       string // our To value (with tag once known)
	target       string // Request-URI of in-dialog requests
	inviteCSeq   int
	inviteBranch string
	inviteURI    string
}

// outgoing is a call the agent placed.
type outgoing struct {
	dialog
	invite string // the last INVITE sent, for retransmission
}

// invite places a call to number, answering the 407 challenge, and
// returns once the authenticated INVITE is sent. extra headers are added.
func (a *agent) invite(number, body string, extra ...string) *outgoing {
	a.t.Helper()
	o := a.inviteNoAuth(number, body, extra...)
	ch := a.waitResponse("INVITE", 407)
	a.ackNon2xx(o, ch)
	o.inviteCSeq++
	o.inviteBranch = "z9hG4bK" + token()
	o.invite = a.inviteText(o, body, append(extra, "Proxy-Authorization: "+a.credentials(ch, "INVITE", o.inviteURI, a.pass))...)
	a.send(o.invite)
	return o
}

func (a *agent) inviteNoAuth(number, body string, extra ...string) *outgoing {
	o := &outgoing{dialog: dialog{
		callID:       "a-" + token() + "@10.9.8.7",
		local:        fmt.Sprintf(`"Phone %s" <sip:%s@%s>;tag=%s`, a.ext, a.ext, a.server.Addr(), token()),
		remote:       fmt.Sprintf("<sip:%s@%s>", number, a.server.Addr()),
		inviteCSeq:   1,
		inviteBranch: "z9hG4bK" + token(),
		inviteURI:    fmt.Sprintf("sip:%s@%s", number, a.server),
	}}
	o.invite = a.inviteText(o, body, extra...)
	a.send(o.invite)
	return o
}

func (a *agent) inviteText(o *outgoing, body string, extra ...string) string {
	hdrs := []string{
		a.via(o.inviteBranch), "Max-Forwards: 70", "From: " + o.local, "To: " + o.remote,
		"Call-ID: " + o.callID, fmt.Sprintf("CSeq: %d INVITE", o.inviteCSeq), a.contact(),
		"Record-Route: <sip:10.9.8.1;lr>", "X-Secret: internal-value",
	}
	if body != "" {
		hdrs = append(hdrs, "Content-Type: application/sdp")
	}
	return message("INVITE "+o.inviteURI+" SIP/2.0", append(hdrs, extra...), body)
}

var paramRe = regexp.MustCompile(`(\w+)="?([^",]*)"?`)

// credentials answers a Proxy-Authenticate challenge (MD5, qop=auth).
func (a *agent) credentials(ch *sip.Response, method, uri, pass string) string {
	a.t.Helper()
	h := ch.GetHeader("Proxy-Authenticate")
	if h == nil {
		a.t.Fatal("407 without Proxy-Authenticate")
	}
	p := map[string]string{}
	for _, m := range paramRe.FindAllStringSubmatch(h.Value(), -1) {
		p[strings.ToLower(m[1])] = m[2]
	}
	ha1 := digest.HA1(digest.MD5, a.ext, p["realm"], pass)
	cnonce := token()
	resp := digest.Response(digest.MD5, ha1, p["nonce"], "00000001", cnonce, "auth", method, uri)
	return fmt.Sprintf(`Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=MD5, qop=auth, nc=00000001, cnonce="%s"`,
		a.ext, p["realm"], p["nonce"], uri, resp, cnonce)
}

// ackNon2xx acknowledges a final non-2xx (same branch, RFC 3261 §17.1.1.3).
func (a *agent) ackNon2xx(o *outgoing, res *sip.Response) {
	a.send(message("ACK "+o.inviteURI+" SIP/2.0", []string{
		a.via(o.inviteBranch), "Max-Forwards: 70", "From: " + o.local, "To: " + res.To().Value(),
		"Call-ID: " + o.callID, fmt.Sprintf("CSeq: %d ACK", o.inviteCSeq),
	}, ""))
}

// answered records the dialog of a 2xx and acknowledges it.
func (a *agent) answered(o *outgoing, res *sip.Response) {
	a.t.Helper()
	o.remote = res.To().Value()
	if ct := res.Contact(); ct != nil {
		o.target = ct.Address.String()
	}
	a.ack2xx(o)
}

func (a *agent) ack2xx(o *outgoing) {
	a.send(message("ACK "+o.target+" SIP/2.0", []string{
		a.via("z9hG4bK" + token()), "Max-Forwards: 70", "From: " + o.local, "To: " + o.remote,
		"Call-ID: " + o.callID, fmt.Sprintf("CSeq: %d ACK", o.inviteCSeq),
	}, ""))
}

// cancel cancels the outgoing INVITE (RFC 3261 §9.1).
func (a *agent) cancel(o *outgoing) {
	a.send(message("CANCEL "+o.inviteURI+" SIP/2.0", []string{
		a.via(o.inviteBranch), "Max-Forwards: 70", "From: " + o.local, "To: " + o.remote,
		"Call-ID: " + o.callID, fmt.Sprintf("CSeq: %d CANCEL", o.inviteCSeq),
	}, ""))
}

// request sends an in-dialog request and returns its branch.
func (a *agent) request(d *dialog, method, body string, extra ...string) string {
	a.cseq++
	branch := "z9hG4bK" + token()
	hdrs := []string{
		a.via(branch), "Max-Forwards: 70", "From: " + d.local, "To: " + d.remote,
		"Call-ID: " + d.callID, fmt.Sprintf("CSeq: %d %s", a.cseq, method),
	}
	if method == "INVITE" || method == "UPDATE" {
		hdrs = append(hdrs, a.contact())
	}
	if body != "" && !hasHeader(extra, "Content-Type") {
		hdrs = append(hdrs, "Content-Type: application/sdp")
	}
	a.send(message(method+" "+d.target+" SIP/2.0", append(hdrs, extra...), body))
	return branch
}

func hasHeader(hdrs []string, name string) bool {
	for _, h := range hdrs {
		if strings.HasPrefix(strings.ToLower(h), strings.ToLower(name)+":") {
			return true
		}
	}
	return false
}

// incoming is a call the agent received.
type incoming struct {
	dialog
	req *sip.Request
	tag string
}

// accept takes an INVITE as the callee's side of a dialog.
func (a *agent) accept(req *sip.Request) *incoming {
	in := &incoming{req: req, tag: token()}
	in.callID = string(*req.CallID())
	in.local = req.To().Value() + ";tag=" + in.tag
	in.remote = req.From().Value()
	in.target = req.Contact().Address.String()
	in.inviteCSeq = int(req.CSeq().SeqNo)
	return in
}

// respond answers req (as a UAS would): Vias, From, To with our tag,
// Call-ID, CSeq, then extra headers and body.
func (a *agent) respond(req *sip.Request, tag string, code int, reason, body string, extra ...string) {
	var hdrs []string
	for _, v := range req.GetHeaders("Via") {
		hdrs = append(hdrs, "Via: "+v.Value())
	}
	to := req.To().Value()
	if tagOf(req.To().Params) == "" && tag != "" && code > 100 {
		to += ";tag=" + tag
	}
	hdrs = append(hdrs, "From: "+req.From().Value(), "To: "+to, "Call-ID: "+string(*req.CallID()),
		"CSeq: "+req.CSeq().Value())
	if req.Method == sip.INVITE && code > 100 && code < 300 {
		hdrs = append(hdrs, a.contact())
	}
	if body != "" && !hasHeader(extra, "Content-Type") {
		hdrs = append(hdrs, "Content-Type: application/sdp")
	}
	a.send(message(fmt.Sprintf("SIP/2.0 %d %s", code, reason), append(hdrs, extra...), body))
}

// --- RTP ---

// rtpPacket is a minimal RTP packet (RFC 3550 §5.1), PCMU.
func rtpPacket(seq uint16, ts uint32, ssrc uint32) []byte {
	b := make([]byte, 12+160)
	b[0] = 0x80
	b[1] = 0
	b[2], b[3] = byte(seq>>8), byte(seq)
	b[4], b[5], b[6], b[7] = byte(ts>>24), byte(ts>>16), byte(ts>>8), byte(ts)
	b[8], b[9], b[10], b[11] = byte(ssrc>>24), byte(ssrc>>16), byte(ssrc>>8), byte(ssrc)
	for i := 12; i < len(b); i++ {
		b[i] = 0xff
	}
	return b
}

// mediaOf reads the address and port of the audio stream of an SDP body.
func mediaOf(t *testing.T, body []byte) netip.AddrPort {
	t.Helper()
	info, err := parseSDP(body)
	if err != nil {
		t.Fatalf("SDP: %v\n%s", err, body)
	}
	return netip.AddrPortFrom(info.addr, info.port)
}

// sendRTP sends n packets from the agent's media socket to dst.
func (a *agent) sendRTP(dst netip.AddrPort, n int, seq0 uint16) {
	for i := range n {
		if _, err := a.rtp.WriteToUDPAddrPort(rtpPacket(seq0+uint16(i), uint32(i)*160, 0x1234), dst); err != nil {
			a.t.Fatalf("rtp: %v", err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// recvRTP counts RTP packets arriving on the agent's media socket.
func (a *agent) recvRTP(n int) int {
	got := 0
	buf := make([]byte, 2048)
	for got < n {
		_ = a.rtp.SetReadDeadline(time.Now().Add(time.Second))
		if _, err := a.rtp.Read(buf); err != nil {
			break
		}
		got++
	}
	return got
}

func itoa(n int) string { return strconv.Itoa(n) }

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

// calls waits until the switch's published calls satisfy ok.
func (r *rig) calls(ok func([]State) bool) []State {
	r.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		c := r.sw.Calls()
		if ok(c) {
			return c
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("calls never as expected: %+v", c)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (m *countingMedia) Attach(ep Endpoint, h func([]byte)) (Tap, error) {
	return m.Media.(Terminator).Attach(ep.(*countedEndpoint).Endpoint, h)
}
