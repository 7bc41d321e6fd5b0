package admin

import (
	"sync"
	"time"
)

// limiter is a token bucket per key (a remote address): burst attempts at
// once, then one per interval. It slows password guessing across many user
// names, which the per-account lockout alone does not.
type limiter struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// limiterMax bounds the table; full buckets are forgotten first.
const limiterMax = 4096

func newLimiter(burst int, every time.Duration, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), every: every, now: now, buckets: map[string]*bucket{}}
}

// allow takes one token for key, or says how long until one is free.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= limiterMax {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(l.every))
}

// prune drops buckets that have refilled; if none has, the oldest half.
func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(l.every) >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) < limiterMax {
		return
	}
	n := 0
	for k := range l.buckets {
		delete(l.buckets, k)
		if n++; n >= limiterMax/2 {
			return
		}
	}
}
