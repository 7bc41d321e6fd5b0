package call

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/dialtone-pbx/dialtone/media/record"
)

// Errors of call control requests made through the API.
var (
	// ErrNoCall: no call in progress has that id.
	ErrNoCall = errors.New("call: no such call in progress")
	// ErrNotAnswered: the request needs an answered call.
	ErrNotAnswered = errors.New("call: not answered")
	// ErrNoRecordDir: recording needs Options.RecordDir.
	ErrNoRecordDir = errors.New("call: no recording directory configured")
)

// recording is a call being recorded: the caller on the left channel, the
// callee on the right (media/record).
type recording struct {
	path   string
	r      *record.Recorder
	in     [2]*record.Input
	cancel context.CancelFunc
	done   chan struct{}
}

// tapFor is the recording input of side from's packets, or nil.
func (c *call) tapFor(from int) func([]byte) {
	if c.rec == nil || c.rec.in[from] == nil {
		return nil
	}
	return c.rec.in[from].Push
}

// startRecording records the answered call to a stereo WAV file in
// Options.RecordDir, named after the call's id.
func (c *call) startRecording() (string, error) {
	if c.rec != nil {
		return c.rec.path, nil
	}
	if c.phase != phaseAnswered || c.plan == nil || c.link == nil || c.conf != nil || c.plan.A.Codec == nil || c.plan.B.Codec == nil {
		return "", ErrNotAnswered // a conference participant is not a two-party call
	}
	dir := c.sw.opts.RecordDir
	if dir == "" {
		return "", ErrNoRecordDir
	}
	rate := 8000
	for _, m := range []int{c.plan.A.Codec.Format().SampleRate, c.plan.B.Codec.Format().SampleRate} {
		if m > 8000 {
			rate = 16000 // wideband on either side: keep it
		}
	}
	// A call recorded again after a stop gets the next file (ID-2.wav, …).
	c.recordings++
	name := c.id + ".wav"
	if c.recordings > 1 {
		name = fmt.Sprintf("%s-%d.wav", c.id, c.recordings)
	}
	path := filepath.Join(dir, c.started.UTC().Format("2006-01-02"), name)
	r, err := record.New(path, record.Config{Stereo: true, Rate: rate, Logger: c.log})
	if err != nil {
		return "", fmt.Errorf("call: recording: %w", err)
	}
	rec := &recording{path: path, r: r, done: make(chan struct{})}
	rec.in[0] = r.Leg(0, c.plan.A.Codec, audioPTs(c.plan.A.PT))
	rec.in[1] = r.Leg(1, c.plan.B.Codec, audioPTs(c.plan.B.PT))
	ctx, cancel := context.WithCancel(context.Background())
	rec.cancel = cancel
	go func() {
		defer close(rec.done)
		if err := r.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			c.log.Warn("recording failed", "path", path, "err", err)
		}
	}()
	c.rec = rec
	c.setupProcessors()
	c.log.Info("recording started", "path", path)
	return path, nil
}

func audioPTs(pt uint8) []uint8 { return []uint8{pt} }

// stopRecording stops taking packets, then finishes the file.
func (c *call) stopRecording() {
	rec := c.rec
	if rec == nil {
		return
	}
	c.rec = nil
	if c.link != nil && c.phase == phaseAnswered {
		c.setupProcessors()
	} else if c.link != nil {
		c.link.SetProcessor(0, nil)
		c.link.SetProcessor(1, nil)
	}
	rec.cancel()
	select {
	case <-rec.done:
	case <-time.After(5 * time.Second):
		c.log.Warn("recorder slow to stop", "path", rec.path)
	}
	if err := rec.r.Close(); err != nil {
		c.log.Warn("recording not closed cleanly", "path", rec.path, "err", err)
	}
	c.log.Info("recording stopped", "path", rec.path)
}

// Record starts (on) or stops (!on) recording the answered call with the
// given id (State.ID) and returns the recording's path.
func (s *Switch) Record(ctx context.Context, id string, on bool) (string, error) {
	s.mu.Lock()
	c := s.calls[id]
	s.mu.Unlock()
	if c == nil {
		return "", ErrNoCall
	}
	type result struct {
		path string
		err  error
	}
	ch := make(chan result, 1)
	ok := c.post(event{kind: evFunc, fn: func() {
		if !on {
			path := ""
			if c.rec != nil {
				path = c.rec.path
			}
			c.stopRecording()
			ch <- result{path: path}
			return
		}
		path, err := c.startRecording()
		ch <- result{path, err}
	}})
	if !ok {
		return "", ErrNoCall
	}
	select {
	case r := <-ch:
		return r.path, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
