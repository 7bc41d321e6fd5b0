package rtp

import (
	"encoding/binary"
	"fmt"
	"time"
)

// RTCP packet types (RFC 3550 §12.1).
const (
	TypeSR = 200
	TypeRR = 201
)

const (
	rtcpHeaderLen = 4
	senderInfoLen = 20
	blockLen      = 24
)

// SenderInfo is the sender information of an SR (RFC 3550 §6.4.1).
type SenderInfo struct {
	NTP     uint64 // wall clock, NTP format
	RTPTime uint32 // the same instant on the RTP clock
	Packets uint32 // sender's packet count
	Octets  uint32 // sender's payload octet count
}

// ReportBlock is one reception report (RFC 3550 §6.4.1).
type ReportBlock struct {
	SSRC         uint32 // the source reported on
	FractionLost uint8  // since the previous report, in 1/256
	Lost         int32  // cumulative, 24-bit signed
	HighestSeq   uint32 // extended highest sequence number received
	Jitter       uint32 // interarrival jitter, timestamp units
	LSR          uint32 // middle 32 bits of the last SR's NTP time
	DLSR         uint32 // delay since that SR, 1/65536 s
}

// Report is an SR or RR of a compound packet.
type Report struct {
	Type   uint8 // TypeSR or TypeRR
	SSRC   uint32
	Sender SenderInfo // SR only
	Blocks []ReportBlock
}

// ParseRTCP reads a compound RTCP packet (RFC 3550 §6.1): every packet's
// header and length must be valid; SRs and RRs are returned, other types
// (SDES, BYE, APP, feedback) skipped.
func ParseRTCP(b []byte) ([]Report, error) {
	var out []Report
	for len(b) > 0 {
		if len(b) < rtcpHeaderLen {
			return out, fmt.Errorf("%w: %d bytes of RTCP header", ErrShort, len(b))
		}
		if b[0]>>6 != 2 {
			return out, fmt.Errorf("%w: %d", ErrVersion, b[0]>>6)
		}
		n := 4 * (int(binary.BigEndian.Uint16(b[2:])) + 1)
		if n > len(b) {
			return out, fmt.Errorf("%w: RTCP length %d of %d bytes", ErrLength, n, len(b))
		}
		p, count, typ := b[:n], int(b[0]&0x1f), b[1]
		b = b[n:]
		if typ != TypeSR && typ != TypeRR {
			continue
		}
		off := rtcpHeaderLen + 4
		if typ == TypeSR {
			off += senderInfoLen
		}
		if off+count*blockLen > len(p) {
			return out, fmt.Errorf("%w: %d report blocks in %d bytes", ErrLength, count, len(p))
		}
		r := Report{Type: typ, SSRC: binary.BigEndian.Uint32(p[4:])}
		if typ == TypeSR {
			r.Sender = SenderInfo{
				NTP:     binary.BigEndian.Uint64(p[8:]),
				RTPTime: binary.BigEndian.Uint32(p[16:]),
				Packets: binary.BigEndian.Uint32(p[20:]),
				Octets:  binary.BigEndian.Uint32(p[24:]),
			}
		}
		for i := range count {
			q := p[off+i*blockLen:]
			lost := int32(binary.BigEndian.Uint32(q[4:])&0xffffff) << 8 >> 8 // sign-extend 24 bits
			r.Blocks = append(r.Blocks, ReportBlock{
				SSRC:         binary.BigEndian.Uint32(q),
				FractionLost: q[4],
				Lost:         lost,
				HighestSeq:   binary.BigEndian.Uint32(q[8:]),
				Jitter:       binary.BigEndian.Uint32(q[12:]),
				LSR:          binary.BigEndian.Uint32(q[16:]),
				DLSR:         binary.BigEndian.Uint32(q[20:]),
			})
		}
		out = append(out, r)
	}
	return out, nil
}

// AppendSR appends a sender report with up to 31 report blocks.
func AppendSR(b []byte, ssrc uint32, s SenderInfo, blocks ...ReportBlock) []byte {
	blocks = blocks[:min(len(blocks), 31)]
	words := (rtcpHeaderLen+4+senderInfoLen+len(blocks)*blockLen)/4 - 1
	b = append(b, 0x80|byte(len(blocks)), TypeSR)
	b = binary.BigEndian.AppendUint16(b, uint16(words))
	b = binary.BigEndian.AppendUint32(b, ssrc)
	b = binary.BigEndian.AppendUint64(b, s.NTP)
	b = binary.BigEndian.AppendUint32(b, s.RTPTime)
	b = binary.BigEndian.AppendUint32(b, s.Packets)
	b = binary.BigEndian.AppendUint32(b, s.Octets)
	return appendBlocks(b, blocks)
}

// AppendRR appends a receiver report with up to 31 report blocks.
func AppendRR(b []byte, ssrc uint32, blocks ...ReportBlock) []byte {
	blocks = blocks[:min(len(blocks), 31)]
	words := (rtcpHeaderLen+4+len(blocks)*blockLen)/4 - 1
	b = append(b, 0x80|byte(len(blocks)), TypeRR)
	b = binary.BigEndian.AppendUint16(b, uint16(words))
	b = binary.BigEndian.AppendUint32(b, ssrc)
	return appendBlocks(b, blocks)
}

func appendBlocks(b []byte, blocks []ReportBlock) []byte {
	for _, k := range blocks {
		b = binary.BigEndian.AppendUint32(b, k.SSRC)
		b = binary.BigEndian.AppendUint32(b, uint32(k.FractionLost)<<24|uint32(k.Lost)&0xffffff)
		b = binary.BigEndian.AppendUint32(b, k.HighestSeq)
		b = binary.BigEndian.AppendUint32(b, k.Jitter)
		b = binary.BigEndian.AppendUint32(b, k.LSR)
		b = binary.BigEndian.AppendUint32(b, k.DLSR)
	}
	return b
}

// ntpEpochOffset is the seconds from 1900-01-01 (NTP) to 1970-01-01.
const ntpEpochOffset = 2208988800

// NTP returns t as a 64-bit NTP timestamp (RFC 5905 §6): seconds since
// 1900 in the high 32 bits, the fraction in the low.
func NTP(t time.Time) uint64 {
	ns := t.UnixNano()
	sec := uint64(ns/1e9) + ntpEpochOffset
	frac := (uint64(ns%1e9) << 32) / 1e9
	return sec<<32 | frac
}
