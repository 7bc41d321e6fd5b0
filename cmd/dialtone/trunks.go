package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/pbx/call"
	"github.com/dialtone-pbx/dialtone/pbx/dialplan/outbound"
	"github.com/dialtone-pbx/dialtone/pbx/snapshot"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// cpsQueue is how long an outbound call may wait for a calls-per-second
// slot when every usable trunk is at its limit; beyond it the call is
// refused 503 rather than refused by the provider.
const cpsQueue = 2 * time.Second

// trunkPlanner is call.Trunks over the configuration snapshot: trunks by
// source address, outbound routes (outbound.Match), the RFC 3263 resolver,
// the trunks' health (OPTIONS pings) and each trunk's calls-per-second
// limit. It is safe for concurrent use.
type trunkPlanner struct {
	snap     func() *snapshot.Snapshot
	resolver trunk.TargetResolver
	health   *trunk.Health // nil: every trunk is usable
	log      *slog.Logger
	clock    trunk.Clock // the CPS limiters'; nil is the system clock
	cpsWait  time.Duration
	// registered names the registration trunk whose provider resolved to
	// an address (trunkRegistrations.Source); nil for none.
	registered func(netip.Addr) (string, bool)

	mu       sync.Mutex
	version  int64 // of the snapshot profiles were built from
	profiles map[string]trunk.Profile
	limiters map[string]cpsLimiter
}

type cpsLimiter struct {
	cps int
	l   *trunk.CPSLimiter
}

var _ call.Trunks = (*trunkPlanner)(nil)

// newTrunkPlanner plans trunk calls from w's snapshots, resolving hosts
// with r (the cached RFC 3263 resolver) and skipping trunks health knows
// to be down.
func newTrunkPlanner(w *snapshot.Watcher, r trunk.TargetResolver, health *trunk.Health, log *slog.Logger) *trunkPlanner {
	return &trunkPlanner{snap: w.Current, resolver: r, health: health, log: log.With("component", "trunks"), cpsWait: cpsQueue}
}

// Source names the enabled trunk whose allowed networks hold src (the
// most specific network wins), else the registration trunk whose
// provider's servers (as resolved now) include src: a provider sends calls
// to the Contact we registered from the servers we registered with.
func (p *trunkPlanner) Source(src netip.Addr) (string, bool) {
	s := p.snap()
	if s == nil {
		return "", false
	}
	if t, ok := s.TrunkForSource(src); ok {
		return t.Name, true
	}
	if p.registered != nil {
		return p.registered(src)
	}
	return "", false
}

// candidate is one trunk of a call's chain with where it resolved to.
type candidate struct {
	trunk   store.Trunk
	profile trunk.Profile
	targets []trunk.Target
	down    bool
}

