package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// concrete fills a route's path parameters.
func concrete(path string) string {
	r := strings.NewReplacer(":number", "101", ":addr", "192.0.2.7", ":id", "tk-none", ":username", "vic", ":name", "no-such")
	return apiPrefix + r.Replace(path)
}

// Every endpoint refuses a request without a token, with an unknown token
// and with a revoked one; every changing endpoint refuses a viewer and
// changes nothing for it.
func TestAPIAuthEveryEndpoint(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	seed := store.Extension{Number: "101", Name: "Alice", Enabled: true}
	seed.SetPassword("dialtone", "alice-secret-1")
	if err := e.st.CreateExtension(ctx, seed); err != nil {
		t.Fatal(err)
	}
	for _, r := range e.srv.apiRoutes() {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			path := concrete(r.path)
			body := any(nil)
			if r.body != "" {
				body = map[string]any{}
			}
			for name, tok := range map[string]string{"no token": "", "unknown token": TokenPrefix + "nope", "revoked token": e.revoked} {
				code, m := e.api(r.method, path, tok, body)
				if code != http.StatusUnauthorized || m["error"] == nil {
					t.Errorf("%s: %d %v, want 401 with an error", name, code, m)
				}
			}
			// A password (basic auth) is not a token.
			req := httptest.NewRequest(r.method, path, nil)
			req.SetBasicAuth("boss", bossPassword)
			rec := httptest.NewRecorder()
			e.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") != `Bearer realm="dialtone"` {
				t.Errorf("basic auth: %d %v", rec.Code, rec.Header())
			}
			if !r.write {
				if code, m := e.api(r.method, path, e.viewer, body); code != r.status && code != http.StatusNotFound {
					t.Errorf("viewer read: %d %v, want %d", code, m, r.status)
				}
				return
			}
			before := e.auditCount()
			code, m := e.api(r.method, path, e.viewer, body)
			if code != http.StatusForbidden || !strings.Contains(fmt.Sprint(m["error"]), "viewer") {
				t.Errorf("viewer write: %d %v, want 403", code, m)
			}
			if after := e.auditCount(); after != before {
				t.Errorf("a refused request wrote %d audit entries", after-before)
			}
			if got, err := e.st.GetExtension(ctx, "101"); err != nil || got.Name != "Alice" || !got.Enabled || got.HA1MD5 != seed.HA1MD5 {
				t.Errorf("a refused request changed extension 101: %+v %v", got, err)
			}
		})
	}
}

// checkAudit asserts the newest audit entry records a change by boss
// through the API, from the test client's address.
func checkAudit(t *testing.T, e *env, action, object string) {
	t.Helper()
	a := e.lastAudit()
	if a.Action != action || a.Object != object || a.Actor != "boss" || a.Source != "192.0.2.1" ||
		!strings.Contains(a.Detail, "via API token") || a.At.IsZero() {
		t.Fatalf("audit = %+v, want %s %s by boss from 192.0.2.1 via a token", a, action, object)
	}
}

// wantFields asserts a 422 naming exactly these fields.
func wantFields(t *testing.T, code int, m map[string]any, fields ...string) {
	t.Helper()
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d %v, want 422", code, m)
	}
	got, _ := m["fields"].(map[string]any)
	if len(got) != len(fields) {
		t.Fatalf("fields %v, want %v", got, fields)
	}
	for _, f := range fields {
		if msg, _ := got[f].(string); msg == "" {
			t.Fatalf("fields %v lack %q", got, f)
		}
	}
}

