package registrar

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
)

func TestChallengeThenRegister(t *testing.T) {
	for _, alg := range []digest.Algorithm{digest.MD5, digest.SHA256} {
		t.Run(string(alg), func(t *testing.T) {
			e := newEnv(t, Options{})
			p := newPhone(t, "101")
			p.alg = alg

			first := p.send(e.r, p.text(false, []string{"<sip:101@192.0.2.10:5060>"}))
			if first.code != 401 || first.reason != "Unauthorized" {
				t.Fatalf("got %d %s, want 401 Unauthorized", first.code, first.reason)
			}
			ch := first.values("WWW-Authenticate")
			if len(ch) != 2 || !strings.Contains(ch[0], "algorithm=SHA-256") || !strings.Contains(ch[1], "algorithm=MD5") {
				t.Fatalf("challenges = %q, want SHA-256 then MD5, one header each", ch)
			}
			if len(e.r.Lookup("101")) != 0 {
				t.Fatal("unauthenticated REGISTER created a binding")
			}
			p.learn(first)

			ok := p.send(e.r, p.text(true, []string{"<sip:101@192.0.2.10:5060>"}))
			if ok.code != 200 {
				t.Fatalf("got %d %s, want 200", ok.code, ok.reason)
			}
			if got := contactExpires(t, ok); got["sip:101@192.0.2.10:5060"] != 3600 || len(got) != 1 {
				t.Fatalf("200 contacts = %v, want the one binding for 3600 s", got)
			}
			if d := ok.values("Date"); len(d) != 1 || !strings.HasSuffix(d[0], " GMT") {
				t.Fatalf("Date = %q", d)
			}
			cs := e.r.Lookup("101")
			if len(cs) != 1 {
				t.Fatalf("Lookup = %+v, want one contact", cs)
			}
			c := cs[0]
			want := Contact{
				Extension: "101", URI: "sip:101@192.0.2.10:5060", Transport: "udp",
				Source: p.src, Local: p.local, UserAgent: "TestPhone/1.0", CallID: p.callID, CSeq: 2,
				Expires: e.clock.Now().Add(time.Hour), Node: "node-a",
			}
			if c != want {
				t.Fatalf("contact = %+v\nwant      %+v", c, want)
			}
			if st := e.r.Stats(); st.Registrations != 1 || st.AuthChallenges != 1 || st.Contacts != 1 || st.StorePending != 1 {
				t.Fatalf("stats = %+v", st)
			}
		})
	}
}

