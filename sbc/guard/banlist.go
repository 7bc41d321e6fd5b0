package guard

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Ban is one banned source address.
type Ban struct {
	Addr   netip.Addr
	Reason string
	Since  time.Time
	// Until is when the ban ends; the zero time means never.
	Until time.Time
}

// Active reports whether the ban is in force at now: it is until, and not
// at, Until.
func (b Ban) Active(now time.Time) bool {
	return b.Until.IsZero() || now.Before(b.Until)
}

// BanStore persists bans across restarts. A BanList never calls it on the
// request path: the owner calls [BanList.Flush] from its own loop, which
// brings the store in line with the list. SaveBan must insert or replace
// the ban of b.Addr; DeleteBan must succeed when there is nothing to delete.
type BanStore interface {
	SaveBan(ctx context.Context, b Ban) error
	DeleteBan(ctx context.Context, addr netip.Addr) error
}

// Error is the type of the errors this package returns, so that they can be
// constants compared with errors.Is.
type Error string

func (e Error) Error() string { return string(e) }

// Errors returned by [BanList.Ban].
const (
	ErrInvalidAddr Error = "guard: invalid address"
	ErrExempt      Error = "guard: address is exempt from banning"
	ErrBanExpired  Error = "guard: ban would end before it starts"
	ErrBanListFull Error = "guard: ban table is full of permanent bans"
)

// BanList bans source addresses that fail authentication too often, like
// fail2ban: after maxFailures failures from one address within window, the
// address is banned for banFor.
//
// The window slides: the BanList keeps the times of the last maxFailures
// failures of each address and bans when all of them lie within window of
// the newest, so failures spread over more than window never add up to a
// ban. Failure logs are kept for at most maxSources addresses (the least
// recently failing one is forgotten when full) and bans for at most maxBans
// addresses (a new ban then replaces the one ending soonest); both live in
// partitions with their own lock.
//
// Persistence: with [WithBanStore], every change of an address's ban state
// marks that address; [BanList.Flush], called by the owner from its own
// loop, writes the current state of each marked address to the store and
// unmarks it. Marks coalesce, so a burst of changes costs one write per
// address, and a failed write is retried by the next Flush. The request path
// never waits for the store. RecordFailure and Sweep also return the bans
// they create or end, for logging.
type BanList struct {
	threshold int
	window    int64 // nanoseconds
	banFor    time.Duration
	reason    string
	clock     func() time.Time
	epoch     time.Time
	counters  *Counters
	exempt    exemptions
	store     BanStore
	sharding  sharding
	parts     []banPart
	held      atomic.Int64 // bans held, including expired ones not swept yet
	flushMu   sync.Mutex   // one Flush at a time
}

type banPart struct {
	mu       sync.Mutex
	bans     map[netip.Addr]Ban
	maxBans  int
	failures lruTable[failureLog]
	dirty    map[netip.Addr]struct{} // nil without a store
	_        [64]byte                // keep neighbouring locks off one cache line
}

// failureLog is a ring of the times of an address's most recent failures,
// in nanoseconds since the BanList's epoch, oldest first.
type failureLog struct {
	at   []int64 // len == threshold
	head int     // index of the oldest
	n    int     // how many are recorded
}

