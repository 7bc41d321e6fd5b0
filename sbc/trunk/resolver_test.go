package trunk

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func testResolver(t *testing.T, z *zone, opts ...ResolverOption) *Resolver {
	t.Helper()
	opts = append([]ResolverOption{WithServers(z.addr), WithQueryTimeout(time.Second)}, opts...)
	r, err := NewResolver(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func targetStrings(ts []Target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.String())
	}
	return out
}

// trunkZone is a trunk domain with NAPTR for TLS (order 10) and UDP
// (order 20); TLS has two SRV targets, the first with the better priority.
func trunkZone(t *testing.T) *zone {
	z := newZone(t)
	z.add(t,
		`trunk.test. 300 IN NAPTR 20 10 "s" "SIP+D2U" "" _sip._udp.trunk.test.`,
		`trunk.test. 300 IN NAPTR 10 10 "s" "SIPS+D2T" "" _sips._tcp.trunk.test.`,
		`trunk.test. 300 IN NAPTR 5 10 "u" "E2U+sip" "!^.*$!sip:info@trunk.test!" .`, // not for SIP routing
		`trunk.test. 300 IN NAPTR 15 10 "s" "SIP+D2X" "" _sip._x.trunk.test.`,        // unknown service
		`_sips._tcp.trunk.test. 300 IN SRV 20 10 5061 b.trunk.test.`,
		`_sips._tcp.trunk.test. 300 IN SRV 10 10 5061 a.trunk.test.`,
		`_sip._udp.trunk.test. 300 IN SRV 10 10 5060 c.trunk.test.`,
		`a.trunk.test. 300 IN A 192.0.2.10`,
		`b.trunk.test. 300 IN A 192.0.2.20`,
		`b.trunk.test. 300 IN AAAA 2001:db8::20`,
		`c.trunk.test. 300 IN A 192.0.2.30`,
	)
	return z
}

func TestResolveNAPTRThenSRV(t *testing.T) {
	z := trunkZone(t)
	r := testResolver(t, z)

	got, err := r.Resolve(testCtx(t), "Trunk.Test.", TransportAny)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"tls:192.0.2.10:5061", "tls:192.0.2.20:5061", "tls:[2001:db8::20]:5061", "udp:192.0.2.30:5060"}
	if !slices.Equal(targetStrings(got), want) {
		t.Fatalf("targets %v, want %v", targetStrings(got), want)
	}
	if got[0].Priority != 10 || got[1].Priority != 20 || got[0].Host != "a.trunk.test" {
		t.Errorf("first targets %+v %+v", got[0], got[1])
	}

	// A transport preference keeps only the NAPTR records of that transport.
	got, err = r.Resolve(testCtx(t), "trunk.test", TransportUDP)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"udp:192.0.2.30:5060"}; !slices.Equal(targetStrings(got), want) {
		t.Fatalf("udp targets %v, want %v", targetStrings(got), want)
	}
}

func TestResolveSRVWithoutNAPTR(t *testing.T) {
	z := newZone(t)
	z.add(t,
		`srv.test. 300 IN A 198.51.100.99`, // the domain exists, no NAPTR
		`_sip._tcp.srv.test. 300 IN SRV 10 0 5070 x.srv.test.`,
		`_sip._udp.srv.test. 300 IN SRV 10 0 5060 y.srv.test.`,
		`x.srv.test. 300 IN A 198.51.100.1`,
		`y.srv.test. 300 IN A 198.51.100.2`,
	)
	r := testResolver(t, z, WithIPv6(false))
	got, err := r.Resolve(testCtx(t), "srv.test", TransportAny)
	if err != nil {
		t.Fatal(err)
	}
	// TLS has no SRV; TCP is the first transport that has, and UDP is not mixed in.
	if want := []string{"tcp:198.51.100.1:5070"}; !slices.Equal(targetStrings(got), want) {
		t.Fatalf("targets %v, want %v", targetStrings(got), want)
	}
}

