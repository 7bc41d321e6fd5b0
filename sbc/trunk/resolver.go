package trunk

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// Resolver finds where to send SIP requests for a trunk host, following
// RFC 3263 §4: NAPTR → SRV → A/AAAA. It is safe for concurrent use.
type Resolver struct {
	servers []string
	udp     *dns.Client
	tcp     *dns.Client
	clock   Clock
	log     *slog.Logger
	cache   *cache
	negTTL  time.Duration
	maxTTL  time.Duration
	ipv6    bool

	mu  sync.Mutex // guards rnd: *rand.Rand is not safe for concurrent use
	rnd *rand.Rand
}

// ResolverOption configures NewResolver.
type ResolverOption func(*resolverSettings)

type resolverSettings struct {
	servers    []string
	resolvConf string
	clock      Clock
	log        *slog.Logger
	rnd        rand.Source
	timeout    time.Duration
	cacheSize  int
	negTTL     time.Duration
	maxTTL     time.Duration
	ipv6       bool
}

// WithServers sets the DNS servers ("host:port", or a bare address for
// port 53), tried in order. Without it the servers come from /etc/resolv.conf.
func WithServers(addrs ...string) ResolverOption {
	return func(s *resolverSettings) { s.servers = slices.Clone(addrs) }
}

// WithResolvConf reads the servers from another resolv.conf file.
func WithResolvConf(path string) ResolverOption {
	return func(s *resolverSettings) { s.resolvConf = path }
}

// WithClock sets the clock that ages cached records.
func WithClock(c Clock) ResolverOption { return func(s *resolverSettings) { s.clock = c } }

// WithLogger sets the logger; decisions are logged at debug level.
func WithLogger(l *slog.Logger) ResolverOption { return func(s *resolverSettings) { s.log = l } }

// WithRandSource makes the SRV weighted selection reproducible in tests.
func WithRandSource(src rand.Source) ResolverOption {
	return func(s *resolverSettings) { s.rnd = src }
}

// WithQueryTimeout bounds one DNS exchange with one server (default 2 s).
func WithQueryTimeout(d time.Duration) ResolverOption {
	return func(s *resolverSettings) { s.timeout = d }
}

// WithCacheSize caps the cached (name, type) answers (default 1024; 0
// disables the cache).
func WithCacheSize(n int) ResolverOption { return func(s *resolverSettings) { s.cacheSize = n } }

// WithNegativeTTL caps how long NXDOMAIN and empty answers are cached
// (default 30 s): a trunk whose DNS was fixed should come back quickly.
func WithNegativeTTL(d time.Duration) ResolverOption {
	return func(s *resolverSettings) { s.negTTL = d }
}

// WithIPv6 enables or disables AAAA lookups (default enabled; AAAA
// targets follow A targets).
func WithIPv6(on bool) ResolverOption { return func(s *resolverSettings) { s.ipv6 = on } }

// NewResolver builds a Resolver.
func NewResolver(opts ...ResolverOption) (*Resolver, error) {
	s := resolverSettings{
		resolvConf: "/etc/resolv.conf",
		clock:      systemClock{},
		log:        slog.New(slog.DiscardHandler),
		timeout:    2 * time.Second,
		cacheSize:  1024,
		negTTL:     30 * time.Second,
		maxTTL:     24 * time.Hour,
		ipv6:       true,
	}
	for _, o := range opts {
		o(&s)
	}
	if len(s.servers) == 0 {
		cfg, err := dns.ClientConfigFromFile(s.resolvConf)
		if err != nil {
			return nil, fmt.Errorf("trunk: DNS servers from %s: %w", s.resolvConf, err)
		}
		for _, h := range cfg.Servers {
			s.servers = append(s.servers, net.JoinHostPort(h, cfg.Port))
		}
	}
	if len(s.servers) == 0 {
		return nil, errors.New("trunk: no DNS servers")
	}
	for i, srv := range s.servers {
		if _, _, err := net.SplitHostPort(srv); err != nil {
			s.servers[i] = net.JoinHostPort(srv, "53")
		}
	}
	if s.rnd == nil {
		s.rnd = rand.NewPCG(rand.Uint64(), rand.Uint64())
	}
	return &Resolver{
		servers: s.servers,
		udp:     &dns.Client{Net: "udp", Timeout: s.timeout},
		tcp:     &dns.Client{Net: "tcp", Timeout: s.timeout},
		clock:   s.clock,
		log:     s.log,
		cache:   newCache(s.cacheSize),
		negTTL:  s.negTTL,
		maxTTL:  s.maxTTL,
		ipv6:    s.ipv6,
		rnd:     rand.New(s.rnd),
	}, nil
}

