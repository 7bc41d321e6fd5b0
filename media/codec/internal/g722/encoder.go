package g722

// Encoder is the G.722 transmitter (G.722 §3) for one stream: its QMF delay
// line and ADPCM predictors carry over from call to call. The zero value is
// not ready; use NewEncoder.
type Encoder struct {
	x      [history]int // last 22 input samples, oldest first
	lo, hi band
}

// NewEncoder returns an encoder in the reset state (G.722 §3.1).
func NewEncoder() *Encoder {
	e := &Encoder{}
	e.Reset()
	return e
}

// Reset puts the encoder back in its initial state.
func (e *Encoder) Reset() {
	e.x = [history]int{}
	e.lo.reset(32)
	e.hi.reset(8)
}

// Encode codes pcm (16 kHz) into dst, one byte per sample pair, and
// returns the number of bytes written: min(len(dst), len(pcm)/2). An odd
// last sample is not consumed.
func (e *Encoder) Encode(dst []byte, pcm []int16) int {
	n := min(len(dst), len(pcm)/2)
	for done := 0; done < n; {
		m := min(n-done, chunk)
		e.encodeChunk(dst[done:done+m], pcm[2*done:2*(done+m)])
		done += m
	}
	return n
}

// encodeChunk codes len(dst) <= chunk pairs from pcm.
func (e *Encoder) encodeChunk(dst []byte, pcm []int16) {
	// The QMF window slides over history followed by this chunk, so the
	// delay line is copied twice per call instead of shifted per pair.
	var buf [history + 2*chunk]int
	copy(buf[:history], e.x[:])
	in := buf[history : history+len(pcm)]
	for i, v := range pcm {
		in[i] = int(v)
	}
	lo, hi := &e.lo, &e.hi
	for k := range dst {
		// Transmit QMF (§3.2): sumodd from the even taps, sumeven from the
		// odd ones, as the reference names them.
		w := (*[24]int)(buf[2*k : 2*k+24])
		sumodd := w[0]*h0 + w[2]*h1 + w[4]*h2 + w[6]*h3 + w[8]*h4 + w[10]*h5 +
			w[12]*h6 + w[14]*h7 + w[16]*h8 + w[18]*h9 + w[20]*h10 + w[22]*h11
		sumeven := w[1]*h11 + w[3]*h10 + w[5]*h9 + w[7]*h8 + w[9]*h7 + w[11]*h6 +
			w[13]*h5 + w[15]*h4 + w[17]*h3 + w[19]*h2 + w[21]*h1 + w[23]*h0
		xlow := (sumeven + sumodd) >> 14
		xhigh := (sumeven - sumodd) >> 14

		// Lower band (§3.3): 6-bit adaptive quantiser of el.
		el := sat16(xlow - lo.s)
		neg := el >> 63
		wd := el ^ neg // |el| for el >= 0, -(el+1) below
		det := lo.det
		// The decision levels q6[i]*det>>12 rise with i, so the interval
		// the reference finds by linear search is found in five steps.
		// Branches measured faster here than a branch-free mask form.
		i := 0
		if q6[16]*det>>12 <= wd {
			i = 16
		}
		if q6[(i+8)&31]*det>>12 <= wd {
			i += 8
		}
		if q6[(i+4)&31]*det>>12 <= wd {
			i += 4
		}
		if q6[(i+2)&31]*det>>12 <= wd {
			i += 2
		}
		if q6[(i+1)&31]*det>>12 <= wd {
			i++
		}
		ilow := il[((i+1)|(neg&32))&63]
		ril := (ilow >> 2) & 15
		dlow := (det * qm4[ril]) >> 15
		lo.scale(wl[rl42[ril]&7], 18432, 8)
		lo.update(dlow)

		// Higher band (§3.4): 2-bit adaptive quantiser of eh.
		eh := sat16(xhigh - hi.s)
		neg = eh >> 63
		wd = eh ^ neg
		mag := 0
		if wd >= (hi.det*564)>>12 {
			mag = 1
		}
		ihigh := ih[(mag|neg&2)&3]
		dhigh := (hi.det * qm2[ihigh&3]) >> 15
		hi.scale(wh[rh2[ihigh&3]&3], 22528, 10)
		hi.update(dhigh)

		dst[k] = byte(ihigh<<6 | ilow)
	}
	copy(e.x[:], buf[2*len(dst):2*len(dst)+history])
}

var (
	// q6 are the lower-band decision levels (Table 14), padded so the
	// binary search never leaves the last real interval.
	q6 = [32]int{
		0, 35, 72, 110, 150, 190, 233, 276,
		323, 370, 422, 473, 530, 587, 650, 714,
		786, 858, 940, 1023, 1121, 1219, 1339, 1458,
		1612, 1765, 1980, 2195, 2557, 2919, 1 << 20, 1 << 20,
	}
	// il is the 6-bit lower-band code by interval: ILP for el >= 0 in the
	// first half, ILN for el < 0 in the second.
	il = [64]int{
		0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
		46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0,
		0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
		18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0,
	}
	// ih is the 2-bit higher-band code by (sign, magnitude): IHP then IHN.
	ih = [4]int{3, 2, 1, 0}
)