func TestResolveSRVWeights(t *testing.T) {
	z := newZone(t)
	z.add(t,
		`w.test. 300 IN A 203.0.113.200`,
		`_sip._udp.w.test. 300 IN SRV 10 10 5060 h1.w.test.`,
		`_sip._udp.w.test. 300 IN SRV 10 30 5060 h2.w.test.`,
		`_sip._udp.w.test. 300 IN SRV 10 60 5060 h3.w.test.`,
		`_sip._udp.w.test. 300 IN SRV 20 0 5060 backup.w.test.`,
		`h1.w.test. 300 IN A 203.0.113.1`,
		`h2.w.test. 300 IN A 203.0.113.2`,
		`h3.w.test. 300 IN A 203.0.113.3`,
		`backup.w.test. 300 IN A 203.0.113.9`,
	)
	r := testResolver(t, z, WithIPv6(false), WithRandSource(rand.NewPCG(1, 2)), WithClock(newFakeClock()))
	const n = 6000
	first := map[string]int{}
	for range n {
		got, err := r.Resolve(testCtx(t), "w.test", TransportUDP)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 || got[3].Addr.Addr().String() != "203.0.113.9" {
			t.Fatalf("want 3 weighted targets then the priority-20 backup, got %v", targetStrings(got))
		}
		first[got[0].Addr.Addr().String()]++
	}
	// RFC 2782 picks uniformly in [0, sum]; 0 lands on the first record,
	// so the first record's share is (w+1)/(sum+1).
	expected := map[string]float64{
		"203.0.113.1": n * 11.0 / 101,
		"203.0.113.2": n * 30.0 / 101,
		"203.0.113.3": n * 60.0 / 101,
	}
	chi2 := 0.0
	for k, e := range expected {
		d := float64(first[k]) - e
		chi2 += d * d / e
	}
	// 2 degrees of freedom: P(χ² > 13.8) = 0.001.
	if chi2 > 13.8 {
		t.Fatalf("first-pick counts %v, χ² = %.1f > 13.8", first, chi2)
	}
	if q := z.count.Load(); q > 10 {
		t.Errorf("%d DNS queries for %d resolutions: the cache is not used", q, n)
	}
}

func TestResolveAOnlyFallback(t *testing.T) {
	z := newZone(t)
	z.add(t, `plain.test. 300 IN A 192.0.2.50`)
	r := testResolver(t, z)
	for _, tc := range []struct {
		tr   Transport
		want string
	}{
		{TransportAny, "udp:192.0.2.50:5060"},
		{TransportTCP, "tcp:192.0.2.50:5060"},
		{TransportTLS, "tls:192.0.2.50:5061"},
	} {
		got, err := r.Resolve(testCtx(t), "plain.test", tc.tr)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].String() != tc.want {
			t.Errorf("%s: %v, want %s", tc.tr, targetStrings(got), tc.want)
		}
	}
}

func TestResolveExplicitPortSkipsSRV(t *testing.T) {
	z := trunkZone(t)
	r := testResolver(t, z, WithIPv6(false))
	got, err := r.Resolve(testCtx(t), "a.trunk.test:5080", TransportAny)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"udp:192.0.2.10:5080"}; !slices.Equal(targetStrings(got), want) {
		t.Fatalf("targets %v, want %v", targetStrings(got), want)
	}
	for _, q := range z.log() {
		if strings.Contains(q, "NAPTR") || strings.Contains(q, "SRV") {
			t.Errorf("explicit port, but queried %s", q)
		}
	}
}

func TestResolveNumericIP(t *testing.T) {
	z := newZone(t)
	r := testResolver(t, z)
	for _, tc := range []struct {
		host string
		tr   Transport
		want string
	}{
		{"192.0.2.7", TransportAny, "udp:192.0.2.7:5060"},
		{"192.0.2.7", TransportTLS, "tls:192.0.2.7:5061"},
		{"192.0.2.7:5099", TransportTCP, "tcp:192.0.2.7:5099"},
		{"[2001:db8::7]", TransportAny, "udp:[2001:db8::7]:5060"},
		{"[2001:db8::7]:5071", TransportTLS, "tls:[2001:db8::7]:5071"},
		{"2001:db8::8", TransportAny, "udp:[2001:db8::8]:5060"},
	} {
		got, err := r.Resolve(testCtx(t), tc.host, tc.tr)
		if err != nil {
			t.Fatalf("%s: %v", tc.host, err)
		}
		if len(got) != 1 || got[0].String() != tc.want || !got[0].Expires.IsZero() {
			t.Errorf("%s: %+v, want %s", tc.host, got, tc.want)
		}
	}
	if n := z.count.Load(); n != 0 {
		t.Errorf("numeric hosts made %d DNS queries", n)
	}
}

