package guard

import (
	"context"
	"errors"
	"math"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestBanListThreshold(t *testing.T) {
	const window, banFor = time.Minute, 10 * time.Minute
	tests := []struct {
		name     string
		failures int
		at       []time.Duration // offsets of the failures from the start
		banAt    int             // index of the failure that bans, or -1
	}{
		{"exactly N within T", 3, []time.Duration{0, 10 * time.Second, 20 * time.Second}, 2},
		{"N at the same instant", 3, []time.Duration{0, 0, 0}, 2},
		{"N-1 within T", 3, []time.Duration{0, 10 * time.Second}, -1},
		{"N spread over more than T", 3, []time.Duration{0, 40 * time.Second, 61 * time.Second}, -1},
		{"N exactly T apart is not within T", 3, []time.Duration{0, 30 * time.Second, 60 * time.Second}, -1},
		{"N just within T", 3, []time.Duration{0, 30 * time.Second, 60*time.Second - time.Nanosecond}, 2},
		{"window slides", 3, []time.Duration{0, 40 * time.Second, 61 * time.Second, 62 * time.Second}, 3},
		{"slow drip never bans", 3, []time.Duration{0, 31 * time.Second, 62 * time.Second, 93 * time.Second, 124 * time.Second, 155 * time.Second}, -1},
		{"one failure suffices when N is 1", 1, []time.Duration{0}, 0},
		{"burst after a long pause", 2, []time.Duration{0, 10 * time.Minute, 10*time.Minute + time.Second}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			start := clk.Now()
			var ctr Counters
			bl := NewBanList(tt.failures, window, banFor, WithClock(clk.Now), WithCounters(&ctr))
			ip := mustAddr("203.0.113.9")
			for i, off := range tt.at {
				now := start.Add(off)
				clk.Advance(now.Sub(clk.Now()))
				ban, created := bl.RecordFailure(ip)
				if created != (i == tt.banAt) {
					t.Fatalf("failure %d at +%v: created = %v, want %v", i, off, created, i == tt.banAt)
				}
				if created {
					want := Ban{Addr: ip, Reason: "3 authentication failures within 1m0s", Since: now, Until: now.Add(banFor)}
					if tt.failures != 3 {
						want.Reason = ban.Reason
					}
					if ban != want {
						t.Errorf("ban = %+v, want %+v", ban, want)
					}
				}
			}
			banned := tt.banAt >= 0
			if got := bl.Banned(ip); got != banned {
				t.Errorf("Banned = %v, want %v", got, banned)
			}
			if got := len(bl.List()); got != map[bool]int{false: 0, true: 1}[banned] {
				t.Errorf("List has %d bans", got)
			}
			s := ctr.Snapshot()
			if s.AuthFailed != uint64(len(tt.at)) || s.BanCreated != map[bool]uint64{false: 0, true: 1}[banned] {
				t.Errorf("AuthFailed = %d, BanCreated = %d", s.AuthFailed, s.BanCreated)
			}
		})
	}
}

func TestBanListFailuresPerAddress(t *testing.T) {
	bl := NewBanList(3, time.Minute, time.Hour, WithClock(newFakeClock().Now))
	a, b := mustAddr("192.0.2.1"), mustAddr("2001:db8::1")
	bl.RecordFailure(a)
	bl.RecordFailure(b)
	bl.RecordFailure(a)
	bl.RecordFailure(b)
	if bl.Banned(a) || bl.Banned(b) {
		t.Fatal("banned after 2 failures each")
	}
	if _, created := bl.RecordFailure(mustAddr("::ffff:192.0.2.1")); !created {
		t.Fatal("3rd failure of a, in mapped form, did not ban it")
	}
	if !bl.Banned(a) || !bl.Banned(mustAddr("::ffff:192.0.2.1")) || bl.Banned(b) {
		t.Error("want a banned in both forms and b not")
	}
	// Failures of a banned address are not logged and create nothing.
	if _, created := bl.RecordFailure(a); created {
		t.Error("failure of a banned address created a ban")
	}
}

