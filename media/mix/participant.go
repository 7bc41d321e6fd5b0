package mix

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/jitter"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// SilenceLevel is the Level of a participant who sends nothing (the floor
// of 16-bit audio); TalkingLevel is the level from which Info.Talking is
// true.
const (
	SilenceLevel = -96.0
	TalkingLevel = -45.0
)

// Info describes a participant for the call layer and the admin pages.
type Info struct {
	ID          string
	Codec       string // rtpmap form, "PCMU/8000"
	PayloadType uint8
	Muted       bool
	// Level is the RMS level, in dBFS, of what the participant sent in the
	// last tick (SilenceLevel when nothing).
	Level      float64
	Talking    bool
	PacketsIn  uint64 // RTP packets received from the phone
	PacketsOut uint64 // RTP packets sent to it
	Jitter     jitter.Stats
}

// Participant is one leg in a conference.
type Participant struct {
	c      *Conference
	id     string
	format codec.Format // of the codec as negotiated (RTP clock, name)
	pt     uint8
	out    Sender
	plc    bool // the decoder conceals a lost frame itself (Opus)

	// Receive side: the network goroutine pushes, the mixing loop pops.
	mu sync.Mutex
	jb *jitter.Buffer

	muted      atomic.Bool
	left       atomic.Bool
	toneReq    atomic.Bool
	level      atomic.Uint32 // float32 bits, dBFS
	packetsIn  atomic.Uint64
	packetsOut atomic.Uint64
	invalid    atomic.Uint64

	// Owned by the mixing loop.
	dec       codec.Decoder
	up        *codec.Resampler // codec rate -> mix rate; nil when equal
	payload   []byte           // copied out of the jitter buffer
	pcm       []int16          // decoded, codec rate
	mono      []int16          // downmixed stereo
	prev      []int16          // last decoded frame (mono, codec rate), for concealment
	lostRun   int
	frameLen  int     // mono samples per ptime at the codec's rate
	fifo      []int16 // decoded audio at the mix rate, not yet mixed
	contrib   []int16 // this tick's contribution, n samples
	tickMuted bool
	tonePos   int

	// Send side, owned by the mixing loop; outMu makes Leave wait for a
	// send in progress.
	outMu      sync.Mutex
	enc        codec.Encoder
	down       *codec.Resampler // mix rate -> codec rate; nil when equal
	mixed      []int16          // n samples at the mix rate
	resampled  []int16
	stereo     []int16
	encoded    []byte
	pkt        []byte
	ssrc       uint32
	seq        uint16
	ts, step   uint32
	started    bool
	sendErrors uint64
}

func newParticipant(c *Conference, id string, cd codec.Codec, pt uint8, out Sender) (*Participant, error) {
	f := cd.Format()
	if !f.ValidPtime(c.ptime) {
		return nil, fmt.Errorf("mix: join %q: %s cannot frame %v: %w", id, f, c.ptime, ErrUnsupported)
	}
	if f.PCMChannels != 1 && f.PCMChannels != 2 {
		return nil, fmt.Errorf("mix: join %q: %d channels: %w", id, f.PCMChannels, ErrUnsupported)
	}
	work := cd
	if o, ok := cd.(codec.Opus); ok && o.SampleRate == 0 {
		// Code Opus at the mixing rate: same packets and RTP clock (RFC
		// 7587 §4.1), no resampler.
		o.SampleRate = c.rate
		work = o
	}
	wf := work.Format()
	p := &Participant{
		c: c, id: id, format: f, pt: pt, out: out,
		step:    f.TimestampStep(c.ptime),
		ssrc:    rand.Uint32(), // RFC 3550 §5.1, §8.1: random SSRC, sequence and timestamp
		seq:     uint16(rand.Uint32()),
		ts:      rand.Uint32(),
		tonePos: len(c.tone),
	}
	_, p.plc = work.(codec.Opus)
	var err error
	if p.dec, err = work.NewDecoder(); err != nil {
		return nil, fmt.Errorf("mix: join %q: %w", id, err)
	}
	if p.enc, err = work.NewEncoder(); err != nil {
		return nil, fmt.Errorf("mix: join %q: %w", id, err)
	}
	if wf.SampleRate != c.rate {
		if p.up, err = codec.NewResampler(wf.SampleRate, c.rate); err != nil {
			return nil, fmt.Errorf("mix: join %q: %w", id, err)
		}
		if p.down, err = codec.NewResampler(c.rate, wf.SampleRate); err != nil {
			return nil, fmt.Errorf("mix: join %q: %w", id, err)
		}
	}
	p.jb = jitter.New(jitter.Config{
		ClockRate: f.ClockRate,
		Ptime:     c.ptime,
		Depth:     c.depth,
		AudioPT:   []uint8{pt},
		MaxBehind: c.depth,
	})
	frame := wf.FrameLen(c.ptime)
	// Room for the longest Opus packet (120 ms at 48 kHz stereo) so that
	// nothing grows in steady state.
	p.pcm = make([]int16, 0, max(4*frame, 5760*2))
	p.mono = make([]int16, 0, cap(p.pcm))
	p.prev = make([]int16, 0, cap(p.pcm))
	p.fifo = make([]int16, 0, 4*c.n+c.rate*13/100) // + the longest Opus packet, 120 ms
	p.frameLen = wf.Samples(c.ptime)
	p.contrib = make([]int16, c.n)
	p.mixed = make([]int16, c.n)
	p.resampled = make([]int16, 0, 2*frame)
	p.stereo = make([]int16, 0, 4*frame)
	p.encoded = make([]byte, 0, 4000)
	p.pkt = make([]byte, 0, 4000+rtp.HeaderLen)
	p.payload = make([]byte, 0, 1500)
	p.level.Store(math.Float32bits(SilenceLevel))
	return p, nil
}

