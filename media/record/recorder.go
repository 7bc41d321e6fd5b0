package record

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/jitter"
	"github.com/dialtone-pbx/dialtone/media/wav"
)

// Block is the audio the Recorder writes per step, and how often it
// steps.
const Block = 20 * time.Millisecond

// Config shapes a recording.
type Config struct {
	// Stereo records leg 0 (A) left and leg 1 (B) right. Mono records leg
	// 0, mixed with leg 1 if that leg is given too.
	Stereo bool
	// Rate is 8000 (zero) or 16000 Hz; 16 kHz keeps G.722 and Opus
	// wideband.
	Rate int
	// Depth is each leg's jitter buffer depth (zero: jitter.DefaultDepth,
	// 60 ms): how long a packet may wait for earlier ones. The file lags
	// the call by that much until Close.
	Depth time.Duration
	// Queue is the packets an Input holds for the Recorder's goroutine
	// (zero: 64, over a second of 20 ms packets).
	Queue int
	// SyncEvery is how often the WAV header's sizes are patched, bounding
	// what a crash loses (zero: 1 s).
	SyncEvery time.Duration
	Logger    *slog.Logger
	// Clock stamps packets and paces the writes; nil means the system
	// clock.
	Clock Clock
}

// Stats are a recording's figures so far.
type Stats struct {
	// Written is the audio in the file (or about to be: up to SyncEvery
	// is held in memory).
	Written time.Duration
	Legs    [2]LegStats
}

// Recorder writes one call's audio to a WAV file. Leg gives the Inputs
// the relay pushes packets to; Run does the work; Close finishes the file.
type Recorder struct {
	path      string
	channels  int
	rate      int
	depth     time.Duration
	queue     int
	syncEvery time.Duration
	log       *slog.Logger
	clock     Clock
	t0        time.Time // the recording's first sample

	stop chan struct{} // closed by Close

	mu       sync.Mutex
	file     *os.File
	w        *wav.Writer
	legs     [2]leg
	blocks   int     // written (or pending)
	pending  []int16 // blocks not yet written to the file
	data     int64   // bytes of samples in the file
	lastSync time.Time
	running  bool
	done     chan struct{} // closed when the running Run returns
	closed   bool
	err      error // the first write error; the recording stops there
	mix      []int16
}

// New creates the file at path (mode 0640; its directory 0750 if
// missing) and writes a WAV header. The recording's timeline starts now.
// An existing file is not overwritten (fs.ErrExist).
func New(path string, cfg Config) (*Recorder, error) {
	switch cfg.Rate {
	case 0:
		cfg.Rate = 8000
	case 8000, 16000:
	default:
		return nil, fmt.Errorf("record: rate %d Hz (want 8000 or 16000): %w", cfg.Rate, ErrConfig)
	}
	if cfg.Depth <= 0 {
		cfg.Depth = jitter.DefaultDepth
	}
	cfg.Depth = min(cfg.Depth, jitter.MaxDepth)
	if cfg.Queue <= 0 {
		cfg.Queue = 64
	}
	if cfg.SyncEvery <= 0 {
		cfg.SyncEvery = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	channels := 1
	if cfg.Stereo {
		channels = 2
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	w, err := wav.NewWriter(f, wav.Format{SampleRate: cfg.Rate, Channels: channels})
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("record: %s: %w", path, err)
	}
	now := cfg.Clock.Now()
	r := &Recorder{
		path:      path,
		channels:  channels,
		rate:      cfg.Rate,
		depth:     cfg.Depth,
		queue:     cfg.Queue,
		syncEvery: cfg.SyncEvery,
		log:       cfg.Logger.With("recording", path),
		clock:     cfg.Clock,
		t0:        now,
		stop:      make(chan struct{}),
		file:      f,
		w:         w,
		lastSync:  now,
	}
	for i := range r.legs {
		r.legs[i] = leg{rate: r.rate, depth: r.depth, log: r.log, spare: &batch{}}
	}
	return r, nil
}

// Leg gives the Input for leg i, 0 (A) or 1 (B), whose audio is in codec
// c on the RTP payload types audioPTs (empty: the codec's static type, or
// every type but comfort noise for a dynamic codec); other payload types
// (telephone-event) are ignored. Calling it again for the same leg (a
// re-INVITE changed the codec) returns the same Input with the new codec.
// It returns nil, whose Push does nothing, for another i.
func (r *Recorder) Leg(i int, c codec.Codec, audioPTs []uint8) *Input {
	if i < 0 || i > 1 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	l := &r.legs[i]
	if l.in == nil {
		l.in = &Input{leg: i, now: r.clock.Now, max: r.queue, q: &batch{}, closed: r.closed}
	}
	l.in.mu.Lock()
	l.in.codec, l.in.audioPTs = c, append([]uint8(nil), audioPTs...)
	l.in.gen++
	l.in.mu.Unlock()
	return l.in
}

// Run writes the recording as the call goes, one Block at a time, until
// ctx is done (ctx.Err()) or Close (nil). It returns a write error (a full
// disk) at once; the file then holds what was written before.
func (r *Recorder) Run(ctx context.Context) error {
	r.mu.Lock()
	switch {
	case r.closed:
		r.mu.Unlock()
		return ErrClosed
	case r.running:
		r.mu.Unlock()
		return ErrRunning
	}
	r.running = true
	done := make(chan struct{})
	r.done = done
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.running = false
		r.mu.Unlock()
		close(done)
	}()
	tick := r.clock.NewTicker(Block)
	defer tick.Stop()
	for {
		var now time.Time
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-r.stop:
			return nil
		case now = <-tick.C():
		}
		r.mu.Lock()
		err := r.step(now)
		r.mu.Unlock()
		if err != nil {
			return err
		}
	}
}

