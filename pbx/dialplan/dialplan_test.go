package dialplan

import (
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// directory is a map-backed Directory for the table.
type directory map[string]store.Extension

func (d directory) Extension(n string) (store.Extension, bool) {
	e, ok := d[n]
	return e, ok
}

func testDirectory() directory {
	d := directory{}
	for _, e := range []store.Extension{
		{Number: "101", Name: "Alice", Enabled: true},
		{Number: "102", Name: "Bob", Enabled: true, RingTimeout: 45 * time.Second},
		{Number: "103", Name: "Carol", Enabled: false},
		{Number: "104", Name: "Dan", Enabled: false},
		{Number: "12345678", Name: "Long", Enabled: true},
	} {
		d[e.Number] = e
	}
	return d
}

func TestRoute(t *testing.T) {
	dir := testDirectory()
	at := time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC)
	alice := Caller{Number: "101", Name: "Alice"}
	tests := []struct {
		name    string
		caller  Caller
		dialled string
		source  Source
		nilDir  bool
		kind    Kind
		number  string
		ext     string
		ring    time.Duration
		self    bool
		reason  string // substring of Decision.Reason
	}{
		{name: "plain extension", caller: alice, dialled: "102", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second, reason: "extension 102"},
		{name: "default ring timeout", caller: Caller{Number: "102"}, dialled: "101", kind: KindExtension, number: "101", ext: "101", ring: store.DefaultRingTimeout},
		{name: "eight digit extension", caller: alice, dialled: "12345678", kind: KindExtension, number: "12345678", ext: "12345678", ring: store.DefaultRingTimeout},
		{name: "sip URI", caller: alice, dialled: "sip:102@pbx.example.com", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "sips URI with port and params", caller: alice, dialled: "sips:102@10.0.0.1:5061;transport=tls", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "SIP scheme in capitals", caller: alice, dialled: "SIP:102@pbx", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "user part parameter", caller: alice, dialled: "sip:102;isub=7@pbx;user=phone", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "user part password", caller: alice, dialled: "sip:102:secret@pbx", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "name-addr brackets", caller: alice, dialled: "<sip:102@pbx>", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "tel URI", caller: alice, dialled: "tel:102;phone-context=example.com", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "visual separators", caller: alice, dialled: " 1-0.2 ", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "escaped separator in URI", caller: alice, dialled: "sip:1%2D02@pbx", kind: KindExtension, number: "102", ext: "102", ring: 45 * time.Second},
		{name: "calling yourself", caller: alice, dialled: "101", kind: KindExtension, number: "101", ext: "101", ring: store.DefaultRingTimeout, self: true, reason: "calls itself"},
		{name: "unknown number", caller: alice, dialled: "199", kind: KindNotFound, number: "199", reason: "no route for 199"},
		{name: "star code not yet routed", caller: alice, dialled: "*97", kind: KindNotFound, number: "*97"},
		{name: "escaped hash kept", caller: alice, dialled: "sip:*72%23@pbx", kind: KindNotFound, number: "*72#"},
		{name: "E.164 not yet routed", caller: alice, dialled: "+1 (555) 010-0199", kind: KindNotFound, number: "+15550100199"},
		{name: "too long", caller: alice, dialled: strings.Repeat("1", MaxLen+1), kind: KindNotFound, reason: "too long"},
		{name: "letters", caller: alice, dialled: "sip:alice@pbx", kind: KindNotFound, reason: "not a dialable number"},
		{name: "bad escape", caller: alice, dialled: "sip:10%2@pbx", kind: KindNotFound, reason: "escape"},
		{name: "disabled callee", caller: alice, dialled: "103", kind: KindUnavailable, number: "103", reason: "disabled"},
		{name: "empty", caller: alice, dialled: "", kind: KindIncomplete},
		{name: "only separators", caller: alice, dialled: "- -", kind: KindIncomplete},
		{name: "URI without user part", caller: alice, dialled: "sip:pbx.example.com", kind: KindIncomplete},
		{name: "disabled caller", caller: Caller{Number: "104"}, dialled: "101", kind: KindForbidden, number: "101", reason: "caller extension 104 is disabled"},
		{name: "disabled caller calls itself", caller: Caller{Number: "103"}, dialled: "103", kind: KindForbidden, number: "103"},
		{name: "caller not an extension", caller: Caller{Number: "999"}, dialled: "101", kind: KindForbidden, number: "101", reason: "not an extension"},
		{name: "trunk has no inbound routes yet", caller: Caller{Number: "+15550100000"}, dialled: "101", source: TrunkSource("chime"), kind: KindNotFound, number: "101", reason: `trunk "chime"`},
		{name: "trunk source without name", caller: alice, dialled: "101", source: "trunk:", kind: KindForbidden, number: "101", reason: "unknown call source"},
		{name: "unknown source", caller: alice, dialled: "101", source: "carrier-pigeon", kind: KindForbidden, number: "101", reason: "unknown call source"},
		{name: "no configuration", caller: alice, dialled: "102", nilDir: true, kind: KindNoService},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Caller: tc.caller, Dialled: tc.dialled, Source: tc.source, Time: at, Snapshot: dir}
			if in.Source == "" {
				in.Source = SourceInternal
			}
			if tc.nilDir {
				in.Snapshot = nil
			}
			d := Route(in)
			if d.Kind != tc.kind {
				t.Fatalf("Kind = %v (%s), want %v", d.Kind, d.Reason, tc.kind)
			}
			if d.Number != tc.number {
				t.Errorf("Number = %q, want %q", d.Number, tc.number)
			}
			if d.Extension.Number != tc.ext {
				t.Errorf("Extension = %q, want %q", d.Extension.Number, tc.ext)
			}
			if d.RingTimeout != tc.ring {
				t.Errorf("RingTimeout = %v, want %v", d.RingTimeout, tc.ring)
			}
			if d.Self != tc.self {
				t.Errorf("Self = %v, want %v", d.Self, tc.self)
			}
			if d.Reason == "" || !strings.Contains(d.Reason, tc.reason) {
				t.Errorf("Reason = %q, want it to contain %q", d.Reason, tc.reason)
			}
			code, _ := d.Status()
			if d.Kind.Refused() != (code != 0) || (tc.kind == KindExtension) == d.Kind.Refused() {
				t.Errorf("Refused = %v with status %d", d.Kind.Refused(), code)
			}
		})
	}
}