func TestBanListExpiry(t *testing.T) {
	clk := newFakeClock()
	var ctr Counters
	bl := NewBanList(2, time.Minute, 10*time.Minute, WithClock(clk.Now), WithCounters(&ctr))
	ip := mustAddr("203.0.113.1")
	bl.RecordFailure(ip)
	ban, created := bl.RecordFailure(ip)
	if !created {
		t.Fatal("not banned")
	}
	steps := []struct {
		advance time.Duration
		banned  bool
		swept   int
	}{
		{0, true, 0},
		{10*time.Minute - time.Nanosecond, true, 0},
		{time.Nanosecond, false, 1},
		{time.Hour, false, 0},
	}
	for i, s := range steps {
		now := clk.Advance(s.advance)
		if got := bl.Banned(ip); got != s.banned {
			t.Errorf("step %d: Banned before Sweep = %v, want %v", i, got, s.banned)
		}
		expired := bl.Sweep(now)
		if len(expired) != s.swept {
			t.Fatalf("step %d: Sweep returned %v, want %d bans", i, expired, s.swept)
		}
		if s.swept == 1 && expired[0] != ban {
			t.Errorf("step %d: Sweep returned %+v, want %+v", i, expired[0], ban)
		}
		if got := bl.Banned(ip); got != s.banned {
			t.Errorf("step %d: Banned after Sweep = %v, want %v", i, got, s.banned)
		}
	}
	if len(bl.List()) != 0 {
		t.Error("List not empty after expiry")
	}
	if s := ctr.Snapshot(); s.BanExpired != 1 || s.Banned != 4 {
		t.Errorf("BanExpired = %d, Banned = %d; want 1, 4", s.BanExpired, s.Banned)
	}
	// After the ban, counting starts afresh.
	if _, created := bl.RecordFailure(ip); created {
		t.Error("banned again by one failure after expiry")
	}
	if _, created := bl.RecordFailure(ip); !created {
		t.Error("not banned again by 2 fresh failures")
	}
}

func TestBanListUnban(t *testing.T) {
	var ctr Counters
	bl := NewBanList(2, time.Minute, time.Hour, WithClock(newFakeClock().Now), WithCounters(&ctr))
	ip := mustAddr("2001:db8::bad")
	bl.RecordFailure(ip)
	bl.RecordFailure(ip)
	if !bl.Banned(ip) {
		t.Fatal("not banned")
	}
	if !bl.Unban(ip) {
		t.Fatal("Unban = false for a banned address")
	}
	if bl.Banned(ip) || len(bl.List()) != 0 {
		t.Fatal("still banned after Unban")
	}
	if bl.Unban(ip) {
		t.Error("second Unban = true")
	}
	if bl.Unban(mustAddr("192.0.2.200")) || bl.Unban(netip.Addr{}) {
		t.Error("Unban = true for an address never banned")
	}
	if _, created := bl.RecordFailure(ip); created {
		t.Error("one failure after Unban banned: failures were not forgotten")
	}
	if ctr.BanLifted.Load() != 1 {
		t.Errorf("BanLifted = %d, want 1", ctr.BanLifted.Load())
	}
	// Unban also forgets failures of an address that was not banned.
	other := mustAddr("192.0.2.55")
	bl.RecordFailure(other)
	bl.Unban(other)
	if _, created := bl.RecordFailure(other); created {
		t.Error("failures survived Unban")
	}
}

