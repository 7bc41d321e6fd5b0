package codec

import (
	"fmt"

	"github.com/zaf/g711"
)

// PCMU is ITU-T G.711 µ-law, static payload type 0 (RFC 3551 §4.5.14).
type PCMU struct{}

// PCMA is ITU-T G.711 A-law, static payload type 8 (RFC 3551 §4.5.14).
type PCMA struct{}

// Format implements Codec.
func (PCMU) Format() Format {
	return Format{Name: "PCMU", ClockRate: 8000, Channels: 1, PayloadType: 0, SampleRate: 8000, PCMChannels: 1, BytesPerMs: 8}
}

// Format implements Codec.
func (PCMA) Format() Format {
	return Format{Name: "PCMA", ClockRate: 8000, Channels: 1, PayloadType: 8, SampleRate: 8000, PCMChannels: 1, BytesPerMs: 8}
}

// NewEncoder implements Codec.
func (PCMU) NewEncoder() (Encoder, error) { return g711Encoder{law: g711.Ulaw}, nil }

// NewDecoder implements Codec.
func (PCMU) NewDecoder() (Decoder, error) { return g711Decoder{law: g711.Ulaw}, nil }

// NewEncoder implements Codec.
func (PCMA) NewEncoder() (Encoder, error) { return g711Encoder{law: g711.Alaw}, nil }

// NewDecoder implements Codec.
func (PCMA) NewDecoder() (Decoder, error) { return g711Decoder{law: g711.Alaw}, nil }

// G.711 is stateless: one sample, one byte (G.711 §2, §3).
type g711Encoder struct{ law int }

type g711Decoder struct{ law int }

func (e g711Encoder) Encode(pcm []int16, out []byte) ([]byte, error) {
	n := len(out)
	out = grow(out, len(pcm))
	dst := out[n : n+len(pcm)]
	if e.law == g711.Ulaw {
		for i, s := range pcm {
			dst[i] = g711.EncodeUlawFrame(s)
		}
	} else {
		for i, s := range pcm {
			dst[i] = g711.EncodeAlawFrame(s)
		}
	}
	return out, nil
}

func (d g711Decoder) Decode(payload []byte, pcm []int16) ([]int16, error) {
	if len(payload) == 0 {
		return pcm, fmt.Errorf("g711: %w", ErrEmptyPayload)
	}
	n := len(pcm)
	pcm = grow(pcm, len(payload))
	dst := pcm[n : n+len(payload)]
	if d.law == g711.Ulaw {
		for i, b := range payload {
			dst[i] = g711.DecodeUlawFrame(b)
		}
	} else {
		for i, b := range payload {
			dst[i] = g711.DecodeAlawFrame(b)
		}
	}
	return pcm, nil
}

// grow extends s by n elements, reallocating only when its capacity is
// short; the new elements are to be overwritten by the caller.
func grow[T any](s []T, n int) []T {
	if cap(s)-len(s) < n {
		ns := make([]T, len(s), len(s)+n)
		copy(ns, s)
		s = ns
	}
	return s[:len(s)+n]
}
