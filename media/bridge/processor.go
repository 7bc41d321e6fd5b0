package bridge

import (
	"encoding/binary"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/dtmf"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// Digit methods, as given to Options.OnDigit and DigitFilter.
const (
	MethodRFC4733 = "rfc4733" // telephone-event packets (RFC 4733)
	MethodInband  = "inband"  // tones in G.711 audio, found by dtmf.Detector
	MethodInfo    = "info"    // SIP INFO (the call layer's)
)

// Options are a Processor's callbacks and switches.
type Options struct {
	// Logger gets a line when the Processor is made and for the first
	// packet it cannot handle; nil discards.
	Logger *slog.Logger
	// OnDigit is told each digit received from the `from` leg once:
	// method MethodRFC4733 (retransmitted end packets and duplicates
	// suppressed by dtmf.Sequencer) or MethodInband. Duration is in 1/8000 s
	// for both methods; Start is the event's RTP timestamp (rfc4733) or the
	// sample index of the tone's start (inband). Called on the relay
	// worker: it must not block.
	OnDigit func(d dtmf.Digit, method string)
	// InbandDetect runs the DTMF detector (dtmf.Detector) over the audio
	// from `from` when it is G.711; ignored for other codecs. The audio is
	// relayed unchanged. In-band reports stop once the leg sends an RFC 4733
	// event (a phone that sends both is heard once).
	InbandDetect bool
	// Tap gets every packet from `from` as received, before any change
	// (recording). Called on the relay worker: it must not block or keep
	// the slice.
	Tap func(pkt []byte)
}

// mode is how audio goes from one leg to the other.
type mode uint8

const (
	modeRewrite   mode = iota // same codec and framing: payload types rewritten in place
	modeRepack                // same sample-based codec, other ptime: payload bytes re-cut
	modeTranscode             // other codec: decode, resample, re-frame, encode
)

func (m mode) String() string {
	return [...]string{"rewrite", "repacketise", "transcode"}[m]
}

// Timing limits.
const (
	// maxGap is the largest forward timestamp jump kept as a gap in the
	// output; a larger one, or a jump back, is a new timeline and the output
	// continues contiguously with the marker bit (RFC 3551 §4.1).
	maxGap = 60 * time.Second
	// eventFlushAfter: audio this far past the end of an event whose end
	// packets never came closes the event (RFC 4733 §2.5.2.2).
	eventFlushAfter = 200 * time.Millisecond
	// maxPacket bounds an encoded payload (Opus: RFC 6716 §3.4).
	maxPacket = 4000
)

// Processor turns the RTP packets of one direction of a call, from leg
// `from` to leg `to`, into what `to` negotiated. It is the hook the relay
// calls on its worker for each packet: Process neither blocks nor
// allocates in steady state. Only SendDigit and Stats may be called from
// other goroutines.
//
// Audio goes one of three ways, chosen once from the two LegMedia:
//
//   - same codec and ptime (or a codec that is not re-cut: Opus, unknown
//     ones): the payload type is rewritten in place, nothing else changes;
//   - same G.711 or G.722 codec, other ptime: the payload bytes are re-cut
//     (codec.NewPayloadRepacketizer);
//   - other codec: decoded, resampled, re-framed at the `to` ptime and
//     encoded. Opus is coded at the other side's PCM rate (8 or 16 kHz,
//     RFC 7587 §4.1) so no resampler is needed, and mono.
//
// In the last two, the Processor numbers its own output stream: the SSRC
// of the first input stream, a contiguous sequence, timestamps on the `to`
// clock that keep the input's gaps (loss, silence) up to a minute; a new
// input SSRC or a timestamp jump continues the output contiguously with the
// marker bit, no burst. A re-cut frame left incomplete by a gap is
// completed with silence if the gap covers it (G.711 and PCM; a G.722
// remainder is dropped). Packets older than the last are dropped (no
// jitter buffer: the phone's conceals them).
//
// telephone-event packets are reported (OnDigit) and relayed with `to`'s
// payload type, their duration scaled to `to`'s event clock and, when the
// Processor numbers the output, their timestamp mapped onto the output
// timeline; not relayed when `to` has no telephone-event. Comfort noise
// (PT 13 or the negotiated one, RFC 3389) passes with `to`'s comfort noise
// type when the codec is shared, and is dropped when transcoding or when
// `to` has none. Other payload types are dropped.
type Processor struct {
	log      *slog.Logger
	from, to LegMedia
	opt      Options
	mode     mode

	inband bool          // run the detector on G.711 audio
	g711   codec.Decoder // for the detector when not transcoding
	det    *dtmf.Detector
	seq    *dtmf.Sequencer
	digits []dtmf.Digit

	// Input timeline (repack, transcode).
	started  bool
	inSSRC   uint32
	inSeq    uint16
	inNext   uint32 // input timestamp where the last audio packet ended
	num      int64  // to.ClockRate / from.ClockRate in lowest terms
	den      int64
	gapLimit int64 // maxGap in input clock units

	// Output stream (repack, transcode).
	outSSRC uint32
	outSeq  uint16
	outNext uint32 // output timestamp of the next element pushed into the framer
	marker  bool   // set on the next audio packet out
	unitNum int64  // output timestamp units per framer element: unitNum/unitDen
	unitDen int64
	frameTS uint32 // output timestamp units per frame

	bytesRP      *codec.Repacketizer[byte]  // repack
	pcmRP        *codec.Repacketizer[int16] // transcode
	silence      byte                       // G.711 silence for padding
	padOK        bool
	silenceBytes []byte // a frame of silence
	zeros        []int16

	dec     codec.Decoder
	enc     codec.Encoder
	rs      *codec.Resampler
	decRate int
	pcm     []int16
	res     []int16
	frame   []int16
	payload []byte
	out     []byte

	// Events from `from`.
	sawEvent  bool
	evOpen    bool   // an event whose end has not been seen
	evEnd     uint32 // input timestamp where it last reached
	evFlush   uint32 // eventFlushAfter in input clock units
	evMapped  bool
	evIn      uint32 // input timestamp of the event being relayed
	evOut     uint32 // its output timestamp
	teNum     int64  // to.DTMFClock / from.DTMFClock
	teDen     int64
	toTENum   int64 // to.DTMFClock / to.ClockRate, for injected events
	toTEDen   int64
	toPktNom  uint32 // to.Ptime in to.ClockRate units
	toBytesMs int    // to's bytes per ms, 0 if not sample-based
	toOpus    bool

	seqShift uint16 // rewrite mode: packets skipped so far

	inj   injector
	stats counters
}

// NewProcessor makes the Processor for packets from leg `from` to leg `to`.
// It fails (wrapping ErrNoCodec) when the legs' codecs differ and one of
// them is not a codec Dialtone codes.
func NewProcessor(from, to LegMedia, opt Options) (*Processor, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	from, to = normalise(from), normalise(to)
	p := &Processor{
		log: log, from: from, to: to, opt: opt,
		seq:    dtmf.NewSequencer(log),
		digits: make([]dtmf.Digit, 0, 4),
	}
	p.num, p.den = ratio(int64(to.ClockRate), int64(from.ClockRate))
	p.teNum, p.teDen = ratio(int64(to.DTMFClock), int64(max(from.DTMFClock, 1)))
	p.toTENum, p.toTEDen = ratio(int64(to.DTMFClock), int64(to.ClockRate))
	p.gapLimit = int64(from.ClockRate) * int64(maxGap/time.Second)
	p.evFlush = uint32(int64(from.ClockRate) * int64(eventFlushAfter) / int64(time.Second))
	p.toPktNom = uint32(int64(to.ClockRate) * int64(to.Ptime) / int64(time.Second))
	if to.Codec != nil {
		p.toBytesMs = to.Codec.Format().BytesPerMs
		_, p.toOpus = to.Codec.(codec.Opus)
	}
	if isG711(from) && opt.InbandDetect {
		p.inband = true
		p.det = dtmf.NewDetector()
		p.g711, _ = from.Codec.NewDecoder() // G.711 decoders never fail
		p.pcm = make([]int16, 0, 1600)
	}
	var err error
	switch {
	case !sameCodec(from, to):
		p.mode = modeTranscode
		err = p.setupTranscode()
	case from.Ptime != to.Ptime && from.Codec != nil && from.Codec.Format().BytesPerMs > 0:
		p.mode = modeRepack
		err = p.setupRepack()
	}
	if err != nil {
		return nil, err
	}
	if p.out == nil {
		p.out = make([]byte, 0, 64) // injected events in rewrite mode
	}
	p.inj.pt, p.inj.clock = to.DTMFPT, to.DTMFClock
	p.inj.num, p.inj.den = p.toTENum, p.toTEDen
	p.inj.pauseTS = uint32(int64(to.ClockRate) * int64(interDigitGap) / int64(time.Second))
	log.Debug("bridge: processor", "from", from.entry().RTPMap(), "to", to.entry().RTPMap(), "mode", p.mode.String(),
		"from_ptime", from.Ptime, "to_ptime", to.Ptime, "from_te", from.DTMFPT, "to_te", to.DTMFPT)
	return p, nil
}

// normalise fills defaults a LegMedia may leave out.
func normalise(l LegMedia) LegMedia {
	if l.Codec == nil {
		l.Codec = lookup(l.entry())
	}
	if l.ClockRate == 0 && l.Codec != nil {
		l.ClockRate = l.Codec.Format().ClockRate
	}
	if l.ClockRate == 0 {
		l.ClockRate = 8000
	}
	if l.Ptime <= 0 || (l.Codec != nil && !l.Codec.Format().ValidPtime(l.Ptime)) {
		l.Ptime = defaultPtime
	}
	if l.DTMFPT != 0 && l.DTMFClock == 0 {
		l.DTMFClock = l.ClockRate
	}
	return l
}

func isG711(l LegMedia) bool {
	switch l.Codec.(type) {
	case codec.PCMU, codec.PCMA:
		return true
	}
	return false
}

func (p *Processor) setupRepack() error {
	f := p.from.Codec.Format()
	rp, err := codec.NewPayloadRepacketizer(f, p.to.Ptime)
	if err != nil {
		return fmt.Errorf("bridge: %s %v to %v: %w", f, p.from.Ptime, p.to.Ptime, err)
	}
	p.bytesRP = rp
	p.unitNum, p.unitDen = ratio(int64(f.ClockRate), int64(f.BytesPerMs)*1000)
	switch p.from.Codec.(type) {
	case codec.PCMU:
		p.silence, p.padOK = 0xff, true // µ-law zero (G.711 Table 2a)
	case codec.PCMA:
		p.silence, p.padOK = 0xd5, true // A-law zero, even bits inverted (Table 1a)
	}
	p.frameTS = uint32(int64(rp.FrameLen()) * p.unitNum / p.unitDen)
	p.silenceBytes = make([]byte, rp.FrameLen())
	for i := range p.silenceBytes {
		p.silenceBytes[i] = p.silence
	}
	p.payload = make([]byte, 0, rp.FrameLen())
	p.out = make([]byte, 0, rtp.HeaderLen+rp.FrameLen())
	return nil
}

func (p *Processor) setupTranscode() error {
	if p.from.Codec == nil || p.to.Codec == nil {
		return fmt.Errorf("%w: %s to %s", ErrNoCodec, p.from.entry().RTPMap(), p.to.entry().RTPMap())
	}
	decC := narrowOpus(p.from.Codec, p.to.Codec.Format())
	encC := narrowOpus(p.to.Codec, p.from.Codec.Format())
	dec, err := decC.NewDecoder()
	if err != nil {
		return fmt.Errorf("bridge: decoder %s: %w", p.from.Name, err)
	}
	enc, err := encC.NewEncoder()
	if err != nil {
		return fmt.Errorf("bridge: encoder %s: %w", p.to.Name, err)
	}
	p.dec, p.enc = dec, enc
	df, ef := decC.Format(), encC.Format()
	p.decRate = df.SampleRate
	if df.SampleRate != ef.SampleRate {
		if p.rs, err = codec.NewResampler(df.SampleRate, ef.SampleRate); err != nil {
			return fmt.Errorf("bridge: %w", err)
		}
	}
	frame := ef.Samples(p.to.Ptime)
	// Room for the longest input packet (Opus: 120 ms, G.711: 200 ms).
	if p.pcmRP, err = codec.NewRepacketizer[int16](frame, frame+ef.SampleRate/4); err != nil {
		return fmt.Errorf("bridge: %w", err)
	}
	p.unitNum, p.unitDen = ratio(int64(p.to.ClockRate), int64(ef.SampleRate))
	p.padOK = true
	p.frameTS = uint32(int64(frame) * p.unitNum / p.unitDen)
	p.pcm = make([]int16, 0, 5760)
	p.res = make([]int16, 0, 2*5760)
	p.frame = make([]int16, 0, frame)
	p.zeros = make([]int16, frame)
	p.payload = make([]byte, 0, maxPacket)
	p.out = make([]byte, 0, rtp.HeaderLen+maxPacket)
	return nil
}

// narrowOpus codes an Opus side mono, at the other side's PCM rate when
// Opus supports it (8 or 16 kHz for G.711, G.722): the RTP clock stays
// 48 kHz (RFC 7587 §4.1) and no resampler is needed.
func narrowOpus(c codec.Codec, other codec.Format) codec.Codec {
	o, ok := c.(codec.Opus)
	if !ok {
		return c
	}
	o.Channels = 1
	switch other.SampleRate {
	case 8000, 12000, 16000, 24000, 48000:
		o.SampleRate = other.SampleRate
	}
	return o
}

func ratio(a, b int64) (int64, int64) {
	if a <= 0 || b <= 0 {
		return 1, 1
	}
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	return a / x, b / x
}

// Process handles one RTP packet from `from` and emits what goes to `to`:
// zero, one or more packets (emit copies them). pkt may be modified.
func (p *Processor) Process(pkt []byte, emit func(pkt []byte)) {
	if p.opt.Tap != nil {
		p.opt.Tap(pkt)
	}
	p.stats.in.Add(1)
	h, payload, err := rtp.Parse(pkt)
	if err != nil {
		p.dropped("unparsable RTP", err)
		return
	}
	switch pt := h.PayloadType; {
	case pt == p.from.PT:
		p.audio(pkt, h, payload, emit)
	case p.from.DTMFPT != 0 && pt == p.from.DTMFPT:
		p.event(pkt, h, payload, emit)
	case pt == cnStaticPT || (p.from.CNPT != 0 && pt == p.from.CNPT):
		p.comfortNoise(pkt, h, payload, emit)
	default:
		p.skip()
	}
}

func (p *Processor) dropped(why string, err error) {
	if p.stats.dropped.Add(1) == 1 {
		p.log.Debug("bridge: packet dropped", "why", why, "err", err)
	}
}

func (p *Processor) emit(emit func([]byte), pkt []byte) {
	p.stats.out.Add(1)
	emit(pkt)
}

// pass sends a packet on in rewrite mode with payload type pt, in place:
// the marker bit, timestamp and SSRC stay; the sequence number moves back
// by the packets skipped so far, so that what `to` gets has no holes.
func (p *Processor) pass(pkt []byte, h rtp.Header, pt uint8, emit func([]byte)) {
	pkt[1] = pkt[1]&0x80 | pt&0x7f
	if p.seqShift != 0 {
		binary.BigEndian.PutUint16(pkt[2:], h.Seq-p.seqShift)
	}
	p.emit(emit, pkt)
}

// skip counts a valid packet not relayed; in rewrite mode the sequence
// numbers after it close up.
func (p *Processor) skip() {
	p.stats.dropped.Add(1)
	if p.mode == modeRewrite {
		p.seqShift++
	}
}

func (p *Processor) audio(pkt []byte, h rtp.Header, payload []byte, emit func([]byte)) {
	if p.evOpen && int32(h.Timestamp-p.evEnd) > int32(p.evFlush) {
		p.evOpen = false
		p.digits = p.seq.Flush(p.digits[:0])
		p.reportAll(MethodRFC4733, p.from.DTMFClock)
	}
	if p.mode != modeRewrite {
		p.framed(h, payload, emit)
		return
	}
	if p.inband && len(payload) > 0 {
		pcm, err := p.g711.Decode(payload, p.pcm[:0])
		if err == nil {
			p.detect(pcm)
		}
	}
	if p.inj.wanted() {
		p.out = p.inj.frame(p.out[:0], h.Timestamp, p.pktDur(payload), h.Seq-p.seqShift, h.SSRC)
		if len(p.out) > 0 {
			p.stats.injected.Add(1)
			p.emit(emit, p.out)
			return
		}
	}
	p.pass(pkt, h, p.to.PT, emit)
}

// pktDur is how long an audio payload of the `to` codec lasts, in `to`
// clock units: from its size for G.711/G.722, its TOC byte for Opus, else
// the leg's ptime.
func (p *Processor) pktDur(payload []byte) uint32 {
	switch {
	case p.toBytesMs > 0:
		return uint32(int64(len(payload)) * int64(p.to.ClockRate) / (int64(p.toBytesMs) * 1000))
	case p.toOpus:
		if n := opusSamples(payload); n > 0 {
			return uint32(n)
		}
	}
	return p.toPktNom
}

func (p *Processor) detect(pcm []int16) {
	p.digits = p.det.Detect(pcm, p.digits[:0])
	if p.sawEvent {
		return
	}
	p.reportAll(MethodInband, 8000)
}

func (p *Processor) reportAll(method string, clock int) {
	for _, d := range p.digits {
		if clock > 0 && clock != 8000 {
			d.Duration = uint32(uint64(d.Duration) * 8000 / uint64(clock))
		}
		p.stats.digits.Add(1)
		if p.opt.OnDigit != nil {
			p.opt.OnDigit(d, method)
		}
	}
	p.digits = p.digits[:0]
}

// framed handles audio when the Processor numbers the output stream.
func (p *Processor) framed(h rtp.Header, payload []byte, emit func([]byte)) {
	if len(payload) == 0 {
		p.stats.dropped.Add(1)
		return
	}
	gap := int64(0)
	switch {
	case !p.started:
		p.started = true
		p.inSSRC, p.outSSRC = h.SSRC, h.SSRC
		p.outSeq = h.Seq
		p.outNext = uint32(int64(h.Timestamp) * p.num / p.den)
	case h.SSRC != p.inSSRC:
		p.inSSRC = h.SSRC // a new source: continue the output contiguously
		p.marker = true
	case !rtp.SeqNewer(h.Seq, p.inSeq):
		p.stats.dropped.Add(1) // duplicate or late
		return
	default:
		if d := int64(int32(h.Timestamp - p.inNext)); d >= 0 && d <= p.gapLimit {
			gap = d
		} else {
			p.marker = true // the sender's clock jumped: a new timeline
		}
	}
	p.inSeq = h.Seq
	if h.Marker {
		p.marker = true
	}
	var inDur int64
	if p.mode == modeRepack {
		if p.inband {
			if pcm, err := p.g711.Decode(payload, p.pcm[:0]); err == nil {
				p.detect(pcm)
			}
		}
		inDur = int64(len(payload)) * p.unitNum / p.unitDen * p.den / p.num
	} else {
		pcm, err := p.dec.Decode(payload, p.pcm[:0])
		if err != nil {
			p.dropped("undecodable audio", err)
			return
		}
		p.pcm = pcm
		if p.inband {
			p.detect(pcm)
		}
		inDur = int64(len(pcm)) * int64(p.from.ClockRate) / int64(p.decRate)
	}
	p.inNext = h.Timestamp + uint32(inDur)
	if gap > 0 {
		p.bridgeGap(gap*p.num/p.den, emit)
	}
	var n int
	var err error
	if p.mode == modeRepack {
		n, err = len(payload), p.bytesRP.Push(payload)
	} else {
		pcm := p.pcm
		if p.rs != nil {
			p.res = p.rs.Resample(pcm, p.res[:0])
			pcm = p.res
		}
		n, err = len(pcm), p.pcmRP.Push(pcm)
	}
	if err != nil {
		p.resetFramer()
		p.dropped("packet too long", err)
		return
	}
	p.outNext += uint32(int64(n) * p.unitNum / p.unitDen)
	p.drain(emit)
}

func (p *Processor) buffered() int {
	if p.bytesRP != nil {
		return p.bytesRP.Buffered()
	}
	return p.pcmRP.Buffered()
}

func (p *Processor) frameLen() int {
	if p.bytesRP != nil {
		return p.bytesRP.FrameLen()
	}
	return p.pcmRP.FrameLen()
}

func (p *Processor) resetFramer() {
	if p.bytesRP != nil {
		p.bytesRP.Reset()
	} else {
		p.pcmRP.Reset()
	}
}

// bridgeGap moves the output timeline over a gap of g output units: a
// frame left incomplete is completed with silence when the gap has room
// for the silence, else dropped.
func (p *Processor) bridgeGap(g int64, emit func([]byte)) {
	g -= p.padOrDrop(g, emit)
	p.outNext += uint32(g)
}

// padOrDrop completes a partial frame with silence and sends it when it
// can and the silence fits in limit output units (-1: any); otherwise it
// drops the partial frame. It gives the output units of silence added.
func (p *Processor) padOrDrop(limit int64, emit func([]byte)) int64 {
	b := p.buffered()
	if b == 0 {
		return 0
	}
	need := p.frameLen() - b
	units := int64(need) * p.unitNum / p.unitDen
	if !p.padOK || (limit >= 0 && units > limit) {
		p.resetFramer()
		return 0
	}
	// A frame's worth is always free in the buffer.
	if p.bytesRP != nil {
		_ = p.bytesRP.Push(p.silenceBytes[:need])
	} else {
		_ = p.pcmRP.Push(p.zeros[:need])
	}
	p.outNext += uint32(units)
	p.drain(emit)
	return units
}

// inUnits converts output timestamp units to input ones.
func (p *Processor) inUnits(out int64) uint32 { return uint32(out * p.den / p.num) }

// drain sends every whole frame buffered, or the injected events that
// replace them.
func (p *Processor) drain(emit func([]byte)) {
	for fl := p.frameLen(); p.buffered() >= fl; {
		ts := p.outNext - uint32(int64(p.buffered())*p.unitNum/p.unitDen)
		var payload []byte
		if p.bytesRP != nil {
			payload, _ = p.bytesRP.Pop(p.payload[:0])
		} else {
			p.frame, _ = p.pcmRP.Pop(p.frame[:0])
		}
		if p.inj.wanted() {
			p.out = p.inj.frame(p.out[:0], ts, p.frameTS, p.outSeq, p.outSSRC)
			if len(p.out) > 0 {
				p.outSeq++
				p.stats.injected.Add(1)
				p.emit(emit, p.out)
				continue
			}
		}
		if p.mode == modeTranscode {
			var err error
			if payload, err = p.enc.Encode(p.frame, p.payload[:0]); err != nil {
				p.dropped("encode", err)
				continue
			}
			p.stats.transcoded.Add(1)
		}
		p.send(p.to.PT, ts, p.marker, payload, emit)
		p.marker = false
	}
}

// send appends a packet of the output stream and emits it.
func (p *Processor) send(pt uint8, ts uint32, marker bool, payload []byte, emit func([]byte)) {
	h := rtp.Header{Marker: marker, PayloadType: pt, Seq: p.outSeq, Timestamp: ts, SSRC: p.outSSRC}
	p.outSeq++
	p.out = rtp.Append(p.out[:0], h, payload)
	p.emit(emit, p.out)
}

// mapTS gives the output timestamp of input timestamp ts (an event's or
// comfort noise's) on the output timeline.
func (p *Processor) mapTS(ts uint32) uint32 {
	if !p.started {
		return uint32(int64(ts) * p.num / p.den)
	}
	d := int64(int32(ts - p.inNext))
	if d < -p.gapLimit || d > p.gapLimit {
		return p.outNext
	}
	return p.outNext + uint32(d*p.num/p.den)
}

// begin makes sure the output stream has an identity before a packet
// that is not audio is numbered on it.
func (p *Processor) begin(h rtp.Header) {
	if !p.started {
		p.started = true
		p.inSSRC, p.outSSRC = h.SSRC, h.SSRC
		p.outSeq = h.Seq
		p.outNext = uint32(int64(h.Timestamp) * p.num / p.den)
		p.inNext = h.Timestamp
		p.inSeq = h.Seq - 1
	}
}

func (p *Processor) event(pkt []byte, h rtp.Header, payload []byte, emit func([]byte)) {
	ev, err := dtmf.ParseEvent(payload)
	if err != nil {
		p.dropped("short telephone-event", err)
		return
	}
	p.sawEvent = true
	p.digits = p.seq.Push(dtmf.Packet{Timestamp: h.Timestamp, Marker: h.Marker, Payload: payload}, p.digits[:0])
	p.reportAll(MethodRFC4733, p.from.DTMFClock)
	p.evOpen = !ev.End
	p.evEnd = h.Timestamp + uint32(ev.Duration)
	if p.to.DTMFPT == 0 || p.inj.busy() {
		p.skip() // the call layer sends SIP INFO from OnDigit
		return
	}
	if p.teNum != p.teDen {
		ev.Duration = uint16(min(int64(ev.Duration)*p.teNum/p.teDen, 0xffff))
		payload[2], payload[3] = byte(ev.Duration>>8), byte(ev.Duration)
	}
	p.stats.events.Add(1)
	if p.mode == modeRewrite {
		p.pass(pkt, h, p.to.DTMFPT, emit)
		return
	}
	p.begin(h)
	if !p.evMapped || h.Timestamp != p.evIn {
		// A new event: what is buffered of the audio before it goes first.
		p.inNext += p.inUnits(p.padOrDrop(-1, emit))
		p.evMapped, p.evIn, p.evOut = true, h.Timestamp, p.mapTS(h.Timestamp)
	}
	p.send(p.to.DTMFPT, p.evOut, h.Marker, payload[:dtmf.PayloadLen], emit)
}

func (p *Processor) comfortNoise(pkt []byte, h rtp.Header, payload []byte, emit func([]byte)) {
	switch {
	case p.mode == modeTranscode || p.to.CNPT == 0:
		p.skip() // not audio: never decoded (RFC 3389)
	case p.mode == modeRewrite:
		p.pass(pkt, h, p.to.CNPT, emit)
	default:
		p.begin(h)
		p.inNext += p.inUnits(p.padOrDrop(-1, emit)) // the talkspurt ends: send what is left of it
		p.send(p.to.CNPT, p.mapTS(h.Timestamp), h.Marker, payload, emit)
	}
}

// Stats are a Processor's counters.
type Stats struct {
	In, Out    uint64 // packets received from `from`, sent to `to`
	Dropped    uint64 // packets not relayed (unknown payload type, late, undecodable, events to a leg without telephone-event, comfort noise when transcoding)
	Transcoded uint64 // frames encoded
	Events     uint64 // telephone-event packets relayed
	Injected   uint64 // telephone-event packets made by SendDigit
	Digits     uint64 // digits reported to OnDigit
}

type counters struct {
	in, out, dropped, transcoded, events, injected, digits atomic.Uint64
}

// Stats reads the counters; safe from any goroutine.
func (p *Processor) Stats() Stats {
	return Stats{
		In: p.stats.in.Load(), Out: p.stats.out.Load(), Dropped: p.stats.dropped.Load(),
		Transcoded: p.stats.transcoded.Load(), Events: p.stats.events.Load(),
		Injected: p.stats.injected.Load(), Digits: p.stats.digits.Load(),
	}
}

// Mode says how audio goes through: "rewrite", "repacketise" or
// "transcode" (for logs and metrics).
func (p *Processor) Mode() string { return p.mode.String() }

// NeedsProcessor reports whether packets from `from` to `to` need a
// Processor: false when they can pass byte for byte (same codec and
// payload type, same ptime, the same or no telephone-event and comfort
// noise types), so the relay stays on its fast path. It is true as well
// when `to` has telephone-event and `from` has none: digits the call layer
// gets from `from` by SIP INFO are injected with SendDigit. A caller that
// wants OnDigit, in-band detection or a Tap installs a Processor anyway.
func NeedsProcessor(from, to LegMedia) bool {
	from, to = normalise(from), normalise(to)
	switch {
	case !sameCodec(from, to), from.PT != to.PT:
		return true
	case from.Ptime != to.Ptime && from.Codec != nil && from.Codec.Format().BytesPerMs > 0:
		return true
	case from.DTMFPT != to.DTMFPT, from.DTMFPT != 0 && from.DTMFClock != to.DTMFClock:
		return true
	case from.CNPT != to.CNPT:
		return true
	}
	return false
}
