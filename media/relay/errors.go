package relay

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrNoPorts means every even/odd pair of the configured range is taken.
	ErrNoPorts = errors.New("relay: no free RTP port pair")
	// ErrClosed means the Pool or Endpoint was closed.
	ErrClosed = errors.New("relay: closed")
	// ErrNoRoute means Endpoint.Send knows no address for the phone: it has
	// neither latched nor been given one with SetRemote.
	ErrNoRoute = errors.New("relay: no address for the phone")
	// ErrConfig means the Config is invalid.
	ErrConfig = errors.New("relay: invalid config")
	// errShort and errVersion are what the header parsers return.
	errShort   = errors.New("packet too short")
	errVersion = errors.New("not RTP version 2")
	errLength  = errors.New("bad length")
)
