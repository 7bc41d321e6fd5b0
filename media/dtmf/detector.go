package dtmf

import "math"

// The DTMF frequencies (ITU-T Q.23 §2): the rows (low group), then the
// columns (high group) of the keypad.
var toneFreqs = [8]float64{697, 770, 852, 941, 1209, 1336, 1477, 1633}

const keypad = "123A456B789C*0#D"

// Detector settings, for 8 kHz PCM. A block of 102 samples (12.75 ms)
// resolves the 73 Hz between the closest rows; blocks slide by half a
// block so that a tone is seen in several of them whatever its alignment.
const (
	rate      = 8000
	blockLen  = 102
	hop       = blockLen / 2
	hitsToAcc = 5 // consecutive hits to accept a digit: every tone ≥ 40 ms, none ≤ 25 ms
	missToEnd = 3 // consecutive misses to end one: a drop-out shorter than ~15 ms does not split a digit
	// A block counts as a hit for a digit when:
	minAmp      = 508  // each tone at least -33 dBm0 (0 dBm0 ≈ 22706 peak in 16-bit linear, G.711 Table 5)
	normalTwist = 6.31 // row power over column power at most 8 dB (Q.24 Table 1)
	revTwist    = 2.51 // column over row at most 4 dB
	relPeak     = 6.31 // each tone 8 dB above the other three of its group
	toneShare   = 0.75 // the two tones carry at least 75% of the block's energy (not speech, not noise)
	// Blocks that hit are mostly those wholly inside the tone: the run of
	// them starts up to a hop after the tone and ends up to a hop before.
	edge = hop / 4
)

// Detector finds DTMF digits in 8 kHz linear PCM (ITU-T Q.24 limits) with
// Goertzel filters at the eight DTMF frequencies (Goertzel 1958). Each
// digit is reported once, when it has ended, with its start (a sample
// index counted from the first sample given to the Detector) and duration
// in samples. Speech and noise are rejected by requiring both tones to
// stand out of their groups and to carry most of the block's energy.
//
// Not safe for concurrent use; one per stream.
type Detector struct {
	coef    [8]float64
	cos     [8]float64
	sin     [8]float64
	buf     [blockLen]float64
	n       int    // samples in buf
	base    uint32 // sample index of buf[0]
	cand    rune   // digit of the current run of hits
	run     int
	runFrom uint32 // start of the first block of the run
	active  bool
	cur     Digit
	lastHit uint32 // end of the last block that hit cur
	misses  int
}

// NewDetector makes a Detector for 8 kHz PCM (G.711 legs).
func NewDetector() *Detector {
	d := &Detector{}
	for i, f := range toneFreqs {
		w := 2 * math.Pi * f / rate
		d.coef[i], d.cos[i], d.sin[i] = 2*math.Cos(w), math.Cos(w), math.Sin(w)
	}
	return d
}

// Detect feeds pcm and appends the digits that ended in it to out.
func (d *Detector) Detect(pcm []int16, out []Digit) []Digit {
	for len(pcm) > 0 {
		k := min(blockLen-d.n, len(pcm))
		for i := 0; i < k; i++ {
			d.buf[d.n+i] = float64(pcm[i])
		}
		d.n += k
		pcm = pcm[k:]
		if d.n < blockLen {
			break
		}
		out = d.block(out)
		copy(d.buf[:], d.buf[hop:])
		d.n -= hop
		d.base += hop
	}
	return out
}

// Flush reports a digit still sounding (at the end of a stream).
func (d *Detector) Flush(out []Digit) []Digit {
	if d.active {
		out = d.end(out)
	}
	return out
}

func (d *Detector) block(out []Digit) []Digit {
	digit, hit := d.analyse()
	start := d.base
	if hit && digit == d.cand {
		d.run++
	} else if hit {
		d.cand, d.run, d.runFrom = digit, 1, start
	} else {
		d.cand, d.run = 0, 0
	}
	if d.active {
		if hit && digit == d.cur.Digit {
			d.misses = 0
			d.lastHit = start + blockLen
			return out
		}
		d.misses++
		if d.misses < missToEnd {
			return out
		}
		out = d.end(out)
	}
	if d.run >= hitsToAcc {
		d.active = true
		d.misses = 0
		d.cur = Digit{Digit: d.cand, Start: d.runFrom - min(d.runFrom, edge), Ended: true}
		d.lastHit = start + blockLen
	}
	return out
}

func (d *Detector) end(out []Digit) []Digit {
	d.active = false
	d.cur.Duration = d.lastHit + edge - d.cur.Start
	return append(out, d.cur)
}

// analyse runs the eight Goertzel filters over the block and applies the
// checks; it gives the digit when the block is a hit.
func (d *Detector) analyse() (rune, bool) {
	var energy float64
	for _, v := range d.buf {
		energy += v * v
	}
	if energy == 0 {
		return 0, false
	}
	var pw [8]float64 // squared amplitude of each tone
	for i := range pw {
		var s1, s2 float64
		c := d.coef[i]
		for _, v := range d.buf {
			s1, s2 = v+c*s1-s2, s1
		}
		re, im := s1-s2*d.cos[i], s2*d.sin[i]
		a := 2 / float64(blockLen)
		pw[i] = (re*re + im*im) * a * a
	}
	r, c := peak(pw[:4]), peak(pw[4:])
	pr, pc := pw[r], pw[4+c]
	if pr < minAmp*minAmp || pc < minAmp*minAmp {
		return 0, false
	}
	if pr > pc*normalTwist || pc > pr*revTwist {
		return 0, false
	}
	for i := 0; i < 4; i++ {
		if (i != r && pw[i]*relPeak > pr) || (i != c && pw[4+i]*relPeak > pc) {
			return 0, false
		}
	}
	// A sine of amplitude a carries N·a²/2 over N samples.
	if (pr+pc)*blockLen/2 < toneShare*energy {
		return 0, false
	}
	return rune(keypad[4*r+c]), true
}

func peak(p []float64) int {
	best := 0
	for i := range p {
		if p[i] > p[best] {
			best = i
		}
	}
	return best
}
