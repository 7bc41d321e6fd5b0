package e2e

// Test audio for the media tests: tone sequences written as WAV, G.711
// µ-law, and the analysis that finds what was heard (tone segments by
// level, their dominant frequency by a fine Goertzel scan, and the likeness
// to the source by normalised cross-correlation). Written here, with
// nothing but the standard library, so that the tests depend on no audio
// tool and on nothing of the code under test.

import (
	byteorder "encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const audioRate = 8000 // G.711: 8 kHz mono

// toneStep is one step of a tone sequence: a sine of freq Hz, or silence
// when freq is 0.
type toneStep struct {
	freq float64
	dur  time.Duration
}

// toneSeq is a test signal made of steps, with where each tone lies in it.
type toneSeq struct {
	pcm   []int16
	tones []toneSpan // the tones, in order
}

type toneSpan struct {
	freq       float64
	start, end int // samples
}

// makeTones renders steps at amp × full scale. Each tone fades in and out
// over 5 ms so its edges do not click.
func makeTones(amp float64, steps ...toneStep) toneSeq {
	var s toneSeq
	ramp := audioRate * 5 / 1000
	for _, st := range steps {
		n := int(int64(audioRate) * int64(st.dur) / int64(time.Second))
		start := len(s.pcm)
		for i := range n {
			v := 0.0
			if st.freq > 0 {
				g := 1.0
				if i < ramp {
					g = 0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(ramp))
				} else if n-1-i < ramp {
					g = 0.5 - 0.5*math.Cos(math.Pi*float64(n-1-i)/float64(ramp))
				}
				v = amp * g * math.Sin(2*math.Pi*st.freq*float64(i)/audioRate)
			}
			s.pcm = append(s.pcm, int16(math.Round(v*32767)))
		}
		if st.freq > 0 {
			s.tones = append(s.tones, toneSpan{freq: st.freq, start: start, end: start + n})
		}
	}
	return s
}

// freqs lists the sequence's tone frequencies in order.
func (s toneSeq) freqs() []float64 {
	var f []float64
	for _, t := range s.tones {
		f = append(f, t.freq)
	}
	return f
}

// writeWAV writes 16-bit mono PCM at audioRate.
func writeWAV(t *testing.T, path string, pcm []int16) {
	t.Helper()
	data := make([]byte, 44+2*len(pcm))
	le := byteorder.LittleEndian
	copy(data[0:], "RIFF")
	le.PutUint32(data[4:], uint32(36+2*len(pcm)))
	copy(data[8:], "WAVEfmt ")
	le.PutUint32(data[16:], 16)
	le.PutUint16(data[20:], 1) // PCM
	le.PutUint16(data[22:], 1) // mono
	le.PutUint32(data[24:], audioRate)
	le.PutUint32(data[28:], audioRate*2)
	le.PutUint16(data[32:], 2)
	le.PutUint16(data[34:], 16)
	copy(data[36:], "data")
	le.PutUint32(data[40:], uint32(2*len(pcm)))
	for i, v := range pcm {
		le.PutUint16(data[44+2*i:], uint16(v))
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// readWAV reads a 16-bit PCM WAV that must be mono at audioRate.
func readWAV(path string) ([]int16, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, fmt.Errorf("%s: not a WAV file", path)
	}
	le := byteorder.LittleEndian
	var fmtOK bool
	for off := 12; off+8 <= len(b); {
		id, size := string(b[off:off+4]), int(le.Uint32(b[off+4:]))
		body := b[off+8:]
		if size > len(body) {
			size = len(body) &^ 1 // a recording cut short while being written
		}
		body = body[:size]
		switch id {
		case "fmt ":
			if size < 16 {
				return nil, fmt.Errorf("%s: short fmt chunk", path)
			}
			format, ch, rate, bits := le.Uint16(body[0:]), le.Uint16(body[2:]), le.Uint32(body[4:]), le.Uint16(body[14:])
			if format != 1 || ch != 1 || rate != audioRate || bits != 16 {
				return nil, fmt.Errorf("%s: format %d, %d channels, %d Hz, %d bits; want PCM mono %d Hz 16-bit",
					path, format, ch, rate, bits, audioRate)
			}
			fmtOK = true
		case "data":
			if !fmtOK {
				return nil, fmt.Errorf("%s: data before fmt", path)
			}
			pcm := make([]int16, size/2)
			for i := range pcm {
				pcm[i] = int16(le.Uint16(body[2*i:]))
			}
			return pcm, nil
		}
		off += 8 + size + size&1
	}
	return nil, fmt.Errorf("%s: no data chunk", path)
}

// recording finds the one dump-*-dec.wav (what the phone heard) in dir.
func recording(t *testing.T, dir string) []int16 {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "dump-*-dec.wav"))
	if len(files) != 1 {
		all, _ := os.ReadDir(dir)
		var names []string
		for _, f := range all {
			names = append(names, f.Name())
		}
		t.Fatalf("want one dump-*-dec.wav in %s, have %v", dir, names)
	}
	pcm, err := readWAV(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return pcm
}

