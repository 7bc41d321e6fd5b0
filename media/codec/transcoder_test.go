package codec

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

// chain encodes pcm with the first codec in 20 ms frames, transcodes the
// payloads through the chain, and decodes the last codec's payloads.
func chain(t *testing.T, pcm []int16, codecs ...Codec) []int16 {
	t.Helper()
	first, last := codecs[0], codecs[len(codecs)-1]
	enc, _ := first.NewEncoder()
	dec, _ := last.NewDecoder()
	var steps []*Transcoder
	for i := 0; i+1 < len(codecs); i++ {
		tr, err := NewTranscoder(codecs[i], codecs[i+1])
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, tr)
	}
	n := first.Format().FrameLen(ptime)
	var out []int16
	var p, q []byte
	for i := 0; i+n <= len(pcm); i += n {
		var err error
		if p, err = enc.Encode(pcm[i:i+n], p[:0]); err != nil {
			t.Fatal(err)
		}
		for _, tr := range steps {
			if q, err = tr.Transcode(p, q[:0]); err != nil {
				t.Fatal(err)
			}
			p, q = q, p
		}
		if out, err = dec.Decode(p, out); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestTranscodeKeepsTone(t *testing.T) {
	// The tone must keep its frequency (±2 Hz) and its RMS (within rmsTol)
	// after 100 ms of start-up; the tone sequence must keep its order.
	for _, tc := range []struct {
		name   string
		codecs []Codec
		rmsTol float64
	}{
		{"PCMU-PCMA-PCMU", []Codec{PCMU{}, PCMA{}, PCMU{}}, 0.02},
		{"PCMU-G722-PCMU", []Codec{PCMU{}, G722{}, PCMU{}}, 0.03},
		{"PCMU-opus-PCMU", []Codec{PCMU{}, Opus{}, PCMU{}}, 0.05},
		{"PCMU-opus2-PCMU", []Codec{PCMU{}, Opus{Channels: 2}, PCMU{}}, 0.05},
		{"G722-opus-G722", []Codec{G722{}, Opus{}, G722{}}, 0.05},
		{"opus-PCMA-opus", []Codec{Opus{}, PCMA{}, Opus{}}, 0.05},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, out := tc.codecs[0].Format(), tc.codecs[len(tc.codecs)-1].Format()
			src := audiotest.Tone(in.SampleRate, 440, 0.5, time.Second)
			got := chain(t, src, tc.codecs...)
			if want := len(src) * out.SampleRate / in.SampleRate; len(got) != want {
				t.Fatalf("%d samples out, want %d", len(got), want)
			}
			got = got[audiotest.Samples(out.SampleRate, 100*time.Millisecond):]
			f := audiotest.DominantFrequency(got, out.SampleRate)
			rin, rout := audiotest.RMS(src), audiotest.RMS(got)
			t.Logf("%.2f Hz, RMS %.4f -> %.4f (%+.2f%%)", f, rin, rout, 100*(rout/rin-1))
			if math.Abs(f-440) > 2 || math.Abs(rout/rin-1) > tc.rmsTol {
				t.Errorf("%.2f Hz, RMS %.4f; want 440 Hz, RMS %.4f ± %.0f%%", f, rout, rin, 100*tc.rmsTol)
			}
			// A sequence of tones comes out in order.
			seq := audiotest.Sequence(in.SampleRate,
				audiotest.Segment{Freq: 500, Amp: 0.4, Dur: 200 * time.Millisecond},
				audiotest.Segment{Freq: 1000, Amp: 0.4, Dur: 200 * time.Millisecond},
				audiotest.Segment{Freq: 2000, Amp: 0.4, Dur: 200 * time.Millisecond})
			got = chain(t, seq, tc.codecs...)
			// Measure the middle 100 ms of each 200 ms step (codec delay < 50 ms).
			for i, want := range []float64{500, 1000, 2000} {
				a := audiotest.Samples(out.SampleRate, time.Duration(200*i+50)*time.Millisecond)
				b := a + audiotest.Samples(out.SampleRate, 100*time.Millisecond)
				if f := audiotest.DominantFrequency(got[a:b], out.SampleRate); math.Abs(f-want) > 3 {
					t.Errorf("step %d: %.1f Hz, want %v", i, f, want)
				}
			}
		})
	}
}

func TestTranscodeG711Exact(t *testing.T) {
	// µ-law → A-law → µ-law through PCM changes at most the low bits.
	tr, _ := NewTranscoder(PCMU{}, PCMA{})
	back, _ := NewTranscoder(PCMA{}, PCMU{})
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	a, err := tr.Transcode(all, nil)
	if err != nil || len(a) != 256 {
		t.Fatal(len(a), err)
	}
	u, _ := back.Transcode(a, nil)
	dec, _ := PCMU{}.NewDecoder()
	x, _ := dec.Decode(all, nil)
	y, _ := dec.Decode(u, nil)
	for i := range x {
		if d := math.Abs(float64(x[i]) - float64(y[i])); d > math.Max(64, math.Abs(float64(x[i]))/16) {
			t.Errorf("code %#x: %d → %d", i, x[i], y[i])
		}
	}
}

func TestTranscoderErrors(t *testing.T) {
	tr, _ := NewTranscoder(PCMU{}, G722{})
	if _, err := tr.Transcode(nil, nil); !errors.Is(err, ErrEmptyPayload) {
		t.Errorf("empty payload: %v", err)
	}
	// Opus conceals a lost packet instead.
	ot, _ := NewTranscoder(Opus{}, PCMU{})
	enc, _ := Opus{}.NewEncoder()
	p, _ := enc.Encode(audiotest.Tone(48000, 440, 0.5, ptime), nil)
	if _, err := ot.Transcode(p, nil); err != nil {
		t.Fatal(err)
	}
	if out, err := ot.Transcode(nil, nil); err != nil || len(out) != 160 {
		t.Errorf("opus PLC: %d bytes, %v", len(out), err)
	}
	if from, to := ot.Formats(); from.Name != "opus" || to.Name != "PCMU" {
		t.Errorf("Formats = %v, %v", from, to)
	}
}

func TestTranscodeNoAlloc(t *testing.T) {
	for _, pair := range [][2]Codec{{PCMU{}, PCMA{}}, {PCMU{}, G722{}}, {G722{}, PCMU{}}, {PCMU{}, Opus{}}, {Opus{}, PCMU{}}, {Opus{Channels: 2}, PCMU{}}} {
		enc, _ := pair[0].NewEncoder()
		p, _ := enc.Encode(audiotest.Tone(pair[0].Format().SampleRate, 440, 0.5, ptime), nil)
		if pair[0].Format().PCMChannels == 2 {
			p, _ = enc.Encode(slices.Repeat([]int16{0}, 1920), nil)
		}
		tr, _ := NewTranscoder(pair[0], pair[1])
		var out []byte
		run := func() { out, _ = tr.Transcode(p, out[:0]) }
		run()
		if a := testing.AllocsPerRun(20, run); a != 0 {
			t.Errorf("%s→%s: %.1f allocations per frame", pair[0].Format(), pair[1].Format(), a)
		}
	}
}
