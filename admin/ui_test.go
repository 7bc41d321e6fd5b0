package admin

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"image"
	"image/color"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	qr "github.com/piglig/go-qr"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

var passwordRe = regexp.MustCompile(`<code id="sip-password">([^<]+)</code>`)

func TestExtensionForms(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	b := e.browser()
	tok := b.login("boss", bossPassword)

	// Every wrong field is shown next to itself, and nothing is saved.
	resp, body := b.post("/extensions", url.Values{"csrf": {tok}, "number": {"1"}, "name": {"Al"}, "password": {"short"},
		"caller_id": {"555"}, "ring_timeout_s": {"soon"}, "voicemail_pin": {"12x"}, "enabled": {"on"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid create: %d", resp.StatusCode)
	}
	for _, f := range []string{"number", "password", "caller_id", "ring_timeout_s", "voicemail_pin"} {
		mustContain(t, body, `id="e-`+f+`"`, `aria-describedby="e-`+f)
	}
	mustContain(t, body, "Nothing was saved", "must have 2 to 8 digits", `value="Al"`)
	if strings.Contains(body, `value="short"`) {
		t.Fatal("the refused password is echoed back")
	}
	if l, _ := e.st.ListExtensions(ctx); len(l) != 0 {
		t.Fatalf("half-saved: %+v", l)
	}

	// Create with a generated password: shown once, with the QR code.
	resp, body = b.post("/extensions", url.Values{"csrf": {tok}, "number": {"101"}, "name": {"Alice"}, "ring_timeout_s": {"25"},
		"voicemail_pin": {"1234"}, "enabled": {"on"}})
	m := passwordRe.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	mustContain(t, body, `<svg class="qr"`, "sip:101@192.0.2.10", "shown only now")
	got, _ := e.st.GetExtension(ctx, "101")
	if got.HA1MD5 != digest.HA1(digest.MD5, "101", "dialtone", m[1]) || got.RingTimeout != 25*time.Second || !got.CheckVoicemailPIN("1234") {
		t.Fatalf("stored: %+v", got)
	}
	if a := e.lastAudit(); a.Action != "ext.add" || a.Actor != "boss" || a.Source != "127.0.0.1" {
		t.Fatalf("audit %+v", a)
	}
	// The same number again is a field error.
	resp, body = b.post("/extensions", url.Values{"csrf": {tok}, "number": {"101"}, "ring_timeout_s": {"30"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "extension 101 already exists") {
		t.Fatalf("duplicate: %d", resp.StatusCode)
	}
	// A chosen password: no secret page.
	resp, _ = b.post("/extensions", url.Values{"csrf": {tok}, "number": {"102"}, "name": {"Bob"}, "password": {"bob-secret-1"}, "ring_timeout_s": {"30"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/extensions/102?done=created&n=102" {
		t.Fatalf("create with password: %d %v", resp.StatusCode, resp.Header)
	}
	if got, _ := e.st.GetExtension(ctx, "102"); got.Enabled {
		t.Fatal("an unticked box made an enabled extension")
	}

	// List and search.
	_, body = b.get("/extensions")
	mustContain(t, body, `data-number="101"`, `data-number="102"`, "Alice", "Bob")
	_, body = b.get("/extensions?q=bob")
	if strings.Contains(body, `data-number="101"`) || !strings.Contains(body, `data-number="102"`) {
		t.Fatal("search did not filter")
	}
	_, body = b.get("/extensions?q=zzz")
	mustContain(t, body, "No extension matches")

	// Edit: errors keep what was typed; nothing is saved.
	resp, body = b.post("/extensions/101", url.Values{"csrf": {tok}, "name": {"Alice B."}, "caller_id": {"+0123"}, "ring_timeout_s": {"30"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-caller_id"`) || !strings.Contains(body, `value="Alice B."`) {
		t.Fatalf("invalid edit: %d", resp.StatusCode)
	}
	if got, _ := e.st.GetExtension(ctx, "101"); got.Name != "Alice" {
		t.Fatal("invalid edit half-saved")
	}
	resp, _ = b.post("/extensions/101", url.Values{"csrf": {tok}, "name": {"Alice B."}, "caller_id": {"+15551230101"}, "ring_timeout_s": {"40"}, "enabled": {"on"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	got, _ = e.st.GetExtension(ctx, "101")
	if got.Name != "Alice B." || got.CallerID != "+15551230101" || got.RingTimeout != 40*time.Second || !got.CheckVoicemailPIN("1234") {
		t.Fatalf("edited: %+v", got)
	}
	_, body = b.get("/extensions/101?done=saved&n=101")
	mustContain(t, body, "Extension 101 saved.", "Softphone settings", `<svg class="qr"`, "sip:101@192.0.2.10", "Remove the voicemail PIN")
	// Remove the PIN.
	b.post("/extensions/101", url.Values{"csrf": {tok}, "name": {"Alice B."}, "ring_timeout_s": {"40"}, "enabled": {"on"}, "clear_pin": {"on"}})
	if got, _ := e.st.GetExtension(ctx, "101"); got.VoicemailPIN != "" {
		t.Fatal("PIN not removed")
	}

	// Disable and enable.
	if resp, _ := b.post("/extensions/101/disable", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if got, _ := e.st.GetExtension(ctx, "101"); got.Enabled || e.lastAudit().Action != "ext.disable" {
		t.Fatal("not disabled")
	}
	b.post("/extensions/101/enable", url.Values{"csrf": {tok}})
	if got, _ := e.st.GetExtension(ctx, "101"); !got.Enabled {
		t.Fatal("not enabled")
	}

	// Reset the SIP password: generated, shown once.
	resp, body = b.post("/extensions/101/password", url.Values{"csrf": {tok}})
	m2 := passwordRe.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m2 == nil || m2[1] == m[1] {
		t.Fatalf("reset: %d", resp.StatusCode)
	}
	if got, _ := e.st.GetExtension(ctx, "101"); got.HA1MD5 != digest.HA1(digest.MD5, "101", "dialtone", m2[1]) {
		t.Fatal("reset not stored")
	}
	resp, body = b.post("/extensions/101/password", url.Values{"csrf": {tok}, "password": {"short"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-new_sip_password"`) {
		t.Fatalf("short reset: %d", resp.StatusCode)
	}

	// Delete.
	if resp, _ := b.post("/extensions/102/delete", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if _, err := e.st.GetExtension(ctx, "102"); err == nil {
		t.Fatal("not deleted")
	}
	if resp, body := b.get("/extensions/102"); resp.StatusCode != 404 || !strings.Contains(body, "Not Found") {
		t.Fatalf("deleted page: %d", resp.StatusCode)
	}
	if resp, _ := b.post("/extensions/102/delete", url.Values{"csrf": {tok}}); resp.StatusCode != 404 {
		t.Fatalf("delete again: %d", resp.StatusCode)
	}
}

func TestPagesRender(t *testing.T) {
	e := newEnv(t, WithConfig(func() []Setting { return []Setting{{Key: "sip_listen", Value: "0.0.0.0:5060", Help: "SIP"}} }))
	ctx := context.Background()
	ext := store.Extension{Number: "101", Name: "Alice", Enabled: true}
	ext.SetPassword("dialtone", "pw-101-secret")
	if err := e.st.CreateExtension(ctx, ext); err != nil {
		t.Fatal(err)
	}
	seedCDRs(t, e.st, 120, e.clock.now())
	e.phones.set(Phone{Extension: "101", URI: "sip:101@192.0.2.50:5060", Transport: "udp", Source: "192.0.2.50:5060", UserAgent: "baresip", ExpiresAt: e.clock.now().Add(time.Hour)})
	e.bans.add("192.0.2.7", "auth failures")
	b := e.browser()
	tok := b.login("boss", bossPassword)
	pages := map[string][]string{
		"/":              {"Registered phones", "sip:101@192.0.2.50:5060", "Calls in progress", "No call in progress.", `<svg class="chart"`, "Trunks", "System health", "database"},
		"/registrations": {"baresip", "192.0.2.50:5060"},
		"/cdrs":          {"Export CSV", "Older →", "ANSWERED", "PCMU", "4.20"},
		"/cdrs?number=200&disposition=BUSY&limit=5": {"BUSY", "Older →"},
		"/cdrs?since=bad":  {`id="e-since"`, "Please correct the filter."},
		"/bans":            {"192.0.2.7", "auth failures", "Lift all bans"},
		"/audit":           {"auth.login", "boss", "127.0.0.1"},
		"/settings":        {"Organisation name", "sip_listen", "Login policy", "10 wrong passwords", "boss"},
		"/tokens":          {"admin-token", "viewer-token", "revoked", "Create token"},
		"/extensions/new":  {"New extension", `pattern="[0-9]{2,8}"`, "required"},
		"/extensions/101":  {"Softphone settings"},
		"/extensions/101/": {},
	}
	for path, want := range pages {
		resp, body := b.get(path)
		if path == "/extensions/101/" {
			continue // trailing slash: whatever echo does, not a 500
		}
		if resp.StatusCode != 200 && !(path == "/cdrs?since=bad" && resp.StatusCode == 422) {
			t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
		}
		mustContain(t, body, want...)
		// Accessibility basics: a language, a skip link, labelled navigation.
		mustContain(t, body, `<html lang="en">`, `href="#main"`, `<nav aria-label="Main">`, `name="viewport"`)
		if h := resp.Header.Get("Content-Security-Policy"); !strings.Contains(h, "script-src 'self'") || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Fatalf("GET %s: headers %v", path, resp.Header)
		}
		// Every input has a label.
		for _, id := range regexpAll(`<input id="([^"]+)"`, body) {
			if !strings.Contains(body, `for="`+id+`"`) {
				t.Errorf("GET %s: input %s has no label", path, id)
			}
		}
	}
	// Navigation is ready for what comes later.
	_, body := b.get("/")
	mustContain(t, body, "Ring groups <small>soon</small>", "IVR <small>soon</small>", "Voicemail <small>soon</small>",
		`<a href="/trunks">Trunks</a>`, `<a href="/routes/inbound">Inbound routes</a>`, `<a href="/routes/outbound">Outbound routes</a>`, `aria-current="page"`)

	// Settings: a bad value is shown next to its field, nothing saved.
	resp, body := b.post("/settings", url.Values{"csrf": {tok}, "org_name": {"Acme"}, "phone_host": {"pbx.example.com:99"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-phone_host"`) {
		t.Fatalf("bad settings: %d", resp.StatusCode)
	}
	if resp, _ := b.post("/settings", url.Values{"csrf": {tok}, "org_name": {"Acme Dental"}, "phone_host": {"pbx.example.com"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", resp.StatusCode)
	}
	_, body = b.get("/extensions/101")
	mustContain(t, body, "Acme Dental", "sip:101@pbx.example.com")

	// Password change: mismatch is a field error.
	resp, body = b.post("/settings/password", url.Values{"csrf": {tok}, "current_password": {bossPassword}, "new_password": {"a-long-password"}, "confirm_password": {"another-one"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-confirm_password"`) {
		t.Fatalf("mismatch: %d", resp.StatusCode)
	}

	// Tokens: made in the UI, shown once, usable, revocable.
	resp, body = b.post("/tokens", url.Values{"csrf": {tok}, "name": {"billing"}, "user": {"vic"}})
	sm := regexp.MustCompile(`<code id="token-secret">([^<]+)</code>`).FindStringSubmatch(body)
	if resp.StatusCode != 200 || sm == nil {
		t.Fatalf("token: %d", resp.StatusCode)
	}
	if code, m := e.api("GET", "/api/v1/me", sm[1], nil); code != 200 || m["user"] != "vic" {
		t.Fatalf("UI token: %d %v", code, m)
	}
	resp, body = b.post("/tokens", url.Values{"csrf": {tok}, "name": {""}, "user": {"vic"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-name"`) {
		t.Fatalf("empty token name: %d", resp.StatusCode)
	}
	t2, _ := e.st.GetAPITokenByHash(ctx, HashAPIToken(sm[1]))
	if resp, _ := b.post("/tokens/"+t2.ID+"/revoke", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if code, _ := e.api("GET", "/api/v1/me", sm[1], nil); code != 401 {
		t.Fatalf("revoked UI token: %d", code)
	}

	// Bans: lift one, then all.
	if resp, _ := b.post("/bans/192.0.2.7/lift", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("lift: %d", resp.StatusCode)
	}
	if len(e.bans.Bans()) != 0 {
		t.Fatal("ban not lifted at the edge")
	}
	// An IPv6 ban, lifted through the link the page shows.
	e.bans.add("2001:db8::7", "auth failures")
	_, body = b.get("/bans")
	action := regexp.MustCompile(`action="(/bans/[^"]+/lift)"`).FindStringSubmatch(body)
	if action == nil {
		t.Fatalf("no lift form for the IPv6 ban:\n%s", body)
	}
	if resp, _ := b.post(html.UnescapeString(action[1]), url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther || len(e.bans.Bans()) != 0 {
		t.Fatalf("lift IPv6 via %s: %d", action[1], resp.StatusCode)
	}
	e.bans.add("192.0.2.9", "scanner")
	if resp, _ := b.post("/bans/clear", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther || len(e.bans.Bans()) != 0 {
		t.Fatalf("clear: %d", resp.StatusCode)
	}
	// An unlock from the settings page.
	for range 10 {
		if _, err := e.st.RecordLoginFailure(ctx, "vic", 10, time.Hour, e.clock.now()); err != nil {
			t.Fatal(err)
		}
	}
	_, body = b.get("/settings")
	mustContain(t, body, "/users/vic/unlock")
	if resp, _ := b.post("/users/vic/unlock", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("unlock: %d", resp.StatusCode)
	}
}

func TestCDRCSVExport(t *testing.T) {
	e := newEnv(t)
	now := e.clock.now()
	seedCDRs(t, e.st, 12, now)
	c := store.CDR{ID: "evil", Node: "n1", StartedAt: now.Add(-time.Hour), EndedAt: now, CallerNumber: "=1+1", CallerName: "=HYPERLINK(\"http://x\")",
		CalleeNumber: "+15551234567", Disposition: store.DispositionFailed, HangupReason: "@SUM(A1)"}
	if err := e.st.InsertCDR(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.login("vic", vicPassword)
	resp, body := b.get("/cdrs.csv?disposition=ANSWERED")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="dialtone-cdrs-`) {
		t.Fatalf("csv: %d %v", resp.StatusCode, resp.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(cdrHeader, ",") || rows[1][10] != "ANSWERED" || rows[1][23] != "4.20" {
		t.Fatalf("rows: %v", rows)
	}
	// Paging parameters do not cut an export short.
	_, body = b.get("/cdrs.csv?limit=2&offset=5")
	if rows, _ := csv.NewReader(strings.NewReader(body)).ReadAll(); len(rows) != 14 {
		t.Fatalf("export with paging parameters: %d rows", len(rows))
	}
	// Formula injection is defused, telephone numbers are kept.
	_, body = b.get("/cdrs.csv?disposition=FAILED")
	rows, _ = csv.NewReader(strings.NewReader(body)).ReadAll()
	r := rows[1]
	if r[6] != "'=1+1" || r[7] != `'=HYPERLINK("http://x")` || r[8] != "+15551234567" || r[11] != "'@SUM(A1)" {
		t.Fatalf("injection: %v", r)
	}
	// Invalid filters are refused before anything streams.
	if code, m := e.api("GET", "/api/v1/cdrs.csv?since=nope", e.viewer, nil); code != 422 || m["fields"] == nil {
		t.Fatalf("bad filter: %d %v", code, m)
	}
	code, raw := e.apiRaw("GET", "/api/v1/cdrs.csv", e.viewer, nil)
	if code != 200 || strings.Count(string(raw), "\n") != 14 {
		t.Fatalf("API export: %d %q", code, raw)
	}
}

// The dashboard's stream starts with a snapshot and then pushes what
// changed: a phone that registers appears without a reload.
func TestEventsPushRegistrations(t *testing.T) {
	e := newEnv(t, WithEventInterval(20*time.Millisecond))
	b := e.browser()
	b.login("boss", bossPassword)
	e.phones.set(Phone{Extension: "101", URI: "sip:101@192.0.2.50:5060", Transport: "udp", ExpiresAt: time.Now().Add(time.Hour)})

	req, _ := http.NewRequest(http.MethodGet, b.base+"/events", nil)
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %v", resp.StatusCode, resp.Header)
	}
	events := make(chan [2]string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				events <- [2]string{name, strings.TrimPrefix(line, "data: ")}
			}
		}
		close(events)
	}()
	next := func(want string) map[string]any {
		t.Helper()
		timeout := time.After(5 * time.Second)
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("stream ended waiting for %s", want)
				}
				if ev[0] != want {
					continue // health events come and go
				}
				var m map[string]any
				if err := json.Unmarshal([]byte(ev[1]), &m); err != nil {
					t.Fatal(err)
				}
				return m
			case <-timeout:
				t.Fatalf("no %s event", want)
			}
		}
	}
	snap := next("snapshot")
	if ph := snap["phones"].([]any); len(ph) != 1 || ph[0].(map[string]any)["extension"] != "101" || snap["health"] == nil {
		t.Fatalf("snapshot %v", snap)
	}
	e.phones.set(
		Phone{Extension: "101", URI: "sip:101@192.0.2.50:5060", Transport: "udp", ExpiresAt: time.Now().Add(time.Hour)},
		Phone{Extension: "102", URI: "sip:102@192.0.2.51:5060", Transport: "tcp", UserAgent: "baresip", ExpiresAt: time.Now().Add(time.Hour)},
	)
	d := next("phones")
	if add := d["added"].([]any); len(add) != 1 || add[0].(map[string]any)["extension"] != "102" || add[0].(map[string]any)["key"] != "102 sip:102@192.0.2.51:5060" {
		t.Fatalf("added %v", d)
	}
	e.phones.set(Phone{Extension: "102", URI: "sip:102@192.0.2.51:5060", Transport: "tcp", UserAgent: "baresip", ExpiresAt: time.Now().Add(time.Hour)})
	d = next("phones")
	if rm := d["removed"].([]any); len(rm) != 1 || rm[0] != "101 sip:101@192.0.2.50:5060" {
		t.Fatalf("removed %v", d)
	}
	// Anonymous streams are refused.
	if resp, _ := e.browser().get("/events"); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous events: %d", resp.StatusCode)
	}
}

// A stream ends at shutdown, so that it does not hold a graceful stop for
// its whole grace period.
func TestEventsEndOnShutdown(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("boss", bossPassword)
	req, _ := http.NewRequest(http.MethodGet, b.base+"/events", nil)
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	done := make(chan struct{})
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := resp.Body.Read(buf); err != nil {
				close(done)
				return
			}
		}
	}()
	e.srv.stop()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("stream still open after shutdown")
	}
}

// The QR code drawn for a softphone decodes back to the account address.
func TestQRCodeDecodes(t *testing.T) {
	const uri = "sip:101@pbx.example.com:5070"
	svg, err := qrSVG(uri, "QR")
	if err != nil {
		t.Fatal(err)
	}
	vb := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(string(svg))
	size, _ := strconv.Atoi(vb[1])
	const scale = 6
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for _, m := range regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(string(svg), -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		for dy := range scale {
			for dx := range scale {
				img.Set(x*scale+dx, y*scale+dy, color.Gray{})
			}
		}
	}
	got, err := qr.Decode(img)
	if err != nil || got != uri {
		t.Fatalf("decoded %q, %v; want %q", got, err, uri)
	}
}
