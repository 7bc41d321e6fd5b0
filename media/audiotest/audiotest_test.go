package audiotest

import (
	"math"
	"testing"
	"time"
)

func TestToneMeasures(t *testing.T) {
	for _, tc := range []struct {
		rate int
		freq float64
		amp  float64
	}{
		{8000, 440, 0.5},
		{8000, 1000, 0.1},
		{16000, 3500, 0.3},
		{48000, 440, 0.5},
		{48000, 12345, 0.25},
	} {
		pcm := Tone(tc.rate, tc.freq, tc.amp, 200*time.Millisecond)
		if got := DominantFrequency(pcm, tc.rate); math.Abs(got-tc.freq) > 1 {
			t.Errorf("%d Hz rate, %v Hz: dominant %.2f Hz", tc.rate, tc.freq, got)
		}
		if got, want := RMS(pcm), tc.amp/math.Sqrt2; math.Abs(got-want) > 0.001 {
			t.Errorf("%v Hz: RMS %.4f, want %.4f", tc.freq, got, want)
		}
		if got := Level(pcm, tc.rate, tc.freq); math.Abs(got-tc.amp) > 0.01*tc.amp {
			t.Errorf("%v Hz: Level %.4f, want %.4f", tc.freq, got, tc.amp)
		}
		if got := Level(pcm, tc.rate, tc.freq*1.3); got > tc.amp/100 {
			t.Errorf("%v Hz: Level off-frequency %.5f, want < 1%% of %.2f", tc.freq, got, tc.amp)
		}
	}
}

func TestSequenceFrequencies(t *testing.T) {
	segs := []Segment{{Freq: 440, Amp: 0.5, Dur: 100 * time.Millisecond}, {Dur: 100 * time.Millisecond}, {Freq: 1000, Amp: 0.5, Dur: 100 * time.Millisecond}, {Freq: 697, Freq2: 1209, Amp: 0.3, Dur: 100 * time.Millisecond}}
	pcm := Sequence(8000, segs...)
	got := Frequencies(pcm, 8000, 100*time.Millisecond)
	want := []float64{440, 0, 1000}
	if len(got) != 4 {
		t.Fatalf("got %d segments, want 4", len(got))
	}
	for i, w := range want {
		if math.Abs(got[i]-w) > 2 {
			t.Errorf("segment %d: %.1f Hz, want %v", i, got[i], w)
		}
	}
	if g := got[3]; math.Abs(g-697) > 3 && math.Abs(g-1209) > 3 {
		t.Errorf("dual tone: dominant %.1f, want 697 or 1209", g)
	}
	if l1, l2 := Level(pcm[2400:3200], 8000, 697), Level(pcm[2400:3200], 8000, 1209); math.Abs(l1-0.3) > 0.01 || math.Abs(l2-0.3) > 0.01 {
		t.Errorf("dual tone levels %.3f %.3f, want 0.3", l1, l2)
	}
}

func TestCrossCorrelation(t *testing.T) {
	a := Noise(2000, 0.5, 1)
	b := append(make([]int16, 37), a...)
	for i := range b {
		b[i] /= 2
	}
	lag, c := CrossCorrelation(a, b, 100)
	if lag != 37 || c < 0.999 {
		t.Errorf("lag %d coeff %.4f, want 37 and ~1", lag, c)
	}
	lag, c = CrossCorrelation(a, Noise(2000, 0.5, 2), 50)
	if c > 0.2 {
		t.Errorf("independent noise: lag %d coeff %.3f, want < 0.2", lag, c)
	}
	if _, c := CrossCorrelation(a, make([]int16, 10), 5); c != 0 {
		t.Errorf("silence: coeff %v, want 0", c)
	}
}

func TestHelpers(t *testing.T) {
	st := Stereo([]int16{1, 2, 3}, []int16{4, 5, 6})
	if r := Channel(st, 1, 2); len(r) != 3 || r[2] != 6 {
		t.Errorf("Channel = %v", r)
	}
	if m := Mix([]int16{32000, -5}, []int16{32000, 5}); m[0] != 32767 || m[1] != 0 {
		t.Errorf("Mix = %v", m)
	}
	if RMS(nil) != 0 || DominantFrequency(make([]int16, 100), 8000) != 0 {
		t.Error("silence not measured as 0")
	}
	if math.Abs(DB(0.5)+6.0206) > 1e-3 {
		t.Error("DB")
	}
}
