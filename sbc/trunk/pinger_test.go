package trunk

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeProber answers OPTIONS per target address from a table it can be
// told to change, and records what it was asked.
type fakeProber struct {
	mu      sync.Mutex
	answers map[netip.AddrPort]fakeAnswer
	asked   []string
}

type fakeAnswer struct {
	code int
	rtt  time.Duration
	err  error
	hang bool // wait for the context, like a server that never answers
}

func (f *fakeProber) set(addr string, a fakeAnswer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers[mustAddrPort(addr)] = a
}

func (f *fakeProber) Options(ctx context.Context, t Target) (int, time.Duration, error) {
	f.mu.Lock()
	a, ok := f.answers[t.Addr]
	f.asked = append(f.asked, t.Addr.String())
	f.mu.Unlock()
	if !ok {
		return 0, 0, errors.New("connection refused")
	}
	if a.hang {
		<-ctx.Done()
		return 0, 0, ctx.Err()
	}
	return a.code, a.rtt, a.err
}

func (f *fakeProber) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.asked
	f.asked = nil
	slices.Sort(out)
	return out
}

// mapResolver resolves host names from a table.
type mapResolver map[string][]Target

func (m mapResolver) Resolve(_ context.Context, host string, _ Transport) ([]Target, error) {
	ts, ok := m[host]
	if !ok {
		return nil, ErrNXDomain
	}
	return ts, nil
}

func TestPinger(t *testing.T) {
	clk := newFakeClock()
	prober := &fakeProber{answers: map[netip.AddrPort]fakeAnswer{}}
	res := mapResolver{
		"east.example": {
			{Transport: TransportTLS, Addr: mustAddrPort("192.0.2.1:5061")},
			{Transport: TransportTLS, Addr: mustAddrPort("192.0.2.2:5061")},
		},
		"west.example": {{Transport: TransportUDP, Addr: mustAddrPort("198.51.100.1:5060")}},
	}
	prober.set("192.0.2.1:5061", fakeAnswer{hang: true})           // first server never answers
	prober.set("192.0.2.2:5061", fakeAnswer{code: 200, rtt: 31e6}) // the second does
	prober.set("198.51.100.1:5060", fakeAnswer{code: 200, rtt: 80e6})

	var mu sync.Mutex
	trunks := []PingTarget{
		{Trunk: "east", Host: "east.example", Transport: TransportTLS},
		{Trunk: "west", Host: "west.example", Transport: TransportUDP},
		{Trunk: "ghost", Host: "nowhere.example"},
	}
	h := NewHealth(WithHealthClock(clk))
	p := &Pinger{Health: h, Prober: prober, Resolver: res, Interval: 30 * time.Second, Timeout: 20 * time.Millisecond, Clock: clk,
		Trunks: func() []PingTarget { mu.Lock(); defer mu.Unlock(); return slices.Clone(trunks) }}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()

	// Round 1 runs at once; the loop then waits for the clock.
	clk.waitPending(t, 1)
	if got := prober.take(); !slices.Equal(got, []string{"192.0.2.1:5061", "192.0.2.2:5061", "198.51.100.1:5060"}) {
		t.Fatalf("round 1 asked %v", got)
	}
	state := func(name string) Status {
		s, _ := h.Status(name)
		return s
	}
	if s := state("east"); s.State != StateUp || s.Target != "tls:192.0.2.2:5061" || s.LastRTT != 31*time.Millisecond || s.LastCode != 200 {
		t.Fatalf("east after round 1: %+v", s)
	}
	if s := state("west"); s.State != StateUp || s.LastRTT != 80*time.Millisecond {
		t.Fatalf("west after round 1: %+v", s)
	}
	if s := state("ghost"); s.State != StateUnknown || s.Failures != 1 || s.LastError == "" {
		t.Fatalf("ghost after round 1: %+v", s)
	}

	// West starts answering 503: one failure keeps it up, two take it down.
	prober.set("198.51.100.1:5060", fakeAnswer{code: 503})
	for round, want := range []State{StateUp, StateDown} {
		clk.Advance(29 * time.Second)
		if clk.pending() != 1 {
			t.Fatal("pinged before the interval")
		}
		clk.Advance(time.Second)
		clk.waitPending(t, 1)
		if s := state("west"); s.State != want || s.LastCode != 503 {
			t.Fatalf("west after failure %d: %+v", round+1, s)
		}
	}
	if s := state("ghost"); s.State != StateDown || s.Pings != 3 {
		t.Fatalf("ghost after 3 rounds: %+v", s)
	}

	// West comes back; ghost leaves the configuration and is forgotten.
	prober.set("198.51.100.1:5060", fakeAnswer{code: 200, rtt: 5e6})
	mu.Lock()
	trunks = trunks[:2]
	mu.Unlock()
	prober.take()
	clk.Advance(30 * time.Second)
	clk.waitPending(t, 1)
	if s := state("west"); s.State != StateUp || s.Pings != 4 || s.Failures != 2 || s.Changes != 3 {
		t.Fatalf("west recovered: %+v", s)
	}
	if _, ok := h.Status("ghost"); ok {
		t.Fatal("ghost not forgotten")
	}
	if got := prober.take(); !slices.Equal(got, []string{"192.0.2.1:5061", "192.0.2.2:5061", "198.51.100.1:5060"}) {
		t.Fatalf("round 5 asked %v", got)
	}

	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// A ping in progress ends with the context and is not counted against
// the trunk.
func TestPingerStopsMidRound(t *testing.T) {
	prober := &fakeProber{answers: map[netip.AddrPort]fakeAnswer{}}
	prober.set("192.0.2.1:5060", fakeAnswer{hang: true})
	h := NewHealth()
	p := &Pinger{Health: h, Prober: prober, Resolver: mapResolver{"h": {{Transport: TransportUDP, Addr: mustAddrPort("192.0.2.1:5060")}}},
		Timeout: time.Hour, Trunks: func() []PingTarget { return []PingTarget{{Trunk: "t", Host: "h"}} }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(prober.take()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("never pinged")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if s, ok := h.Status("t"); ok {
		t.Fatalf("cancelled ping recorded: %+v", s)
	}
}
