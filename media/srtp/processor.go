package srtp

import (
	"sync"
	"sync/atomic"

	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// Processor is the shape of the relay's per-direction packet hook: it
// receives a packet and emits zero or more. Declared here, the consumer of
// the next stage, so that this package does not import the relay; the
// relay's own interface has the same method and accepts these types.
//
// The slice given to emit is only valid during the call: emit sends or
// copies it before it returns.
type Processor interface {
	Process(p []byte, emit func(pkt []byte))
}

// maxPacket is the buffer an adapter starts with: a full Ethernet payload
// plus the largest SRTCP trailer. Larger packets grow it once.
const maxPacket = 1500 + 20

// EncryptProcessor is the hook on the direction towards the SRTP leg:
// packets go through inner first (a transcoder, say), and what inner emits
// is protected and emitted. RTCP (RFC 5761 §4 demultiplexing) skips inner
// and goes out as SRTCP, so the same processor serves an rtcp-mux stream
// or the RTCP path. A packet that cannot be protected is dropped and
// counted. No allocation per packet.
type EncryptProcessor struct {
	mu      sync.Mutex
	prot    atomic.Pointer[Protector]
	inner   Processor
	buf     []byte
	emit    func([]byte) // the caller's emit, during one Process
	encrypt func([]byte) // e.protectEmit, bound once
	dropped atomic.Uint64
}

// NewEncryptProcessor protects with p what inner emits; inner may be nil.
func NewEncryptProcessor(p *Protector, inner Processor) *EncryptProcessor {
	e := &EncryptProcessor{inner: inner, buf: make([]byte, 0, maxPacket)}
	e.prot.Store(p)
	e.encrypt = e.protectEmit
	return e
}

// Process implements Processor.
func (e *EncryptProcessor) Process(pkt []byte, emit func([]byte)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.inner == nil || rtp.IsRTCP(pkt) {
		e.protect(pkt, emit)
		return
	}
	e.emit = emit
	e.inner.Process(pkt, e.encrypt)
	e.emit = nil
}

func (e *EncryptProcessor) protectEmit(pkt []byte) { e.protect(pkt, e.emit) }

func (e *EncryptProcessor) protect(pkt []byte, emit func([]byte)) {
	p := e.prot.Load()
	var out []byte
	var err error
	if rtp.IsRTCP(pkt) {
		out, err = p.ProtectRTCP(e.buf[:0], pkt)
	} else {
		out, err = p.Protect(e.buf[:0], pkt)
	}
	if err != nil {
		e.dropped.Add(1)
		return
	}
	e.buf = out[:0] // keep a grown buffer
	emit(out)
}

// Rekey switches to another Protector (new keys after a re-INVITE, RFC
// 4568 §7.1.4) from any goroutine; the next packet uses it.
func (e *EncryptProcessor) Rekey(p *Protector) { e.prot.Store(p) }

// Dropped counts packets that could not be protected.
func (e *EncryptProcessor) Dropped() uint64 { return e.dropped.Load() }

// DecryptProcessor is the hook on the direction from the SRTP leg: each
// packet is authenticated and decrypted, then goes through next (a
// transcoder, say) or, when next is nil, is emitted. SRTCP is unprotected
// and emitted without next. A packet that fails (forged, replayed, under
// an old key) is dropped; the Unprotector's Stats count why. No allocation
// per packet.
type DecryptProcessor struct {
	mu      sync.Mutex
	unprot  atomic.Pointer[Unprotector]
	next    Processor
	buf     []byte
	dropped atomic.Uint64
}

// NewDecryptProcessor unprotects with u and hands the result to next; next
// may be nil.
func NewDecryptProcessor(u *Unprotector, next Processor) *DecryptProcessor {
	d := &DecryptProcessor{next: next, buf: make([]byte, 0, maxPacket)}
	d.unprot.Store(u)
	return d
}

// Process implements Processor.
func (d *DecryptProcessor) Process(pkt []byte, emit func([]byte)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.unprot.Load()
	if rtp.IsRTCP(pkt) {
		out, err := u.UnprotectRTCP(d.buf[:0], pkt)
		if err != nil {
			d.dropped.Add(1)
			return
		}
		d.buf = out[:0]
		emit(out)
		return
	}
	out, err := u.Unprotect(d.buf[:0], pkt)
	if err != nil {
		d.dropped.Add(1)
		return
	}
	d.buf = out[:0]
	if d.next == nil {
		emit(out)
		return
	}
	d.next.Process(out, emit)
}

// Rekey switches to another Unprotector (the peer's new key after a
// re-INVITE); the next packet uses it.
func (d *DecryptProcessor) Rekey(u *Unprotector) { d.unprot.Store(u) }

// Dropped counts packets that failed to unprotect.
func (d *DecryptProcessor) Dropped() uint64 { return d.dropped.Load() }