// NewBanList returns a BanList that bans an address for banFor once it has
// failed maxFailures times within window.
//
// It honours WithClock, WithCounters (AuthFailed, Banned, BanCreated,
// BanExpired, BanLifted, BanEvicted, FailuresEvicted, Malformed),
// WithMaxSources (failure logs), WithMaxBans, WithShards,
// WithLoopbackExempt, WithAllowlist and WithBanStore. Failure logs take
// about maxSources × maxFailures × 8 bytes at most. It panics if maxFailures
// is less than 1, window or banFor is not positive, or an option is invalid.
func NewBanList(maxFailures int, window, banFor time.Duration, opts ...Option) *BanList {
	if maxFailures < 1 {
		panic(fmt.Sprintf("guard: NewBanList: maxFailures %d must be at least 1", maxFailures))
	}
	if window <= 0 || banFor <= 0 {
		panic(fmt.Sprintf("guard: NewBanList: window %v and banFor %v must be positive", window, banFor))
	}
	c := newConfig(opts)
	sh, n := newSharding(c.shards, min(c.maxSources, c.maxBans))
	b := &BanList{
		threshold: maxFailures,
		window:    int64(window),
		banFor:    banFor,
		reason:    fmt.Sprintf("%d authentication failures within %v", maxFailures, window),
		clock:     c.clock,
		epoch:     c.clock(),
		counters:  c.counters,
		exempt:    newExemptions(&c),
		store:     c.store,
		sharding:  sh,
		parts:     make([]banPart, n),
	}
	for i := range b.parts {
		p := &b.parts[i]
		p.bans = make(map[netip.Addr]Ban)
		p.maxBans = partCapacity(c.maxBans, n, i)
		p.failures = newLRUTable[failureLog](partCapacity(c.maxSources, n, i))
		if c.store != nil {
			p.dirty = make(map[netip.Addr]struct{})
		}
	}
	return b
}

func (b *BanList) part(ip netip.Addr) *banPart {
	return &b.parts[b.sharding.index(ip)]
}

// RecordFailure records an authentication failure from ip. When this
// failure makes ip banned, it returns the new ban and true; otherwise the
// zero Ban and false. Failures from exempt or already banned addresses are
// counted in AuthFailed but not logged.
func (b *BanList) RecordFailure(ip netip.Addr) (Ban, bool) {
	if !ip.IsValid() {
		if b.counters != nil {
			b.counters.Malformed.Add(1)
		}
		return Ban{}, false
	}
	if b.counters != nil {
		b.counters.AuthFailed.Add(1)
	}
	ip = ip.Unmap()
	if b.exempt.has(ip) {
		return Ban{}, false
	}
	p := b.part(ip)
	p.mu.Lock()
	defer p.mu.Unlock()
	t := b.clock() // read under the lock, so each log is in time order
	if cur, ok := p.bans[ip]; ok && cur.Active(t) {
		return Ban{}, false
	}

	i, found := p.failures.lookup(ip)
	if found {
		p.failures.touch(i)
	} else {
		var evicted bool
		i, evicted = p.failures.insert(ip)
		if evicted && b.counters != nil {
			b.counters.FailuresEvicted.Add(1)
		}
	}
	log := &p.failures.at(i).val
	if !found {
		log.reset(b.threshold)
	}
	log.add(int64(t.Sub(b.epoch)), b.window)
	if log.n < b.threshold {
		return Ban{}, false
	}

	ban := Ban{Addr: ip, Reason: b.reason, Since: t, Until: t.Add(b.banFor)}
	if !b.put(p, ban, true) {
		return Ban{}, false // full of permanent bans: keep the log, try again next failure
	}
	p.failures.remove(i)
	if b.counters != nil {
		b.counters.BanCreated.Add(1)
	}
	return ban, true
}

// Banned reports whether ip is banned now. It is the check of the request
// path: a true answer is counted in Counters.Banned. It takes no lock while
// the list holds no ban.
func (b *BanList) Banned(ip netip.Addr) bool {
	if b.held.Load() == 0 || !ip.IsValid() {
		return false
	}
	_, ok := b.Lookup(ip)
	if ok && b.counters != nil {
		b.counters.Banned.Add(1)
	}
	return ok
}

// Lookup returns the ban in force on ip now, if any. Unlike Banned it counts
// nothing; it is meant for administration.
func (b *BanList) Lookup(ip netip.Addr) (Ban, bool) {
	if !ip.IsValid() {
		return Ban{}, false
	}
	ip = ip.Unmap()
	p := b.part(ip)
	p.mu.Lock()
	ban, ok := p.bans[ip]
	p.mu.Unlock()
	if !ok || !ban.Active(b.clock()) {
		return Ban{}, false
	}
	return ban, true
}

