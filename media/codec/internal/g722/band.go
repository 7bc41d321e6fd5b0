// Package g722 is ITU-T G.722 sub-band ADPCM at 64 kbit/s (mode 1): 16 kHz
// linear PCM in, one byte per two samples out, and back.
//
// It is bit-exact with the ITU-T reference arithmetic as carried by spandsp
// (and github.com/gotranspile/g722, against which it is tested), but keeps
// its state in fixed-size arrays, runs the QMF over a frame-sized window
// instead of shifting the delay line each sample pair, finds the lower-band
// quantiser interval by binary search, and updates the predictors without
// data-dependent branches. Nothing allocates.
package g722

// band is the state of one sub-band ADPCM coder (G.722 §3.6 block 4, and the
// scale factor of blocks 3L/3H). The encoder and decoder keep one for the
// lower and one for the higher band, and run the same updates on them.
type band struct {
	s   int    // predicted signal estimate, SE/SH
	sz  int    // zero-section prediction, SZL/SZH
	r1  int    // reconstructed signal one sample ago, RLT1/RH1
	r2  int    // reconstructed signal two samples ago
	p1  int    // partial reconstruction one sample ago, PLT1/PH1
	p2  int    // partial reconstruction two samples ago
	a1  int    // pole predictor coefficients, AL1/AH1
	a2  int    // AL2/AH2
	dq  [6]int // last six quantised differences, newest first, DLTn/DHn
	bz  [6]int // zero predictor coefficients, BLn/BHn
	nb  int    // log scale factor, NBL/NBH
	det int    // scale factor, DETL/DETH
}

func (b *band) reset(det int) { *b = band{det: det} }

// sat16 is the reference's saturate(): clip to the int16 range.
func sat16(x int) int {
	if x > 32767 {
		return 32767
	}
	if x < -32768 {
		return -32768
	}
	return x
}

// signed gives v when m is 0 and -v when m is -1.
func signed(v, m int) int { return (v ^ m) - m }

// update is block 4 (G.722 §3.6): reconstruct, adapt the two pole and six
// zero predictor coefficients with the new quantised difference d, and
// predict the next sample.
func (b *band) update(d int) {
	r0 := sat16(b.s + d)  // RECONS
	p0 := sat16(b.sz + d) // PARREC

	// Sign masks stand in for the reference's comparisons of p>>15, which
	// agree because every p is already in int16 range.
	same01 := ^((p0 ^ b.p1) >> 63) // -1 when p0 and p1 have the same sign
	same02 := ^((p0 ^ b.p2) >> 63)

	// UPPOL2
	wd2 := signed(sat16(b.a1<<2), same01) // -wd1 on equal signs
	if wd2 > 32767 {
		wd2 = 32767
	}
	ap2 := wd2>>7 + signed(-128, same02) + (b.a2*32512)>>15
	if ap2 > 12288 {
		ap2 = 12288
	} else if ap2 < -12288 {
		ap2 = -12288
	}

	// UPPOL1: cannot leave the int16 range, so no saturation is needed.
	ap1 := signed(-192, same01) + (b.a1*32640)>>15
	lim := 15360 - ap2
	if ap1 > lim {
		ap1 = lim
	} else if ap1 < -lim {
		ap1 = -lim
	}

	// UPZERO: |bz*32640>>15| <= 32640, so ±128 stays in int16 range.
	g := 0
	if d != 0 {
		g = 128
	}
	bz := &b.bz
	dq := &b.dq
	bz[0] = signed(g, (dq[0]^d)>>63) + (bz[0]*32640)>>15
	bz[1] = signed(g, (dq[1]^d)>>63) + (bz[1]*32640)>>15
	bz[2] = signed(g, (dq[2]^d)>>63) + (bz[2]*32640)>>15
	bz[3] = signed(g, (dq[3]^d)>>63) + (bz[3]*32640)>>15
	bz[4] = signed(g, (dq[4]^d)>>63) + (bz[4]*32640)>>15
	bz[5] = signed(g, (dq[5]^d)>>63) + (bz[5]*32640)>>15

	// DELAYA
	dq[5], dq[4], dq[3], dq[2], dq[1], dq[0] = dq[4], dq[3], dq[2], dq[1], dq[0], d
	b.r2, b.r1 = b.r1, r0
	b.p2, b.p1 = b.p1, p0
	b.a2, b.a1 = ap2, ap1

	// FILTEP
	sp := sat16((ap1*sat16(r0+r0))>>15 + (ap2*sat16(b.r2+b.r2))>>15)

	// FILTEZ
	sz := (bz[0]*sat16(dq[0]+dq[0]))>>15 +
		(bz[1]*sat16(dq[1]+dq[1]))>>15 +
		(bz[2]*sat16(dq[2]+dq[2]))>>15 +
		(bz[3]*sat16(dq[3]+dq[3]))>>15 +
		(bz[4]*sat16(dq[4]+dq[4]))>>15 +
		(bz[5]*sat16(dq[5]+dq[5]))>>15
	b.sz = sat16(sz)
	b.s = sat16(sp + b.sz) // PREDIC
}

