package g722

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

// TestRoundTripTones codes tones across both sub-bands and checks the
// decoded audio keeps frequency and level, and that the other band stays
// quiet (the QMF separates the bands).
func TestRoundTripTones(t *testing.T) {
	for _, tc := range []struct {
		freq, amp float64
	}{
		{300, 0.3}, {1000, 0.5}, {3000, 0.2}, {5000, 0.3}, {7000, 0.2},
	} {
		pcm := audiotest.Tone(rate, tc.freq, tc.amp, time.Second)
		e, d := NewEncoder(), NewDecoder()
		coded := make([]byte, 160)
		out := make([]int16, 0, len(pcm))
		frame := make([]int16, 320)
		for i := 0; i+320 <= len(pcm); i += 320 {
			e.Encode(coded, pcm[i:i+320])
			n := d.Decode(frame, coded)
			out = append(out, frame[:n]...)
		}
		steady := out[rate/4:] // after the predictors adapt
		f := audiotest.DominantFrequency(steady, rate)
		lvl := audiotest.Level(steady, rate, tc.freq)
		if math.Abs(f-tc.freq) > 2 {
			t.Errorf("%v Hz: decoded dominant %.1f Hz", tc.freq, f)
		}
		if math.Abs(audiotest.DB(lvl/tc.amp)) > 0.5 {
			t.Errorf("%v Hz: level %.3f, sent %.3f", tc.freq, lvl, tc.amp)
		}
		mirror := 8000 - tc.freq // where aliasing between the bands lands
		if leak := audiotest.Level(steady, rate, mirror); audiotest.DB(leak/lvl) > -30 {
			t.Errorf("%v Hz: %.0f Hz image at %.1f dB", tc.freq, mirror, audiotest.DB(leak/lvl))
		}
	}
}

func TestEncodeLengths(t *testing.T) {
	pcm := audiotest.Tone(rate, 440, 0.5, 100*time.Millisecond)
	for _, tc := range []struct {
		name         string
		dst, samples int
		want         int
	}{
		{"20 ms", 160, 320, 160},
		{"odd sample left over", 160, 321, 160},
		{"short dst", 10, 320, 10},
		{"one pair", 4, 2, 1},
		{"one sample", 4, 1, 0},
		{"empty", 4, 0, 0},
		{"longer than a chunk", 800, 1600, 800},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NewEncoder().Encode(make([]byte, tc.dst), pcm[:tc.samples]); got != tc.want {
				t.Errorf("Encode(%d bytes, %d samples) = %d, want %d", tc.dst, tc.samples, got, tc.want)
			}
		})
	}
}

// TestEncoderState checks state carries across calls (split frames give
// the same bytes as one call) and Reset restores the initial state.
func TestEncoderState(t *testing.T) {
	pcm := audiotest.Mix(audiotest.Tone(rate, 700, 0.4, 200*time.Millisecond), audiotest.Noise(rate/5, 0.05, 1))
	whole := make([]byte, len(pcm)/2)
	e := NewEncoder()
	e.Encode(whole, pcm)

	split := make([]byte, len(pcm)/2)
	e.Reset()
	for i := 0; i < len(pcm); i += 64 {
		e.Encode(split[i/2:], pcm[i:min(i+64, len(pcm))])
	}
	if !bytes.Equal(whole, split) {
		t.Error("encoding in 2 ms pieces differs from one call")
	}
	again := make([]byte, 160)
	e.Encode(again, pcm[:320]) // continues from the end of pcm, not from reset
	if bytes.Equal(again, whole[:160]) {
		t.Error("encoder did not carry state: a continued frame equals the first one")
	}
	e.Reset()
	e.Encode(again, pcm[:320])
	if !bytes.Equal(again, whole[:160]) {
		t.Error("after Reset the first frame differs from a new encoder's")
	}
}
