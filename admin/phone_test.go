package admin

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// phoneEnv is a server with the softphone mounted as cmd mounts it, and
// extension 201 (password pw-201-secret) and a disabled 202.
func phoneEnv(t *testing.T) *env {
	t.Helper()
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "phone page "+r.URL.Path)
	})
	e := newEnv(t, WithHandler("/phone", page), WithHandler("/phone/*", page), WithSoftphone("/phone"))
	ctx := context.Background()
	for _, x := range []struct {
		n  string
		on bool
	}{{"201", true}, {"202", false}} {
		ext := store.Extension{Number: x.n, Name: "Ext " + x.n, Enabled: x.on, RingTimeout: 20 * time.Second}
		ext.SetPassword("dialtone", "pw-"+x.n+"-secret")
		if err := e.st.CreateExtension(ctx, ext); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

var linkRe = regexp.MustCompile(`^/phone/#token=([A-Za-z0-9_-]{43})$`)

// openLink presses "Open softphone" and returns the token it redirects to.
func openLink(t *testing.T, b *browser, csrf, number string) string {
	t.Helper()
	resp, body := b.post("/extensions/"+number+"/phone-link", url.Values{"csrf": {csrf}, "open": {"1"}})
	m := linkRe.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("open softphone of %s: %d, Location %q\n%s", number, resp.StatusCode, resp.Header.Get("Location"), body)
	}
	return m[1]
}

// exchange posts a token to /phone/token as the page does.
func exchange(t *testing.T, h http.Handler, body, ctype, origin, remote string) (int, map[string]string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://pbx.test/phone/token", strings.NewReader(body))
	req.Host = "pbx.test"
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if remote != "" {
		req.RemoteAddr = remote
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var m map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("answer %d is not JSON: %q", rec.Code, rec.Body.String())
	}
	return rec.Code, m
}

func linkBody(tok string) string { return `{"token":"` + tok + `"}` }

func TestPhoneLinkSignsInOnce(t *testing.T) {
	e := phoneEnv(t)
	b := e.browser()
	csrf := b.login("boss", bossPassword)

	_, page := b.get("/extensions/201")
	mustContain(t, page, `id="open-softphone"`, `action="/extensions/201/phone-link"`, `target="_blank"`)
	_, page = b.get("/extensions/202")
	if strings.Contains(page, `id="open-softphone"`) {
		t.Error("the disabled extension 202 offers a softphone link")
	}

	tok := openLink(t, b, csrf, "201")
	if a := e.lastAudit(); a.Action != "ext.phone_link" || a.Actor != "boss" || a.Object != "201" {
		t.Errorf("audit after minting: %+v", a)
	}
	code, got := exchange(t, e.h, linkBody(tok), "application/json", "http://pbx.test", "")
	want := digest.HA1(digest.MD5, "201", "dialtone", "pw-201-secret")
	if code != http.StatusOK || got["extension"] != "201" || got["realm"] != "dialtone" || got["ha1"] != want || got["name"] != "Ext 201" {
		t.Fatalf("exchange: %d %v, want 201 with HA1 %s", code, got, want)
	}
	if a := e.lastAudit(); a.Action != "ext.phone_login" || a.Object != "201" || a.Source == "" {
		t.Errorf("audit after sign-in: %+v", a)
	}
	code, got = exchange(t, e.h, linkBody(tok), "application/json; charset=utf-8", "", "")
	if code != http.StatusUnauthorized || !strings.HasPrefix(got["error"], "This sign-in link has already been used") {
		t.Fatalf("second use: %d %v", code, got)
	}

	// The softphone page and its files are still the mount's, for GET.
	for _, p := range []string{"/phone/", "/phone/static/phone.js"} {
		if resp, body := b.get(p); resp.StatusCode != http.StatusOK || body != "phone page "+p {
			t.Errorf("GET %s: %d %q", p, resp.StatusCode, body)
		}
	}
}