func TestAPIExtensions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	v0, _ := e.st.ConfigVersion(ctx)

	// Validation: every wrong field is named, and nothing is written.
	before := e.auditCount()
	code, m := e.api("POST", "/api/v1/extensions", e.admin, map[string]any{
		"number": "1a", "password": "short", "caller_id": "555", "ring_timeout_s": 2, "voicemail_pin": "12", "name": strings.Repeat("n", 101)})
	wantFields(t, code, m, "number", "password", "caller_id", "ring_timeout_s", "voicemail_pin", "name")
	code, m = e.api("POST", "/api/v1/extensions", e.admin, map[string]any{})
	wantFields(t, code, m, "number")
	code, m = e.api("POST", "/api/v1/extensions", e.admin, map[string]any{"number": "101", "colour": "red"})
	wantFields(t, code, m, "colour")
	code, m = e.api("POST", "/api/v1/extensions", e.admin, map[string]any{"number": 101})
	wantFields(t, code, m, "number")
	code, m = e.api("POST", "/api/v1/extensions", e.admin, map[string]any{"number": "101", "ring_timeout_s": "thirty"})
	wantFields(t, code, m, "ring_timeout_s")
	code, m = e.api("POST", "/api/v1/extensions", e.admin, map[string]any{"number": "101", "enabled": "yes"})
	wantFields(t, code, m, "enabled")
	if code, _ := e.api("POST", "/api/v1/extensions", e.admin, `{"number": "101",`); code != http.StatusBadRequest {
		t.Fatalf("malformed JSON: %d, want 400", code)
	}
	if code, _ := e.api("POST", "/api/v1/extensions", e.admin, `[1,2]`); code != http.StatusBadRequest {
		t.Fatalf("an array: %d, want 400", code)
	}
	if code, _ := e.api("POST", "/api/v1/extensions", e.admin, `{"number":"101"}{"number":"102"}`); code != http.StatusBadRequest {
		t.Fatalf("two objects: %d, want 400", code)
	}
	if code, _ := e.api("POST", "/api/v1/extensions", e.admin, `{"name":"`+strings.Repeat("x", 70<<10)+`"}`); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("huge body: %d, want 413", code)
	}
	if v1, _ := e.st.ConfigVersion(ctx); v1 != v0 || e.auditCount() != before {
		t.Fatalf("refused input changed the store: version %d -> %d", v0, v1)
	}

	// Create with a generated password: shown once, stored as HA1 only.
	code, m = e.api("POST", "/api/v1/extensions", e.admin, map[string]any{"number": "101", "name": "Alice", "caller_id": "+15551230101", "voicemail_pin": "2468"})
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, m)
	}
	pw, _ := m["password"].(string)
	ext := m["extension"].(map[string]any)
	if len(pw) != 20 || ext["number"] != "101" || ext["enabled"] != true || ext["ring_timeout_s"] != float64(30) || ext["voicemail_pin_set"] != true {
		t.Fatalf("created: %v", m)
	}
	checkAudit(t, e, "ext.add", "101")
	got, err := e.st.GetExtension(ctx, "101")
	if err != nil {
		t.Fatal(err)
	}
	if got.HA1MD5 != digest.HA1(digest.MD5, "101", "dialtone", pw) || got.HA1SHA256 != digest.HA1(digest.SHA256, "101", "dialtone", pw) ||
		!got.CheckVoicemailPIN("2468") || got.CallerID != "+15551230101" {
		t.Fatalf("stored: %+v", got)
	}
	// A chosen password is not echoed.
	code, m = e.api("POST", "/api/v1/extensions", e.admin, map[string]any{"number": "102", "password": "bob-secret-22", "enabled": false})
	if code != http.StatusCreated || m["password"] != nil || m["extension"].(map[string]any)["enabled"] != false {
		t.Fatalf("create 102: %d %v", code, m)
	}
	code, m = e.api("POST", "/api/v1/extensions", e.admin, map[string]any{"number": "101"})
	wantFields(t, code, m, "number")

	// Read.
	e.phones.set(Phone{Extension: "101", URI: "sip:101@192.0.2.50:5060", Transport: "udp", ExpiresAt: time.Now().Add(time.Hour)})
	code, m = e.api("GET", "/api/v1/extensions/101", e.admin, nil)
	if code != 200 || m["name"] != "Alice" || m["registered_contacts"] != float64(1) {
		t.Fatalf("get: %d %v", code, m)
	}
	if code, _ := e.api("GET", "/api/v1/extensions/999", e.admin, nil); code != 404 {
		t.Fatalf("get missing: %d", code)
	}
	if code, _ := e.api("GET", "/api/v1/extensions/abc", e.admin, nil); code != 404 {
		t.Fatalf("get bad number: %d", code)
	}
	code, m = e.api("GET", "/api/v1/extensions?q=ali", e.admin, nil)
	if list := m["extensions"].([]any); code != 200 || len(list) != 1 || list[0].(map[string]any)["number"] != "101" {
		t.Fatalf("search: %d %v", code, m)
	}
	code, m = e.api("GET", "/api/v1/extensions", e.viewer, nil)
	if list := m["extensions"].([]any); code != 200 || len(list) != 2 {
		t.Fatalf("list: %d %v", code, m)
	}

	// Update: partial, validated, audited.
	code, m = e.api("PATCH", "/api/v1/extensions/101", e.admin, map[string]any{"name": "Alice A.", "ring_timeout_s": 45})
	if code != 200 || m["name"] != "Alice A." || m["ring_timeout_s"] != float64(45) || m["caller_id"] != "+15551230101" {
		t.Fatalf("patch: %d %v", code, m)
	}
	checkAudit(t, e, "ext.update", "101")
	if a := e.lastAudit(); !strings.Contains(a.Detail, `name="Alice A."`) || !strings.Contains(a.Detail, "ring_timeout=45s") {
		t.Fatalf("audit detail %q", a.Detail)
	}
	code, m = e.api("PATCH", "/api/v1/extensions/101", e.admin, map[string]any{"number": "109", "password": "x", "caller_id": "12"})
	wantFields(t, code, m, "number", "password", "caller_id")
	code, m = e.api("PATCH", "/api/v1/extensions/101", e.admin, map[string]any{"enabled": false})
	if code != 200 || m["enabled"] != false {
		t.Fatalf("disable: %d %v", code, m)
	}
	checkAudit(t, e, "ext.disable", "101")
	code, m = e.api("PATCH", "/api/v1/extensions/101", e.admin, map[string]any{"voicemail_pin": ""})
	if code != 200 || m["voicemail_pin_set"] != false {
		t.Fatalf("clear PIN: %d %v", code, m)
	}
	if code, _ := e.api("PATCH", "/api/v1/extensions/999", e.admin, map[string]any{"name": "x"}); code != 404 {
		t.Fatalf("patch missing: %d", code)
	}

	// Password reset.
	code, m = e.api("POST", "/api/v1/extensions/101/password", e.admin, nil)
	newPW, _ := m["password"].(string)
	if code != 200 || len(newPW) != 20 || newPW == pw {
		t.Fatalf("reset: %d %v", code, m)
	}
	checkAudit(t, e, "ext.passwd", "101")
	if got, _ := e.st.GetExtension(ctx, "101"); got.HA1MD5 != digest.HA1(digest.MD5, "101", "dialtone", newPW) {
		t.Fatal("reset password not stored")
	}
	code, m = e.api("POST", "/api/v1/extensions/101/password", e.admin, map[string]any{"password": "chosen-pass-1"})
	if code != 200 || m["password"] != nil {
		t.Fatalf("reset to chosen: %d %v", code, m)
	}
	code, m = e.api("POST", "/api/v1/extensions/101/password", e.admin, map[string]any{"password": "short"})
	wantFields(t, code, m, "password")
	if code, _ := e.api("POST", "/api/v1/extensions/999/password", e.admin, nil); code != 404 {
		t.Fatalf("reset missing: %d", code)
	}

	// Softphone settings.
	code, m = e.api("GET", "/api/v1/extensions/101/softphone", e.viewer, nil)
	if code != 200 || m["uri"] != "sip:101@192.0.2.10" || m["domain"] != "192.0.2.10" || m["username"] != "101" || len(m["transports"].([]any)) != 3 {
		t.Fatalf("softphone: %d %v", code, m)
	}

	// Delete.
	if code, _ := e.api("DELETE", "/api/v1/extensions/102", e.admin, nil); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	checkAudit(t, e, "ext.rm", "102")
	if code, _ := e.api("DELETE", "/api/v1/extensions/102", e.admin, nil); code != 404 {
		t.Fatalf("delete again: %d", code)
	}
}

