package mix

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const tick = 20 * time.Millisecond

// fakeClock is a Clock the test moves by hand; its timers fire when
// Advance passes their deadline.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c        *fakeClock
	ch       chan time.Time
	deadline time.Time
	armed    bool
}

func newFakeClock() *fakeClock { return &fakeClock{now: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) Timer {
	t := &fakeTimer{c: c, ch: make(chan time.Time, 1)}
	c.mu.Lock()
	c.timers = append(c.timers, t)
	c.mu.Unlock()
	t.Reset(d)
	return t
}

func (c *fakeClock) Set(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
	c.fire()
}

func (c *fakeClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

func (c *fakeClock) fire() {
	for _, t := range c.timers {
		if t.armed && !t.deadline.After(c.now) {
			t.armed = false
			select {
			case t.ch <- c.now:
			default:
			}
		}
	}
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.armed
	t.deadline, t.armed = t.c.now.Add(d), true
	t.c.fire()
	return was
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.armed
	t.armed = false
	return was
}

// capture is a Sender that keeps copies of what it is sent, with the time.
type capture struct {
	mu   sync.Mutex
	pkts [][]byte
	at   []time.Time
}

func (s *capture) Send(pkt []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pkts = append(s.pkts, append([]byte(nil), pkt...))
	s.at = append(s.at, time.Now())
	return nil
}

func (s *capture) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pkts)
}