func TestPhoneLinkShownToCopy(t *testing.T) {
	e := phoneEnv(t)
	b := e.browser()
	csrf := b.login("boss", bossPassword)
	resp, page := b.post("/extensions/201/phone-link", url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create link: %d\n%s", resp.StatusCode, page)
	}
	m := regexp.MustCompile(`<code id="phone-link-url">(http://127\.0\.0\.1:\d+/phone/#token=([A-Za-z0-9_-]{43}))</code>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no link on the page:\n%s", page)
	}
	mustContain(t, page, `id="phone-link-open"`, "works once", "5 minutes")
	if code, got := exchange(t, e.h, linkBody(m[2]), "application/json", "", ""); code != http.StatusOK || got["extension"] != "201" {
		t.Fatalf("exchange of the shown link: %d %v", code, got)
	}
}

func TestPhoneLinkMintRefused(t *testing.T) {
	e := phoneEnv(t)
	boss := e.browser()
	csrf := boss.login("boss", bossPassword)
	vic := e.browser()
	vcsrf := vic.login("vic", vicPassword)
	_, page := vic.get("/extensions/201")
	if strings.Contains(page, `id="open-softphone"`) {
		t.Error("a viewer is offered the softphone link")
	}
	tests := []struct {
		name string
		b    *browser
		path string
		form url.Values
		code int
		msg  string
	}{
		{"viewer", vic, "/extensions/201/phone-link", url.Values{"csrf": {vcsrf}, "open": {"1"}}, http.StatusForbidden, "read-only"},
		{"no CSRF token", boss, "/extensions/201/phone-link", url.Values{"open": {"1"}}, http.StatusForbidden, "CSRF"},
		{"disabled extension", boss, "/extensions/202/phone-link", url.Values{"csrf": {csrf}, "open": {"1"}}, http.StatusConflict, "is disabled"},
		{"unknown extension", boss, "/extensions/299/phone-link", url.Values{"csrf": {csrf}, "open": {"1"}}, http.StatusNotFound, ""},
		{"bad number", boss, "/extensions/2x/phone-link", url.Values{"csrf": {csrf}, "open": {"1"}}, http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tt.b.post(tt.path, tt.form)
			if resp.StatusCode != tt.code || !strings.Contains(body, tt.msg) || resp.Header.Get("Location") != "" {
				t.Fatalf("%d, Location %q, want %d with %q:\n%s", resp.StatusCode, resp.Header.Get("Location"), tt.code, tt.msg, body)
			}
		})
	}
	// Without a session: to the login page, nothing minted.
	anon := e.browser()
	resp, _ := anon.post("/extensions/201/phone-link", url.Values{"open": {"1"}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without a session: %d", resp.StatusCode)
	}
}

func TestPhoneLinkExchangeRefused(t *testing.T) {
	e := phoneEnv(t)
	b := e.browser()
	csrf := b.login("boss", bossPassword)
	expired := openLink(t, b, csrf, "201")
	e.clock.add(SoftphoneLinkTTL)
	fresh := openLink(t, b, csrf, "201")
	disabled := openLink(t, b, csrf, "201")
	ext, _ := e.st.GetExtension(context.Background(), "201")
	other := openLink(t, b, csrf, "201")

	tests := []struct {
		name, body, ctype, origin string
		before                    func()
		code                      int
		msg                       string
	}{
		{"expired", linkBody(expired), "application/json", "", nil, http.StatusUnauthorized, "This sign-in link has expired"},
		{"unknown", linkBody(strings.Repeat("A", 43)), "application/json", "", nil, http.StatusUnauthorized, "This sign-in link is not valid"},
		{"empty token", `{"token":""}`, "application/json", "", nil, http.StatusBadRequest, "incomplete"},
		{"not JSON", "token=" + fresh, "application/x-www-form-urlencoded", "", nil, http.StatusUnsupportedMediaType, "JSON"},
		{"bad JSON", `{"token":`, "application/json", "", nil, http.StatusBadRequest, "incomplete"},
		{"too big", `{"token":"` + strings.Repeat("x", 5000) + `"}`, "application/json", "", nil, http.StatusBadRequest, "incomplete"},
		{"other site", linkBody(fresh), "application/json", "https://evil.example", nil, http.StatusForbidden, "another site"},
		{"disabled since", linkBody(disabled), "application/json", "", func() {
			x := ext
			x.Enabled = false
			if err := e.st.UpdateExtension(context.Background(), x); err != nil {
				t.Fatal(err)
			}
		}, http.StatusForbidden, "Extension 201 is disabled"},
		{"other realm", linkBody(other), "application/json", "", func() {
			x := ext
			x.SetPassword("elsewhere", "pw-201-secret")
			if err := e.st.UpdateExtension(context.Background(), x); err != nil {
				t.Fatal(err)
			}
		}, http.StatusConflict, "another realm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.before != nil {
				tt.before()
			}
			code, got := exchange(t, e.h, tt.body, tt.ctype, tt.origin, "")
			if code != tt.code || !strings.Contains(got["error"], tt.msg) || got["ha1"] != "" {
				t.Fatalf("%d %v, want %d with %q", code, got, tt.code, tt.msg)
			}
		})
	}
	// The refused attempts used nothing: the fresh link (refused for its
	// form and origin) still works, once the extension is usable again.
	if err := e.st.UpdateExtension(context.Background(), ext); err != nil {
		t.Fatal(err)
	}
	if code, got := exchange(t, e.h, linkBody(fresh), "application/json", "", "192.0.2.9:1"); code != http.StatusOK || got["extension"] != "201" {
		t.Fatalf("fresh link after refused attempts: %d %v", code, got)
	}
}

func TestPhoneLinkExchangeRateLimited(t *testing.T) {
	e := phoneEnv(t)
	bad := linkBody(strings.Repeat("B", 43))
	for i := range softphoneLoginBurst {
		if code, _ := exchange(t, e.h, bad, "application/json", "", "192.0.2.7:4000"); code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, code)
		}
	}
	code, got := exchange(t, e.h, bad, "application/json", "", "192.0.2.7:4000")
	if code != http.StatusTooManyRequests || !strings.Contains(got["error"], "Too many") {
		t.Fatalf("attempt %d: %d %v", softphoneLoginBurst+1, code, got)
	}
	// Another address is not slowed; the first is again after the interval.
	if code, _ := exchange(t, e.h, bad, "application/json", "", "192.0.2.8:4000"); code != http.StatusUnauthorized {
		t.Fatalf("other address: %d", code)
	}
	e.clock.add(softphoneLoginEvery)
	if code, _ := exchange(t, e.h, bad, "application/json", "", "192.0.2.7:4000"); code != http.StatusUnauthorized {
		t.Fatalf("after %v: %d", softphoneLoginEvery, code)
	}
}

func TestPhoneLinksBounded(t *testing.T) {
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := newPhoneLinks(time.Minute, c.now)
	first, _, err := l.mint("201")
	if err != nil {
		t.Fatal(err)
	}
	for range phoneLinkMax - 1 {
		if _, _, err := l.mint("201"); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := l.mint("201"); err != errLinksFull {
		t.Fatalf("mint beyond %d: %v, want errLinksFull", phoneLinkMax, err)
	}
	// Expired links still answer "expired" for one more ttl, then are gone.
	c.add(time.Minute)
	if _, err := l.redeem(first); err != errLinkExpired {
		t.Fatalf("redeem after ttl: %v", err)
	}
	if _, _, err := l.mint("201"); err != errLinksFull {
		t.Fatalf("mint while expired links are kept: %v", err)
	}
	c.add(time.Minute)
	if _, _, err := l.mint("202"); err != nil {
		t.Fatalf("mint after the expired links went: %v", err)
	}
	if n := l.pending(); n != 1 {
		t.Fatalf("%d links kept, want 1", n)
	}
	if _, err := l.redeem(first); err != errLinkUnknown {
		t.Fatalf("redeem long after expiry: %v", err)
	}
}
