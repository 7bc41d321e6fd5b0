package storetest

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Trunk returns a valid generic trunk.
func Trunk(name string) store.Trunk {
	return store.Trunk{
		Name: name, Type: store.TrunkGeneric, Host: "192.0.2.10", Port: 5060, Transport: "udp", SRTP: store.SRTPOff,
		Allow: []netip.Prefix{netip.MustParsePrefix("192.0.2.10/32")}, Enabled: true,
	}
}

func version(t *testing.T, s store.Store) int64 {
	t.Helper()
	v, err := s.ConfigVersion(ctx(t))
	must(t, err)
	return v
}

// refused checks that err wraps want and that the configuration version
// did not move: nothing was written.
func refused(t *testing.T, s store.Store, before int64, err, want error, text string) {
	t.Helper()
	mustErr(t, err, want)
	if text != "" && !strings.Contains(err.Error(), text) {
		t.Fatalf("err %q does not say %q", err, text)
	}
	if v := version(t, s); v != before {
		t.Fatalf("refused change moved the config version %d -> %d", before, v)
	}
}

func testTrunks(t *testing.T, s store.Store) {
	c := ctx(t)
	chime := store.Trunk{
		Name: "chime-east", Type: store.TrunkChime, Host: "abc123.voiceconnector.chime.aws", Port: 5061, Transport: "tls",
		Username: "term", Password: "s3cret-pass", SRTP: store.SRTPRequired, CallerID: "+15551230100",
		Allow:   []netip.Prefix{netip.MustParsePrefix("3.80.16.0/23"), netip.MustParsePrefix("99.77.253.0/24")},
		Regions: []string{"us-east-1", "us-west-2"}, Enabled: true,
	}
	v0 := version(t, s)
	must(t, s.CreateTrunk(c, chime))
	if v := version(t, s); v <= v0 {
		t.Fatalf("create trunk did not bump the version: %d -> %d", v0, v)
	}
	got, err := s.GetTrunk(c, "chime-east")
	must(t, err)
	if got.CreatedAt.IsZero() || got.UpdatedAt.IsZero() {
		t.Fatalf("times not set: %+v", got)
	}
	got.CreatedAt, got.UpdatedAt = chime.CreatedAt, chime.UpdatedAt
	if !reflect.DeepEqual(got, chime) {
		t.Fatalf("stored %+v\nwant   %+v", got, chime)
	}
	mustErr(t, s.CreateTrunk(c, chime), store.ErrExists)
	_, err = s.GetTrunk(c, "nope")
	mustErr(t, err, store.ErrNotFound)

	// Failover to an existing trunk; to an unknown one is refused.
	west := chime
	west.Name, west.Host, west.Regions, west.Failover = "chime-west", "def456.voiceconnector.chime.aws", []string{"us-west-2"}, "nope"
	refused(t, s, version(t, s), s.CreateTrunk(c, west), store.ErrInvalid, "no trunk nope for failover")
	west.Failover = "chime-east"
	must(t, s.CreateTrunk(c, west))
	// chime-east failing over to chime-west would make a loop.
	chime.Failover = "chime-west"
	refused(t, s, version(t, s), s.UpdateTrunk(c, chime), store.ErrInvalid, "loop")

	must(t, s.CreateTrunk(c, Trunk("a-generic")))
	list, err := s.ListTrunks(c)
	must(t, err)
	if len(list) != 3 || list[0].Name != "a-generic" || list[1].Name != "chime-east" || list[2].Failover != "chime-east" {
		t.Fatalf("list = %+v", list)
	}

	g := Trunk("a-generic")
	g.Register, g.Username, g.Password, g.Enabled = true, "acct", "provider-pass", false
	before := version(t, s)
	must(t, s.UpdateTrunk(c, g))
	if version(t, s) <= before {
		t.Fatal("update did not bump the version")
	}
	got, err = s.GetTrunk(c, "a-generic")
	must(t, err)
	if !got.Register || got.Username != "acct" || got.Password != "provider-pass" || got.Enabled {
		t.Fatalf("update not stored: %+v", got)
	}
	mustErr(t, s.UpdateTrunk(c, Trunk("ghost")), store.ErrNotFound)

	must(t, s.DeleteTrunk(c, "a-generic"))
	mustErr(t, s.DeleteTrunk(c, "a-generic"), store.ErrNotFound)
}

