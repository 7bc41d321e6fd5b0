package codec

import (
	"fmt"
	"time"
)

// Repacketizer re-frames a stream: it takes chunks of any length (frames of
// one ptime) and gives frames of a fixed length (another ptime). It holds
// PCM (T = int16) for any codec, or payload bytes (T = byte) of a
// sample-based codec, G.711 or G.722, whose payloads can be cut and joined
// at any byte (RFC 3551 §4.2, §4.5). Its buffer is fixed at construction;
// nothing allocates afterwards.
type Repacketizer[T byte | int16] struct {
	buf   []T
	start int // first unread element
	frame int
}

// NewRepacketizer makes a Repacketizer that gives frames of frameLen
// elements and can hold up to capacity elements not yet given out.
func NewRepacketizer[T byte | int16](frameLen, capacity int) (*Repacketizer[T], error) {
	if frameLen <= 0 || capacity < frameLen {
		return nil, fmt.Errorf("repacketizer: frame %d, capacity %d: %w", frameLen, capacity, ErrFrameSize)
	}
	return &Repacketizer[T]{buf: make([]T, 0, capacity), frame: frameLen}, nil
}

// NewPayloadRepacketizer makes a Repacketizer for payloads of a
// sample-based codec that gives payloads of ptime out, holding up to 200 ms.
func NewPayloadRepacketizer(f Format, out time.Duration) (*Repacketizer[byte], error) {
	if f.BytesPerMs == 0 {
		return nil, fmt.Errorf("repacketize %s: frame-based codec, repacketize its PCM: %w", f, ErrUnsupported)
	}
	if !f.ValidPtime(out) {
		return nil, fmt.Errorf("repacketize %s to %v: %w", f, out, ErrFrameSize)
	}
	return NewRepacketizer[byte](f.PayloadSize(out), f.PayloadSize(200*time.Millisecond)+f.PayloadSize(out))
}

// FrameLen is the length of the frames it gives.
func (r *Repacketizer[T]) FrameLen() int { return r.frame }

// Buffered is how many elements wait to be given out.
func (r *Repacketizer[T]) Buffered() int { return len(r.buf) - r.start }

// Push adds a chunk. It fails with ErrOverflow, keeping nothing of the
// chunk, when the buffer would hold more than its capacity.
func (r *Repacketizer[T]) Push(in []T) error {
	if r.Buffered()+len(in) > cap(r.buf) {
		return fmt.Errorf("repacketizer: %d buffered + %d > %d: %w", r.Buffered(), len(in), cap(r.buf), ErrOverflow)
	}
	if len(r.buf)+len(in) > cap(r.buf) {
		n := copy(r.buf, r.buf[r.start:])
		r.buf, r.start = r.buf[:n], 0
	}
	r.buf = append(r.buf, in...)
	return nil
}

// Pop appends one frame to out if a whole one is buffered and reports
// whether it did.
func (r *Repacketizer[T]) Pop(out []T) ([]T, bool) {
	if r.Buffered() < r.frame {
		return out, false
	}
	out = append(out, r.buf[r.start:r.start+r.frame]...)
	r.start += r.frame
	if r.start == len(r.buf) {
		r.buf, r.start = r.buf[:0], 0
	}
	return out, true
}

// Reset drops everything buffered.
func (r *Repacketizer[T]) Reset() { r.buf, r.start = r.buf[:0], 0 }
