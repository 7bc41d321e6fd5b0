package sbc

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
)

// noAnswer is how long a test waits to conclude that nothing comes back.
const noAnswer = 300 * time.Millisecond

// startEdge starts an edge on loopback UDP and TCP (one port), with opts
// filled in, and closes it when the test ends.
func startEdge(t testing.TB, opts Options) *Edge {
	t.Helper()
	if opts.UDPAddr == "" && opts.TCPAddr == "" {
		opts.UDPAddr, opts.TCPAddr = "127.0.0.1:0", "127.0.0.1:0"
	}
	if opts.Logger == nil {
		opts.Logger = testLogger(t)
	}
	e, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := e.Start(ctx); err != nil {
		cancel()
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e
}

func testLogger(t testing.TB) *slog.Logger {
	if tt, ok := t.(*testing.T); ok && testing.Verbose() {
		return slog.New(slog.NewTextHandler(tt.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// udpClient returns a UDP socket bound to the loopback address ip (each
// test uses its own, so that rate limits and bans do not mix), connected
// to the edge.
func udpClient(t testing.TB, e *Edge, ip string) *net.UDPConn {
	t.Helper()
	laddr := net.UDPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr(ip), 0))
	c, err := net.DialUDP("udp", laddr, net.UDPAddrFromAddrPort(e.Addr("udp")))
	if err != nil {
		t.Fatalf("dial udp: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// tcpClient connects from the loopback address ip to the edge's TCP port.
func tcpClient(t testing.TB, e *Edge, ip string) *net.TCPConn {
	t.Helper()
	laddr := net.TCPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr(ip), 0))
	c, err := net.DialTCP("tcp", laddr, net.TCPAddrFromAddrPort(e.Addr("tcp")))
	if err != nil {
		t.Fatalf("dial tcp: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// exchange sends b and returns the datagram that comes back within wait.
func exchange(t testing.TB, c *net.UDPConn, b []byte, wait time.Duration) ([]byte, bool) {
	t.Helper()
	if _, err := c.Write(b); err != nil {
		t.Fatalf("write: %v", err)
	}
	return readDatagram(t, c, wait)
}

func readDatagram(t testing.TB, c *net.UDPConn, wait time.Duration) ([]byte, bool) {
	t.Helper()
	buf := make([]byte, 65536)
	_ = c.SetReadDeadline(time.Now().Add(wait))
	n, err := c.Read(buf)
	if err != nil {
		return nil, false
	}
	return buf[:n], true
}

// parseResponse parses b with sipgo and fails the test unless it is a
// response.
func parseResponse(t testing.TB, b []byte) *sip.Response {
	t.Helper()
	msg, err := sip.NewParser().ParseSIP(b)
	if err != nil {
		t.Fatalf("response does not parse: %v\n%s", err, b)
	}
	res, ok := msg.(*sip.Response)
	if !ok {
		t.Fatalf("not a response:\n%s", b)
	}
	return res
}

// request is a test request: a start line, header lines and a body. Its
// bytes get Content-Length computed unless a header sets it.
type request struct {
	start   string
	headers []string
	body    string
}

// newReq returns a well-formed request of method, unique by id (branch,
// Call-ID, tags), from sent-by 10.0.0.5:5060 with rport.
func newReq(method, id string) request {
	uri := "sip:pbx.test"
	if method == "INVITE" || method == "OPTIONS" || method == "MESSAGE" {
		uri = "sip:102@pbx.test"
	}
	return request{
		start: method + " " + uri + " SIP/2.0",
		headers: []string{
			"Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-" + id + ";rport",
			"Max-Forwards: 70",
			"From: \"Alice\" <sip:101@pbx.test>;tag=from-" + id,
			"To: <sip:101@pbx.test>",
			"Call-ID: " + id + "@10.0.0.5",
			"CSeq: 1 " + method,
			"Contact: <sip:101@10.0.0.5:5060>",
			"User-Agent: TestPhone/1.0",
		},
	}
}

// with replaces (or, with value "", removes) every header named name, or
// appends it when absent.
func (r request) with(name, value string) request {
	out := make([]string, 0, len(r.headers)+1)
	found := false
	for _, h := range r.headers {
		n, _, _ := strings.Cut(h, ":")
		if strings.EqualFold(strings.TrimSpace(n), name) {
			if !found && value != "" {
				out = append(out, name+": "+value)
			}
			found = true
			continue
		}
		out = append(out, h)
	}
	if !found && value != "" {
		out = append(out, name+": "+value)
	}
	r.headers = out
	return r
}

func (r request) withBody(b string) request { r.body = b; return r }

func (r request) bytes() []byte {
	var b bytes.Buffer
	b.WriteString(r.start + "\r\n")
	hasCL := false
	for _, h := range r.headers {
		if n, _, _ := strings.Cut(h, ":"); strings.EqualFold(strings.TrimSpace(n), "content-length") || strings.TrimSpace(n) == "l" {
			hasCL = true
		}
		b.WriteString(h + "\r\n")
	}
	if !hasCL {
		b.WriteString("Content-Length: " + strconv.Itoa(len(r.body)) + "\r\n")
	}
	b.WriteString("\r\n" + r.body)
	return b.Bytes()
}

// statusOf returns the status code of a response, or 0.
func statusOf(t testing.TB, b []byte) int {
	t.Helper()
	return parseResponse(t, b).StatusCode
}

// recorder collects what the edge sends over an in-memory UDP socket.
type recorder struct {
	mu   sync.Mutex
	sent [][]byte
	to   []netip.AddrPort
}

func (r *recorder) WriteToUDPAddrPort(b []byte, addr netip.AddrPort) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, append([]byte(nil), b...))
	r.to = append(r.to, addr)
	return len(b), nil
}

func (r *recorder) take() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sent
	r.sent, r.to = nil, nil
	return s
}

// discard is a packetWriter that drops everything (benchmarks).
type discard struct{}

func (discard) WriteToUDPAddrPort(b []byte, _ netip.AddrPort) (int, error) { return len(b), nil }

// memEdge returns an edge that is not started, with an in-memory UDP
// socket, for the per-message path without network.
func memEdge(t testing.TB, opts Options, w packetWriter) (*Edge, *udpSocket) {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	e, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e, &udpSocket{w: w, local: netip.MustParseAddrPort("127.0.0.1:5060")}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