func testTrunkValidation(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateTrunk(c, Trunk("base")))
	for _, tc := range []struct {
		name   string
		change func(*store.Trunk)
		want   string
	}{
		{"bad name", func(tr *store.Trunk) { tr.Name = "Chime East" }, "lower case letters"},
		{"long name", func(tr *store.Trunk) { tr.Name = strings.Repeat("a", 33) }, "1 to 32"},
		{"type", func(tr *store.Trunk) { tr.Type = "sip" }, `type "sip"`},
		{"no host", func(tr *store.Trunk) { tr.Host = "" }, "host is empty"},
		{"host with port", func(tr *store.Trunk) { tr.Host = "sip.example.com:5060" }, "give the port separately"},
		{"transport", func(tr *store.Trunk) { tr.Transport = "sctp" }, `transport "sctp"`},
		{"unmasked CIDR", func(tr *store.Trunk) { tr.Allow = []netip.Prefix{netip.MustParsePrefix("10.1.2.3/8")} }, "10.1.2.3/8 is not a network prefix"},
		{"invalid CIDR", func(tr *store.Trunk) { tr.Allow = []netip.Prefix{{}} }, "not a network prefix"},
		{"srtp without tls", func(tr *store.Trunk) { tr.SRTP = store.SRTPRequired }, "srtp required needs transport tls"},
		{"srtp mode", func(tr *store.Trunk) { tr.SRTP = "maybe" }, `srtp "maybe"`},
		{"caller id", func(tr *store.Trunk) { tr.CallerID = "5551230100" }, "not an E.164 number"},
		{"user without password", func(tr *store.Trunk) { tr.Username = "u" }, "username and password go together"},
		{"register without credentials", func(tr *store.Trunk) { tr.Register = true }, "needs a username and a password"},
		{"chime registers", func(tr *store.Trunk) {
			tr.Type, tr.Register, tr.Username, tr.Password = store.TrunkChime, true, "u", "password1"
		}, "only generic trunks register"},
		{"password control", func(tr *store.Trunk) { tr.Username, tr.Password = "u", "a\nb" }, "control characters"},
		{"region", func(tr *store.Trunk) { tr.Regions = []string{"US East"} }, "region"},
		{"own failover", func(tr *store.Trunk) { tr.Failover = tr.Name }, "its own failover"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := Trunk("bad")
			tc.change(&tr)
			refused(t, s, version(t, s), s.CreateTrunk(c, tr), store.ErrInvalid, tc.want)
			base := Trunk("base")
			tc.change(&base)
			base.Name = "base"
			if tc.name != "bad name" && tc.name != "long name" && tc.name != "own failover" {
				refused(t, s, version(t, s), s.UpdateTrunk(c, base), store.ErrInvalid, tc.want)
			}
		})
	}
	list, err := s.ListTrunks(c)
	must(t, err)
	if len(list) != 1 || !reflect.DeepEqual(list[0].Allow, Trunk("base").Allow) || list[0].Transport != "udp" {
		t.Fatalf("refused changes left %+v", list)
	}
}

