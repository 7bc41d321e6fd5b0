//go:build linux && (amd64 || arm64 || riscv64 || loong64)

package relay

import (
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// A worker is one goroutine on one epoll instance that relays for the links
// given to it. Every socket of a link is registered with the same worker, so
// a link's per-packet state has a single writer and needs no lock; the Pool
// spreads links over its workers round-robin. Compared with one goroutine
// per socket (Go's netpoller), one wake-up serves every socket that is
// ready, with no goroutine switch per packet and no EAGAIN read.
//
// The worker never blocks in epoll_wait itself: its epoll descriptor is
// registered with the Go runtime's poller (an epoll instance is pollable),
// the goroutine parks there, and drains its own instance with a zero
// timeout. A blocking epoll_wait was measured about 1.5x dearer per packet:
// the runtime hands the blocked thread's P off and wakes sysmon to do so
// (see media/README.md).
type worker struct {
	epfd         int
	file         *os.File // epfd, registered with the runtime poller
	rc           syscall.RawConn
	stopped      bool
	wakeR, wakeW int
	log          *slog.Logger
	base         time.Time // monotonic origin shared with the pool

	mu    sync.Mutex
	cmds  []workerCmd
	spare []workerCmd
	stop  bool
	done  chan struct{} // closed when the loop has exited

	// Owned by the loop goroutine.
	slots  []slot
	free   []int32
	events []syscall.EpollEvent
	b      *batch
	full   bool // a socket filled a whole batch: it may hold more

	// The send side of the batch being relayed (owned by the loop): where
	// it goes out, how many messages are queued, and for a processor's
	// emit, where its packets go.
	out      outSock
	pend     int
	emitting bool
	emitFn   func([]byte) // w.emit, bound once: no allocation per packet
}

// outSock is the socket a received batch leaves through: the other side's
// (o) RTP or RTCP socket, fd -1 for a Tap.
type outSock struct {
	link   *Link
	o      uint8
	fd     int
	v6     bool
	dst    netip.AddrPort // for emitted packets
	haveTo bool
}

// batchLen datagrams per recvmmsg/sendmmsg; bufLen bytes each. RTP is
// packetised below the path MTU, so a larger datagram is not one we relay.
const (
	batchLen = 16
	bufLen   = 4096
)

// batch holds the worker's preallocated message vectors: received
// datagrams stay in bufs and are sent from there, rewritten in place.
type batch struct {
	rmsgs [batchLen]mmsghdr
	riovs [batchLen]syscall.Iovec
	froms [batchLen]syscall.RawSockaddrAny
	bufs  [batchLen][bufLen]byte
	used  int

	smsgs [batchLen]mmsghdr
	siovs [batchLen]syscall.Iovec
	tos   [batchLen]syscall.RawSockaddrInet6
	kinds [batchLen]uint8
	lens  [batchLen]int

	// What processors emit is copied here, indexed like smsgs.
	ebufs [batchLen][bufLen]byte
}

func newBatch() *batch {
	b := new(batch)
	for j := range batchLen {
		b.riovs[j].Base = &b.bufs[j][0]
		b.riovs[j].SetLen(bufLen)
		b.rmsgs[j].hdr.Iov = &b.riovs[j]
		b.rmsgs[j].hdr.Iovlen = 1
		b.rmsgs[j].hdr.Name = (*byte)(unsafe.Pointer(&b.froms[j]))
		b.rmsgs[j].hdr.Namelen = syscall.SizeofSockaddrAny
		b.smsgs[j].hdr.Iov = &b.siovs[j]
		b.smsgs[j].hdr.Iovlen = 1
		b.smsgs[j].hdr.Name = (*byte)(unsafe.Pointer(&b.tos[j]))
	}
	b.used = batchLen
	return b
}

// slot ties an epoll registration to a link socket; its index is the epoll
// event's data, since epoll cannot hold a Go pointer.
type slot struct {
	link *Link
	fd   int
	side uint8
	rtcp bool
}

const (
	wakeSlot  = -1
	maxEvents = 256
)

func newWorker(log *slog.Logger, base time.Time) (*worker, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("epoll_create1: %w", err)
	}
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_NONBLOCK|syscall.O_CLOEXEC); err != nil {
		syscall.Close(epfd)
		return nil, fmt.Errorf("pipe2: %w", err)
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: wakeSlot}
	if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, p[0], &ev); err != nil {
		syscall.Close(epfd)
		syscall.Close(p[0])
		syscall.Close(p[1])
		return nil, fmt.Errorf("epoll_ctl wake pipe: %w", err)
	}
	closeAll := func() {
		syscall.Close(p[0])
		syscall.Close(p[1])
	}
	if err := syscall.SetNonblock(epfd, true); err != nil {
		syscall.Close(epfd)
		closeAll()
		return nil, fmt.Errorf("epoll nonblock: %w", err)
	}
	f := os.NewFile(uintptr(epfd), "relay-epoll")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		closeAll()
		return nil, fmt.Errorf("epoll raw conn: %w", err)
	}
	w := &worker{
		epfd: epfd, file: f, rc: rc, wakeR: p[0], wakeW: p[1], log: log, base: base,
		done:   make(chan struct{}),
		events: make([]syscall.EpollEvent, maxEvents),
		b:      newBatch(),
	}
	w.emitFn = w.emit
	return w, nil
}

