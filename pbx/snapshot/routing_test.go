package snapshot

import (
	"context"
	"errors"
	"net/netip"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan/outbound"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
)

func prefixes(ps ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, p := range ps {
		out = append(out, netip.MustParsePrefix(p))
	}
	return out
}

func routingSource() *fakeSource {
	return &fakeSource{
		version: 7,
		exts:    []store.Extension{{Number: "101", Enabled: true}, {Number: "102", Enabled: true}},
		trunks: []store.Trunk{
			{Name: "chime-east", Enabled: true, Allow: prefixes("3.80.16.0/23"), Failover: "chime-west"},
			{Name: "chime-west", Enabled: true, Allow: prefixes("99.77.253.0/24")},
			{Name: "carrier", Enabled: true, Allow: prefixes("198.51.100.0/24")},
			// A more specific network inside the carrier's: wins for its address.
			{Name: "pbx-b", Enabled: true, Allow: prefixes("198.51.100.7/32", "2001:db8::/64")},
			{Name: "off", Enabled: false, Allow: prefixes("203.0.113.0/24")},
		},
		dids: []store.DID{
			{Number: "+15551230100", Trunk: "chime-east", Destination: "101"},
			{Number: "+1555123XXXX", Trunk: "chime-east", Destination: "102"},
			{Number: "+1666.", Trunk: "carrier", Destination: "102"},
			{Number: "+1[", Trunk: "carrier", Destination: "102"}, // cannot compile: left out
		},
		routes: []store.Route{
			{Name: "emergency", Pattern: "911", Trunks: []string{"chime-east"}},
			{Name: "nanp-10", Pattern: "NXXNXXXXXX", Prepend: "+1", Trunks: []string{"chime-east", "carrier"}},
			{Name: "broken", Pattern: "+.", Prepend: "9", Trunks: []string{"carrier"}}, // prepend before '+': left out
			{Name: "e164", Pattern: "+.", Trunks: []string{"carrier"}},
		},
	}
}

