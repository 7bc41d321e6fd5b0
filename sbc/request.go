package sbc

import (
	"log/slog"
	"net/netip"

	"github.com/emiago/sipgo/sip"
)

// Handler handles one request accepted by the edge. For UDP it runs on the
// socket's reader goroutine: it must return quickly, and may keep the
// Request to respond later from another goroutine.
type Handler func(req *Request)

// Flow is the path a message came by: for TCP, TLS and WebSocket one
// connection (ID unique per connection), for UDP the socket and the peer
// (ID 0).
type Flow struct {
	Transport     string // "udp", "tcp", "tls", "ws", "wss"
	Local, Remote netip.AddrPort
	ID            uint64
}

// Request is a request accepted by the edge, with where it came from and
// how to answer it. It owns a copy of the message's bytes, so it may be kept
// after the handler returns. Its methods are safe for concurrent use.
type Request struct {
	e   *Edge
	in  inbound
	msg *sip.Request
}

func newRequest(e *Edge, in *inbound, msg *sip.Request) *Request {
	r := &Request{e: e, in: *in, msg: msg}
	r.in.raw = append([]byte(nil), in.raw...)
	return r
}

// SIP returns the parsed request. Its Source and Destination are not set;
// use Source and Local.
func (r *Request) SIP() *sip.Request { return r.msg }

// Transport is "udp", "tcp", "tls", "ws" or "wss".
func (r *Request) Transport() string { return r.in.transport }

// Source is the real source of the packet (what RFC 3581 received and
// rport record), not what the top Via claims.
func (r *Request) Source() netip.AddrPort { return r.in.src }

// Local is the address of our listener that received the request.
func (r *Request) Local() netip.AddrPort { return r.in.local }

// FlowID identifies the connection the request came on (0 for UDP).
func (r *Request) FlowID() uint64 {
	if r.in.conn != nil {
		return r.in.conn.id
	}
	return 0
}

// Flow returns Transport, Local, Source and FlowID together.
func (r *Request) Flow() Flow { return r.in.flow() }

// Respond sends the response to the request, built from it (RFC 3261
// §8.2.6): its Via headers (the top one with received and rport, RFC 3581),
// From, To (with a tag, see ToTag), Call-ID and CSeq, then hdrs, Server and
// Content-Length: 0. hdrs are added, not substituted: do not pass the copied
// headers. An empty reason takes the standard phrase. Over UDP the response
// also answers retransmissions of the request from now on.
func (r *Request) Respond(code int, reason string, hdrs ...sip.Header) error {
	return r.e.respond(&r.in, code, reason, hdrs, "", nil)
}

// RespondBody is Respond with a message body of the given Content-Type
// (e.g. an SDP answer).
func (r *Request) RespondBody(code int, reason, contentType string, body []byte, hdrs ...sip.Header) error {
	return r.e.respond(&r.in, code, reason, hdrs, contentType, body)
}

// ToTag returns the tag of the request's To header, or, when it has none,
// the tag Respond adds to responses above 100: derived from Call-ID, From
// tag and branch with a per-edge secret, so identical for every response to
// the request and its retransmissions.
func (r *Request) ToTag() string {
	if tag, ok := tagOf(r.in.sc.to.in(r.in.raw)); ok {
		return string(tag)
	}
	return string(r.e.appendToTag(nil, &r.in))
}

// AuthFailed records one failed digest authentication from Source: after
// Options.BanFailures within BanWindow the source is banned.
func (r *Request) AuthFailed() {
	if b, created := r.e.bans.RecordFailure(r.in.src.Addr()); created {
		r.e.log.Warn("source banned", slog.String("addr", b.Addr.String()),
			slog.String("reason", b.Reason), slog.Time("until", b.Until))
	}
}
