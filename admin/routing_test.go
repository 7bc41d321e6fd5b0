package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

const testChimeHost = "abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws"

// hostResolver answers every generic host with one address.
type hostResolver struct{ addr string }

func (h hostResolver) Resolve(_ context.Context, host string, t trunk.Transport) ([]trunk.Target, error) {
	if strings.HasPrefix(host, "nx.") {
		return nil, trunk.ErrNXDomain
	}
	return []trunk.Target{{Transport: t, Addr: netip.MustParseAddrPort(h.addr)}}, nil
}

type liveTrunks []trunk.Status

func (l liveTrunks) TrunkStatus() []trunk.Status { return l }

func routingEnv(t *testing.T) *env {
	e := newEnv(t, WithResolver(hostResolver{"203.0.113.9:5060"}), WithUnknownDID("101"),
		WithTrunkStatus(liveTrunks{{Trunk: "chime-east", State: trunk.StateUp, LastCode: 200, LastRTT: 42 * time.Millisecond,
			Target: "tls:3.80.16.10:5061", LastPing: time.Now(), Pings: 3}}))
	ext := store.Extension{Number: "101", Name: "Alice", Enabled: true}
	ext.SetPassword("dialtone", "alice-secret-1")
	if err := e.st.CreateExtension(context.Background(), ext); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAPITrunks(t *testing.T) {
	e := routingEnv(t)
	code, m := e.api("POST", "/api/v1/trunks", e.admin, map[string]any{"name": "chime-east", "type": "chime", "host": testChimeHost,
		"regions": []string{"us-east-1"}, "username": "term", "password": "term-secret-1", "caller_id": "+15551230100"})
	if code != http.StatusCreated || m["transport"] != "tls" || m["port"] != 5061.0 || m["srtp"] != "required" || m["state"] != "up" ||
		m["password_set"] != true || m["password"] != nil || strings.Join(toStrings(m["allow"]), ",") != "3.80.16.0/23" {
		t.Fatalf("create chime: %d %v", code, m)
	}
	checkAudit(t, e, "trunk.add", "chime-east")
	if strings.Contains(e.lastAudit().Detail, "secret") {
		t.Fatal("audit holds the password")
	}
	// A generic trunk without allowed networks gets its host's addresses.
	code, m = e.api("POST", "/api/v1/trunks", e.admin, map[string]any{"name": "carrier", "type": "generic", "host": "sip.carrier.example",
		"failover": "chime-east"})
	if code != http.StatusCreated || strings.Join(toStrings(m["allow"]), ",") != "203.0.113.9/32" || m["port"] != 0.0 || m["state"] != "unknown" ||
		m["failover"] != "chime-east" {
		t.Fatalf("create generic: %d %v", code, m)
	}

	for _, tc := range []struct {
		body   map[string]any
		fields []string
	}{
		{map[string]any{"name": "x", "type": "generic", "host": "192.0.2.1", "allow": []string{"10.1.2.3/8"}}, []string{"allow"}},
		{map[string]any{"name": "x", "type": "generic", "host": "192.0.2.1", "allow": []string{"not-a-net"}}, []string{"allow"}},
		{map[string]any{"name": "x", "type": "generic", "host": "192.0.2.1", "caller_id": "555"}, []string{"caller_id"}},
		{map[string]any{"name": "x", "type": "chime", "host": "sip.example.com"}, []string{"host"}},
		{map[string]any{"name": "x", "type": "chime", "host": testChimeHost, "regions": []string{"mars-1"}}, []string{"regions"}},
		{map[string]any{"name": "x", "type": "pots", "host": "192.0.2.1"}, []string{"type"}},
		{map[string]any{"name": "x", "type": "generic", "host": "192.0.2.1", "srtp": "required"}, []string{"srtp"}},
		{map[string]any{"name": "X Y", "type": "generic", "host": "192.0.2.1"}, []string{"name"}},
		{map[string]any{"name": "chime-east", "type": "generic", "host": "192.0.2.1"}, []string{"name"}},
		{map[string]any{"name": "x", "type": "generic", "host": "192.0.2.1", "failover": "nope"}, []string{"failover"}},
		{map[string]any{"name": "x", "type": "generic", "host": "nx.example"}, []string{"allow"}},
		{map[string]any{"name": "x", "type": "generic", "host": "192.0.2.1", "register": true}, []string{"username"}},
	} {
		before := e.auditCount()
		code, m := e.api("POST", "/api/v1/trunks", e.admin, tc.body)
		wantFields(t, code, m, tc.fields...)
		if e.auditCount() != before {
			t.Fatalf("%v: refused input was audited", tc.body)
		}
	}
	code, m = e.api("GET", "/api/v1/trunks", e.viewer, nil)
	list, _ := m["trunks"].([]any)
	if code != 200 || len(list) != 2 {
		t.Fatalf("list: %d %v", code, m)
	}
	first := list[1].(map[string]any) // by name: carrier, chime-east
	if first["name"] != "chime-east" || first["last_code"] != 200.0 || first["last_rtt_ms"] != 42.0 || first["target"] != "tls:3.80.16.10:5061" {
		t.Fatalf("live state: %v", first)
	}

	// In use by the carrier's failover: 409 naming it; then removable.
	code, m = e.api("DELETE", "/api/v1/trunks/chime-east", e.admin, nil)
	if code != http.StatusConflict || !strings.Contains(m["error"].(string), "used by trunk carrier") {
		t.Fatalf("delete in use: %d %v", code, m)
	}
	if code, _ := e.api("DELETE", "/api/v1/trunks/carrier", e.admin, nil); code != http.StatusNoContent {
		t.Fatalf("delete: %d", code)
	}
	checkAudit(t, e, "trunk.rm", "carrier")
	if code, _ := e.api("DELETE", "/api/v1/trunks/carrier", e.admin, nil); code != http.StatusNotFound {
		t.Fatalf("delete again: %d", code)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestAPIDIDsAndRoutes(t *testing.T) {
	e := routingEnv(t)
	for _, name := range []string{"east", "west"} {
		if code, m := e.api("POST", "/api/v1/trunks", e.admin, map[string]any{"name": name, "type": "generic", "host": "192.0.2.1"}); code != 201 {
			t.Fatalf("trunk %s: %d %v", name, code, m)
		}
	}
	code, m := e.api("POST", "/api/v1/dids", e.admin, map[string]any{"number": "+1555123XXXX", "trunk": "east", "extension": "101"})
	if code != http.StatusCreated || m["number"] != "+1555123XXXX" || m["extension"] != "101" {
		t.Fatalf("did: %d %v", code, m)
	}
	checkAudit(t, e, "did.add", "+1555123XXXX")
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"number": "+1555123XXXX", "trunk": "east", "extension": "101"}, "number"},
		{map[string]any{"number": "+15551230100", "trunk": "nope", "extension": "101"}, "trunk"},
		{map[string]any{"number": "+15551230100", "trunk": "east", "extension": "109"}, "extension"},
		{map[string]any{"number": "+15551230100", "trunk": "east", "extension": "1x"}, "extension"},
		{map[string]any{"number": "+1[55", "trunk": "east", "extension": "101"}, "number"},
		{map[string]any{"number": "call me", "trunk": "east", "extension": "101"}, "number"},
	} {
		code, m := e.api("POST", "/api/v1/dids", e.admin, tc.body)
		wantFields(t, code, m, tc.field)
	}
	code, m = e.api("GET", "/api/v1/dids", e.viewer, nil)
	if dids, _ := m["dids"].([]any); code != 200 || len(dids) != 1 {
		t.Fatalf("dids: %d %v", code, m)
	}

	for _, r := range []map[string]any{
		{"name": "nanp", "pattern": "NXXNXXXXXX", "trunks": []string{"east", "west"}, "prepend": "+1"},
		{"name": "intl", "pattern": "011.", "trunks": []string{"west"}, "strip": 3, "prepend": "+"},
	} {
		if code, m := e.api("POST", "/api/v1/routes", e.admin, r); code != http.StatusCreated || m["name"] != r["name"] {
			t.Fatalf("route: %d %v", code, m)
		}
	}
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "nanp", "pattern": "+.", "trunks": []string{"east"}}, "name"},
		{map[string]any{"name": "x", "pattern": "+.", "trunks": []string{"nope"}}, "trunks"},
		{map[string]any{"name": "x", "pattern": "+.", "trunks": []string{}}, "trunks"},
		{map[string]any{"name": "x", "pattern": "N[", "trunks": []string{"east"}}, "pattern"},
		{map[string]any{"name": "x", "pattern": "011.", "trunks": []string{"east"}, "strip": 7}, "strip"},
		{map[string]any{"name": "x", "pattern": "+.", "trunks": []string{"east"}, "prepend": "9"}, "prepend"},
	} {
		code, m := e.api("POST", "/api/v1/routes", e.admin, tc.body)
		wantFields(t, code, m, tc.field)
	}
	code, m = e.api("GET", "/api/v1/routes", e.viewer, nil)
	routes, _ := m["routes"].([]any)
	if code != 200 || len(routes) != 2 || routes[0].(map[string]any)["name"] != "nanp" || routes[1].(map[string]any)["order"] != 2.0 {
		t.Fatalf("routes: %d %v", code, m)
	}

	code, m = e.api("DELETE", "/api/v1/trunks/west", e.admin, nil)
	if code != http.StatusConflict || !strings.Contains(m["error"].(string), "route intl, route nanp") {
		t.Fatalf("delete used trunk: %d %v", code, m)
	}
	// The DID holds '+' and no brackets; escaped anyway, as a client would.
	if code, _ := e.api("DELETE", "/api/v1/dids/"+url.PathEscape("+1555123XXXX"), e.admin, nil); code != http.StatusNoContent {
		t.Fatalf("delete did: %d", code)
	}
	checkAudit(t, e, "did.rm", "+1555123XXXX")
	if code, _ := e.api("DELETE", "/api/v1/routes/nanp", e.admin, nil); code != http.StatusNoContent {
		t.Fatalf("delete route: %d", code)
	}
	if code, _ := e.api("DELETE", "/api/v1/routes/nanp", e.admin, nil); code != http.StatusNotFound {
		t.Fatalf("delete route again: %d", code)
	}
}

