package srtp

import (
	"fmt"
	"slices"
	"sync"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	pionsrtp "github.com/pion/srtp/v3"
)

// Protector turns the RTP and RTCP we send into SRTP and SRTCP under our
// master key (RFC 3711 §3.3, §3.4). It is safe for concurrent use; one
// Protector per call leg and direction.
type Protector struct {
	mu       sync.Mutex
	ctx      *pionsrtp.Context
	hdr      rtp.Header // reused so that parsing allocates nothing
	rtcpHdr  rtcp.Header
	p        suiteParams
	lifetime uint64
	rtpN     uint64 // packets protected under this key
	rtcpN    uint64
}

// NewProtector makes the sending context for our own crypto attribute.
func NewProtector(local Crypto) (*Protector, error) {
	p, err := local.validate()
	if err != nil {
		return nil, err
	}
	ctx, err := pionsrtp.CreateContext(local.Key, local.Salt, p.profile)
	if err != nil {
		return nil, fmt.Errorf("srtp: %s context: %w", local.Suite, err)
	}
	return &Protector{ctx: ctx, p: p, lifetime: lifetimeOf(local)}, nil
}

// maxSRTCP is the most SRTCP packets pion protects under one key: the
// 31-bit SRTCP index starts at 1 and must stay below 2^31-1 (RFC 3711 §3.4).
const maxSRTCP = 1<<31 - 2

func lifetimeOf(c Crypto) uint64 {
	if c.Lifetime == 0 {
		return maxLifetime
	}
	return c.Lifetime
}

// Overhead is the number of bytes Protect adds to an RTP packet (the
// authentication tag); ProtectRTCP adds OverheadRTCP.
func (p *Protector) Overhead() int     { return p.p.rtpTag }
func (p *Protector) OverheadRTCP() int { return p.p.rtcpTail }

// Protect appends the SRTP form of the RTP packet pkt to dst and returns the
// extended slice: header in clear, payload encrypted, tag appended. It
// allocates only when dst lacks room for len(pkt)+Overhead bytes; dst may be
// pkt[:0] to work in place.
func (p *Protector) Protect(dst, pkt []byte) ([]byte, error) {
	dst = slices.Grow(dst, len(pkt)+p.p.rtpTag)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rtpN >= p.lifetime {
		return dst, fmt.Errorf("%w: %d SRTP packets", ErrKeyExpired, p.rtpN)
	}
	out, err := p.ctx.EncryptRTP(dst[len(dst):], pkt, &p.hdr)
	if err != nil {
		return dst, wrapProtect("rtp", err)
	}
	p.rtpN++
	return dst[:len(dst)+len(out)], nil
}

// ProtectRTCP appends the SRTCP form of the (compound) RTCP packet pkt to
// dst: everything after the first 8 bytes encrypted, E flag and SRTCP index,
// tag (RFC 3711 §3.4). Same buffer rules as Protect.
func (p *Protector) ProtectRTCP(dst, pkt []byte) ([]byte, error) {
	dst = slices.Grow(dst, len(pkt)+p.p.rtcpTail)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rtcpN >= min(p.lifetime, maxSRTCP) {
		return dst, fmt.Errorf("%w: %d SRTCP packets", ErrKeyExpired, p.rtcpN)
	}
	out, err := p.ctx.EncryptRTCP(dst[len(dst):], pkt, &p.rtcpHdr)
	if err != nil {
		return dst, wrapProtect("rtcp", err)
	}
	p.rtcpN++
	return dst[:len(dst)+len(out)], nil
}

// wrapProtect: pion fails only on a packet it cannot parse (our lifetime
// checks come before its own 2^48 / 2^31 limits, RFC 3711 §9.2).
func wrapProtect(proto string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrPacket, proto, err)
}