// submit queues a command for the loop; false when the worker has stopped.
func (w *worker) submit(c workerCmd) bool {
	w.mu.Lock()
	if w.stop {
		w.mu.Unlock()
		return false
	}
	w.cmds = append(w.cmds, c)
	w.wake()
	w.mu.Unlock()
	return true
}

// wake is called with w.mu held and w.stop false, so wakeW is still open.
func (w *worker) wake() {
	b := [1]byte{1}
	// EAGAIN means the pipe is full: the loop is already due to wake.
	_, _ = syscall.Write(w.wakeW, b[:])
}

// shutdown stops the loop and waits for it.
func (w *worker) shutdown() {
	w.mu.Lock()
	if !w.stop {
		w.stop = true
		w.wake()
	}
	w.mu.Unlock()
	<-w.done
}

func (w *worker) run() {
	defer w.exit()
	err := w.rc.Read(w.poll)
	if err != nil && !w.stopped {
		w.log.Error("relay worker stopped", "err", fmt.Errorf("epoll: %w", err))
	}
}

// poll is called by the runtime when the epoll descriptor is readable. It
// drains the instance and returns false to park until the next packet, or
// true to stop. The runtime watches the descriptor edge-triggered; every
// datagram that arrives makes a new edge (the inner instance wakes its
// pollers on each socket wake-up), so the worker may park as soon as it
// has read everything that was ready: when epoll returned fewer events than
// it could, and no socket filled a whole batch. Otherwise it polls again.
// Saving that confirming epoll_pwait was worth about 7% at 200 calls.
func (w *worker) poll(uintptr) bool {
	for {
		n, errno := epollPoll(w.epfd, w.events)
		if errno != 0 {
			if errno == syscall.EINTR {
				continue
			}
			w.log.Error("relay worker stopped", "err", fmt.Errorf("epoll_pwait: %w", errno))
			w.stopped = true
			return true
		}
		if n == 0 {
			return false
		}
		w.full = false
		woken := false
		for i := range n {
			id := w.events[i].Fd
			if id == wakeSlot {
				woken = true
				continue
			}
			if s := &w.slots[id]; s.link != nil {
				w.receive(s)
			}
		}
		if woken && w.runCmds() {
			w.stopped = true
			return true
		}
		if n < len(w.events) && !w.full {
			return false
		}
	}
}

// receive reads what the socket holds, up to a batch, with one recvmmsg
// (level-triggered epoll reports the socket again if more is queued),
// routes each datagram through the link, and sends those that go on with
// one sendmmsg. Under light load a batch is one packet; when the worker
// falls behind, batches grow and the cost per packet falls, as in the C
// reference relay. RTP of a direction with a processor goes to it instead,
// and what it emits joins the batch (flushed early when it fills).
func (w *worker) receive(s *slot) {
	b := w.b
	for j := range b.used {
		b.rmsgs[j].hdr.Namelen = syscall.SizeofSockaddrAny
	}
	n, e := recvmmsg(s.fd, &b.rmsgs[0], batchLen)
	if e != 0 || n <= 0 {
		b.used = 0
		return // EAGAIN, or an error the socket reported: nothing to relay
	}
	b.used = n
	if n == batchLen {
		w.full = true
	}
	mono := int64(time.Since(w.base))
	l, o := s.link, 1-s.side
	w.out = outSock{link: l, o: o, fd: -1}
	if out := l.ep[o]; out != nil {
		w.out.fd, w.out.v6 = out.rtpFD, out.v6
		if s.rtcp {
			w.out.fd = out.rtcpFD
		}
	}
	w.pend = 0
	for j := range n {
		m := &b.rmsgs[j]
		if m.hdr.Flags&syscall.MSG_TRUNC != 0 {
			l.legs[s.side].invalid.Add(1) // larger than bufLen: not RTP we relay
			continue
		}
		p := b.bufs[j][:m.len]
		dst, kind, ok := l.route(s.side, s.rtcp, p, decodeSockaddr(&b.froms[j]), mono)
		if kind == kindRTP {
			if h := l.proc[s.side].Load(); h != nil {
				w.process(h.p, p, dst, ok)
				continue
			}
		}
		if !ok {
			if kind != kindDrop {
				l.unsent(o)
			}
			continue
		}
		w.queue(p, dst, kind)
	}
	w.flush()
}