func TestRoutingSnapshot(t *testing.T) {
	w := NewWatcher(routingSource(), time.Hour, quiet(), WithCountry("1"), WithUnknownDID("101"))
	if err := w.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := w.Current()

	if tr, ok := s.Trunk("off"); !ok || tr.Enabled {
		t.Fatalf("Trunk(off) = %+v %v", tr, ok)
	}
	if _, ok := s.Trunk("nope"); ok {
		t.Fatal("unknown trunk found")
	}
	var names []string
	for _, tr := range s.Trunks() {
		names = append(names, tr.Name)
	}
	if !slices.Equal(names, []string{"carrier", "chime-east", "chime-west", "off", "pbx-b"}) {
		t.Fatalf("trunks %v", names)
	}

	for addr, want := range map[string]string{
		"3.80.17.200":          "chime-east",
		"::ffff:3.80.16.1":     "chime-east", // IPv4-mapped
		"99.77.253.9":          "chime-west",
		"198.51.100.8":         "carrier",
		"198.51.100.7":         "pbx-b", // the /32 beats the /24
		"2001:db8::5":          "pbx-b",
		"203.0.113.5":          "", // disabled trunk
		"192.0.2.1":            "",
		"3.80.18.0":            "",
		"2001:db8:0:1::1":      "",
		"::ffff:198.51.100.77": "carrier",
	} {
		tr, ok := s.TrunkForSource(netip.MustParseAddr(addr))
		if ok != (want != "") || tr.Name != want {
			t.Errorf("TrunkForSource(%s) = %q %v, want %q", addr, tr.Name, ok, want)
		}
	}

	for _, tc := range []struct{ trunk, called, want string }{
		{"", "+15551230100", "101"},
		{"", "+15551239999", "102"},
		{"", "sip:+16665550000@pbx", "102"},
		{"", "+17775550000", ""},
		{"chime-east", "+15551230100", "101"},
		{"chime-west", "+15551230100", "101"}, // the failover partner delivers the same numbers
		{"carrier", "+15551230100", ""},       // another trunk's DID
		{"carrier", "16665550000", "102"},     // national form, country 1
		{"nope", "+15551230100", ""},
	} {
		var d store.DID
		var ok bool
		if tc.trunk == "" {
			d, ok = s.InboundRoute(tc.called)
		} else {
			d, ok = s.InboundRouteOn(tc.trunk, tc.called)
		}
		if ok != (tc.want != "") || d.Destination != tc.want {
			t.Errorf("inbound %q on %q = %q %v, want %q", tc.called, tc.trunk, d.Destination, ok, tc.want)
		}
	}
	if s.UnknownDID() != "101" || s.Country() != "1" || s.Plan().CountryCode != "1" {
		t.Fatalf("unknown %q country %q", s.UnknownDID(), s.Country())
	}

	var routes []string
	for _, r := range s.OutboundRoutes() {
		routes = append(routes, r.Name)
	}
	if !slices.Equal(routes, []string{"emergency", "nanp-10", "e164"}) {
		t.Fatalf("routes %v", routes)
	}
	r, act, err := outbound.Match(s.OutboundTable(), "sip:2125550100@pbx", Permission(store.Extension{}))
	if err != nil || r.Name != "nanp-10" || act.Dial != "+12125550100" || !slices.Equal(act.Trunks, []string{"chime-east", "carrier"}) {
		t.Fatalf("match: %+v %+v %v", r, act, err)
	}
	if _, _, err := outbound.Match(s.OutboundTable(), "+442079460000", Permission(store.Extension{Class: store.ClassNational})); !errors.Is(err, outbound.ErrForbidden) {
		t.Fatalf("international from a national extension: %v", err)
	}
	if _, act, err := outbound.Match(s.OutboundTable(), "911", Permission(store.Extension{Class: store.ClassInternal})); err != nil || !act.Emergency {
		t.Fatalf("911 from an internal extension: %+v %v", act, err)
	}

	chain := func(name string) []string {
		var out []string
		for _, tr := range s.TrunkChain(name) {
			out = append(out, tr.Name)
		}
		return out
	}
	if got := chain("chime-east"); !slices.Equal(got, []string{"chime-east", "chime-west"}) {
		t.Fatalf("chain %v", got)
	}
	if got := chain("off"); len(got) != 0 {
		t.Fatalf("disabled chain %v", got)
	}
}

func TestPermission(t *testing.T) {
	for class, want := range map[string]outbound.Class{
		"": outbound.ClassNational, store.ClassInternal: outbound.ClassInternal, store.ClassLocal: outbound.ClassLocal,
		store.ClassInternational: outbound.ClassInternational, "emergency": outbound.ClassNone, "bogus": outbound.ClassNone,
	} {
		if got := Permission(store.Extension{Class: class}); got != want {
			t.Errorf("%q: %s, want %s", class, got, want)
		}
	}
}

func TestCountryChangesPlan(t *testing.T) {
	src := routingSource()
	src.dids = []store.DID{{Number: "+442079460000", Trunk: "carrier", Destination: "101"}}
	w := NewWatcher(src, time.Hour, quiet(), WithCountry("44"))
	if err := w.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := w.Current()
	if d, ok := s.InboundRouteOn("carrier", "02079460000"); !ok || d.Destination != "101" {
		t.Fatalf("UK national form: %+v %v", d, ok)
	}
	if s.Country() != "44" || s.UnknownDID() != "" {
		t.Fatalf("country %q unknown %q", s.Country(), s.UnknownDID())
	}
}

// TestStorePicksUpTrunks: a trunk added through the store (as the CLI
// does) reaches a running watcher at its next poll.
func TestStorePicksUpTrunks(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	w := NewWatcher(st, 5*time.Millisecond, quiet())
	if err := w.Load(ctx); err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { w.Run(rctx); close(done) }()
	defer func() { cancel(); <-done }()
	if err := st.CreateTrunk(ctx, store.Trunk{Name: "t1", Type: store.TrunkGeneric, Host: "192.0.2.1", Transport: "udp", SRTP: store.SRTPOff,
		Allow: prefixes("192.0.2.1/32"), Enabled: true}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if tr, ok := w.Current().TrunkForSource(netip.MustParseAddr("192.0.2.1")); ok && tr.Name == "t1" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("trunk not picked up")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
