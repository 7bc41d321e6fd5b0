package bridge

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/media/dtmf"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// Digit injection limits.
const (
	injectQueue    = 32                     // digits waiting; a dialled string fits
	injectVolume   = 10                     // -dBm0, a typical keypad level (RFC 4733 §2.3.4)
	minDigit       = 40 * time.Millisecond  // Q.24: receivers need ≥ 40 ms
	defaultDigit   = 100 * time.Millisecond // when SendDigit is given no duration
	interDigitGap  = 60 * time.Millisecond  // audio between injected digits
	injectEndCount = 3                      // end packets per event (RFC 4733 §2.5.1.4)
)

type digitReq struct {
	code uint8
	dur  time.Duration
}

// injector replaces outgoing audio packets by RFC 4733 event packets for
// the digits SendDigit queued. The queue is shared (mutex, plus an atomic
// count so that the packet path looks without locking); the rest belongs
// to the relay worker.
type injector struct {
	mu     sync.Mutex
	queue  [injectQueue]digitReq
	head   int
	n      int
	queued atomic.Int32

	pt      uint8 // `to` telephone-event payload type
	clock   int   // its clock
	num     int64 // event clock / audio clock
	den     int64
	pauseTS uint32 // interDigitGap in audio clock units

	active     bool
	code       uint8
	start      uint32 // event timestamp, on the output stream
	target     uint32 // duration asked, event clock units
	final      uint16
	ends       int
	first      bool
	pausing    bool
	pauseUntil uint32
}

func (j *injector) push(r digitReq) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.n == len(j.queue) {
		return false
	}
	j.queue[(j.head+j.n)%len(j.queue)] = r
	j.n++
	j.queued.Add(1)
	return true
}

func (j *injector) pop() (digitReq, bool) {
	if j.queued.Load() == 0 {
		return digitReq{}, false
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.n == 0 {
		return digitReq{}, false
	}
	r := j.queue[j.head]
	j.head = (j.head + 1) % len(j.queue)
	j.n--
	j.queued.Add(-1)
	return r, true
}

// wanted reports whether the next audio packet may be replaced.
func (j *injector) wanted() bool { return j.active || j.queued.Load() > 0 }

// busy reports whether an injected event is going out (relayed events
// are held back meanwhile).
func (j *injector) busy() bool { return j.active }

// frame is given each audio packet about to go to `to`: timestamp ts,
// lasting dur (audio clock units), to be numbered seq on stream ssrc. It
// appends to b the event packet that replaces it, or nothing when the
// audio goes out (no digit, or the pause between digits). Per RFC 4733
// §2.5.1: every packet of an event has the event's start timestamp, the
// first has the marker bit, the duration grows, the end packet goes three
// times with the final duration.
func (j *injector) frame(b []byte, ts, dur uint32, seq uint16, ssrc uint32) []byte {
	if !j.active {
		if j.pausing && int32(ts-j.pauseUntil) < 0 {
			return b
		}
		j.pausing = false
		r, ok := j.pop()
		if !ok {
			return b
		}
		j.active, j.code, j.start, j.first, j.ends = true, r.code, ts, true, 0
		j.target = uint32(min(int64(r.dur)*int64(j.clock)/int64(time.Second), 0xffff))
	}
	ev := dtmf.Event{Code: j.code, Volume: injectVolume}
	if j.ends > 0 {
		ev.End, ev.Duration = true, j.final
	} else {
		el := uint32(min(int64(ts-j.start+dur)*j.num/j.den, 0xffff))
		ev.Duration = uint16(el)
		if el >= j.target {
			ev.End, j.final = true, uint16(el)
		}
	}
	if ev.End {
		j.ends++
		if j.ends == injectEndCount {
			j.active, j.pausing, j.pauseUntil = false, true, ts+dur+j.pauseTS
		}
	}
	h := rtp.Header{Marker: j.first, PayloadType: j.pt, Seq: seq, Timestamp: j.start, SSRC: ssrc}
	j.first = false
	b = rtp.Append(b, h, nil)
	return ev.Append(b)
}

// SendDigit sends digit d (0-9, *, #, A-D) to the `to` leg as RFC 4733
// events lasting dur (at least 40 ms; 100 ms when zero; at most what the
// 16-bit duration field holds, 8.19 s at 8000 Hz and 1.36 s at 48000 Hz).
// From the next packets `from` sends on, the audio packets to `to` are
// replaced by event packets, one for one, so the events are paced by the
// incoming audio and numbered on the output stream (its SSRC, sequence and
// timestamps stay contiguous); while `from` sends nothing (hold,
// silence suppression) the digit waits. Digits queue (up to 32), with
// 60 ms of audio between them. Safe from any goroutine.
//
// It fails with ErrNoTelephoneEvent when `to` did not negotiate
// telephone-event (the call layer sends SIP INFO instead), with
// dtmf.ErrDigit for a character that is not a digit, and with
// ErrDigitQueue when the queue is full.
func (p *Processor) SendDigit(d rune, dur time.Duration) error {
	if p.to.DTMFPT == 0 {
		return ErrNoTelephoneEvent
	}
	code, err := dtmf.EventCode(d)
	if err != nil {
		return fmt.Errorf("bridge: send digit: %w", err)
	}
	if dur == 0 {
		dur = defaultDigit
	}
	dur = max(dur, minDigit)
	if !p.inj.push(digitReq{code: code, dur: dur}) {
		return ErrDigitQueue
	}
	return nil
}
