package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/sbc"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// answerFunc is a test trunk's behaviour: the response to the n-th
// request (from 1), none for nil.
type answerFunc func(req *sip.Request, n int) []*sip.Response

// sipPeer is a trunk stand-in on loopback answering what it receives.
type sipPeer struct {
	addr netip.AddrPort
	mu   sync.Mutex
	reqs []*sip.Request
	acc  int // connections accepted
}

func (p *sipPeer) received() []*sip.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*sip.Request(nil), p.reqs...)
}

func (p *sipPeer) accepted() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.acc
}

// record parses a request and returns what to answer.
func (p *sipPeer) record(t *testing.T, b []byte, answer answerFunc) [][]byte {
	msg, err := sip.NewParser().ParseSIP(b)
	if err != nil {
		t.Errorf("trunk got an unparsable message: %v\n%s", err, b)
		return nil
	}
	req, ok := msg.(*sip.Request)
	if !ok {
		return nil
	}
	p.mu.Lock()
	p.reqs = append(p.reqs, req)
	n := len(p.reqs)
	p.mu.Unlock()
	var out [][]byte
	for _, res := range answer(req, n) {
		out = append(out, []byte(res.String()))
	}
	return out
}

func udpPeer(t *testing.T, answer answerFunc) *sipPeer {
	t.Helper()
	c, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	p := &sipPeer{addr: c.LocalAddr().(*net.UDPAddr).AddrPort()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 65536)
		for {
			n, from, err := c.ReadFromUDPAddrPort(buf)
			if err != nil {
				return
			}
			for _, b := range p.record(t, buf[:n], answer) {
				_, _ = c.WriteToUDPAddrPort(b, from)
			}
		}
	}()
	t.Cleanup(func() { c.Close(); <-done })
	return p
}

func streamPeer(t *testing.T, tc *tls.Config, answer answerFunc) *sipPeer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if tc != nil {
		ln = tls.NewListener(ln, tc)
	}
	p := &sipPeer{addr: netip.MustParseAddrPort(ln.Addr().String())}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.acc++
			p.mu.Unlock()
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() {
				br := bufio.NewReader(c)
				for {
					b, err := readSIP(br)
					if err != nil {
						return
					}
					for _, out := range p.record(t, b, answer) {
						if _, err := c.Write(out); err != nil {
							return
						}
					}
				}
			})
		}
	})
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return p
}

// readSIP reads one message framed by Content-Length (RFC 3261 §18.3).
func readSIP(br *bufio.Reader) ([]byte, error) {
	var head []byte
	for !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
		line, err := br.ReadBytes('\n')
		if err != nil {
			return nil, err
		}
		if len(head) == 0 && string(line) == "\r\n" {
			continue
		}
		head = append(head, line...)
	}
	n := 0
	for _, l := range strings.Split(string(head), "\r\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "content-length") {
			n, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(br, body); err != nil {
		return nil, err
	}
	return append(head, body...), nil
}

func reply(code int) answerFunc {
	return func(req *sip.Request, _ int) []*sip.Response {
		return []*sip.Response{sip.NewResponseFromRequest(req, code, "", nil)}
	}
}