// Ban bans ip from now until until (the zero time: for good) for reason,
// replacing any ban ip already has and forgetting its failures. It fails
// with ErrInvalidAddr, ErrExempt for an allowlisted or exempt loopback
// address, ErrBanExpired if until is not after now, and ErrBanListFull when
// the ban table is full of permanent bans.
func (b *BanList) Ban(ip netip.Addr, until time.Time, reason string) error {
	if !ip.IsValid() {
		return ErrInvalidAddr
	}
	ip = ip.Unmap()
	if b.exempt.has(ip) {
		return ErrExempt
	}
	p := b.part(ip)
	p.mu.Lock()
	defer p.mu.Unlock()
	t := b.clock()
	if !until.IsZero() && !t.Before(until) {
		return ErrBanExpired
	}
	if !b.put(p, Ban{Addr: ip, Reason: reason, Since: t, Until: until}, true) {
		return ErrBanListFull
	}
	if i, ok := p.failures.lookup(ip); ok {
		p.failures.remove(i)
	}
	if b.counters != nil {
		b.counters.BanCreated.Add(1)
	}
	return nil
}

// Unban lifts the ban on ip and forgets its failures. It reports whether ip
// had a ban to lift (an expired one not yet swept counts too).
func (b *BanList) Unban(ip netip.Addr) bool {
	if !ip.IsValid() {
		return false
	}
	ip = ip.Unmap()
	p := b.part(ip)
	p.mu.Lock()
	_, ok := p.bans[ip]
	if ok {
		delete(p.bans, ip)
		b.held.Add(-1)
		p.markDirty(ip)
	}
	if i, found := p.failures.lookup(ip); found {
		p.failures.remove(i)
	}
	p.mu.Unlock()
	if ok && b.counters != nil {
		b.counters.BanLifted.Add(1)
	}
	return ok
}

// List returns the bans in force now, ordered by address.
func (b *BanList) List() []Ban {
	t := b.clock()
	var out []Ban
	for i := range b.parts {
		p := &b.parts[i]
		p.mu.Lock()
		for _, ban := range p.bans {
			if ban.Active(t) {
				out = append(out, ban)
			}
		}
		p.mu.Unlock()
	}
	sortBans(out)
	return out
}

// Sweep removes the bans that have ended at now and the failure logs whose
// newest failure is at least window old. It returns the removed bans,
// ordered by address, for the owner to log; with a store they are also
// marked for Flush to delete. Call it periodically from the owner's loop.
func (b *BanList) Sweep(now time.Time) []Ban {
	t := int64(now.Sub(b.epoch))
	stale := func(f *failureLog) bool { return f.n == 0 || t-f.newest() >= b.window }
	var expired []Ban
	for i := range b.parts {
		p := &b.parts[i]
		p.mu.Lock()
		before := len(expired)
		for addr, ban := range p.bans {
			if !ban.Active(now) {
				delete(p.bans, addr)
				p.markDirty(addr)
				expired = append(expired, ban)
			}
		}
		b.held.Add(-int64(len(expired) - before))
		p.failures.removeIf(stale)
		p.mu.Unlock()
	}
	if b.counters != nil {
		b.counters.BanExpired.Add(uint64(len(expired)))
	}
	sortBans(expired)
	return expired
}

// Load restores bans, typically read from the store at start, and returns
// how many it took. Bans that have already ended, bans of exempt addresses
// and bans of invalid addresses are not taken; with a store, the valid ones
// among those are marked so that the next Flush deletes them. Loaded bans
// are not counted in BanCreated, nor written back to the store.
func (b *BanList) Load(bans []Ban) int {
	t := b.clock()
	n := 0
	for _, ban := range bans {
		if !ban.Addr.IsValid() {
			continue
		}
		ban.Addr = ban.Addr.Unmap()
		p := b.part(ban.Addr)
		p.mu.Lock()
		switch {
		case b.exempt.has(ban.Addr) || !ban.Active(t):
			p.markDirty(ban.Addr)
		case b.put(p, ban, false):
			n++
		default:
			p.markDirty(ban.Addr) // no room: let the store forget it too
		}
		p.mu.Unlock()
	}
	return n
}

