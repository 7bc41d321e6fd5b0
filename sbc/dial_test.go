package sbc

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/netip"
	"os"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
)

// trunkPeer is a stand-in for a trunk: a loopback listener whose accepted
// connections (TLS handshaken, when it has a configuration) arrive on conns.
type trunkPeer struct {
	ln    net.Listener
	addr  netip.AddrPort
	conns chan net.Conn
}

func newTrunkPeer(t *testing.T, tc *tls.Config) *trunkPeer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if tc != nil {
		ln = tls.NewListener(ln, tc)
	}
	p := &trunkPeer{ln: ln, addr: addrPortOf(ln.Addr()), conns: make(chan net.Conn, 16)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if tcn, ok := c.(*tls.Conn); ok {
				_ = tcn.SetDeadline(time.Now().Add(2 * time.Second))
				if err := tcn.Handshake(); err != nil {
					c.Close()
					continue
				}
				_ = tcn.SetDeadline(time.Time{})
			}
			p.conns <- c
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		close(p.conns)
		for c := range p.conns {
			c.Close()
		}
	})
	return p
}

// accept returns the next connection the peer accepted.
func (p *trunkPeer) accept(t *testing.T) net.Conn {
	t.Helper()
	select {
	case c := <-p.conns:
		t.Cleanup(func() { c.Close() })
		return c
	case <-time.After(2 * time.Second):
		t.Fatal("the trunk accepted no connection")
		return nil
	}
}