func TestBanListExemptions(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		ip   string
	}{
		{"allowlisted v4", []Option{WithAllowlist(mustPrefix("198.51.100.0/24"))}, "198.51.100.10"},
		{"allowlisted v6", []Option{WithAllowlist(mustPrefix("2001:db8:feed::/48"))}, "2001:db8:feed::1"},
		{"allowlisted single address", []Option{WithAllowlist(mustPrefix("192.0.2.5/32"))}, "192.0.2.5"},
		{"mapped source of allowlisted v4", []Option{WithAllowlist(mustPrefix("198.51.100.0/24"))}, "::ffff:198.51.100.10"},
		{"exempt loopback", []Option{WithLoopbackExempt(true)}, "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			var ctr Counters
			bl := NewBanList(1, time.Minute, time.Hour, append(tt.opts, WithClock(clk.Now), WithCounters(&ctr))...)
			ip := mustAddr(tt.ip)
			for range 100 {
				if _, created := bl.RecordFailure(ip); created {
					t.Fatal("exempt address banned by failures")
				}
			}
			if err := bl.Ban(ip, time.Time{}, "manual"); !errors.Is(err, ErrExempt) {
				t.Errorf("Ban = %v, want ErrExempt", err)
			}
			if n := bl.Load([]Ban{{Addr: ip, Until: clk.Now().Add(time.Hour)}}); n != 0 {
				t.Errorf("Load took %d bans of an exempt address", n)
			}
			if bl.Banned(ip) || len(bl.List()) != 0 {
				t.Error("exempt address banned")
			}
			if ctr.AuthFailed.Load() != 100 {
				t.Errorf("AuthFailed = %d, want 100: failures of exempt addresses are still counted", ctr.AuthFailed.Load())
			}
			if tracked := trackedFailures(bl); tracked != 0 {
				t.Errorf("%d failure logs kept for an exempt address", tracked)
			}
		})
	}
	// Loopback is bannable by default.
	bl := NewBanList(1, time.Minute, time.Hour)
	if _, created := bl.RecordFailure(mustAddr("127.0.0.1")); !created {
		t.Error("loopback not banned without WithLoopbackExempt")
	}
}

func TestBanListManualBan(t *testing.T) {
	clk := newFakeClock()
	var ctr Counters
	bl := NewBanList(3, time.Minute, time.Hour, WithClock(clk.Now), WithCounters(&ctr))
	ip := mustAddr("192.0.2.33")
	tests := []struct {
		name  string
		ip    netip.Addr
		until time.Time
		err   error
	}{
		{"invalid address", netip.Addr{}, time.Time{}, ErrInvalidAddr},
		{"ends now", ip, clk.Now(), ErrBanExpired},
		{"ended before", ip, clk.Now().Add(-time.Second), ErrBanExpired},
		{"temporary", ip, clk.Now().Add(time.Minute), nil},
		{"replaced by permanent", ip, time.Time{}, nil},
	}
	for _, tt := range tests {
		if err := bl.Ban(tt.ip, tt.until, tt.name); !errors.Is(err, tt.err) {
			t.Errorf("%s: Ban = %v, want %v", tt.name, err, tt.err)
		}
	}
	got, ok := bl.Lookup(ip)
	if !ok || got.Reason != "replaced by permanent" || !got.Until.IsZero() || !got.Since.Equal(clk.Now()) {
		t.Fatalf("Lookup = %+v, %v", got, ok)
	}
	if expired := bl.Sweep(clk.Advance(100 * 365 * 24 * time.Hour)); len(expired) != 0 {
		t.Errorf("permanent ban swept: %v", expired)
	}
	if !bl.Banned(ip) {
		t.Error("permanent ban ended")
	}
	if ctr.BanCreated.Load() != 2 {
		t.Errorf("BanCreated = %d, want 2", ctr.BanCreated.Load())
	}
	// A manual ban forgets the failures logged before it.
	other := mustAddr("192.0.2.34")
	bl.RecordFailure(other)
	bl.RecordFailure(other)
	if err := bl.Ban(other, clk.Now().Add(time.Second), "short"); err != nil {
		t.Fatal(err)
	}
	bl.Sweep(clk.Advance(time.Second))
	if _, created := bl.RecordFailure(other); created {
		t.Error("failures logged before a manual ban survived it")
	}
}