// Wrong passwords, unknown and disabled extensions must look the same from
// outside: same status, same header names, AuthFailed each time.
func TestAuthFailuresIndistinguishable(t *testing.T) {
	e := newEnv(t, Options{})
	disabled := testExtension("104", testPass)
	disabled.Enabled = false
	e.dir.add(disabled)
	otherRealm := testExtension("105", testPass)
	otherRealm.Realm = "old.realm"
	e.dir.add(otherRealm)

	cases := []struct {
		name, user, pass string
	}{
		{"wrong password", "101", "guess"},
		{"unknown extension", "999", testPass},
		{"disabled extension", "104", testPass},
		{"HA1 for another realm", "105", testPass},
	}
	var shapes [][]string
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, alg := range []digest.Algorithm{digest.MD5, digest.SHA256} {
				p := newPhone(t, tc.user)
				p.pass, p.alg = tc.pass, alg
				ch := p.send(e.r, p.text(false, []string{"<sip:x@192.0.2.10>"}))
				if ch.code != 401 {
					t.Fatalf("first: %d", ch.code)
				}
				shapes = append(shapes, ch.headerNames())
				p.learn(ch)
				f := p.send(e.r, p.text(true, []string{"<sip:x@192.0.2.10>"}))
				if f.code != 401 || f.reason != "Unauthorized" || f.authFailed != 1 {
					t.Fatalf("%s: got %d %s authFailed=%d, want 401 and one AuthFailed", alg, f.code, f.reason, f.authFailed)
				}
				if v := strings.Join(f.values("WWW-Authenticate"), " "); strings.Contains(v, "stale") {
					t.Fatalf("failure challenge says stale: %s", v)
				}
				shapes = append(shapes, f.headerNames())
			}
		})
	}
	for _, s := range shapes[1:] {
		if !slices.Equal(s, shapes[0]) {
			t.Fatalf("response headers differ: %q vs %q", s, shapes[0])
		}
	}
	if st := e.r.Stats(); st.AuthFailures != uint64(2*len(cases)) || st.Contacts != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestStaleNonce(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	if f := p.register(e.r, []string{"<sip:101@192.0.2.10>"}); f.code != 200 {
		t.Fatalf("register: %d", f.code)
	}
	e.clock.Advance(6 * time.Minute) // past the 5-minute nonce TTL
	f := p.send(e.r, p.text(true, []string{"<sip:101@192.0.2.10>"}))
	if f.code != 401 || f.authFailed != 0 {
		t.Fatalf("got %d authFailed=%d, want 401 without AuthFailed", f.code, f.authFailed)
	}
	for _, v := range f.values("WWW-Authenticate") {
		if !strings.Contains(v, "stale=true") {
			t.Fatalf("challenge without stale=true: %s", v)
		}
	}
	p.learn(f)
	if f := p.send(e.r, p.text(true, []string{"<sip:101@192.0.2.10>"})); f.code != 200 {
		t.Fatalf("after stale: %d", f.code)
	}
	if st := e.r.Stats(); st.AuthFailures != 0 || st.Refreshes != 1 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestAuthorizationChecks(t *testing.T) {
	cases := []struct {
		name     string
		setup    func(p *phone)
		auth     string // raw Authorization instead of a computed one
		wantCode int
	}{
		{"username is not the To user", func(p *phone) { p.authUser = "102" }, "", 403},
		{"third-party From", func(p *phone) { p.fromUser = "102" }, "", 403},
		{"malformed Authorization", nil, `Digest username="101", realm=`, 400},
		{"Authorization missing response", nil, `Digest username="101", realm="pbx.test", nonce="x", uri="sip:pbx.test"`, 400},
		{"unsupported algorithm re-challenges", nil,
			`Digest username="101", realm="pbx.test", nonce="x", uri="sip:pbx.test", response="00", algorithm=SHA-512-256`, 401},
		{"forged nonce", nil,
			`Digest username="101", realm="pbx.test", nonce="bm9wZQ", uri="sip:pbx.test", response="0123456789abcdef0123456789abcdef"`, 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			p := newPhone(t, "101")
			if tc.setup != nil {
				tc.setup(p)
			}
			ch := p.send(e.r, p.text(false, []string{"<sip:101@192.0.2.10>"}))
			p.learn(ch)
			var f *fakeReq
			if tc.auth != "" {
				f = p.send(e.r, p.text(false, []string{"<sip:101@192.0.2.10>"}, "Authorization: "+tc.auth))
			} else {
				f = p.send(e.r, p.text(true, []string{"<sip:101@192.0.2.10>"}))
			}
			if f.code != tc.wantCode {
				t.Fatalf("got %d %s, want %d", f.code, f.reason, tc.wantCode)
			}
			if len(e.r.Lookup("101"))+len(e.r.Lookup("102")) != 0 {
				t.Fatal("binding created")
			}
		})
	}
}

func TestRequireUnsupported(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	f := p.send(e.r, p.text(false, []string{"<sip:101@192.0.2.10>"}, "Require: path"))
	if f.code != 420 || !slices.Equal(f.values("Unsupported"), []string{"path"}) {
		t.Fatalf("got %d %q", f.code, f.values("Unsupported"))
	}
}

