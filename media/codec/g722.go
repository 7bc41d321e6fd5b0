package codec

import (
	"fmt"

	"github.com/dialtone-pbx/dialtone/media/codec/internal/g722"
)

// G722 is ITU-T G.722 at 64 kbit/s: 16 kHz audio, one byte per two
// samples, static payload type 9 with an 8000 Hz RTP clock and the
// encoding name "G722/8000" for historical reasons (RFC 3551 §4.5.2).
// The coder is media/codec/internal/g722, bit-exact with the ITU-T
// reference arithmetic (as in spandsp and github.com/gotranspile/g722).
type G722 struct{}

// Format implements Codec.
func (G722) Format() Format {
	return Format{Name: "G722", ClockRate: 8000, Channels: 1, PayloadType: 9, SampleRate: 16000, PCMChannels: 1, BytesPerMs: 8}
}

// NewEncoder implements Codec.
func (G722) NewEncoder() (Encoder, error) {
	return &g722Encoder{enc: g722.NewEncoder()}, nil
}

// NewDecoder implements Codec.
func (G722) NewDecoder() (Decoder, error) {
	return &g722Decoder{dec: g722.NewDecoder()}, nil
}

// G.722's sub-band ADPCM predictors carry state from frame to frame
// (G.722 §3, §4), so an encoder or decoder belongs to one stream.
type g722Encoder struct{ enc *g722.Encoder }

type g722Decoder struct{ dec *g722.Decoder }

func (e *g722Encoder) Encode(pcm []int16, out []byte) ([]byte, error) {
	if len(pcm)%2 != 0 {
		return out, fmt.Errorf("g722: %d samples, want an even count: %w", len(pcm), ErrFrameSize)
	}
	n := len(out)
	out = grow(out, len(pcm)/2)
	w := e.enc.Encode(out[n:], pcm)
	return out[:n+w], nil
}

func (d *g722Decoder) Decode(payload []byte, pcm []int16) ([]int16, error) {
	if len(payload) == 0 {
		return pcm, fmt.Errorf("g722: %w", ErrEmptyPayload)
	}
	n := len(pcm)
	pcm = grow(pcm, 2*len(payload))
	w := d.dec.Decode(pcm[n:], payload)
	return pcm[:n+w], nil
}
