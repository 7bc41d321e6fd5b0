package relay

import (
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
)

// Endpoint is one leg's media address on our side: an RTP socket on an even
// port and an RTCP socket on the next one. The call owns it and closes it.
type Endpoint struct {
	pool   *Pool
	id     uint64 // lock order between two endpoints
	rtpFD  int
	rtcpFD int
	v6     bool
	port   uint16

	// Where the phone said (SDP) it receives, and where its media really
	// comes from (latched). Written by the call or by the worker, read by
	// the worker per packet: atomics, and an allocation only on change.
	remote     atomic.Pointer[netip.AddrPort]
	remoteRTCP atomic.Pointer[netip.AddrPort]
	latchRTP   atomic.Pointer[netip.AddrPort]
	latchRTCP  atomic.Pointer[netip.AddrPort]

	// mu guards link and closed; Send holds it shared while it uses the
	// RTP socket, so Close cannot close the descriptor under it.
	mu       sync.RWMutex
	link     *Link
	closed   bool
	released chan struct{} // closed when Close has released the ports
}

// Port is the RTP port; RTCP is Port()+1.
func (e *Endpoint) Port() uint16 { return e.port }

// SetRemote records where the phone said in its SDP that it receives RTP.
// Packets go there until the phone's own packets latch the endpoint. A
// different address than before (a re-INVITE that moved the media) drops
// the latches, so the next packets latch again. An invalid address clears
// it.
func (e *Endpoint) SetRemote(rtp netip.AddrPort) {
	if !rtp.Addr().IsValid() {
		e.remote.Store(nil)
		return
	}
	rtp = netip.AddrPortFrom(rtp.Addr().Unmap(), rtp.Port())
	old := e.remote.Swap(&rtp)
	if old != nil && *old != rtp {
		e.latchRTP.Store(nil)
		e.latchRTCP.Store(nil)
	}
}

// SetRemoteRTCP records an explicit RTCP address (SDP a=rtcp, RFC 3605);
// without it RTCP goes to the RTP port + 1 until RTCP latches.
func (e *Endpoint) SetRemoteRTCP(rtcp netip.AddrPort) {
	if !rtcp.Addr().IsValid() {
		e.remoteRTCP.Store(nil)
		return
	}
	rtcp = netip.AddrPortFrom(rtcp.Addr().Unmap(), rtcp.Port())
	e.remoteRTCP.Store(&rtcp)
}

// Remote returns the SDP address set by SetRemote, if any.
func (e *Endpoint) Remote() netip.AddrPort {
	if p := e.remote.Load(); p != nil {
		return *p
	}
	return netip.AddrPort{}
}

// Latched returns the RTP source this endpoint latched to, if any.
func (e *Endpoint) Latched() netip.AddrPort {
	if p := e.latchRTP.Load(); p != nil {
		return *p
	}
	return netip.AddrPort{}
}

// admit applies the latching policy to a packet from src on one socket.
// Before latching anything valid is accepted and latched (NAT: neither port
// nor address need match the SDP). After latching only the latched source
// is accepted, except the exact SDP address, which takes the latch over: it
// is authoritative for a phone that is not behind NAT, and it cannot be used
// to steal media (packets would go to the phone the SDP names).
func admit(latch *atomic.Pointer[netip.AddrPort], sdp *netip.AddrPort, src netip.AddrPort) bool {
	l := latch.Load()
	if l != nil && *l == src {
		return true
	}
	if l == nil || (sdp != nil && *sdp == src) {
		p := new(netip.AddrPort) // once per latch, never per packet
		*p = src
		latch.Store(p)
		return true
	}
	return false
}

// rtpDest is where RTP for this endpoint's phone goes.
func (e *Endpoint) rtpDest() (netip.AddrPort, bool) {
	if p := e.latchRTP.Load(); p != nil {
		return *p, true
	}
	if p := e.remote.Load(); p != nil {
		return *p, true
	}
	return netip.AddrPort{}, false
}

// rtcpDest is where RTCP for this endpoint's phone goes: the latched RTCP
// source, else the SDP's a=rtcp, else RTP+1 of the latched RTP source (the
// NAT usually maps the pair alike), else RTP+1 of the SDP address.
func (e *Endpoint) rtcpDest() (netip.AddrPort, bool) {
	if p := e.latchRTCP.Load(); p != nil {
		return *p, true
	}
	if p := e.remoteRTCP.Load(); p != nil {
		return *p, true
	}
	if ap, ok := e.rtpDest(); ok && ap.Port() != 0 && ap.Port() != 65535 {
		return netip.AddrPortFrom(ap.Addr(), ap.Port()+1), true
	}
	return netip.AddrPort{}, false
}

func (e *Endpoint) sdpRTCP() *netip.AddrPort {
	if p := e.remoteRTCP.Load(); p != nil {
		return p
	}
	return nil
}

// Send sends one RTP packet to the endpoint's phone (latched address, else
// the SDP address) from its RTP socket. Any goroutine; never blocks (a full
// socket buffer drops and counts). ErrNoRoute when no address is known,
// ErrClosed after Close. While the endpoint is bridged or attached, what
// Send sends is counted in its leg's PacketsOut/BytesOut (drops in
// NoRoute). It does not allocate.
func (e *Endpoint) Send(pkt []byte) error {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return fmt.Errorf("relay endpoint %d send: %w", e.port, ErrClosed)
	}
	var g *leg
	if l := e.link; l != nil {
		g = &l.legs[0]
		if l.ep[1] == e {
			g = &l.legs[1]
		}
	}
	dst, ok := e.rtpDest()
	if !ok {
		if g != nil {
			g.noRoute.Add(1)
		}
		return fmt.Errorf("relay endpoint %d send: %w", e.port, ErrNoRoute)
	}
	sent, errno := sendTo(e.rtpFD, pkt, dst, e.v6)
	if !sent && errno == 0 { // an address of the other family
		if g != nil {
			g.noRoute.Add(1)
		}
		return fmt.Errorf("relay endpoint %d send to %s: %w", e.port, dst, ErrNoRoute)
	}
	if errno != 0 {
		if g != nil {
			g.noRoute.Add(1)
		}
		if errno == syscall.EAGAIN || errno == syscall.ENOBUFS {
			return nil // UDP: a full buffer drops rather than waits
		}
		return fmt.Errorf("relay endpoint %d send to %s: %w", e.port, dst, errno)
	}
	if g != nil {
		g.packetsOut.Add(1)
		g.bytesOut.Add(uint64(len(pkt)))
	}
	return nil
}

// Close stops any link or tap using the endpoint and releases its ports:
// when it returns, Pool.InUse has dropped and the ports can be bound again,
// also when another goroutine (Pool.Close) is closing it at the same time.
func (e *Endpoint) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		<-e.released
		return nil
	}
	e.closed = true
	l := e.link
	e.mu.Unlock()
	defer close(e.released)
	if l != nil {
		_ = l.Close() // waits until the worker no longer reads our sockets
	}
	err := errors.Join(closeFD(e.rtpFD), closeFD(e.rtcpFD))
	e.pool.release(e)
	if err != nil {
		return fmt.Errorf("relay endpoint %d close: %w", e.port, err)
	}
	return nil
}
