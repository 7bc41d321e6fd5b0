package record

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
	"github.com/dialtone-pbx/dialtone/media/wav"
)

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// fakeClock's ticker delivers a tick only when the test sends one, on an
// unbuffered channel: when the next send goes through, Run has finished
// the step of the previous tick.
type fakeClock struct {
	mu   sync.Mutex
	now  time.Time
	tick chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: t0, tick: make(chan time.Time)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *fakeClock) NewTicker(time.Duration) Ticker { return fakeTicker{c.tick} }

type fakeTicker struct{ c chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.c }
func (fakeTicker) Stop()                 {}

// event is a packet arriving on a leg, or (pkt nil) a tick of the clock.
type event struct {
	at  time.Duration // after t0
	leg int
	pkt []byte
}

// packets encodes pcm with c into 20 ms RTP packets, packet i due to
// arrive at start + i·20 ms + delay.
func packets(t *testing.T, c codec.Codec, pt uint8, pcm []int16, start, delay time.Duration, leg int) []event {
	t.Helper()
	enc, err := c.NewEncoder()
	if err != nil {
		t.Fatal(err)
	}
	f := c.Format()
	n := f.FrameLen(20 * time.Millisecond)
	var out []event
	var payload []byte
	for i := 0; (i+1)*n <= len(pcm); i++ {
		payload, err = enc.Encode(pcm[i*n:(i+1)*n], payload[:0])
		if err != nil {
			t.Fatal(err)
		}
		h := rtp.Header{Marker: i == 0, PayloadType: pt, Seq: 1000 + uint16(i), Timestamp: 5000 + uint32(i)*f.TimestampStep(20*time.Millisecond), SSRC: 0xabc + uint32(leg)}
		out = append(out, event{at: start + time.Duration(i)*20*time.Millisecond + delay, leg: leg, pkt: rtp.Append(nil, h, payload)})
	}
	return out
}

