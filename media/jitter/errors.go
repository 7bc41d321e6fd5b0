package jitter

import "errors"

// ErrRTCP means Push got an RTCP packet (RFC 5761 §4 packet types 192–223),
// which a stream multiplexing RTP and RTCP on one port may carry.
var ErrRTCP = errors.New("jitter: RTCP packet, not RTP")
