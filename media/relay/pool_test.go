package relay

import (
	"sync"
	"testing"
)

// TestPoolCloseReleasesPorts: when Pool.Close returns, every port pair is
// free, also while other goroutines are closing endpoints, links and taps
// at the same time.
func TestPoolCloseReleasesPorts(t *testing.T) {
	p := testPool(t, 32)
	var eps []*Endpoint
	for range 12 {
		e, err := p.Allocate()
		if err != nil {
			t.Fatal(err)
		}
		eps = append(eps, e)
	}
	links := []*Link{Bridge(eps[0], eps[1]), Bridge(eps[2], eps[3])}
	taps := []*Tap{Attach(eps[4], nil), Attach(eps[5], nil)}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, e := range eps[6:] {
		wg.Go(func() { <-start; _ = e.Close() })
	}
	wg.Go(func() { <-start; _ = links[0].Close() })
	wg.Go(func() { <-start; _ = taps[0].Close() })
	wg.Go(func() { <-start; _ = eps[2].Close() })
	close(start)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if n := p.InUse(); n != 0 {
		t.Fatalf("InUse %d after Pool.Close", n)
	}
	for _, e := range eps {
		if err := bindPair(e.Port()); err != nil {
			t.Fatalf("port %d after Pool.Close returned: %v", e.Port(), err)
		}
	}
	wg.Wait()
	for _, l := range links {
		select {
		case <-l.Done():
		default:
			t.Fatal("link open after Pool.Close")
		}
	}
	for _, tp := range taps {
		select {
		case <-tp.Done():
		default:
			t.Fatal("tap open after Pool.Close")
		}
	}
}