func TestBanListLoad(t *testing.T) {
	clk := newFakeClock()
	now := clk.Now()
	var ctr Counters
	bl := NewBanList(3, time.Minute, time.Hour, WithClock(clk.Now), WithCounters(&ctr),
		WithAllowlist(mustPrefix("198.51.100.0/24")))
	active := Ban{Addr: mustAddr("192.0.2.1"), Reason: "3 failures", Since: now.Add(-time.Minute), Until: now.Add(time.Hour)}
	permanent := Ban{Addr: mustAddr("2001:db8::1"), Reason: "operator", Since: now.Add(-time.Hour)}
	mapped := Ban{Addr: mustAddr("::ffff:192.0.2.2"), Reason: "mapped", Since: now, Until: now.Add(time.Minute)}
	saved := []Ban{
		active,
		permanent,
		mapped,
		{Addr: mustAddr("192.0.2.3"), Reason: "ended", Since: now.Add(-2 * time.Hour), Until: now.Add(-time.Hour)},
		{Addr: mustAddr("192.0.2.4"), Reason: "ends now", Since: now.Add(-2 * time.Hour), Until: now},
		{Addr: mustAddr("198.51.100.7"), Reason: "allowlisted", Since: now, Until: now.Add(time.Hour)},
		{Reason: "invalid", Until: now.Add(time.Hour)},
	}
	if n := bl.Load(saved); n != 3 {
		t.Errorf("Load took %d bans, want 3", n)
	}
	unmapped := mapped
	unmapped.Addr = mustAddr("192.0.2.2")
	want := []Ban{active, unmapped, permanent}
	if got := bl.List(); !slices.Equal(got, want) {
		t.Errorf("List =\n%v\nwant\n%v", got, want)
	}
	for _, b := range want {
		if !bl.Banned(b.Addr) {
			t.Errorf("%v not banned after Load", b.Addr)
		}
	}
	if ctr.BanCreated.Load() != 0 {
		t.Errorf("Load counted %d bans as created", ctr.BanCreated.Load())
	}
	// Restored bans expire like any other.
	expired := bl.Sweep(clk.Advance(time.Hour))
	if len(expired) != 2 || expired[0].Addr != active.Addr || expired[1].Addr != unmapped.Addr {
		t.Errorf("Sweep after an hour = %v, want the bans of %v and %v", expired, active.Addr, unmapped.Addr)
	}
}

func TestBanListFailureLogsBounded(t *testing.T) {
	tests := []struct{ maxSources, shards int }{{1, 1}, {50, 1}, {50, 8}, {1000, 64}}
	for _, tt := range tests {
		clk := newFakeClock()
		var ctr Counters
		bl := NewBanList(5, time.Hour, time.Hour, WithClock(clk.Now), WithCounters(&ctr),
			WithMaxSources(tt.maxSources), WithShards(tt.shards))
		inserted := 10 * tt.maxSources
		for i := range inserted {
			bl.RecordFailure(nthAddr(i))
			clk.Advance(time.Millisecond)
		}
		tracked := trackedFailures(bl)
		if tracked > tt.maxSources {
			t.Errorf("maxSources %d: %d failure logs kept", tt.maxSources, tracked)
		}
		if got := ctr.FailuresEvicted.Load(); got != uint64(inserted-tracked) {
			t.Errorf("maxSources %d: FailuresEvicted = %d, want %d", tt.maxSources, got, inserted-tracked)
		}
		if len(bl.List()) != 0 {
			t.Errorf("maxSources %d: single failures banned someone", tt.maxSources)
		}
	}
}

// The failure log forgotten when the table is full is the one of the
// address that failed least recently: an address that keeps failing keeps
// its log unless more distinct addresses than the table holds fail between
// two of its failures.
func TestBanListKeepsActiveOffenderLog(t *testing.T) {
	tests := []struct {
		sprayBetween int // fresh addresses failing between two offender failures
		banned       bool
	}{{0, true}, {3, true}, {4, false}, {100, false}}
	for _, tt := range tests {
		bl := NewBanList(3, time.Hour, time.Hour, WithClock(newFakeClock().Now), WithMaxSources(4), WithShards(1))
		offender := mustAddr("203.0.113.50")
		next := 0
		for range 3 {
			for range tt.sprayBetween {
				bl.RecordFailure(nthAddr(next))
				next++
			}
			bl.RecordFailure(offender)
		}
		if got := bl.Banned(offender); got != tt.banned {
			t.Errorf("%d sprayed between failures: Banned = %v, want %v", tt.sprayBetween, got, tt.banned)
		}
	}
}

