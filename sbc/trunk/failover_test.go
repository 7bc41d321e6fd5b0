package trunk

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// scripted answers per target address; a missing entry blocks until the
// attempt's context ends (a target that never answers).
type scripted struct {
	mu      sync.Mutex
	answers map[string]int
	errs    map[string]error
	tried   []string
}

func (s *scripted) Attempt(ctx context.Context, t Target) (int, error) {
	s.mu.Lock()
	s.tried = append(s.tried, t.Addr.String())
	st, ok := s.answers[t.Addr.String()]
	err := s.errs[t.Addr.String()]
	s.mu.Unlock()
	if err != nil {
		return 0, err
	}
	if !ok {
		<-ctx.Done()
		return 0, ctx.Err()
	}
	return st, nil
}

// The RFC 3263 story end to end: DNS gives two targets, the first (better
// priority) never answers, the second takes the call.
func TestFailoverFirstTargetDown(t *testing.T) {
	z := trunkZone(t)
	r := testResolver(t, z, WithIPv6(false))
	targets, err := r.Resolve(testCtx(t), "trunk.test", TransportTLS)
	if err != nil {
		t.Fatal(err)
	}
	a := &scripted{answers: map[string]int{"192.0.2.20:5061": 200}}
	res, err := Failover{Timeout: 50 * time.Millisecond}.Run(testCtx(t), targets, a)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || res.Target.Addr.String() != "192.0.2.20:5061" {
		t.Fatalf("result %+v", res)
	}
	if len(res.Tried) != 2 || !errors.Is(res.Tried[0].Err, context.DeadlineExceeded) {
		t.Errorf("tried %+v", res.Tried)
	}
}

func TestFailoverDecisions(t *testing.T) {
	targets := []Target{
		{Transport: TransportUDP, Addr: mustAddrPort("192.0.2.1:5060")},
		{Transport: TransportUDP, Addr: mustAddrPort("192.0.2.2:5060")},
		{Transport: TransportUDP, Addr: mustAddrPort("192.0.2.3:5060")},
	}
	refused := errors.New("connection refused")
	for _, tc := range []struct {
		name    string
		answers map[string]int
		errs    map[string]error
		tried   []string
		status  int
		wantErr string
	}{
		{"first answers", map[string]int{"192.0.2.1:5060": 200}, nil, []string{"192.0.2.1:5060"}, 200, ""},
		{"503 moves on", map[string]int{"192.0.2.1:5060": 503, "192.0.2.2:5060": 200}, nil, []string{"192.0.2.1:5060", "192.0.2.2:5060"}, 200, ""},
		{"408 moves on", map[string]int{"192.0.2.1:5060": 408, "192.0.2.2:5060": 500, "192.0.2.3:5060": 486}, nil, []string{"192.0.2.1:5060", "192.0.2.2:5060", "192.0.2.3:5060"}, 486, ""},
		{"404 is final", map[string]int{"192.0.2.1:5060": 404, "192.0.2.2:5060": 200}, nil, []string{"192.0.2.1:5060"}, 404, ""},
		{"603 is final", map[string]int{"192.0.2.1:5060": 603}, nil, []string{"192.0.2.1:5060"}, 603, ""},
		{"302 is final", map[string]int{"192.0.2.1:5060": 302}, nil, []string{"192.0.2.1:5060"}, 302, ""},
		{"transport error moves on", map[string]int{"192.0.2.2:5060": 200}, map[string]error{"192.0.2.1:5060": refused}, []string{"192.0.2.1:5060", "192.0.2.2:5060"}, 200, ""},
		{"all fail", map[string]int{"192.0.2.1:5060": 503, "192.0.2.2:5060": 503, "192.0.2.3:5060": 504}, nil, []string{"192.0.2.1:5060", "192.0.2.2:5060", "192.0.2.3:5060"}, 504, "all targets failed (3 tried): udp:192.0.2.3:5060: status 504"},
		{"timeouts", nil, nil, []string{"192.0.2.1:5060", "192.0.2.2:5060", "192.0.2.3:5060"}, 0, "udp:192.0.2.3:5060: no answer within 20ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &scripted{answers: tc.answers, errs: tc.errs}
			res, err := Failover{Timeout: 20 * time.Millisecond}.Run(testCtx(t), targets, a)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err %v, want %q", err, tc.wantErr)
			}
			if tc.wantErr != "" && !errors.Is(err, ErrAllTargetsFailed) {
				t.Errorf("err %v is not ErrAllTargetsFailed", err)
			}
			if !slices.Equal(a.tried, tc.tried) || res.Status != tc.status {
				t.Errorf("tried %v status %d, want %v %d", a.tried, res.Status, tc.tried, tc.status)
			}
		})
	}
}

func TestFailoverEdges(t *testing.T) {
	if _, err := (Failover{}).Run(testCtx(t), nil, &scripted{}); !errors.Is(err, ErrNoTargets) {
		t.Errorf("no targets: %v", err)
	}
	// The caller's context ending is not a target failure: stop at once.
	ctx, cancel := context.WithCancel(context.Background())
	targets := []Target{{Addr: mustAddrPort("192.0.2.1:5060")}, {Addr: mustAddrPort("192.0.2.2:5060")}}
	calls := 0
	_, err := Failover{Timeout: time.Minute}.Run(ctx, targets, AttempterFunc(func(ctx context.Context, _ Target) (int, error) {
		calls++
		cancel()
		return 0, ctx.Err()
	}))
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("err %v after %d calls, want Canceled after 1", err, calls)
	}
}
