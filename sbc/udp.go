package sbc

import (
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"runtime"
	"sync/atomic"
)

// packetWriter is what a UDP socket needs to answer; *net.UDPConn is one,
// tests and the fuzzer use an in-memory one.
type packetWriter interface {
	WriteToUDPAddrPort(b []byte, addr netip.AddrPort) (int, error)
}

// udpSocket is one bound UDP socket and its readers.
type udpSocket struct {
	conn    *net.UDPConn // nil when driven in memory
	w       packetWriter
	local   netip.AddrPort
	readers atomic.Int32 // reader goroutines running
}

// udpReaders is the number of reader goroutines per UDP socket: two let
// one parse while the other waits in the system call, more than
// GOMAXPROCS would only queue.
func udpReaders() int { return max(1, min(2, runtime.GOMAXPROCS(0))) }

// udpReadBuffer asks the kernel for room to absorb bursts (it may grant less).
const udpReadBuffer = 4 << 20

// serveUDP reads datagrams until the socket is closed. Handlers run here.
func (e *Edge) serveUDP(s *udpSocket) {
	defer e.wg.Done()
	defer s.readers.Add(-1) // added by Start before the goroutine runs
	buf := make([]byte, maxMessageSizeLimit+1)
	for {
		n, src, err := s.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) || e.ctx.Err() != nil {
				return
			}
			e.log.Debug("udp read", slog.String("local", s.local.String()), slog.Any("err", err))
			continue
		}
		e.handleDatagram(s, buf[:n], src)
	}
}

// handleDatagram is the whole UDP path of one datagram (one datagram is
// one message); the fuzzer and benchmarks call it directly.
func (e *Edge) handleDatagram(s *udpSocket, data []byte, src netip.AddrPort) {
	if onlyCRLF(data) {
		// RFC 5626 §3.5.1: a CRLF keep-alive over UDP is not answered
		// (STUN would be); an empty datagram is ignored alike.
		e.stats.keepAlives.Add(1)
		return
	}
	in := inbound{
		transport: "udp",
		src:       netip.AddrPortFrom(src.Addr().Unmap(), src.Port()),
		local:     s.local,
		udp:       s,
		raw:       data,
	}
	e.handleMessage(&in)
}
