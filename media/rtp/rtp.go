package rtp

import (
	"encoding/binary"
	"fmt"
)

// HeaderLen is the length of the fixed RTP header (RFC 3550 §5.1).
const HeaderLen = 12

// Header is the fixed RTP header fields a media component needs.
type Header struct {
	Marker      bool
	PayloadType uint8
	Seq         uint16
	Timestamp   uint32
	SSRC        uint32
}

// Parse validates a whole RTP packet — version 2, and a CSRC list,
// header extension (§5.3.1) and padding (§5.1) that fit — and returns its
// fixed header and payload, a subslice of b after CSRCs and extension and
// before padding.
func Parse(b []byte) (Header, []byte, error) {
	var h Header
	if len(b) < HeaderLen {
		return h, nil, fmt.Errorf("%w: %d bytes", ErrShort, len(b))
	}
	if b[0]>>6 != 2 {
		return h, nil, fmt.Errorf("%w: %d", ErrVersion, b[0]>>6)
	}
	h.Marker = b[1]&0x80 != 0
	h.PayloadType = b[1] & 0x7f
	h.Seq = binary.BigEndian.Uint16(b[2:])
	h.Timestamp = binary.BigEndian.Uint32(b[4:])
	h.SSRC = binary.BigEndian.Uint32(b[8:])
	off := HeaderLen + 4*int(b[0]&0x0f)
	if off > len(b) {
		return h, nil, fmt.Errorf("%w: CSRC list", ErrLength)
	}
	if b[0]&0x10 != 0 {
		if off+4 > len(b) {
			return h, nil, fmt.Errorf("%w: extension header", ErrLength)
		}
		off += 4 + 4*int(binary.BigEndian.Uint16(b[off+2:]))
		if off > len(b) {
			return h, nil, fmt.Errorf("%w: extension body", ErrLength)
		}
	}
	end := len(b)
	if b[0]&0x20 != 0 { // the last octet counts the padding, itself included
		pad := int(b[len(b)-1])
		if pad == 0 || off+pad > len(b) {
			return h, nil, fmt.Errorf("%w: padding %d", ErrLength, pad)
		}
		end -= pad
	}
	return h, b[off:end:end], nil
}

// Append appends a packet with header h (version 2, no CSRC, extension or
// padding) and payload to b.
func Append(b []byte, h Header, payload []byte) []byte {
	m := h.PayloadType & 0x7f
	if h.Marker {
		m |= 0x80
	}
	b = append(b, 0x80, m)
	b = binary.BigEndian.AppendUint16(b, h.Seq)
	b = binary.BigEndian.AppendUint32(b, h.Timestamp)
	b = binary.BigEndian.AppendUint32(b, h.SSRC)
	return append(b, payload...)
}

// IsRTCP tells RTCP from RTP on a multiplexed port (RFC 5761 §4): version
// 2 and a second octet of 192–223 (RTCP packet types 200–204 and the
// range reserved around them, which RTP payload types avoid).
func IsRTCP(b []byte) bool {
	return len(b) >= 4 && b[0]>>6 == 2 && b[1] >= 192 && b[1] <= 223
}

// SeqNewer reports whether sequence number a comes after b, modulo 2^16
// (serial number arithmetic, RFC 1982).
func SeqNewer(a, b uint16) bool {
	return a != b && a-b < 0x8000
}
