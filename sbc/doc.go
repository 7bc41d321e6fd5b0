// Package sbc is the SIP edge of the PBX: it owns the sockets for SIP over
// UDP, TCP, TLS and WebSocket (RFC 7118), applies the edge protections of
// package guard, answers what the edge can answer by itself (malformed
// requests, OPTIONS pings, retransmissions, CRLF keep-alives) and hands every
// accepted request to the [Handler] registered for its method.
//
// It uses sipgo only to parse messages; it has no transaction layer. Stateless
// answers are built straight from the bytes of the request, and over UDP the
// last response to each request is kept for 4–8 s so that a retransmission
// is answered again without running its handler twice (RFC 3261 §17.2.2).
//
// UDP handlers run on the socket's reader goroutine: they must be quick, and
// hand anything slow (database writes, call set-up) to their own goroutines,
// keeping the [*Request] to respond later.
package sbc
