package dtmf

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

// dBm0 to a 16-bit linear sine amplitude (0 dBm0 ≈ 22706, G.711 Table 5).
func amp(dbm0 float64) float64 { return 22706 / 32767.0 * math.Pow(10, dbm0/20) }

func tones(d rune) (float64, float64) {
	i := strings.IndexRune(keypad, d)
	return toneFreqs[i/4], toneFreqs[4+i%4]
}

// dial synthesises digits, each on for on and off for off, at level dBm0
// per tone with twist dB (column minus row), after a lead-in of silence.
func dial(digits string, on, off time.Duration, level, twist float64, lead time.Duration) []int16 {
	segs := []audiotest.Segment{{Dur: lead}}
	for _, d := range digits {
		lo, hi := tones(d)
		// Two segments summed: audiotest gives equal levels, so build the
		// twist by adding the column tone separately.
		segs = append(segs, audiotest.Segment{Freq: lo, Amp: amp(level), Dur: on}, audiotest.Segment{Dur: off})
		_ = hi
	}
	low := audiotest.Sequence(8000, segs...)
	segs = []audiotest.Segment{{Dur: lead}}
	for _, d := range digits {
		_, hi := tones(d)
		segs = append(segs, audiotest.Segment{Freq: hi, Amp: amp(level + twist), Dur: on}, audiotest.Segment{Dur: off})
	}
	return audiotest.Mix(low, audiotest.Sequence(8000, segs...))
}

func detect(pcm []int16, chunk int) []Digit {
	d := NewDetector()
	var out []Digit
	for i := 0; i < len(pcm); i += chunk {
		out = d.Detect(pcm[i:min(i+chunk, len(pcm))], out)
	}
	return d.Flush(out)
}

func digitsOf(ds []Digit) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteRune(d.Digit)
	}
	return b.String()
}

func TestDetector(t *testing.T) {
	const all = "0123456789*#ABCD"
	for _, tc := range []struct {
		name    string
		digits  string
		on, off time.Duration
		level   float64 // dBm0 per tone
		twist   float64
		snr     float64 // dB of the tone pair over white noise; 0 = none
		want    string
	}{
		{"all digits, 100 ms, -10 dBm0", all, 100 * time.Millisecond, 60 * time.Millisecond, -10, 0, 0, all},
		{"40 ms tones, 40 ms gaps", "159#", 40 * time.Millisecond, 40 * time.Millisecond, -10, 0, 0, "159#"},
		{"repeated digit", "5555", 50 * time.Millisecond, 50 * time.Millisecond, -10, 0, 0, "5555"},
		{"weak, -30 dBm0", "2580", 80 * time.Millisecond, 80 * time.Millisecond, -30, 0, 0, "2580"},
		{"loud, 0 dBm0", "147", 80 * time.Millisecond, 80 * time.Millisecond, 0, 0, 0, "147"},
		{"noise, 15 dB SNR", all, 80 * time.Millisecond, 80 * time.Millisecond, -15, 0, 15, all},
		{"reverse twist 3 dB", "369", 80 * time.Millisecond, 80 * time.Millisecond, -15, 3, 0, "369"},
		{"normal twist -6 dB", "369", 80 * time.Millisecond, 80 * time.Millisecond, -15, -6, 0, "369"},
		{"20 ms tones rejected", "123", 20 * time.Millisecond, 60 * time.Millisecond, -10, 0, 0, ""},
		{"too weak, -40 dBm0", "123", 80 * time.Millisecond, 80 * time.Millisecond, -40, 0, 0, ""},
		{"reverse twist 8 dB rejected", "123", 80 * time.Millisecond, 80 * time.Millisecond, -15, 8, 0, ""},
		{"normal twist -12 dB rejected", "123", 80 * time.Millisecond, 80 * time.Millisecond, -15, -12, 0, ""},
	} {
		for _, lead := range []time.Duration{0, 3 * time.Millisecond, 7 * time.Millisecond} { // alignments
			pcm := dial(tc.digits, tc.on, tc.off, tc.level, tc.twist, lead)
			if tc.snr > 0 {
				// White noise uniform in ±a has power a²/3; the pair has 2·A²/2.
				p := math.Pow(amp(tc.level), 2)
				pcm = audiotest.Mix(pcm, audiotest.Noise(len(pcm), math.Sqrt(3*p/math.Pow(10, tc.snr/10)), 9))
			}
			got := detect(pcm, 160)
			if digitsOf(got) != tc.want {
				t.Errorf("%s (lead %v): got %q, want %q", tc.name, lead, digitsOf(got), tc.want)
				continue
			}
			// Timing: start and duration within 10 ms.
			for i, d := range got {
				wantStart := lead + time.Duration(i)*(tc.on+tc.off)
				start := time.Duration(d.Start) * time.Second / 8000
				dur := time.Duration(d.Duration) * time.Second / 8000
				if (start-wantStart).Abs() > 10*time.Millisecond || (dur-tc.on).Abs() > 10*time.Millisecond || !d.Ended {
					t.Errorf("%s (lead %v) digit %d: start %v dur %v, want %v and %v", tc.name, lead, i, start, dur, wantStart, tc.on)
				}
			}
		}
	}
}

