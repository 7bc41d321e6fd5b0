package sbc

import (
	"sync"
	"sync/atomic"
	"time"
)

// logLimiter lets a few log lines per second through, so that a flood of
// malformed input cannot flood the log (or cost more to log than to drop).
type logLimiter struct {
	mu         sync.Mutex
	second     int64 // the Unix second the count is for
	count      int
	perSecond  int
	suppressed atomic.Uint64
	unreported atomic.Uint64
}

func (l *logLimiter) allow(now time.Time) bool {
	sec := now.Unix()
	l.mu.Lock()
	if sec != l.second {
		l.second, l.count = sec, 0
	}
	ok := l.count < l.perSecond
	if ok {
		l.count++
	}
	l.mu.Unlock()
	if !ok {
		l.suppressed.Add(1)
		l.unreported.Add(1)
	}
	return ok
}