// play runs a Recorder on a fake clock through events and ticks every
// 20 ms up to end, closes it at end and reads the file back.
func play(t *testing.T, cfg Config, legs func(*Recorder) [2]*Input, events []event, end time.Duration) (wav.Format, []int16, *Recorder) {
	t.Helper()
	clk := newFakeClock()
	cfg.Clock = clk
	path := filepath.Join(t.TempDir(), "rec", "call.wav")
	r, err := New(path, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ins := legs(r)
	for at := 20 * time.Millisecond; at <= end; at += 20 * time.Millisecond {
		events = append(events, event{at: at})
	}
	// Ticks after the packets of the same instant.
	sort.SliceStable(events, func(i, j int) bool {
		if events[i].at != events[j].at {
			return events[i].at < events[j].at
		}
		return events[i].pkt != nil && events[j].pkt == nil
	})
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()
	for _, e := range events {
		clk.Set(t0.Add(e.at))
		if e.pkt == nil {
			clk.tick <- clk.Now()
			continue
		}
		ins[e.leg].Push(e.pkt)
	}
	clk.Set(t0.Add(end))
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	format, pcm, err := wav.ReadAll(f)
	if err != nil {
		t.Fatalf("reading the recording: %v", err)
	}
	return format, pcm, r
}

func mono(c codec.Codec, pts ...uint8) func(*Recorder) [2]*Input {
	return func(r *Recorder) [2]*Input { return [2]*Input{r.Leg(0, c, pts)} }
}

func checkFreqs(t *testing.T, pcm []int16, rate int, want []float64) {
	t.Helper()
	got := audiotest.Frequencies(pcm, rate, 100*time.Millisecond)
	if len(got) < len(want) {
		t.Fatalf("%d segments of 100 ms, want %d", len(got), len(want))
	}
	for i, w := range want {
		if w == 0 && got[i] != 0 || w != 0 && math.Abs(got[i]-w) > w/100 {
			t.Errorf("segment %d (%d-%d ms): %.1f Hz, want %.0f (all: %.0f)", i, 100*i, 100*i+100, got[i], w, got)
			return
		}
	}
}

// TestReorderAndDuplicates pushes a 500/1000/1500 Hz sequence with packet
// pairs swapped and duplicates: the recording has each tone once, in
// order, at its time, and the call's duration.
func TestReorderAndDuplicates(t *testing.T) {
	seq := audiotest.Sequence(8000,
		audiotest.Segment{Freq: 500, Amp: 0.5, Dur: 400 * time.Millisecond},
		audiotest.Segment{Freq: 1000, Amp: 0.5, Dur: 400 * time.Millisecond},
		audiotest.Segment{Freq: 1500, Amp: 0.5, Dur: 400 * time.Millisecond})
	ev := packets(t, codec.PCMU{}, 0, seq, 0, 5*time.Millisecond, 0)
	swapped, dups := 0, 0
	for i := 3; i+1 < len(ev); i += 7 { // packet i+1 overtakes packet i
		ev[i].at, ev[i+1].at = ev[i+1].at, ev[i].at-time.Millisecond
		swapped++
	}
	for i := 0; i < len(ev); i += 10 { // and every tenth comes twice
		d := ev[i]
		d.at += 30 * time.Millisecond
		ev = append(ev, d)
		dups++
	}
	f, pcm, r := play(t, Config{}, mono(codec.PCMU{}), ev, 1210*time.Millisecond)
	if f != (wav.Format{SampleRate: 8000, Channels: 1}) {
		t.Fatalf("format %+v", f)
	}
	if d := time.Duration(len(pcm)) * time.Second / 8000; (d - 1210*time.Millisecond).Abs() > 20*time.Millisecond {
		t.Errorf("duration %v, want 1.21 s ± 20 ms", d)
	}
	checkFreqs(t, pcm, 8000, []float64{500, 500, 500, 500, 1000, 1000, 1000, 1000, 1500, 1500, 1500, 1500})
	// No gap and no overlap: the level is even through the tone changes.
	for i := 0; i+160 <= 9600; i += 160 {
		if lvl := audiotest.RMS(pcm[i : i+160]); math.Abs(audiotest.DB(lvl/0.3536)) > 1 {
			t.Errorf("block at %d ms: RMS %.3f, want 0.354 (a gap or an overlap)", i/8, lvl)
		}
	}
	st := r.Stats().Legs[0]
	if st.Duplicates != uint64(dups) || st.Reordered != uint64(swapped) || st.Lost != 0 || st.Late != 0 {
		t.Errorf("stats %+v, want %d duplicates, %d reordered, none lost or late", st, dups, swapped)
	}
}

// TestLossIsSilence drops two packets: their 40 ms are silence, and the
// rest of the recording stays at its time.
func TestLossIsSilence(t *testing.T) {
	seq := audiotest.Sequence(8000,
		audiotest.Segment{Freq: 600, Amp: 0.5, Dur: 500 * time.Millisecond},
		audiotest.Segment{Freq: 1200, Amp: 0.5, Dur: 500 * time.Millisecond})
	ev := packets(t, codec.PCMU{}, 0, seq, 0, 0, 0)
	ev = slices.Delete(ev, 30, 32) // 600–640 ms
	_, pcm, r := play(t, Config{}, mono(codec.PCMU{}), ev, time.Second)
	if len(pcm) != 8000 {
		t.Errorf("%d samples, want 8000", len(pcm))
	}
	if lvl := audiotest.RMS(pcm[4800:5120]); lvl > 1e-3 {
		t.Errorf("lost packets recorded at RMS %.4f, want silence", lvl)
	}
	for _, seg := range [][2]int{{4640, 4800}, {5120, 5280}} {
		if lvl := audiotest.RMS(pcm[seg[0]:seg[1]]); lvl < 0.3 {
			t.Errorf("samples %v: RMS %.3f, want the tone around the loss", seg, lvl)
		}
	}
	checkFreqs(t, pcm, 8000, []float64{600, 600, 600, 600, 600, 1200})
	if st := r.Stats().Legs[0]; st.Lost != 2 {
		t.Errorf("Lost = %d, want 2", st.Lost)
	}
}

// TestStereo records a PCMU leg and a G.722 leg together at 16 kHz: each
// channel carries its own leg's tone, the G.722 one keeps its 5 kHz
// (wideband), and leg B, which starts 300 ms later, is silent until then.
func TestStereo(t *testing.T) {
	a := packets(t, codec.PCMU{}, 0, audiotest.Tone(8000, 700, 0.5, time.Second), 0, 3*time.Millisecond, 0)
	b := packets(t, codec.G722{}, 9, audiotest.Tone(16000, 5000, 0.5, 700*time.Millisecond), 300*time.Millisecond, 7*time.Millisecond, 1)
	legs := func(r *Recorder) [2]*Input {
		return [2]*Input{r.Leg(0, codec.PCMU{}, []uint8{0}), r.Leg(1, codec.G722{}, nil)}
	}
	f, pcm, _ := play(t, Config{Stereo: true, Rate: 16000}, legs, append(a, b...), time.Second)
	if f != (wav.Format{SampleRate: 16000, Channels: 2}) {
		t.Fatalf("format %+v", f)
	}
	if len(pcm) != 2*16000 {
		t.Errorf("%d samples, want 32000 (1 s stereo)", len(pcm))
	}
	left, right := audiotest.Channel(pcm, 0, 2), audiotest.Channel(pcm, 1, 2)
	mid := func(s []int16) []int16 { return s[400*16 : 900*16] }
	if fr := audiotest.DominantFrequency(mid(left), 16000); math.Abs(fr-700) > 2 {
		t.Errorf("left: %.1f Hz, want 700", fr)
	}
	if fr := audiotest.DominantFrequency(mid(right), 16000); math.Abs(fr-5000) > 5 {
		t.Errorf("right: %.1f Hz, want 5000", fr)
	}
	if lvl := audiotest.Level(mid(left), 16000, 700); math.Abs(audiotest.DB(lvl/0.5)) > 1 {
		t.Errorf("left level %.3f, want 0.5", lvl)
	}
	if lvl := audiotest.Level(mid(right), 16000, 5000); math.Abs(audiotest.DB(lvl/0.5)) > 1 {
		t.Errorf("right level %.3f, want 0.5", lvl)
	}
	if x := audiotest.Level(mid(left), 16000, 5000); x > 0.005 {
		t.Errorf("leg B's tone in the left channel at %.4f", x)
	}
	if x := audiotest.Level(mid(right), 16000, 700); x > 0.005 {
		t.Errorf("leg A's tone in the right channel at %.4f", x)
	}
	// Alignment: the right channel starts 300 ms in (±1 frame).
	onset := slices.IndexFunc(right, func(s int16) bool { return s > 1000 || s < -1000 })
	if ms := onset / 16; ms < 280 || ms > 320 {
		t.Errorf("leg B starts at %d ms, want 300 ± 20", ms)
	}
	if lvl := audiotest.RMS(left[:250*16]); lvl < 0.3 {
		t.Errorf("left channel silent at the start (RMS %.3f)", lvl)
	}
}

// TestOpusAndEvents records an Opus leg with telephone-events between
// its audio packets: the events are not audio and take no time.
func TestOpusAndEvents(t *testing.T) {
	ev := packets(t, codec.Opus{}, 111, audiotest.Tone(48000, 800, 0.4, 600*time.Millisecond), 0, 2*time.Millisecond, 0)
	for i := 10; i < 14; i++ { // an RFC 4733 event for '5' during packets 10-13
		h := rtp.Header{PayloadType: 101, Timestamp: 5000 + 10*960, SSRC: 0xabc}
		ev = append(ev, event{at: ev[i].at + time.Millisecond, pkt: rtp.Append(nil, h, []byte{5, 10, 0, 160})})
	}
	// One sequence space for audio and events (RFC 4733 §2.1).
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].at < ev[j].at })
	for i := range ev {
		h, payload, err := rtp.Parse(ev[i].pkt)
		if err != nil {
			t.Fatal(err)
		}
		h.Seq = 1000 + uint16(i)
		ev[i].pkt = rtp.Append(nil, h, payload)
	}
	_, pcm, r := play(t, Config{Rate: 16000}, mono(codec.Opus{}, 111), ev, 600*time.Millisecond)
	if len(pcm) != 9600 {
		t.Errorf("%d samples, want 9600 (600 ms at 16 kHz)", len(pcm))
	}
	if fr := audiotest.DominantFrequency(pcm[1600:8000], 16000); math.Abs(fr-800) > 2 {
		t.Errorf("%.1f Hz, want 800", fr)
	}
	if lvl := audiotest.Level(pcm[1600:8000], 16000, 800); math.Abs(audiotest.DB(lvl/0.4)) > 1 {
		t.Errorf("level %.3f, want 0.4", lvl)
	}
	if st := r.Stats().Legs[0]; st.Lost != 0 || st.Invalid != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestMonoMix records both legs in one channel when they are given.