func TestKindTable(t *testing.T) {
	want := map[Kind]struct {
		name string
		code int
	}{
		KindNone:        {"none", 500},
		KindExtension:   {"extension", 0},
		KindNotFound:    {"not_found", 404},
		KindUnavailable: {"unavailable", 480},
		KindForbidden:   {"forbidden", 403},
		KindIncomplete:  {"incomplete", 484},
		KindNoService:   {"no_service", 503},
		kindCount:       {"unknown", 500},
	}
	seen := map[string]bool{}
	for k := KindNone; k <= kindCount; k++ {
		w, ok := want[k]
		if !ok {
			t.Fatalf("kind %d has no expectation: add it to this test", k)
		}
		code, phrase := k.Status()
		if k.String() != w.name || code != w.code {
			t.Errorf("kind %d = %q %d, want %q %d", k, k.String(), code, w.name, w.code)
		}
		if (code == 0) != (phrase == "") {
			t.Errorf("kind %s: status %d with phrase %q", k, code, phrase)
		}
		if k < kindCount {
			if seen[k.String()] {
				t.Errorf("kind name %q used twice", k)
			}
			seen[k.String()] = true
		}
	}
}

func TestSourceTrunk(t *testing.T) {
	for _, tc := range []struct {
		s    Source
		name string
		ok   bool
	}{
		{TrunkSource("chime"), "chime", true},
		{"trunk:a:b", "a:b", true},
		{"trunk:", "", false},
		{SourceInternal, "", false},
		{"", "", false},
	} {
		name, ok := tc.s.Trunk()
		if name != tc.name || ok != tc.ok {
			t.Errorf("%q.Trunk() = %q, %v; want %q, %v", tc.s, name, ok, tc.name, tc.ok)
		}
	}
}

