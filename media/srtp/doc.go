// Package srtp secures RTP on a trunk leg with SRTP (RFC 3711) keyed by SDP
// security descriptions (SDES, RFC 4568): it parses and writes a=crypto
// attributes, negotiates them in offer/answer, and wraps
// github.com/pion/srtp/v3 contexts as a Protector (what we send) and an
// Unprotector (what we receive), with adapters for the relay's
// per-direction packet hook.
//
// One master key per call and direction: our key (NewCrypto) protects what
// we send, the peer's key (from its SDP) unprotects what we receive.
package srtp