func TestAPILiveLists(t *testing.T) {
	e := newEnv(t)
	code, m := e.api("GET", "/api/v1/registrations", e.viewer, nil)
	if code != 200 || len(m["registrations"].([]any)) != 0 {
		t.Fatalf("registrations: %d %v", code, m)
	}
	exp := time.Now().Add(time.Hour).Truncate(time.Second)
	e.phones.set(Phone{Extension: "101", URI: "sip:101@192.0.2.50:5060", Transport: "udp", Source: "192.0.2.50:5060", UserAgent: "baresip", ExpiresAt: exp, Node: "n1"})
	code, m = e.api("GET", "/api/v1/registrations", e.viewer, nil)
	r := m["registrations"].([]any)[0].(map[string]any)
	if code != 200 || r["extension"] != "101" || r["user_agent"] != "baresip" || r["expires_at"] != exp.UTC().Format(time.RFC3339) && r["expires_at"] != exp.Format(time.RFC3339) {
		t.Fatalf("registrations: %d %v", code, m)
	}
	code, m = e.api("GET", "/api/v1/calls", e.viewer, nil)
	if code != 200 || len(m["calls"].([]any)) != 0 {
		t.Fatalf("calls: %d %v", code, m)
	}
	code, m = e.api("GET", "/api/v1/health", e.viewer, nil)
	if code != 200 || m["status"] != "ok" || m["version"] != "test" || len(m["checks"].([]any)) != 1 {
		t.Fatalf("health: %d %v", code, m)
	}
	code, m = e.api("GET", "/api/v1/me", e.viewer, nil)
	if code != 200 || m["user"] != "vic" || m["role"] != "viewer" || m["token_name"] != "viewer-token" {
		t.Fatalf("me: %d %v", code, m)
	}
}

