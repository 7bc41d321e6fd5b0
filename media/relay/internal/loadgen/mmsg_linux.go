//go:build linux && (amd64 || arm64)

package main

import (
	"net/netip"
	"syscall"
	"unsafe"
)

// batchLen packets per sendmmsg/recvmmsg: the generator, unlike a relay,
// has many packets per socket per millisecond, so batching pays here.
const batchLen = 64

// mmsghdr is struct mmsghdr of Linux (msghdr, then the length).
type mmsghdr struct {
	hdr syscall.Msghdr
	len uint32
	_   [4]byte
}

type batch struct {
	msgs  [batchLen]mmsghdr
	iovs  [batchLen]syscall.Iovec
	bufs  [batchLen][2048]byte
	addrs [batchLen]syscall.RawSockaddrInet6
}

func (b *batch) init() {
	for i := range b.msgs {
		b.iovs[i].Base = &b.bufs[i][0]
		b.iovs[i].SetLen(len(b.bufs[i]))
		b.msgs[i].hdr.Iov = &b.iovs[i]
		b.msgs[i].hdr.Iovlen = 1
	}
}

// setDest fills message j for sending n bytes to ap (IPv4 or IPv6 socket
// of the same family as ap).
func (b *batch) setDest(j int, ap netip.AddrPort, n int) {
	sa := &b.addrs[j]
	port := ap.Port()
	if ap.Addr().Is4() {
		p := (*syscall.RawSockaddrInet4)(unsafe.Pointer(sa))
		p.Family = syscall.AF_INET
		p.Port = port<<8 | port>>8
		p.Addr = ap.Addr().As4()
		b.msgs[j].hdr.Namelen = syscall.SizeofSockaddrInet4
	} else {
		sa.Family = syscall.AF_INET6
		sa.Port = port<<8 | port>>8
		sa.Addr = ap.Addr().As16()
		b.msgs[j].hdr.Namelen = syscall.SizeofSockaddrInet6
	}
	b.msgs[j].hdr.Name = (*byte)(unsafe.Pointer(sa))
	b.iovs[j].SetLen(n)
}

// send writes messages [0, cnt) and returns how many went out.
func (b *batch) send(rc syscall.RawConn, cnt int) int {
	done := 0
	for done < cnt {
		var n uintptr
		var e syscall.Errno
		err := rc.Write(func(fd uintptr) bool {
			n, _, e = syscall.Syscall6(sysSENDMMSG, fd, uintptr(unsafe.Pointer(&b.msgs[done])), uintptr(cnt-done), 0, 0, 0)
			return e != syscall.EAGAIN
		})
		if err != nil || e != 0 {
			return done
		}
		done += int(n)
	}
	return done
}

// recv reads up to batchLen datagrams, waiting for the first; -1 when the
// socket is closed.
func (b *batch) recv(rc syscall.RawConn) int {
	for i := range b.msgs {
		b.msgs[i].hdr.Name = nil
		b.msgs[i].hdr.Namelen = 0
		b.iovs[i].SetLen(len(b.bufs[i]))
	}
	var n uintptr
	var e syscall.Errno
	err := rc.Read(func(fd uintptr) bool {
		n, _, e = syscall.Syscall6(sysRECVMMSG, fd, uintptr(unsafe.Pointer(&b.msgs[0])), batchLen, syscall.MSG_DONTWAIT, 0, 0)
		return e != syscall.EAGAIN
	})
	if err != nil || e != 0 {
		return -1
	}
	return int(n)
}