func testDIDs(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateExtension(c, Ext("101", "Alice")))
	must(t, s.CreateTrunk(c, Trunk("chime")))
	did := store.DID{Number: "+15551230100", Trunk: "chime", Destination: "101"}
	for _, tc := range []struct {
		d    store.DID
		want error
		text string
	}{
		{store.DID{Number: "+15551230100", Trunk: "nope", Destination: "101"}, store.ErrInvalid, "no trunk nope"},
		{store.DID{Number: "+15551230100", Trunk: "chime", Destination: "199"}, store.ErrInvalid, "no extension 199"},
		{store.DID{Number: "+1555[12", Trunk: "chime", Destination: "101"}, store.ErrInvalid, "not closed"},
		{store.DID{Number: "+0551230100", Trunk: "chime", Destination: "101"}, store.ErrInvalid, "not an E.164 number"},
		{store.DID{Number: "+1 555 123", Trunk: "chime", Destination: "101"}, store.ErrInvalid, "neither an E.164 number nor a pattern"},
		{store.DID{Number: "", Trunk: "chime", Destination: "101"}, store.ErrInvalid, "1 to 64"},
		{store.DID{Number: "+15551230100", Trunk: "chime", Destination: "x"}, store.ErrInvalid, "destination"},
	} {
		refused(t, s, version(t, s), s.CreateDID(c, tc.d), tc.want, tc.text)
	}
	v0 := version(t, s)
	must(t, s.CreateDID(c, did))
	if version(t, s) <= v0 {
		t.Fatal("create DID did not bump the version")
	}
	mustErr(t, s.CreateDID(c, did), store.ErrExists)
	must(t, s.CreateDID(c, store.DID{Number: "+1555123XXXX", Trunk: "chime", Destination: "101"}))
	list, err := s.ListDIDs(c)
	must(t, err)
	if len(list) != 2 || list[0].Number != "+15551230100" || list[1].Number != "+1555123XXXX" || list[0].Trunk != "chime" ||
		list[0].Destination != "101" || list[0].CreatedAt.IsZero() {
		t.Fatalf("list = %+v", list)
	}
	must(t, s.DeleteDID(c, "+15551230100"))
	mustErr(t, s.DeleteDID(c, "+15551230100"), store.ErrNotFound)
}

func testRoutes(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateTrunk(c, Trunk("east")))
	must(t, s.CreateTrunk(c, Trunk("west")))
	for _, tc := range []struct {
		r    store.Route
		want error
		text string
	}{
		{store.Route{Name: "x", Pattern: "NXXNXXXXXX", Trunks: []string{"east", "nope"}}, store.ErrInvalid, "no trunk nope"},
		{store.Route{Name: "x", Pattern: "NXX[", Trunks: []string{"east"}}, store.ErrInvalid, "not closed"},
		{store.Route{Name: "x", Pattern: "011.", Strip: 5, Trunks: []string{"east"}}, store.ErrInvalid, "strip 5"},
		{store.Route{Name: "x", Pattern: "+.", Prepend: "1", Trunks: []string{"east"}}, store.ErrInvalid, "in front of a '+'"},
		{store.Route{Name: "x", Pattern: "NXXNXXXXXX", Prepend: "+1+", Trunks: []string{"east"}}, store.ErrInvalid, "prepend"},
		{store.Route{Name: "x", Pattern: "NXXNXXXXXX"}, store.ErrInvalid, "no trunk"},
		{store.Route{Name: "x", Pattern: "NXXNXXXXXX", Trunks: []string{"east", "east"}}, store.ErrInvalid, "listed twice"},
		{store.Route{Name: "X", Pattern: "NXXNXXXXXX", Trunks: []string{"east"}}, store.ErrInvalid, "route name"},
		{store.Route{Name: "x", Pattern: "abc", Trunks: []string{"east"}}, store.ErrInvalid, "not a pattern"},
	} {
		refused(t, s, version(t, s), s.CreateRoute(c, tc.r), tc.want, tc.text)
	}
	add := []store.Route{
		{Name: "nanp-10", Pattern: "NXXNXXXXXX", Prepend: "+1", Trunks: []string{"east", "west"}},
		{Name: "intl", Pattern: "011.", Strip: 3, Prepend: "+", Trunks: []string{"west"}},
		{Name: "e164", Pattern: "+.", Trunks: []string{"west", "east"}},
	}
	for _, r := range add {
		v := version(t, s)
		must(t, s.CreateRoute(c, r))
		if version(t, s) <= v {
			t.Fatal("create route did not bump the version")
		}
	}
	mustErr(t, s.CreateRoute(c, add[0]), store.ErrExists)
	names := func() []string {
		list, err := s.ListRoutes(c)
		must(t, err)
		var out []string
		for _, r := range list {
			out = append(out, r.Name+":"+strings.Join(r.Trunks, ","))
		}
		return out
	}
	if got := names(); !reflect.DeepEqual(got, []string{"nanp-10:east,west", "intl:west", "e164:west,east"}) {
		t.Fatalf("routes = %v", got)
	}
	list, err := s.ListRoutes(c)
	must(t, err)
	if r := list[1]; r.Pattern != "011." || r.Strip != 3 || r.Prepend != "+" || r.CreatedAt.IsZero() {
		t.Fatalf("intl = %+v", r)
	}
	must(t, s.DeleteRoute(c, "nanp-10"))
	mustErr(t, s.DeleteRoute(c, "nanp-10"), store.ErrNotFound)
	must(t, s.CreateRoute(c, add[0]))
	if got := names(); !reflect.DeepEqual(got, []string{"intl:west", "e164:west,east", "nanp-10:east,west"}) {
		t.Fatalf("a route added again goes last: %v", got)
	}
}

