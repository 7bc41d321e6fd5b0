// Package audiotest makes and measures test audio, so that a test can prove
// that sound got through, not only that packets did: generate tones, tone
// sequences, DTMF-like pairs and noise as 16-bit PCM, and measure the
// dominant frequency of each segment (FFT), the level of one frequency
// (Goertzel), the RMS level and the lag and likeness of two signals (cross-
// correlation). It is a plain package so that end-to-end tests can use it
// too; nothing here is for the media path itself.
package audiotest

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"time"
)

// Segment is one step of a test signal: up to two sine tones at Amp each
// (a fraction of full scale), or silence when both frequencies are zero.
type Segment struct {
	Freq, Freq2 float64
	Amp         float64
	Dur         time.Duration
}

// Samples is the number of samples of d at rate.
func Samples(rate int, d time.Duration) int {
	return int(int64(rate) * int64(d) / int64(time.Second))
}

// Tone is a sine tone of freq Hz at amp × full scale.
func Tone(rate int, freq, amp float64, d time.Duration) []int16 {
	return Sequence(rate, Segment{Freq: freq, Amp: amp, Dur: d})
}

// Sequence concatenates segments; the phase of each tone runs on across
// segments of the same frequency, so a long tone cut in segments has no
// clicks.
func Sequence(rate int, segs ...Segment) []int16 {
	var out []int16
	var ph1, ph2 float64
	for _, s := range segs {
		n := Samples(rate, s.Dur)
		for i := 0; i < n; i++ {
			v := 0.0
			if s.Freq > 0 {
				v += s.Amp * math.Sin(ph1)
				ph1 += 2 * math.Pi * s.Freq / float64(rate)
			}
			if s.Freq2 > 0 {
				v += s.Amp * math.Sin(ph2)
				ph2 += 2 * math.Pi * s.Freq2 / float64(rate)
			}
			out = append(out, clip(v*32767))
		}
		ph1 = math.Mod(ph1, 2*math.Pi)
		ph2 = math.Mod(ph2, 2*math.Pi)
	}
	return out
}

// Noise is n samples of white noise, uniform in ±amp × full scale, the
// same for the same seed.
func Noise(n int, amp float64, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]int16, n)
	for i := range out {
		out[i] = clip((2*r.Float64() - 1) * amp * 32767)
	}
	return out
}

// Mix adds b into a (saturating), sample by sample, over the shorter length.
func Mix(a, b []int16) []int16 {
	out := append([]int16(nil), a...)
	for i := 0; i < len(out) && i < len(b); i++ {
		out[i] = clip(float64(out[i]) + float64(b[i]))
	}
	return out
}

// Stereo interleaves two mono signals of the same length.
func Stereo(l, r []int16) []int16 {
	out := make([]int16, 0, 2*len(l))
	for i := range l {
		out = append(out, l[i], r[i])
	}
	return out
}

// Channel takes channel ch out of interleaved PCM of n channels.
func Channel(pcm []int16, ch, n int) []int16 {
	out := make([]int16, 0, len(pcm)/n)
	for i := ch; i < len(pcm); i += n {
		out = append(out, pcm[i])
	}
	return out
}

// RMS is the root mean square of pcm as a fraction of full scale (a
// full-scale sine is 0.707).
func RMS(pcm []int16) float64 {
	if len(pcm) == 0 {
		return 0
	}
	var s float64
	for _, v := range pcm {
		f := float64(v) / 32768
		s += f * f
	}
	return math.Sqrt(s / float64(len(pcm)))
}

// DB is 20·log10(x), -inf for 0.
func DB(x float64) float64 { return 20 * math.Log10(x) }