func TestBanListSweepStaleFailures(t *testing.T) {
	clk := newFakeClock()
	bl := NewBanList(3, time.Minute, time.Hour, WithClock(clk.Now))
	old, recent := mustAddr("192.0.2.1"), mustAddr("192.0.2.2")
	bl.RecordFailure(old)
	clk.Advance(30 * time.Second)
	bl.RecordFailure(recent)
	if n := trackedFailures(bl); n != 2 {
		t.Fatalf("%d logs, want 2", n)
	}
	bl.Sweep(clk.Advance(30*time.Second - time.Nanosecond))
	if n := trackedFailures(bl); n != 2 {
		t.Fatalf("after 59.999s: %d logs, want 2", n)
	}
	bl.Sweep(clk.Advance(time.Nanosecond))
	if n := trackedFailures(bl); n != 1 {
		t.Fatalf("after 60s: %d logs, want 1", n)
	}
	bl.Sweep(clk.Advance(30 * time.Second))
	if n := trackedFailures(bl); n != 0 {
		t.Fatalf("after 90s: %d logs, want 0", n)
	}
}

func TestBanListMaxBans(t *testing.T) {
	clk := newFakeClock()
	now := clk.Now()
	var ctr Counters
	bl := NewBanList(1, time.Minute, time.Hour, WithClock(clk.Now), WithCounters(&ctr), WithMaxBans(2), WithShards(1))
	a, b, c := mustAddr("192.0.2.1"), mustAddr("192.0.2.2"), mustAddr("192.0.2.3")
	if err := bl.Ban(a, now.Add(2*time.Hour), "long"); err != nil {
		t.Fatal(err)
	}
	if err := bl.Ban(b, now.Add(time.Minute), "short"); err != nil {
		t.Fatal(err)
	}
	if _, created := bl.RecordFailure(c); !created {
		t.Fatal("no room made for a new ban")
	}
	if bl.Banned(b) || !bl.Banned(a) || !bl.Banned(c) {
		t.Error("want the soonest-ending ban (b) replaced")
	}
	if ctr.BanEvicted.Load() != 1 {
		t.Errorf("BanEvicted = %d, want 1", ctr.BanEvicted.Load())
	}
	// Replacing an existing ban needs no room.
	if err := bl.Ban(a, time.Time{}, "permanent"); err != nil || ctr.BanEvicted.Load() != 1 {
		t.Errorf("re-ban: err = %v, BanEvicted = %d", err, ctr.BanEvicted.Load())
	}
	if err := bl.Ban(c, time.Time{}, "permanent"); err != nil {
		t.Fatal(err)
	}
	// Full of permanent bans: no room.
	if err := bl.Ban(b, time.Time{}, "x"); !errors.Is(err, ErrBanListFull) {
		t.Errorf("Ban into a full list = %v, want ErrBanListFull", err)
	}
	if _, created := bl.RecordFailure(b); created || bl.Banned(b) {
		t.Error("failure banned into a list full of permanent bans")
	}
	if len(bl.List()) != 2 {
		t.Errorf("List has %d bans, want 2", len(bl.List()))
	}
	if n := bl.Load([]Ban{{Addr: b, Until: now.Add(time.Hour)}}); n != 0 {
		t.Errorf("Load took %d bans into a list full of permanent bans", n)
	}
	if got := ErrBanListFull.Error(); got != "guard: ban table is full of permanent bans" {
		t.Errorf("Error() = %q", got)
	}
	// Room again: the logged failure counts at the next one.
	bl.Unban(a)
	if _, created := bl.RecordFailure(b); !created {
		t.Error("not banned once there was room")
	}
}

