package guard_test

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/dialtone-pbx/dialtone/sbc/guard"
)

// edge shows how a SIP transport might chain the protections.
type edge struct {
	counters *guard.Counters
	limiter  *guard.RateLimiter
	bans     *guard.BanList
	scanners *guard.ScannerFilter
}

// admit decides whether a request from src with the given User-Agent goes
// on to the SIP stack.
func (e *edge) admit(src netip.Addr, userAgent string) bool {
	return !e.bans.Banned(src) && e.limiter.Allow(src) && !e.scanners.IsScanner(userAgent)
}

// housekeeping is the owner's loop: the package starts no goroutine.
func (e *edge) housekeeping(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			e.limiter.Sweep(now)
			for _, b := range e.bans.Sweep(now) {
				fmt.Println("ban lifted:", b.Addr)
			}
			if err := e.bans.Flush(ctx); err != nil {
				fmt.Println("persisting bans:", err) // retried at the next tick
			}
		}
	}
}

func Example() {
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }

	c := new(guard.Counters)
	e := &edge{
		counters: c,
		limiter:  guard.NewRateLimiter(20, 40, guard.WithCounters(c), guard.WithClock(clock)),
		bans: guard.NewBanList(5, time.Minute, time.Hour, guard.WithCounters(c), guard.WithClock(clock),
			guard.WithAllowlist(netip.MustParsePrefix("198.51.100.0/24"))), // the SIP trunk
		scanners: guard.NewScannerFilter(guard.DefaultScannerPatterns(), guard.WithCounters(c)),
	}
	_ = e.housekeeping // run as: go e.housekeeping(ctx, 10*time.Second)

	attacker := netip.MustParseAddr("203.0.113.10")
	fmt.Println("scanner admitted:", e.admit(attacker, "friendly-scanner"))
	for range 5 {
		if ban, created := e.bans.RecordFailure(attacker); created {
			fmt.Printf("banned %v until %s: %s\n", ban.Addr, ban.Until.Format(time.TimeOnly), ban.Reason)
		}
	}
	fmt.Println("attacker admitted:", e.admit(attacker, "Linphone"))

	now = start.Add(time.Hour)
	for _, b := range e.bans.Sweep(now) {
		fmt.Println("ban lifted:", b.Addr)
	}
	fmt.Println("attacker admitted:", e.admit(attacker, "Linphone"))

	s := c.Snapshot()
	fmt.Println("scanner:", s.Scanner, "auth failed:", s.AuthFailed, "bans:", s.BanCreated, "refused as banned:", s.Banned)
	// Output:
	// scanner admitted: false
	// banned 203.0.113.10 until 13:00:00: 5 authentication failures within 1m0s
	// attacker admitted: false
	// ban lifted: 203.0.113.10
	// attacker admitted: true
	// scanner: 1 auth failed: 5 bans: 1 refused as banned: 1
}
