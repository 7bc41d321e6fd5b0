package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/call"
	"github.com/dialtone-pbx/dialtone/pbx/snapshot"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// routingSource is a configuration for the snapshot watcher.
type routingSource struct {
	exts   []store.Extension
	trunks []store.Trunk
	routes []store.Route
}

func (s *routingSource) ConfigVersion(context.Context) (int64, error) { return 1, nil }
func (s *routingSource) ListExtensions(context.Context) ([]store.Extension, error) {
	return s.exts, nil
}
func (s *routingSource) ListTrunks(context.Context) ([]store.Trunk, error) { return s.trunks, nil }
func (s *routingSource) ListDIDs(context.Context) ([]store.DID, error)     { return nil, nil }
func (s *routingSource) ListRoutes(context.Context) ([]store.Route, error) { return s.routes, nil }

// fakeResolver answers per host; hosts it does not know fail.
type fakeResolver struct {
	mu      sync.Mutex
	targets map[string][]trunk.Target
	asked   []string
}

func (r *fakeResolver) Resolve(ctx context.Context, host string, t trunk.Transport) ([]trunk.Target, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked = append(r.asked, host+"/"+t.String())
	ts, ok := r.targets[host]
	if !ok {
		return nil, fmt.Errorf("%w: %s", trunk.ErrNXDomain, host)
	}
	return slices.Clone(ts), nil
}

// manualClock is a trunk.Clock moved by hand; After fires at once when
// fire is set, else never.
type manualClock struct {
	mu   sync.Mutex
	now  time.Time
	fire bool
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if c.fire {
		c.now = c.now.Add(d)
		ch <- c.now
	}
	return ch
}

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

const (
	eastHost = "east1.voiceconnector.chime.aws"
	westHost = "west1.voiceconnector.chime.aws"
)

func tgt(tr trunk.Transport, addr string) trunk.Target {
	return trunk.Target{Transport: tr, Addr: netip.MustParseAddrPort(addr)}
}

// trunkFixture is a Chime connector in each of two regions (east fails
// over to west), a generic UDP trunk and a disabled one, with routes for
// national, international, emergency and E.164 numbers.
type trunkFixture struct {
	planner  *trunkPlanner
	resolver *fakeResolver
	health   *trunk.Health
	clock    *manualClock
	w        *snapshot.Watcher
}

func newTrunkFixture(t *testing.T, edit func(*routingSource)) *trunkFixture {
	t.Helper()
	src := &routingSource{
		exts: []store.Extension{
			{Number: "101", Class: "international", CallerID: "+15551230101", Enabled: true},
			{Number: "102", Class: "internal", Enabled: true},
			{Number: "103", Class: "national", Enabled: true},
		},
		trunks: []store.Trunk{
			{Name: "east", Type: store.TrunkChime, Host: eastHost, Port: 5061, Transport: "tls", SRTP: store.SRTPRequired,
				Username: "u", Password: "secret-pass-1", Allow: []netip.Prefix{netip.MustParsePrefix("3.80.16.0/23")},
				CallerID: "+15550001111", Failover: "west", Enabled: true},
			{Name: "west", Type: store.TrunkChime, Host: westHost, Port: 5061, Transport: "tls", SRTP: store.SRTPRequired,
				Allow: []netip.Prefix{netip.MustParsePrefix("99.77.253.0/24")}, CallerID: "+15550002222", Enabled: true},
			{Name: "gen", Type: store.TrunkGeneric, Host: "sip.example.net", Transport: "udp", SRTP: store.SRTPOff,
				Allow: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}, Enabled: true},
			{Name: "off", Type: store.TrunkGeneric, Host: "off.example.net", Transport: "udp", SRTP: store.SRTPOff,
				Allow: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}, Enabled: false},
		},
		routes: []store.Route{
			{Name: "emergency", Pattern: "911", Trunks: []string{"east"}},
			{Name: "nanp", Pattern: "NXXNXXXXXX", Trunks: []string{"east"}},
			{Name: "intl", Pattern: "011.", Strip: 3, Trunks: []string{"gen"}},
			{Name: "e164", Pattern: "+.", Trunks: []string{"off"}},
		},
	}
	if edit != nil {
		edit(src)
	}
	w := snapshot.NewWatcher(src, time.Hour, slog.New(slog.DiscardHandler))
	if err := w.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := &fakeResolver{targets: map[string][]trunk.Target{
		eastHost + ":5061": {tgt(trunk.TransportTLS, "192.0.2.11:5061"), tgt(trunk.TransportTLS, "192.0.2.12:5061")},
		westHost + ":5061": {tgt(trunk.TransportTLS, "192.0.2.21:5061")},
		"sip.example.net":  {tgt(trunk.TransportUDP, "192.0.2.31:5060")},
		"off.example.net":  {tgt(trunk.TransportUDP, "192.0.2.41:5060")},
	}}
	h := trunk.NewHealth()
	p := newTrunkPlanner(w, r, h, testLog(t))
	clock := &manualClock{now: time.Unix(1_700_000_000, 0)}
	p.clock = clock
	p.cpsWait = 0
	return &trunkFixture{planner: p, resolver: r, health: h, clock: clock, w: w}
}

