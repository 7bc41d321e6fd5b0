package play

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// Sender takes one RTP packet to send to the leg; *relay.Endpoint is one.
// Send must not keep pkt after it returns: the Player reuses the buffer.
type Sender interface {
	Send(pkt []byte) error
}

// Config is a Player's stream: codec, payload type, ptime, SSRC.
type Config struct {
	// Codec encodes the audio; its Format says the PCM rate and the RTP
	// clock (G.722: 16 kHz audio on an 8000 Hz clock; Opus: 48000 Hz).
	Codec codec.Codec
	// PayloadType as negotiated in SDP. Zero takes the codec's static type
	// (RFC 3551 §6: 0 for PCMU, 8 PCMA, 9 G.722); a dynamic codec (Opus)
	// needs one of 96–127.
	PayloadType uint8
	// Ptime is the audio per packet: 10, 20, 30, 40 or 60 ms, as the
	// codec allows (Opus has no 30 ms frame). Zero means 20 ms.
	Ptime time.Duration
	// SSRC of the stream; zero picks a random one (RFC 3550 §8.1).
	SSRC   uint32
	Logger *slog.Logger
	// Clock paces the packets; nil means the system clock.
	Clock Clock
}

// Stats are what RTCP sender reports need of a stream (RFC 3550 §6.4.1).
type Stats struct {
	SSRC uint32
	// Packets and Octets sent; Octets counts payload only.
	Packets, Octets uint64
	// LastTimestamp is the RTP timestamp of the last packet, sent at
	// LastSent.
	LastTimestamp uint32
	LastSent      time.Time
	// Late counts the times the Player woke up more than half a ptime
	// after a packet was due and re-anchored its pace rather than send a
	// burst to catch up.
	Late uint64
}

// Player plays Sources into one RTP stream. Successive Plays continue the
// stream: the same SSRC, sequence numbers and timestamps without a jump,
// and a Play that starts when the last one ended keeps its pace exactly.
// Plays are serialised: one that starts while another runs waits for it.
type Player struct {
	format codec.Format
	pt     uint8
	ptime  time.Duration
	step   uint32 // RTP timestamp units per packet
	ssrc   uint32
	log    *slog.Logger
	clock  Clock

	sem chan struct{} // held by the running Play; guards everything below

	enc       codec.Encoder
	seq       uint16
	ts        uint32    // the next packet's
	next      time.Time // when the next packet is due; zero before the first
	lastSent  time.Time // when the last Send returned
	timer     Timer
	rs        *codec.Resampler // nil when the source is at the codec's rate
	rsRate    int              // the source rate rs was made for
	rp        *codec.Repacketizer[int16]
	eof       bool
	in, rsOut []int16
	frame, st []int16
	payload   []byte
	pkt       []byte

	mu    sync.Mutex
	stats Stats
}

