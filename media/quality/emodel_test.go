package quality

import (
	"math"
	"testing"
	"time"
)

func TestEModel(t *testing.T) {
	g711, _ := CodecImpairment("PCMU")
	g711NoPLC := Impairment{Ie: 0, Bpl: 4.3} // G.113 Table I.3, G.711 without PLC
	g729, _ := CodecImpairment("G729")
	for _, tc := range []struct {
		name   string
		c      Conditions
		r, mos float64 // expected, hand-computed from G.107 eqs.
		rTol   float64
		mosTol float64
	}{
		{"G.711, no loss, 0 ms (G.107 default: R 93.2)", Conditions{Codec: g711}, 93.2, 4.41, 0.05, 0.01},
		{"G.711 with PLC, 2% random loss", Conditions{Codec: g711, Loss: 2}, 86.2, 4.24, 0.1, 0.01},
		{"G.711 without PLC, 2% random loss", Conditions{Codec: g711NoPLC, Loss: 2}, 63.0, 3.26, 0.1, 0.01},
		{"G.729A, no loss", Conditions{Codec: g729}, 82.2, 4.10, 0.1, 0.01},
		{"G.729A, 1% random loss", Conditions{Codec: g729, Loss: 1}, 78.0, 3.95, 0.1, 0.01},
		{"G.711, 2% bursty loss (BurstR 2)", Conditions{Codec: g711, Loss: 2, BurstR: 2}, 86.6 - 95*2/(1+25.1) + 95*2/(2+25.1) - 0.4, 4.21, 0.5, 0.03},
		// Delay: the widely used fit of G.107's Id by Cole & Rosenbluth
		// (ACM CCR 2001), Id = 0.024d + 0.11(d − 177.3)H(d − 177.3),
		// agrees within a few R points.
		{"G.711, 150 ms", Conditions{Codec: g711, Delay: 150 * time.Millisecond}, 93.36 - 0.024*150, 4.34, 1.5, 0.05},
		{"G.711, 300 ms", Conditions{Codec: g711, Delay: 300 * time.Millisecond}, 93.36 - 0.024*300 - 0.11*(300-177.3), 3.85, 4, 0.2},
		{"G.711, 400 ms", Conditions{Codec: g711, Delay: 400 * time.Millisecond}, 93.36 - 0.024*400 - 0.11*(400-177.3), 3.2, 5, 0.3},
		{"everything lost (Ie,eff = 95·100/125.1)", Conditions{Codec: g711, Loss: 100}, 93.2 - 95*100/125.1, 1.18, 0.1, 0.01},
	} {
		r, mos := R(tc.c), EstimateMOS(tc.c)
		t.Logf("%-45s R %5.1f MOS %.2f", tc.name, r, mos)
		if math.Abs(r-tc.r) > tc.rTol || math.Abs(mos-tc.mos) > tc.mosTol {
			t.Errorf("%s: R %.2f MOS %.3f, want R %.2f ± %v, MOS %.2f ± %v", tc.name, r, mos, tc.r, tc.rTol, tc.mos, tc.mosTol)
		}
	}
}

func TestMOSScale(t *testing.T) {
	for _, tc := range []struct{ r, mos float64 }{{-5, 1}, {0, 1}, {50, 2.58}, {70, 3.60}, {80, 4.02}, {90, 4.34}, {100, 4.5}, {120, 4.5}} {
		if got := MOS(tc.r); math.Abs(got-tc.mos) > 0.01 {
			t.Errorf("MOS(%v) = %.3f, want %.2f", tc.r, got, tc.mos)
		}
	}
	prev := 0.0
	for r := 0.0; r <= 100; r++ {
		if m := MOS(r); m < prev {
			t.Fatalf("MOS not monotonic at R %v", r)
		} else {
			prev = m
		}
	}
	if _, ok := CodecImpairment("x-unknown"); ok {
		t.Error("unknown codec reported as known")
	}
	if imp, ok := CodecImpairment("opus"); !ok || imp.Ie != 0 {
		t.Errorf("opus: %+v %v", imp, ok)
	}
}
