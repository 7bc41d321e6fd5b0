package quality

import (
	"math"
	"strings"
	"time"
)

// Impairment is what the E-model needs of a codec (ITU-T G.113 Appendix I):
// its equipment impairment factor Ie and its packet-loss robustness Bpl.
type Impairment struct {
	Ie  float64
	Bpl float64
}

// CodecImpairment gives Ie and Bpl for an SDP encoding name, from G.113
// Appendix I (Table I.1 and I.3): G.711 with packet loss concealment
// (G.711 Appendix I) Ie 0, Bpl 25.1; G.729A with VAD Ie 11, Bpl 19;
// G.723.1 (6.3 kbit/s) Ie 15, Bpl 16.1; iLBC (G.113 Amd.) Ie 10, Bpl 32.
// The narrowband E-model has no figures for wideband codecs (those are in
// G.107.1); G.722 and Opus are given G.711's, the best a narrowband scale
// can express. ok is false for an unknown name (G.711's figures are given).
func CodecImpairment(name string) (imp Impairment, ok bool) {
	switch strings.ToUpper(name) {
	case "PCMU", "PCMA", "G722", "OPUS":
		return Impairment{Ie: 0, Bpl: 25.1}, true
	case "G729":
		return Impairment{Ie: 11, Bpl: 19}, true
	case "G723":
		return Impairment{Ie: 15, Bpl: 16.1}, true
	case "ILBC":
		return Impairment{Ie: 10, Bpl: 32}, true
	}
	return Impairment{Ie: 0, Bpl: 25.1}, false
}

// Conditions are the measured inputs of the E-model.
type Conditions struct {
	Codec Impairment
	// Loss is the packet loss in percent (Ppl).
	Loss float64
	// BurstR is the burst ratio: 1 for random loss, > 1 for bursty loss
	// (G.107 §3.6); 0 means 1.
	BurstR float64
	// Delay is the one-way mouth-to-ear delay (Ta; also taken as the
	// talker echo delay T, and 2·Ta as the round trip Tr).
	Delay time.Duration
}

// G.107 defaults (Table 3) give Ro = 94.77 (§3.3, from No = -61.18 dBm0p)
// and Is = 1.41 (§3.4); A = 0 for wired lines (Table 1).
const (
	ro = 94.77
	is = 1.41
)

// R computes the transmission rating R = Ro - Is - Id - Ie,eff + A
// (G.107 §3.2) with every parameter but the codec, loss and delay at its
// default value (Table 3: TELR 65 dB, WEPL 110 dB, ...). With no loss and
// no delay it is 93.2.
func R(c Conditions) float64 {
	burst := c.BurstR
	if burst <= 0 {
		burst = 1
	}
	// §3.6, eq. 7-29.
	ppl := math.Max(0, math.Min(100, c.Loss))
	ieEff := c.Codec.Ie + (95-c.Codec.Ie)*ppl/(ppl/burst+c.Codec.Bpl)
	r := ro - is - delayImpairment(c.Delay.Seconds()*1000) - ieEff
	return math.Max(0, math.Min(100, r))
}

// delayImpairment is Id = Idte + Idle + Idd (G.107 §3.5) for a one-way
// delay ta in ms, with T = Ta and Tr = 2·Ta.
func delayImpairment(ta float64) float64 {
	const (
		telr = 65.0
		wepl = 110.0
		no   = -61.18
	)
	t, tr := ta, 2*ta
	// Talker echo, eqs. 7-19 to 7-21.
	roe := -1.5 * (no - 2)
	terv := telr - 40*math.Log10((1+t/10)/(1+t/150)) + 6*math.Exp(-0.3*t*t)
	re := 80 + 2.5*(terv-14)
	idte := ((roe-re)/2 + math.Sqrt((roe-re)*(roe-re)/4+100) - 1) * (1 - math.Exp(-t))
	// Listener echo, eqs. 7-22, 7-23.
	rle := 10.5 * (wepl + 7) * math.Pow(tr+1, -0.25)
	idle := (ro-rle)/2 + math.Sqrt((ro-rle)*(ro-rle)/4+169)
	// Absolute delay, eqs. 7-24, 7-25 (mA = 100 ms, sT = 1).
	idd := 0.0
	if ta > 100 {
		x := math.Log10(ta/100) / math.Log10(2)
		idd = 25 * (math.Pow(1+math.Pow(x, 6), 1.0/6) - 3*math.Pow(1+math.Pow(x/3, 6), 1.0/6) + 2)
	}
	return idte + idle + idd
}

// MOS converts R to an estimated conversational MOS (G.107 Annex B,
// eq. B-4): 1 below R = 0, 4.5 above 100. The cubic dips under 1 for
// R < 6.5; that is clamped to 1, so MOS never falls as R rises.
func MOS(r float64) float64 {
	switch {
	case r <= 0:
		return 1
	case r >= 100:
		return 4.5
	}
	return math.Max(1, 1+0.035*r+r*(r-60)*(100-r)*7e-6)
}

// EstimateMOS is MOS(R(c)).
func EstimateMOS(c Conditions) float64 { return MOS(R(c)) }
