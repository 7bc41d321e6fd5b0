// Package guard holds the edge protections of the SIP session border
// controller as pure logic: no sockets, no goroutines, no package-level
// mutable state.
//
// The protections are:
//
//   - [RateLimiter]: a per-source-address token bucket (GCRA) with a bounded,
//     sharded, least-recently-seen table of sources.
//   - [BanList]: fail2ban-like banning after N authentication failures
//     within a window, with an allowlist, bounded memory and persistence
//     through a [BanStore] that the owner flushes from its own loop.
//   - [ScannerFilter]: case-insensitive User-Agent matching against known
//     SIP attack tools.
//   - [Counters]: atomic counters of everything the edge rejects.
//
// Every type is safe for concurrent use. Time comes from the clock given with
// [WithClock] (time.Now by default), except for the Sweep methods, which take
// the time from the caller's loop. Housekeeping is the owner's job: call
// Sweep (and [BanList.Flush] when a store is configured) periodically, e.g.
// from a time.Ticker loop that stops with the owner's context.
package guard
