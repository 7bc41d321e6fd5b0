package g722

import (
	"math"
	"math/rand/v2"
	"testing"

	ref "github.com/gotranspile/g722"
)

const rate = 16000

// testSignal is 13 s of 16 kHz audio meant to reach every corner of the
// coder: tones low and high, loud and quiet, white noise, silence, DC,
// full-scale square waves and hard-clipped sines, impulses, pole-limit
// tone pairs, and a sweep across the whole band.
func testSignal() []int16 {
	rng := rand.New(rand.NewPCG(7, 22))
	var pcm []int16
	add := func(secs float64, f func(i int, t float64) float64) {
		n := int(secs * rate)
		for i := range n {
			v := math.Round(f(i, float64(i)/rate))
			pcm = append(pcm, int16(max(-32768, min(32767, v))))
		}
	}
	sine := func(freq, amp float64) func(int, float64) float64 {
		return func(_ int, t float64) float64 { return amp * math.Sin(2*math.Pi*freq*t) }
	}
	add(1, sine(440, 10000))
	add(0.5, sine(1000, 30000))
	add(0.5, sine(3400, 20000))
	add(0.5, sine(6000, 16000))
	add(0.5, sine(7900, 25000))
	add(0.5, sine(300, 40)) // quiet
	add(1, func(int, float64) float64 { return 0 })
	add(1, func(int, float64) float64 { return rng.NormFloat64() * 6000 })
	// Full-scale white noise, then DC at both rails.
	add(0.5, func(int, float64) float64 { return float64(rng.IntN(65536) - 32768) })
	add(0.5, func(int, float64) float64 { return 32767 })
	add(0.5, func(int, float64) float64 { return -32768 })
	add(0.5, func(_ int, t float64) float64 { // full-scale square, 500 Hz
		if math.Sin(2*math.Pi*500*t) >= 0 {
			return 32767
		}
		return -32768
	})
	// A sine hard-clipped at four times full scale, then full-scale
	// alternation at Nyquist.
	add(0.5, func(_ int, t float64) float64 { return 4 * 32767 * math.Sin(2*math.Pi*1300*t) })
	add(0.5, func(i int, _ float64) float64 {
		if i%2 == 0 {
			return 32767
		}
		return -32768
	})
	add(0.5, func(i int, _ float64) float64 { // impulses
		if i%397 == 0 {
			return 32767
		}
		return 0
	})
	add(2, func(_ int, t float64) float64 { // log sweep 50 Hz to 7.95 kHz
		f0, f1, d := 50.0, 7950.0, 2.0
		k := math.Log(f1 / f0)
		return 28000 * math.Sin(2*math.Pi*f0*d/k*(math.Exp(t/d*k)-1))
	})
	// A low and a near-4 kHz tone in one band give real poles of both
	// signs, which drives the second pole coefficient into its upper limit.
	add(0.5, func(_ int, t float64) float64 {
		return 12000*math.Sin(2*math.Pi*50*t) + 12000*math.Sin(2*math.Pi*3950*t)
	})
	add(0.5, func(_ int, t float64) float64 {
		return 12000*math.Sin(2*math.Pi*4050*t) + 12000*math.Sin(2*math.Pi*7950*t)
	})
	add(1, func(_ int, t float64) float64 { // speech-like: two formants, syllabic envelope
		env := 0.5 + 0.5*math.Sin(2*math.Pi*4*t)
		return env * (9000*math.Sin(2*math.Pi*700*t) + 4000*math.Sin(2*math.Pi*2200*t) + rng.NormFloat64()*500)
	})
	return pcm
}

// frameSizes cuts n samples into even-length frames: mostly 20 ms, with
// 10, 30 and 60 ms frames and odd pair counts so chunk edges move around.
func frameSizes(n int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 1))
	sizes := []int{320, 320, 320, 160, 480, 960, 2, 2*rng.IntN(400) + 2}
	var out []int
	for n > 0 {
		s := min(n, sizes[rng.IntN(len(sizes))])
		out = append(out, s)
		n -= s
	}
	return out
}

