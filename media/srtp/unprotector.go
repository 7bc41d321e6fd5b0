package srtp

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	pionsrtp "github.com/pion/srtp/v3"
	"github.com/pion/transport/v5/replaydetector"
)

// ReplayWindow is the number of packets, per SSRC, behind the newest one
// that an Unprotector still accepts once each (RFC 3711 §3.3.2 asks for at
// least 64; 128 covers reordering of 2.5 s of 20 ms audio).
const ReplayWindow = 128

// Unprotector authenticates and decrypts the SRTP and SRTCP the peer sends
// under its master key, refusing replays (RFC 3711 §3.3, §3.4). It is safe
// for concurrent use; one per call leg and direction.
type Unprotector struct {
	mu       sync.Mutex
	ctx      *pionsrtp.Context
	hdr      rtp.Header
	rtcpHdr  rtcp.Header
	replayed bool // set by the replay window during one call to pion
	lifetime uint64
	rtpN     uint64
	rtcpN    uint64

	packets, rtcpPackets, authFailures, replays, invalid atomic.Uint64
}

// UnprotectStats counts what an Unprotector has seen.
type UnprotectStats struct {
	Packets      uint64 // SRTP packets authenticated and decrypted
	RTCPPackets  uint64 // SRTCP packets authenticated and decrypted
	AuthFailures uint64 // ErrAuth: forged, corrupted or under another key
	Replays      uint64 // ErrReplay
	Invalid      uint64 // ErrPacket and ErrKeyExpired
}

// NewUnprotector makes the receiving context for the peer's crypto
// attribute.
func NewUnprotector(remote Crypto) (*Unprotector, error) {
	p, err := remote.validate()
	if err != nil {
		return nil, err
	}
	u := &Unprotector{lifetime: lifetimeOf(remote)}
	// pion's replay error is unexported; a window that notes its own
	// refusals tells a replay from an authentication failure.
	u.ctx, err = pionsrtp.CreateContext(remote.Key, remote.Salt, p.profile,
		pionsrtp.SRTPReplayDetectorFactory(func() replaydetector.ReplayDetector {
			return newReplayWindow(ReplayWindow, 1<<48-1, &u.replayed)
		}),
		pionsrtp.SRTCPReplayDetectorFactory(func() replaydetector.ReplayDetector {
			return newReplayWindow(ReplayWindow, 1<<31-1, &u.replayed)
		}))
	if err != nil {
		return nil, fmt.Errorf("srtp: %s context: %w", remote.Suite, err)
	}
	return u, nil
}

// Unprotect authenticates the SRTP packet pkt and appends the RTP packet
// (tag removed, payload decrypted) to dst. Failures wrap ErrAuth, ErrReplay,
// ErrPacket or ErrKeyExpired and are counted. It allocates only when dst
// lacks room for len(pkt) bytes; dst may be pkt[:0] to work in place.
func (u *Unprotector) Unprotect(dst, pkt []byte) ([]byte, error) {
	dst = slices.Grow(dst, len(pkt))
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.rtpN >= u.lifetime {
		u.invalid.Add(1)
		return dst, fmt.Errorf("%w: %d SRTP packets", ErrKeyExpired, u.rtpN)
	}
	u.replayed = false
	out, err := u.ctx.DecryptRTP(dst[len(dst):], pkt, &u.hdr)
	if err != nil {
		return dst, u.fail("srtp", u.hdr.SSRC, err)
	}
	u.rtpN++
	u.packets.Add(1)
	return dst[:len(dst)+len(out)], nil
}

// UnprotectRTCP authenticates the SRTCP packet pkt and appends the
// (compound) RTCP packet to dst. Same rules as Unprotect.
func (u *Unprotector) UnprotectRTCP(dst, pkt []byte) ([]byte, error) {
	dst = slices.Grow(dst, len(pkt))
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.rtcpN >= min(u.lifetime, maxSRTCP) {
		u.invalid.Add(1)
		return dst, fmt.Errorf("%w: %d SRTCP packets", ErrKeyExpired, u.rtcpN)
	}
	u.replayed = false
	out, err := u.ctx.DecryptRTCP(dst[len(dst):], pkt, &u.rtcpHdr)
	if err != nil {
		var ssrc uint32
		if len(pkt) >= 8 {
			ssrc = uint32(pkt[4])<<24 | uint32(pkt[5])<<16 | uint32(pkt[6])<<8 | uint32(pkt[7])
		}
		return dst, u.fail("srtcp", ssrc, err)
	}
	u.rtcpN++
	u.rtcpPackets.Add(1)
	return dst[:len(dst)+len(out)], nil
}

// fail classifies and counts a pion error. Called with u.mu held.
func (u *Unprotector) fail(proto string, ssrc uint32, err error) error {
	switch {
	case u.replayed:
		u.replays.Add(1)
		return fmt.Errorf("%w: %s ssrc %d", ErrReplay, proto, ssrc)
	case errors.Is(err, pionsrtp.ErrFailedToVerifyAuthTag):
		u.authFailures.Add(1)
		return fmt.Errorf("%w: %s ssrc %d", ErrAuth, proto, ssrc)
	}
	u.invalid.Add(1)
	return fmt.Errorf("%w: %s: %w", ErrPacket, proto, err)
}

// Stats returns the counters so far.
func (u *Unprotector) Stats() UnprotectStats {
	return UnprotectStats{
		Packets:      u.packets.Load(),
		RTCPPackets:  u.rtcpPackets.Load(),
		AuthFailures: u.authFailures.Load(),
		Replays:      u.replays.Load(),
		Invalid:      u.invalid.Load(),
	}
}

// replayWindow is pion's sliding window, plus a note of each refusal. It
// keeps the allocation-free CheckAccepter path that pion prefers.
type replayWindow struct {
	d       replaydetector.ReplayDetector
	ca      replaydetector.CheckAccepter
	refused *bool
}

func newReplayWindow(size uint, maxIndex uint64, refused *bool) *replayWindow {
	d := replaydetector.New(size, maxIndex)
	ca, _ := d.(replaydetector.CheckAccepter)
	return &replayWindow{d: d, ca: ca, refused: refused}
}

func (w *replayWindow) Check(seq uint64) (func() bool, bool) {
	accept, ok := w.d.Check(seq)
	if !ok {
		*w.refused = true
	}
	return accept, ok
}

func (w *replayWindow) CheckSeq(seq uint64) replaydetector.Token {
	t := w.ca.CheckSeq(seq)
	if !t.Passed() {
		*w.refused = true
	}
	return t
}

func (w *replayWindow) Accept(t replaydetector.Token) bool { return w.ca.Accept(t) }
