package guard

import "sync/atomic"

// Counters counts everything the edge rejects, for metrics. The protections
// given it with [WithCounters] count their own rejections; the fields that
// no protection here fills (Oversize, Malformed for unparsable messages) are
// for the SIP transport to count with Add(1). The zero value is ready to
// use; a Counters must not be copied after first use (take a Snapshot).
type Counters struct {
	// RateLimited: requests refused by a RateLimiter.
	RateLimited atomic.Uint64
	// SourcesEvicted: rate-limiter buckets forgotten because the table of
	// sources was full (a sign of a flood from many, possibly spoofed,
	// addresses).
	SourcesEvicted atomic.Uint64
	// Banned: requests refused because their source is banned
	// (BanList.Banned returned true).
	Banned atomic.Uint64
	// BanCreated: bans created, by failures or by BanList.Ban.
	BanCreated atomic.Uint64
	// BanExpired: bans removed by BanList.Sweep because they ran out.
	BanExpired atomic.Uint64
	// BanLifted: bans removed by BanList.Unban.
	BanLifted atomic.Uint64
	// BanEvicted: bans dropped early because the ban table was full.
	BanEvicted atomic.Uint64
	// AuthFailed: authentication failures reported to a BanList.
	AuthFailed atomic.Uint64
	// FailuresEvicted: failure counters forgotten because their table was
	// full (a sign of a distributed guessing attack).
	FailuresEvicted atomic.Uint64
	// Scanner: requests whose User-Agent matched a ScannerFilter.
	Scanner atomic.Uint64
	// Oversize: messages over the size limit, counted by the transport.
	Oversize atomic.Uint64
	// Malformed: messages that could not be parsed, counted by the
	// transport; the protections here also count requests given an invalid
	// source address.
	Malformed atomic.Uint64
}

// CounterSnapshot is a plain copy of Counters at one moment. Each field is
// read atomically, but the fields are not read all at the same instant.
type CounterSnapshot struct {
	RateLimited     uint64
	SourcesEvicted  uint64
	Banned          uint64
	BanCreated      uint64
	BanExpired      uint64
	BanLifted       uint64
	BanEvicted      uint64
	AuthFailed      uint64
	FailuresEvicted uint64
	Scanner         uint64
	Oversize        uint64
	Malformed       uint64
}

// Snapshot copies the current values.
func (c *Counters) Snapshot() CounterSnapshot {
	return CounterSnapshot{
		RateLimited:     c.RateLimited.Load(),
		SourcesEvicted:  c.SourcesEvicted.Load(),
		Banned:          c.Banned.Load(),
		BanCreated:      c.BanCreated.Load(),
		BanExpired:      c.BanExpired.Load(),
		BanLifted:       c.BanLifted.Load(),
		BanEvicted:      c.BanEvicted.Load(),
		AuthFailed:      c.AuthFailed.Load(),
		FailuresEvicted: c.FailuresEvicted.Load(),
		Scanner:         c.Scanner.Load(),
		Oversize:        c.Oversize.Load(),
		Malformed:       c.Malformed.Load(),
	}
}

// Map returns the values keyed by stable snake_case names, suitable as
// metric label values or suffixes.
func (s CounterSnapshot) Map() map[string]uint64 {
	return map[string]uint64{
		"rate_limited":     s.RateLimited,
		"sources_evicted":  s.SourcesEvicted,
		"banned":           s.Banned,
		"ban_created":      s.BanCreated,
		"ban_expired":      s.BanExpired,
		"ban_lifted":       s.BanLifted,
		"ban_evicted":      s.BanEvicted,
		"auth_failed":      s.AuthFailed,
		"failures_evicted": s.FailuresEvicted,
		"scanner":          s.Scanner,
		"oversize":         s.Oversize,
		"malformed":        s.Malformed,
	}
}
