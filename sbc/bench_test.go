package sbc

import (
	"bytes"
	"net/netip"
	"testing"

	"github.com/emiago/sipgo/sip"
)

// registerTemplate returns a REGISTER whose branch and Call-ID end in a
// 16-digit hex field, and the offsets of the two fields, so a benchmark can
// make every iteration a new transaction without allocating.
func registerTemplate(b *testing.B) ([]byte, int, int) {
	msg := newReq("REGISTER", "0000000000000000").with("Expires", "3600").bytes()
	branch := bytes.Index(msg, []byte("z9hG4bK-")) + len("z9hG4bK-")
	callID := bytes.Index(msg, []byte("Call-ID: ")) + len("Call-ID: ")
	if branch < 8 || callID < 9 {
		b.Fatal("template")
	}
	return msg, branch, callID
}

func putHex(dst []byte, v uint64) {
	const hex = "0123456789abcdef"
	for i := 15; i >= 0; i-- {
		dst[i] = hex[v&0xf]
		v >>= 4
	}
}

// BenchmarkHandleRegisterUDP is the whole per-datagram path of a REGISTER
// (protections, scan, retransmission cache, sipgo parse, dispatch, a
// handler answering 200 OK, the response cached) without the socket.
// Every iteration is a new transaction from one of 4096 sources.
func BenchmarkHandleRegisterUDP(b *testing.B) {
	e, s := memEdge(b, Options{RateLimit: 1e9, RateBurst: 1 << 20}, discard{})
	e.Handle("REGISTER", func(r *Request) { _ = r.Respond(200, "OK") })
	msg, branch, callID := registerTemplate(b)
	srcs := make([]netip.AddrPort, 4096)
	for i := range srcs {
		srcs[i] = netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}), 5060)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		putHex(msg[branch:], uint64(i))
		putHex(msg[callID:], uint64(i))
		e.handleDatagram(s, msg, srcs[i&4095])
	}
	b.StopTimer()
	if st := e.Stats(); st.Dispatched == 0 || st.Malformed != 0 || st.Retransmissions != 0 {
		b.Fatalf("stats %+v", st)
	}
}

// BenchmarkRetransmissionUDP answers the same REGISTER from the cache.
func BenchmarkRetransmissionUDP(b *testing.B) {
	e, s := memEdge(b, Options{RateLimit: -1}, discard{})
	e.Handle("REGISTER", func(r *Request) { _ = r.Respond(200, "OK") })
	msg, _, _ := registerTemplate(b)
	src := netip.MustParseAddrPort("10.1.0.1:5060")
	e.handleDatagram(s, msg, src)
	b.ReportAllocs()
	for b.Loop() {
		e.handleDatagram(s, msg, src)
	}
}

// BenchmarkRespond builds and sends one 200 OK with a Contact and an
// Expires header (not cached, to measure the building alone).
func BenchmarkRespond(b *testing.B) {
	e, s := memEdge(b, Options{}, discard{})
	var req *Request
	e.Handle("REGISTER", func(r *Request) { req = r })
	msg, _, _ := registerTemplate(b)
	e.handleDatagram(s, msg, netip.MustParseAddrPort("10.1.0.1:5060"))
	if req == nil {
		b.Fatal("no request")
	}
	req.in.cacheable = false
	contact := &sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: "101", Host: "10.0.0.5", Port: 5060}, Params: sip.HeaderParams{{K: "expires", V: "3600"}}}
	expires := sip.NewHeader("Expires", "3600")
	b.ReportAllocs()
	for b.Loop() {
		if err := req.Respond(200, "OK", contact, expires); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUDPLoopback is a REGISTER answered through real loopback
// sockets, client and server on this machine (a round trip per op).
func BenchmarkUDPLoopback(b *testing.B) {
	e := startEdge(b, Options{RateLimit: -1})
	e.Handle("REGISTER", func(r *Request) { _ = r.Respond(200, "OK") })
	c := udpClient(b, e, "127.0.0.1")
	msg, branch, callID := registerTemplate(b)
	buf := make([]byte, 4096)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		putHex(msg[branch:], uint64(i))
		putHex(msg[callID:], uint64(i))
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Read(buf); err != nil {
			b.Fatal(err)
		}
	}
}