func testLog(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func (f *trunkFixture) ext(number string) store.Extension {
	e, _ := f.w.Current().Extension(number)
	return e
}

// targetsOf summarises a plan's targets as "trunk transport addr host srtp".
func targetsOf(plan call.OutboundCall) []string {
	var out []string
	for _, t := range plan.Targets {
		out = append(out, strings.Join([]string{t.Trunk, t.Transport, t.Addr.String(), t.Host, t.SRTP}, " "))
	}
	return out
}

var (
	eastTargets = []string{
		"east tls 192.0.2.11:5061 " + eastHost + " required",
		"east tls 192.0.2.12:5061 " + eastHost + " required",
	}
	westTargets = []string{"west tls 192.0.2.21:5061 " + westHost + " required"}
)

func TestTrunkPlannerOutbound(t *testing.T) {
	for _, tc := range []struct {
		name      string
		caller    string
		dialled   string
		edit      func(*routingSource)
		down      []string // trunks health says are down
		code      int      // OutboundError code, 0 for a plan
		reason    string
		route     string
		number    string
		callerID  string
		emergency bool
		targets   []string
	}{
		{name: "national to Chime, failover to the other region, E.164 number", caller: "101", dialled: "3125550100",
			route: "nanp", number: "+13125550100", callerID: "+15551230101", targets: append(slices.Clone(eastTargets), westTargets...)},
		{name: "dialled with separators", caller: "101", dialled: "(312) 555-0100",
			route: "nanp", number: "+13125550100", callerID: "+15551230101", targets: append(slices.Clone(eastTargets), westTargets...)},
		{name: "caller ID from the trunk when the extension has none", caller: "103", dialled: "3125550100",
			route: "nanp", number: "+13125550100", callerID: "+15550001111", targets: append(slices.Clone(eastTargets), westTargets...)},
		{name: "international through a generic trunk keeps the route's rewrite", caller: "101", dialled: "011442079460000",
			route: "intl", number: "442079460000", callerID: "+15551230101", targets: []string{"gen udp 192.0.2.31:5060 sip.example.net off"}},
		{name: "no caller ID anywhere: the extension number", caller: "103", dialled: "3125550100",
			edit: func(s *routingSource) {
				for i := range s.trunks {
					s.trunks[i].CallerID = ""
				}
			},
			route: "nanp", number: "+13125550100", callerID: "103", targets: append(slices.Clone(eastTargets), westTargets...)},
		{name: "international above a national permission", caller: "103", dialled: "011442079460000", code: 403, reason: "not permitted"},
		{name: "national above an internal permission", caller: "102", dialled: "3125550100", code: 403, reason: "not permitted"},
		{name: "a route whose only trunk is disabled", caller: "101", dialled: "+442079460000", code: 503, reason: "no trunk of off"},
		{name: "no route matches", caller: "101", dialled: "+442079460000", code: 404, reason: "no route",
			edit: func(s *routingSource) { s.routes = s.routes[:3] }},
		{name: "incomplete number", caller: "101", dialled: "312555", code: 484},
		{name: "emergency from an internal extension", caller: "102", dialled: "911",
			route: "emergency", number: "911", callerID: "+15550001111", emergency: true, targets: append(slices.Clone(eastTargets), westTargets...)},
		{name: "a down trunk is skipped", caller: "101", dialled: "3125550100", down: []string{"east"},
			route: "nanp", number: "+13125550100", callerID: "+15551230101", targets: westTargets},
		{name: "caller ID of the trunk used", caller: "103", dialled: "3125550100", down: []string{"east"},
			route: "nanp", number: "+13125550100", callerID: "+15550002222", targets: westTargets},
		{name: "every trunk down: all tried", caller: "101", dialled: "3125550100", down: []string{"east", "west"},
			route: "nanp", number: "+13125550100", callerID: "+15551230101", targets: append(slices.Clone(eastTargets), westTargets...)},
		{name: "emergency keeps down trunks, last", caller: "102", dialled: "911", down: []string{"east"},
			route: "emergency", number: "911", callerID: "+15550002222", emergency: true, targets: append(slices.Clone(westTargets), eastTargets...)},
		{name: "a host that does not resolve is skipped", caller: "101", dialled: "3125550100",
			edit:  func(s *routingSource) { s.trunks[0].Host = "gone1.voiceconnector.chime.aws" },
			route: "nanp", number: "+13125550100", callerID: "+15551230101", targets: westTargets},
		{name: "nothing resolves", caller: "101", dialled: "011442079460000", code: 503, reason: "no trunk of gen",
			edit: func(s *routingSource) { s.trunks[2].Host = "gone.example.net" }},
		{name: "a disabled failover trunk is left out", caller: "101", dialled: "3125550100",
			edit:  func(s *routingSource) { s.trunks[1].Enabled = false },
			route: "nanp", number: "+13125550100", callerID: "+15551230101", targets: eastTargets},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newTrunkFixture(t, tc.edit)
			for _, d := range tc.down {
				for range 2 {
					f.health.Record(d, trunk.Ping{Code: 503})
				}
			}
			plan, err := f.planner.Outbound(context.Background(), f.ext(tc.caller), tc.dialled)
			if tc.code != 0 {
				var oe *call.OutboundError
				if !errors.As(err, &oe) || oe.Code != tc.code || !strings.Contains(oe.Reason, tc.reason) {
					t.Fatalf("err %v (%#v), want %d %q", err, oe, tc.code, tc.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if plan.Route != tc.route || plan.Number != tc.number || plan.CallerID != tc.callerID || plan.Emergency != tc.emergency {
				t.Errorf("plan %+v, want route %s number %s caller ID %s emergency %v", plan, tc.route, tc.number, tc.callerID, tc.emergency)
			}
			if got := targetsOf(plan); !slices.Equal(got, tc.targets) {
				t.Errorf("targets\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.targets, "\n"))
			}
			for _, tg := range plan.Targets {
				if tg.Trunk == "east" && (tg.Username != "u" || tg.Password != "secret-pass-1") {
					t.Errorf("east credentials %q %q", tg.Username, tg.Password)
				}
			}
		})
	}
}

func TestTrunkPlannerResolvesWithTheProfilesTransport(t *testing.T) {
	f := newTrunkFixture(t, nil)
	if _, err := f.planner.Outbound(context.Background(), f.ext("101"), "3125550100"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.planner.Outbound(context.Background(), f.ext("101"), "011442079460000"); err != nil {
		t.Fatal(err)
	}
	slices.Sort(f.resolver.asked)
	want := []string{eastHost + ":5061/tls", "sip.example.net/udp", westHost + ":5061/tls"}
	if !slices.Equal(f.resolver.asked, want) {
		t.Errorf("resolved %v, want %v", f.resolver.asked, want)
	}
}

// Chime's preset allows 1 call per second per connector: the second call
// within the second goes to the other region, the third is refused 503
// (no queue here), and a second later east takes calls again.
func TestTrunkPlannerCallsPerSecond(t *testing.T) {
	f := newTrunkFixture(t, nil)
	call1 := func() ([]string, error) {
		plan, err := f.planner.Outbound(context.Background(), f.ext("101"), "3125550100")
		return targetsOf(plan), err
	}
	if got, err := call1(); err != nil || len(got) != 3 {
		t.Fatalf("first call: %v %v", got, err)
	}
	if got, err := call1(); err != nil || !slices.Equal(got, westTargets) {
		t.Fatalf("second call in the same second: %v %v, want west only", got, err)
	}
	_, err := call1()
	var oe *call.OutboundError
	if !errors.As(err, &oe) || oe.Code != 503 || !strings.Contains(oe.Reason, "calls-per-second") {
		t.Fatalf("third call: %v", err)
	}
	// Emergency calls are never held back by the limit.
	if plan, err := f.planner.Outbound(context.Background(), f.ext("102"), "911"); err != nil || len(plan.Targets) != 3 {
		t.Fatalf("emergency call at the limit: %+v %v", plan, err)
	}
	f.clock.advance(time.Second)
	if got, err := call1(); err != nil || len(got) != 3 || got[0] != eastTargets[0] {
		t.Fatalf("a second later: %v %v", got, err)
	}
}

// With a queue bound the call waits for the first trunk's slot.
func TestTrunkPlannerCPSQueues(t *testing.T) {
	f := newTrunkFixture(t, func(s *routingSource) { s.trunks[0].Failover = "" })
	f.planner.cpsWait = 2 * time.Second
	f.clock.fire = true
	for i := range 3 {
		before := f.clock.Now()
		plan, err := f.planner.Outbound(context.Background(), f.ext("101"), "3125550100")
		if err != nil || !slices.Equal(targetsOf(plan), eastTargets) {
			t.Fatalf("call %d: %v %v", i, targetsOf(plan), err)
		}
		waited := f.clock.Now().Sub(before)
		if want := min(i, 1); waited != time.Duration(want)*time.Second {
			t.Errorf("call %d waited %v", i, waited)
		}
	}
	// A caller that gives up while queued is refused 503, not planned.
	f.clock.fire = false
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := f.planner.Outbound(ctx, f.ext("101"), "3125550100")
	var oe *call.OutboundError
	if !errors.As(err, &oe) || oe.Code != 503 {
		t.Fatalf("cancelled while queued: %v", err)
	}
}

func TestTrunkPlannerSource(t *testing.T) {
	f := newTrunkFixture(t, nil)
	for addr, want := range map[string]string{
		"3.80.16.0":        "east",
		"3.80.17.255":      "east",
		"::ffff:3.80.16.1": "east",
		"99.77.253.9":      "west",
		"192.0.2.7":        "gen",
		"::ffff:192.0.2.7": "gen",
		"198.51.100.1":     "", // the disabled trunk's
		"3.80.18.0":        "",
		"3.80.15.255":      "",
		"203.0.113.5":      "",
		"2001:db8::1":      "",
		"127.0.0.1":        "",
	} {
		name, ok := f.planner.Source(netip.MustParseAddr(addr))
		if name != want || ok != (want != "") {
			t.Errorf("Source(%s) = %q %v, want %q", addr, name, ok, want)
		}
	}
	empty := &trunkPlanner{snap: func() *snapshot.Snapshot { return nil }, log: slog.New(slog.DiscardHandler)}
	if _, ok := empty.Source(netip.MustParseAddr("3.80.16.1")); ok {
		t.Error("a source matched before the configuration loaded")
	}
	_, err := empty.Outbound(context.Background(), store.Extension{Number: "101"}, "3125550100")
	var oe *call.OutboundError
	if !errors.As(err, &oe) || oe.Code != 503 {
		t.Errorf("before the configuration loaded: %v", err)
	}
}

func TestTrunkPlannerPingTargets(t *testing.T) {
	f := newTrunkFixture(t, nil)
	got := f.planner.pingTargets()
	want := []trunk.PingTarget{
		{Trunk: "east", Host: eastHost + ":5061", Transport: trunk.TransportTLS},
		{Trunk: "gen", Host: "sip.example.net", Transport: trunk.TransportUDP},
		{Trunk: "west", Host: westHost + ":5061", Transport: trunk.TransportTLS},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ping targets %+v, want %+v", got, want)
	}
}

func TestDomainResolverNamesTheDomain(t *testing.T) {
	r := domainResolver{&fakeResolver{targets: map[string][]trunk.Target{
		"sip.example.net":      {{Transport: trunk.TransportTLS, Addr: netip.MustParseAddrPort("192.0.2.1:5061"), Host: "srv1.example.net"}},
		"sip.example.net:5070": {{Transport: trunk.TransportTCP, Addr: netip.MustParseAddrPort("192.0.2.2:5070"), Host: "sip.example.net"}},
		"[2001:db8::1]:5061":   {{Transport: trunk.TransportTLS, Addr: netip.MustParseAddrPort("[2001:db8::1]:5061"), Host: "2001:db8::1"}},
	}}}
	for host, want := range map[string]string{
		"sip.example.net":      "sip.example.net",
		"sip.example.net:5070": "sip.example.net",
		"[2001:db8::1]:5061":   "2001:db8::1",
	} {
		ts, err := r.Resolve(context.Background(), host, trunk.TransportAny)
		if err != nil || len(ts) != 1 || ts[0].Host != want {
			t.Errorf("%s: %+v %v, want host %s", host, ts, err, want)
		}
	}
	if _, err := r.Resolve(context.Background(), "gone.example.net", trunk.TransportAny); !errors.Is(err, trunk.ErrNXDomain) {
		t.Errorf("error not passed on: %v", err)
	}
}

// countingProber answers every OPTIONS 200 and counts them.
type countingProber struct{ n atomic.Int32 }

func (p *countingProber) Options(context.Context, trunk.Target) (int, time.Duration, error) {
	p.n.Add(1)
	return 200, time.Millisecond, nil
}

// oneTarget resolves every host to one UDP target on loopback.
type oneTarget struct{}

func (oneTarget) Resolve(_ context.Context, _ string, _ trunk.Transport) ([]trunk.Target, error) {
	return []trunk.Target{{Transport: trunk.TransportUDP, Addr: netip.MustParseAddrPort("127.0.0.1:5060")}}, nil
}

// TestPingOnConfigChange: a configuration change (a trunk added) starts a
// ping round at once, not at the next 30 s one; no change, no ping.
func TestPingOnConfigChange(t *testing.T) {
	var cur atomic.Pointer[snapshot.Snapshot]
	cur.Store(&snapshot.Snapshot{})
	pr := &countingProber{}
	ts := &trunkSide{config: cur.Load, pinger: &trunk.Pinger{
		Health: trunk.NewHealth(), Prober: pr, Resolver: oneTarget{},
		Trunks: func() []trunk.PingTarget {
			return []trunk.PingTarget{{Trunk: "t1", Host: "t1.example", Transport: trunk.TransportUDP}}
		},
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); ts.pingOnChange(ctx, 5*time.Millisecond) }()
	time.Sleep(50 * time.Millisecond)
	if n := pr.n.Load(); n != 0 {
		t.Fatalf("%d pings without a change", n)
	}
	cur.Store(&snapshot.Snapshot{})
	deadline := time.Now().Add(2 * time.Second)
	for pr.n.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if n := pr.n.Load(); n != 1 {
		t.Fatalf("%d pings after one change, want 1", n)
	}
	if st, ok := ts.pinger.Health.Status("t1"); !ok || st.State != trunk.StateUp {
		t.Fatalf("health after the change's ping: %+v", st)
	}
}
