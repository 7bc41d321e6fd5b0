package guard

import (
	"math"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRateLimiterRefill(t *testing.T) {
	type step struct {
		advance time.Duration // before the tries
		tries   int
		want    int // how many of the tries pass
	}
	tests := []struct {
		name      string
		perSecond float64
		burst     int
		steps     []step
	}{
		{"burst honoured then refused", 10, 5, []step{{0, 20, 5}}},
		{"one token per interval", 10, 5, []step{
			{0, 5, 5}, {100 * time.Millisecond, 3, 1}, {50 * time.Millisecond, 1, 0},
			{50 * time.Millisecond, 1, 1}, {350 * time.Millisecond, 10, 3},
		}},
		{"refill capped at burst", 10, 5, []step{{0, 5, 5}, {time.Hour, 20, 5}}},
		{"sustained rate", 100, 1, []step{
			{0, 1, 1}, {10 * time.Millisecond, 2, 1}, {10 * time.Millisecond, 2, 1},
			{5 * time.Millisecond, 1, 0}, {5 * time.Millisecond, 1, 1},
		}},
		{"fractional rate", 0.5, 1, []step{
			{0, 3, 1}, {time.Second, 1, 0}, {999 * time.Millisecond, 1, 0}, {time.Millisecond, 1, 1},
		}},
		{"refused requests take no token", 1, 2, []step{
			{0, 100, 2}, {time.Second, 100, 1}, {time.Second, 1, 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			var ctr Counters
			l := NewRateLimiter(tt.perSecond, tt.burst, WithClock(clk.Now), WithCounters(&ctr))
			ip := mustAddr("192.0.2.1")
			refused := 0
			for i, s := range tt.steps {
				clk.Advance(s.advance)
				got := 0
				for range s.tries {
					if l.Allow(ip) {
						got++
					}
				}
				if got != s.want {
					t.Errorf("step %d (+%v): %d of %d passed, want %d", i, s.advance, got, s.tries, s.want)
				}
				refused += s.tries - got
			}
			if n := ctr.RateLimited.Load(); n != uint64(refused) {
				t.Errorf("RateLimited = %d, want %d", n, refused)
			}
		})
	}
}

func TestRateLimiterSourcesIndependent(t *testing.T) {
	clk := newFakeClock()
	l := NewRateLimiter(1, 3, WithClock(clk.Now))
	sources := []netip.Addr{
		mustAddr("192.0.2.1"), mustAddr("192.0.2.2"), mustAddr("2001:db8::1"),
		mustAddr("2001:db8::2"), mustAddr("fe80::1%eth0"), mustAddr("fe80::1%eth1"),
	}
	for _, ip := range sources {
		for i := range 3 {
			if !l.Allow(ip) {
				t.Fatalf("%v: request %d refused, want its own burst of 3", ip, i+1)
			}
		}
		if l.Allow(ip) {
			t.Fatalf("%v: 4th request passed", ip)
		}
	}
	if got := l.Len(); got != len(sources) {
		t.Errorf("Len = %d, want %d", got, len(sources))
	}
}

func TestRateLimiterMappedAddressSharesBucket(t *testing.T) {
	l := NewRateLimiter(1, 1, WithClock(newFakeClock().Now))
	if !l.Allow(mustAddr("192.0.2.7")) {
		t.Fatal("first request refused")
	}
	if l.Allow(mustAddr("::ffff:192.0.2.7")) {
		t.Error("IPv4-mapped form of the same address got a bucket of its own")
	}
}

func TestRateLimiterExemptions(t *testing.T) {
	tests := []struct {
		name   string
		opts   []Option
		ip     string
		exempt bool
	}{
		{"loopback not exempt by default", nil, "127.0.0.1", false},
		{"IPv6 loopback not exempt by default", nil, "::1", false},
		{"loopback exempt on request", []Option{WithLoopbackExempt(true)}, "127.0.0.1", true},
		{"IPv6 loopback exempt on request", []Option{WithLoopbackExempt(true)}, "::1", true},
		{"127/8 is loopback", []Option{WithLoopbackExempt(true)}, "127.9.9.9", true},
		{"explicitly not exempt", []Option{WithLoopbackExempt(false)}, "127.0.0.1", false},
		{"loopback option leaves others alone", []Option{WithLoopbackExempt(true)}, "192.0.2.1", false},
		{"allowlisted v4", []Option{WithAllowlist(mustPrefix("198.51.100.0/24"))}, "198.51.100.200", true},
		{"outside allowlist", []Option{WithAllowlist(mustPrefix("198.51.100.0/24"))}, "198.51.101.1", false},
		{"allowlisted v6", []Option{WithAllowlist(mustPrefix("2001:db8:1::/48"))}, "2001:db8:1:2::3", true},
		{"mapped source in v4 allowlist", []Option{WithAllowlist(mustPrefix("198.51.100.0/24"))}, "::ffff:198.51.100.9", true},
		{"v4 source in mapped allowlist", []Option{WithAllowlist(mustPrefix("::ffff:198.51.100.0/120"))}, "198.51.100.9", true},
		{"unmasked allowlist prefix", []Option{WithAllowlist(mustPrefix("198.51.100.77/24"))}, "198.51.100.1", true},
		{"zoned source in allowlist", []Option{WithAllowlist(mustPrefix("fe80::/10"))}, "fe80::1%eth0", true},
		{"allowlists add up", []Option{WithAllowlist(mustPrefix("192.0.2.0/24")), WithAllowlist(mustPrefix("2001:db8::/32"))}, "2001:db8::5", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewRateLimiter(1, 1, append(tt.opts, WithClock(newFakeClock().Now))...)
			ip := mustAddr(tt.ip)
			passed := 0
			for range 10 {
				if l.Allow(ip) {
					passed++
				}
			}
			if exempt := passed == 10; exempt != tt.exempt {
				t.Errorf("%d of 10 passed; exempt = %v, want %v", passed, exempt, tt.exempt)
			}
			if tt.exempt && l.Len() != 0 {
				t.Errorf("exempt source tracked: Len = %d", l.Len())
			}
		})
	}
}

func TestRateLimiterInvalidAddress(t *testing.T) {
	var ctr Counters
	l := NewRateLimiter(1000, 1000, WithCounters(&ctr), WithLoopbackExempt(true))
	if l.Allow(netip.Addr{}) {
		t.Error("zero address passed")
	}
	if ctr.Malformed.Load() != 1 || l.Len() != 0 {
		t.Errorf("Malformed = %d, Len = %d; want 1, 0", ctr.Malformed.Load(), l.Len())
	}
}

func TestRateLimiterBoundedMemory(t *testing.T) {
	tests := []struct {
		maxSources, shards int
	}{
		{1, 64}, {3, 1}, {7, 4}, {64, 64}, {100, 64}, {1000, 16}, {4096, 256},
	}
	for _, tt := range tests {
		t.Run("", func(t *testing.T) {
			var ctr Counters
			clk := newFakeClock()
			l := NewRateLimiter(1, 1, WithClock(clk.Now), WithMaxSources(tt.maxSources),
				WithShards(tt.shards), WithCounters(&ctr))
			capacity := 0
			for i := range l.parts {
				capacity += l.parts[i].table.capacity
			}
			if capacity != tt.maxSources {
				t.Fatalf("partition capacities add up to %d, want %d", capacity, tt.maxSources)
			}
			inserted := 10 * tt.maxSources
			for i := range inserted {
				l.Allow(nthAddr(i))
				clk.Advance(time.Microsecond)
				if i%97 == 0 && l.Len() > tt.maxSources {
					t.Fatalf("after %d sources Len = %d > %d", i+1, l.Len(), tt.maxSources)
				}
			}
			if got := l.Len(); got > tt.maxSources {
				t.Errorf("Len = %d > %d", got, tt.maxSources)
			}
			slots := 0
			for i := range l.parts {
				tb := &l.parts[i].table
				if cap(tb.slots) > tb.capacity {
					t.Errorf("partition %d: %d slots allocated for a capacity of %d", i, cap(tb.slots), tb.capacity)
				}
				slots += len(tb.slots)
			}
			if slots > tt.maxSources {
				t.Errorf("%d slots in use > %d", slots, tt.maxSources)
			}
			if got, want := ctr.SourcesEvicted.Load(), uint64(inserted-l.Len()); got != want {
				t.Errorf("SourcesEvicted = %d, want %d", got, want)
			}
		})
	}
}

// A flood from fresh addresses must not reset the bucket of a source that
// keeps sending: the idlest source is the one forgotten.
func TestRateLimiterEvictsIdlestNotActiveOffender(t *testing.T) {
	clk := newFakeClock()
	l := NewRateLimiter(1, 2, WithClock(clk.Now), WithMaxSources(4), WithShards(1))
	offender := mustAddr("203.0.113.66")
	l.Allow(offender)
	l.Allow(offender)
	for i := range 1000 {
		l.Allow(nthAddr(i)) // spoofed spray
		if l.Allow(offender) {
			t.Fatalf("offender passed after %d sprayed sources: its bucket was reset", i+1)
		}
	}
	// The idlest source is forgotten: sources 996..999 are the most recent.
	if _, ok := l.parts[0].table.lookup(nthAddr(0)); ok {
		t.Error("oldest sprayed source still tracked")
	}
	if _, ok := l.parts[0].table.lookup(nthAddr(999)); !ok {
		t.Error("most recent sprayed source not tracked")
	}
}

func TestRateLimiterSweep(t *testing.T) {
	clk := newFakeClock()
	l := NewRateLimiter(10, 5, WithClock(clk.Now)) // full refill takes 500ms
	quiet, busy := mustAddr("192.0.2.1"), mustAddr("192.0.2.2")
	l.Allow(quiet) // one token short
	for range 5 {
		l.Allow(busy) // empty
	}
	if n := l.Sweep(clk.Now()); n != 0 {
		t.Fatalf("Sweep at once removed %d, want 0", n)
	}
	if n := l.Sweep(clk.Advance(100 * time.Millisecond)); n != 1 || l.Len() != 1 {
		t.Fatalf("Sweep after 100ms removed %d leaving %d, want 1 leaving 1", n, l.Len())
	}
	if n := l.Sweep(clk.Advance(399 * time.Millisecond)); n != 0 {
		t.Fatalf("Sweep after 499ms removed %d, want 0", n)
	}
	if n := l.Sweep(clk.Advance(time.Millisecond)); n != 1 || l.Len() != 0 {
		t.Fatalf("Sweep after 500ms removed %d leaving %d, want 1 leaving 0", n, l.Len())
	}
	// Forgotten sources get a full burst, as they would have anyway.
	for i := range 5 {
		if !l.Allow(busy) {
			t.Fatalf("request %d after sweep refused", i+1)
		}
	}
	if l.Allow(busy) {
		t.Fatal("6th request passed")
	}
	// Slots are reused after a sweep: no growth beyond what was needed.
	l.Sweep(clk.Advance(time.Hour))
	for range 10 {
		l.Allow(quiet)
		l.Sweep(clk.Advance(time.Hour))
	}
	slots := 0
	for i := range l.parts {
		slots += len(l.parts[i].table.slots)
	}
	if slots > 2 {
		t.Errorf("%d slots allocated for at most 2 sources at a time", slots)
	}
}

func TestNewRateLimiterPanics(t *testing.T) {
	tests := []struct {
		name      string
		perSecond float64
		burst     int
		opts      []Option
	}{
		{"zero rate", 0, 1, nil},
		{"negative rate", -1, 1, nil},
		{"NaN rate", math.NaN(), 1, nil},
		{"infinite rate", math.Inf(1), 1, nil},
		{"zero burst", 1, 0, nil},
		{"too long a span", 1e-9, math.MaxInt32, nil},
		{"zero max sources", 1, 1, []Option{WithMaxSources(0)}},
		{"huge max sources", 1, 1, []Option{WithMaxSources(math.MaxInt32 + 1)}},
		{"zero shards", 1, 1, []Option{WithShards(0)}},
		{"nil clock", 1, 1, []Option{WithClock(nil)}},
		{"invalid prefix", 1, 1, []Option{WithAllowlist(netip.Prefix{})}},
	}
	for _, tt := range tests {
		expectPanic(t, tt.name, func() { NewRateLimiter(tt.perSecond, tt.burst, tt.opts...) })
	}
}

func TestRateLimiterShardCount(t *testing.T) {
	tests := []struct{ shards, maxSources, want int }{
		{0 + 1, 100, 1}, {3, 100, 4}, {64, 100, 64}, {64, 10, 8}, {64, 1, 1}, {1 << 20, 1 << 20, 4096},
	}
	for _, tt := range tests {
		l := NewRateLimiter(1, 1, WithShards(tt.shards), WithMaxSources(tt.maxSources))
		if len(l.parts) != tt.want {
			t.Errorf("WithShards(%d), WithMaxSources(%d): %d partitions, want %d", tt.shards, tt.maxSources, len(l.parts), tt.want)
		}
	}
}

func TestRateLimiterConcurrent(t *testing.T) {
	clk := newFakeClock()
	var ctr Counters
	l := NewRateLimiter(1, 50, WithClock(clk.Now), WithMaxSources(256), WithCounters(&ctr))
	shared := mustAddr("198.51.100.1")
	var passed atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				if l.Allow(shared) {
					passed.Add(1)
				}
				l.Allow(nthAddr(g*2000 + i))
				if i%500 == 0 {
					l.Sweep(clk.Now())
					_ = l.Len()
				}
			}
		})
	}
	wg.Wait()
	if passed.Load() != 50 {
		t.Errorf("%d requests of one source passed with a frozen clock, want the burst of 50", passed.Load())
	}
	if l.Len() > 256 {
		t.Errorf("Len = %d > 256", l.Len())
	}
	if got := ctr.RateLimited.Load(); got != 8*2000-50 {
		t.Errorf("RateLimited = %d, want %d", got, 8*2000-50)
	}
}

func BenchmarkRateLimiterAllow(b *testing.B) {
	const sources = 1 << 14
	addrs := make([]netip.Addr, sources)
	for i := range addrs {
		addrs[i] = nthAddr(i)
	}
	var next atomic.Uint32
	l := NewRateLimiter(1000, 100)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(7919))
		for pb.Next() {
			l.Allow(addrs[i%sources])
			i++
		}
	})
}

func BenchmarkRateLimiterAllowFlood(b *testing.B) {
	// More sources than the table holds: every request evicts.
	const sources = 1 << 16
	addrs := make([]netip.Addr, sources)
	for i := range addrs {
		addrs[i] = nthAddr(i)
	}
	var next atomic.Uint32
	l := NewRateLimiter(1000, 100, WithMaxSources(sources/8))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(7919))
		for pb.Next() {
			l.Allow(addrs[i%sources])
			i++
		}
	})
}
