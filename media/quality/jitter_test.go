package quality

import (
	"math"
	"testing"
	"time"
)

func TestJitter(t *testing.T) {
	t0 := time.Unix(1700000000, 0)
	for _, tc := range []struct {
		name  string
		start uint32
		// arrival offset of packet i from its nominal time
		offset func(i int) time.Duration
		want   time.Duration
		tol    time.Duration
	}{
		{"steady", 1000, func(int) time.Duration { return 0 }, 0, 0},
		{"constant delay", 1000, func(int) time.Duration { return 50 * time.Millisecond }, 0, 0},
		// Alternating 0 / +10 ms: |D| = 10 ms every packet, J → 10 ms.
		{"alternating 10 ms", 5000, func(i int) time.Duration { return time.Duration(i%2) * 10 * time.Millisecond }, 10 * time.Millisecond, 100 * time.Microsecond},
		{"timestamp wraps", math.MaxUint32 - 800, func(i int) time.Duration { return time.Duration(i%2) * 4 * time.Millisecond }, 4 * time.Millisecond, 100 * time.Microsecond},
	} {
		j := NewJitter(8000)
		for i := 0; i < 500; i++ {
			ts := tc.start + uint32(i*160)
			j.Update(ts, t0.Add(time.Duration(i)*20*time.Millisecond+tc.offset(i)))
		}
		if got := j.Duration(); (got - tc.want).Abs() > tc.tol {
			t.Errorf("%s: jitter %v (%.2f units), want %v", tc.name, got, j.Units(), tc.want)
		}
	}
	j := NewJitter(8000)
	j.Update(0, t0)
	j.Update(160, t0.Add(40*time.Millisecond)) // 20 ms late: J = 160/16 = 10 units
	if j.Units() != 10 {
		t.Errorf("one step: %v units, want 10 (RFC 3550 A.8)", j.Units())
	}
	j.Reset()
	if j.Units() != 0 || (&Jitter{}).Duration() != 0 {
		t.Error("Reset")
	}
}