func BenchmarkRoute(b *testing.B) {
	in := Input{Caller: Caller{Number: "101"}, Dialled: "sip:102@pbx.example.com;transport=udp", Source: SourceInternal, Snapshot: testDirectory()}
	b.ReportAllocs()
	for b.Loop() {
		if d := Route(in); d.Kind != KindExtension {
			b.Fatal(d.Reason)
		}
	}
}

// inboundDirectory adds DIDs (exact numbers only) to the test directory.
type inboundDirectory struct {
	directory
	dids    map[string]store.DID
	unknown string
}

func (d inboundDirectory) InboundRouteOn(trunk, called string) (store.DID, bool) {
	x, ok := d.dids[called]
	if !ok || x.Trunk != trunk {
		return store.DID{}, false
	}
	return x, true
}

func (d inboundDirectory) UnknownDID() string { return d.unknown }

func TestRouteFromTrunk(t *testing.T) {
	dir := inboundDirectory{directory: testDirectory(), dids: map[string]store.DID{
		"+15551230101": {Number: "+15551230101", Trunk: "chime", Destination: "101"},
		"+15551230102": {Number: "+15551230102", Trunk: "chime", Destination: "102"},
		"+15551230103": {Number: "+15551230103", Trunk: "chime", Destination: "103"}, // disabled
		"+15551230199": {Number: "+15551230199", Trunk: "chime", Destination: "199"}, // not an extension
		"+15551230201": {Number: "+15551230201", Trunk: "other", Destination: "101"},
	}}
	withUnknown := dir
	withUnknown.unknown = "102"
	for _, tc := range []struct {
		dir     Directory
		dialled string
		trunk   string
		kind    Kind
		ext     string
		ring    time.Duration
		reason  string
	}{
		{dir, "sip:+15551230101@pbx;user=phone", "chime", KindExtension, "101", store.DefaultRingTimeout, `DID +15551230101 on trunk "chime" to extension 101`},
		{dir, "+15551230102", "chime", KindExtension, "102", 45 * time.Second, "to extension 102"},
		{dir, "+15551230103", "chime", KindUnavailable, "", 0, "extension 103, which is disabled"},
		{dir, "+15551230199", "chime", KindNotFound, "", 0, "goes to 199, which is not an extension"},
		{dir, "+15551230201", "chime", KindNotFound, "", 0, "no inbound route"}, // another trunk's DID
		{dir, "+15559999999", "chime", KindNotFound, "", 0, "no inbound route for +15559999999"},
		{dir, "101", "chime", KindNotFound, "", 0, "no inbound route for 101"}, // extensions are not dialled from outside
		{withUnknown, "+15559999999", "chime", KindExtension, "102", 45 * time.Second, "unknown DID"},
		{withUnknown, "+15551230101", "chime", KindExtension, "101", store.DefaultRingTimeout, "DID +15551230101"},
		{testDirectory(), "+15551230101", "chime", KindNotFound, "", 0, "no inbound route"}, // a directory without DIDs
		{dir, "", "chime", KindIncomplete, "", 0, ""},
	} {
		d := Route(Input{Caller: Caller{Number: "+12125550100"}, Dialled: tc.dialled, Source: TrunkSource(tc.trunk), Snapshot: tc.dir})
		if d.Kind != tc.kind || d.Extension.Number != tc.ext || d.RingTimeout != tc.ring || !strings.Contains(d.Reason, tc.reason) || d.Self {
			t.Errorf("%q on %s: %v %q ring %s %q; want %v %q ring %s %q", tc.dialled, tc.trunk, d.Kind, d.Extension.Number, d.RingTimeout, d.Reason,
				tc.kind, tc.ext, tc.ring, tc.reason)
		}
		if tc.kind == KindExtension && !strings.Contains(tc.reason, "unknown") && d.DID.Number == "" {
			t.Errorf("%q: decision carries no DID", tc.dialled)
		}
	}
}
