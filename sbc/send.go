package sbc

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/emiago/sipgo/sip"
)

// maxForwardsDefault is the Max-Forwards of requests we originate
// (RFC 3261 §8.1.1.6).
const maxForwardsDefault = 70

// SendRequest sends a request we originate (e.g. an OPTIONS keep-alive to a
// registered phone) over the flow a phone registered on: for "udp" from the
// UDP socket bound to local to remote; for "tcp", "tls", "ws" and "wss" over
// the live connection flowID (an error wrapping ErrFlowClosed when it is
// gone).
//
// It completes req in place: a top Via of ours (the public or local address,
// the transport, branch=z9hG4bK+random, rport) when req has none, and
// Max-Forwards, User-Agent and Content-Length when missing. Responses come
// back through OnResponse.
func (e *Edge) SendRequest(ctx context.Context, transport string, local, remote netip.AddrPort, flowID uint64, req *sip.Request) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sbc: sending %s: %w", req.Method, err)
	}
	e.mu.Lock()
	state := e.state
	e.mu.Unlock()
	switch state {
	case stateNew:
		return ErrNotStarted
	case stateClosed:
		return ErrClosed
	}
	var (
		udp  *udpSocket
		conn *streamConn
		via  netip.AddrPort
	)
	if transport == "udp" {
		udp = e.udpFor(local)
		if udp == nil {
			return fmt.Errorf("sbc: sending %s from udp %s: %w", req.Method, local, ErrNoListener)
		}
		via = udp.local
		if local.Addr().IsValid() && !local.Addr().IsUnspecified() {
			via = netip.AddrPortFrom(local.Addr(), udp.local.Port())
		}
	} else {
		conn = e.flow(flowID)
		if conn == nil || conn.transport != transport {
			return fmt.Errorf("sbc: sending %s over %s flow %d: %w", req.Method, transport, flowID, ErrFlowClosed)
		}
		via = conn.local
	}
	if e.opts.PublicIP.IsValid() {
		via = netip.AddrPortFrom(e.opts.PublicIP, via.Port())
	} else if via.Addr().IsUnspecified() {
		via = netip.AddrPortFrom(outboundIP(remote), via.Port())
	}
	e.complete(req, transport, via)
	w := e.getBuf()
	defer e.putBuf(w)
	req.StringWrite(w)
	var err error
	if udp != nil {
		_, err = udp.w.WriteToUDPAddrPort(w.b, remote)
	} else {
		deadline := time.Now().Add(writeTimeout)
		if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
			deadline = d
		}
		err = conn.writeBy(w.b, deadline)
	}
	if err != nil {
		e.stats.sendErrors.Add(1)
		return fmt.Errorf("sbc: sending %s to %s over %s: %w", req.Method, remote, transport, err)
	}
	e.stats.requestsSent.Add(1)
	return nil
}

// udpFor returns the UDP socket bound to local: the exact address, else
// one of the same port (a wildcard bind), else the only one when local is
// the zero value.
func (e *Edge) udpFor(local netip.AddrPort) *udpSocket {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range e.udp {
		if s.local == local {
			return s
		}
	}
	for _, s := range e.udp {
		if s.local.Port() == local.Port() && (s.local.Addr().IsUnspecified() || !local.Addr().IsValid() || local.Addr().IsUnspecified()) {
			return s
		}
	}
	if !local.IsValid() && len(e.udp) == 1 {
		return e.udp[0]
	}
	return nil
}

// outboundIP is the source address the kernel would use towards remote
// (a connected UDP socket sends nothing).
func outboundIP(remote netip.AddrPort) netip.Addr {
	c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(remote))
	if err != nil {
		return netip.IPv4Unspecified()
	}
	defer c.Close()
	return addrPortOf(c.LocalAddr()).Addr()
}

// complete adds what a request we send must carry and req lacks.
func (e *Edge) complete(req *sip.Request, transport string, via netip.AddrPort) {
	if req.Via() == nil {
		params := sip.NewParams()
		params.Add("branch", sip.RFC3261BranchMagicCookie+rand.Text())
		params.Add("rport", "")
		req.PrependHeader(&sip.ViaHeader{
			ProtocolName:    "SIP",
			ProtocolVersion: "2.0",
			Transport:       sipTransport(transport),
			Host:            via.Addr().String(),
			Port:            int(via.Port()),
			Params:          params,
		})
	}
	if req.MaxForwards() == nil {
		mf := sip.MaxForwardsHeader(maxForwardsDefault)
		req.AppendHeader(&mf)
	}
	if req.GetHeader("User-Agent") == nil {
		req.AppendHeader(sip.NewHeader("User-Agent", e.opts.ServerHeader))
	}
	if req.ContentLength() == nil {
		cl := sip.ContentLengthHeader(len(req.Body()))
		req.AppendHeader(&cl)
	}
}
