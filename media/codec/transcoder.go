package codec

import (
	"fmt"
)

// Transcoder turns one payload of codec A into one payload of codec B of
// the same duration, through linear PCM: decode, mix the channels down or
// up, resample, encode. It is what a relay puts between two legs that share
// no codec. One Transcoder per direction; not safe for concurrent use.
//
// To change the ptime as well, use the parts: a Decoder, a Resampler, a
// Repacketizer[int16] and an Encoder.
type Transcoder struct {
	from, to Format
	dec      Decoder
	enc      Encoder
	rs       *Resampler // nil when the rates match
	pcm      []int16    // decoded
	mono     []int16    // channel-converted
	res      []int16    // resampled
	st       []int16    // upmixed
}

// NewTranscoder makes a transcoder from payloads of codec from to payloads
// of codec to.
//
// When one side is Opus at its default 48 kHz and the other side's PCM is
// mono at a rate Opus codes natively (8 or 16 kHz), the Opus side is coded
// at that rate instead: same RTP payloads and clock (RFC 7587 §4.1), no
// resampler, and about half the CPU, since the narrowband content has
// nothing above 4 or 8 kHz anyway.
func NewTranscoder(from, to Codec) (*Transcoder, error) {
	from, to = nativeOpus(from, to.Format()), nativeOpus(to, from.Format())
	ff, tf := from.Format(), to.Format()
	if ff.PCMChannels == 2 && tf.PCMChannels == 2 && ff.SampleRate != tf.SampleRate {
		return nil, fmt.Errorf("transcode %s to %s: stereo resampling: %w", ff, tf, ErrUnsupported)
	}
	dec, err := from.NewDecoder()
	if err != nil {
		return nil, fmt.Errorf("transcode %s to %s: %w", ff, tf, err)
	}
	enc, err := to.NewEncoder()
	if err != nil {
		return nil, fmt.Errorf("transcode %s to %s: %w", ff, tf, err)
	}
	t := &Transcoder{from: ff, to: tf, dec: dec, enc: enc}
	if ff.SampleRate != tf.SampleRate {
		if t.rs, err = NewResampler(ff.SampleRate, tf.SampleRate); err != nil {
			return nil, fmt.Errorf("transcode %s to %s: %w", ff, tf, err)
		}
	}
	return t, nil
}

// Formats gives the source and target formats.
func (t *Transcoder) Formats() (from, to Format) { return t.from, t.to }

// Transcode appends to out the payload of the target codec for payload. An
// empty payload is passed to the decoder, which conceals a lost packet if
// it can (Opus) or fails with ErrEmptyPayload.
func (t *Transcoder) Transcode(payload []byte, out []byte) ([]byte, error) {
	var err error
	t.pcm, err = t.dec.Decode(payload, t.pcm[:0])
	if err != nil {
		return out, fmt.Errorf("transcode %s to %s: %w", t.from, t.to, err)
	}
	pcm := t.pcm
	if t.from.PCMChannels == 2 && t.to.PCMChannels == 1 {
		t.mono = downmix(pcm, t.mono[:0])
		pcm = t.mono
	}
	if t.rs != nil {
		t.res = t.rs.Resample(pcm, t.res[:0])
		pcm = t.res
	}
	if t.from.PCMChannels == 1 && t.to.PCMChannels == 2 {
		t.st = upmix(pcm, t.st[:0])
		pcm = t.st
	}
	out, err = t.enc.Encode(pcm, out)
	if err != nil {
		return out, fmt.Errorf("transcode %s to %s: %w", t.from, t.to, err)
	}
	return out, nil
}

// downmix appends the mean of each interleaved stereo pair.
func downmix(st, out []int16) []int16 {
	o := len(out)
	out = grow(out, len(st)/2)
	dst := out[o:]
	for i := range dst {
		dst[i] = int16((int32(st[2*i]) + int32(st[2*i+1])) / 2)
	}
	return out
}

// upmix appends each mono sample twice.
func upmix(mono, out []int16) []int16 {
	o := len(out)
	out = grow(out, 2*len(mono))
	dst := out[o:]
	for i, s := range mono {
		dst[2*i], dst[2*i+1] = s, s
	}
	return out
}

// nativeOpus gives c coded at the other side's rate if c is a 48 kHz Opus
// and the other side is mono PCM at a rate Opus supports.
func nativeOpus(c Codec, other Format) Codec {
	o, ok := c.(Opus)
	if !ok || o.SampleRate != 0 || other.PCMChannels != 1 {
		return c
	}
	switch other.SampleRate {
	case 8000, 12000, 16000, 24000:
		o.SampleRate = other.SampleRate
	}
	return o
}