// Level is the amplitude (fraction of full scale) of the sine at freq in
// pcm, by a Goertzel filter over a Hann window (Goertzel 1958; Lyons,
// Understanding DSP, 3rd ed., §13.17). A tone at freq of amplitude a gives
// about a, whether or not freq falls on an FFT bin.
func Level(pcm []int16, rate int, freq float64) float64 {
	n := len(pcm)
	if n == 0 {
		return 0
	}
	w := 2 * math.Pi * freq / float64(rate)
	coeff := 2 * math.Cos(w)
	var s1, s2, wsum float64
	for i, v := range pcm {
		win := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n))
		wsum += win
		s0 := win*float64(v)/32768 + coeff*s1 - s2
		s2, s1 = s1, s0
	}
	re := s1 - s2*math.Cos(w)
	im := s2 * math.Sin(w)
	return 2 * math.Hypot(re, im) / wsum
}

// DominantFrequency is the frequency of the strongest spectral peak of pcm
// in Hz: a Hann-windowed FFT, zero-padded to at least 8192 points, with the
// peak refined by a parabola through the log magnitudes of its bins. It is
// 0 for silence.
func DominantFrequency(pcm []int16, rate int) float64 {
	n := len(pcm)
	if n < 2 {
		return 0
	}
	size := 8192
	for size < 2*n {
		size *= 2
	}
	x := make([]complex128, size)
	for i, v := range pcm {
		win := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n))
		x[i] = complex(win*float64(v), 0)
	}
	fft(x)
	best, bestMag := 0, 0.0
	for k := 1; k < size/2; k++ {
		if m := cmplx.Abs(x[k]); m > bestMag {
			best, bestMag = k, m
		}
	}
	if bestMag == 0 {
		return 0
	}
	delta := 0.0
	if best > 1 && best < size/2-1 {
		a := math.Log(cmplx.Abs(x[best-1]) + 1e-12)
		b := math.Log(bestMag)
		c := math.Log(cmplx.Abs(x[best+1]) + 1e-12)
		if d := a - 2*b + c; d != 0 {
			delta = 0.5 * (a - c) / d
		}
	}
	return (float64(best) + delta) * float64(rate) / float64(size)
}

// Frequencies cuts pcm into segments of seg and gives the dominant
// frequency of each whole one (0 for a silent one).
func Frequencies(pcm []int16, rate int, seg time.Duration) []float64 {
	n := Samples(rate, seg)
	var out []float64
	for i := 0; n > 0 && i+n <= len(pcm); i += n {
		if RMS(pcm[i:i+n]) < 1e-4 {
			out = append(out, 0)
			continue
		}
		out = append(out, DominantFrequency(pcm[i:i+n], rate))
	}
	return out
}

// CrossCorrelation finds the lag in [-maxLag, maxLag] at which b best
// matches a (b[i+lag] ≈ a[i]; a positive lag means b is late) and gives the
// normalised correlation coefficient there (1 = identical shape, any gain).
func CrossCorrelation(a, b []int16, maxLag int) (lag int, coeff float64) {
	bestLag, best := 0, math.Inf(-1)
	for l := -maxLag; l <= maxLag; l++ {
		var sab, saa, sbb float64
		for i := range a {
			j := i + l
			if j < 0 || j >= len(b) {
				continue
			}
			x, y := float64(a[i]), float64(b[j])
			sab += x * y
			saa += x * x
			sbb += y * y
		}
		if saa == 0 || sbb == 0 {
			continue
		}
		if c := sab / math.Sqrt(saa*sbb); c > best {
			bestLag, best = l, c
		}
	}
	if math.IsInf(best, -1) {
		return 0, 0
	}
	return bestLag, best
}

// fft is an in-place iterative radix-2 Cooley–Tukey FFT; len(x) is a power
// of two.
func fft(x []complex128) {
	n := len(x)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			x[i], x[j] = x[j], x[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		step := cmplx.Exp(complex(0, -2*math.Pi/float64(size)))
		for start := 0; start < n; start += size {
			w := complex(1, 0)
			for k := 0; k < size/2; k++ {
				u, v := x[start+k], w*x[start+k+size/2]
				x[start+k], x[start+k+size/2] = u+v, u-v
				w *= step
			}
		}
	}
}

func clip(v float64) int16 {
	v = math.Round(v)
	if v > 32767 {
		return 32767
	}
	if v < -32768 {
		return -32768
	}
	return int16(v)
}