// ID is the id the participant joined with.
func (p *Participant) ID() string { return p.id }

// Receive takes one RTP packet from the participant's phone: it is copied
// into the participant's jitter buffer under a short lock and decoded later
// by the mixing loop. It never blocks for long and may be called from the
// relay's worker. Non-RTP packets are counted and dropped.
func (p *Participant) Receive(pkt []byte) {
	if p.left.Load() {
		return
	}
	now := p.c.clock.Now()
	p.mu.Lock()
	err := p.jb.Push(pkt, now)
	p.mu.Unlock()
	if err != nil {
		p.invalid.Add(1)
		return
	}
	p.packetsIn.Add(1)
}

// SetMute mutes or unmutes the participant: muted, the others no longer
// hear them; they still hear the others.
func (p *Participant) SetMute(muted bool) { p.muted.Store(muted) }

// Leave takes the participant out of the conference. No packet is sent to
// it once Leave has returned. Leave must not be called from its Sender.
func (p *Participant) Leave() {
	p.c.remove(p)
	p.outMu.Lock()
	p.left.Store(true)
	p.outMu.Unlock()
}

func (p *Participant) info() Info {
	p.mu.Lock()
	js := p.jb.Stats()
	p.mu.Unlock()
	lvl := float64(math.Float32frombits(p.level.Load()))
	return Info{
		ID:          p.id,
		Codec:       p.format.String(),
		PayloadType: p.pt,
		Muted:       p.muted.Load(),
		Level:       lvl,
		Talking:     lvl >= TalkingLevel,
		PacketsIn:   p.packetsIn.Load(),
		PacketsOut:  p.packetsOut.Load(),
		Jitter:      js,
	}
}

// pull fills contrib with this tick's audio from the participant: frames
// out of the jitter buffer until a tick's worth is decoded (one frame when
// the phone's ptime is the conference's), silence for what is missing.
func (p *Participant) pull(now time.Time) {
	n := len(p.contrib)
	for range 4 {
		if len(p.fifo) >= n {
			break
		}
		var f jitter.Frame
		ok := false
		p.mu.Lock()
		for range 8 {
			if f, ok = p.jb.Pop(now); !ok || f.Audio {
				break
			}
			// RFC 4733 events and RFC 3389 comfort noise are not audio
			// to mix; the loop is bounded in case of a burst of them.
			ok = false
		}
		if ok && !f.Lost {
			p.payload = append(p.payload[:0], f.Payload...)
		}
		p.mu.Unlock()
		if !ok {
			break
		}
		p.decode(f.Lost)
	}
	k := copy(p.contrib, p.fifo)
	clear(p.contrib[k:])
	p.fifo = p.fifo[:copy(p.fifo, p.fifo[k:])]
	p.tickMuted = p.muted.Load()
	if p.toneReq.Swap(false) {
		p.tonePos = 0
	}
	var e float64
	for _, v := range p.contrib {
		e += float64(v) * float64(v)
	}
	lvl := SilenceLevel
	if e > 0 {
		lvl = max(SilenceLevel, 10*math.Log10(e/float64(n)/(32768*32768)))
	}
	p.level.Store(math.Float32bits(float32(lvl)))
}

