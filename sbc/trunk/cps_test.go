package trunk

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCPSLimiterFailFast(t *testing.T) {
	clock := newFakeClock()
	l, err := NewCPSLimiter(1, 1, 0, clock)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Allow() {
		t.Fatal("first call refused")
	}
	if l.Allow() {
		t.Fatal("second call in the same second allowed")
	}
	err = l.Wait(testCtx(t))
	if !errors.Is(err, ErrOverCPS) || err.Error() != "trunk: calls-per-second limit reached: next slot in 1s, bound 0s" {
		t.Fatalf("err %v", err)
	}
	clock.Advance(999 * time.Millisecond)
	if l.Allow() {
		t.Fatal("allowed before the second was over")
	}
	clock.Advance(time.Millisecond)
	if !l.Allow() {
		t.Fatal("refused after a second")
	}
}

func TestCPSLimiterBurst(t *testing.T) {
	clock := newFakeClock()
	l, _ := NewCPSLimiter(2, 3, 0, clock)
	for i := range 3 {
		if !l.Allow() {
			t.Fatalf("burst call %d refused", i)
		}
	}
	if l.Allow() {
		t.Fatal("fourth call allowed")
	}
	clock.Advance(500 * time.Millisecond) // one slot at 2 CPS
	if !l.Allow() || l.Allow() {
		t.Fatal("want exactly one slot after 500ms")
	}
	clock.Advance(10 * time.Second) // idle refills to the burst, not beyond
	n := 0
	for l.Allow() {
		n++
	}
	if n != 3 {
		t.Errorf("after idling, %d calls passed, want the burst of 3", n)
	}
}

func TestCPSLimiterQueue(t *testing.T) {
	clock := newFakeClock()
	l, _ := NewCPSLimiter(1, 1, 2*time.Second, clock)
	ctx := testCtx(t)
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	go func() { done <- l.Wait(ctx) }() // slot at +1s
	clock.waitPending(t, 1)
	go func() { done <- l.Wait(ctx) }() // slot at +2s
	clock.waitPending(t, 2)
	// The fourth call's slot is 3 s away, beyond the 2 s bound: refused now.
	if err := l.Wait(ctx); !errors.Is(err, ErrOverCPS) {
		t.Fatalf("fourth call: %v", err)
	}
	select {
	case err := <-done:
		t.Fatalf("a queued call went early: %v", err)
	default:
	}
	clock.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("the third call went a second early: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	clock.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCPSLimiterCancelGivesSlotBack(t *testing.T) {
	clock := newFakeClock()
	l, _ := NewCPSLimiter(1, 1, 5*time.Second, clock)
	_ = l.Wait(testCtx(t))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Wait(ctx) }()
	clock.waitPending(t, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	clock.Advance(time.Second)
	if !l.Allow() {
		t.Error("the cancelled call's slot was not given back")
	}
}

func TestNewCPSLimiterInvalid(t *testing.T) {
	for _, tc := range []struct {
		rate float64
		wait time.Duration
	}{{0, 0}, {-1, 0}, {2e6, 0}, {1, -time.Second}} {
		if _, err := NewCPSLimiter(tc.rate, 1, tc.wait, nil); !errors.Is(err, ErrInvalidProfile) {
			t.Errorf("rate %v wait %v: %v", tc.rate, tc.wait, err)
		}
	}
}