// proberEdge starts an edge on loopback UDP whose responses go to a new
// prober, as serve wires them.
func proberEdge(t *testing.T, trunkTLS *tls.Config) (*sbc.Edge, *optionsProber) {
	t.Helper()
	e, err := sbc.New(sbc.Options{UDPAddr: "127.0.0.1:0", TrunkTLS: trunkTLS, Logger: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	p := newOptionsProber(e, func() string { return "203.0.113.7" }, testLog(t))
	p.t1 = 50 * time.Millisecond
	e.OnResponse(func(res *sip.Response, _ sbc.Flow) { p.HandleResponse(res) })
	return e, p
}

func ctxWithin(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestProberUDPRetransmitsUntilAnswered(t *testing.T) {
	_, p := proberEdge(t, nil)
	// The first OPTIONS is lost; the retransmission is answered.
	peer := udpPeer(t, func(req *sip.Request, n int) []*sip.Response {
		if n == 1 {
			return nil
		}
		return []*sip.Response{sip.NewResponseFromRequest(req, 200, "OK", nil)}
	})
	code, rtt, err := p.Options(ctxWithin(t, 3*time.Second), trunk.Target{Transport: trunk.TransportUDP, Addr: peer.addr})
	if err != nil || code != 200 {
		t.Fatalf("Options: %d %v", code, err)
	}
	if rtt < p.t1 || rtt > 2*time.Second {
		t.Errorf("rtt %v with the first request lost (T1 %v)", rtt, p.t1)
	}
	reqs := peer.received()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	r := reqs[0]
	b0, _ := reqs[0].Via().Params.Get("branch")
	b1, _ := reqs[1].Via().Params.Get("branch")
	if b0 != b1 || !strings.HasPrefix(b0, "z9hG4bK") || reqs[0].CallID().Value() != reqs[1].CallID().Value() {
		t.Errorf("retransmission is another transaction: %s %s", b0, b1)
	}
	if r.Method != sip.OPTIONS || r.Recipient.String() != "sip:"+peer.addr.String() || r.CSeq().MethodName != sip.OPTIONS ||
		r.GetHeader("Accept").Value() != "application/sdp" || r.MaxForwards() == nil || r.From().Address.Host != "203.0.113.7" {
		t.Errorf("request:\n%s", r)
	}
	if pending := p.pending.len(); pending != 0 {
		t.Errorf("%d pings still pending", pending)
	}
}

func TestProberTimesOut(t *testing.T) {
	_, p := proberEdge(t, nil)
	for _, tc := range []struct {
		name   string
		answer answerFunc
	}{
		{"silent", func(*sip.Request, int) []*sip.Response { return nil }},
		{"only provisional", reply(100)},
		{"another branch", func(req *sip.Request, _ int) []*sip.Response {
			res := sip.NewResponseFromRequest(req, 200, "OK", nil)
			res.Via().Params.Add("branch", "z9hG4bK-not-ours")
			return []*sip.Response{res}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			peer := udpPeer(t, tc.answer)
			start := time.Now()
			_, _, err := p.Options(ctxWithin(t, 400*time.Millisecond), trunk.Target{Transport: trunk.TransportUDP, Addr: peer.addr})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err %v", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("returned after %v", d)
			}
			// Sent at 0, T1, 3·T1, 7·T1 (50 ms): at least 3 within 400 ms.
			if n := len(peer.received()); n < 3 {
				t.Errorf("%d requests sent, want retransmissions", n)
			}
		})
	}
}

func TestProberTCPReusesTheConnection(t *testing.T) {
	_, p := proberEdge(t, nil)
	// 100 Trying first: only the final answer counts. A 404 is still a
	// live server.
	peer := streamPeer(t, nil, func(req *sip.Request, _ int) []*sip.Response {
		return []*sip.Response{sip.NewResponseFromRequest(req, 100, "Trying", nil), sip.NewResponseFromRequest(req, 404, "Not Found", nil)}
	})
	target := trunk.Target{Transport: trunk.TransportTCP, Addr: peer.addr, Host: "sip.example.net"}
	for i := range 2 {
		code, _, err := p.Options(ctxWithin(t, 2*time.Second), target)
		if err != nil || code != 404 {
			t.Fatalf("ping %d: %d %v", i, code, err)
		}
	}
	if n := peer.accepted(); n != 1 {
		t.Errorf("%d connections for two pings", n)
	}
	reqs := peer.received()
	if len(reqs) != 2 {
		t.Fatalf("%d requests over TCP, want 2 (no retransmission)", len(reqs))
	}
	if got := reqs[0].Recipient.String(); got != "sip:sip.example.net;transport=tcp" {
		t.Errorf("Request-URI %s", got)
	}
	if reqs[0].Via().Transport != "TCP" {
		t.Errorf("Via %s", reqs[0].Via().Value())
	}
}

func TestProberTLS(t *testing.T) {
	serverCfg, certFile, _, err := sbc.SelfSignedTLS(t.TempDir(), []string{"trunk.test"})
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	_, p := proberEdge(t, &tls.Config{RootCAs: pool})
	peer := streamPeer(t, serverCfg, reply(200))
	code, _, err := p.Options(ctxWithin(t, 3*time.Second), trunk.Target{Transport: trunk.TransportTLS, Addr: peer.addr, Host: "trunk.test"})
	if err != nil || code != 200 {
		t.Fatalf("Options over TLS: %d %v", code, err)
	}
	if got := peer.received()[0].Recipient.String(); got != "sip:trunk.test;transport=tls" {
		t.Errorf("Request-URI %s", got)
	}
	// A name the certificate does not carry: the connection fails.
	_, _, err = p.Options(ctxWithin(t, 3*time.Second), trunk.Target{Transport: trunk.TransportTLS, Addr: peer.addr, Host: "other.test"})
	var verr *tls.CertificateVerificationError
	if !errors.As(err, &verr) {
		t.Errorf("wrong name: %v", err)
	}
}

func TestProberHandleResponseTakesOnlyItsOwn(t *testing.T) {
	p := newOptionsProber(nil, nil, testLog(t))
	ch, done := p.pending.wait("ours")
	defer done()
	mk := func(callID string, method sip.RequestMethod) *sip.Response {
		req := sip.NewRequest(method, sip.Uri{Scheme: "sip", Host: "x.test"})
		req.AppendHeader(&sip.ViaHeader{ProtocolName: "SIP", ProtocolVersion: "2.0", Transport: "UDP", Host: "127.0.0.1", Params: sip.HeaderParams{{K: "branch", V: "z9hG4bK1"}}})
		cid := sip.CallIDHeader(callID)
		req.AppendHeader(&cid)
		req.AppendHeader(&sip.CSeqHeader{SeqNo: 1, MethodName: method})
		return sip.NewResponseFromRequest(req, 200, "OK", nil)
	}
	if p.HandleResponse(mk("theirs", sip.OPTIONS)) {
		t.Error("took a response to someone else's OPTIONS")
	}
	if p.HandleResponse(mk("ours", sip.INVITE)) {
		t.Error("took a response to an INVITE")
	}
	if !p.HandleResponse(mk("ours", sip.OPTIONS)) || len(ch) != 1 {
		t.Error("did not take its own")
	}
	if !p.HandleResponse(mk("ours", sip.OPTIONS)) {
		t.Error("a duplicate of its own must not reach the registrar")
	}
}

// The pinger over the prober: a trunk that answers is up, one that does
// not is down after two rounds, and the admin sees both.
func TestPingerOverTheEdge(t *testing.T) {
	_, p := proberEdge(t, nil)
	up := udpPeer(t, reply(200))
	silent := udpPeer(t, func(*sip.Request, int) []*sip.Response { return nil })
	r := &fakeResolver{targets: map[string][]trunk.Target{
		"up.example.net":     {{Transport: trunk.TransportUDP, Addr: up.addr}},
		"silent.example.net": {{Transport: trunk.TransportUDP, Addr: silent.addr}},
	}}
	h := trunk.NewHealth()
	pinger := &trunk.Pinger{Health: h, Prober: p, Resolver: domainResolver{r}, Timeout: 300 * time.Millisecond,
		Trunks: func() []trunk.PingTarget {
			return []trunk.PingTarget{{Trunk: "a", Host: "up.example.net", Transport: trunk.TransportUDP},
				{Trunk: "b", Host: "silent.example.net", Transport: trunk.TransportUDP}}
		}}
	for range 2 {
		pinger.Round(ctxWithin(t, 5*time.Second))
	}
	ts := &trunkSide{health: h}
	st := ts.TrunkStatus()
	if len(st) != 2 || st[0].Trunk != "a" || st[0].State != trunk.StateUp || st[0].LastCode != 200 || st[0].LastRTT <= 0 ||
		st[1].Trunk != "b" || st[1].State != trunk.StateDown || st[1].Failures != 2 || !strings.Contains(st[1].LastError, "no answer") {
		t.Fatalf("statuses %+v", st)
	}
	if got := up.received()[0].Recipient.Host; got != "up.example.net" {
		t.Errorf("Request-URI host %s, want the trunk's domain", got)
	}
}

// flakyEdge fails the first send with a closed flow, then answers each
// request with 200 through the prober.
type flakyEdge struct {
	p      *optionsProber
	mu     sync.Mutex
	dials  int
	sends  int
	flowID []uint64
}

func (e *flakyEdge) Dial(_ context.Context, transport string, remote netip.AddrPort, _ string) (sbc.Flow, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.dials++
	return sbc.Flow{Transport: transport, Remote: remote, ID: uint64(e.dials)}, nil
}

func (e *flakyEdge) SendRequest(_ context.Context, _ string, _, _ netip.AddrPort, flowID uint64, req *sip.Request) error {
	e.mu.Lock()
	e.sends++
	e.flowID = append(e.flowID, flowID)
	first := e.sends == 1
	e.mu.Unlock()
	if first {
		return sbc.ErrFlowClosed
	}
	req.PrependHeader(&sip.ViaHeader{ProtocolName: "SIP", ProtocolVersion: "2.0", Transport: "TCP", Host: "127.0.0.1",
		Params: sip.HeaderParams{{K: "branch", V: "z9hG4bK-flaky"}}})
	res := sip.NewResponseFromRequest(req, 200, "OK", nil)
	go e.p.HandleResponse(res)
	return nil
}

func TestProberRedialsAConnectionThatJustClosed(t *testing.T) {
	e := &flakyEdge{}
	p := newOptionsProber(e, nil, testLog(t))
	e.p = p
	code, _, err := p.Options(ctxWithin(t, 2*time.Second), trunk.Target{Transport: trunk.TransportTCP, Addr: netip.MustParseAddrPort("192.0.2.1:5060"), Host: "sip.example.net"})
	if err != nil || code != 200 {
		t.Fatalf("Options: %d %v", code, err)
	}
	if e.dials != 2 || len(e.flowID) != 2 || e.flowID[0] != 1 || e.flowID[1] != 2 {
		t.Errorf("dials %d, sends over flows %v", e.dials, e.flowID)
	}
}
