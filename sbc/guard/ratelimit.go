package guard

import (
	"fmt"
	"math"
	"net/netip"
	"sync"
	"time"
)

// RateLimiter limits requests per source address with a token bucket: each
// address may send burst requests at once and then perSecond requests per
// second on average.
//
// The bucket is kept as a GCRA "theoretical arrival time": one int64 per
// address, exact integer arithmetic, and an address whose bucket has filled
// up again holds no information and can be forgotten at no cost. Addresses
// are partitioned by a seeded hash; each partition has its own lock and a
// least-recently-seen table, so at most maxSources addresses are tracked and,
// when full, the one not heard from the longest is forgotten. A source that
// keeps sending, even refused, stays recently seen and keeps its bucket, so
// a flood from many (spoofed) addresses cannot reset a real offender's
// bucket unless the table is so full that the offender is the idlest.
//
// IPv4-mapped IPv6 addresses count as the IPv4 address they map.
type RateLimiter struct {
	interval int64 // nanoseconds per token
	tau      int64 // burst * interval: how far the arrival time may run ahead
	clock    func() time.Time
	epoch    time.Time
	counters *Counters
	exempt   exemptions
	sharding sharding
	parts    []limiterPart
}

type limiterPart struct {
	mu sync.Mutex
	// table maps each source to the theoretical arrival time of its next
	// request, in nanoseconds since epoch. A value at or before now means a
	// full bucket.
	table lruTable[int64]
	_     [64]byte // keep neighbouring locks off one cache line
}

// NewRateLimiter returns a limiter allowing each source burst requests at
// once and perSecond requests per second on average.
//
// It honours WithClock, WithCounters (RateLimited, SourcesEvicted,
// Malformed), WithMaxSources, WithShards, WithLoopbackExempt and
// WithAllowlist. It panics if perSecond is not a positive finite number,
// burst is less than 1, the bucket would span more than about 73 years, or
// an option is invalid.
func NewRateLimiter(perSecond float64, burst int, opts ...Option) *RateLimiter {
	if math.IsNaN(perSecond) || math.IsInf(perSecond, 0) || perSecond <= 0 {
		panic(fmt.Sprintf("guard: NewRateLimiter: rate %v must be a positive finite number", perSecond))
	}
	if burst < 1 {
		panic(fmt.Sprintf("guard: NewRateLimiter: burst %d must be at least 1", burst))
	}
	interval := math.Max(1, math.Round(float64(time.Second)/perSecond))
	if interval*float64(burst) > math.MaxInt64/4 {
		panic(fmt.Sprintf("guard: NewRateLimiter: rate %v with burst %d spans too long a time", perSecond, burst))
	}
	c := newConfig(opts)
	sh, n := newSharding(c.shards, c.maxSources)
	l := &RateLimiter{
		interval: int64(interval),
		tau:      int64(interval) * int64(burst),
		clock:    c.clock,
		epoch:    c.clock(),
		counters: c.counters,
		exempt:   newExemptions(&c),
		sharding: sh,
		parts:    make([]limiterPart, n),
	}
	for i := range l.parts {
		l.parts[i].table = newLRUTable[int64](partCapacity(c.maxSources, n, i))
	}
	return l
}

// Allow reports whether a request from ip may pass now, and if so takes a
// token from its bucket. Exempt sources always pass and are not tracked. An
// invalid (zero) address never passes.
func (l *RateLimiter) Allow(ip netip.Addr) bool {
	if !ip.IsValid() {
		if l.counters != nil {
			l.counters.Malformed.Add(1)
		}
		return false
	}
	ip = ip.Unmap()
	if l.exempt.has(ip) {
		return true
	}
	now := int64(l.clock().Sub(l.epoch))

	p := &l.parts[l.sharding.index(ip)]
	p.mu.Lock()
	i, found := p.table.lookup(ip)
	evicted := false
	if found {
		p.table.touch(i)
	} else {
		i, evicted = p.table.insert(ip)
	}
	s := p.table.at(i)
	if !found {
		s.val = now
	}
	tat := max(s.val, now)
	allowed := tat+l.interval-now <= l.tau
	if allowed {
		s.val = tat + l.interval
	}
	p.mu.Unlock()

	if l.counters != nil {
		if evicted {
			l.counters.SourcesEvicted.Add(1)
		}
		if !allowed {
			l.counters.RateLimited.Add(1)
		}
	}
	return allowed
}

// Sweep forgets every source whose bucket is full at now, that is, which has
// been idle long enough to have earned back its whole burst. Forgetting such
// a source changes nothing about what it will be allowed. It returns how many
// sources were forgotten. Call it periodically from the owner's loop to give
// the memory of idle sources back; the table stays bounded without it.
func (l *RateLimiter) Sweep(now time.Time) int {
	t := int64(now.Sub(l.epoch))
	idle := func(tat *int64) bool { return *tat <= t }
	n := 0
	for i := range l.parts {
		p := &l.parts[i]
		p.mu.Lock()
		n += p.table.removeIf(idle)
		p.mu.Unlock()
	}
	return n
}

// Len returns how many sources are tracked.
func (l *RateLimiter) Len() int {
	n := 0
	for i := range l.parts {
		p := &l.parts[i]
		p.mu.Lock()
		n += p.table.len()
		p.mu.Unlock()
	}
	return n
}