// Flush writes to the store the current ban state of every address whose
// state changed since the last Flush: SaveBan for an address banned now,
// DeleteBan otherwise. It stops at the first error or when ctx is done, and
// the addresses it did not write stay marked for the next Flush. Without a
// store it does nothing. Call it from the owner's loop, e.g. after Sweep;
// concurrent calls are serialized.
func (b *BanList) Flush(ctx context.Context) error {
	if b.store == nil {
		return nil
	}
	b.flushMu.Lock()
	defer b.flushMu.Unlock()

	var addrs []netip.Addr
	for i := range b.parts {
		p := &b.parts[i]
		p.mu.Lock()
		for a := range p.dirty {
			addrs = append(addrs, a)
		}
		clear(p.dirty)
		p.mu.Unlock()
	}
	slices.SortFunc(addrs, netip.Addr.Compare)

	for k, a := range addrs {
		err := ctx.Err()
		if err == nil {
			if ban, ok := b.Lookup(a); ok {
				err = b.store.SaveBan(ctx, ban)
			} else {
				err = b.store.DeleteBan(ctx, a)
			}
		}
		if err != nil {
			for _, r := range addrs[k:] {
				p := b.part(r)
				p.mu.Lock()
				p.markDirty(r)
				p.mu.Unlock()
			}
			return fmt.Errorf("guard: persisting ban state of %v: %w", a, err)
		}
	}
	return nil
}

// put stores ban in p, whose lock is held, making room if p is full by
// dropping the ban that ends soonest. It reports false when there is no room
// because every ban in p is permanent. With mark, the address is marked for
// Flush.
func (b *BanList) put(p *banPart, ban Ban, mark bool) bool {
	if _, exists := p.bans[ban.Addr]; !exists {
		if len(p.bans) >= p.maxBans {
			victim, ok := soonestEnding(p.bans)
			if !ok {
				return false
			}
			delete(p.bans, victim)
			b.held.Add(-1)
			p.markDirty(victim)
			if b.counters != nil {
				b.counters.BanEvicted.Add(1)
			}
		}
		b.held.Add(1)
	}
	p.bans[ban.Addr] = ban
	if mark {
		p.markDirty(ban.Addr)
	}
	return true
}

// soonestEnding returns the address of the temporary ban that ends first.
func soonestEnding(bans map[netip.Addr]Ban) (netip.Addr, bool) {
	var addr netip.Addr
	var until time.Time
	for a, ban := range bans {
		if ban.Until.IsZero() {
			continue
		}
		if !addr.IsValid() || ban.Until.Before(until) {
			addr, until = a, ban.Until
		}
	}
	return addr, addr.IsValid()
}

func (p *banPart) markDirty(a netip.Addr) {
	if p.dirty != nil {
		p.dirty[a] = struct{}{}
	}
}

func (f *failureLog) reset(threshold int) {
	if cap(f.at) < threshold {
		f.at = make([]int64, threshold)
	}
	f.at = f.at[:threshold]
	f.head, f.n = 0, 0
}

// add records a failure at now, first forgetting the failures at least
// window older than now and, if the ring is still full, the oldest one.
func (f *failureLog) add(now, window int64) {
	size := len(f.at)
	for f.n > 0 && now-f.at[f.head] >= window {
		f.head = (f.head + 1) % size
		f.n--
	}
	if f.n == size {
		f.head = (f.head + 1) % size
		f.n--
	}
	f.at[(f.head+f.n)%size] = now
	f.n++
}

func (f *failureLog) newest() int64 {
	return f.at[(f.head+f.n-1)%len(f.at)]
}

func sortBans(bans []Ban) {
	slices.SortFunc(bans, func(x, y Ban) int { return x.Addr.Compare(y.Addr) })
}
