package mix

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/jitter"
)

// Defaults of Config.
const (
	DefaultRate  = 16000 // wideband: G.722 and Opus participants keep 7 kHz of audio
	DefaultPtime = 20 * time.Millisecond
	// maxCatchUp is how many missed ticks Run makes up at once after a late
	// wake-up; beyond it the missed ticks are skipped (timestamps still
	// advance by them).
	maxCatchUp = 5
)

// Sender sends one RTP packet to a participant's phone; *relay.Endpoint
// satisfies it. pkt is only valid during the call.
type Sender interface {
	Send(pkt []byte) error
}

// Config sets up a Conference.
type Config struct {
	// Rate is the mixing rate: 8000, 16000 (default) or 48000 Hz.
	Rate int
	// Ptime is the tick and the frame duration sent to everyone: 10, 20
	// (default), 40 or 60 ms (what every codec, Opus included, can frame).
	Ptime time.Duration
	// Depth is each participant's jitter buffer depth (media/jitter;
	// default 60 ms).
	Depth time.Duration
	// JoinTone plays the join tone (see JoinToneLow) to everyone already
	// in when a participant joins.
	JoinTone bool
	// Logger; nil discards.
	Logger *slog.Logger
	// Clock; nil is the wall clock.
	Clock Clock
}

// Conference mixes its participants' audio. Join, Leave, SetMute,
// Participants and Receive are safe to call from any goroutine while Run
// runs.
type Conference struct {
	rate, n int // mixing rate, samples per tick
	ptime   time.Duration
	depth   time.Duration
	log     *slog.Logger
	clock   Clock
	tone    []int16 // nil when off

	mu    sync.Mutex
	parts []*Participant // in joining order

	running atomic.Bool
	// Owned by the mixing loop.
	snap []*Participant
	sum  []int32
}

// New makes a Conference; Run mixes it.
func New(cfg Config) (*Conference, error) {
	if cfg.Rate == 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.Ptime == 0 {
		cfg.Ptime = DefaultPtime
	}
	if cfg.Depth == 0 {
		cfg.Depth = jitter.DefaultDepth
	}
	switch cfg.Rate {
	case 8000, 16000, 48000:
	default:
		return nil, fmt.Errorf("mix: rate %d Hz (want 8000, 16000 or 48000): %w", cfg.Rate, ErrUnsupported)
	}
	switch cfg.Ptime {
	case 10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond, 60 * time.Millisecond:
	default:
		return nil, fmt.Errorf("mix: ptime %v (want 10, 20, 40 or 60 ms): %w", cfg.Ptime, ErrUnsupported)
	}
	if cfg.Depth < 0 || cfg.Depth > jitter.MaxDepth {
		return nil, fmt.Errorf("mix: jitter depth %v (want up to %v): %w", cfg.Depth, jitter.MaxDepth, ErrUnsupported)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	c := &Conference{
		rate:  cfg.Rate,
		n:     int(int64(cfg.Rate) * int64(cfg.Ptime) / int64(time.Second)),
		ptime: cfg.Ptime,
		depth: cfg.Depth,
		log:   cfg.Logger,
		clock: cfg.Clock,
	}
	c.sum = make([]int32, c.n)
	if cfg.JoinTone {
		c.tone = joinTone(c.rate, c.n)
	}
	return c, nil
}

// Run is the mixing loop: one tick per ptime, scheduled from its start
// (tick k at start + k × ptime) so that late wake-ups do not add up. After
// a wake-up more than one tick late it makes up to 5 missed ticks at once
// and skips older ones. It returns ctx.Err() when ctx ends, or ErrRunning
// if the conference is already running.
func (c *Conference) Run(ctx context.Context) error {
	if !c.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer c.running.Store(false)
	start := c.clock.Now()
	timer := c.clock.NewTimer(0)
	defer timer.Stop()
	var next int64 // index of the next tick
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C():
		}
		now := c.clock.Now()
		due := int64(now.Sub(start)/c.ptime) + 1 - next // ticks whose time has come
		if due > maxCatchUp {
			skip := due - maxCatchUp
			c.log.Debug("mixer behind schedule, skipping ticks", "ticks", skip)
			c.skip(int(skip))
			next += skip
			due = maxCatchUp
		}
		for ; due > 0; due-- {
			c.tick(start.Add(time.Duration(next) * c.ptime))
			next++
		}
		timer.Reset(start.Add(time.Duration(next) * c.ptime).Sub(c.clock.Now()))
	}
}

// snapshot copies the participant list for one tick, without allocating
// once its capacity is reached.
func (c *Conference) snapshot() []*Participant {
	c.mu.Lock()
	c.snap = append(c.snap[:0], c.parts...)
	c.mu.Unlock()
	return c.snap
}

// tick mixes one frame due at now.
func (c *Conference) tick(now time.Time) {
	parts := c.snapshot()
	clear(c.sum)
	for _, p := range parts {
		p.pull(now)
		if !p.tickMuted {
			for i, v := range p.contrib {
				c.sum[i] += int32(v)
			}
		}
	}
	for _, p := range parts {
		p.send(c.sum, c.tone)
	}
	clear(c.snap) // drop references to participants that leave
}

// skip accounts for ticks that were not mixed: the participants'
// timestamps move on by their duration (RFC 3550 §5.1: the timestamp
// follows the sampling clock, sent or not).
func (c *Conference) skip(ticks int) {
	for _, p := range c.snapshot() {
		p.outMu.Lock()
		p.ts += uint32(ticks) * p.step
		p.outMu.Unlock()
	}
	clear(c.snap)
}

// Join adds a participant who talks and listens with codec under RTP
// payload type pt (the one its SDP negotiated), and receives the mix
// through out. Everyone already in hears the join tone if configured.
// It fails with ErrDuplicate for an id already in, and ErrUnsupported for a
// codec that cannot frame the conference's ptime.
func (c *Conference) Join(id string, cd codec.Codec, pt uint8, out Sender) (*Participant, error) {
	p, err := newParticipant(c, id, cd, pt, out)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if slices.ContainsFunc(c.parts, func(q *Participant) bool { return q.id == id }) {
		return nil, fmt.Errorf("mix: join %q: %w", id, ErrDuplicate)
	}
	if c.tone != nil {
		for _, q := range c.parts {
			q.toneReq.Store(true)
		}
	}
	c.parts = append(c.parts, p)
	c.log.Debug("conference join", "participant", id, "codec", p.format.String(), "pt", pt, "participants", len(c.parts))
	return p, nil
}

func (c *Conference) remove(p *Participant) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := slices.Index(c.parts, p)
	if i < 0 {
		return false
	}
	c.parts = slices.Delete(c.parts, i, i+1)
	c.log.Debug("conference leave", "participant", p.id, "participants", len(c.parts))
	return true
}

// Participants describes everyone in, in joining order.
func (c *Conference) Participants() []Info {
	c.mu.Lock()
	parts := slices.Clone(c.parts)
	c.mu.Unlock()
	out := make([]Info, 0, len(parts))
	for _, p := range parts {
		out = append(out, p.info())
	}
	return out
}
