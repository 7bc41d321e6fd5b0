package record

import (
	"log/slog"
	"slices"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/jitter"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// maxLag bounds the decoded audio a leg holds ahead of the recording: a
// sender whose clock runs fast, or frames longer than a block, leave some
// behind; more than this is dropped so the legs stay aligned.
const maxLag = 200 * time.Millisecond

// LegStats counts what happened to one leg's packets.
type LegStats struct {
	// Pushed is every packet given to Input.Push; Dropped those the full
	// queue refused.
	Pushed, Dropped uint64
	// Invalid packets were not RTP (or RTCP on a multiplexed port).
	Invalid uint64
	// Jitter buffer figures (media/jitter): duplicates and late packets
	// dropped, frames lost (recorded as silence), reordered packets.
	Duplicates, Late, Lost, Reordered uint64
	// DecodeErrors are payloads the codec refused (recorded as silence).
	DecodeErrors uint64
	// Trimmed is audio dropped because the leg ran ahead of the clock.
	Trimmed time.Duration
}

// leg is the Recorder goroutine's state for one Input: jitter buffer,
// decoder, resampler, and the decoded audio not yet written.
type leg struct {
	in    *Input
	rate  int // the recording's
	depth time.Duration
	log   *slog.Logger
	spare *batch

	gen      int
	format   codec.Format
	audioPTs []uint8
	dec      codec.Decoder
	rs       *codec.Resampler // decoder rate → recording rate; nil if equal
	jb       *jitter.Buffer   // made at the first audio packet, which tells the ptime
	ptime    time.Duration
	fifo     []int16 // decoded, at the recording rate
	pcm, tmp []int16

	// Counters of replaced jitter buffers, so Stats sums a leg's life.
	past         jitter.Stats
	invalid      uint64
	decodeErrors uint64
	trimmed      int // samples
}

// drain moves what Push queued into the jitter buffer.
func (l *leg) drain() {
	if l.in == nil {
		return
	}
	l.reconfigure()
	b := l.in.take(l.spare)
	for i := range b.n {
		l.push(b.pkts[i], b.at[i])
	}
	l.spare = b
}

// reconfigure picks up a new codec set by Recorder.Leg (a re-INVITE): the
// old stream's frames still buffered are decoded first.
func (l *leg) reconfigure() {
	c, pts, gen := l.in.config()
	if gen == l.gen {
		return
	}
	if l.jb != nil {
		for _, f := range l.jb.Flush() {
			l.frame(f)
		}
		l.retire()
	}
	l.gen, l.dec, l.rs, l.jb = gen, nil, nil, nil
	if c == nil {
		return
	}
	// Opus decodes at any of its rates (RFC 7587 §4.1): ask for the
	// recording's and skip the resampler.
	if o, ok := c.(codec.Opus); ok {
		o.SampleRate = l.rate
		c = o
	}
	l.format = c.Format()
	l.audioPTs = pts
	if len(pts) == 0 && l.format.PayloadType >= 0 {
		l.audioPTs = []uint8{uint8(l.format.PayloadType)}
	}
	dec, err := c.NewDecoder()
	if err != nil {
		l.log.Warn("record: no decoder, the leg records silence", "leg", l.in.leg, "codec", l.format.String(), "err", err)
		return
	}
	if l.format.SampleRate != l.rate {
		rs, err := codec.NewResampler(l.format.SampleRate, l.rate)
		if err != nil {
			l.log.Warn("record: no resampler, the leg records silence", "leg", l.in.leg, "codec", l.format.String(), "err", err)
			return
		}
		l.rs = rs
	}
	l.dec = dec
}

func (l *leg) retire() {
	s := l.jb.Stats()
	l.past.Duplicates += s.Duplicates
	l.past.Late += s.Late
	l.past.Lost += s.Lost
	l.past.Reordered += s.Reordered
}

func (l *leg) isAudio(pt uint8) bool {
	if len(l.audioPTs) == 0 {
		return pt != 13 // RFC 3389 comfort noise
	}
	for _, a := range l.audioPTs {
		if a == pt {
			return true
		}
	}
	return false
}

func (l *leg) push(pkt []byte, at time.Time) {
	if l.dec == nil {
		return
	}
	if l.jb == nil {
		if rtp.IsRTCP(pkt) {
			l.invalid++
			return
		}
		h, payload, err := rtp.Parse(pkt)
		if err != nil {
			l.invalid++
			return
		}
		if !l.isAudio(h.PayloadType) {
			return // nothing to time a telephone-event before audio
		}
		l.ptime = framePtime(l.format, payload)
		l.jb = jitter.New(jitter.Config{ClockRate: l.format.ClockRate, Ptime: l.ptime, Depth: l.depth, AudioPT: l.audioPTs})
	}
	if err := l.jb.Push(pkt, at); err != nil {
		l.invalid++
	}
}

// fill decodes every frame due before until into the FIFO.
func (l *leg) fill(until time.Time) {
	if l.jb == nil {
		return
	}
	for guard := 0; guard < 1000; guard++ {
		f, ok := l.jb.Pop(until)
		if !ok {
			return
		}
		l.frame(f)
	}
}

// frame decodes one frame from the jitter buffer into the FIFO: a lost
// frame, or one the codec refuses, is silence of the frame's length;
// other payload types (telephone-event) are not audio and take no time.
func (l *leg) frame(f jitter.Frame) {
	if !f.Audio {
		return
	}
	silence := l.rate * int(l.ptime/time.Microsecond) / 1e6
	if f.Lost || l.dec == nil {
		l.fifo = appendZeros(l.fifo, silence)
		return
	}
	var err error
	l.pcm, err = l.dec.Decode(f.Payload, l.pcm[:0])
	if err != nil {
		l.decodeErrors++
		l.fifo = appendZeros(l.fifo, silence)
		return
	}
	pcm := l.pcm
	if l.format.PCMChannels == 2 {
		for i := range len(pcm) / 2 {
			pcm[i] = int16((int32(pcm[2*i]) + int32(pcm[2*i+1])) / 2)
		}
		pcm = pcm[:len(pcm)/2]
	}
	if l.rs != nil {
		l.tmp = l.rs.Resample(pcm, l.tmp[:0])
		pcm = l.tmp
	}
	l.fifo = append(l.fifo, pcm...)
}

// take appends n samples of the leg to out: its decoded audio, silence
// where there is none (no packets yet, a pause, an underrun).
func (l *leg) take(out []int16, n int) []int16 {
	k := min(n, len(l.fifo))
	out = append(out, l.fifo[:k]...)
	out = appendZeros(out, n-k)
	l.fifo = l.fifo[:copy(l.fifo, l.fifo[k:])]
	if limit := l.rate * int(maxLag/time.Millisecond) / 1000; len(l.fifo) > limit {
		drop := len(l.fifo) - limit
		l.fifo = l.fifo[:copy(l.fifo, l.fifo[drop:])]
		l.trimmed += drop
	}
	return out
}

func (l *leg) stats() LegStats {
	var s LegStats
	if l.in != nil {
		s.Pushed, s.Dropped = l.in.counts()
	}
	j := l.past
	if l.jb != nil {
		c := l.jb.Stats()
		j.Duplicates += c.Duplicates
		j.Late += c.Late
		j.Lost += c.Lost
		j.Reordered += c.Reordered
	}
	s.Invalid, s.DecodeErrors = l.invalid, l.decodeErrors
	s.Duplicates, s.Late, s.Lost, s.Reordered = j.Duplicates, j.Late, j.Lost, j.Reordered
	s.Trimmed = time.Duration(l.trimmed) * time.Second / time.Duration(l.rate)
	return s
}

// framePtime is the audio in one payload: its length for G.711 and G.722,
// the TOC for Opus; 20 ms when it cannot tell.
func framePtime(f codec.Format, payload []byte) time.Duration {
	d := time.Duration(0)
	switch {
	case f.BytesPerMs > 0:
		d = time.Duration(len(payload)/f.BytesPerMs) * time.Millisecond
	case f.Name == "opus":
		d = opusDuration(payload)
	}
	if d < 2500*time.Microsecond || d > 120*time.Millisecond {
		return 20 * time.Millisecond
	}
	return d
}

// opusDuration reads an Opus packet's TOC byte (RFC 6716 §3.1): the
// configuration gives the frame size, the code the frame count.
func opusDuration(p []byte) time.Duration {
	if len(p) == 0 {
		return 0
	}
	cfg := p[0] >> 3
	var frame time.Duration
	switch {
	case cfg < 12: // SILK: 10, 20, 40, 60 ms
		frame = []time.Duration{10, 20, 40, 60}[cfg%4] * time.Millisecond
	case cfg < 16: // Hybrid: 10, 20 ms
		frame = []time.Duration{10, 20}[cfg%2] * time.Millisecond
	default: // CELT: 2.5, 5, 10, 20 ms
		frame = []time.Duration{2500, 5000, 10000, 20000}[cfg%4] * time.Microsecond
	}
	switch p[0] & 3 {
	case 0:
		return frame
	case 1, 2:
		return 2 * frame
	}
	if len(p) < 2 {
		return 0
	}
	return time.Duration(p[1]&0x3f) * frame
}

// appendZeros appends n samples of silence.
func appendZeros(s []int16, n int) []int16 {
	s = slices.Grow(s, n)
	k := len(s)
	s = s[:k+n]
	clear(s[k:])
	return s
}
