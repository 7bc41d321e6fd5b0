package play

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
	"github.com/dialtone-pbx/dialtone/media/wav"
)

// fakeClock jumps to whatever a timer waits for, so a Play runs at once
// and every send time is exact.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	stall time.Duration // added to the next timer
}

// StallNextTimer makes the next timer fire d late.
func (c *fakeClock) StallNextTimer(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stall = d
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) NewTimer(time.Duration) Timer {
	return &fakeTimer{c: c, ch: make(chan time.Time, 1)}
}

type fakeTimer struct {
	c  *fakeClock
	ch chan time.Time
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	d += t.c.stall
	t.c.stall = 0
	t.c.mu.Unlock()
	t.c.Advance(d)
	select {
	case t.ch <- t.c.Now():
	default:
	}
	return false
}

func (t *fakeTimer) Stop() bool {
	select {
	case <-t.ch:
		return true
	default:
		return false
	}
}

type sent struct {
	h       rtp.Header
	payload []byte
	at      time.Time
}

// recorder is a Sender that keeps a copy of every packet and when it left.
type recorder struct {
	now    func() time.Time
	pkts   []sent
	onSend func(n int) // after packet n (from 1) is recorded
	err    error
}

func (r *recorder) Send(pkt []byte) error {
	if r.err != nil {
		return r.err
	}
	h, payload, err := rtp.Parse(pkt)
	if err != nil {
		return err
	}
	r.pkts = append(r.pkts, sent{h: h, payload: slices.Clone(payload), at: r.now()})
	if r.onSend != nil {
		r.onSend(len(r.pkts))
	}
	return nil
}