func (s *capture) headers(t *testing.T) []rtp.Header {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var hs []rtp.Header
	for _, p := range s.pkts {
		h, _, err := rtp.Parse(p)
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	return hs
}

// decode decodes every packet received from the first one on, as the
// participant's phone would.
func (s *capture) decode(t *testing.T, c codec.Codec, from int) []int16 {
	t.Helper()
	dec, err := c.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var pcm []int16
	for i, p := range s.pkts {
		_, payload, err := rtp.Parse(p)
		if err != nil {
			t.Fatal(err)
		}
		n := len(pcm)
		if pcm, err = dec.Decode(payload, pcm); err != nil {
			t.Fatalf("packet %d: %v", i, err)
		}
		if i < from {
			pcm = pcm[:n]
		}
	}
	return pcm
}

// phone makes the RTP a participant's phone sends: a tone (or silence) in
// its codec, 20 ms per packet.
type phone struct {
	t     *testing.T
	enc   codec.Encoder
	f     codec.Format
	pt    uint8
	freq  float64
	seq   uint16
	ts    uint32
	ssrc  uint32
	pcm   []int16
	pos   int
	pload []byte
}

func newPhone(t *testing.T, c codec.Codec, pt uint8, freq float64) *phone {
	enc, err := c.NewEncoder()
	if err != nil {
		t.Fatal(err)
	}
	f := c.Format()
	ph := &phone{t: t, enc: enc, f: f, pt: pt, freq: freq, seq: 100, ts: 5000, ssrc: uint32(pt) + 77}
	if freq > 0 {
		ph.pcm = audiotest.Tone(f.SampleRate, freq, 0.2, 10*time.Second)
	} else {
		ph.pcm = make([]int16, f.SampleRate*10)
	}
	return ph
}

func (ph *phone) next() []byte {
	n := ph.f.FrameLen(tick)
	var err error
	ph.pload, err = ph.enc.Encode(ph.pcm[ph.pos:ph.pos+n], ph.pload[:0])
	if err != nil {
		ph.t.Fatal(err)
	}
	ph.pos += n
	pkt := rtp.Append(nil, rtp.Header{PayloadType: ph.pt, Seq: ph.seq, Timestamp: ph.ts, SSRC: ph.ssrc}, ph.pload)
	ph.seq++
	ph.ts += ph.f.TimestampStep(tick)
	return pkt
}

type member struct {
	id    string
	codec codec.Codec
	pt    uint8
	freq  float64
	p     *Participant
	out   *capture
	phone *phone
}

// drive plays ticks of 20 ms on the fake clock from tick index from: each
// talking phone sends a packet, then the conference mixes.
func drive(clk *fakeClock, c *Conference, ms []*member, from, ticks int) {
	for i := from; i < from+ticks; i++ {
		now := t0.Add(time.Duration(i) * tick)
		clk.Set(now)
		for _, m := range ms {
			if m.phone != nil {
				m.p.Receive(m.phone.next())
			}
		}
		c.tick(now)
	}
}

func join(t *testing.T, c *Conference, ms ...*member) {
	t.Helper()
	for _, m := range ms {
		m.out = &capture{}
		var err error
		if m.p, err = c.Join(m.id, m.codec, m.pt, m.out); err != nil {
			t.Fatal(err)
		}
		if m.freq >= 0 {
			m.phone = newPhone(t, m.codec, m.pt, m.freq)
		}
	}
}

func trio() []*member {
	return []*member{
		{id: "alice", codec: codec.PCMU{}, pt: 0, freq: 500},
		{id: "bob", codec: codec.G722{}, pt: 9, freq: 1000},
		{id: "carol", codec: codec.Opus{}, pt: 111, freq: 1500},
	}
}

// hears checks that m heard the tones of want and not those of deaf (at
// least 30 dB below the weakest wanted one), in the last dur of its output.
func hears(t *testing.T, m *member, dur time.Duration, from int, want, deaf []*member) {
	t.Helper()
	pcm := m.out.decode(t, m.codec, from)
	rate := m.codec.Format().SampleRate
	pcm = pcm[len(pcm)-audiotest.Samples(rate, dur):]
	weakest := 1.0
	for _, o := range want {
		l := audiotest.Level(pcm, rate, o.freq)
		t.Logf("%s hears %s (%v Hz) at %.1f dBFS", m.id, o.id, o.freq, audiotest.DB(l))
		if l < 0.1 {
			t.Errorf("%s hears %s's %v Hz at %.3f, want about 0.2", m.id, o.id, o.freq, l)
		}
		weakest = min(weakest, l)
	}
	for _, o := range deaf {
		l := audiotest.Level(pcm, rate, o.freq)
		rel := audiotest.DB(l / weakest)
		t.Logf("%s hears %s (%v Hz) at %.1f dB below the others", m.id, o.id, o.freq, -rel)
		if rel > -30 {
			t.Errorf("%s hears %s's %v Hz only %.1f dB below the others", m.id, o.id, o.freq, -rel)
		}
	}
}

func TestEachHearsTheOthers(t *testing.T) {
	clk := newFakeClock()
	c, err := New(Config{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	ms := trio()
	join(t, c, ms...)
	drive(clk, c, ms, 0, 100)
	for i, m := range ms {
		var others []*member
		for j, o := range ms {
			if j != i {
				others = append(others, o)
			}
		}
		hears(t, m, time.Second, 0, others, []*member{m})
	}
	// Packets: one per tick, the participant's PT and SSRC, sequence +1,
	// timestamp + 20 ms on the codec's RTP clock (G.722: 160 at 8000 Hz;
	// Opus: 960 at 48000 Hz), the marker on the first only.
	for _, m := range ms {
		hs := m.out.headers(t)
		if len(hs) != 100 {
			t.Fatalf("%s got %d packets in 100 ticks", m.id, len(hs))
		}
		step := m.codec.Format().TimestampStep(tick)
		for i, h := range hs {
			if h.PayloadType != m.pt || h.SSRC != hs[0].SSRC || h.Marker != (i == 0) {
				t.Fatalf("%s packet %d: %+v", m.id, i, h)
			}
			if i > 0 && (h.Seq != hs[i-1].Seq+1 || h.Timestamp != hs[i-1].Timestamp+step) {
				t.Fatalf("%s packet %d: seq %d ts %d after %d %d (step %d)", m.id, i, h.Seq, h.Timestamp, hs[i-1].Seq, hs[i-1].Timestamp, step)
			}
		}
	}
	for _, in := range c.Participants() {
		if in.PacketsIn != 100 || in.PacketsOut != 100 || !in.Talking || in.Level > -15 || in.Level < -19 || in.Jitter.Lost != 0 {
			t.Errorf("info %+v", in)
		}
	}
	if got := c.Participants()[1].Codec; got != "G722/8000" {
		t.Errorf("codec %q", got)
	}
}

func TestMute(t *testing.T) {
	clk := newFakeClock()
	c, _ := New(Config{Clock: clk})
	ms := trio()
	join(t, c, ms...)
	a, b, cc := ms[0], ms[1], ms[2]
	drive(clk, c, ms, 0, 50)
	b.p.SetMute(true)
	drive(clk, c, ms, 50, 50)
	hears(t, a, 500*time.Millisecond, 50, []*member{cc}, []*member{a, b})
	hears(t, cc, 500*time.Millisecond, 50, []*member{a}, []*member{b, cc})
	hears(t, b, 500*time.Millisecond, 50, []*member{a, cc}, []*member{b})
	if in := c.Participants()[1]; !in.Muted {
		t.Errorf("info %+v", in)
	}
	b.p.SetMute(false)
	drive(clk, c, ms, 100, 50)
	hears(t, a, 500*time.Millisecond, 100, []*member{b, cc}, []*member{a})
}

func TestLeave(t *testing.T) {
	clk := newFakeClock()
	c, _ := New(Config{Clock: clk})
	ms := trio()
	join(t, c, ms...)
	drive(clk, c, ms, 0, 50)
	ms[1].p.Leave()
	sent := ms[1].out.count()
	drive(clk, c, ms, 50, 50)
	if n := ms[1].out.count(); n != sent {
		t.Errorf("%d packets sent after Leave", n-sent)
	}
	hears(t, ms[0], 500*time.Millisecond, 50, []*member{ms[2]}, []*member{ms[0], ms[1]})
	if got := c.Participants(); len(got) != 2 || got[0].ID != "alice" || got[1].ID != "carol" {
		t.Errorf("participants after Leave: %+v", got)
	}
	// The id is free again.
	if _, err := c.Join("bob", codec.PCMA{}, 8, &capture{}); err != nil {
		t.Error(err)
	}
	if _, err := c.Join("alice", codec.PCMA{}, 8, &capture{}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("second alice: %v", err)
	}
}

func TestJoinTone(t *testing.T) {
	clk := newFakeClock()
	c, _ := New(Config{Clock: clk, JoinTone: true})
	// Silent phones: whatever is heard is the tone.
	a := &member{id: "a", codec: codec.PCMU{}, pt: 0, freq: -1}
	b := &member{id: "b", codec: codec.G722{}, pt: 9, freq: -1}
	join(t, c, a, b) // a hears b's join tone: ticks 0–12
	ms := []*member{a, b}
	drive(clk, c, ms, 0, 20)
	late := &member{id: "c", codec: codec.Opus{}, pt: 111, freq: -1}
	join(t, c, late)
	ms = append(ms, late)
	drive(clk, c, ms, 20, 20)
	for _, m := range ms {
		f := m.codec.Format()
		pcm := m.out.decode(t, m.codec, 0)
		// Opus's and the resamplers' delays are a few ms: measure inside
		// each part.
		off := 400 * time.Millisecond // c joined at tick 20
		if m == late {
			off = 0
		}
		at := func(from, to time.Duration) []int16 {
			return pcm[audiotest.Samples(f.SampleRate, off+from):audiotest.Samples(f.SampleRate, off+to)]
		}
		low := audiotest.Level(at(20*time.Millisecond, 90*time.Millisecond), f.SampleRate, JoinToneLow)
		high := audiotest.Level(at(170*time.Millisecond, 240*time.Millisecond), f.SampleRate, JoinToneHigh)
		gap := audiotest.RMS(at(110*time.Millisecond, 145*time.Millisecond))
		after := audiotest.RMS(at(300*time.Millisecond, 400*time.Millisecond))
		t.Logf("%s: %.1f dBFS at %v Hz, %.1f dBFS at %v Hz, gap RMS %.4f, after %.4f", m.id,
			audiotest.DB(low), JoinToneLow, audiotest.DB(high), JoinToneHigh, gap, after)
		if m == late {
			if low > 0.001 || high > 0.001 {
				t.Errorf("the newcomer hears its own join tone")
			}
			continue
		}
		if low < 0.1 || high < 0.1 || gap > 0.01 || after > 0.001 {
			t.Errorf("%s: join tone %.3f / %.3f, gap %.4f, after %.4f", m.id, low, high, gap, after)
		}
	}
	// Before c joined, a heard b's join tone (a was in first) and b
	// heard none.
	pa := a.out.decode(t, a.codec, 0)
	pb := b.out.decode(t, b.codec, 0)
	if l := audiotest.Level(pa[160:720], 8000, JoinToneLow); l < 0.1 {
		t.Errorf("a did not hear b join: %.3f", l)
	}
	if r := audiotest.RMS(pb[:audiotest.Samples(16000, 400*time.Millisecond)]); r > 0.001 {
		t.Errorf("b heard something before c joined: RMS %.4f", r)
	}
}

// TestTelephoneEventsNotMixed sends RFC 4733 events and comfort noise
// amid the audio: they must not be decoded as audio.
func TestTelephoneEventsNotMixed(t *testing.T) {
	clk := newFakeClock()
	c, _ := New(Config{Clock: clk})
	a := &member{id: "a", codec: codec.PCMU{}, pt: 0, freq: 700}
	b := &member{id: "b", codec: codec.PCMU{}, pt: 0, freq: -1}
	join(t, c, a, b)
	for i := range 100 {
		now := t0.Add(time.Duration(i) * tick)
		clk.Set(now)
		pkt := a.phone.next()
		a.p.Receive(pkt)
		if i%10 == 5 {
			// An event (PT 101) and comfort noise (PT 13) whose bytes
			// would be loud noise if decoded as µ-law.
			junk := make([]byte, 160)
			a.phone.seq++
			a.p.Receive(rtp.Append(nil, rtp.Header{PayloadType: 101, Seq: a.phone.seq - 1, Timestamp: a.phone.ts, SSRC: a.phone.ssrc}, junk[:4]))
			a.phone.seq++
			a.p.Receive(rtp.Append(nil, rtp.Header{PayloadType: 13, Seq: a.phone.seq - 1, Timestamp: a.phone.ts, SSRC: a.phone.ssrc}, junk[:1]))
		}
		c.tick(now)
	}
	pcm := b.out.decode(t, b.codec, 10)
	tone := audiotest.Level(pcm, 8000, 700)
	rms := audiotest.RMS(pcm)
	// A pure tone of amplitude a has an RMS of a/√2; noise would add to it.
	if tone < 0.18 || rms > tone/1.41*1.05 {
		t.Errorf("b hears the tone at %.3f, total RMS %.3f", tone, rms)
	}
}

func TestJoinErrors(t *testing.T) {
	c, _ := New(Config{Ptime: 30 * time.Millisecond})
	if c != nil {
		t.Fatal("30 ms ptime accepted")
	}
	for _, cfg := range []Config{{Rate: 44100}, {Ptime: 25 * time.Millisecond}, {Depth: 2 * time.Second}} {
		if _, err := New(cfg); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
	c, _ = New(Config{Ptime: 10 * time.Millisecond})
	if _, err := c.Join("x", codec.Opus{}, 111, &capture{}); err != nil {
		t.Errorf("Opus at 10 ms: %v", err)
	}
	if _, err := c.Join("y", codec.Opus{Channels: 2}, 111, &capture{}); err != nil {
		t.Errorf("stereo Opus: %v", err)
	}
}

// TestRunDriftFree drives Run with a fake clock whose wake-ups are always 5
// ms late: ticks are scheduled from the start, so one second still gives
// 51 packets (at 0, 20, …, 1000 ms) with consecutive timestamps; a wake-up
// 200 ms late makes up 5 ticks and skips the others, whose timestamps are
// not reused.
func TestRunDriftFree(t *testing.T) {
	clk := newFakeClock()
	c, _ := New(Config{Clock: clk})
	out := &capture{}
	if _, err := c.Join("a", codec.PCMU{}, 0, out); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	wait := func(n int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for out.count() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%d packets, want %d", out.count(), n)
			}
			time.Sleep(time.Millisecond)
		}
	}
	wait(1) // the first tick is at the start
	for ms := 25; ms <= 1025; ms += 25 {
		clk.Set(t0.Add(time.Duration(ms) * time.Millisecond))
		wait(ms/20 + 1)
	}
	time.Sleep(20 * time.Millisecond) // nothing more may come
	if n := out.count(); n != 52 {
		t.Fatalf("%d packets after 1025 ms, want 52", n)
	}
	clk.Advance(200 * time.Millisecond) // 1225 ms: ticks 52–61 are due
	wait(57)
	time.Sleep(20 * time.Millisecond)
	hs := out.headers(t)
	if len(hs) != 57 {
		t.Fatalf("%d packets, want 57 (5 made up)", len(hs))
	}
	for i := 1; i < len(hs); i++ {
		want := uint32(160)
		if i == 52 {
			want = 6 * 160 // ticks 52–56 skipped
		}
		if d := hs[i].Timestamp - hs[i-1].Timestamp; d != want {
			t.Errorf("packet %d: timestamp step %d, want %d", i, d, want)
		}
	}
	if err := c.Run(ctx); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run: %v", err)
	}
}

// TestRunPacing runs the real clock for a second: packets are 20 ms apart
// on average (the schedule does not drift with the machine's load), and
// Run returns and leaves no goroutine when its context ends.
func TestRunPacing(t *testing.T) {
	before := runtime.NumGoroutine()
	c, _ := New(Config{})
	out := &capture{}
	if _, err := c.Join("a", codec.G722{}, 9, out); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	time.Sleep(1100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Run did not return after cancel")
	}
	out.mu.Lock()
	at := out.at
	out.mu.Unlock()
	if len(at) < 51 {
		t.Fatalf("%d packets in 1.1 s", len(at))
	}
	mean := at[50].Sub(at[0]) / 50
	t.Logf("mean interval over 50 packets: %v (%d packets in 1.1 s)", mean, len(at))
	if mean < 19*time.Millisecond || mean > 21*time.Millisecond {
		t.Errorf("mean interval %v, want 20 ms ± 1 ms", mean)
	}
	n := len(at)
	time.Sleep(50 * time.Millisecond)
	if out.count() != n {
		t.Error("packets sent after Run returned")
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before", runtime.NumGoroutine(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type discard struct{}

func (discard) Send([]byte) error { return nil }

// loadedConference is a conference of n talking participants of codec
// cd, with each phone's 50 packets of tone prepared.
func loadedConference(tb testing.TB, n int, cd codec.Codec, pt uint8) (*Conference, *fakeClock, []*Participant, [][][]byte) {
	clk := newFakeClock()
	c, err := New(Config{Clock: clk})
	if err != nil {
		tb.Fatal(err)
	}
	f := cd.Format()
	enc, _ := cd.NewEncoder()
	pcm := audiotest.Tone(f.SampleRate, 440, 0.2, time.Second)
	var payloads [][]byte
	for i := range 50 {
		fl := f.FrameLen(tick)
		p, err := enc.Encode(pcm[i*fl:(i+1)*fl], nil)
		if err != nil {
			tb.Fatal(err)
		}
		payloads = append(payloads, p)
	}
	var ps []*Participant
	var pkts [][][]byte
	for k := range n {
		p, err := c.Join(fmt.Sprint("p", k), cd, pt, discard{})
		if err != nil {
			tb.Fatal(err)
		}
		ps = append(ps, p)
		var mine [][]byte
		for i, pl := range payloads {
			mine = append(mine, rtp.Append(nil, rtp.Header{PayloadType: pt, Seq: uint16(i), Timestamp: uint32(i) * f.TimestampStep(tick), SSRC: uint32(k)}, pl))
		}
		pkts = append(pkts, mine)
	}
	return c, clk, ps, pkts
}

// step is one tick of a loaded conference: every phone's packet i, then
// the mix. Sequence numbers and timestamps are rewritten in place so the
// stream goes on.
func step(c *Conference, clk *fakeClock, ps []*Participant, pkts [][][]byte, i int, f codec.Format) {
	now := t0.Add(time.Duration(i) * tick)
	clk.Set(now)
	for k, p := range ps {
		pkt := pkts[k][i%50]
		pkt[2], pkt[3] = byte(i>>8), byte(i)
		ts := uint32(i) * f.TimestampStep(tick)
		pkt[4], pkt[5], pkt[6], pkt[7] = byte(ts>>24), byte(ts>>16), byte(ts>>8), byte(ts)
		p.Receive(pkt)
	}
	c.tick(now)
}

func TestNoAllocPerTick(t *testing.T) {
	for _, tc := range []struct {
		cd codec.Codec
		pt uint8
	}{{codec.PCMU{}, 0}, {codec.G722{}, 9}, {codec.Opus{}, 111}} {
		c, clk, ps, pkts := loadedConference(t, 3, tc.cd, tc.pt)
		i := 0
		run := func() {
			step(c, clk, ps, pkts, i, tc.cd.Format())
			i++
		}
		for range 20 {
			run()
		}
		if a := testing.AllocsPerRun(50, run); a != 0 {
			t.Errorf("%s: %.1f allocations per tick", tc.cd.Format().Name, a)
		}
	}
}

// BenchmarkMix is one 20 ms tick of a conference of N talking
// participants: each phone's packet into its jitter buffer, decode,
// resample to 16 kHz, mix, and per participant the mix minus itself
// resampled, encoded and packetised.
func BenchmarkMix(b *testing.B) {
	for _, tc := range []struct {
		cd codec.Codec
		pt uint8
		n  []int
	}{
		{codec.PCMU{}, 0, []int{3, 10, 30}},
		{codec.G722{}, 9, []int{3, 10}},
		{codec.Opus{}, 111, []int{3}},
	} {
		for _, n := range tc.n {
			b.Run(fmt.Sprintf("%s-%d", tc.cd.Format().Name, n), func(b *testing.B) {
				c, clk, ps, pkts := loadedConference(b, n, tc.cd, tc.pt)
				f := tc.cd.Format()
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					step(c, clk, ps, pkts, i, f)
				}
				perPart := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(n)
				b.ReportMetric(perPart, "ns/participant")
				b.ReportMetric(float64(tick)/perPart, "participants/core")
			})
		}
	}
}
