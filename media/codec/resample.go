package codec

import (
	"fmt"
	"math"
	"time"
)

// Resampler converts mono 16-bit PCM between rates whose ratio is
// rational (8, 16 and 48 kHz here) with a polyphase windowed-sinc FIR
// low-pass: upsample by L, filter, keep every Mth sample, computing only
// the outputs kept and only the non-zero inputs (the classic polyphase
// decomposition, Crochiere & Rabiner 1983 §4.3).
//
// The low-pass passes 0–0.875 × the lower Nyquist frequency flat (3.5 kHz
// of 8 kHz audio, 7 kHz of 16 kHz) and stops everything above 1.125 × it
// by at least ResamplerStopband dB (Kaiser window). Between 1 and 1.125 ×
// Nyquist a tone can alias, but only into the band 0.875–1 × Nyquist,
// above the telephone band; everything further out that would fold into
// the speech band is stopped. State carries over between calls, so a
// stream can be fed frame by frame.
type Resampler struct {
	in, out  int // rates in Hz
	up, down int // L, M
	taps     int // coefficients per polyphase branch
	bank     []float32
	single   []int     // per branch: the index of its only non-zero tap, or -1
	buf      []float32 // taps-1 samples of history, then the new input
	pos      int       // next output's position on the upsampled grid, relative to the first new input
	delay    time.Duration
}

// ResamplerStopband is the stop-band attenuation of the resampler's
// low-pass in dB.
const ResamplerStopband = 70

// NewResampler makes a resampler from inRate to outRate Hz.
func NewResampler(inRate, outRate int) (*Resampler, error) {
	if inRate <= 0 || outRate <= 0 || inRate > 384000 || outRate > 384000 {
		return nil, fmt.Errorf("resample %d Hz to %d Hz: %w", inRate, outRate, ErrUnsupported)
	}
	g := gcd(inRate, outRate)
	r := &Resampler{in: inRate, out: outRate, up: outRate / g, down: inRate / g}
	if r.up > 64 || r.down > 64 {
		return nil, fmt.Errorf("resample %d Hz to %d Hz: ratio %d/%d too fine: %w", inRate, outRate, r.up, r.down, ErrUnsupported)
	}
	fu := float64(inRate) * float64(r.up) // the upsampled rate
	nyq := float64(min(inRate, outRate)) / 2
	pass, stop := 0.875*nyq, 1.125*nyq
	if r.up == 1 && r.down == 1 {
		r.taps = 1
		r.bank = []float32{1}
		r.single = []int{0}
		r.buf = make([]float32, 0, 1024)
		return r, nil
	}
	// Kaiser's estimates (Oppenheim & Schafer, Discrete-Time Signal
	// Processing, 3rd ed., §7.6.1, eqs. 7.62–7.63).
	const a = ResamplerStopband
	beta := 0.1102 * (a - 8.7)
	dw := 2 * math.Pi * (stop - pass) / fu
	n := int(math.Ceil((a-7.95)/(2.285*dw))) + 1
	n |= 1 // odd: the centre falls on a tap
	r.taps = (n + r.up - 1) / r.up
	fc := (pass + stop) / 2 / fu      // cut-off in cycles per upsampled sample
	h := make([]float64, r.taps*r.up) // zero-padded after the n taps
	centre := float64(n-1) / 2
	i0b := besselI0(beta)
	for i := range h[:n] {
		t := float64(i) - centre
		x := 2 * fc * t
		sinc := 1.0
		if x != 0 {
			sinc = math.Sin(math.Pi*x) / (math.Pi * x)
		}
		ratio := 2 * t / float64(n-1)
		w := besselI0(beta*math.Sqrt(max(0, 1-ratio*ratio))) / i0b
		h[i] = 2 * fc * sinc * w * float64(r.up) // × L restores the level lost to zero-stuffing
	}
	// Branch p, reversed, so that an output is a forward dot product with
	// the input window: bank[p*taps+j] = h[p+(taps-1-j)*L].
	r.bank = make([]float32, len(h))
	for p := 0; p < r.up; p++ {
		for j := 0; j < r.taps; j++ {
			r.bank[p*r.taps+j] = float32(h[p+(r.taps-1-j)*r.up])
		}
	}
	// A branch whose only non-zero tap is the centre (every Lth branch
	// when the cut-off is at fu/2L, as for 2× upsampling: a half-band
	// filter) is a pure delay; it costs one multiply instead of a dot.
	r.single = make([]int, r.up)
	for p := range r.single {
		r.single[p] = -1
		nz := 0
		for j := 0; j < r.taps; j++ {
			if math.Abs(float64(r.bank[p*r.taps+j])) > 1e-7 {
				nz++
				r.single[p] = j
			}
		}
		if nz != 1 {
			r.single[p] = -1
		}
	}
	r.buf = make([]float32, r.taps-1, r.taps-1+1024)
	r.delay = time.Duration(centre / fu * float64(time.Second))
	return r, nil
}

// Rates gives the input and output rates.
func (r *Resampler) Rates() (in, out int) { return r.in, r.out }

// Delay is the group delay the filter adds.
func (r *Resampler) Delay() time.Duration { return r.delay }

// Reset forgets the history, for a new stream.
func (r *Resampler) Reset() {
	clear(r.buf[:r.taps-1])
	r.buf = r.buf[:r.taps-1]
	r.pos = 0
}

// Resample appends the resampled in to out. A frame of n samples gives
// n × out/in samples when n × out/in is whole (every ptime at 8, 16 and
// 48 kHz).
func (r *Resampler) Resample(in []int16, out []int16) []int16 {
	h := r.taps - 1
	r.buf = grow(r.buf[:h], len(in))
	for i, s := range in {
		r.buf[h+i] = float32(s)
	}
	end := len(in) * r.up
	count := 0
	if r.pos < end {
		count = (end - r.pos + r.down - 1) / r.down
	}
	o := len(out)
	out = grow(out, count)
	dst := out[o:]
	i, p := r.pos/r.up, r.pos%r.up
	for k := range dst {
		if j := r.single[p]; j >= 0 {
			dst[k] = sat16(r.bank[p*r.taps+j] * r.buf[i+j])
		} else {
			dst[k] = sat16(dot(r.bank[p*r.taps:(p+1)*r.taps], r.buf[i:i+r.taps]))
		}
		for p += r.down; p >= r.up; p -= r.up {
			i++
		}
	}
	r.pos = i*r.up + p - end
	copy(r.buf, r.buf[len(in):len(in)+h])
	r.buf = r.buf[:h]
	return out
}

func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func sat16(v float32) int16 {
	if v >= 32767 {
		return 32767
	}
	if v <= -32768 {
		return -32768
	}
	if v < 0 {
		return int16(v - 0.5)
	}
	return int16(v + 0.5)
}

// besselI0 is the zeroth-order modified Bessel function of the first kind,
// by its power series.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50; k++ {
		term *= (x / 2) / float64(k)
		sum += term * term
		if term*term < sum*1e-17 {
			break
		}
	}
	return sum
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