// trunkCert makes a self-signed certificate for trunk.test and returns
// the server configuration and a pool that trusts it.
func trunkCert(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	cfg, certFile, _, err := SelfSignedTLS(t.TempDir(), []string{"trunk.test"})
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("certificate not added")
	}
	return cfg, pool
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestDialTCPServesTheFlow(t *testing.T) {
	e := startEdge(t, Options{})
	responses := make(chan Flow, 4)
	e.OnResponse(func(res *sip.Response, f Flow) {
		if res.StatusCode == 200 && res.CSeq().MethodName == sip.OPTIONS {
			responses <- f
		}
	})
	closed := make(chan Flow, 4)
	e.OnFlowClosed(func(f Flow) { closed <- f })
	peer := newTrunkPeer(t, nil)

	f, err := e.Dial(ctxFor(t, 2*time.Second), "tcp", peer.addr, "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Transport != "tcp" || f.Remote != peer.addr || f.ID == 0 || !f.Local.IsValid() {
		t.Fatalf("flow %+v", f)
	}
	c := peer.accept(t)
	rd := newStreamReader(c)

	// A request we send over the dialled flow arrives on the trunk's side.
	if err := e.SendRequest(context.Background(), f.Transport, f.Local, f.Remote, f.ID, keepAlive("dial-tcp")); err != nil {
		t.Fatal(err)
	}
	b, err := rd.next(2 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	got := parseRequest(t, b)
	if got.Method != sip.OPTIONS || got.Via().Transport != "TCP" || got.Via().Port != int(f.Local.Port()) {
		t.Fatalf("request:\n%s", b)
	}
	// Its answer comes back through OnResponse, on the same flow.
	if _, err := c.Write([]byte(sip.NewResponseFromRequest(got, 200, "OK", nil).String())); err != nil {
		t.Fatal(err)
	}
	select {
	case rf := <-responses:
		if rf != f {
			t.Errorf("response flow %+v, dialled %+v", rf, f)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("OnResponse not called")
	}
	// A request from the trunk on the connection is handled like any:
	// the edge answers OPTIONS itself (RFC 3261 §11).
	if _, err := c.Write(tcpReq("OPTIONS", "from-trunk").bytes()); err != nil {
		t.Fatal(err)
	}
	if b, err := rd.next(2 * time.Second); err != nil || statusOf(t, b) != 200 {
		t.Fatalf("OPTIONS from the trunk: %v\n%s", err, b)
	}

	// Dialled again: the same connection.
	again, err := e.Dial(ctxFor(t, time.Second), "tcp", peer.addr, "")
	if err != nil || again != f {
		t.Fatalf("second Dial: %+v %v, want %+v", again, err, f)
	}
	select {
	case c2 := <-peer.conns:
		c2.Close()
		t.Fatal("a second connection was opened")
	case <-time.After(100 * time.Millisecond):
	}

	// The trunk closes it: the flow ends once, and Dial opens a new one.
	c.Close()
	select {
	case cf := <-closed:
		if cf.ID != f.ID {
			t.Errorf("closed %+v", cf)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("OnFlowClosed not called")
	}
	err = e.SendRequest(context.Background(), f.Transport, f.Local, f.Remote, f.ID, keepAlive("dial-gone"))
	if !errors.Is(err, ErrFlowClosed) {
		t.Errorf("send on the closed flow: %v", err)
	}
	f2, err := e.Dial(ctxFor(t, 2*time.Second), "tcp", peer.addr, "")
	if err != nil || f2.ID == f.ID || f2.ID == 0 {
		t.Fatalf("Dial after close: %+v %v", f2, err)
	}
	peer.accept(t)
}

func TestDialTLSVerifiesTheServerName(t *testing.T) {
	serverCfg, pool := trunkCert(t)
	peer := newTrunkPeer(t, serverCfg)
	e := startEdge(t, Options{TrunkTLS: &tls.Config{RootCAs: pool}})
	responses := make(chan *sip.Response, 1)
	e.OnResponse(func(res *sip.Response, f Flow) { responses <- res })

	f, err := e.Dial(ctxFor(t, 3*time.Second), "tls", peer.addr, "trunk.test")
	if err != nil {
		t.Fatal(err)
	}
	if f.Transport != "tls" || f.Remote != peer.addr || f.ID == 0 {
		t.Fatalf("flow %+v", f)
	}
	c := peer.accept(t)
	if v := c.(*tls.Conn).ConnectionState().Version; v < tls.VersionTLS12 {
		t.Errorf("TLS version %x", v)
	}
	rd := newStreamReader(c)
	if err := e.SendRequest(context.Background(), "tls", f.Local, f.Remote, f.ID, keepAlive("dial-tls")); err != nil {
		t.Fatal(err)
	}
	b, err := rd.next(2 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	got := parseRequest(t, b)
	if got.Via().Transport != "TLS" {
		t.Errorf("Via %s", got.Via().Value())
	}
	if _, err := c.Write([]byte(sip.NewResponseFromRequest(got, 486, "Busy Here", nil).String())); err != nil {
		t.Fatal(err)
	}
	select {
	case res := <-responses:
		if res.StatusCode != 486 || res.CallID().Value() != "dial-tls" {
			t.Errorf("response %d %s", res.StatusCode, res.CallID().Value())
		}
	case <-time.After(2 * time.Second):
		t.Fatal("OnResponse not called")
	}
	// Another server name is another connection, and a name the
	// certificate does not carry fails.
	_, err = e.Dial(ctxFor(t, 3*time.Second), "tls", peer.addr, "other.test")
	var verr *tls.CertificateVerificationError
	if !errors.As(err, &verr) {
		t.Fatalf("wrong server name: %v", err)
	}
	// Without the trunk's roots (the system's), the self-signed
	// certificate is refused.
	e2 := startEdge(t, Options{})
	if _, err := e2.Dial(ctxFor(t, 3*time.Second), "tls", peer.addr, "trunk.test"); !errors.As(err, &verr) {
		t.Fatalf("system roots: %v", err)
	}
	if n := e2.Stats().FlowsActive; n != 0 {
		t.Errorf("%d flows after failed handshakes", n)
	}
}

func TestDialErrors(t *testing.T) {
	e := startEdge(t, Options{})
	// Nothing listens on a port just released: refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := addrPortOf(ln.Addr())
	ln.Close()
	if _, err := e.Dial(ctxFor(t, 2*time.Second), "tcp", dead, ""); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("refused: %v", err)
	}
	// A server that accepts but never speaks TLS: the handshake runs
	// until the context ends.
	mute := newTrunkPeer(t, nil)
	start := time.Now()
	_, err = e.Dial(ctxFor(t, 300*time.Millisecond), "tls", mute.addr, "trunk.test")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("handshake timeout: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
	for _, tc := range []struct {
		transport string
		addr      netip.AddrPort
	}{
		{"udp", mute.addr},
		{"ws", mute.addr},
		{"tcp", netip.AddrPort{}},
		{"tcp", netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), 0)},
	} {
		if _, err := e.Dial(context.Background(), tc.transport, tc.addr, ""); !errors.Is(err, ErrTransport) {
			t.Errorf("%s %s: %v", tc.transport, tc.addr, err)
		}
	}
	if n := e.Stats().FlowsActive; n != 0 {
		t.Errorf("%d flows after failures", n)
	}

	idle, err := New(Options{UDPAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := idle.Dial(context.Background(), "tcp", mute.addr, ""); !errors.Is(err, ErrNotStarted) {
		t.Errorf("not started: %v", err)
	}
}

func TestDialConcurrentSharesOneConnection(t *testing.T) {
	e := startEdge(t, Options{})
	peer := newTrunkPeer(t, nil)
	const n = 8
	flows := make([]Flow, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { flows[i], errs[i] = e.Dial(ctxFor(t, 2*time.Second), "tcp", peer.addr, "") })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || flows[i] != flows[0] {
			t.Fatalf("dial %d: %+v %v, first %+v", i, flows[i], errs[i], flows[0])
		}
	}
	peer.accept(t)
	select {
	case <-peer.conns:
		t.Fatal("more than one connection opened")
	case <-time.After(100 * time.Millisecond):
	}
}

func TestDialledFlowIdleTimeoutAndClose(t *testing.T) {
	t.Run("idle", func(t *testing.T) {
		e := startEdge(t, Options{IdleTimeout: 200 * time.Millisecond})
		closed := make(chan Flow, 1)
		e.OnFlowClosed(func(f Flow) { closed <- f })
		peer := newTrunkPeer(t, nil)
		f, err := e.Dial(ctxFor(t, 2*time.Second), "tcp", peer.addr, "")
		if err != nil {
			t.Fatal(err)
		}
		c := peer.accept(t)
		if !newStreamReader(c).closed(2 * time.Second) {
			t.Fatal("idle dialled connection kept")
		}
		select {
		case cf := <-closed:
			if cf.ID != f.ID {
				t.Errorf("closed %+v", cf)
			}
		case <-time.After(time.Second):
			t.Fatal("OnFlowClosed not called")
		}
	})
	t.Run("edge close", func(t *testing.T) {
		goroutines := runtime.NumGoroutine()
		e, err := New(Options{UDPAddr: "127.0.0.1:0", Logger: testLogger(t)})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		closed := make(chan Flow, 1)
		e.OnFlowClosed(func(f Flow) { closed <- f })
		peer := newTrunkPeer(t, nil)
		if _, err := e.Dial(ctxFor(t, 2*time.Second), "tcp", peer.addr, ""); err != nil {
			t.Fatal(err)
		}
		c := peer.accept(t)
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-closed:
		default:
			t.Fatal("OnFlowClosed not called by Close")
		}
		if !newStreamReader(c).closed(time.Second) {
			t.Error("dialled connection open after Close")
		}
		if _, err := e.Dial(context.Background(), "tcp", peer.addr, ""); !errors.Is(err, ErrClosed) {
			t.Errorf("Dial after Close: %v", err)
		}
		c.Close()
		waitFor(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= goroutines+2 })
	})
}