func tone(t *testing.T, rate int, freq float64, d time.Duration) Source {
	t.Helper()
	src, err := Once(wav.Format{SampleRate: rate, Channels: 1}, audiotest.Tone(rate, freq, 0.5, d))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestPacing plays 50 packets on the real clock and measures the gaps
// between sends. Every interval within ±2 ms is too strict on a shared
// 2-CPU machine; the mean, the 95th percentile and the absence of bursts
// are not. A busy neighbour can only make a run worse, so the test takes
// the best of five runs.
func TestPacing(t *testing.T) {
	var problems []string
	for attempt := 1; attempt <= 5; attempt++ {
		problems = pacing(t)
		if len(problems) == 0 {
			return
		}
		t.Logf("run %d: %v", attempt, problems)
	}
	t.Error(problems)
}

func pacing(t *testing.T) (problems []string) {
	p, err := NewPlayer(Config{Codec: codec.PCMU{}})
	if err != nil {
		t.Fatal(err)
	}
	out := &recorder{now: time.Now}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.Play(ctx, tone(t, 8000, 440, time.Second), out); err != nil {
		t.Fatal(err)
	}
	if len(out.pkts) != 50 {
		t.Fatalf("%d packets, want 50", len(out.pkts))
	}
	var devs []time.Duration
	var sum, shortest time.Duration = 0, time.Hour
	for i := 1; i < len(out.pkts); i++ {
		d := out.pkts[i].at.Sub(out.pkts[i-1].at)
		sum += d
		shortest = min(shortest, d)
		devs = append(devs, (d - 20*time.Millisecond).Abs())
	}
	slices.Sort(devs)
	mean := sum / time.Duration(len(devs))
	p95 := devs[len(devs)*95/100]
	t.Logf("mean interval %v, p95 deviation %v, shortest %v, late %d", mean, p95, shortest, p.Stats().Late)
	if (mean - 20*time.Millisecond).Abs() > 500*time.Microsecond {
		problems = append(problems, fmt.Sprintf("mean interval %v, want 20ms ± 0.5ms", mean))
	}
	if p95 > 2*time.Millisecond {
		problems = append(problems, fmt.Sprintf("95th percentile deviation %v, want ≤ 2ms", p95))
	}
	if shortest < 10*time.Millisecond {
		problems = append(problems, fmt.Sprintf("shortest interval %v: a burst", shortest))
	}
	// Drift-free: the last packet leaves 49 ptimes after the first,
	// whatever the single sleeps overshot.
	if span := out.pkts[49].at.Sub(out.pkts[0].at); (span-980*time.Millisecond).Abs() > 2*time.Millisecond && p.Stats().Late == 0 {
		problems = append(problems, fmt.Sprintf("50 packets span %v, want 980ms ± 2ms", span))
	}
	return problems
}

// TestStream checks the RTP headers, payload sizes and send times of a
// Play on a fake clock, for each codec and ptime.
func TestStream(t *testing.T) {
	tests := []struct {
		codec   codec.Codec
		pt      uint8
		wantPT  uint8
		ptime   time.Duration
		step    uint32
		size    int // payload bytes, 0 = variable (Opus)
		packets int // for 1 s of audio
	}{
		{codec.PCMU{}, 0, 0, 20 * time.Millisecond, 160, 160, 50},
		{codec.PCMA{}, 0, 8, 10 * time.Millisecond, 80, 80, 100},
		{codec.PCMU{}, 0, 0, 30 * time.Millisecond, 240, 240, 34},
		{codec.G722{}, 0, 9, 20 * time.Millisecond, 160, 160, 50},
		{codec.G722{}, 0, 9, 30 * time.Millisecond, 240, 240, 34},
		{codec.Opus{}, 111, 111, 20 * time.Millisecond, 960, 0, 50},
		{codec.Opus{}, 96, 96, 60 * time.Millisecond, 2880, 0, 17},
	}
	for _, tc := range tests {
		name := tc.codec.Format().Name + "/" + tc.ptime.String()
		t.Run(name, func(t *testing.T) {
			clk := newFakeClock()
			p, err := NewPlayer(Config{Codec: tc.codec, PayloadType: tc.pt, Ptime: tc.ptime, SSRC: 0x1234, Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			start := clk.Now()
			out := &recorder{now: clk.Now}
			if err := p.Play(context.Background(), tone(t, 16000, 1000, time.Second), out); err != nil {
				t.Fatal(err)
			}
			if len(out.pkts) != tc.packets {
				t.Fatalf("%d packets, want %d", len(out.pkts), tc.packets)
			}
			first := out.pkts[0].h
			for i, s := range out.pkts {
				want := rtp.Header{Marker: i == 0, PayloadType: tc.wantPT, Seq: first.Seq + uint16(i), Timestamp: first.Timestamp + uint32(i)*tc.step, SSRC: 0x1234}
				if s.h != want {
					t.Fatalf("packet %d: header %+v, want %+v", i, s.h, want)
				}
				if at := start.Add(time.Duration(i) * tc.ptime); !s.at.Equal(at) {
					t.Fatalf("packet %d left at +%v, want +%v", i, s.at.Sub(start), at.Sub(start))
				}
				if tc.size > 0 && len(s.payload) != tc.size {
					t.Fatalf("packet %d: %d bytes, want %d", i, len(s.payload), tc.size)
				}
			}
			st := p.Stats()
			if st.Packets != uint64(tc.packets) || st.SSRC != 0x1234 || st.LastTimestamp != out.pkts[tc.packets-1].h.Timestamp {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// TestContinuity plays three sources in a row on one Player: back to back
// they are one stream; after a pause the timestamp jumps by the pause and
// the marker bit is set.
func TestContinuity(t *testing.T) {
	clk := newFakeClock()
	p, err := NewPlayer(Config{Codec: codec.PCMU{}, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	out := &recorder{now: clk.Now}
	start := clk.Now()
	ctx := context.Background()
	// Music on hold, interrupted after 7 packets.
	moh, err := Loop(wav.Format{SampleRate: 8000, Channels: 1}, audiotest.Tone(8000, 300, 0.3, 200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	mctx, cancel := context.WithCancel(ctx)
	out.onSend = func(n int) {
		if n == 7 {
			cancel()
		}
	}
	if err := p.Play(mctx, moh, out); !errors.Is(err, context.Canceled) {
		t.Fatalf("Play(moh) = %v, want context.Canceled", err)
	}
	out.onSend = nil
	if err := p.Play(ctx, tone(t, 16000, 1000, 100*time.Millisecond), out); err != nil {
		t.Fatal(err)
	}
	if len(out.pkts) != 12 {
		t.Fatalf("%d packets after moh and prompt, want 12", len(out.pkts))
	}
	// A pause: nothing was played for 1 s after the next packet was due.
	clk.Advance(20*time.Millisecond + time.Second)
	if err := p.Play(ctx, tone(t, 8000, 500, 40*time.Millisecond), out); err != nil {
		t.Fatal(err)
	}
	if len(out.pkts) != 14 {
		t.Fatalf("%d packets, want 14", len(out.pkts))
	}
	p0 := out.pkts[0].h
	for i, s := range out.pkts {
		wantTS := p0.Timestamp + 160*uint32(i)
		wantAt := start.Add(time.Duration(i) * 20 * time.Millisecond)
		if i >= 12 {
			wantTS += 8000 // the pause, in 8 kHz clock units
			wantAt = wantAt.Add(time.Second)
		}
		if s.h.Seq != p0.Seq+uint16(i) || s.h.Timestamp != wantTS || s.h.SSRC != p0.SSRC {
			t.Errorf("packet %d: seq %d ts %d ssrc %#x, want seq %d ts %d ssrc %#x", i, s.h.Seq, s.h.Timestamp, s.h.SSRC, p0.Seq+uint16(i), wantTS, p0.SSRC)
		}
		if wantMarker := i == 0 || i == 12; s.h.Marker != wantMarker {
			t.Errorf("packet %d: marker %v, want %v", i, s.h.Marker, wantMarker)
		}
		if !s.at.Equal(wantAt) {
			t.Errorf("packet %d left at +%v, want +%v", i, s.at.Sub(start), wantAt.Sub(start))
		}
	}
}

// TestAudio plays a 1 kHz tone from WAVs of each rate through each codec,
// decodes what was sent and checks its frequency and level.
func TestAudio(t *testing.T) {
	tests := []struct {
		rate  int
		codec codec.Codec
		pt    uint8
	}{
		{16000, codec.PCMU{}, 0},
		{16000, codec.PCMA{}, 8},
		{16000, codec.G722{}, 9},
		{16000, codec.Opus{}, 111},
		{16000, codec.Opus{Channels: 2}, 111},
		{48000, codec.PCMU{}, 0},
		{8000, codec.G722{}, 9},
		{8000, codec.Opus{}, 111},
		{48000, codec.G722{}, 9},
	}
	for _, tc := range tests {
		f := tc.codec.Format()
		t.Run(f.Name+"/"+strconv.Itoa(f.PCMChannels)+"ch/from"+strconv.Itoa(tc.rate), func(t *testing.T) {
			clk := newFakeClock()
			p, err := NewPlayer(Config{Codec: tc.codec, PayloadType: tc.pt, Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			out := &recorder{now: clk.Now}
			if err := p.Play(context.Background(), tone(t, tc.rate, 1000, time.Second), out); err != nil {
				t.Fatal(err)
			}
			dec, err := tc.codec.NewDecoder()
			if err != nil {
				t.Fatal(err)
			}
			var pcm []int16
			for _, s := range out.pkts {
				if pcm, err = dec.Decode(s.payload, pcm); err != nil {
					t.Fatal(err)
				}
			}
			rate := f.SampleRate
			if got, want := len(pcm)/f.PCMChannels, rate; got != want {
				t.Errorf("%d samples decoded, want %d", got, want)
			}
			for ch := 0; ch < f.PCMChannels; ch++ {
				mono := audiotest.Channel(pcm, ch, f.PCMChannels)
				// Skip the codec's and resampler's start, and the end.
				mid := mono[rate/10 : rate*9/10]
				fr, lvl := audiotest.DominantFrequency(mid, rate), audiotest.Level(mid, rate, 1000)
				t.Logf("channel %d: %.2f Hz, level %+.2f dB", ch, fr, audiotest.DB(lvl/0.5))
				if math.Abs(fr-1000) > 2 {
					t.Errorf("channel %d: %.2f Hz, want 1000", ch, fr)
				}
				if math.Abs(audiotest.DB(lvl/0.5)) > 0.5 {
					t.Errorf("channel %d: level %.3f, want 0.5 ± 0.5 dB", ch, lvl)
				}
			}
		})
	}
}

// TestLoopSeamless plays a looped clip whose length is no multiple of the
// frame: the timestamps run on without a gap and the payloads are exactly
// the clip repeated, sample for sample (PCMU is stateless, so the bytes
// can be compared).
func TestLoopSeamless(t *testing.T) {
	clip := audiotest.Tone(8000, 1000, 0.4, 0)
	clip = append(clip, audiotest.Tone(8000, 700, 0.4, 46*time.Millisecond)...) // 368 samples
	src, err := Loop(wav.Format{SampleRate: 8000, Channels: 1}, clip)
	if err != nil {
		t.Fatal(err)
	}
	clk := newFakeClock()
	p, err := NewPlayer(Config{Codec: codec.PCMU{}, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const packets = 23 // 3680 samples: 10 loops
	out := &recorder{now: clk.Now, onSend: func(n int) {
		if n == packets {
			cancel()
		}
	}}
	if err := p.Play(ctx, src, out); !errors.Is(err, context.Canceled) {
		t.Fatalf("Play = %v, want context.Canceled", err)
	}
	var want []int16
	for len(want) < packets*160 {
		want = append(want, clip...)
	}
	enc, _ := codec.PCMU{}.NewEncoder()
	wantBytes, _ := enc.Encode(want[:packets*160], nil)
	var got []byte
	for i, s := range out.pkts {
		if i > 0 && s.h.Timestamp-out.pkts[i-1].h.Timestamp != 160 {
			t.Errorf("packet %d: timestamp step %d, want 160", i, s.h.Timestamp-out.pkts[i-1].h.Timestamp)
		}
		got = append(got, s.payload...)
	}
	if len(got) != len(wantBytes) {
		t.Fatalf("%d bytes, want %d", len(got), len(wantBytes))
	}
	for i := range got {
		if got[i] != wantBytes[i] {
			t.Fatalf("byte %d (loop %d, offset %d) differs: the loop is not seamless", i, i/len(clip), i%len(clip))
		}
	}
}

// TestCancel cancels music on hold on the real clock: Play returns within
// one ptime, sends nothing afterwards and leaves no goroutine behind.
func TestCancel(t *testing.T) {
	before := runtime.NumGoroutine()
	p, err := NewPlayer(Config{Codec: codec.G722{}})
	if err != nil {
		t.Fatal(err)
	}
	src, err := Loop(wav.Format{SampleRate: 16000, Channels: 1}, audiotest.Tone(16000, 400, 0.3, 300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	out := &recorder{now: time.Now}
	locked := senderFunc(func(pkt []byte) error {
		mu.Lock()
		defer mu.Unlock()
		return out.Send(pkt)
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Play(ctx, src, locked) }()
	time.Sleep(110 * time.Millisecond)
	cancelled := time.Now()
	cancel()
	var err2 error
	select {
	case err2 = <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Play did not return after cancel")
	}
	took := time.Since(cancelled)
	if !errors.Is(err2, context.Canceled) {
		t.Errorf("Play = %v, want context.Canceled", err2)
	}
	if took > 20*time.Millisecond {
		t.Errorf("Play returned %v after cancel, want within one ptime (20ms)", took)
	}
	mu.Lock()
	n := len(out.pkts)
	for _, s := range out.pkts {
		if s.at.After(cancelled.Add(took)) {
			t.Errorf("a packet left after Play returned")
		}
	}
	mu.Unlock()
	if n < 3 || n > 8 {
		t.Errorf("%d packets in 110 ms, want about 6", n)
	}
	// A Play on a cancelled context sends nothing.
	if err := p.Play(ctx, src, locked); !errors.Is(err, context.Canceled) {
		t.Errorf("Play(cancelled) = %v", err)
	}
	if len(out.pkts) != n {
		t.Error("Play on a cancelled context sent")
	}
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after, %d before", g, before)
	}
}

type senderFunc func([]byte) error

func (f senderFunc) Send(pkt []byte) error { return f(pkt) }

// TestSerialised starts a second Play while the first runs: it waits for
// the first to end and continues its stream.
func TestSerialised(t *testing.T) {
	p, err := NewPlayer(Config{Codec: codec.PCMU{}, Ptime: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var hdrs []rtp.Header
	out := senderFunc(func(pkt []byte) error {
		h, _, err := rtp.Parse(pkt)
		mu.Lock()
		hdrs = append(hdrs, h)
		mu.Unlock()
		return err
	})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	srcs := []Source{tone(t, 8000, 500, 100*time.Millisecond), tone(t, 8000, 700, 100*time.Millisecond)}
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = p.Play(context.Background(), srcs[i], out)
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if len(hdrs) != 20 {
		t.Fatalf("%d packets, want 20", len(hdrs))
	}
	for i, h := range hdrs {
		if h.Seq != hdrs[0].Seq+uint16(i) || h.Timestamp != hdrs[0].Timestamp+80*uint32(i) {
			t.Errorf("packet %d: seq %d ts %d: the two Plays interleaved", i, h.Seq, h.Timestamp)
		}
	}
}

// TestLate wakes the Player 100 ms late once (a stalled machine): it
// re-anchors and keeps the pace from there, no burst of catch-up packets,
// and the timestamps run on.
func TestLate(t *testing.T) {
	clk := newFakeClock()
	p, err := NewPlayer(Config{Codec: codec.PCMU{}, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	out := &recorder{now: clk.Now, onSend: func(n int) {
		if n == 5 {
			clk.StallNextTimer(100 * time.Millisecond)
		}
	}}
	if err := p.Play(context.Background(), tone(t, 8000, 500, 200*time.Millisecond), out); err != nil {
		t.Fatal(err)
	}
	checkIntervals(t, out, map[int]time.Duration{5: 120 * time.Millisecond})
	if st := p.Stats(); st.Late != 1 {
		t.Errorf("Late = %d, want 1", st.Late)
	}
}

// TestNoBurst blocks in Send for 45 ms once: the packet after it leaves
// no sooner than half a ptime after Send returned, though it was due.
func TestNoBurst(t *testing.T) {
	clk := newFakeClock()
	p, err := NewPlayer(Config{Codec: codec.PCMU{}, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	out := &recorder{now: clk.Now, onSend: func(n int) {
		if n == 5 {
			clk.Advance(45 * time.Millisecond)
		}
	}}
	if err := p.Play(context.Background(), tone(t, 8000, 500, 200*time.Millisecond), out); err != nil {
		t.Fatal(err)
	}
	// Packet 4 was stamped at 80 ms; Send returned at 125 ms; packet 5,
	// due at 100 ms, is 25 ms late: re-anchored, and held to 135 ms.
	checkIntervals(t, out, map[int]time.Duration{5: 55 * time.Millisecond})
}

// checkIntervals checks that the 10 packets in out left 20 ms apart but
// for the intervals in odd, and that their timestamps run on.
func checkIntervals(t *testing.T, out *recorder, odd map[int]time.Duration) {
	t.Helper()
	if len(out.pkts) != 10 {
		t.Fatalf("%d packets, want 10", len(out.pkts))
	}
	for i := 1; i < len(out.pkts); i++ {
		d := out.pkts[i].at.Sub(out.pkts[i-1].at)
		want, ok := odd[i]
		if !ok {
			want = 20 * time.Millisecond
		}
		if d != want {
			t.Errorf("interval %d: %v, want %v", i, d, want)
		}
		if out.pkts[i].h.Timestamp-out.pkts[i-1].h.Timestamp != 160 {
			t.Errorf("interval %d: timestamp step %d", i, out.pkts[i].h.Timestamp-out.pkts[i-1].h.Timestamp)
		}
	}
}

func TestSendError(t *testing.T) {
	p, err := NewPlayer(Config{Codec: codec.PCMU{}, Clock: newFakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("socket closed")
	err = p.Play(context.Background(), tone(t, 8000, 500, 100*time.Millisecond), &recorder{err: boom})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "play: send") {
		t.Errorf("Play = %v, want it to wrap the send error", err)
	}
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		err  string
	}{
		{"no codec", Config{}, "play: no codec"},
		{"opus 30ms", Config{Codec: codec.Opus{}, PayloadType: 111, Ptime: 30 * time.Millisecond}, "ptime 30ms for opus/48000/2"},
		{"25ms", Config{Codec: codec.PCMU{}, Ptime: 25 * time.Millisecond}, "ptime 25ms"},
		{"80ms", Config{Codec: codec.PCMU{}, Ptime: 80 * time.Millisecond}, "ptime 80ms"},
		{"opus without pt", Config{Codec: codec.Opus{}}, "no static payload type"},
		{"pt 128", Config{Codec: codec.PCMU{}, PayloadType: 128}, "payload type 128"},
		{"opus 12k", Config{Codec: codec.Opus{SampleRate: 12000}, PayloadType: 111}, "12000 Hz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewPlayer(tc.cfg)
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("NewPlayer = %v, want ErrConfig with %q", err, tc.err)
			}
		})
	}
	p, err := NewPlayer(Config{Codec: codec.PCMU{}})
	if err != nil || p.SSRC() == 0 {
		t.Errorf("NewPlayer(PCMU) = %v, SSRC %d", err, p.SSRC())
	}
}

// TestSourceRate rejects a source at a rate the Player cannot resample.
func TestSourceRate(t *testing.T) {
	p, err := NewPlayer(Config{Codec: codec.PCMU{}, Clock: newFakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Play(context.Background(), badRate{}, &recorder{now: time.Now})
	if !errors.Is(err, ErrSource) || !strings.Contains(err.Error(), "44100 Hz") {
		t.Errorf("Play = %v", err)
	}
}

type badRate struct{}

func (badRate) Rate() int                 { return 44100 }
func (badRate) Read([]int16) (int, error) { return 0, nil }
