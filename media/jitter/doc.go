// Package jitter reorders the packets of one RTP stream and hands them out
// one frame per ptime, in timestamp order, reporting the frames that never
// came as lost so that the consumer plays concealment or silence (a mixer,
// a recorder). It is pure: no sockets, no goroutines, no clock of its own;
// the caller passes arrival and playout times.
//
// The playout schedule is fixed-delay (RFC 3550 §6.4.1 defines the transit
// time this is built on): the first packet of a timeline is due Depth after
// it arrived, and every later packet is due at that instant plus its RTP
// timestamp distance at the clock rate. A packet that arrives after its
// slot was handed out (or reported lost) is late and dropped.
package jitter
