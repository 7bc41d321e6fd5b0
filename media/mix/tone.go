package mix

import (
	"math"
	"time"
)

// The join tone, played to everyone already in when someone joins: a
// rising fifth, 100 ms of 880 Hz, 50 ms of silence, 100 ms of 1320 Hz, at
// −18 dBFS with 5 ms raised-cosine ramps so that it does not click.
const (
	JoinToneLow   = 880.0
	JoinToneHigh  = 1320.0
	joinBeep      = 100 * time.Millisecond
	joinGap       = 50 * time.Millisecond
	joinAmplitude = 0.125 // −18 dBFS
	joinRamp      = 5 * time.Millisecond
)

// joinTone renders the tone at rate, zero-padded to a whole number of
// frames of n samples so that a tick never reads past its end.
func joinTone(rate, n int) []int16 {
	samples := func(d time.Duration) int { return int(int64(rate) * int64(d) / int64(time.Second)) }
	beep, gap, ramp := samples(joinBeep), samples(joinGap), samples(joinRamp)
	total := 2*beep + gap
	total = (total + n - 1) / n * n
	out := make([]int16, total)
	for k, f := range []float64{JoinToneLow, JoinToneHigh} {
		at := k * (beep + gap)
		for i := range beep {
			g := 1.0
			if j := min(i, beep-1-i); j < ramp {
				g = 0.5 - 0.5*math.Cos(math.Pi*float64(j)/float64(ramp))
			}
			out[at+i] = int16(math.Round(g * joinAmplitude * 32767 * math.Sin(2*math.Pi*f*float64(i)/float64(rate))))
		}
	}
	return out
}
