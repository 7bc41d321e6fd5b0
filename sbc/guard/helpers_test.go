package guard

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"sync"
	"time"
)

// fakeClock is a hand-driven clock for WithClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// nthAddr returns a distinct address for each n, IPv4 for even n and IPv6
// for odd n.
func nthAddr(n int) netip.Addr {
	if n%2 == 0 {
		m := uint32(n / 2)
		return netip.AddrFrom4([4]byte{10, byte(m >> 16), byte(m >> 8), byte(m)})
	}
	m := uint32(n / 2)
	return netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 12: byte(m >> 24), 13: byte(m >> 16), 14: byte(m >> 8), 15: byte(m)})
}

var errStoreDown = errors.New("store down")

// memStore is a BanStore in memory that can be made to fail.
type memStore struct {
	mu      sync.Mutex
	bans    map[netip.Addr]Ban
	saves   int
	deletes int
	failAt  int // fail the call with this 1-based number; 0: never
	calls   int
}

func newMemStore() *memStore { return &memStore{bans: make(map[netip.Addr]Ban)} }

func (s *memStore) call() error {
	s.calls++
	if s.failAt != 0 && s.calls == s.failAt {
		return errStoreDown
	}
	return nil
}

func (s *memStore) SaveBan(_ context.Context, b Ban) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call(); err != nil {
		return err
	}
	s.saves++
	s.bans[b.Addr] = b
	return nil
}

func (s *memStore) DeleteBan(_ context.Context, a netip.Addr) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call(); err != nil {
		return err
	}
	s.deletes++
	delete(s.bans, a)
	return nil
}

func (s *memStore) addrs() []netip.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []netip.Addr
	for a := range s.bans {
		out = append(out, a)
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return out
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func expectPanic(t interface {
	Helper()
	Errorf(string, ...any)
}, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: did not panic", name)
		}
	}()
	f()
}