func TestBanListFlush(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	now := clk.Now()
	store := newMemStore()
	bl := NewBanList(2, time.Minute, 10*time.Minute, WithClock(clk.Now), WithBanStore(store))
	a, b, c, d := mustAddr("192.0.2.1"), mustAddr("192.0.2.2"), mustAddr("192.0.2.3"), mustAddr("192.0.2.4")

	// Loading writes nothing back, but deletes what was not taken.
	bl.Load([]Ban{
		{Addr: d, Since: now.Add(-time.Hour), Until: now.Add(time.Hour)},
		{Addr: c, Since: now.Add(-time.Hour), Until: now.Add(-time.Minute)},
	})
	if err := bl.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if store.saves != 0 || store.deletes != 1 {
		t.Errorf("after Load: %d saves, %d deletes; want 0, 1", store.saves, store.deletes)
	}
	store.bans[d] = Ban{Addr: d} // as the store had it

	steps := []struct {
		name string
		do   func()
		want []netip.Addr
	}{
		{"banned by failures", func() { bl.RecordFailure(a); bl.RecordFailure(a) }, []netip.Addr{a, d}},
		{"manual ban", func() { _ = bl.Ban(b, time.Time{}, "operator") }, []netip.Addr{a, b, d}},
		{"nothing changed", func() {}, []netip.Addr{a, b, d}},
		{"unban", func() { bl.Unban(b) }, []netip.Addr{a, d}},
		{"ban and unban coalesce", func() { _ = bl.Ban(c, time.Time{}, "x"); bl.Unban(c) }, []netip.Addr{a, d}},
		{"saved in full", func() {
			if got, want := store.bans[a], bl.List()[0]; got != want || got.Reason == "" {
				t.Errorf("store has %+v, want %+v", got, want)
			}
		}, []netip.Addr{a, d}},
		{"expiry", func() { bl.Sweep(clk.Advance(10 * time.Minute)) }, []netip.Addr{d}},
	}
	for _, s := range steps {
		s.do()
		if err := bl.Flush(ctx); err != nil {
			t.Fatalf("%s: Flush: %v", s.name, err)
		}
		if got := store.addrs(); !slices.Equal(got, s.want) {
			t.Errorf("%s: store holds %v, want %v", s.name, got, s.want)
		}
	}
	if store.saves != 2 {
		t.Errorf("%d saves, want 2: unchanged addresses must not be written again", store.saves)
	}
}

func TestBanListFlushRetries(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	store := newMemStore()
	bl := NewBanList(1, time.Minute, time.Hour, WithClock(clk.Now), WithBanStore(store))
	addrs := []netip.Addr{mustAddr("192.0.2.1"), mustAddr("192.0.2.2"), mustAddr("192.0.2.3")}
	for _, a := range addrs {
		bl.RecordFailure(a)
	}
	store.failAt = 2
	err := bl.Flush(ctx)
	if !errors.Is(err, errStoreDown) {
		t.Fatalf("Flush = %v, want errStoreDown", err)
	}
	if got := store.addrs(); !slices.Equal(got, addrs[:1]) {
		t.Fatalf("after failed Flush the store holds %v, want %v", got, addrs[:1])
	}
	if err := bl.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := store.addrs(); !slices.Equal(got, addrs) {
		t.Fatalf("after retry the store holds %v, want %v", got, addrs)
	}

	// A cancelled context writes nothing and keeps everything marked.
	bl.Unban(addrs[0])
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := bl.Flush(cancelled); !errors.Is(err, context.Canceled) {
		t.Fatalf("Flush with a cancelled context = %v", err)
	}
	if err := bl.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := store.addrs(); !slices.Equal(got, addrs[1:]) {
		t.Fatalf("store holds %v, want %v", got, addrs[1:])
	}
}

func TestBanListWithoutStore(t *testing.T) {
	bl := NewBanList(1, time.Minute, time.Hour)
	bl.RecordFailure(mustAddr("192.0.2.1"))
	if err := bl.Flush(context.Background()); err != nil {
		t.Errorf("Flush without a store = %v", err)
	}
	for i := range bl.parts {
		if bl.parts[i].dirty != nil {
			t.Fatal("changes tracked without a store")
		}
	}
}