func TestContactHandling(t *testing.T) {
	const c1, c2 = "sip:101@192.0.2.10:5060", "sip:101@192.0.2.11:5062;transport=udp"
	cases := []struct {
		name     string
		contacts []string
		extra    []string
		wantCode int
		want     map[string]int // expires per URI in the 200
		minExp   string         // Min-Expires of a 423
	}{
		{"default expiry", []string{"<" + c1 + ">"}, nil, 200, map[string]int{c1: 3600}, ""},
		{"Expires header", []string{"<" + c1 + ">"}, []string{"Expires: 120"}, 200, map[string]int{c1: 120}, ""},
		{"param beats header", []string{"<" + c1 + ">;expires=300"}, []string{"Expires: 120"}, 200, map[string]int{c1: 300}, ""},
		{"multiple contacts, one header", []string{"<" + c1 + ">", "<" + c2 + ">;expires=600"}, []string{"Expires: 900"}, 200,
			map[string]int{c1: 900, c2: 600}, ""},
		{"multiple contacts, one line", []string{"<" + c1 + ">;expires=200, <" + c2 + ">;expires=400"}, nil, 200,
			map[string]int{c1: 200, c2: 400}, ""},
		{"clamped to max", []string{"<" + c1 + ">;expires=86400"}, nil, 200, map[string]int{c1: 3600}, ""},
		{"beyond 2^32 clamped", []string{"<" + c1 + ">"}, []string{"Expires: 99999999999999999999"}, 200, map[string]int{c1: 3600}, ""},
		{"malformed counts as default", []string{"<" + c1 + ">;expires=soon"}, nil, 200, map[string]int{c1: 3600}, ""},
		{"too brief", []string{"<" + c1 + ">;expires=30"}, nil, 423, nil, "60"},
		{"too brief header", []string{"<" + c1 + ">"}, []string{"Expires: 1"}, 423, nil, "60"},
		{"one too brief rejects all", []string{"<" + c1 + ">", "<" + c2 + ">;expires=5"}, nil, 423, nil, "60"},
		{"minimum accepted", []string{"<" + c1 + ">;expires=60"}, nil, 200, map[string]int{c1: 60}, ""},
		{"zero removes nothing new", []string{"<" + c1 + ">;expires=0"}, nil, 200, map[string]int{}, ""},
		{"bare URI contact", []string{c1}, nil, 200, map[string]int{c1: 3600}, ""},
		{"tel URI refused", []string{"<tel:+15551234567>"}, nil, 400, nil, ""},
		{"wildcard without Expires", []string{"*"}, nil, 400, nil, ""},
		{"wildcard with Expires 10", []string{"*"}, []string{"Expires: 10"}, 400, nil, ""},
		{"wildcard with another contact", []string{"*", "<" + c1 + ">"}, []string{"Expires: 0"}, 400, nil, ""},
		{"wildcard with nothing bound", []string{"*"}, []string{"Expires: 0"}, 200, map[string]int{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			p := newPhone(t, "101")
			f := p.register(e.r, tc.contacts, tc.extra...)
			if f.code != tc.wantCode {
				t.Fatalf("got %d %s, want %d", f.code, f.reason, tc.wantCode)
			}
			if tc.minExp != "" && !slices.Equal(f.values("Min-Expires"), []string{tc.minExp}) {
				t.Fatalf("Min-Expires = %q, want %s", f.values("Min-Expires"), tc.minExp)
			}
			if tc.wantCode != 200 {
				if n := len(e.r.Lookup("101")); n != 0 {
					t.Fatalf("%d bindings after a refused REGISTER", n)
				}
				return
			}
			got := contactExpires(t, f)
			if len(got) != len(tc.want) {
				t.Fatalf("contacts = %v, want %v", got, tc.want)
			}
			for uri, exp := range tc.want {
				if got[uri] != exp {
					t.Fatalf("contacts = %v, want %v", got, tc.want)
				}
			}
			if n := len(e.r.Lookup("101")); n != len(tc.want) {
				t.Fatalf("Lookup has %d, want %d", n, len(tc.want))
			}
		})
	}
}

func TestRefreshKeepsOneBinding(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	for i := range 3 {
		if f := p.register(e.r, []string{"<sip:101@192.0.2.10:5060>;expires=600"}); f.code != 200 {
			t.Fatalf("register %d: %d", i, f.code)
		}
		e.clock.Advance(time.Minute)
	}
	cs := e.r.Lookup("101")
	if len(cs) != 1 || cs[0].CSeq != 4 {
		t.Fatalf("Lookup = %+v, want one binding at CSeq 4", cs)
	}
	if st := e.r.Stats(); st.Registrations != 1 || st.Refreshes != 2 || st.Contacts != 1 || st.StorePending != 1 {
		t.Fatalf("stats = %+v", st)
	}
	// Same contact from a new Call-ID (the phone rebooted): still one binding.
	p2 := newPhone(t, "101")
	p2.src = netip.MustParseAddrPort("192.0.2.99:5060")
	if f := p2.register(e.r, []string{"<sip:101@192.0.2.10:5060>"}); f.code != 200 {
		t.Fatalf("reboot: %d", f.code)
	}
	if cs := e.r.Lookup("101"); len(cs) != 1 || cs[0].CallID != p2.callID || cs[0].Source != p2.src {
		t.Fatalf("after reboot Lookup = %+v", cs)
	}
}

