package trunk

import (
	"slices"
	"sync"
	"time"
)

// State is a trunk's health as OPTIONS pings see it.
type State string

// Trunk states.
const (
	// StateUnknown: not pinged yet, or not enough answers to tell.
	StateUnknown State = "unknown"
	StateUp      State = "up"
	StateDown    State = "down"
)

// Status is one trunk's health and ping counters.
type Status struct {
	Trunk string `json:"trunk"`
	State State  `json:"state"`
	// Since is when State last changed (zero while unknown).
	Since time.Time `json:"since"`
	// The last ping: when, to which target, the final response code (0
	// when none came), the round trip, and the failure.
	LastPing  time.Time     `json:"last_ping"`
	Target    string        `json:"target,omitempty"`
	LastCode  int           `json:"last_code"`
	LastRTT   time.Duration `json:"last_rtt_ns"`
	LastError string        `json:"last_error,omitempty"`
	// Counters since start: pings, failed pings, failures in a row,
	// and state changes.
	Pings       uint64 `json:"pings"`
	Failures    uint64 `json:"failures"`
	Consecutive int    `json:"consecutive_failures"`
	Changes     uint64 `json:"state_changes"`
	// Registration is the REGISTER state of a registration trunk; nil
	// for other trunks.
	Registration *Registration `json:"registration,omitempty"`
}

// Ping is the outcome of one OPTIONS ping of a trunk.
type Ping struct {
	Target Target
	Code   int           // final response code, 0 for none
	RTT    time.Duration // request to final response
	Err    error         // transport failure or timeout
}

// OK reports whether the ping shows the trunk alive: any final answer
// other than 408 or 5xx. A 404 or 403 to OPTIONS still proves a server
// that processes requests; 503 and 408 are what failover moves on from
// (Retryable), so they count as failures here too.
func (p Ping) OK() bool { return !Retryable(p.Code, p.Err) }

// Health keeps every trunk's state: down after DownAfter failed pings in
// a row, up after UpAfter good ones. It is safe for concurrent use.
type Health struct {
	downAfter, upAfter int
	now                func() time.Time

	mu     sync.Mutex
	trunks map[string]*Status
	goods  map[string]int // good pings in a row
}

// HealthOption configures NewHealth.
type HealthOption func(*Health)

// WithThresholds sets how many failed pings in a row make a trunk down
// (default 2) and how many good ones make it up (default 1).
func WithThresholds(downAfter, upAfter int) HealthOption {
	return func(h *Health) { h.downAfter, h.upAfter = max(downAfter, 1), max(upAfter, 1) }
}

// WithHealthClock sets the clock that stamps pings and state changes.
func WithHealthClock(c Clock) HealthOption { return func(h *Health) { h.now = c.Now } }

// NewHealth returns an empty health table.
func NewHealth(opts ...HealthOption) *Health {
	h := &Health{downAfter: 2, upAfter: 1, now: time.Now, trunks: map[string]*Status{}, goods: map[string]int{}}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Record counts a ping of trunk and returns its status after it.
func (h *Health) Record(trunk string, p Ping) Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.status(trunk)
	now := h.now()
	s.Pings++
	s.LastPing, s.LastCode, s.LastRTT, s.LastError = now, p.Code, p.RTT, ""
	s.Target = ""
	if p.Target.Addr.IsValid() {
		s.Target = p.Target.String()
	}
	next := s.State
	if p.OK() {
		s.Consecutive = 0
		h.goods[trunk]++
		if h.goods[trunk] >= h.upAfter {
			next = StateUp
		}
	} else {
		s.Failures++
		s.Consecutive++
		h.goods[trunk] = 0
		if p.Err != nil {
			s.LastError = p.Err.Error()
		}
		if s.Consecutive >= h.downAfter {
			next = StateDown
		}
	}
	if next != s.State {
		s.State, s.Since = next, now
		s.Changes++
	}
	return *s
}

func (h *Health) status(trunk string) *Status {
	s, ok := h.trunks[trunk]
	if !ok {
		s = &Status{Trunk: trunk, State: StateUnknown}
		h.trunks[trunk] = s
	}
	return s
}

// Status returns one trunk's status; ok is false for a trunk never pinged.
func (h *Health) Status(trunk string) (Status, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.trunks[trunk]
	if !ok {
		return Status{Trunk: trunk, State: StateUnknown}, false
	}
	return *s, true
}

// Usable reports whether calls should be sent to trunk: it is not known
// to be down. An unknown trunk is tried; failover covers the rest.
func (h *Health) Usable(trunk string) bool {
	s, _ := h.Status(trunk)
	return s.State != StateDown
}

// Statuses lists every trunk's status by name.
func (h *Health) Statuses() []Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Status, 0, len(h.trunks))
	for _, s := range h.trunks {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Status) int {
		switch {
		case a.Trunk < b.Trunk:
			return -1
		case a.Trunk > b.Trunk:
			return 1
		}
		return 0
	})
	return out
}

// Keep forgets every trunk not named, after a configuration change.
func (h *Health) Keep(trunks ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for name := range h.trunks {
		if !slices.Contains(trunks, name) {
			delete(h.trunks, name)
			delete(h.goods, name)
		}
	}
}