func TestMonoMix(t *testing.T) {
	a := packets(t, codec.PCMU{}, 0, audiotest.Tone(8000, 400, 0.25, 500*time.Millisecond), 0, 0, 0)
	b := packets(t, codec.PCMA{}, 8, audiotest.Tone(8000, 1300, 0.25, 500*time.Millisecond), 0, 0, 1)
	legs := func(r *Recorder) [2]*Input {
		return [2]*Input{r.Leg(0, codec.PCMU{}, nil), r.Leg(1, codec.PCMA{}, nil)}
	}
	_, pcm, _ := play(t, Config{}, legs, append(a, b...), 500*time.Millisecond)
	for _, fr := range []float64{400, 1300} {
		if lvl := audiotest.Level(pcm[800:3200], 8000, fr); math.Abs(audiotest.DB(lvl/0.25)) > 1 {
			t.Errorf("%.0f Hz at %.3f, want 0.25", fr, lvl)
		}
	}
}

// TestCrash reads the file while the recording runs, as if the process
// had died: it is a valid WAV of what was written up to the last patch.
func TestCrash(t *testing.T) {
	clk := newFakeClock()
	path := filepath.Join(t.TempDir(), "call.wav")
	r, err := New(path, Config{Clock: clk, SyncEvery: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	in := r.Leg(0, codec.PCMU{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	ev := packets(t, codec.PCMU{}, 0, audiotest.Tone(8000, 900, 0.5, time.Second), 0, 0, 0)
	for i, e := range ev {
		clk.Set(t0.Add(e.at))
		in.Push(e.pkt)
		clk.Set(t0.Add(time.Duration(i+1) * 20 * time.Millisecond))
		clk.tick <- clk.Now()
	}
	clk.tick <- clk.Now() // taken once Run has finished the step of 1 s
	// At 1 s: blocks up to 1 s - 60 ms are written; the last patch was at
	// 1 s, so the file has 940 ms.
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	format, pcm, err := wav.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatalf("the file of a running recording is not valid: %v", err)
	}
	if format.SampleRate != 8000 || len(pcm) != 7520 {
		t.Errorf("%d samples at %d Hz, want 7520 at 8000", len(pcm), format.SampleRate)
	}
	if fr := audiotest.DominantFrequency(pcm[800:], 8000); math.Abs(fr-900) > 2 {
		t.Errorf("%.1f Hz, want 900", fr)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	f, _ = os.Open(path)
	_, pcm, err = wav.ReadAll(f)
	f.Close()
	if err != nil || len(pcm) != 8000 {
		t.Errorf("after Close: %d samples, %v; want 8000", len(pcm), err)
	}
}

// TestQueueFull pushes more than the queue holds before Run takes any:
// Push does not block, and the excess is counted.
func TestQueueFull(t *testing.T) {
	clk := newFakeClock()
	r, err := New(filepath.Join(t.TempDir(), "q.wav"), Config{Clock: clk, Queue: 4})
	if err != nil {
		t.Fatal(err)
	}
	in := r.Leg(0, codec.PCMU{}, nil)
	for _, e := range packets(t, codec.PCMU{}, 0, audiotest.Tone(8000, 500, 0.5, 200*time.Millisecond), 0, 0, 0) {
		in.Push(e.pkt)
	}
	in.Push(make([]byte, 2000)) // too big to be RTP over UDP on Ethernet
	if st := r.Stats().Legs[0]; st.Pushed != 11 || st.Dropped != 7 {
		t.Errorf("stats %+v, want 11 pushed, 7 dropped", st)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	in.Push(make([]byte, 100)) // after Close: ignored
	var nilInput *Input
	nilInput.Push(make([]byte, 100))
	if r.Leg(2, codec.PCMU{}, nil) != nil {
		t.Error("Leg(2) is not nil")
	}
}

// TestRunStops runs on the real clock: Run stops when its context ends
// and when the Recorder is closed, leaving no goroutine.
func TestRunStops(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := t.TempDir()
	r, err := New(filepath.Join(dir, "a", "b", "call.wav"), Config{Rate: 16000})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	time.Sleep(50 * time.Millisecond)
	if err := r.Run(ctx); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run = %v, want ErrRunning", err)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
	go func() { done <- r.Run(context.Background()) }()
	time.Sleep(50 * time.Millisecond)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v after Close, want nil", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Run did not stop at Close")
	}
	if err := r.Run(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Run after Close = %v, want ErrClosed", err)
	}
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after, %d before", g, before)
	}
	path := filepath.Join(dir, "a", "b", "call.wav")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", info.Mode().Perm())
	}
	f, _ := os.Open(path)
	defer f.Close()
	format, pcm, err := wav.ReadAll(f)
	if err != nil || format.SampleRate != 16000 || len(pcm) < 16*80 {
		t.Errorf("recording: %+v, %d samples, %v; want about 100 ms of silence at 16 kHz", format, len(pcm), err)
	}
	if audiotest.RMS(pcm) != 0 {
		t.Error("a recording with no packets is not silent")
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(filepath.Join(dir, "x.wav"), Config{Rate: 48000}); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "48000") {
		t.Errorf("New(48 kHz) = %v", err)
	}
	path := filepath.Join(dir, "taken.wav")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(path, Config{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("New(existing) = %v, want fs.ErrExist", err)
	}
}

func TestFramePtime(t *testing.T) {
	tests := []struct {
		f       codec.Format
		payload []byte
		want    time.Duration
	}{
		{codec.PCMU{}.Format(), make([]byte, 160), 20 * time.Millisecond},
		{codec.PCMA{}.Format(), make([]byte, 240), 30 * time.Millisecond},
		{codec.G722{}.Format(), make([]byte, 80), 10 * time.Millisecond},
		{codec.Opus{}.Format(), []byte{0xf8, 1}, 20 * time.Millisecond}, // CELT FB 20 ms, one frame
		{codec.Opus{}.Format(), []byte{0x19}, 120 * time.Millisecond},   // SILK 60 ms, two frames
		{codec.Opus{}.Format(), []byte{0x7b, 3}, 60 * time.Millisecond}, // Hybrid 20 ms, code 3, 3 frames
		{codec.Opus{}.Format(), []byte{0x00}, 10 * time.Millisecond},    // SILK 10 ms
		{codec.Opus{}.Format(), nil, 20 * time.Millisecond},             // unknown: 20 ms
		{codec.PCMU{}.Format(), nil, 20 * time.Millisecond},
	}
	for _, tc := range tests {
		if got := framePtime(tc.f, tc.payload); got != tc.want {
			t.Errorf("framePtime(%s, % x) = %v, want %v", tc.f, tc.payload, got, tc.want)
		}
	}
}
