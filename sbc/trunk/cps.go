package trunk

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// CPSLimiter spaces new calls to a trunk so that the provider's
// calls-per-second limit is never exceeded, instead of having the far end
// refuse them. A call either gets a slot now, waits for one up to a bound,
// or is refused at once with ErrOverCPS (the caller answers 503 and writes
// a CDR).
//
// It is a token bucket kept as a theoretical arrival time (the generic
// cell rate algorithm): slots are 1/rate apart, burst slots may be used
// at once, and a waiting call holds its slot while it waits.
type CPSLimiter struct {
	clock    Clock
	interval time.Duration // time between slots
	tau      time.Duration // (burst-1)·interval: how early a slot may be used
	maxWait  time.Duration

	mu  sync.Mutex
	tat time.Time // when the bucket is empty again
}

// NewCPSLimiter allows rate calls per second with bursts of burst calls
// (at least 1) and lets a call wait at most maxWait for its slot; 0 fails
// fast. A nil clock is the system clock.
func NewCPSLimiter(rate float64, burst int, maxWait time.Duration, clock Clock) (*CPSLimiter, error) {
	if !(rate > 0) || rate > 1e6 {
		return nil, fmt.Errorf("%w: CPS rate %v", ErrInvalidProfile, rate)
	}
	if maxWait < 0 {
		return nil, fmt.Errorf("%w: negative CPS wait", ErrInvalidProfile)
	}
	burst = max(burst, 1)
	if clock == nil {
		clock = systemClock{}
	}
	iv := time.Duration(float64(time.Second) / rate)
	return &CPSLimiter{clock: clock, interval: iv, tau: time.Duration(burst-1) * iv, maxWait: maxWait}, nil
}

// reserve takes the next slot if it is at most maxWait away and returns
// how long to wait for it.
func (l *CPSLimiter) reserve() (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	tat := l.tat
	if tat.Before(now) {
		tat = now
	}
	wait := tat.Sub(now) - l.tau
	if wait < 0 {
		wait = 0
	}
	if wait > l.maxWait {
		return wait, false
	}
	l.tat = tat.Add(l.interval)
	return wait, true
}

// cancel gives back a slot a call no longer waits for, so later calls
// need not wait for it. Approximate when several calls wait at once: each
// cancelled wait may let one later call through a slot early.
func (l *CPSLimiter) cancel() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tat = l.tat.Add(-l.interval)
}

// Allow takes a slot now or reports false; it never waits.
func (l *CPSLimiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	tat := l.tat
	if tat.Before(now) {
		tat = now
	}
	if tat.Sub(now) > l.tau {
		return false
	}
	l.tat = tat.Add(l.interval)
	return true
}

// Wait returns nil when the call may be sent, ErrOverCPS at once when its
// slot is further away than the limiter's bound, or ctx's error if ctx
// ends first.
func (l *CPSLimiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	wait, ok := l.reserve()
	if !ok {
		return fmt.Errorf("%w: next slot in %s, bound %s", ErrOverCPS, wait.Round(time.Millisecond), l.maxWait)
	}
	if wait == 0 {
		return nil
	}
	select {
	case <-l.clock.After(wait):
		return nil
	case <-ctx.Done():
		l.cancel()
		return ctx.Err()
	}
}