// Resolve returns the targets for a SIP URI's host part ("example.com",
// "example.com:5080", "192.0.2.1", "[2001:db8::1]:5061") in the order to
// try them. transport is the URI's transport parameter (TransportTLS for a
// sips: URI); TransportAny leaves the choice to DNS.
//
// RFC 3263 §4.1 and §4.2:
//   - a numeric IP is used as is, with the default port of the transport;
//   - an explicit port skips NAPTR and SRV: A/AAAA only;
//   - otherwise NAPTR records with flag "s" and service SIP+D2U, SIP+D2T or
//     SIPS+D2T (restricted to the given transport, if any) are followed in
//     order/preference, each to its SRV records;
//   - with no usable NAPTR, SRV is tried for _sips._tcp, _sip._tcp,
//     _sip._udp (or only the given transport), and the first that has
//     records is used;
//   - with no SRV, A/AAAA with the default port.
//
// Targets of one SRV priority are ordered by weighted random selection
// (RFC 2782), so two calls may return different orders.
func (r *Resolver) Resolve(ctx context.Context, host string, transport Transport) ([]Target, error) {
	name, port, ip, err := splitHost(host)
	if err != nil {
		return nil, err
	}
	log := r.log.With("host", host, "transport", transport.String())

	if ip.IsValid() {
		// §4.1: numeric IP → UDP for sip (TLS for sips, passed as transport).
		t := transport
		if t == TransportAny {
			t = TransportUDP
		}
		if port == 0 {
			port = t.DefaultPort()
		}
		return []Target{{Transport: t, Addr: netip.AddrPortFrom(ip, port), Host: ip.String()}}, nil
	}

	if port != 0 {
		// §4.2: a port in the URI means no SRV lookup.
		t := transport
		if t == TransportAny {
			t = TransportUDP
		}
		log.DebugContext(ctx, "explicit port: A/AAAA only")
		return r.hostTargets(ctx, name, port, t, 0, 0, time.Time{})
	}

	targets, err := r.viaNAPTR(ctx, log, name, transport)
	if err != nil || len(targets) > 0 {
		return targets, err
	}
	targets, err = r.viaSRV(ctx, log, name, transport)
	if err != nil || len(targets) > 0 {
		return targets, err
	}

	// §4.2: no SRV records → A/AAAA with the transport's default port.
	t := transport
	if t == TransportAny {
		t = TransportUDP
	}
	log.DebugContext(ctx, "no NAPTR or SRV: A/AAAA")
	return r.hostTargets(ctx, name, t.DefaultPort(), t, 0, 0, time.Time{})
}

// naptrService maps the RFC 3263 §4.1 services to transports.
func naptrService(s string) (Transport, bool) {
	switch strings.ToUpper(s) {
	case "SIP+D2U":
		return TransportUDP, true
	case "SIP+D2T":
		return TransportTCP, true
	case "SIPS+D2T":
		return TransportTLS, true
	}
	return TransportAny, false
}