func testTrunkInUse(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateExtension(c, Ext("101", "Alice")))
	must(t, s.CreateTrunk(c, Trunk("main")))
	backup := Trunk("backup")
	backup.Failover = "main"
	must(t, s.CreateTrunk(c, backup))
	must(t, s.CreateDID(c, store.DID{Number: "+15551230100", Trunk: "main", Destination: "101"}))
	must(t, s.CreateRoute(c, store.Route{Name: "all", Pattern: "+.", Trunks: []string{"backup", "main"}}))

	refused(t, s, version(t, s), s.DeleteTrunk(c, "main"), store.ErrInUse, "used by DID +15551230100, route all, trunk backup")
	if _, err := s.GetTrunk(c, "main"); err != nil {
		t.Fatalf("refused delete removed the trunk: %v", err)
	}
	must(t, s.DeleteDID(c, "+15551230100"))
	must(t, s.DeleteRoute(c, "all"))
	refused(t, s, version(t, s), s.DeleteTrunk(c, "main"), store.ErrInUse, "used by trunk backup")
	must(t, s.DeleteTrunk(c, "backup"))
	must(t, s.DeleteTrunk(c, "main"))
}

func testExtensionClass(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateExtension(c, Ext("101", "Alice")))
	e, err := s.GetExtension(c, "101")
	must(t, err)
	if e.Class != store.ClassNational {
		t.Fatalf("default class %q, want national", e.Class)
	}
	e.Class = store.ClassInternational
	must(t, s.UpdateExtension(c, e))
	e, err = s.GetExtension(c, "101")
	must(t, err)
	if e.Class != store.ClassInternational {
		t.Fatalf("class %q", e.Class)
	}
	bad := Ext("102", "Bob")
	bad.Class = "galactic"
	refused(t, s, version(t, s), s.CreateExtension(c, bad), store.ErrInvalid, `class "galactic"`)
	bad.Class, bad.CallerID = store.ClassLocal, "+0123"
	refused(t, s, version(t, s), s.CreateExtension(c, bad), store.ErrInvalid, "not an E.164 number")
	bad.CallerID = ""
	must(t, s.CreateExtensions(c, []store.Extension{bad, Ext("103", "Carol")}))
	list, err := s.ListExtensions(c)
	must(t, err)
	if len(list) != 3 || list[1].Class != store.ClassLocal || list[2].Class != store.ClassNational {
		t.Fatalf("bulk classes: %+v", list)
	}
}