// scale is blocks LOGSCL/SCALEL (lower band, limit 18432, shift base 8)
// and LOGSCH/SCALEH (higher band, 22528, 10): adapt the log scale factor by
// w and turn it into the linear scale factor.
func (b *band) scale(w, limit, base int) {
	nb := (b.nb*127)>>7 + w
	if nb < 0 {
		nb = 0
	} else if nb > limit {
		nb = limit
	}
	b.nb = nb
	// The reference shifts ilb left by one when base-nb>>11 is -1 (only at
	// the limit) and right otherwise; doubling first makes it one shift.
	b.det = ((ilb[(nb>>6)&31] << 1) >> (uint(base+1-nb>>11) & 63)) << 2
}

// Tables of G.722 (ITU-T G.722 Tables 14-19 and the QMF coefficients).
var (
	// ilb is the antilog table of SCALEL/SCALEH.
	ilb = [32]int{
		2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383,
		2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
		2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371,
		3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
	}
	// wl is the lower-band log scale factor multiplier, by rl42.
	wl = [8]int{-60, -30, 58, 172, 334, 538, 1198, 3042}
	// rl42 maps a 4-bit lower-band code to its wl index.
	rl42 = [16]int{0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0}
	// qm4 is the 4-bit lower-band inverse quantiser used for prediction.
	qm4 = [16]int{
		0, -20456, -12896, -8968, -6288, -4240, -2584, -1200,
		20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
	}
	// qm6 is the 6-bit lower-band inverse quantiser used for output.
	qm6 = [64]int{
		-136, -136, -136, -136, -24808, -21904, -19008, -16704,
		-14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
		-7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576,
		-3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
		24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
		10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
		4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032,
		1688, 1360, 1040, 728, 432, 136, -432, -136,
	}
	// qm2 is the 2-bit higher-band inverse quantiser.
	qm2 = [4]int{-7408, -1616, 7408, 1616}
	// wh is the higher-band log scale factor multiplier, by rh2 (padded
	// to a power of two so a mask proves the index).
	wh = [4]int{0, -214, 798, 0}
	// rh2 maps a 2-bit higher-band code to its wh index.
	rh2 = [4]int{2, 1, 2, 1}
)

// The 24-tap QMF (G.722 §3.2, §4.4): h0..h11 are its even taps; the taps
// are symmetric, so the odd ones are the same values in reverse order.
const (
	h0  = 3
	h1  = -11
	h2  = 12
	h3  = 32
	h4  = -210
	h5  = 951
	h6  = 3876
	h7  = -805
	h8  = 362
	h9  = -156
	h10 = 53
	h11 = -11
)

// history is how many past QMF inputs a coder carries between calls: the
// 24-tap window minus the newest pair.
const history = 22

// chunk is how many sample pairs a call handles per pass over its stack
// window: one 20 ms frame.
const chunk = 160