// Outbound plans a call to the PSTN:
//
//   - the number is routed by outbound.Match with the caller's permission
//     class (snapshot.Permission): 403 above it, 404 (484 incomplete)
//     without a route; emergency numbers are always allowed and logged;
//   - the trunks are each route trunk followed by its failover chain
//     (snapshot.TrunkChain), each once, enabled ones only; trunks whose
//     host does not resolve (RFC 3263) are left out;
//   - trunks health knows to be down are left out, unless none is up (the
//     pings may be wrong; failover covers the rest); an emergency call
//     keeps them, last;
//   - the first trunk with a calls-per-second slot leads, those before it
//     being at their limit are left out; when all are, the call waits up
//     to cpsQueue for the first one's slot, else 503. An emergency call
//     takes no slot. The trunks after the leading one are failover
//     targets and take no slot (call.Trunks has no hook per attempt);
//   - Number is the route's Dial (strip/prepend); when a trunk of the
//     plan requires E.164 (Chime) the normalised +E.164 number instead.
//     Trunks requiring E.164 are left out when the number has none
//     (a short internal-class number), emergency numbers excepted;
//   - CallerID is the extension's caller_id, else the caller_id of the
//     first planned trunk that has one, else the extension number (which
//     a trunk like Chime refuses with 403: a warning is logged).
func (p *trunkPlanner) Outbound(ctx context.Context, caller store.Extension, dialled string) (call.OutboundCall, error) {
	s := p.snap()
	if s == nil {
		return call.OutboundCall{}, &call.OutboundError{Code: 503, Reason: "configuration not loaded"}
	}
	route, act, err := outbound.Match(s.OutboundTable(), dialled, snapshot.Permission(caller))
	log := p.log.With("caller", caller.Number, "dialled", dialled)
	if err != nil {
		code, _ := outbound.Status(err)
		if act.Emergency {
			log.Error("EMERGENCY call not routed", "err", err)
		}
		return call.OutboundCall{}, &call.OutboundError{Code: code, Reason: err.Error()}
	}
	if act.Emergency {
		log.Warn("EMERGENCY call", "number", act.E164, "route", route.Name)
	}
	cands := p.candidates(ctx, s, act, log)
	if len(cands) == 0 {
		if err := ctx.Err(); err != nil {
			return call.OutboundCall{}, &call.OutboundError{Code: 503, Reason: "resolving the trunks: " + err.Error()}
		}
		return call.OutboundCall{}, &call.OutboundError{Code: 503, Reason: fmt.Sprintf("route %s: no trunk of %s is enabled and resolvable", route.Name, strings.Join(act.Trunks, ","))}
	}
	cands, err = p.takeSlot(ctx, cands, act.Emergency, log)
	if err != nil {
		return call.OutboundCall{}, &call.OutboundError{Code: 503, Reason: err.Error()}
	}

	number := act.Dial
	for _, c := range cands {
		if c.profile.RequireE164 && !strings.HasPrefix(number, "+") && strings.HasPrefix(act.E164, "+") {
			number = act.E164
		}
	}
	plan := call.OutboundCall{Route: route.Name, Number: number, Emergency: act.Emergency, CallerID: caller.CallerID}
	for _, c := range cands {
		if plan.CallerID == "" && c.trunk.CallerID != "" {
			plan.CallerID = c.trunk.CallerID
		}
		for _, t := range c.targets {
			plan.Targets = append(plan.Targets, call.TrunkTarget{
				Trunk: c.trunk.Name, Transport: t.Transport.String(), Addr: t.Addr, Host: c.profile.Host,
				Username: c.profile.Username, Password: c.profile.Password, SRTP: string(c.profile.SRTP),
				Suites: slices.Clone(c.profile.CryptoSuites),
			})
		}
	}
	if plan.CallerID == "" {
		plan.CallerID = caller.Number
		if slices.ContainsFunc(cands, func(c candidate) bool { return c.profile.RequireE164 }) {
			log.Warn("no caller ID for a trunk that requires an E.164 one: set the extension's or the trunk's caller_id", "trunk", cands[0].trunk.Name)
		}
	}
	return plan, nil
}

// candidates lists the trunks of the matched route with their failover
// chains, resolved, usable ones first.
func (p *trunkPlanner) candidates(ctx context.Context, s *snapshot.Snapshot, act outbound.Action, log *slog.Logger) []candidate {
	profiles := p.profilesOf(s)
	var cands []candidate
	seen := map[string]bool{}
	for _, name := range act.Trunks {
		for _, t := range s.TrunkChain(name) {
			if seen[t.Name] {
				continue
			}
			seen[t.Name] = true
			prof, ok := profiles[t.Name]
			if !ok {
				continue // logged when profiles were built
			}
			if prof.RequireE164 && !strings.HasPrefix(act.E164, "+") && !strings.HasPrefix(act.Dial, "+") && !act.Emergency {
				log.Info("trunk skipped: it requires E.164 and the number has none", "trunk", t.Name, "number", act.Dial)
				continue
			}
			cands = append(cands, candidate{trunk: t, profile: prof, down: p.health != nil && !p.health.Usable(t.Name)})
		}
	}
	// Resolve concurrently (each is cached within its TTL by the resolver).
	var wg sync.WaitGroup
	errs := make([]error, len(cands))
	for i := range cands {
		wg.Go(func() {
			c := &cands[i]
			c.targets, errs[i] = p.resolver.Resolve(ctx, c.profile.TargetHost(), c.profile.Transport)
		})
	}
	wg.Wait()
	var resolved []candidate
	for i, c := range cands {
		if errs[i] != nil || len(c.targets) == 0 {
			log.Warn("trunk skipped: its host does not resolve", "trunk", c.trunk.Name, "host", c.profile.TargetHost(), "err", errs[i])
			continue
		}
		resolved = append(resolved, c)
	}
	up := slices.DeleteFunc(slices.Clone(resolved), func(c candidate) bool { return c.down })
	switch {
	case len(up) == len(resolved):
		return resolved
	case act.Emergency:
		// Down trunks last, never dropped.
		return append(up, slices.DeleteFunc(resolved, func(c candidate) bool { return !c.down })...)
	case len(up) == 0:
		log.Warn("every trunk of the route is down; trying them anyway")
		return resolved
	}
	return up
}

