package sbc

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// streamReader reads SIP messages (or CRLF pongs) from a stream.
type streamReader struct {
	c  net.Conn
	br *bufio.Reader
}

func newStreamReader(c net.Conn) *streamReader { return &streamReader{c: c, br: bufio.NewReader(c)} }

// next returns the next message, or "\r\n" for a pong; an error when
// nothing comes within wait or the connection ends.
func (s *streamReader) next(wait time.Duration) ([]byte, error) {
	_ = s.c.SetReadDeadline(time.Now().Add(wait))
	var head []byte
	for {
		line, err := s.br.ReadBytes('\n')
		if err != nil {
			return nil, err
		}
		if len(head) == 0 && string(line) == "\r\n" {
			return line, nil // a pong (or a leading CRLF)
		}
		head = append(head, line...)
		if bytes.HasSuffix(head, []byte("\r\n\r\n")) {
			break
		}
	}
	cl := 0
	for _, l := range strings.Split(string(head), "\r\n") {
		if n, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(strings.TrimSpace(n), "content-length") {
			cl, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	body := make([]byte, cl)
	if _, err := io.ReadFull(s.br, body); err != nil {
		return nil, err
	}
	return append(head, body...), nil
}

// closed reports whether the peer closed the connection within wait.
func (s *streamReader) closed(wait time.Duration) bool {
	_ = s.c.SetReadDeadline(time.Now().Add(wait))
	_, err := s.br.ReadByte()
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || isReset(err)
}

func isReset(err error) bool {
	return err != nil && strings.Contains(err.Error(), "connection reset")
}

func tcpReq(method, id string) request {
	r := newReq(method, id)
	return r.with("Via", "SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bK-"+id+";rport")
}

func TestTCPFraming(t *testing.T) {
	e := startEdge(t, Options{})
	var mu sync.Mutex
	var got []string
	e.Handle("MESSAGE", func(r *Request) {
		mu.Lock()
		got = append(got, string(r.SIP().Body()))
		mu.Unlock()
		_ = r.Respond(200, "")
	})
	c := tcpClient(t, e, "127.0.0.20")
	rd := newStreamReader(c)

	t.Run("two messages in one write", func(t *testing.T) {
		two := append(tcpReq("MESSAGE", "m1").with("Content-Type", "text/plain").withBody("one").bytes(),
			tcpReq("MESSAGE", "m2").with("Content-Type", "text/plain").withBody("two").bytes()...)
		if _, err := c.Write(two); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			b, err := rd.next(time.Second)
			if err != nil || statusOf(t, b) != 200 {
				t.Fatalf("answer: %v\n%s", err, b)
			}
		}
	})
	t.Run("one message split across writes", func(t *testing.T) {
		msg := tcpReq("MESSAGE", "m3").with("Content-Type", "text/plain").withBody("three").bytes()
		for _, part := range [][]byte{msg[:10], msg[10:100], msg[100 : len(msg)-2], msg[len(msg)-2:]} {
			if _, err := c.Write(part); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		b, err := rd.next(time.Second)
		if err != nil || statusOf(t, b) != 200 {
			t.Fatalf("answer: %v\n%s", err, b)
		}
	})
	t.Run("CRLF keep-alive", func(t *testing.T) {
		if _, err := c.Write([]byte("\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		b, err := rd.next(time.Second)
		if err != nil || string(b) != "\r\n" {
			t.Fatalf("pong %q, %v", b, err)
		}
		// A ping in two halves, then a message after a leading CRLF.
		_, _ = c.Write([]byte("\r\n"))
		time.Sleep(20 * time.Millisecond)
		_, _ = c.Write([]byte("\r\n"))
		if b, err := rd.next(time.Second); err != nil || string(b) != "\r\n" {
			t.Fatalf("split ping: pong %q, %v", b, err)
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, ",") != "one,two,three" {
		t.Errorf("bodies %q", got)
	}
	if e.Stats().KeepAlives < 2 {
		t.Errorf("KeepAlives = %d", e.Stats().KeepAlives)
	}
}

func TestHostileTCP(t *testing.T) {
	e := startEdge(t, Options{MaxMessageSize: 4096})
	tests := []struct {
		name   string
		msg    []byte
		status int
		stat   string
	}{
		{"missing Content-Length", bytes.Replace(tcpReq("OPTIONS", "t-nocl").bytes(), []byte("Content-Length: 0\r\n"), nil, 1), 400, "malformed"},
		{"Content-Length not a number", tcpReq("OPTIONS", "t-nan").with("Content-Length", "x").bytes(), 400, "malformed"},
		{"Content-Length negative", tcpReq("OPTIONS", "t-neg").with("Content-Length", "-5").bytes(), 400, "malformed"},
		{"body over the limit", tcpReq("OPTIONS", "t-big").with("Content-Length", "100000").bytes(), 413, "oversize"},
		{"headers over the limit", tcpReq("OPTIONS", "t-huge").with("X-Pad", strings.Repeat("p", 5000)).bytes(), 413, "oversize"},
		{"header section never ends", append([]byte("OPTIONS sip:x SIP/2.0\r\n"), bytes.Repeat([]byte("X-Pad: 0123456789\r\n"), 300)...), 0, "oversize"},
		{"garbage", bytes.Repeat([]byte{0x16, 0x03, 0x01, '\r', '\n'}, 10), 0, "malformed_dropped"},
		{"missing Call-ID", tcpReq("OPTIONS", "t-nocid").with("Call-ID", "").bytes(), 0, "malformed_dropped"},
		{"response without Content-Length", []byte("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKr\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: r\r\nCSeq: 1 OPTIONS\r\n\r\n"), 0, "malformed"},
		{"unknown method keeps the connection", tcpReq("FROB", "t-frob").bytes(), 501, ""},
		{"Max-Forwards 0", tcpReq("OPTIONS", "t-mf0").with("Max-Forwards", "0").bytes(), 483, "too_many_hops"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tcpClient(t, e, "127.0.0."+strconv.Itoa(30+i))
			rd := newStreamReader(c)
			before := e.Stats().Map()
			if _, err := c.Write(tc.msg); err != nil {
				t.Fatal(err)
			}
			if tc.status != 0 {
				b, err := rd.next(time.Second)
				if err != nil {
					t.Fatalf("want %d: %v", tc.status, err)
				}
				if got := statusOf(t, b); got != tc.status {
					t.Fatalf("status %d, want %d", got, tc.status)
				}
			}
			keep := tc.status == 501 || tc.status == 483
			if closed := rd.closed(noAnswer); closed == keep {
				t.Errorf("connection closed=%v, want %v", closed, !keep)
			}
			if tc.stat != "" {
				waitFor(t, "stat "+tc.stat, func() bool { return e.Stats().Map()[tc.stat] == before[tc.stat]+1 })
			}
		})
	}
	// Still serving.
	c := tcpClient(t, e, "127.0.0.29")
	if _, err := c.Write(tcpReq("OPTIONS", "t-after").bytes()); err != nil {
		t.Fatal(err)
	}
	if b, err := newStreamReader(c).next(time.Second); err != nil || statusOf(t, b) != 200 {
		t.Fatalf("OPTIONS after the table: %v", err)
	}
}

func TestTLSWithSelfSigned(t *testing.T) {
	dir := t.TempDir()
	cfg, certFile, generated, err := SelfSignedTLS(dir, []string{"pbx.test", "192.0.2.10"})
	if err != nil || !generated || certFile != filepath.Join(dir, CertFile) {
		t.Fatalf("SelfSignedTLS: %v generated=%v %s", err, generated, certFile)
	}
	if fi, err := os.Stat(filepath.Join(dir, KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", err, fi.Mode())
	}
	if _, _, again, err := SelfSignedTLS(dir, nil); err != nil || again {
		t.Fatalf("second call: generated=%v err=%v", again, err)
	}
	leaf, err := x509.ParseCertificate(cfg.Certificates[0].Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := leaf.VerifyHostname("pbx.test"); err != nil {
		t.Error(err)
	}
	if err := leaf.VerifyHostname("192.0.2.10"); err != nil {
		t.Error(err)
	}
	if d := leaf.NotAfter.Sub(leaf.NotBefore); d < 364*24*time.Hour || d > 367*24*time.Hour {
		t.Errorf("validity %v", d)
	}

	e := startEdge(t, Options{UDPAddr: "127.0.0.1:0", TLSAddr: "127.0.0.1:0", TLSConfig: cfg})
	pem, _ := os.ReadFile(certFile)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	c, err := tls.Dial("tcp", e.Addr("tls").String(), &tls.Config{RootCAs: pool, ServerName: "localhost"})
	if err != nil {
		t.Fatalf("tls dial: %v", err)
	}
	defer c.Close()
	var flow Flow
	e.Handle("REGISTER", func(r *Request) { flow = r.Flow(); _ = r.Respond(200, "") })
	msg := newReq("REGISTER", "tls").with("Via", "SIP/2.0/TLS 10.0.0.5:5061;branch=z9hG4bK-tls;rport").bytes()
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	b, err := newStreamReader(c).next(2 * time.Second)
	if err != nil || statusOf(t, b) != 200 {
		t.Fatalf("answer over TLS: %v", err)
	}
	if flow.Transport != "tls" || flow.ID == 0 || flow.Local != e.Addr("tls") {
		t.Errorf("flow %+v", flow)
	}
	if err := e.Ready(context.Background()); err != nil {
		t.Errorf("Ready: %v", err)
	}
}

func TestSelfSignedTLSRefusesHalfAPair(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, CertFile), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := SelfSignedTLS(dir, nil); err == nil {
		t.Fatal("a certificate without key accepted")
	}
}

func TestWebSocket(t *testing.T) {
	e := startEdge(t, Options{UDPAddr: "127.0.0.1:0"})
	flows := make(chan Flow, 4)
	closed := make(chan Flow, 4)
	e.Handle("REGISTER", func(r *Request) { flows <- r.Flow(); _ = r.Respond(200, "") })
	e.OnFlowClosed(func(f Flow) { closed <- f })
	srv := httptest.NewServer(http.HandlerFunc(e.ServeWS))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")

	t.Run("subprotocol required", func(t *testing.T) {
		_, _, _, err := ws.Dialer{}.Dial(context.Background(), url)
		if err == nil {
			t.Fatal("connection without the sip subprotocol accepted")
		}
	})

	conn, _, hs, err := ws.Dialer{Protocols: []string{"sip"}}.Dial(context.Background(), url)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	if hs.Protocol != "sip" {
		t.Fatalf("subprotocol %q", hs.Protocol)
	}
	msg := newReq("REGISTER", "ws").with("Via", "SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK-ws;rport").bytes()
	if err := wsutil.WriteClientText(conn, msg); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	b, err := wsutil.ReadServerText(conn)
	if err != nil {
		t.Fatal(err)
	}
	res := parseResponse(t, b)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got, _ := res.Via().Params.Get("received"); got != "127.0.0.1" {
		t.Errorf("received=%q", got)
	}
	f := <-flows
	if f.Transport != "ws" || f.ID == 0 {
		t.Errorf("flow %+v", f)
	}
	// CRLF ping, answered with a CRLF message.
	if err := wsutil.WriteClientText(conn, []byte("\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if b, err := wsutil.ReadServerText(conn); err != nil || string(b) != "\r\n" {
		t.Fatalf("pong %q %v", b, err)
	}
	// SendRequest over the WebSocket flow.
	opt := sip.NewRequest(sip.OPTIONS, sip.Uri{Scheme: "sip", User: "101", Host: "df7jal23ls0d.invalid"})
	opt.AppendHeader(&sip.FromHeader{Address: sip.Uri{Scheme: "sip", Host: "pbx.test"}, Params: sip.HeaderParams{{K: "tag", V: "x1"}}})
	opt.AppendHeader(&sip.ToHeader{Address: sip.Uri{Scheme: "sip", User: "101", Host: "pbx.test"}})
	cid := sip.CallIDHeader("ws-keepalive")
	opt.AppendHeader(&cid)
	opt.AppendHeader(&sip.CSeqHeader{SeqNo: 1, MethodName: sip.OPTIONS})
	if err := e.SendRequest(context.Background(), f.Transport, f.Local, f.Remote, f.ID, opt); err != nil {
		t.Fatal(err)
	}
	b, err = wsutil.ReadServerText(conn)
	if err != nil || !bytes.HasPrefix(b, []byte("OPTIONS sip:101@df7jal23ls0d.invalid SIP/2.0\r\nVia: SIP/2.0/WS ")) {
		t.Fatalf("request over ws: %v\n%s", err, b)
	}
	conn.Close()
	select {
	case c := <-closed:
		if c.ID != f.ID {
			t.Errorf("closed flow %d, want %d", c.ID, f.ID)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("OnFlowClosed not called")
	}
}

func TestSendRequestUDPAndOverInboundTCP(t *testing.T) {
	e := startEdge(t, Options{})
	responses := make(chan Flow, 4)
	e.OnResponse(func(res *sip.Response, f Flow) {
		if res.StatusCode == 200 {
			responses <- f
		}
	})
	closedFlows := make(chan Flow, 4)
	e.OnFlowClosed(func(f Flow) { closedFlows <- f })
	registered := make(chan *Request, 1)
	e.Handle("REGISTER", func(r *Request) { _ = r.Respond(200, ""); registered <- r })

	t.Run("udp", func(t *testing.T) {
		c := udpClient(t, e, "127.0.0.40")
		remote := addrPortOf(c.LocalAddr())
		req := keepAlive("udp-ka")
		if err := e.SendRequest(context.Background(), "udp", e.Addr("udp"), remote, 0, req); err != nil {
			t.Fatal(err)
		}
		b, ok := readDatagram(t, c, time.Second)
		if !ok {
			t.Fatal("nothing received")
		}
		got := parseRequest(t, b)
		via := got.Via()
		if branch, _ := via.Params.Get("branch"); !strings.HasPrefix(branch, "z9hG4bK") || len(branch) < 20 {
			t.Errorf("branch %q", branch)
		}
		if !via.Params.Has("rport") || via.Transport != "UDP" || via.Host != "127.0.0.1" || via.Port != int(e.Addr("udp").Port()) {
			t.Errorf("Via %s", via.Value())
		}
		if got.MaxForwards() == nil || got.GetHeader("User-Agent").Value() != "Dialtone" {
			t.Errorf("Max-Forwards/User-Agent missing:\n%s", b)
		}
		// The phone answers; OnResponse gets it with the flow.
		res := sip.NewResponseFromRequest(got, 200, "OK", nil)
		if _, err := c.Write([]byte(res.String())); err != nil {
			t.Fatal(err)
		}
		select {
		case f := <-responses:
			if f.Transport != "udp" || f.Remote != remote || f.ID != 0 {
				t.Errorf("flow %+v", f)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("OnResponse not called")
		}
	})

	t.Run("public ip in via", func(t *testing.T) {
		e2 := startEdge(t, Options{UDPAddr: "127.0.0.1:0", PublicIP: netip.MustParseAddr("203.0.113.9")})
		c := udpClient(t, e2, "127.0.0.41")
		if err := e2.SendRequest(context.Background(), "udp", e2.Addr("udp"), addrPortOf(c.LocalAddr()), 0, keepAlive("pub")); err != nil {
			t.Fatal(err)
		}
		b, ok := readDatagram(t, c, time.Second)
		if !ok || parseRequest(t, b).Via().Host != "203.0.113.9" {
			t.Fatalf("Via not the public IP:\n%s", b)
		}
	})

	t.Run("tcp", func(t *testing.T) {
		c := tcpClient(t, e, "127.0.0.42")
		rd := newStreamReader(c)
		if _, err := c.Write(tcpReq("REGISTER", "tcp-reg").bytes()); err != nil {
			t.Fatal(err)
		}
		if b, err := rd.next(time.Second); err != nil || statusOf(t, b) != 200 {
			t.Fatalf("REGISTER: %v", err)
		}
		r := <-registered
		if r.Transport() != "tcp" || r.FlowID() == 0 {
			t.Fatalf("transport %s flow %d", r.Transport(), r.FlowID())
		}
		if err := e.SendRequest(context.Background(), "tcp", r.Local(), r.Source(), r.FlowID(), keepAlive("tcp-ka")); err != nil {
			t.Fatal(err)
		}
		b, err := rd.next(time.Second)
		if err != nil {
			t.Fatal(err)
		}
		got := parseRequest(t, b)
		if got.Method != sip.OPTIONS || got.Via().Transport != "TCP" {
			t.Fatalf("got:\n%s", b)
		}
		res := sip.NewResponseFromRequest(got, 200, "OK", nil)
		if _, err := c.Write([]byte(res.String())); err != nil {
			t.Fatal(err)
		}
		select {
		case f := <-responses:
			if f.Transport != "tcp" || f.ID != r.FlowID() {
				t.Errorf("flow %+v", f)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("OnResponse not called")
		}
		c.Close()
		select {
		case f := <-closedFlows:
			if f.ID != r.FlowID() || f.Transport != "tcp" || f.Remote != r.Source() {
				t.Errorf("closed %+v", f)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("OnFlowClosed not called")
		}
		err = e.SendRequest(context.Background(), "tcp", r.Local(), r.Source(), r.FlowID(), keepAlive("tcp-gone"))
		if !errors.Is(err, ErrFlowClosed) {
			t.Errorf("send on a closed flow: %v", err)
		}
		select {
		case f := <-closedFlows:
			t.Errorf("OnFlowClosed called twice: %+v", f)
		case <-time.After(100 * time.Millisecond):
		}
	})
}

func keepAlive(id string) *sip.Request {
	req := sip.NewRequest(sip.OPTIONS, sip.Uri{Scheme: "sip", User: "101", Host: "127.0.0.1"})
	req.AppendHeader(&sip.FromHeader{Address: sip.Uri{Scheme: "sip", Host: "pbx.test"}, Params: sip.HeaderParams{{K: "tag", V: id}}})
	req.AppendHeader(&sip.ToHeader{Address: sip.Uri{Scheme: "sip", User: "101", Host: "pbx.test"}})
	cid := sip.CallIDHeader(id)
	req.AppendHeader(&cid)
	req.AppendHeader(&sip.CSeqHeader{SeqNo: 1, MethodName: sip.OPTIONS})
	return req
}

func parseRequest(t testing.TB, b []byte) *sip.Request {
	t.Helper()
	msg, err := sip.NewParser().ParseSIP(b)
	if err != nil {
		t.Fatalf("request does not parse: %v\n%s", err, b)
	}
	req, ok := msg.(*sip.Request)
	if !ok {
		t.Fatalf("not a request:\n%s", b)
	}
	return req
}

func TestIdleTimeoutClosesFlow(t *testing.T) {
	e := startEdge(t, Options{IdleTimeout: 200 * time.Millisecond})
	closed := make(chan Flow, 1)
	e.OnFlowClosed(func(f Flow) { closed <- f })
	c := tcpClient(t, e, "127.0.0.50")
	if !newStreamReader(c).closed(2 * time.Second) {
		t.Fatal("idle connection not closed")
	}
	select {
	case <-closed:
	case <-time.After(time.Second):
		t.Fatal("OnFlowClosed not called")
	}
}

func TestConnectionLimitPerIP(t *testing.T) {
	e := startEdge(t, Options{MaxConnectionsPerIP: 2})
	a, b := tcpClient(t, e, "127.0.0.51"), tcpClient(t, e, "127.0.0.51")
	_, _ = a, b
	waitFor(t, "two flows", func() bool { return e.Stats().FlowsOpened == 2 })
	c := tcpClient(t, e, "127.0.0.51")
	if !newStreamReader(c).closed(time.Second) {
		t.Fatal("third connection from one address kept")
	}
	if e.Stats().FlowsRefused != 1 {
		t.Errorf("FlowsRefused = %d", e.Stats().FlowsRefused)
	}
	d := tcpClient(t, e, "127.0.0.52")
	if newStreamReader(d).closed(100 * time.Millisecond) {
		t.Fatal("another address refused")
	}
}

func TestCloseEndsFlowsAndStopsServing(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	opts := Options{UDPAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0", Logger: testLogger(t)}
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Ready(context.Background()); !errors.Is(err, ErrNotStarted) {
		t.Errorf("Ready before Start: %v", err)
	}
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.Addr("udp").Port() == 0 || e.Addr("udp").Port() != e.Addr("tcp").Port() {
		t.Errorf("udp %v tcp %v: one port expected", e.Addr("udp"), e.Addr("tcp"))
	}
	if err := e.Ready(context.Background()); err != nil {
		t.Errorf("Ready: %v", err)
	}
	closed := make(chan Flow, 1)
	e.OnFlowClosed(func(f Flow) { closed <- f })
	c := tcpClient(t, e, "127.0.0.53")
	waitFor(t, "flow", func() bool { return e.Stats().FlowsOpened == 1 })
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-closed:
	default:
		t.Fatal("OnFlowClosed not called by Close")
	}
	if !newStreamReader(c).closed(time.Second) {
		t.Error("connection open after Close")
	}
	if err := e.Ready(context.Background()); err == nil {
		t.Error("Ready after Close")
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	c.Close()
	waitFor(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= goroutines })
}

func TestStartErrorNamesListener(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	e, err := New(Options{UDPAddr: "127.0.0.1:0", TCPAddr: busy.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	err = e.Start(context.Background())
	if err == nil || !strings.Contains(err.Error(), "tcp listener on "+busy.Addr().String()) {
		t.Fatalf("Start: %v", err)
	}
	if _, err := New(Options{TLSAddr: "127.0.0.1:0"}); err == nil {
		t.Error("TLSAddr without TLSConfig accepted")
	}
}
