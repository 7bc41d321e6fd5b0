package sbc

import "errors"

// Errors returned by the edge.
var (
	// ErrFlowClosed: the TCP, TLS or WebSocket connection a message should
	// go out on no longer exists.
	ErrFlowClosed = errors.New("sbc: flow closed")
	// ErrClosed: the edge has been closed.
	ErrClosed = errors.New("sbc: edge closed")
	// ErrNotStarted: Start has not been called (or failed).
	ErrNotStarted = errors.New("sbc: edge not started")
	// ErrNoListener: no listener serves the transport or local address asked for.
	ErrNoListener = errors.New("sbc: no such listener")
	// ErrTransport: Dial was asked for a transport other than tcp or tls,
	// or an address without a port.
	ErrTransport = errors.New("sbc: cannot dial that transport or address")
)
