package codec

import (
	"fmt"

	"github.com/thesyncim/gopus"
)

// Opus is RFC 6716 Opus carried per RFC 7587: a 48000 Hz RTP clock and
// "opus/48000/2" in a=rtpmap whatever the real channel count (§7), which
// is negotiated with the fmtp parameters stereo and sprop-stereo. Opus is
// pure Go here (github.com/thesyncim/gopus), so the default build needs
// no cgo; media/README.md has the measurements behind that choice.
type Opus struct {
	// Channels of the PCM the encoder takes and the decoder gives: 1, or
	// 2 when the far end asked for stereo=1. Zero means 1.
	Channels int
	// Bitrate in bit/s (RFC 7587 §7.1 maxaveragebitrate); zero lets the
	// encoder choose.
	Bitrate int
	// Complexity 0–10 trades CPU for quality; zero means DefaultOpusComplexity.
	Complexity int
	// FEC turns on in-band forward error correction (useinbandfec=1).
	FEC bool
	// DTX turns on discontinuous transmission (usedtx=1).
	DTX bool
	// SampleRate of the PCM side: 8000, 12000, 16000, 24000 or 48000; zero
	// means 48000. The RTP clock stays 48000 whatever it is (RFC 7587
	// §4.1), so a transcoder to G.711 or G.722 can encode and decode Opus at
	// their rate and need no resampler.
	SampleRate int
}

// DefaultOpusComplexity is the encoder complexity used when Opus.Complexity
// is zero: libopus's default. In the pure-Go encoder the complexity barely
// changes the cost (1 and 10 measure within the run-to-run noise, see
// media/README.md), so there is nothing to save by lowering it.
const DefaultOpusComplexity = 10

// opusMaxPacket is enough for any Opus packet (RFC 6716 §3.4 R5: 1275
// bytes per frame, up to 3 frames of 20 ms in 60 ms plus headers).
const opusMaxPacket = 4000

// opusMaxSamples is the longest packet a decoder may produce, 120 ms at
// 48 kHz (RFC 6716 §3.2.5), per channel; less at a lower rate.
const opusMaxSamples = 5760

func (o Opus) rate() int {
	if o.SampleRate == 0 {
		return 48000
	}
	return o.SampleRate
}

func (o Opus) valid() error {
	if o.Channels < 0 || o.Channels > 2 {
		return fmt.Errorf("opus: %d channels: %w", o.Channels, ErrUnsupported)
	}
	switch o.rate() {
	case 8000, 12000, 16000, 24000, 48000:
		return nil
	}
	return fmt.Errorf("opus: %d Hz: %w", o.SampleRate, ErrUnsupported)
}

func (o Opus) channels() int {
	if o.Channels == 2 {
		return 2
	}
	return 1
}

// Format implements Codec.
func (o Opus) Format() Format {
	return Format{Name: "opus", ClockRate: 48000, Channels: 2, PayloadType: -1, SampleRate: o.rate(), PCMChannels: o.channels()}
}

// NewEncoder implements Codec. The encoder frames 20 ms by default and
// follows the length of the PCM it is given (10, 20, 40 or 60 ms).
func (o Opus) NewEncoder() (Encoder, error) {
	if err := o.valid(); err != nil {
		return nil, err
	}
	enc, err := gopus.NewEncoder(gopus.EncoderConfig{SampleRate: o.rate(), Channels: o.channels(), Application: gopus.ApplicationVoIP})
	if err != nil {
		return nil, fmt.Errorf("opus: new encoder: %w", err)
	}
	c := o.Complexity
	if c == 0 {
		c = DefaultOpusComplexity
	}
	if err := enc.SetComplexity(c); err != nil {
		return nil, fmt.Errorf("opus: complexity %d: %w", c, err)
	}
	if o.Bitrate > 0 {
		if err := enc.SetBitrate(o.Bitrate); err != nil {
			return nil, fmt.Errorf("opus: bitrate %d: %w", o.Bitrate, err)
		}
	}
	enc.SetFEC(o.FEC)
	enc.SetDTX(o.DTX)
	return &opusEncoder{enc: enc, ch: o.channels(), perMs: o.rate() / 1000, frame: enc.FrameSize()}, nil
}

// NewDecoder implements Codec. Decode with an empty payload conceals one
// lost packet (RFC 6716 §4.4) and gives as many samples as the last one.
func (o Opus) NewDecoder() (Decoder, error) {
	if err := o.valid(); err != nil {
		return nil, err
	}
	dec, err := gopus.NewDecoder(gopus.DefaultDecoderConfig(o.rate(), o.channels()))
	if err != nil {
		return nil, fmt.Errorf("opus: new decoder: %w", err)
	}
	return &opusDecoder{dec: dec, ch: o.channels()}, nil
}

type opusEncoder struct {
	enc   *gopus.Encoder
	ch    int
	perMs int // samples per channel per millisecond
	frame int // samples per channel of the current framing
}

type opusDecoder struct {
	dec *gopus.Decoder
	ch  int
}

func (e *opusEncoder) Encode(pcm []int16, out []byte) ([]byte, error) {
	if len(pcm)%e.ch != 0 {
		return out, fmt.Errorf("opus: %d samples for %d channels: %w", len(pcm), e.ch, ErrFrameSize)
	}
	if n := len(pcm) / e.ch; n != e.frame {
		switch n * (48 / e.perMs) {
		case 480, 960, 1920, 2880:
		default:
			return out, fmt.Errorf("opus: %d samples per channel at %d Hz, want 10, 20, 40 or 60 ms: %w", len(pcm)/e.ch, 1000*e.perMs, ErrFrameSize)
		}
		if err := e.enc.SetFrameSize(n); err != nil {
			return out, fmt.Errorf("opus: frame size %d: %w", n, err)
		}
		e.frame = n
	}
	n := len(out)
	out = grow(out, opusMaxPacket)
	w, err := e.enc.EncodeInt16(pcm, out[n:])
	if err != nil {
		return out[:n], fmt.Errorf("opus: encode: %w", err)
	}
	return out[:n+w], nil
}

func (d *opusDecoder) Decode(payload []byte, pcm []int16) ([]int16, error) {
	n := len(pcm)
	pcm = grow(pcm, opusMaxSamples*d.ch)
	var src []byte
	if len(payload) > 0 {
		src = payload
	}
	w, err := d.dec.DecodeInt16(src, pcm[n:])
	if err != nil {
		return pcm[:n], fmt.Errorf("opus: decode: %w", err)
	}
	return pcm[:n+w*d.ch], nil
}