func TestResolveInvalidHost(t *testing.T) {
	z := newZone(t)
	r := testResolver(t, z)
	for _, host := range []string{"", "a.test:", "a.test:0", "a.test:70000", "a.test:x", "[2001:db8::1", "[192.0.2.1]", "[2001:db8::1]x", "a b.test", "a@b.test", "fe80::1%eth0"} {
		_, err := r.Resolve(testCtx(t), host, TransportAny)
		if !errors.Is(err, ErrInvalidHost) {
			t.Errorf("%q: err %v, want ErrInvalidHost", host, err)
		}
	}
}

func TestResolveTTLExpiryRefresh(t *testing.T) {
	z := newZone(t)
	z.add(t, `ttl.test. 60 IN A 192.0.2.1`)
	clock := newFakeClock()
	start := clock.Now()
	r := testResolver(t, z, WithClock(clock), WithIPv6(false))

	resolve := func() Target {
		t.Helper()
		got, err := r.Resolve(testCtx(t), "ttl.test", TransportAny)
		if err != nil || len(got) != 1 {
			t.Fatalf("%v %v", got, err)
		}
		return got[0]
	}
	first := resolve()
	// NAPTR, 3 SRV probes and AAAA are negative (SOA minimum 10 s); A has TTL 60.
	if !first.Expires.Equal(start.Add(60 * time.Second)) {
		t.Errorf("expires %s, want start+60s", first.Expires.Sub(start))
	}
	z.replace(t, "ttl.test", `ttl.test. 60 IN A 192.0.2.2`)

	clock.Advance(30 * time.Second)
	if got := resolve(); got.Addr.Addr().String() != "192.0.2.1" {
		t.Errorf("within TTL: %s, want the cached 192.0.2.1", got.Addr)
	}
	clock.Advance(31 * time.Second)
	got := resolve()
	if got.Addr.Addr().String() != "192.0.2.2" {
		t.Errorf("after TTL: %s, want the new 192.0.2.2", got.Addr)
	}
	if !got.Expires.Equal(start.Add(121 * time.Second)) {
		t.Errorf("refreshed expiry %s after start, want 121s", got.Expires.Sub(start))
	}
}

func TestResolveErrors(t *testing.T) {
	z := newZone(t)
	z.setRcode("broken.test", 2) // SERVFAIL for every type
	z.setRcode("_sips._tcp.halfbroken.test", 2)
	z.add(t, `halfbroken.test. 300 IN NAPTR 10 10 "s" "SIPS+D2T" "" _sips._tcp.halfbroken.test.`)
	z.add(t, `nosrv.test. 300 IN SRV 0 0 0 .`) // exists, but no A
	z.add(t, `_sip._udp.dot.test. 300 IN SRV 0 0 0 .`, `dot.test. 300 IN TXT "x"`)
	r := testResolver(t, z)

	for _, tc := range []struct {
		host string
		want error
		text string
	}{
		{"missing.test", ErrNXDomain, "no such domain: missing.test NAPTR"},
		{"broken.test", ErrServFail, "rcode SERVFAIL"},
		{"halfbroken.test", ErrServFail, "_sips._tcp.halfbroken.test SRV"},
		{"nosrv.test", ErrNoAddress, "nosrv.test has no A/AAAA record"},
		{"dot.test", ErrNoAddress, "no A/AAAA"},
	} {
		_, err := r.Resolve(testCtx(t), tc.host, TransportAny)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: err %v, want %v containing %q", tc.host, err, tc.want, tc.text)
		}
	}
}

