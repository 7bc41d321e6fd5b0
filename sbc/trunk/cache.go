package trunk

import (
	"sync"
	"time"

	"github.com/miekg/dns"
)

// cache keeps DNS answers until their TTL runs out (RFC 1035 §3.2.1) and
// negative answers (NXDOMAIN, NODATA) for a shorter time (RFC 2308 §5).
// Server failures are not cached: the next call asks again.
type cache struct {
	mu      sync.Mutex
	max     int
	entries map[cacheKey]cacheEntry
}

type cacheKey struct {
	name  string
	qtype uint16
}

type cacheEntry struct {
	rrs     []dns.RR // answers of the queried type; never modified once stored
	err     error    // nil or ErrNXDomain
	expires time.Time
}

func newCache(max int) *cache {
	return &cache{max: max, entries: make(map[cacheKey]cacheEntry)}
}

func (c *cache) get(k cacheKey, now time.Time) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return cacheEntry{}, false
	}
	if !now.Before(e.expires) {
		delete(c.entries, k)
		return cacheEntry{}, false
	}
	return e, true
}

func (c *cache) put(k cacheKey, e cacheEntry, now time.Time) {
	if c.max <= 0 || !now.Before(e.expires) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; !ok && len(c.entries) >= c.max {
		c.evict(now)
	}
	c.entries[k] = e
}

// evict drops every expired entry, or else the one that expires first.
// O(n) on a full cache only; the cache holds a few trunk hosts' records.
func (c *cache) evict(now time.Time) {
	var (
		soonest    cacheKey
		soonestExp time.Time
		found      bool
	)
	for k, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, k)
			continue
		}
		if !found || e.expires.Before(soonestExp) {
			soonest, soonestExp, found = k, e.expires, true
		}
	}
	if len(c.entries) >= c.max && found {
		delete(c.entries, soonest)
	}
}

func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