func TestInternalTrunksLoopbackOnly(t *testing.T) {
	e := routingEnv(t)
	if code, m := e.api("POST", "/api/v1/trunks", e.admin, map[string]any{"name": "chime-east", "type": "chime", "host": testChimeHost}); code != 201 {
		t.Fatalf("%d %v", code, m)
	}
	for addr, want := range map[string]int{"127.0.0.1:4000": 200, "[::1]:4000": 200, "192.0.2.1:4000": 403, "[2001:db8::1]:4000": 403} {
		req := httptest.NewRequest("GET", InternalTrunksPath, nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Fatalf("from %s: %d, want %d", addr, rec.Code, want)
		}
		if want != 200 {
			continue
		}
		var states []TrunkState
		if err := json.Unmarshal(rec.Body.Bytes(), &states); err != nil || len(states) != 1 || states[0].State != "up" || states[0].Port != 5061 {
			t.Fatalf("states %v %v", states, err)
		}
	}
	// Without live status every trunk is "unknown".
	plain := newEnv(t)
	if err := plain.st.CreateTrunk(context.Background(), store.Trunk{Name: "t", Type: "generic", Host: "192.0.2.1", Transport: "udp", SRTP: "off", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", InternalTrunksPath, nil)
	req.RemoteAddr = "127.0.0.1:1"
	rec := httptest.NewRecorder()
	plain.h.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"state":"unknown"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

func TestTrunkPages(t *testing.T) {
	e := routingEnv(t)
	b := e.browser()
	tok := b.login("boss", bossPassword)

	resp, body := b.get("/trunks")
	if resp.StatusCode != 200 {
		t.Fatalf("trunks page: %d", resp.StatusCode)
	}
	mustContain(t, body, "No trunk yet.", `id="trunk-form"`, `<select id="f-type" name="type">`)

	// Bad input: the messages stand next to their fields, nothing is saved.
	resp, body = b.post("/trunks", url.Values{"csrf": {tok}, "name": {"chime-east"}, "type": {"chime"}, "host": {testChimeHost},
		"allow": {"3.80.16.1/23"}, "caller_id": {"12"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad trunk: %d\n%s", resp.StatusCode, body)
	}
	mustContain(t, body, `id="e-allow"`, "the network is 3.80.16.0/23", `id="e-caller_id"`, "Nothing was saved", `value="chime-east"`)
	if list, _ := e.st.ListTrunks(context.Background()); len(list) != 0 {
		t.Fatalf("refused form saved %v", list)
	}
	resp, _ = b.post("/trunks", url.Values{"csrf": {tok}, "name": {"chime-east"}, "type": {"chime"}, "host": {testChimeHost}, "regions": {"us-east-1"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/trunks?done=trunk-added" {
		t.Fatalf("add trunk: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = b.get("/trunks?done=trunk-added")
	mustContain(t, body, "Trunk added.", `data-trunk="chime-east"`, `<span class="badge on">up</span>`, "3.80.16.0/23", "42.0 ms")

	// Inbound routes.
	_, body = b.get("/routes/inbound")
	mustContain(t, body, "No inbound route yet.", `<option value="chime-east"`, "ring extension 101")
	resp, body = b.post("/routes/inbound", url.Values{"csrf": {tok}, "number": {"+1555[1"}, "trunk": {"chime-east"}, "extension": {"101"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad did: %d", resp.StatusCode)
	}
	mustContain(t, body, `id="e-number"`, "not closed")
	resp, body = b.post("/routes/inbound", url.Values{"csrf": {tok}, "number": {"+15551230100"}, "trunk": {"chime-east"}, "extension": {"199"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown extension: %d", resp.StatusCode)
	}
	mustContain(t, body, `id="e-extension"`, "no extension 199")
	resp, _ = b.post("/routes/inbound", url.Values{"csrf": {tok}, "number": {"+15551230100"}, "trunk": {"chime-east"}, "extension": {"101"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add did: %d", resp.StatusCode)
	}
	_, body = b.get("/routes/inbound")
	mustContain(t, body, "&#43;15551230100", `href="/extensions/101"`)

	// Outbound routes.
	resp, body = b.post("/routes/outbound", url.Values{"csrf": {tok}, "name": {"nanp"}, "pattern": {"NXXNXXXXXX"}, "trunks": {"chime-east"}, "strip": {"x"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad route: %d", resp.StatusCode)
	}
	mustContain(t, body, `id="e-strip"`, "whole number")
	resp, _ = b.post("/routes/outbound", url.Values{"csrf": {tok}, "name": {"nanp"}, "pattern": {"NXXNXXXXXX"}, "trunks": {"chime-east"}, "prepend": {"+1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add route: %d", resp.StatusCode)
	}
	_, body = b.get("/routes/outbound")
	mustContain(t, body, `data-route="nanp"`, "NXXNXXXXXX", "&#43;1")

	// A trunk in use is not removed: the page says why, no 500.
	resp, body = b.post("/trunks/chime-east/delete", url.Values{"csrf": {tok}})
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("delete used trunk: %d", resp.StatusCode)
	}
	mustContain(t, body, "Not removed: trunk chime-east is used by DID &#43;15551230100, route nanp")
	for _, p := range []struct{ path, number string }{{"/routes/inbound/delete", "+15551230100"}, {"/routes/outbound/nanp/delete", ""}, {"/trunks/chime-east/delete", ""}} {
		resp, _ := b.post(p.path, url.Values{"csrf": {tok}, "number": {p.number}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s: %d", p.path, resp.StatusCode)
		}
	}
	if list, _ := e.st.ListTrunks(context.Background()); len(list) != 0 {
		t.Fatalf("trunk not removed: %v", list)
	}
	// Without the CSRF token nothing happens.
	if resp, _ := b.post("/trunks", url.Values{"name": {"x"}, "type": {"generic"}, "host": {"192.0.2.1"}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("no csrf: %d", resp.StatusCode)
	}

	// A viewer sees the pages, without forms, and cannot post.
	v := e.browser()
	vtok := v.login("vic", vicPassword)
	for _, p := range []string{"/trunks", "/routes/inbound", "/routes/outbound"} {
		resp, body := v.get(p)
		if resp.StatusCode != 200 || strings.Contains(body, "<form method=\"post\" action=\""+p+"\"") {
			t.Fatalf("viewer %s: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := v.post("/trunks", url.Values{"csrf": {vtok}, "name": {"x"}, "type": {"generic"}, "host": {"192.0.2.1"}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer post: %d", resp.StatusCode)
	}
}

// TrunkProfile gives call control a stored trunk's full profile back:
// the type's fixed properties and the stored settings.
func TestTrunkProfile(t *testing.T) {
	in := TrunkInput{Name: "chime-east", Type: "chime", Host: testChimeHost, Regions: []string{"us-east-1"}, Username: "u", Password: "term-secret-1"}
	tr, fe := in.Trunk(context.Background(), hostResolver{"203.0.113.9:5060"})
	if fe != nil {
		t.Fatal(fe)
	}
	p, err := TrunkProfile(tr)
	if err != nil {
		t.Fatal(err)
	}
	if p.CPS != 1 || !p.RequireE164 || p.Port != 5061 || p.Transport != trunk.TransportTLS || p.SRTP != trunk.SRTPRequired ||
		len(p.AllowedSources) != 1 || p.Username != "u" || p.Password != "term-secret-1" || p.TargetHost() != testChimeHost+":5061" {
		t.Fatalf("chime profile %+v", p)
	}
	g := store.Trunk{Name: "g", Type: "generic", Host: "2001:db8::5", Port: 5070, Transport: "tcp", SRTP: "off", Register: true,
		Username: "acct", Password: "pw-secret-1", Enabled: true}
	p, err = TrunkProfile(g)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != trunk.KindRegistration || p.TargetHost() != "[2001:db8::5]:5070" || len(p.AllowedSources) != 0 || p.CPS != 0 {
		t.Fatalf("generic profile %+v", p)
	}
}
