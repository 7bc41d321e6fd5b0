// Package relay anchors a call's media: each leg gets an Endpoint (an RTP
// socket on an even port and RTCP on the next, RFC 3550 §11), and Bridge
// relays RTP and RTCP between two endpoints with symmetric RTP latching
// (RFC 4961), SSRC/sequence/timestamp continuity across source changes
// (RFC 3550 §8.2) and per-leg loss, jitter and round-trip figures (RFC 3550
// A.3, A.8, §6.4.1). A Processor on a direction of a Link transforms its
// RTP (transcoding, SRTP), Endpoint.Send injects RTP from elsewhere
// (prompts, a mixer), and Attach terminates an endpoint in a handler
// instead of another phone.
//
// The packet path runs on a few worker goroutines, each draining one epoll
// instance with recvmmsg/sendmmsg; it takes no lock shared across calls and
// allocates nothing per packet. media/README.md has the design and the
// measurements.
package relay