// step writes every block that is complete at now: block k covers
// [t0 + k·Block, t0 + (k+1)·Block) of the call, and its frames are due
// from the jitter buffers Depth later.
func (r *Recorder) step(now time.Time) error {
	if r.err != nil {
		return r.err
	}
	for i := range r.legs {
		r.legs[i].drain()
	}
	for {
		end := r.blockEnd(r.blocks)
		if end.After(now) {
			break
		}
		r.writeBlock(end)
	}
	if now.Sub(r.lastSync) >= r.syncEvery {
		r.lastSync = now
		return r.sync()
	}
	return nil
}

// blockEnd is when the frames of block k are all due.
func (r *Recorder) blockEnd(k int) time.Time {
	return r.t0.Add(r.depth + time.Duration(k+1)*Block)
}

// writeBlock adds block r.blocks to the pending audio: each leg's frames
// that start before end (a frame belongs to the block it starts in).
func (r *Recorder) writeBlock(end time.Time) {
	n := r.rate * int(Block/time.Millisecond) / 1000
	for i := range r.legs {
		r.legs[i].fill(end.Add(-time.Nanosecond))
	}
	switch {
	case r.channels == 2:
		a := r.legs[0].take(r.mix[:0], n)
		b := r.legs[1].take(a, n)
		r.mix = b
		for j := range n {
			r.pending = append(r.pending, b[j], b[n+j])
		}
	case r.legs[1].in == nil:
		r.pending = r.legs[0].take(r.pending, n)
	default:
		r.mix = r.legs[1].take(r.mix[:0], n)
		k := len(r.pending)
		r.pending = r.legs[0].take(r.pending, n)
		for j, s := range r.mix {
			r.pending[k+j] = sat16(int32(r.pending[k+j]) + int32(s))
		}
	}
	r.blocks++
}

// sync writes the pending audio and patches the header's sizes, so that
// the file is a valid WAV of everything so far. The sizes are the RIFF
// size at byte 4 and the data size at byte 40 of the canonical 44-byte
// header wav.NewWriter writes (RIFF/WAVE, Microsoft 1991); WriteAt leaves
// the writer's offset alone.
func (r *Recorder) sync() error {
	if len(r.pending) > 0 {
		if err := r.w.Write(r.pending); err != nil {
			return r.fail(err)
		}
		r.data += 2 * int64(len(r.pending))
		r.pending = r.pending[:0]
	}
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(36+r.data))
	if _, err := r.file.WriteAt(b[:], 4); err != nil {
		return r.fail(err)
	}
	binary.LittleEndian.PutUint32(b[:], uint32(r.data))
	if _, err := r.file.WriteAt(b[:], 40); err != nil {
		return r.fail(err)
	}
	return nil
}

func (r *Recorder) fail(err error) error {
	if r.err == nil {
		r.err = fmt.Errorf("record: %s: %w", r.path, err)
		r.log.Error("record: write failed, recording stopped", "err", err)
	}
	return r.err
}

// Close ends the recording: it stops Run, writes the audio still in the
// jitter buffers up to now (the call's length, to the Block), fixes the
// header and closes the file. Packets pushed afterwards are ignored.
func (r *Recorder) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return r.err
	}
	r.closed = true
	close(r.stop)
	done := r.done
	if !r.running {
		done = nil
	}
	r.mu.Unlock()
	if done != nil {
		<-done
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	end := r.clock.Now()
	for i := range r.legs {
		if in := r.legs[i].in; in != nil {
			in.close()
		}
		r.legs[i].drain()
	}
	if r.err == nil {
		// The frames of the last Depth are due in the future; no packet
		// will come for them any more, so pop them now.
		total := int(end.Sub(r.t0) / Block)
		for r.blocks < total {
			r.writeBlock(r.blockEnd(r.blocks))
		}
		_ = r.sync()
	}
	if r.err == nil {
		if err := r.w.Close(); err != nil {
			r.fail(err)
		}
	}
	if err := r.file.Close(); err != nil && r.err == nil {
		r.fail(err)
	}
	return r.err
}

// Stats gives the recording's figures so far.
func (r *Recorder) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Stats{Written: time.Duration(r.blocks) * Block}
	for i := range r.legs {
		s.Legs[i] = r.legs[i].stats()
	}
	return s
}

func sat16(v int32) int16 {
	return int16(max(-32768, min(32767, v)))
}
