package guard

import (
	"fmt"
	"math"
	"math/bits"
	"net/netip"
	"time"
)

// Defaults used when the corresponding option is not given.
const (
	// DefaultMaxSources bounds the source addresses a RateLimiter tracks
	// buckets for, and the addresses a BanList tracks failures for.
	DefaultMaxSources = 65536
	// DefaultMaxBans bounds the bans a BanList holds.
	DefaultMaxBans = 65536
	// DefaultShards is the number of independently locked partitions of
	// the address tables.
	DefaultShards = 64

	maxShards = 4096
)

// Option configures a RateLimiter, a BanList or a ScannerFilter. Each
// constructor documents which options it honours; the others are ignored.
type Option func(*config)

type config struct {
	clock          func() time.Time
	counters       *Counters
	maxSources     int
	maxBans        int
	shards         int
	loopbackExempt bool
	allowlist      []netip.Prefix
	store          BanStore
}

// WithClock sets the source of the current time (time.Now by default).
// Tests use it to drive time by hand. Honoured by RateLimiter and BanList.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.clock = now }
}

// WithCounters makes the protection count what it rejects in c. One Counters
// is normally shared by all the protections of an edge. Without it nothing
// is counted. Honoured by RateLimiter, BanList and ScannerFilter.
func WithCounters(c *Counters) Option {
	return func(cfg *config) { cfg.counters = c }
}

// WithMaxSources bounds how many source addresses are tracked: token buckets
// in a RateLimiter, failure counters in a BanList (default
// DefaultMaxSources). When the table is full the least recently seen source
// is forgotten. Honoured by RateLimiter and BanList.
func WithMaxSources(n int) Option {
	return func(c *config) { c.maxSources = n }
}

// WithMaxBans bounds how many bans a BanList holds (default DefaultMaxBans).
// When full, a new ban replaces the one that expires soonest. Honoured by
// BanList.
func WithMaxBans(n int) Option {
	return func(c *config) { c.maxBans = n }
}

// WithShards sets how many independently locked partitions the address
// tables are split into (default DefaultShards). It is rounded up to a power
// of two, at most 4096, and lowered when the tables are too small to give
// every partition at least one entry. Honoured by RateLimiter and BanList.
func WithShards(n int) Option {
	return func(c *config) { c.shards = n }
}

// WithLoopbackExempt exempts loopback sources (127.0.0.0/8, ::1) from rate
// limiting and banning when exempt is true. They are not exempt by default.
// Honoured by RateLimiter and BanList.
func WithLoopbackExempt(exempt bool) Option {
	return func(c *config) { c.loopbackExempt = exempt }
}

// WithAllowlist exempts sources within any of the prefixes from rate
// limiting and banning: such a source is always allowed and never banned.
// IPv4-mapped IPv6 prefixes are treated as the IPv4 prefix they map.
// Repeated options add up. Honoured by RateLimiter and BanList.
func WithAllowlist(prefixes ...netip.Prefix) Option {
	return func(c *config) { c.allowlist = append(c.allowlist, prefixes...) }
}

// WithBanStore makes a BanList record which addresses' ban state changed, so
// that [BanList.Flush] can persist it to s. Honoured by BanList.
func WithBanStore(s BanStore) Option {
	return func(c *config) { c.store = s }
}

// newConfig applies opts over the defaults and panics on values that can
// only be programming or configuration errors.
func newConfig(opts []Option) config {
	c := config{
		clock:      time.Now,
		maxSources: DefaultMaxSources,
		maxBans:    DefaultMaxBans,
		shards:     DefaultShards,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.clock == nil {
		panic("guard: WithClock given a nil clock")
	}
	if c.maxSources < 1 || c.maxSources > math.MaxInt32 {
		panic(fmt.Sprintf("guard: WithMaxSources(%d): must be within [1, %d]", c.maxSources, math.MaxInt32))
	}
	if c.maxBans < 1 || c.maxBans > math.MaxInt32 {
		panic(fmt.Sprintf("guard: WithMaxBans(%d): must be within [1, %d]", c.maxBans, math.MaxInt32))
	}
	if c.shards < 1 {
		panic(fmt.Sprintf("guard: WithShards(%d): must be at least 1", c.shards))
	}
	c.shards = min(c.shards, maxShards)
	c.shards = 1 << bits.Len(uint(c.shards-1)) // round up to a power of two
	prefixes := make([]netip.Prefix, 0, len(c.allowlist))
	for _, p := range c.allowlist {
		if !p.IsValid() {
			panic(fmt.Sprintf("guard: WithAllowlist: invalid prefix %q", p.String()))
		}
		prefixes = append(prefixes, normalizePrefix(p))
	}
	c.allowlist = prefixes
	return c
}

// normalizePrefix masks p and turns an IPv4-mapped IPv6 prefix of at least
// 96 bits into the IPv4 prefix it maps, to match unmapped addresses.
func normalizePrefix(p netip.Prefix) netip.Prefix {
	p = p.Masked()
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p
}
