package trunk

import (
	"errors"
	"testing"
	"time"
)

func TestHealthTransitions(t *testing.T) {
	clk := newFakeClock()
	h := NewHealth(WithHealthClock(clk))
	tgt := Target{Transport: TransportTLS, Addr: mustAddrPort("192.0.2.1:5061")}
	timeout := errors.New("no answer within 5s")
	steps := []struct {
		ping  Ping
		state State
		cons  int
	}{
		{Ping{Target: tgt, Err: timeout}, StateUnknown, 1}, // one failure: not enough to tell
		{Ping{Target: tgt, Code: 200, RTT: 40 * time.Millisecond}, StateUp, 0},
		{Ping{Target: tgt, Code: 503}, StateUp, 1}, // one failure keeps it up
		{Ping{Target: tgt, Code: 408}, StateDown, 2},
		{Ping{Target: tgt, Err: timeout}, StateDown, 3},
		{Ping{Target: tgt, Code: 404, RTT: 12 * time.Millisecond}, StateUp, 0}, // any answer but 408/5xx is alive
		{Ping{Target: tgt, Code: 500}, StateUp, 1},
		{Ping{Target: tgt, Code: 200}, StateUp, 0}, // resets the count
		{Ping{Target: tgt, Code: 502}, StateUp, 1},
		{Ping{Err: timeout}, StateDown, 2},
	}
	var changes uint64
	prev := StateUnknown
	for i, st := range steps {
		clk.Advance(30 * time.Second)
		s := h.Record("east", st.ping)
		if s.State != st.state || s.Consecutive != st.cons {
			t.Fatalf("step %d: %s consecutive %d, want %s %d", i, s.State, s.Consecutive, st.state, st.cons)
		}
		if s.State != prev {
			changes++
			if !s.Since.Equal(clk.Now()) {
				t.Fatalf("step %d: since %v, want now", i, s.Since)
			}
		}
		prev = s.State
		if s.LastCode != st.ping.Code || s.LastRTT != st.ping.RTT || !s.LastPing.Equal(clk.Now()) || (st.ping.Err != nil) != (s.LastError != "") {
			t.Fatalf("step %d: last %+v", i, s)
		}
	}
	s, ok := h.Status("east")
	if !ok || s.Pings != uint64(len(steps)) || s.Failures != 7 || s.Changes != changes || s.Target != "" {
		t.Fatalf("counters %+v (changes want %d)", s, changes)
	}
	if h.Usable("east") {
		t.Fatal("down trunk usable")
	}
	if s, ok := h.Status("west"); ok || s.State != StateUnknown || !h.Usable("west") {
		t.Fatalf("never pinged: %+v %v", s, ok)
	}
}

func TestHealthThresholdsAndKeep(t *testing.T) {
	h := NewHealth(WithThresholds(3, 2))
	fail, ok := Ping{Code: 503}, Ping{Code: 200}
	for i, want := range []State{StateUnknown, StateUnknown, StateDown, StateDown, StateUp} {
		p := fail
		if i >= 3 {
			p = ok
		}
		if s := h.Record("a", p); s.State != want {
			t.Fatalf("ping %d: %s, want %s", i, s.State, want)
		}
	}
	h.Record("b", ok)
	h.Record("c", ok)
	if got := h.Statuses(); len(got) != 3 || got[0].Trunk != "a" || got[2].Trunk != "c" {
		t.Fatalf("statuses %+v", got)
	}
	h.Keep("c", "z")
	if got := h.Statuses(); len(got) != 1 || got[0].Trunk != "c" {
		t.Fatalf("after keep %+v", got)
	}
	// A forgotten trunk starts again from unknown.
	if s := h.Record("a", fail); s.State != StateUnknown || s.Pings != 1 {
		t.Fatalf("re-added %+v", s)
	}
}
