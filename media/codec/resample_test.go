package codec

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

// resampleFrames runs pcm through r in 20 ms frames, as a call would.
func resampleFrames(r *Resampler, pcm []int16) []int16 {
	in, _ := r.Rates()
	n := in / 50
	var out []int16
	for i := 0; i+n <= len(pcm); i += n {
		out = r.Resample(pcm[i:i+n], out)
	}
	return out
}

func TestResamplePassAndStop(t *testing.T) {
	// Each case: a tone at freq through in→out; gain is the level of the
	// output (at the tone, or at its alias/image for a stopped tone, and the
	// whole RMS) relative to the input's. Figures are logged with -v.
	for _, tc := range []struct {
		in, out int
		freq    float64
		pass    bool
		alias   float64 // where a stopped tone would land
		limit   float64 // dB: |gain| ≤ limit when passing, gain ≤ -limit when stopping
	}{
		{16000, 8000, 3500, true, 0, 0.1},
		{16000, 8000, 1000, true, 0, 0.1},
		{16000, 8000, 6000, false, 2000, 40}, // the figure: ≥ 40 dB
		{16000, 8000, 5000, false, 3000, 60},
		{48000, 8000, 3500, true, 0, 0.1},
		{48000, 8000, 12000, false, 4000, 60},
		{48000, 8000, 7000, false, 1000, 60},
		{48000, 16000, 7000, true, 0, 0.1},
		{48000, 16000, 10000, false, 6000, 60},
		{8000, 16000, 3500, true, 0, 0.1},
		{8000, 16000, 1000, false, 7000, 60}, // the image at 8000-1000
		{8000, 48000, 3500, true, 0, 0.1},
		{8000, 48000, 1000, false, 7000, 60},
		{16000, 48000, 7000, true, 0, 0.1},
		{16000, 48000, 3000, false, 13000, 60},
		{8000, 8000, 1000, true, 0, 0.01},
	} {
		r, err := NewResampler(tc.in, tc.out)
		if err != nil {
			t.Fatal(err)
		}
		src := audiotest.Tone(tc.in, tc.freq, 0.5, 500*time.Millisecond)
		got := resampleFrames(r, src)
		if want := len(src) * tc.out / tc.in; len(got) != want {
			t.Errorf("%d→%d: %d samples out, want %d", tc.in, tc.out, len(got), want)
		}
		got = got[len(got)/5:] // skip the filter's start-up
		if tc.pass {
			g := audiotest.DB(audiotest.Level(got, tc.out, tc.freq) / 0.5)
			t.Logf("%5d→%5d Hz: %5.0f Hz tone passes at %+.3f dB (delay %v)", tc.in, tc.out, tc.freq, g, r.Delay())
			if math.Abs(g) > tc.limit {
				t.Errorf("%d→%d: %v Hz tone at %+.3f dB, want within ±%v dB", tc.in, tc.out, tc.freq, g, tc.limit)
			}
			continue
		}
		atAlias := audiotest.DB(audiotest.Level(got, tc.out, tc.alias) / 0.5)
		resp := audiotest.DB(response(r, tc.freq))
		if tc.out > tc.in {
			// An image: the tone itself passes; only the image must go.
			t.Logf("%5d→%5d Hz: %5.0f Hz tone's image at %.0f Hz: %.1f dB measured, filter response %.1f dB", tc.in, tc.out, tc.freq, tc.alias, atAlias, audiotest.DB(response(r, tc.alias)))
			if atAlias > -tc.limit {
				t.Errorf("%d→%d: image of %v Hz at %.1f dB, want ≤ -%v dB", tc.in, tc.out, tc.freq, atAlias, tc.limit)
			}
			continue
		}
		rms := audiotest.DB(audiotest.RMS(got) / (0.5 / math.Sqrt2))
		t.Logf("%5d→%5d Hz: %5.0f Hz tone stopped: %.1f dB at alias %.0f Hz, output RMS %.1f dB (−Inf: below half an LSB), filter response %.1f dB", tc.in, tc.out, tc.freq, atAlias, tc.alias, rms, resp)
		if atAlias > -tc.limit || rms > -tc.limit || resp > -tc.limit {
			t.Errorf("%d→%d: %v Hz tone: %.1f dB at %v Hz, RMS %.1f dB, response %.1f dB; want ≤ -%v dB", tc.in, tc.out, tc.freq, atAlias, tc.alias, rms, resp, tc.limit)
		}
	}
}

// response is the magnitude of the resampler's low-pass at freq Hz,
// relative to its pass band, from its coefficients.
func response(r *Resampler, freq float64) float64 {
	fu := float64(r.in * r.up)
	var re, im float64
	for p := 0; p < r.up; p++ {
		for j := 0; j < r.taps; j++ {
			n := p + (r.taps-1-j)*r.up
			w := 2 * math.Pi * freq / fu * float64(n)
			h := float64(r.bank[p*r.taps+j])
			re += h * math.Cos(w)
			im -= h * math.Sin(w)
		}
	}
	return math.Hypot(re, im) / float64(r.up)
}

func TestResampleStreamingMatchesOneShot(t *testing.T) {
	for _, rates := range [][2]int{{16000, 8000}, {8000, 48000}, {48000, 16000}} {
		src := audiotest.Mix(audiotest.Tone(rates[0], 440, 0.3, 200*time.Millisecond), audiotest.Noise(rates[0]/5, 0.1, 7))
		a, _ := NewResampler(rates[0], rates[1])
		b, _ := NewResampler(rates[0], rates[1])
		whole := a.Resample(src, nil)
		var parts []int16
		rest := src
		for _, n := range []int{1, 7, 160, 320, 3, 999} {
			n = min(n, len(rest))
			parts = b.Resample(rest[:n], parts)
			rest = rest[n:]
		}
		parts = b.Resample(rest, parts)
		if !slices.Equal(whole, parts) {
			t.Errorf("%v: chunked output differs from one-shot (%d vs %d samples)", rates, len(parts), len(whole))
		}
	}
}

func TestResamplerResetAndErrors(t *testing.T) {
	r, _ := NewResampler(8000, 16000)
	tone := audiotest.Tone(8000, 1000, 0.5, 20*time.Millisecond)
	first := r.Resample(tone, nil)
	r.Resample(tone, nil)
	r.Reset()
	if again := r.Resample(tone, nil); !slices.Equal(first, again) {
		t.Error("after Reset the output differs from a fresh resampler's")
	}
	for _, rates := range [][2]int{{0, 8000}, {8000, -1}, {8000, 44100}} {
		if _, err := NewResampler(rates[0], rates[1]); err == nil {
			t.Errorf("NewResampler(%v) accepted", rates)
		}
	}
}

func TestResampleClips(t *testing.T) {
	// Full-scale DC overshoots by the pass-band ripple; the output must
	// saturate, not wrap around to negative values.
	for _, rates := range [][2]int{{48000, 8000}, {8000, 48000}, {16000, 8000}} {
		r, _ := NewResampler(rates[0], rates[1])
		for _, v := range []int16{32767, -32768} {
			dc := make([]int16, rates[0]/10)
			for i := range dc {
				dc[i] = v
			}
			out := resampleFrames(r, dc)
			for i, s := range out[len(out)/2:] {
				if (v > 0 && s < 32700) || (v < 0 && s > -32700) {
					t.Fatalf("%v: DC %d gave %d at %d", rates, v, s, i)
				}
			}
		}
	}
}
