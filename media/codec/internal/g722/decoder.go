package g722

// Decoder is the G.722 receiver (G.722 §4) for one stream: its ADPCM
// predictors and QMF delay line carry over from call to call. The zero
// value is not ready; use NewDecoder.
type Decoder struct {
	x      [history]int // last 22 QMF inputs (rl+rh, rl-rh pairs), oldest first
	lo, hi band
}

// NewDecoder returns a decoder in the reset state (G.722 §4.1).
func NewDecoder() *Decoder {
	d := &Decoder{}
	d.Reset()
	return d
}

// Reset puts the decoder back in its initial state.
func (d *Decoder) Reset() {
	d.x = [history]int{}
	d.lo.reset(32)
	d.hi.reset(8)
}

// Decode decodes 64 kbit/s codes from src into 16 kHz samples in dst, two
// per byte, and returns the number of samples written:
// 2*min(len(src), len(dst)/2).
//
// The receive QMF output is saturated to 16 bits, as FFmpeg does. The
// reference (spandsp, gotranspile/g722) truncates it, so near full scale
// (hard-clipped input) its samples can wrap to the opposite sign, a loud
// click; this is the one place the output differs from it.
func (d *Decoder) Decode(dst []int16, src []byte) int {
	n := min(len(src), len(dst)/2)
	for done := 0; done < n; {
		m := min(n-done, chunk)
		d.decodeChunk(dst[2*done:2*(done+m)], src[done:done+m])
		done += m
	}
	return 2 * n
}

// decodeChunk decodes len(src) <= chunk bytes into dst.
func (d *Decoder) decodeChunk(dst []int16, src []byte) {
	var buf [history + 2*chunk]int
	copy(buf[:history], d.x[:])
	out := dst[:2*len(src)]
	lo, hi := &d.lo, &d.hi
	for k, code := range src {
		// Lower band (§4.2): the 6-bit code gives the output, its top
		// four bits drive the predictor and scale factor.
		ilr := int(code) & 63
		rlow := lo.s + (lo.det*qm6[ilr])>>15
		if rlow > 16383 {
			rlow = 16383
		} else if rlow < -16384 {
			rlow = -16384
		}
		ril := ilr >> 2
		dlow := (lo.det * qm4[ril]) >> 15
		lo.scale(wl[rl42[ril]&7], 18432, 8)
		lo.update(dlow)

		// Higher band (§4.3).
		ihigh := int(code>>6) & 3
		dhigh := (hi.det * qm2[ihigh]) >> 15
		rhigh := hi.s + dhigh
		if rhigh > 16383 {
			rhigh = 16383
		} else if rhigh < -16384 {
			rhigh = -16384
		}
		hi.scale(wh[rh2[ihigh]&3], 22528, 10)
		hi.update(dhigh)

		// Receive QMF (§4.4) over history followed by this chunk's pairs.
		w := (*[24]int)(buf[2*k : 2*k+24])
		w[22] = rlow + rhigh
		w[23] = rlow - rhigh
		xout2 := w[0]*h0 + w[2]*h1 + w[4]*h2 + w[6]*h3 + w[8]*h4 + w[10]*h5 +
			w[12]*h6 + w[14]*h7 + w[16]*h8 + w[18]*h9 + w[20]*h10 + w[22]*h11
		xout1 := w[1]*h11 + w[3]*h10 + w[5]*h9 + w[7]*h8 + w[9]*h7 + w[11]*h6 +
			w[13]*h5 + w[15]*h4 + w[17]*h3 + w[19]*h2 + w[21]*h1 + w[23]*h0
		o := (*[2]int16)(out[2*k : 2*k+2])
		o[0] = int16(sat16(xout1 >> 11))
		o[1] = int16(sat16(xout2 >> 11))
	}
	copy(d.x[:], buf[2*len(src):2*len(src)+history])
}

// SameOrSaturated reports whether a sample of ours equals the reference's,
// or sits at a rail where the reference (which truncates a value beyond
// the int16 range) may have wrapped round: for tests that compare the two.
func SameOrSaturated(mine, reference int16) bool {
	return mine == reference || mine == 32767 || mine == -32768
}
