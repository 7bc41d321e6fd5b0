package srtp

import "errors"

// Sentinel errors, checked with errors.Is; returned errors wrap them with
// the detail (the attribute field, the SSRC, the suite).
var (
	// ErrSyntax: an a=crypto value that does not follow RFC 4568 §9.1.
	ErrSyntax = errors.New("srtp: crypto syntax")
	// ErrUnsupported: a well-formed a=crypto value that asks for something
	// Dialtone does not do (another suite, key method, MKI, session parameter).
	ErrUnsupported = errors.New("srtp: unsupported")
	// ErrNoCrypto: no acceptable crypto attribute in an offer, or an answer
	// that does not match what we offered.
	ErrNoCrypto = errors.New("srtp: no acceptable crypto")
	// ErrAuth: a received packet failed authentication (RFC 3711 §3.3 step 5).
	ErrAuth = errors.New("srtp: authentication failed")
	// ErrReplay: a received packet was seen before or is older than the
	// replay window (RFC 3711 §3.3.2).
	ErrReplay = errors.New("srtp: replayed packet")
	// ErrKeyExpired: the master key's lifetime (RFC 4568 §6.1, RFC 3711 §9.2)
	// is used up; the call needs new keys (a re-INVITE) or must end.
	ErrKeyExpired = errors.New("srtp: master key lifetime exceeded")
	// ErrPacket: not an RTP (or RTCP) packet that can be protected or
	// unprotected: too short, wrong version, inconsistent header.
	ErrPacket = errors.New("srtp: invalid packet")
)
