package rtp

import "errors"

// Sentinel errors, wrapped with the detail.
var (
	// ErrShort: fewer bytes than the fixed header.
	ErrShort = errors.New("rtp: packet too short")
	// ErrVersion: the version field is not 2.
	ErrVersion = errors.New("rtp: version is not 2")
	// ErrLength: a length field (CSRC count, extension, padding, RTCP
	// length, report count) points past the packet.
	ErrLength = errors.New("rtp: length field exceeds packet")
)
