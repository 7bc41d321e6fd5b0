//go:build linux && (amd64 || arm64 || riscv64 || loong64)

package relay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"syscall"
	"unsafe"
)

// The relay owns its sockets as raw non-blocking descriptors, outside the Go
// runtime's poller, so that one epoll instance per worker can watch many of
// them and each packet costs two system calls (see poller_linux.go).

// bindUDP opens a non-blocking UDP socket bound to addr:port. An IPv6 socket
// is dual-stack so "::" also serves IPv4 peers.
func bindUDP(addr netip.Addr, port uint16) (fd int, v6 bool, err error) {
	v6 = !addr.Unmap().Is4()
	family := syscall.AF_INET
	if v6 {
		family = syscall.AF_INET6
	}
	fd, err = syscall.Socket(family, syscall.SOCK_DGRAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, syscall.IPPROTO_UDP)
	if err != nil {
		return -1, v6, fmt.Errorf("socket: %w", err)
	}
	var sa syscall.Sockaddr
	if v6 {
		if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_IPV6, syscall.IPV6_V6ONLY, 0); err != nil {
			syscall.Close(fd)
			return -1, v6, fmt.Errorf("IPV6_V6ONLY: %w", err)
		}
		sa = &syscall.SockaddrInet6{Port: int(port), Addr: addr.As16()}
	} else {
		sa = &syscall.SockaddrInet4{Port: int(port), Addr: addr.Unmap().As4()}
	}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return -1, v6, fmt.Errorf("bind %s: %w", netip.AddrPortFrom(addr, port), err)
	}
	return fd, v6, nil
}

// closeFD closes a socket of an endpoint.
func closeFD(fd int) error { return syscall.Close(fd) }

// portBusy tells a port another socket holds from a real failure.
func portBusy(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, syscall.EACCES)
}

// mmsghdr is Linux's struct mmsghdr (64-bit layout).
type mmsghdr struct {
	hdr syscall.Msghdr
	len uint32
	_   [4]byte
}

// The three system calls of the hot path never block (MSG_DONTWAIT, a zero
// epoll timeout), so they are made raw: syscall.Syscall would tell the
// scheduler, which at every idle-to-busy transition wakes sysmon, and that
// was measured at about 13% of the relay's CPU at 200 calls.

// recvmmsg reads up to n datagrams without waiting (MSG_DONTWAIT).
func recvmmsg(fd int, msgs *mmsghdr, n int) (int, syscall.Errno) {
	r, _, e := syscall.RawSyscall6(sysRECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(msgs)), uintptr(n),
		syscall.MSG_DONTWAIT, 0, 0)
	return int(r), e
}

// sendmmsg sends n datagrams and returns how many went out.
func sendmmsg(fd int, msgs *mmsghdr, n int) (int, syscall.Errno) {
	r, _, e := syscall.RawSyscall6(sysSENDMMSG, uintptr(fd), uintptr(unsafe.Pointer(msgs)), uintptr(n),
		syscall.MSG_DONTWAIT, 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(r), 0
}

// sendTo sends one datagram to dst without waiting. sent is false with a
// zero errno when dst cannot be reached from the socket's family.
func sendTo(fd int, pkt []byte, dst netip.AddrPort, v6 bool) (sent bool, errno syscall.Errno) {
	var sa syscall.RawSockaddrInet6
	nl := encodeSockaddr(&sa, dst, v6)
	if nl == 0 {
		return false, 0
	}
	var buf unsafe.Pointer
	if len(pkt) > 0 {
		buf = unsafe.Pointer(&pkt[0])
	}
	_, _, e := syscall.RawSyscall6(syscall.SYS_SENDTO, uintptr(fd), uintptr(buf), uintptr(len(pkt)),
		syscall.MSG_DONTWAIT, uintptr(unsafe.Pointer(&sa)), uintptr(nl))
	return e == 0, e
}

// epollPoll collects ready events without waiting.
func epollPoll(epfd int, events []syscall.EpollEvent) (int, syscall.Errno) {
	r, _, e := syscall.RawSyscall6(syscall.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])),
		uintptr(len(events)), 0, 0, 0)
	return int(r), e
}

// decodeSockaddr reads an IPv4 or IPv6 source address; v4-mapped IPv6 is
// unmapped so that latching compares like with like.
func decodeSockaddr(rsa *syscall.RawSockaddrAny) netip.AddrPort {
	switch rsa.Addr.Family {
	case syscall.AF_INET:
		p := (*syscall.RawSockaddrInet4)(unsafe.Pointer(rsa))
		port := binary.BigEndian.Uint16((*[2]byte)(unsafe.Pointer(&p.Port))[:])
		return netip.AddrPortFrom(netip.AddrFrom4(p.Addr), port)
	case syscall.AF_INET6:
		p := (*syscall.RawSockaddrInet6)(unsafe.Pointer(rsa))
		port := binary.BigEndian.Uint16((*[2]byte)(unsafe.Pointer(&p.Port))[:])
		return netip.AddrPortFrom(netip.AddrFrom16(p.Addr).Unmap(), port)
	}
	return netip.AddrPort{}
}

// encodeSockaddr fills *to with ap for a socket of the given family and
// returns the length to pass to sendto, or 0 when ap cannot be reached from
// that socket (IPv6 peer on an IPv4 socket).
func encodeSockaddr(to *syscall.RawSockaddrInet6, ap netip.AddrPort, v6 bool) uint32 {
	addr := ap.Addr()
	if !addr.IsValid() {
		return 0
	}
	if v6 {
		to.Family = syscall.AF_INET6
		binary.BigEndian.PutUint16((*[2]byte)(unsafe.Pointer(&to.Port))[:], ap.Port())
		to.Flowinfo = 0
		to.Addr = addr.As16() // As16 maps IPv4 to ::ffff:a.b.c.d
		to.Scope_id = 0
		return syscall.SizeofSockaddrInet6
	}
	addr = addr.Unmap()
	if !addr.Is4() {
		return 0
	}
	p := (*syscall.RawSockaddrInet4)(unsafe.Pointer(to))
	p.Family = syscall.AF_INET
	binary.BigEndian.PutUint16((*[2]byte)(unsafe.Pointer(&p.Port))[:], ap.Port())
	p.Addr = addr.As4()
	p.Zero = [8]byte{}
	return syscall.SizeofSockaddrInet4
}
