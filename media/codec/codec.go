package codec

import (
	"fmt"
	"time"
)

// Encoder turns linear 16-bit PCM (interleaved if stereo) into one RTP
// payload. It appends the payload to out and returns the extended slice,
// like strconv.AppendInt: reuse the result as the next out[:0] and a
// steady stream allocates nothing.
type Encoder interface {
	Encode(pcm []int16, out []byte) ([]byte, error)
}

// Decoder turns one RTP payload into linear 16-bit PCM, appended to pcm.
type Decoder interface {
	Decode(payload []byte, pcm []int16) ([]int16, error)
}

// Codec describes a codec and makes per-stream encoders and decoders.
type Codec interface {
	Format() Format
	NewEncoder() (Encoder, error)
	NewDecoder() (Decoder, error)
}

// Format is what SDP and RTP need to know about a codec, and what the PCM
// side of it looks like.
type Format struct {
	// Name is the encoding name as written in a=rtpmap (RFC 4566 §6).
	Name string
	// ClockRate is the RTP timestamp clock (a=rtpmap). It differs from
	// SampleRate for G.722: 8000 Hz for 16 kHz audio (RFC 3551 §4.5.2).
	ClockRate int
	// Channels is the a=rtpmap channel count (always 2 for Opus, RFC 7587 §7).
	Channels int
	// PayloadType is the static RTP payload type (RFC 3551 §6), or -1 when
	// the codec uses a dynamic one.
	PayloadType int
	// SampleRate is the rate of the PCM the encoder takes and the decoder
	// gives.
	SampleRate int
	// PCMChannels is the number of interleaved channels of that PCM.
	PCMChannels int
	// BytesPerMs is the payload size per millisecond of a constant-rate,
	// sample-based codec (G.711: 8, G.722 at 64 kbit/s: 8), or 0 for a
	// frame-based codec (Opus) whose payloads cannot be cut or joined.
	BytesPerMs int
}

// String gives the rtpmap form, "PCMU/8000" or "opus/48000/2".
func (f Format) String() string {
	if f.Channels > 1 {
		return fmt.Sprintf("%s/%d/%d", f.Name, f.ClockRate, f.Channels)
	}
	return fmt.Sprintf("%s/%d", f.Name, f.ClockRate)
}

// Samples is the PCM samples per channel in a frame of duration ptime.
func (f Format) Samples(ptime time.Duration) int {
	return int(int64(f.SampleRate) * int64(ptime) / int64(time.Second))
}

// FrameLen is the interleaved PCM length (samples × channels) of a frame.
func (f Format) FrameLen(ptime time.Duration) int {
	return f.Samples(ptime) * f.PCMChannels
}

// TimestampStep is how far the RTP timestamp advances per frame of ptime
// (RFC 3550 §5.1), in units of ClockRate.
func (f Format) TimestampStep(ptime time.Duration) uint32 {
	return uint32(int64(f.ClockRate) * int64(ptime) / int64(time.Second))
}

// PayloadSize is the payload length of a frame of ptime for a sample-based
// codec, or 0 for a frame-based one.
func (f Format) PayloadSize(ptime time.Duration) int {
	return f.BytesPerMs * int(ptime/time.Millisecond)
}

// ValidPtime reports whether the codec can carry frames of ptime: any whole
// number of milliseconds up to 200 for G.711 and G.722 (RFC 3551 §4.5), and
// 10, 20, 40 or 60 ms for Opus (RFC 6716 §2.1.4; 2.5 and 5 ms are CELT-only
// and not offered).
func (f Format) ValidPtime(ptime time.Duration) bool {
	if ptime <= 0 || ptime%time.Millisecond != 0 {
		return false
	}
	if f.BytesPerMs > 0 {
		return ptime <= 200*time.Millisecond
	}
	switch ptime {
	case 10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond, 60 * time.Millisecond:
		return true
	}
	return false
}