// viaNAPTR follows NAPTR records; no targets and no error means "fall
// through to SRV". NXDOMAIN ends the resolution: no record of any type
// exists for the name. Other NAPTR failures fall through, since many
// domains serve SRV but answer NAPTR badly.
func (r *Resolver) viaNAPTR(ctx context.Context, log *slog.Logger, name string, want Transport) ([]Target, error) {
	rrs, exp, err := r.lookup(ctx, name, dns.TypeNAPTR)
	if errors.Is(err, ErrNXDomain) {
		return nil, err
	}
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		log.DebugContext(ctx, "NAPTR lookup failed; trying SRV", "err", err)
		return nil, nil
	}
	type naptr struct {
		rec *dns.NAPTR
		t   Transport
	}
	var recs []naptr
	for _, rr := range rrs {
		n, ok := rr.(*dns.NAPTR)
		if !ok || !strings.EqualFold(n.Flags, "s") || n.Replacement == "" || n.Replacement == "." {
			continue
		}
		t, ok := naptrService(n.Service)
		if !ok || (want != TransportAny && t != want) {
			continue
		}
		recs = append(recs, naptr{n, t})
	}
	// RFC 3403 §4.1 / RFC 3263 §4.1: lowest order first, then lowest preference.
	slices.SortStableFunc(recs, func(a, b naptr) int {
		return cmp.Or(cmp.Compare(a.rec.Order, b.rec.Order), cmp.Compare(a.rec.Preference, b.rec.Preference))
	})
	var (
		targets  []Target
		firstErr error
	)
	for _, n := range recs {
		srvName := strings.TrimSuffix(strings.ToLower(n.rec.Replacement), ".")
		ts, err := r.srvTargets(ctx, srvName, n.t, exp)
		if err != nil {
			log.DebugContext(ctx, "NAPTR replacement did not resolve", "srv", srvName, "err", err)
			firstErr = cmp.Or(firstErr, err)
			continue
		}
		targets = appendNew(targets, ts...)
	}
	if len(recs) > 0 {
		log.DebugContext(ctx, "NAPTR", "records", len(recs), "targets", len(targets))
	}
	if len(targets) == 0 && errors.Is(firstErr, ErrServFail) {
		// The domain publishes NAPTR but its SRV servers fail: report that
		// rather than guess an A record.
		return nil, firstErr
	}
	return targets, nil
}

// viaSRV probes SRV names per transport (RFC 3263 §4.1, no NAPTR): the
// first transport that has records is used, so a TLS trunk never silently
// falls back to plain UDP.
func (r *Resolver) viaSRV(ctx context.Context, log *slog.Logger, name string, want Transport) ([]Target, error) {
	order := []Transport{TransportTLS, TransportTCP, TransportUDP}
	if want != TransportAny {
		order = []Transport{want}
	}
	var firstErr error
	for _, t := range order {
		srvName := t.srvPrefix() + name
		ts, err := r.srvTargets(ctx, srvName, t, time.Time{})
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if err != nil {
			if !errors.Is(err, ErrNXDomain) && !errors.Is(err, ErrNoAddress) {
				firstErr = cmp.Or(firstErr, err)
			}
			continue
		}
		if len(ts) > 0 {
			log.DebugContext(ctx, "SRV", "name", srvName, "targets", len(ts))
			return ts, nil
		}
	}
	if errors.Is(firstErr, ErrServFail) {
		return nil, firstErr
	}
	return nil, nil
}

// srvTargets resolves one SRV name to ordered targets; an empty answer is
// no targets and no error.
func (r *Resolver) srvTargets(ctx context.Context, srvName string, t Transport, exp time.Time) ([]Target, error) {
	rrs, srvExp, err := r.lookup(ctx, srvName, dns.TypeSRV)
	if err != nil {
		return nil, err
	}
	exp = earliest(exp, srvExp)
	var srvs []*dns.SRV
	for _, rr := range rrs {
		if s, ok := rr.(*dns.SRV); ok {
			srvs = append(srvs, s)
		}
	}
	// RFC 2782: a single record with target "." means the service is
	// decidedly not available at this domain.
	if len(srvs) == 1 && (srvs[0].Target == "." || srvs[0].Target == "") {
		return nil, fmt.Errorf("%w: %s SRV target is \".\"", ErrNoAddress, srvName)
	}
	var (
		targets  []Target
		firstErr error
	)
	for _, s := range r.orderSRV(srvs) {
		host := strings.TrimSuffix(strings.ToLower(s.Target), ".")
		if host == "" {
			continue
		}
		ts, err := r.hostTargets(ctx, host, s.Port, t, s.Priority, s.Weight, exp)
		if err != nil {
			r.log.DebugContext(ctx, "SRV target did not resolve", "srv", srvName, "target", host, "err", err)
			firstErr = cmp.Or(firstErr, err)
			continue
		}
		targets = appendNew(targets, ts...)
	}
	if len(targets) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return targets, nil
}