// takeSlot drops the leading trunks that are at their calls-per-second
// limit and takes a slot of the first that is not; when every trunk is at
// its limit the call queues for the first one's slot, bounded.
func (p *trunkPlanner) takeSlot(ctx context.Context, cands []candidate, emergency bool, log *slog.Logger) ([]candidate, error) {
	if emergency {
		return cands, nil
	}
	var first *trunk.CPSLimiter
	for i, c := range cands {
		l := p.limiter(c.trunk.Name, c.profile.CPS)
		if l == nil || l.Allow() {
			if i > 0 {
				log.Info("trunks at their calls-per-second limit skipped", "skipped", i, "trunk", c.trunk.Name)
			}
			return cands[i:], nil
		}
		if first == nil {
			first = l
		}
	}
	if err := first.Wait(ctx); err != nil {
		return nil, fmt.Errorf("trunk %s: %w", cands[0].trunk.Name, err)
	}
	return cands, nil
}

// limiter returns the trunk's CPS limiter, nil when it has no limit; a
// changed limit makes a new one.
func (p *trunkPlanner) limiter(name string, cps int) *trunk.CPSLimiter {
	if cps <= 0 {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if l, ok := p.limiters[name]; ok && l.cps == cps {
		return l.l
	}
	l, err := trunk.NewCPSLimiter(float64(cps), 1, p.cpsWait, p.clock)
	if err != nil {
		p.log.Warn("no calls-per-second limit for the trunk", "trunk", name, "cps", cps, "err", err)
		return nil
	}
	if p.limiters == nil {
		p.limiters = map[string]cpsLimiter{}
	}
	p.limiters[name] = cpsLimiter{cps: cps, l: l}
	return l
}

// profilesOf returns the profiles of the snapshot's trunks, built once per
// configuration version; limiters of trunks gone are dropped then.
func (p *trunkPlanner) profilesOf(s *snapshot.Snapshot) map[string]trunk.Profile {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.profiles != nil && p.version == s.Version {
		return p.profiles
	}
	m := map[string]trunk.Profile{}
	for _, t := range s.Trunks() {
		prof, err := admin.TrunkProfile(t)
		if err != nil {
			p.log.Warn("trunk unusable: its settings do not make a profile", "trunk", t.Name, "err", err)
			continue
		}
		m[t.Name] = prof
	}
	for name := range p.limiters {
		if _, ok := m[name]; !ok {
			delete(p.limiters, name)
		}
	}
	p.profiles, p.version = m, s.Version
	return m
}

// pingTargets lists the enabled trunks that want OPTIONS pings, for the
// pinger (called every round, so configuration changes apply).
func (p *trunkPlanner) pingTargets() []trunk.PingTarget {
	s := p.snap()
	if s == nil {
		return nil
	}
	profiles := p.profilesOf(s)
	var out []trunk.PingTarget
	for _, t := range s.Trunks() {
		prof, ok := profiles[t.Name]
		if !t.Enabled || !ok || prof.OptionsInterval == 0 {
			continue
		}
		out = append(out, trunk.PingTarget{Trunk: t.Name, Host: prof.TargetHost(), Transport: prof.Transport})
	}
	return out
}

// trunkEdge is the edge as call control's Sender and Dialer: Dial opens
// TCP/TLS connections to trunks (sbc.Flow converted to call.Flow).
type trunkEdge struct{ *sbc.Edge }

var _ call.Dialer = trunkEdge{}

func (e trunkEdge) Dial(ctx context.Context, transport string, remote netip.AddrPort, serverName string) (call.Flow, error) {
	f, err := e.Edge.Dial(ctx, transport, remote, serverName)
	if err != nil {
		return call.Flow{}, err
	}
	// Our Contact on the trunk leg names the listener, not the connection's
	// ephemeral port: a trunk may connect back there for in-dialog requests.
	if l := e.Edge.Addr(transport); l.IsValid() {
		f.Local = netip.AddrPortFrom(f.Local.Addr(), l.Port())
	}
	return call.Flow(f), nil
}

// trunkSide is what serve runs for trunks: the cached RFC 3263 resolver,
// the trunks' health fed by OPTIONS pings over the edge, and the planner
// call control asks (call.Options.Trunks).
type trunkSide struct {
	health  *trunk.Health
	prober  *optionsProber
	planner *trunkPlanner
	pinger  *trunk.Pinger
	regs    *trunkRegistrations // REGISTER to providers (trunkreg.go)
	config  func() *snapshot.Snapshot
}

// newTrunkSide builds the trunk machinery; run starts the pings. DNS
// servers come from /etc/resolv.conf; without any, only trunks given by
// address work (and a warning says so).
func newTrunkSide(w *snapshot.Watcher, edge *sbc.Edge, fromHost func() string, dns []string, log *slog.Logger) *trunkSide {
	log = log.With("component", "trunks")
	opts := []trunk.ResolverOption{trunk.WithLogger(log)}
	if len(dns) > 0 {
		opts = append(opts, trunk.WithServers(dns...)) // dns_servers
	}
	r, err := trunk.NewResolver(opts...)
	if err != nil {
		log.Warn("no DNS servers for trunk host names; trunks given by address still work", "err", err)
		r, _ = trunk.NewResolver(trunk.WithLogger(log), trunk.WithServers("127.0.0.1"))
	}
	health := trunk.NewHealth()
	prober := newOptionsProber(edge, fromHost, log)
	planner := newTrunkPlanner(w, r, health, log)
	regs := newTrunkRegistrations(edge, r, planner.registrationTrunks, log)
	planner.registered = regs.Source
	return &trunkSide{
		config:  w.Current,
		regs:    regs,
		health:  health,
		prober:  prober,
		planner: planner,
		pinger: &trunk.Pinger{Health: health, Prober: prober, Resolver: domainResolver{r}, Trunks: planner.pingTargets,
			Log: log},
	}
}

// run pings the trunks and keeps their registrations until ctx ends; it
// returns once every binding is withdrawn (bounded by regUnregister), so
// the edge must still be open then.
func (ts *trunkSide) run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { ts.pinger.Run(ctx) })
	wg.Go(func() { ts.regs.Run(ctx) })
	wg.Go(func() { ts.pingOnChange(ctx, time.Second) })
	wg.Wait()
}