// seedCDRs writes n CDRs a minute apart, ending now.
func seedCDRs(t *testing.T, st store.Store, n int, now time.Time) {
	t.Helper()
	disp := []string{store.DispositionAnswered, store.DispositionNoAnswer, store.DispositionBusy}
	for i := range n {
		c := store.CDR{ID: fmt.Sprintf("c%03d", i), Node: "n1", CallID: fmt.Sprintf("call-%d", i),
			StartedAt: now.Add(-time.Duration(n-i) * time.Minute), EndedAt: now.Add(-time.Duration(n-i)*time.Minute + 30*time.Second),
			Duration: 30 * time.Second, CallerNumber: "101", CalleeNumber: fmt.Sprint(200 + i%2), Disposition: disp[i%3]}
		if c.Disposition == store.DispositionAnswered {
			c.AnsweredAt, c.Billable = c.StartedAt.Add(5*time.Second), 25*time.Second
			c.CodecA, c.CodecB, c.PacketsA, c.PacketsB, c.LostA, c.JitterA, c.MOSA, c.MOSB = "PCMU", "PCMU", 1250, 1250, 12, 3*time.Millisecond, 4.2, 4.3
		}
		if err := st.InsertCDR(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAPICDRs(t *testing.T) {
	e := newEnv(t)
	now := e.clock.now()
	seedCDRs(t, e.st, 30, now)
	code, m := e.api("GET", "/api/v1/cdrs?limit=10", e.viewer, nil)
	list := m["cdrs"].([]any)
	if code != 200 || len(list) != 10 || m["next_offset"] != float64(10) || list[0].(map[string]any)["id"] != "c029" {
		t.Fatalf("page 1: %d %v", code, m)
	}
	code, m = e.api("GET", "/api/v1/cdrs?limit=10&offset=20", e.viewer, nil)
	if list := m["cdrs"].([]any); code != 200 || len(list) != 10 || m["next_offset"] != nil {
		t.Fatalf("last page: %d %v", code, m)
	}
	code, m = e.api("GET", "/api/v1/cdrs?disposition=answered&number=200", e.viewer, nil)
	list = m["cdrs"].([]any)
	if code != 200 || len(list) != 5 {
		t.Fatalf("filtered: %d %d rows", code, len(list))
	}
	first := list[0].(map[string]any)
	q, _ := first["quality"].(map[string]any)
	if first["disposition"] != "ANSWERED" || q == nil || q["mos_a"] != 4.2 || q["jitter_a_ms"] != float64(3) || q["loss_a_pct"].(float64) < 0.9 {
		t.Fatalf("answered row: %v", first)
	}
	code, m = e.api("GET", "/api/v1/cdrs?disposition=BUSY&limit=1", e.viewer, nil)
	if row := m["cdrs"].([]any)[0].(map[string]any); code != 200 || row["quality"] != nil || row["answered_at"] != nil {
		t.Fatalf("busy row: %v", row)
	}
	day := now.Format("2006-01-02")
	code, m = e.api("GET", "/api/v1/cdrs?since="+day+"&until="+day+"&limit=1000", e.viewer, nil)
	if code != 200 {
		t.Fatalf("by date: %d %v", code, m)
	}
	code, m = e.api("GET", "/api/v1/cdrs?since=yesterday&until=2020-13-01&disposition=LOST&limit=0&offset=-1", e.viewer, nil)
	wantFields(t, code, m, "since", "until", "disposition", "limit", "offset")
	code, m = e.api("GET", "/api/v1/cdrs?since=2026-02-02&until=2026-01-01", e.viewer, nil)
	wantFields(t, code, m, "until")

	code, m = e.api("GET", "/api/v1/stats/calls-per-hour", e.viewer, nil)
	hours := m["hours"].([]any)
	sum := 0.0
	for _, h := range hours {
		sum += h.(float64)
	}
	if code != 200 || len(hours) < 23 || m["date"] != now.In(time.Local).Format("2006-01-02") {
		t.Fatalf("calls per hour: %d %v", code, m)
	}
	if sum < 1 {
		t.Fatalf("calls per hour counted nothing: %v", hours)
	}
	code, m = e.api("GET", "/api/v1/stats/calls-per-hour?date=25/11/2026", e.viewer, nil)
	wantFields(t, code, m, "date")
}

func TestAPIBans(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.bans.add("192.0.2.7", "auth failures")
	e.bans.add("192.0.2.8", "scanner")
	if err := e.st.SaveBan(ctx, store.Ban{Addr: netip.MustParseAddr("192.0.2.7"), Reason: "auth failures", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SaveBan(ctx, store.Ban{Addr: netip.MustParseAddr("198.51.100.1"), Reason: "other node", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SaveBan(ctx, store.Ban{Addr: netip.MustParseAddr("198.51.100.2"), Reason: "expired", ExpiresAt: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	code, m := e.api("GET", "/api/v1/bans", e.viewer, nil)
	bans := m["bans"].([]any)
	if code != 200 || len(bans) != 3 {
		t.Fatalf("bans: %d %v", code, m)
	}
	b0 := bans[0].(map[string]any)
	if b0["addr"] != "192.0.2.7" || b0["live"] != true || b0["stored"] != true {
		t.Fatalf("merged ban: %v", b0)
	}
	if code, _ := e.api("DELETE", "/api/v1/bans/192.0.2.7", e.admin, nil); code != 204 {
		t.Fatalf("lift: %d", code)
	}
	checkAudit(t, e, "ban.rm", "192.0.2.7")
	if list, _ := e.st.ListBans(ctx); len(list) != 2 || e.bans.Unban(netip.MustParseAddr("192.0.2.7")) {
		t.Fatalf("ban not lifted everywhere: %v", list)
	}
	if code, _ := e.api("DELETE", "/api/v1/bans/192.0.2.7", e.admin, nil); code != 404 {
		t.Fatalf("lift again: %d", code)
	}
	code, m = e.api("DELETE", "/api/v1/bans/not-an-ip", e.admin, nil)
	wantFields(t, code, m, "addr")
	code, m = e.api("DELETE", "/api/v1/bans", e.admin, nil)
	if code != 200 || m["lifted"] != float64(2) {
		t.Fatalf("clear: %d %v", code, m)
	}
	checkAudit(t, e, "ban.clear", "")
	if code, m := e.api("GET", "/api/v1/bans", e.viewer, nil); code != 200 || len(m["bans"].([]any)) != 0 {
		t.Fatalf("after clear: %v", m)
	}
}

func TestAPIAuditSettingsUsers(t *testing.T) {
	e := newEnv(t)
	code, m := e.api("GET", "/api/v1/settings", e.viewer, nil)
	if code != 200 || m["org_name"] != "" || m["phone_host"] != "" {
		t.Fatalf("settings: %d %v", code, m)
	}
	code, m = e.api("PATCH", "/api/v1/settings", e.admin, map[string]any{"org_name": "Acme Dental", "phone_host": "pbx.example.com"})
	if code != 200 || m["org_name"] != "Acme Dental" || m["phone_host"] != "pbx.example.com" {
		t.Fatalf("save: %d %v", code, m)
	}
	checkAudit(t, e, "settings.set", "")
	code, m = e.api("PATCH", "/api/v1/settings", e.admin, map[string]any{"org_name": "ok", "phone_host": "pbx.example.com:5060"})
	wantFields(t, code, m, "phone_host")
	code, m = e.api("PATCH", "/api/v1/settings", e.admin, map[string]any{"org_name": "bad\x00name", "phone_host": "-bad-.example"})
	wantFields(t, code, m, "org_name", "phone_host")
	if _, m := e.api("GET", "/api/v1/settings", e.viewer, nil); m["org_name"] != "Acme Dental" {
		t.Fatalf("refused settings were half-saved: %v", m)
	}
	// The softphone block follows the setting.
	if err := e.st.CreateExtension(context.Background(), func() store.Extension {
		x := store.Extension{Number: "101", Enabled: true}
		x.SetPassword("dialtone", "pw-101-secret")
		return x
	}()); err != nil {
		t.Fatal(err)
	}
	if _, m := e.api("GET", "/api/v1/extensions/101/softphone", e.viewer, nil); m["uri"] != "sip:101@pbx.example.com" {
		t.Fatalf("softphone after setting: %v", m)
	}

	code, m = e.api("GET", "/api/v1/users", e.viewer, nil)
	if users := m["users"].([]any); code != 200 || len(users) != 2 || users[0].(map[string]any)["username"] != "boss" {
		t.Fatalf("users: %d %v", code, m)
	}
	for range 3 {
		if _, err := e.st.RecordLoginFailure(context.Background(), "vic", 3, time.Hour, e.clock.now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, m := e.api("GET", "/api/v1/users", e.viewer, nil); m["users"].([]any)[1].(map[string]any)["locked_until"] == nil {
		t.Fatalf("lock not shown: %v", m)
	}
	if code, _ := e.api("POST", "/api/v1/users/vic/unlock", e.admin, nil); code != 204 {
		t.Fatalf("unlock: %d", code)
	}
	checkAudit(t, e, "admin.unlock", "vic")
	if u, _ := e.st.GetAdminUser(context.Background(), "vic"); !u.LockedUntil.IsZero() {
		t.Fatalf("still locked: %+v", u)
	}
	if code, _ := e.api("POST", "/api/v1/users/nobody/unlock", e.admin, nil); code != 404 {
		t.Fatalf("unlock nobody: %d", code)
	}

	code, m = e.api("GET", "/api/v1/audit?limit=1", e.viewer, nil)
	entries := m["entries"].([]any)
	if code != 200 || len(entries) != 1 || m["next_before"] == nil || entries[0].(map[string]any)["action"] != "admin.unlock" {
		t.Fatalf("audit: %d %v", code, m)
	}
	next := int(m["next_before"].(float64))
	code, m = e.api("GET", fmt.Sprintf("/api/v1/audit?before=%d", next), e.viewer, nil)
	if code != 200 || len(m["entries"].([]any)) != 1 || m["entries"].([]any)[0].(map[string]any)["action"] != "settings.set" {
		t.Fatalf("audit page 2: %d %v", code, m)
	}
	code, m = e.api("GET", "/api/v1/audit?before=x&limit=501", e.viewer, nil)
	wantFields(t, code, m, "before", "limit")

}

func TestAPITokens(t *testing.T) {
	e := newEnv(t)
	code, m := e.api("POST", "/api/v1/tokens", e.admin, map[string]any{"name": "monitoring", "user": "vic"})
	if code != 201 {
		t.Fatalf("create: %d %v", code, m)
	}
	secret := m["secret"].(string)
	tok := m["token"].(map[string]any)
	id := tok["id"].(string)
	if !strings.HasPrefix(secret, TokenPrefix) || tok["user"] != "vic" || tok["revoked_at"] != nil {
		t.Fatalf("created: %v", m)
	}
	checkAudit(t, e, "token.add", id)
	// Only the hash is stored.
	stored, err := e.st.GetAPITokenByHash(context.Background(), HashAPIToken(secret))
	if err != nil || stored.ID != id || strings.Contains(stored.Hash, secret) {
		t.Fatalf("stored: %+v %v", stored, err)
	}
	// The new token works, with its user's role.
	if code, m := e.api("GET", "/api/v1/me", secret, nil); code != 200 || m["user"] != "vic" || m["role"] != "viewer" {
		t.Fatalf("me: %d %v", code, m)
	}
	if code, _ := e.api("DELETE", "/api/v1/bans", secret, nil); code != 403 {
		t.Fatalf("viewer token wrote: %d", code)
	}
	code, m = e.api("GET", "/api/v1/tokens", e.viewer, nil)
	if list := m["tokens"].([]any); code != 200 || len(list) != 4 {
		t.Fatalf("list: %d %v", code, m)
	}
	if strings.Contains(fmt.Sprint(m), secret) || strings.Contains(fmt.Sprint(m), HashAPIToken(secret)) {
		t.Fatal("token list shows a secret or a hash")
	}
	code, m = e.api("POST", "/api/v1/tokens", e.admin, map[string]any{"name": " ", "user": "nobody"})
	wantFields(t, code, m, "name", "user")
	// Revoked: refused at once.
	if code, _ := e.api("DELETE", "/api/v1/tokens/"+id, e.admin, nil); code != 204 {
		t.Fatalf("revoke: %d", code)
	}
	checkAudit(t, e, "token.revoke", id)
	if code, m := e.api("GET", "/api/v1/me", secret, nil); code != 401 || m["error"] != "API token revoked" {
		t.Fatalf("revoked token: %d %v", code, m)
	}
	if code, _ := e.api("DELETE", "/api/v1/tokens/"+id, e.admin, nil); code != 404 {
		t.Fatalf("revoke again: %d", code)
	}
	// Use is recorded (at most once a minute).
	e.api("GET", "/api/v1/me", e.admin, nil)
	list, _ := e.st.ListAPITokens(context.Background())
	for _, x := range list {
		if x.Name == "admin-token" && x.LastUsed.IsZero() {
			t.Fatal("token use not recorded")
		}
	}
}

func TestAPIChangePassword(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("boss", bossPassword)
	code, m := e.api("POST", "/api/v1/me/password", e.admin, map[string]any{"current_password": "wrong", "new_password": "short"})
	wantFields(t, code, m, "current_password", "new_password")
	if code, _ := e.api("POST", "/api/v1/me/password", e.admin, map[string]any{"current_password": bossPassword, "new_password": "a-new-password-1"}); code != 204 {
		t.Fatalf("change: %d", code)
	}
	checkAudit(t, e, "admin.passwd", "boss")
	// Every browser session of the user ended.
	if resp, _ := b.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session still works: %d", resp.StatusCode)
	}
	b2 := e.browser()
	if resp, _ := b2.tryLogin("boss", bossPassword); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("old password works: %d", resp.StatusCode)
	}
	b2.login("boss", "a-new-password-1")
}

// The OpenAPI document describes every route the server has under
// /api/v1, and every reference in it resolves.
func TestOpenAPIDocumentsEveryEndpoint(t *testing.T) {
	e := newEnv(t)
	code, raw := e.apiRaw("GET", "/api/v1/openapi.json", "", nil)
	if code != 200 {
		t.Fatalf("openapi.json: %d", code)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi = %q", doc.OpenAPI)
	}
	routes := 0
	for _, r := range e.srv.echo.Routes() {
		if !strings.HasPrefix(r.Path, apiPrefix+"/") || strings.HasSuffix(r.Path, "/*") {
			continue
		}
		routes++
		p := pathParam.ReplaceAllString(strings.TrimPrefix(r.Path, apiPrefix), "{$1}")
		op := doc.Paths[p][strings.ToLower(r.Method)]
		if op == nil {
			t.Errorf("%s %s is not in the OpenAPI document", r.Method, r.Path)
			continue
		}
		if op["summary"] == "" || op["responses"] == nil {
			t.Errorf("%s %s: incomplete operation %v", r.Method, r.Path, op)
		}
	}
	if routes < 20 {
		t.Fatalf("only %d API routes found", routes)
	}
	for _, ref := range regexpAll(`"\$ref":\s*"#/components/schemas/([A-Za-z]+)"`, string(raw)) {
		if doc.Components.Schemas[ref] == nil {
			t.Errorf("dangling $ref %s", ref)
		}
	}
	// Every JSON body a handler sends has a schema whose properties are its fields.
	ext := doc.Components.Schemas["Extension"].(map[string]any)["properties"].(map[string]any)
	for _, f := range []string{"number", "name", "enabled", "caller_id", "ring_timeout_s", "voicemail_pin_set", "registered_contacts"} {
		if ext[f] == nil {
			t.Errorf("Extension schema lacks %s", f)
		}
	}
	if upd := doc.Components.Schemas["ExtensionUpdate"].(map[string]any)["properties"].(map[string]any); upd["password"] != nil || upd["number"] != nil {
		t.Error("ExtensionUpdate offers fields the update refuses")
	}
}

// Whatever a client sends, the answer is never a 500.
func TestAPINeverFailsOnBadInput(t *testing.T) {
	e := newEnv(t)
	ext := store.Extension{Number: "101", Enabled: true}
	ext.SetPassword("dialtone", "pw-101-secret")
	if err := e.st.CreateExtension(context.Background(), ext); err != nil {
		t.Fatal(err)
	}
	bodies := []string{"null", `"text"`, "123", "[]", `{"number":null}`, `{"name":{"a":1}}`, `{"number":"\u0000"}`,
		"{\"name\":\"\xff\xfe\"}", `{"password":12}`, `{"ring_timeout_s":1e100}`, `{"ring_timeout_s":30.5}`, `{"enabled":"maybe"}`,
		`{"voicemail_pin":"１２３４"}`, `{"caller_id":"+1555` + strings.Repeat("5", 100) + `"}`, strings.Repeat("[", 10000),
		`{"name":"` + strings.Repeat("é", 200) + `"}`, `{"user":"../../etc"}`, `{"org_name":"a","phone_host":"[::1]"}`}
	queries := []string{"?since=%00", "?until=9999-99-99", "?limit=99999999999999999999", "?offset=-5", "?number=%ff%fe",
		"?disposition=%00", "?before=-1", "?date=0000-00-00", "?q=%00%ff"}
	for _, r := range e.srv.apiRoutes() {
		path := concrete(r.path)
		if r.body != "" {
			for _, b := range bodies {
				if code, _ := e.apiRaw(r.method, path, e.admin, b); code >= 500 {
					t.Errorf("%s %s with %.40q: %d", r.method, path, b, code)
				}
			}
		}
		for _, q := range queries {
			if code, _ := e.apiRaw(r.method, path+q, e.admin, nil); code >= 500 {
				t.Errorf("%s %s%s: %d", r.method, path, q, code)
			}
		}
	}
	for _, p := range []string{"/api/v1/extensions/%00", "/api/v1/extensions/" + strings.Repeat("1", 300), "/api/v1/bans/%ff",
		"/api/v1/tokens/%00", "/api/v1/users/%00/unlock"} {
		for _, m := range []string{"GET", "PATCH", "DELETE", "POST"} {
			if code, _ := e.apiRaw(m, p, e.admin, "{}"); code >= 500 {
				t.Errorf("%s %s: %d", m, p, code)
			}
		}
	}
}