// orderSRV sorts by priority, lowest first, and orders each priority by
// the weighted random selection of RFC 2782 ("Usage rules").
func (r *Resolver) orderSRV(in []*dns.SRV) []*dns.SRV {
	srvs := slices.Clone(in)
	slices.SortStableFunc(srvs, func(a, b *dns.SRV) int { return cmp.Compare(a.Priority, b.Priority) })
	out := make([]*dns.SRV, 0, len(srvs))
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := 0; i < len(srvs); {
		j := i
		for j < len(srvs) && srvs[j].Priority == srvs[i].Priority {
			j++
		}
		group := srvs[i:j]
		// "all those with weight 0 are placed at the beginning of the list"
		slices.SortStableFunc(group, func(a, b *dns.SRV) int {
			return cmp.Compare(min(a.Weight, 1), min(b.Weight, 1))
		})
		for len(group) > 0 {
			sum := 0
			for _, s := range group {
				sum += int(s.Weight)
			}
			// "choose a uniform random number between 0 and the sum
			// computed (inclusive), and select the RR whose running sum
			// value is the first in the selected order which is greater
			// than or equal to the random number selected."
			pick := r.rnd.IntN(sum + 1)
			k, run := 0, 0
			for k = range group {
				run += int(group[k].Weight)
				if run >= pick {
					break
				}
			}
			out = append(out, group[k])
			group = slices.Delete(group, k, k+1)
		}
		i = j
	}
	return out
}

// hostTargets resolves A (then AAAA) records of host into targets.
func (r *Resolver) hostTargets(ctx context.Context, host string, port uint16, t Transport, prio, weight uint16, exp time.Time) ([]Target, error) {
	types := []uint16{dns.TypeA}
	if r.ipv6 {
		types = append(types, dns.TypeAAAA)
	}
	var (
		targets []Target
		errs    []error
	)
	for _, qt := range types {
		rrs, e, err := r.lookup(ctx, host, qt)
		if err != nil {
			if errors.Is(err, ErrNXDomain) {
				return nil, err // the name does not exist for any type
			}
			errs = append(errs, err)
			continue
		}
		for _, rr := range rrs {
			var a netip.Addr
			switch v := rr.(type) {
			case *dns.A:
				a, _ = netip.AddrFromSlice(v.A.To4())
			case *dns.AAAA:
				a, _ = netip.AddrFromSlice(v.AAAA.To16())
			}
			if !a.IsValid() {
				continue
			}
			targets = append(targets, Target{
				Transport: t, Addr: netip.AddrPortFrom(a, port), Host: host,
				Priority: prio, Weight: weight, Expires: earliest(exp, e),
			})
		}
	}
	if len(targets) > 0 {
		return targets, nil
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return nil, fmt.Errorf("%w: %s has no A/AAAA record", ErrNoAddress, host)
}

// lookup returns the answers of type qtype for name, from the cache when
// fresh. An empty answer (NODATA) is not an error.
func (r *Resolver) lookup(ctx context.Context, name string, qtype uint16) ([]dns.RR, time.Time, error) {
	key := cacheKey{name, qtype}
	if e, ok := r.cache.get(key, r.clock.Now()); ok {
		return e.rrs, e.expires, e.err
	}
	msg, err := r.exchange(ctx, name, qtype)
	if err != nil {
		return nil, time.Time{}, err
	}
	now := r.clock.Now()
	typeName := dns.TypeToString[qtype]
	if msg.Rcode == dns.RcodeNameError {
		err := fmt.Errorf("%w: %s %s", ErrNXDomain, name, typeName)
		exp := now.Add(r.negativeTTL(msg))
		r.cache.put(key, cacheEntry{err: err, expires: exp}, now)
		return nil, exp, err
	}
	var (
		rrs    []dns.RR
		minTTL = uint32(r.maxTTL / time.Second)
	)
	for _, rr := range msg.Answer {
		if rr.Header().Rrtype != qtype {
			continue // CNAMEs on the way; the resolver followed them
		}
		rrs = append(rrs, rr)
		minTTL = min(minTTL, rr.Header().Ttl)
	}
	ttl := time.Duration(minTTL) * time.Second
	if len(rrs) == 0 {
		ttl = r.negativeTTL(msg) // NODATA, RFC 2308 §5
	}
	exp := now.Add(ttl)
	r.cache.put(key, cacheEntry{rrs: rrs, expires: exp}, now)
	return rrs, exp, nil
}

// negativeTTL is RFC 2308 §5 (the SOA's TTL and MINIMUM, the smaller),
// capped by the resolver's negative TTL.
func (r *Resolver) negativeTTL(msg *dns.Msg) time.Duration {
	ttl := r.negTTL
	for _, rr := range msg.Ns {
		if soa, ok := rr.(*dns.SOA); ok {
			ttl = min(ttl, time.Duration(min(soa.Hdr.Ttl, soa.Minttl))*time.Second)
		}
	}
	return ttl
}

// exchange asks each server in turn until one answers with something
// other than SERVFAIL or REFUSED; a truncated UDP answer is asked again
// over TCP (RFC 1035 §4.2.1).
func (r *Resolver) exchange(ctx context.Context, name string, qtype uint16) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = true
	var lastErr error
	for _, srv := range r.servers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resp, _, err := r.udp.ExchangeContext(ctx, m, srv)
		if err == nil && resp.Truncated {
			resp, _, err = r.tcp.ExchangeContext(ctx, m, srv)
		}
		if err != nil {
			lastErr = fmt.Errorf("%s %s via %s: %w", name, dns.TypeToString[qtype], srv, err)
			continue
		}
		switch resp.Rcode {
		case dns.RcodeSuccess, dns.RcodeNameError:
			return resp, nil
		}
		lastErr = fmt.Errorf("%s %s via %s: rcode %s", name, dns.TypeToString[qtype], srv, dns.RcodeToString[resp.Rcode])
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%w: %w", ErrServFail, lastErr)
}