// NewPlayer checks cfg and makes a Player with a fresh encoder.
func NewPlayer(cfg Config) (*Player, error) {
	if cfg.Codec == nil {
		return nil, fmt.Errorf("play: no codec: %w", ErrConfig)
	}
	f := cfg.Codec.Format()
	if cfg.Ptime == 0 {
		cfg.Ptime = 20 * time.Millisecond
	}
	if cfg.Ptime < 10*time.Millisecond || cfg.Ptime > 60*time.Millisecond || cfg.Ptime%(10*time.Millisecond) != 0 || !f.ValidPtime(cfg.Ptime) {
		return nil, fmt.Errorf("play: ptime %v for %s: %w", cfg.Ptime, f, ErrConfig)
	}
	pt := cfg.PayloadType
	switch {
	case pt > 127:
		return nil, fmt.Errorf("play: payload type %d: %w", pt, ErrConfig)
	case pt == 0 && f.PayloadType > 0:
		pt = uint8(f.PayloadType)
	case pt == 0 && f.PayloadType < 0:
		return nil, fmt.Errorf("play: %s has no static payload type, Config.PayloadType is needed: %w", f, ErrConfig)
	}
	switch f.SampleRate {
	case 8000, 16000, 48000:
	default:
		return nil, fmt.Errorf("play: %s at %d Hz: %w", f, f.SampleRate, ErrConfig)
	}
	enc, err := cfg.Codec.NewEncoder()
	if err != nil {
		return nil, fmt.Errorf("play: %s encoder: %w", f, err)
	}
	frameLen := f.Samples(cfg.Ptime)
	rp, err := codec.NewRepacketizer[int16](frameLen, 4*frameLen)
	if err != nil {
		return nil, fmt.Errorf("play: %w", err)
	}
	p := &Player{
		format: f,
		pt:     pt,
		ptime:  cfg.Ptime,
		step:   f.TimestampStep(cfg.Ptime),
		ssrc:   cfg.SSRC,
		log:    cfg.Logger,
		clock:  cfg.Clock,
		sem:    make(chan struct{}, 1),
		enc:    enc,
		// RFC 3550 §5.1: the initial sequence number and timestamp are
		// random.
		seq:   uint16(rand.Uint32()),
		ts:    rand.Uint32(),
		rp:    rp,
		frame: make([]int16, 0, frameLen),
	}
	for p.ssrc == 0 {
		p.ssrc = rand.Uint32()
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.clock == nil {
		p.clock = systemClock{}
	}
	p.stats.SSRC = p.ssrc
	return p, nil
}

// SSRC is the stream's synchronisation source.
func (p *Player) SSRC() uint32 { return p.ssrc }

// Stats gives the stream's counters so far; safe during a Play.
func (p *Player) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Play sends src to out, one packet per ptime, until src ends (nil) or ctx
// is done (ctx.Err(), at once: no packet leaves after the cancel is seen).
// Packet n of the Play leaves at start + n × ptime, start being when Play
// was called, or when the next packet of the previous Play was due if
// that is later or less than half a ptime earlier: back-to-back Plays
// make one unbroken stream. The first packet of the stream, and the first
// after a pause, carry the marker bit (RFC 3551 §4.1), and the timestamp
// jumps by the pause so that the phone keeps its timing.
func (p *Player) Play(ctx context.Context, src Source, out Sender) error {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.sem }()
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := p.setSource(src); err != nil {
		return err
	}
	start := p.clock.Now()
	marker := true
	if !p.next.IsZero() {
		if gap := start.Sub(p.next); gap < p.ptime/2 {
			start, marker = p.next, false
		} else {
			// RFC 3550 §5.1: the timestamp follows the sampling clock,
			// which ran on through the pause.
			p.ts += uint32(gap * time.Duration(p.format.ClockRate) / time.Second)
		}
	}
	if p.timer == nil {
		p.timer = p.clock.NewTimer(time.Hour)
		p.timer.Stop()
	}
	for n := 0; ; n++ {
		due := start.Add(time.Duration(n) * p.ptime)
		p.next = due
		frame, err := p.nextFrame(src)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		p.payload, err = p.enc.Encode(frame, p.payload[:0])
		if err != nil {
			return fmt.Errorf("play: encode %s: %w", p.format, err)
		}
		now := p.clock.Now()
		// Never two packets closer than half a ptime, whatever happened
		// since the last one left (a Send that blocked, a goroutine
		// descheduled between the clock check and the send).
		if earliest := p.lastSent.Add(p.ptime / 2); due.Before(earliest) {
			due = earliest
		}
		p.next = due
		if wait := due.Sub(now); wait > 0 {
			p.timer.Reset(wait)
			select {
			case <-ctx.Done():
				p.timer.Stop()
				return ctx.Err()
			case <-p.timer.C():
			}
			now = p.clock.Now()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if late := now.Sub(start.Add(time.Duration(n) * p.ptime)); late > p.ptime/2 {
			// Woken too late (a stalled machine): keep the pace from now
			// on instead of sending a burst to catch up.
			p.log.Debug("play: late, re-anchored", "late", late, "ssrc", p.ssrc)
			start = now.Add(-time.Duration(n) * p.ptime)
			p.mu.Lock()
			p.stats.Late++
			p.mu.Unlock()
		}
		h := rtp.Header{Marker: marker, PayloadType: p.pt, Seq: p.seq, Timestamp: p.ts, SSRC: p.ssrc}
		p.pkt = rtp.Append(p.pkt[:0], h, p.payload)
		sendErr := out.Send(p.pkt)
		sent := p.clock.Now()
		p.lastSent = sent
		// The stream's timeline moved on whether or not the packet got
		// out: a failed send is a lost packet to the phone.
		marker = false
		p.seq++
		p.ts += p.step
		p.next = start.Add(time.Duration(n+1) * p.ptime)
		p.mu.Lock()
		if sendErr == nil {
			p.stats.Packets++
			p.stats.Octets += uint64(len(p.payload))
			p.stats.LastTimestamp = h.Timestamp
			p.stats.LastSent = sent
		}
		p.mu.Unlock()
		if sendErr != nil {
			return fmt.Errorf("play: send: %w", sendErr)
		}
	}
}

// setSource prepares the resampler and buffers for src's rate.
func (p *Player) setSource(src Source) error {
	rate := src.Rate()
	switch rate {
	case 8000, 16000, 48000:
	default:
		return fmt.Errorf("play: source at %d Hz (want 8000, 16000 or 48000): %w", rate, ErrSource)
	}
	switch {
	case rate == p.format.SampleRate:
		p.rs, p.rsRate = nil, rate
	case rate == p.rsRate && p.rs != nil:
		p.rs.Reset()
	default:
		rs, err := codec.NewResampler(rate, p.format.SampleRate)
		if err != nil {
			return fmt.Errorf("play: %w", err)
		}
		p.rs, p.rsRate = rs, rate
	}
	n := int(int64(rate) * int64(p.ptime) / int64(time.Second))
	if cap(p.in) < n {
		p.in = make([]int16, n)
	}
	p.in = p.in[:n]
	p.rp.Reset()
	p.eof = false
	return nil
}

// nextFrame gives the next ptime of audio at the codec's rate (and
// channel count), the last one padded with silence, or io.EOF.
func (p *Player) nextFrame(src Source) ([]int16, error) {
	frameLen := p.rp.FrameLen()
	for {
		if f, ok := p.rp.Pop(p.frame[:0]); ok {
			p.frame = f
			return p.channels(f), nil
		}
		if p.eof {
			left := p.rp.Buffered()
			if left == 0 {
				return nil, io.EOF
			}
			p.frame = p.frame[:frameLen-left]
			clear(p.frame)
			if err := p.rp.Push(p.frame); err != nil {
				return nil, fmt.Errorf("play: %w", err)
			}
			continue
		}
		n, err := readFull(src, p.in)
		if n > 0 {
			pcm := p.in[:n]
			if p.rs != nil {
				p.rsOut = p.rs.Resample(pcm, p.rsOut[:0])
				pcm = p.rsOut
			}
			if err := p.rp.Push(pcm); err != nil {
				return nil, fmt.Errorf("play: %w", err)
			}
		}
		switch {
		case errors.Is(err, io.EOF):
			p.eof = true
		case err != nil:
			return nil, fmt.Errorf("play: read source: %w", err)
		}
	}
}

// channels duplicates mono into both channels when the codec takes stereo
// (Opus with stereo=1).
func (p *Player) channels(f []int16) []int16 {
	if p.format.PCMChannels != 2 {
		return f
	}
	p.st = p.st[:0]
	for _, s := range f {
		p.st = append(p.st, s, s)
	}
	return p.st
}

// readFull reads until buf is full, the source ends or fails; a source
// that keeps returning nothing fails with io.ErrNoProgress.
func readFull(src Source, buf []int16) (int, error) {
	n, idle := 0, 0
	for n < len(buf) {
		m, err := src.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
		if m == 0 {
			if idle++; idle >= 100 {
				return n, io.ErrNoProgress
			}
		}
	}
	return n, nil
}