// G.711 µ-law (ITU-T G.711, the usual segment encoder with bias 0x84).

func ulawEncode(s int16) byte {
	const bias, clip = 0x84, 32635
	v := int(s)
	sign := 0
	if v < 0 {
		v, sign = -v, 0x80
	}
	if v > clip {
		v = clip
	}
	v += bias
	exp := 7
	for mask := 0x4000; v&mask == 0 && exp > 0; mask >>= 1 {
		exp--
	}
	mant := (v >> (exp + 3)) & 0x0f
	return ^byte(sign | exp<<4 | mant)
}

func ulawDecode(u byte) int16 {
	u = ^u
	exp := int(u>>4) & 7
	v := ((int(u&0x0f) << 3) + 0x84) << exp
	v -= 0x84
	if u&0x80 != 0 {
		v = -v
	}
	return int16(v)
}

// heardTone is one stretch of sound found in a recording.
type heardTone struct {
	start, end int     // samples
	freq       float64 // dominant frequency, Hz
	purity     float64 // share of the stretch's power at freq (1 = a pure sine)
	rms        float64
}

func (h heardTone) String() string {
	return fmt.Sprintf("%.1f Hz at %.3f–%.3f s (purity %.3f, rms %.0f)",
		h.freq, float64(h.start)/audioRate, float64(h.end)/audioRate, h.purity, h.rms)
}

// findTones splits pcm into stretches of sound separated by silence (10 ms
// frames below a fifth of the loudest frame; gaps under 40 ms bridged,
// stretches under 150 ms ignored) and measures each one's dominant
// frequency away from its edges.
func findTones(pcm []int16) []heardTone {
	const frame = audioRate / 100
	nf := len(pcm) / frame
	levels := make([]float64, nf)
	loudest := 0.0
	for i := range nf {
		levels[i] = rms(pcm[i*frame : (i+1)*frame])
		loudest = max(loudest, levels[i])
	}
	threshold := max(300, loudest/5)
	var spans [][2]int // in frames, end exclusive
	for i := 0; i < nf; {
		if levels[i] < threshold {
			i++
			continue
		}
		j := i
		for j < nf && levels[j] >= threshold {
			j++
		}
		if n := len(spans); n > 0 && i-spans[n-1][1] < 4 {
			spans[n-1][1] = j
		} else {
			spans = append(spans, [2]int{i, j})
		}
		i = j
	}
	var out []heardTone
	for _, sp := range spans {
		if sp[1]-sp[0] < 15 {
			continue
		}
		h := heardTone{start: sp[0] * frame, end: sp[1] * frame}
		edge := 4 * frame // leave out 40 ms at each end
		body := pcm[h.start+edge : h.end-edge]
		h.freq, h.purity = dominant(body)
		h.rms = rms(body)
		out = append(out, h)
	}
	return out
}

func rms(x []int16) float64 {
	if len(x) == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(x)))
}

// goertzel is the power of x at freq Hz, scaled so that a sine of
// amplitude A over whole periods gives about A²/2, the same scale as the
// mean square.
func goertzel(x []int16, freq float64) float64 {
	w := 2 * math.Pi * freq / audioRate
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range x {
		s0 := float64(v) + c*s1 - s2
		s2, s1 = s1, s0
	}
	p := s1*s1 + s2*s2 - c*s1*s2
	n := float64(len(x))
	return 2 * p / (n * n)
}

// dominant finds the strongest frequency in x between 100 and 3,800 Hz:
// a scan in 5 Hz steps, then in 0.1 Hz steps around the best. purity is
// the power there over the mean square of x.
func dominant(x []int16) (freq, purity float64) {
	best, bestP := 0.0, -1.0
	for f := 100.0; f <= 3800; f += 5 {
		if p := goertzel(x, f); p > bestP {
			best, bestP = f, p
		}
	}
	lo := best - 5
	for f := lo; f <= best+5; f += 0.1 {
		if p := goertzel(x, f); p > bestP {
			freq, bestP = f, p
		}
	}
	if freq == 0 {
		freq = best
	}
	ms := rms(x)
	ms *= ms
	if ms == 0 {
		return 0, 0
	}
	return freq, bestP / ms
}