// splitHost parses the host part of a SIP URI (RFC 3261 §25.1 hostport).
func splitHost(hp string) (name string, port uint16, ip netip.Addr, err error) {
	bad := func(why string) (string, uint16, netip.Addr, error) {
		return "", 0, netip.Addr{}, fmt.Errorf("%w: %q: %s", ErrInvalidHost, hp, why)
	}
	h := hp
	var p string
	switch {
	case strings.HasPrefix(h, "["):
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return bad("unclosed '['")
		}
		rest := h[end+1:]
		h = h[1:end]
		if rest != "" {
			if !strings.HasPrefix(rest, ":") {
				return bad("junk after ']'")
			}
			p = rest[1:]
			if p == "" {
				return bad("empty port")
			}
		}
		a, perr := netip.ParseAddr(h)
		if perr != nil || !a.Is6() {
			return bad("not an IPv6 address in brackets")
		}
	case strings.Count(h, ":") == 1:
		i := strings.IndexByte(h, ':')
		h, p = h[:i], h[i+1:]
		if p == "" {
			return bad("empty port")
		}
	}
	if p != "" {
		n, perr := strconv.ParseUint(p, 10, 16)
		if perr != nil || n == 0 {
			return bad("port must be 1-65535")
		}
		port = uint16(n)
	}
	if a, perr := netip.ParseAddr(h); perr == nil {
		if a.Zone() != "" {
			return bad("zoned address")
		}
		return a.String(), port, a.Unmap(), nil
	}
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "" {
		return bad("empty host")
	}
	if _, ok := dns.IsDomainName(h); !ok || strings.ContainsAny(h, " \t/\\@;?&=,\"") {
		return bad("not a domain name")
	}
	return h, port, netip.Addr{}, nil
}

func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}

// appendNew appends targets whose transport and address are not yet listed.
func appendNew(list []Target, ts ...Target) []Target {
	for _, t := range ts {
		if !slices.ContainsFunc(list, func(o Target) bool { return o.Transport == t.Transport && o.Addr == t.Addr }) {
			list = append(list, t)
		}
	}
	return list
}