func TestResolveNegativeCaching(t *testing.T) {
	z := newZone(t)
	clock := newFakeClock()
	r := testResolver(t, z, WithClock(clock), WithNegativeTTL(5*time.Second))
	for range 3 {
		if _, err := r.Resolve(testCtx(t), "gone.test", TransportAny); !errors.Is(err, ErrNXDomain) {
			t.Fatal(err)
		}
	}
	if n := z.count.Load(); n != 1 {
		t.Errorf("%d queries for three NXDOMAIN lookups within the negative TTL, want 1", n)
	}
	clock.Advance(6 * time.Second)
	z.add(t, `gone.test. 300 IN A 192.0.2.77`)
	got, err := r.Resolve(testCtx(t), "gone.test", TransportAny)
	if err != nil || len(got) == 0 || got[0].Addr.Addr().String() != "192.0.2.77" {
		t.Fatalf("after the negative TTL: %v %v", got, err)
	}
}

func TestResolveServFailNotCached(t *testing.T) {
	z := newZone(t)
	z.setRcode("flaky.test", 2)
	r := testResolver(t, z)
	_, err := r.Resolve(testCtx(t), "flaky.test", TransportAny)
	if !errors.Is(err, ErrServFail) {
		t.Fatal(err)
	}
	z.setRcode("flaky.test", 0)
	z.mu.Lock()
	delete(z.rcode, "flaky.test.")
	z.mu.Unlock()
	z.add(t, `flaky.test. 300 IN A 192.0.2.88`)
	if got, err := r.Resolve(testCtx(t), "flaky.test", TransportAny); err != nil || got[0].Addr.Addr().String() != "192.0.2.88" {
		t.Fatalf("a SERVFAIL was cached: %v %v", got, err)
	}
}

func TestResolveTruncatedRetriesOverTCP(t *testing.T) {
	z := newZone(t)
	z.add(t, `big.test. 300 IN A 192.0.2.60`)
	z.mu.Lock()
	z.truncate["big.test."] = true
	z.mu.Unlock()
	r := testResolver(t, z, WithIPv6(false))
	got, err := r.Resolve(testCtx(t), "big.test:5060", TransportAny)
	if err != nil || len(got) != 1 {
		t.Fatalf("%v %v", got, err)
	}
	if !slices.Contains(z.log(), "tcp A big.test.") {
		t.Errorf("no TCP retry: %v", z.log())
	}
}

func TestResolveNextServer(t *testing.T) {
	z := newZone(t)
	z.add(t, `second.test. 300 IN A 192.0.2.61`)
	// A UDP port with nothing listening: the first server fails.
	dead, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := dead.LocalAddr().String()
	dead.Close()
	r, err := NewResolver(WithServers(deadAddr, z.addr), WithQueryTimeout(300*time.Millisecond), WithIPv6(false))
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Resolve(testCtx(t), "second.test:5060", TransportAny)
	if err != nil || len(got) != 1 {
		t.Fatalf("%v %v", got, err)
	}
}

func TestResolverCacheCap(t *testing.T) {
	z := newZone(t)
	z.add(t, `one.test. 300 IN A 192.0.2.1`, `two.test. 300 IN A 192.0.2.2`, `three.test. 300 IN A 192.0.2.3`)
	r := testResolver(t, z, WithCacheSize(2), WithIPv6(false))
	for _, h := range []string{"one.test:5060", "two.test:5060", "three.test:5060"} {
		if _, err := r.Resolve(testCtx(t), h, TransportAny); err != nil {
			t.Fatal(err)
		}
	}
	if n := r.cache.len(); n != 2 {
		t.Errorf("cache holds %d entries, cap 2", n)
	}
}

func TestNewResolverResolvConf(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/resolv.conf"
	if err := os.WriteFile(path, []byte("nameserver 192.0.2.53\nnameserver 2001:db8::53\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := NewResolver(WithResolvConf(path))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"192.0.2.53:53", "[2001:db8::53]:53"}; !slices.Equal(r.servers, want) {
		t.Errorf("servers %v, want %v", r.servers, want)
	}
	if _, err := NewResolver(WithResolvConf(dir + "/missing")); err == nil {
		t.Error("a missing resolv.conf did not fail")
	}
}

func TestResolveCancelled(t *testing.T) {
	z := newZone(t)
	r := testResolver(t, z)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Resolve(ctx, "x.test", TransportAny); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}
