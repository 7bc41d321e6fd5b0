package relay

import (
	"encoding/binary"
	"fmt"
)

// rtpHeader is the part of an RTP header (RFC 3550 §5.1) the relay reads.
type rtpHeader struct {
	marker  bool
	pt      uint8
	seq     uint16
	ts      uint32
	ssrc    uint32
	payload int // offset of the payload, after CSRCs and the extension (§5.3.1)
	end     int // end of the payload, before padding (§5.1 P bit)
}

const (
	rtpFixedLen  = 12
	rtcpHdrLen   = 4
	rtcpSR       = 200
	rtcpRR       = 201
	reportBlkLen = 24
)

// parseRTP validates a whole RTP packet: version, CSRC count, extension and
// padding lengths must fit in b.
func parseRTP(b []byte) (rtpHeader, error) {
	var h rtpHeader
	if len(b) < rtpFixedLen {
		return h, fmt.Errorf("rtp: %d bytes: %w", len(b), errShort)
	}
	if b[0]>>6 != 2 {
		return h, fmt.Errorf("rtp: %w", errVersion)
	}
	h.marker = b[1]&0x80 != 0
	h.pt = b[1] & 0x7f
	h.seq = binary.BigEndian.Uint16(b[2:])
	h.ts = binary.BigEndian.Uint32(b[4:])
	h.ssrc = binary.BigEndian.Uint32(b[8:])
	off := rtpFixedLen + 4*int(b[0]&0x0f)
	if off > len(b) {
		return h, fmt.Errorf("rtp: CSRC list: %w", errLength)
	}
	if b[0]&0x10 != 0 { // header extension, §5.3.1
		if off+4 > len(b) {
			return h, fmt.Errorf("rtp: extension header: %w", errLength)
		}
		off += 4 + 4*int(binary.BigEndian.Uint16(b[off+2:]))
		if off > len(b) {
			return h, fmt.Errorf("rtp: extension body: %w", errLength)
		}
	}
	h.payload, h.end = off, len(b)
	if b[0]&0x20 != 0 { // padding: last octet counts itself, §5.1
		pad := int(b[len(b)-1])
		if pad == 0 || off+pad > len(b) {
			return h, fmt.Errorf("rtp: padding %d: %w", pad, errLength)
		}
		h.end -= pad
	}
	return h, nil
}

// validRTP is parseRTP's check without its error values, so it allocates
// nothing: what a processor or a tap is given passes it.
func validRTP(b []byte) bool {
	if len(b) < rtpFixedLen || b[0]>>6 != 2 {
		return false
	}
	off := rtpFixedLen + 4*int(b[0]&0x0f)
	if off > len(b) {
		return false
	}
	if b[0]&0x10 != 0 { // header extension, §5.3.1
		if off+4 > len(b) {
			return false
		}
		off += 4 + 4*int(binary.BigEndian.Uint16(b[off+2:]))
		if off > len(b) {
			return false
		}
	}
	if b[0]&0x20 != 0 { // padding, §5.1
		if pad := int(b[len(b)-1]); pad == 0 || off+pad > len(b) {
			return false
		}
	}
	return true
}

// looksRTP is the hot path check: version 2 and a whole fixed header. The
// relay forwards anything that passes; it does not need CSRCs or padding.
func looksRTP(b []byte) bool {
	return len(b) >= rtpFixedLen && b[0]>>6 == 2
}

// looksRTCP tells RTCP from RTP on one port: the second octet of RTCP is a
// packet type 192..223 (RFC 5761 §4), which RTP payload types avoid.
func looksRTCP(b []byte) bool {
	return len(b) >= 8 && b[0]>>6 == 2 && b[1] >= 192 && b[1] <= 223
}

// rtcpIter walks the packets of a compound RTCP packet (RFC 3550 §6.1).
type rtcpIter struct {
	b   []byte
	off int
}

// next returns the next packet of the compound, its type and report count;
// ok is false at the end or on the first malformed packet.
func (it *rtcpIter) next() (pkt []byte, pt uint8, count int, ok bool) {
	if len(it.b)-it.off < rtcpHdrLen {
		return nil, 0, 0, false
	}
	h := it.b[it.off:]
	if h[0]>>6 != 2 {
		return nil, 0, 0, false
	}
	n := 4 * (int(binary.BigEndian.Uint16(h[2:])) + 1)
	if n > len(h) {
		return nil, 0, 0, false
	}
	it.off += n
	return h[:n], h[1], int(h[0] & 0x1f), true
}

// parseRTCP validates a compound RTCP packet and returns how many packets it
// holds: each must be version 2 and fit, and SR/RR report blocks must fit.
func parseRTCP(b []byte) (int, error) {
	if len(b) < 8 {
		return 0, fmt.Errorf("rtcp: %d bytes: %w", len(b), errShort)
	}
	it := rtcpIter{b: b}
	n := 0
	for {
		pkt, pt, count, ok := it.next()
		if !ok {
			break
		}
		n++
		if _, _, err := reportBlocks(pkt, pt, count); err != nil {
			return n, fmt.Errorf("rtcp: packet %d: %w", n, err)
		}
	}
	if it.off != len(b) {
		return n, fmt.Errorf("rtcp: %d trailing bytes after packet %d: %w", len(b)-it.off, n, errLength)
	}
	return n, nil
}

// reportBlocks returns where the report blocks of an SR or RR start and how
// many fit (RFC 3550 §6.4.1, §6.4.2); other packet types have none.
func reportBlocks(pkt []byte, pt uint8, count int) (start, n int, err error) {
	switch pt {
	case rtcpSR:
		start = 28
	case rtcpRR:
		start = 8
	default:
		return 0, 0, nil
	}
	if start+count*reportBlkLen > len(pkt) {
		return 0, 0, fmt.Errorf("%d report blocks in %d bytes: %w", count, len(pkt), errLength)
	}
	return start, count, nil
}