func TestOutOfOrderCSeq(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	if f := p.register(e.r, []string{"<sip:101@192.0.2.10>;expires=600"}); f.code != 200 {
		t.Fatalf("register: %d", f.code)
	}
	for _, back := range []uint32{1, 2} { // the same CSeq again, then an older one
		p.cseq -= back
		f := p.send(e.r, p.text(true, []string{"<sip:101@192.0.2.10>;expires=0"}))
		if f.code != 500 || f.reason != "Out of order" {
			t.Fatalf("replay %d back: got %d %s, want 500 Out of order", back, f.code, f.reason)
		}
		p.cseq += back
	}
	if cs := e.r.Lookup("101"); len(cs) != 1 || cs[0].CSeq != 2 {
		t.Fatalf("binding changed: %+v", cs)
	}
	// The wildcard follows the same rule.
	p.cseq = 1
	if f := p.send(e.r, p.text(true, []string{"*"}, "Expires: 0")); f.code != 500 {
		t.Fatalf("stale wildcard: %d", f.code)
	}
	if st := e.r.Stats(); st.OutOfOrder != 3 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestUnregister(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	both := []string{"<sip:101@192.0.2.10:5060>", "<sip:101@192.0.2.10:5070>"}
	if f := p.register(e.r, both); f.code != 200 || len(e.r.Lookup("101")) != 2 {
		t.Fatalf("register: %d %v", f.code, e.r.Lookup("101"))
	}
	f := p.register(e.r, []string{"<sip:101@192.0.2.10:5070>;expires=0"})
	if got := contactExpires(t, f); f.code != 200 || len(got) != 1 || got["sip:101@192.0.2.10:5060"] != 3600 {
		t.Fatalf("one removed: %d %v", f.code, got)
	}
	if err := e.r.flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if e.st.len() != 1 {
		t.Fatalf("store rows = %d, want 1", e.st.len())
	}
	f = p.register(e.r, []string{"*"}, "Expires: 0")
	if f.code != 200 || len(f.values("Contact")) != 0 || len(e.r.Lookup("101")) != 0 {
		t.Fatalf("wildcard: %d %q", f.code, f.values("Contact"))
	}
	if err := e.r.flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := e.r.Stats(); e.st.len() != 0 || st.Unregisters != 2 || st.Contacts != 0 {
		t.Fatalf("store rows = %d, stats = %+v", e.st.len(), st)
	}
}

func TestQueryWithoutContact(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	if f := p.register(e.r, nil); f.code != 200 || len(f.values("Contact")) != 0 || len(f.values("Date")) != 1 {
		t.Fatalf("empty query: %d %q", f.code, f.headerNames())
	}
	p.register(e.r, []string{"<sip:101@192.0.2.10>;expires=600"})
	e.clock.Advance(100 * time.Second)
	f := p.register(e.r, nil)
	if got := contactExpires(t, f); f.code != 200 || got["sip:101@192.0.2.10"] != 500 {
		t.Fatalf("query: %d %v", f.code, got)
	}
	if st := e.r.Stats(); st.Refreshes != 0 || st.Registrations != 1 {
		t.Fatalf("a query changed bindings: %+v", st)
	}
}

func TestMaxContacts(t *testing.T) {
	e := newEnv(t, Options{MaxContacts: 2})
	var phones []*phone
	for i, port := range []string{"5060", "5061", "5062"} {
		p := newPhone(t, "101")
		phones = append(phones, p)
		if f := p.register(e.r, []string{"<sip:101@192.0.2.10:" + port + ">"}); f.code != 200 {
			t.Fatalf("phone %d: %d", i, f.code)
		}
	}
	// The least recently registered binding made room for the newest.
	got := e.r.Lookup("101")
	if len(got) != 2 || got[0].URI == "sip:101@192.0.2.10:5060" || got[1].URI == "sip:101@192.0.2.10:5060" {
		t.Fatalf("Lookup = %+v, want 5061 and 5062", got)
	}
	// A refresh makes the 5061 binding newest; the next newcomer evicts 5062.
	phones[1].register(e.r, []string{"<sip:101@192.0.2.10:5061>"})
	p := newPhone(t, "101")
	p.register(e.r, []string{"<sip:101@192.0.2.10:5063>"})
	var uris []string
	for _, c := range e.r.List() {
		uris = append(uris, c.URI)
	}
	if !slices.Equal(uris, []string{"sip:101@192.0.2.10:5061", "sip:101@192.0.2.10:5063"}) {
		t.Fatalf("List = %q", uris)
	}
	// One request with more contacts than allowed is refused whole.
	f := newPhone(t, "102").register(e.r, []string{"<sip:102@192.0.2.10:1>", "<sip:102@192.0.2.10:2>", "<sip:102@192.0.2.10:3>"})
	if f.code != 403 || f.reason != "Too many contacts" || len(e.r.Lookup("102")) != 0 {
		t.Fatalf("got %d %s", f.code, f.reason)
	}
	if err := e.r.flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if e.st.len() != 2 || e.r.Stats().Contacts != 2 {
		t.Fatalf("store rows = %d, stats %+v", e.st.len(), e.r.Stats())
	}
}

// RFC 5626 §6: the same instance and reg-id from a new Contact URI replaces
// the old binding instead of adding one.
func TestOutboundInstanceReplaces(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	const inst = `+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1`
	p.register(e.r, []string{"<sip:101@192.0.2.10:5060;ob>;" + inst})
	p.src = netip.MustParseAddrPort("192.0.2.10:6000")
	f := p.register(e.r, []string{"<sip:101@192.0.2.10:6000;ob>;" + inst})
	if f.code != 200 {
		t.Fatalf("got %d", f.code)
	}
	cs := e.r.Lookup("101")
	if len(cs) != 1 || cs[0].URI != "sip:101@192.0.2.10:6000;ob" || cs[0].RegID != 1 ||
		cs[0].Instance != "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>" {
		t.Fatalf("Lookup = %+v", cs)
	}
	if err := e.r.flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	rows, _ := e.st.ListRegistrations(t.Context())
	if len(rows) != 1 || rows[0].Contact != "sip:101@192.0.2.10:6000;ob" || rows[0].Instance == "" {
		t.Fatalf("store = %+v", rows)
	}
}

func TestNotRegister(t *testing.T) {
	e := newEnv(t, Options{})
	f := &fakeReq{msg: parseRequest(t, "OPTIONS sip:pbx.test SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\n"+
		"From: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: x\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n")}
	e.r.ServeREGISTER(f)
	if f.code != 405 {
		t.Fatalf("got %d", f.code)
	}
	f = &fakeReq{msg: parseRequest(t, "REGISTER sip:pbx.test SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\n"+
		"From: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCSeq: 1 REGISTER\nContent-Length: 0\n\n")}
	e.r.ServeREGISTER(f)
	if f.code != 400 {
		t.Fatalf("no Call-ID: got %d", f.code)
	}
}

// An operator may offer MD5 only, for phones that fail on SHA-256.
func TestAlgorithmsOption(t *testing.T) {
	e := newEnv(t, Options{Algorithms: []digest.Algorithm{digest.MD5}})
	p := newPhone(t, "101")
	p.alg = digest.MD5
	first := p.send(e.r, p.text(false, []string{"<sip:101@192.0.2.10:5060>"}))
	ch := first.values("WWW-Authenticate")
	if first.code != 401 || len(ch) != 1 || !strings.Contains(ch[0], "algorithm=MD5") {
		t.Fatalf("got %d %q, want one MD5 challenge", first.code, ch)
	}
	p.learn(first)
	if ok := p.send(e.r, p.text(true, []string{"<sip:101@192.0.2.10:5060>"})); ok.code != 200 {
		t.Fatalf("got %d, want 200", ok.code)
	}
}