// TestEncodeMatchesReference feeds the whole test signal frame by frame to
// this encoder and to gotranspile/g722's (the ITU-T/spandsp arithmetic) and
// requires identical bytes.
func TestEncodeMatchesReference(t *testing.T) {
	pcm := testSignal()
	if len(pcm) < 10*rate {
		t.Fatalf("test signal is %d samples, want >= 10 s", len(pcm))
	}
	for _, seed := range []uint64{0, 1, 2} {
		mine, theirs := NewEncoder(), ref.NewEncoder(ref.Rate64000, 0)
		a, b := make([]byte, 480), make([]byte, 480)
		off, bytes, hist := 0, 0, [256]int{}
		for fi, n := range frameSizes(len(pcm), seed) {
			fr := pcm[off : off+n]
			na := mine.Encode(a, fr)
			nb := theirs.Encode(b, fr)
			if na != n/2 || nb != n/2 {
				t.Fatalf("seed %d frame %d: wrote %d and %d bytes, want %d", seed, fi, na, nb, n/2)
			}
			for i := range na {
				if a[i] != b[i] {
					t.Fatalf("seed %d frame %d (sample %d) byte %d: %#02x, reference %#02x", seed, fi, off, i, a[i], b[i])
				}
				hist[a[i]]++
			}
			off += n
			bytes += na
		}
		if bytes != len(pcm)/2 {
			t.Fatalf("seed %d: %d bytes, want %d", seed, bytes, len(pcm)/2)
		}
		// Evidence the signal exercised the quantisers: most lower-band
		// codes and all four higher-band codes occur.
		var lowCodes, highCodes [64]bool
		for c, k := range hist {
			if k > 0 {
				lowCodes[c&63] = true
				highCodes[c>>6] = true
			}
		}
		if nl, nh := count(lowCodes[:]), count(highCodes[:4]); nl < 58 || nh != 4 {
			t.Errorf("seed %d: %d lower-band and %d higher-band codes used, want >= 58 and 4", seed, nl, nh)
		}
		t.Logf("seed %d: %d samples, %d bytes identical", seed, len(pcm), bytes)
	}
}

func count(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// TestDecodeMatchesReference decodes, frame by frame, both the reference
// encoder's output for the test signal and random bytes (every code, in
// sequences no encoder makes), and requires identical samples.
func TestDecodeMatchesReference(t *testing.T) {
	pcm := testSignal()
	coded := ref.Encode(pcm, ref.Rate64000, 0)
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 5*rate/2)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	for _, tc := range []struct {
		name string
		in   []byte
	}{{"encoded", coded}, {"random", random}} {
		t.Run(tc.name, func(t *testing.T) {
			mine, theirs := NewDecoder(), ref.NewDecoder(ref.Rate64000, 0)
			wrapped := 0
			a, b := make([]int16, 960), make([]int16, 960)
			off := 0
			for fi, n := range frameSizes(2*len(tc.in), 9) {
				fr := tc.in[off : off+n/2]
				na := mine.Decode(a, fr)
				nb := theirs.Decode(b, fr)
				if na != n || nb != n {
					t.Fatalf("frame %d: %d and %d samples, want %d", fi, na, nb, n)
				}
				for i := range na {
					if !SameOrSaturated(a[i], b[i]) {
						t.Fatalf("frame %d (byte %d) sample %d: %d, reference %d", fi, off, i, a[i], b[i])
					}
					if a[i] != b[i] {
						wrapped++
					}
				}
				off += n / 2
			}
			if off != len(tc.in) {
				t.Fatalf("decoded %d bytes, want %d", off, len(tc.in))
			}
			t.Logf("%d bytes, %d samples: identical except %d where the reference wrapped round and we saturate", off, 2*off, wrapped)
		})
	}
}