// queue adds one datagram to the send batch, sending the batch first if it
// is full.
func (w *worker) queue(p []byte, dst netip.AddrPort, kind uint8) {
	if w.pend == batchLen {
		w.flush()
	}
	b, k := w.b, w.pend
	nl := encodeSockaddr(&b.tos[k], dst, w.out.v6)
	if nl == 0 || len(p) == 0 || w.out.fd < 0 {
		w.out.link.unsent(w.out.o)
		return
	}
	b.siovs[k].Base = &p[0]
	b.siovs[k].SetLen(len(p))
	b.smsgs[k].hdr.Namelen = nl
	b.kinds[k], b.lens[k] = kind, len(p)
	w.pend++
}

// flush sends the queued datagrams with one sendmmsg and accounts them.
func (w *worker) flush() {
	k := w.pend
	if k == 0 {
		return
	}
	w.pend = 0
	b, l, o := w.b, w.out.link, w.out.o
	sent, _ := sendmmsg(w.out.fd, &b.smsgs[0], k)
	for j := range k {
		if j < sent {
			l.sent(o, b.kinds[j], b.lens[j])
		} else {
			l.unsent(o) // full socket buffer: UDP drops rather than waits
		}
	}
}

// process hands one RTP packet to a processor; dst/ok say where what it
// emits goes.
func (w *worker) process(pr Processor, p []byte, dst netip.AddrPort, ok bool) {
	w.out.dst, w.out.haveTo = dst, ok
	w.emitting = true
	pr.Process(p, w.emitFn)
	w.emitting = false
}

// emit is the processor's emit: it copies pkt into the batch's own buffer
// for the next send slot and queues it.
func (w *worker) emit(pkt []byte) {
	if !w.emitting {
		return // kept by a processor past its Process call: ignored
	}
	if !w.out.haveTo || w.out.fd < 0 || len(pkt) == 0 || len(pkt) > bufLen {
		w.out.link.unsent(w.out.o)
		return
	}
	if w.pend == batchLen {
		w.flush()
	}
	buf := w.b.ebufs[w.pend][:len(pkt)]
	copy(buf, pkt)
	w.queue(buf, w.out.dst, kindRTP)
}

// runCmds applies queued registrations; true when the worker must stop.
func (w *worker) runCmds() bool {
	var b [64]byte
	for {
		if _, err := syscall.Read(w.wakeR, b[:]); err != nil {
			break
		}
	}
	w.mu.Lock()
	cmds, stop := w.cmds, w.stop
	w.cmds, w.spare = w.spare[:0], cmds
	w.mu.Unlock()
	for i := range cmds {
		c := &cmds[i]
		if c.add {
			w.register(c.link)
		} else {
			w.unregister(c.link)
		}
		if c.done != nil {
			close(c.done)
		}
		*c = workerCmd{}
	}
	return stop
}

func (w *worker) register(l *Link) {
	fds := l.fds()
	for i, fd := range fds {
		if fd < 0 { // a Tap has no far side
			l.slots[i] = -1
			continue
		}
		var id int32
		if n := len(w.free); n > 0 {
			id, w.free = w.free[n-1], w.free[:n-1]
		} else {
			id = int32(len(w.slots))
			w.slots = append(w.slots, slot{})
		}
		w.slots[id] = slot{link: l, fd: fd, side: uint8(i / 2), rtcp: i%2 == 1}
		ev := syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: id}
		if err := syscall.EpollCtl(w.epfd, syscall.EPOLL_CTL_ADD, fd, &ev); err != nil {
			w.log.Error("relay: cannot watch socket", "err", fmt.Errorf("epoll_ctl add: %w", err))
			w.slots[id] = slot{}
			w.free = append(w.free, id)
			id = -1
		}
		l.slots[i] = id
	}
	l.registered = true
}

func (w *worker) unregister(l *Link) {
	if !l.registered {
		return
	}
	for i, id := range l.slots {
		if id < 0 {
			continue
		}
		_ = syscall.EpollCtl(w.epfd, syscall.EPOLL_CTL_DEL, w.slots[id].fd, nil)
		w.slots[id] = slot{}
		w.free = append(w.free, id)
		l.slots[i] = -1
	}
	l.registered = false
}

// exit releases the worker's descriptors and unblocks anyone waiting on a
// command that will never run.
func (w *worker) exit() {
	w.mu.Lock()
	w.stop = true
	cmds := w.cmds
	w.cmds = nil
	syscall.Close(w.wakeW) // under w.mu: no wake can race with the close
	w.mu.Unlock()
	for _, c := range cmds {
		if c.done != nil {
			close(c.done)
		}
	}
	for i := range w.slots {
		w.slots[i] = slot{}
	}
	w.file.Close() // the epoll descriptor
	syscall.Close(w.wakeR)
	close(w.done)
}