// decode appends one frame at the mix rate to fifo; a lost frame is
// concealed by the codec (Opus, RFC 6716 §4.4) or by repeating the last
// frame at −6 dB, then −12 dB, then silence.
func (p *Participant) decode(lost bool) {
	var err error
	switch {
	case !lost:
		p.pcm, err = p.dec.Decode(p.payload, p.pcm[:0])
		p.lostRun = 0
	case p.plc:
		p.pcm, err = p.dec.Decode(nil, p.pcm[:0])
	default:
		p.lostRun++
		p.pcm = append(p.pcm[:0], p.prev...)
		if len(p.pcm) == 0 {
			p.pcm = p.pcm[:p.frameLen]
			clear(p.pcm)
		}
		for i, v := range p.pcm {
			if p.lostRun > 2 {
				p.pcm[i] = 0
			} else {
				p.pcm[i] = v >> p.lostRun
			}
		}
	}
	if err != nil {
		// A payload the decoder rejects is heard as a lost frame.
		p.pcm = p.pcm[:0]
	}
	pcm := p.pcm
	if p.format.PCMChannels == 2 {
		p.mono = p.mono[:0]
		for i := 0; i+1 < len(pcm); i += 2 {
			p.mono = append(p.mono, int16((int32(pcm[i])+int32(pcm[i+1]))/2))
		}
		pcm = p.mono
	}
	if !lost && len(pcm) > 0 {
		p.prev = append(p.prev[:0], pcm...)
	}
	// Bound the backlog (a phone framing longer than the conference):
	// keep two ticks, drop the oldest.
	if n := len(p.contrib); len(p.fifo) > 4*n {
		p.fifo = p.fifo[:copy(p.fifo, p.fifo[len(p.fifo)-2*n:])]
	}
	if p.up != nil {
		p.fifo = p.up.Resample(pcm, p.fifo)
	} else {
		p.fifo = append(p.fifo, pcm...)
	}
}

// send mixes what the participant hears this tick (everyone but itself,
// plus the join tone if it plays) and sends it as one RTP packet.
func (p *Participant) send(sum []int32, tone []int16) {
	p.outMu.Lock()
	defer p.outMu.Unlock()
	if p.left.Load() {
		return
	}
	n := len(p.mixed)
	playTone := p.tonePos+n <= len(tone)
	for i := range p.mixed {
		v := sum[i]
		if !p.tickMuted {
			v -= int32(p.contrib[i])
		}
		if playTone {
			v += int32(tone[p.tonePos+i])
		}
		p.mixed[i] = int16(min(max(v, math.MinInt16), math.MaxInt16))
	}
	if playTone {
		p.tonePos += n
	}
	pcm := p.mixed
	if p.down != nil {
		p.resampled = p.down.Resample(pcm, p.resampled[:0])
		pcm = p.resampled
	}
	if p.format.PCMChannels == 2 {
		p.stereo = p.stereo[:0]
		for _, v := range pcm {
			p.stereo = append(p.stereo, v, v)
		}
		pcm = p.stereo
	}
	var err error
	p.encoded, err = p.enc.Encode(pcm, p.encoded[:0])
	if err == nil {
		// RFC 3551 §4.1: the marker on the first packet of the stream.
		h := rtp.Header{Marker: !p.started, PayloadType: p.pt, Seq: p.seq, Timestamp: p.ts, SSRC: p.ssrc}
		p.pkt = rtp.Append(p.pkt[:0], h, p.encoded)
		p.started = true
		p.seq++
		err = p.out.Send(p.pkt)
		if err == nil {
			p.packetsOut.Add(1)
		}
	}
	p.ts += p.step
	if err != nil {
		p.sendErrors++
		if p.sendErrors == 1 || p.sendErrors%1000 == 0 {
			p.c.log.Debug("conference send failed", "participant", p.id, "errors", p.sendErrors, "err", err)
		}
	}
}