func TestBanListInvalidAddress(t *testing.T) {
	var ctr Counters
	bl := NewBanList(1, time.Minute, time.Hour, WithCounters(&ctr))
	if _, created := bl.RecordFailure(netip.Addr{}); created {
		t.Error("invalid address banned")
	}
	if bl.Banned(netip.Addr{}) {
		t.Error("invalid address reported banned")
	}
	if _, ok := bl.Lookup(netip.Addr{}); ok {
		t.Error("invalid address has a ban")
	}
	if ctr.Malformed.Load() != 1 || ctr.AuthFailed.Load() != 0 {
		t.Errorf("Malformed = %d, AuthFailed = %d; want 1, 0", ctr.Malformed.Load(), ctr.AuthFailed.Load())
	}
}

func TestNewBanListPanics(t *testing.T) {
	tests := []struct {
		name        string
		failures    int
		window, ban time.Duration
		opts        []Option
	}{
		{"zero failures", 0, time.Minute, time.Hour, nil},
		{"zero window", 1, 0, time.Hour, nil},
		{"negative ban", 1, time.Minute, -time.Hour, nil},
		{"zero max bans", 1, time.Minute, time.Hour, []Option{WithMaxBans(0)}},
		{"huge max bans", 1, time.Minute, time.Hour, []Option{WithMaxBans(math.MaxInt32 + 1)}},
		{"invalid prefix", 1, time.Minute, time.Hour, []Option{WithAllowlist(netip.Prefix{})}},
	}
	for _, tt := range tests {
		expectPanic(t, tt.name, func() { NewBanList(tt.failures, tt.window, tt.ban, tt.opts...) })
	}
}

func TestBanListConcurrent(t *testing.T) {
	clk := newFakeClock()
	var ctr Counters
	store := newMemStore()
	bl := NewBanList(3, time.Minute, time.Minute, WithClock(clk.Now), WithCounters(&ctr),
		WithMaxSources(128), WithMaxBans(64), WithBanStore(store))
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 3000 {
				ip := nthAddr(g*100 + i%200)
				bl.RecordFailure(ip)
				bl.Banned(ip)
				if i%100 == 0 {
					bl.Unban(nthAddr(i % 300))
					_ = bl.Ban(nthAddr(i%50), clk.Now().Add(time.Second), "op")
					bl.List()
				}
			}
		})
	}
	wg.Go(func() {
		for range 200 {
			bl.Sweep(clk.Advance(time.Second))
			if err := bl.Flush(ctx); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	if tracked := trackedFailures(bl); tracked > 128 {
		t.Errorf("%d failure logs > 128", tracked)
	}
	held := 0
	for i := range bl.parts {
		held += len(bl.parts[i].bans)
	}
	if held > 64 || int64(held) != bl.held.Load() {
		t.Errorf("%d bans held, counter says %d, limit 64", held, bl.held.Load())
	}
	// Once flushed, the store holds exactly the bans in force.
	bl.Sweep(clk.Now())
	if err := bl.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var want []netip.Addr
	for _, b := range bl.List() {
		want = append(want, b.Addr)
	}
	if got := store.addrs(); !slices.Equal(got, want) {
		t.Errorf("store holds %d bans, list %d", len(got), len(want))
	}
}

func trackedFailures(bl *BanList) int {
	n := 0
	for i := range bl.parts {
		p := &bl.parts[i]
		p.mu.Lock()
		n += p.failures.len()
		p.mu.Unlock()
	}
	return n
}

func BenchmarkBanListBanned(b *testing.B) {
	for _, bans := range []int{0, 10000} {
		b.Run(map[int]string{0: "empty", 10000: "10k bans"}[bans], func(b *testing.B) {
			bl := NewBanList(1, time.Minute, time.Hour, WithMaxBans(20000))
			for i := range bans {
				bl.RecordFailure(nthAddr(2 * i))
			}
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					bl.Banned(nthAddr(i & 0x3fff))
					i++
				}
			})
		})
	}
}