// checkTones asserts that heard holds the tones of want, in order, each
// within ±3 % of its frequency, close to a pure tone, and about as long as
// it was sent (±80 ms), and that the gaps between them kept their length.
func checkTones(t *testing.T, what string, heard []heardTone, want toneSeq) {
	t.Helper()
	var b strings.Builder
	for _, h := range heard {
		fmt.Fprintf(&b, "\n  %v", h)
	}
	if len(heard) != len(want.tones) {
		t.Fatalf("%s: heard %d tones, want %d (%v Hz):%s", what, len(heard), len(want.tones), want.freqs(), b.String())
	}
	for i, w := range want.tones {
		h := heard[i]
		if math.Abs(h.freq-w.freq) > 0.03*w.freq {
			t.Fatalf("%s: tone %d is %.1f Hz, want %.0f Hz ±3 %%:%s", what, i+1, h.freq, w.freq, b.String())
		}
		if h.purity < 0.8 {
			t.Fatalf("%s: tone %d is not clean (%.0f %% of its power at %.1f Hz):%s", what, i+1, 100*h.purity, h.freq, b.String())
		}
		if d := (h.end - h.start) - (w.end - w.start); d < -640 || d > 640 {
			t.Fatalf("%s: tone %d lasts %.3f s, sent %.3f s:%s", what, i+1,
				float64(h.end-h.start)/audioRate, float64(w.end-w.start)/audioRate, b.String())
		}
		if i > 0 {
			sent, got := w.start-want.tones[i-1].start, h.start-heard[i-1].start
			if d := got - sent; d < -640 || d > 640 {
				t.Fatalf("%s: tone %d starts %.3f s after the one before, sent %.3f s after:%s", what, i+1,
					float64(got)/audioRate, float64(sent)/audioRate, b.String())
			}
		}
	}
	t.Logf("%s: heard %v Hz in order:%s", what, want.freqs(), b.String())
}

// likeness is the normalised cross-correlation of each sent tone with the
// recording, at the best lag within ±50 ms of where the tone was found.
// It returns the smallest over the tones.
func likeness(sent toneSeq, heard []heardTone, rec []int16) (worst float64, perTone []float64) {
	worst = 1
	for i, w := range sent.tones {
		tmpl := sent.pcm[w.start:w.end]
		guess := heard[i].start
		best := -1.0
		for lag := guess - 400; lag <= guess+400; lag++ {
			if lag < 0 || lag+len(tmpl) > len(rec) {
				continue
			}
			best = max(best, ncc(tmpl, rec[lag:lag+len(tmpl)]))
		}
		perTone = append(perTone, best)
		worst = min(worst, best)
	}
	return worst, perTone
}

func ncc(a, b []int16) float64 {
	var ab, aa, bb float64
	for i := range a {
		x, y := float64(a[i]), float64(b[i])
		ab += x * y
		aa += x * x
		bb += y * y
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

// TestToneAnalysis checks the analysis the media tests rely on, with no
// peer: a tone sequence through G.711 µ-law, shifted in time, is found
// whole; the µ-law codec matches its reference points.
func TestToneAnalysis(t *testing.T) {
	for _, c := range []struct {
		pcm int16
		u   byte
	}{{0, 0xff}, {-1, 0x7f}, {32767, 0x80}, {-32768, 0x00}, {1000, 0xce}} {
		if got := ulawEncode(c.pcm); got != c.u {
			t.Fatalf("µ-law of %d = %#x, want %#x", c.pcm, got, c.u)
		}
	}
	for v := -32768; v <= 32767; v += 7 {
		back := int(ulawDecode(ulawEncode(int16(v))))
		if d := back - v; d*d > (v/16)*(v/16)+33*33 {
			t.Fatalf("µ-law round trip of %d gives %d", v, back)
		}
	}
	seq := makeTones(0.5,
		toneStep{0, ms(500)},
		toneStep{440, ms(500)}, toneStep{0, ms(150)},
		toneStep{880, ms(500)}, toneStep{0, ms(150)},
		toneStep{1320, ms(500)}, toneStep{0, ms(150)},
		toneStep{660, ms(500)}, toneStep{0, ms(500)})
	rec := make([]int16, 301) // starts 37.6 ms late
	for _, v := range seq.pcm {
		rec = append(rec, ulawDecode(ulawEncode(v)))
	}
	heard := findTones(rec)
	checkTones(t, "µ-law copy", heard, seq)
	if worst, per := likeness(seq, heard, rec); worst < 0.99 {
		t.Fatalf("µ-law copy correlates %.4f", per)
	}
	for i, h := range heard {
		if d := h.freq - seq.tones[i].freq; d < -1 || d > 1 {
			t.Fatalf("tone %d measured %.2f Hz, sent %.0f Hz", i+1, h.freq, seq.tones[i].freq)
		}
	}
	// A tone in the wrong place is not mistaken for the right one.
	swapped := makeTones(0.5, toneStep{0, ms(500)}, toneStep{880, ms(500)}, toneStep{0, ms(150)}, toneStep{440, ms(500)})
	h := findTones(swapped.pcm)
	if len(h) != 2 || h[0].freq < 850 || h[1].freq > 460 {
		t.Fatalf("swapped tones measured as %v", h)
	}
}