func TestDetectorChunking(t *testing.T) {
	pcm := dial("1A#", 60*time.Millisecond, 60*time.Millisecond, -10, 0, 0)
	for _, chunk := range []int{1, 80, 160, 240, 1000} {
		if got := digitsOf(detect(pcm, chunk)); got != "1A#" {
			t.Errorf("chunk %d: %q", chunk, got)
		}
	}
}

// speech synthesises a voiced, speech-like signal: a glottal pulse train
// (rich harmonics of a wandering f0 of 90–260 Hz) through three moving
// formant resonators, with syllable-rate amplitude changes and some
// breath noise.
func speech(d time.Duration, f0lo, f0hi float64, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, 1))
	n := audiotest.Samples(8000, d)
	out := make([]int16, n)
	type res struct{ y1, y2 float64 }
	var fr [3]res
	phase := 0.0
	formants := [3]float64{700, 1200, 2500}
	target := formants
	f0 := (f0lo + f0hi) / 2
	for i := 0; i < n; i++ {
		if i%800 == 0 { // a new "phoneme" every 100 ms
			target = [3]float64{300 + 600*r.Float64(), 900 + 1400*r.Float64(), 2200 + 1000*r.Float64()}
			f0 = f0lo + (f0hi-f0lo)*r.Float64()
		}
		x := 0.0
		phase += f0 * (1 + 0.03*math.Sin(float64(i)/300)) / 8000
		if phase >= 1 {
			phase--
			x = 1
		}
		x += 0.02 * (2*r.Float64() - 1)
		y := 0.0
		for k := range fr {
			formants[k] += (target[k] - formants[k]) * 0.002
			bw := 80.0 + 40*float64(k)
			rr := math.Exp(-math.Pi * bw / 8000)
			c := 2 * rr * math.Cos(2*math.Pi*formants[k]/8000)
			yk := x + c*fr[k].y1 - rr*rr*fr[k].y2
			fr[k].y2, fr[k].y1 = fr[k].y1, yk
			y += yk
		}
		env := 0.5 + 0.5*math.Sin(2*math.Pi*4*float64(i)/8000) // ~4 syllables/s
		out[i] = int16(max(-32768, min(32767, 2500*env*y)))
	}
	return out
}

func TestDetectorRejectsSpeech(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		for _, f0 := range [][2]float64{{90, 140}, {150, 260}} {
			pcm := speech(5*time.Second, f0[0], f0[1], seed)
			if got := detect(pcm, 160); len(got) != 0 {
				t.Errorf("seed %d f0 %v: false digits %q", seed, f0, digitsOf(got))
			}
		}
	}
	// Noise, single tones, and a chord of two row tones are not digits.
	for name, pcm := range map[string][]int16{
		"white noise":  audiotest.Noise(40000, 0.3, 5),
		"697 Hz only":  audiotest.Tone(8000, 697, 0.3, time.Second),
		"1336 Hz only": audiotest.Tone(8000, 1336, 0.3, time.Second),
		"two rows":     audiotest.Sequence(8000, audiotest.Segment{Freq: 697, Freq2: 852, Amp: 0.2, Dur: time.Second}),
		"dial tone":    audiotest.Sequence(8000, audiotest.Segment{Freq: 350, Freq2: 440, Amp: 0.2, Dur: time.Second}),
	} {
		if got := detect(pcm, 160); len(got) != 0 {
			t.Errorf("%s: false digits %q", name, digitsOf(got))
		}
	}
}

func BenchmarkDetector(b *testing.B) {
	pcm := dial("1234567890", 80*time.Millisecond, 80*time.Millisecond, -10, 0, 0)
	d := NewDetector()
	var out []Digit
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		off := (i * 160) % (len(pcm) - 160)
		out = d.Detect(pcm[off:off+160], out[:0])
		i++
	}
}