// pingOnChange runs a ping round as soon as the configuration changes, so
// a trunk just added or edited shows its state within seconds rather than
// at the next 30 s round.
func (ts *trunkSide) pingOnChange(ctx context.Context, every time.Duration) {
	last := ts.config()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if cur := ts.config(); cur != last {
			last = cur
			ts.pinger.Round(ctx)
		}
	}
}

// adminOptions shows the trunks' live state (the Trunks page, `dialtone
// trunk status`) and the unknown-DID destination.
func (ts *trunkSide) adminOptions(cfg config.Config) []admin.Option {
	return []admin.Option{admin.WithTrunkStatus(ts), admin.WithUnknownDID(cfg.UnknownDID)}
}

// TrunkStatus gives the admin the trunks' live health (admin.TrunkStatus).
func (ts *trunkSide) TrunkStatus() []trunk.Status {
	return withRegistrations(ts.health.Statuses(), ts.regs)
}

// domainResolver resolves like its resolver but names each target by the
// domain asked for, not the SRV target: OPTIONS pings then carry the
// trunk's domain in the Request-URI and verify it over TLS (RFC 5922 §4),
// as calls do.
type domainResolver struct{ r trunk.TargetResolver }

func (d domainResolver) Resolve(ctx context.Context, host string, t trunk.Transport) ([]trunk.Target, error) {
	ts, err := d.r.Resolve(ctx, host, t)
	if err != nil {
		return nil, err
	}
	domain := hostOnly(host)
	for i := range ts {
		ts[i].Host = domain
	}
	return ts, nil
}

// hostOnly drops the port of "host:port" or "[v6]:port".
func hostOnly(hp string) string {
	if strings.HasPrefix(hp, "[") {
		if end := strings.IndexByte(hp, ']'); end > 0 {
			return hp[1:end]
		}
		return hp
	}
	if strings.Count(hp, ":") == 1 {
		h, _, _ := strings.Cut(hp, ":")
		return h
	}
	return hp
}
