package admin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func sessionCookieOf(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	t.Fatalf("no session cookie in %v", resp.Header)
	return nil
}

func TestLoginSetsAStrictCookieAndStoresOnlyItsHash(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	if resp, _ := b.get("/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2F" {
		t.Fatalf("anonymous dashboard: %d %v", resp.StatusCode, resp.Header)
	}
	resp, body := b.tryLogin("boss", bossPassword)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("login: %d %s", resp.StatusCode, body)
	}
	ck := sessionCookieOf(t, resp)
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Secure || ck.Path != "/" || ck.MaxAge != int((24*time.Hour).Seconds()) {
		t.Fatalf("cookie %+v", ck)
	}
	if len(ck.Value) != 43 {
		t.Fatalf("session id %q is not 256 bits in base64url", ck.Value)
	}
	if _, err := e.st.GetSession(context.Background(), ck.Value); err == nil {
		t.Fatal("the raw session id is a key in the store")
	}
	se, err := e.st.GetSession(context.Background(), hashSecret(ck.Value))
	if err != nil || se.Username != "boss" || se.Source != "127.0.0.1" || !se.ExpiresAt.Equal(e.clock.now().Add(24*time.Hour)) {
		t.Fatalf("stored session %+v %v", se, err)
	}
	if a := e.lastAudit(); a.Action != "auth.login" || a.Actor != "boss" || a.Source != "127.0.0.1" {
		t.Fatalf("audit %+v", a)
	}
	if resp, page := b.get("/"); resp.StatusCode != 200 || !strings.Contains(page, "Dashboard") {
		t.Fatalf("dashboard after login: %d", resp.StatusCode)
	}
	// The next= parameter brings the user back, but never off the site.
	b2 := e.browser()
	_, page := b2.get("/login?next=/cdrs%3Fnumber%3D101")
	m := loginCSRFRe.FindStringSubmatch(page)
	resp, _ = b2.post("/login", url.Values{"username": {"vic"}, "password": {vicPassword}, "login_csrf": {m[1]}, "next": {"/cdrs?number=101"}})
	if resp.Header.Get("Location") != "/cdrs?number=101" {
		t.Fatalf("next: %v", resp.Header)
	}
	for _, bad := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		if got := safeNext(bad); got != "/" {
			t.Errorf("safeNext(%q) = %q", bad, got)
		}
	}
}

func TestCookieSecureOverTLS(t *testing.T) {
	e := newEnv(t)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://pbx.example/login", nil))
	cks := rec.Result().Cookies()
	if len(cks) != 1 || !cks[0].Secure || !cks[0].HttpOnly || cks[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookies over TLS: %+v", cks)
	}
}

func TestWrongPasswordAndUnknownUser(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	for _, u := range []string{"boss", "nobody"} {
		resp, body := b.tryLogin(u, "wrong-password")
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Wrong user name or password.") {
			t.Fatalf("%s: %d %s", u, resp.StatusCode, body)
		}
		for _, c := range resp.Cookies() {
			if c.Name == sessionCookie && c.Value != "" {
				t.Fatal("a failed login set a session")
			}
		}
	}
	if u, _ := e.st.GetAdminUser(context.Background(), "boss"); u.FailedLogins != 1 {
		t.Fatalf("failed_logins = %d", u.FailedLogins)
	}
	// A good login clears the count.
	b.login("boss", bossPassword)
	if u, _ := e.st.GetAdminUser(context.Background(), "boss"); u.FailedLogins != 0 {
		t.Fatalf("failed_logins after success = %d", u.FailedLogins)
	}
}

func TestLoginFormNeedsItsAntiForgeryValue(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.get("/login") // sets the cookie
	resp, _ := b.post("/login", url.Values{"username": {"boss"}, "password": {bossPassword}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("login without login_csrf: %d", resp.StatusCode)
	}
	resp, _ = b.post("/login", url.Values{"username": {"boss"}, "password": {bossPassword}, "login_csrf": {strings.Repeat("A", 43)}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("login with a forged login_csrf: %d", resp.StatusCode)
	}
}

// Ten wrong passwords in a row lock the account for the configured time,
// whatever the password then; the lock and the count are in admin_users.
func TestLockoutAfterTenWrongLogins(t *testing.T) {
	e := newEnv(t, WithPolicy(Policy{LockoutFor: 15 * time.Minute}))
	ctx := context.Background()
	b := e.browser()
	for i := 1; i <= 9; i++ {
		if resp, _ := b.tryLogin("boss", "wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong login %d: %d", i, resp.StatusCode)
		}
		if u, _ := e.st.GetAdminUser(ctx, "boss"); u.FailedLogins != i {
			t.Fatalf("after %d: failed_logins = %d", i, u.FailedLogins)
		}
	}
	resp, body := b.tryLogin("boss", "wrong")
	if resp.StatusCode != http.StatusLocked || !strings.Contains(body, "locked") {
		t.Fatalf("tenth wrong login: %d %s", resp.StatusCode, body)
	}
	u, _ := e.st.GetAdminUser(ctx, "boss")
	if !u.LockedUntil.Equal(e.clock.now().Add(15 * time.Minute)) {
		t.Fatalf("locked_until = %v, want now+15m", u.LockedUntil)
	}
	if a := e.lastAudit(); a.Action != "auth.lockout" || a.Object != "boss" || a.Source != "127.0.0.1" {
		t.Fatalf("audit %+v", a)
	}
	// The right password does not open a locked account.
	e.clock.add(14 * time.Minute)
	if resp, _ := b.tryLogin("boss", bossPassword); resp.StatusCode != http.StatusLocked {
		t.Fatalf("right password while locked: %d", resp.StatusCode)
	}
	// The other user is not affected.
	e.browser().login("vic", vicPassword)
	// After the lock, the right password works and clears it.
	e.clock.add(time.Minute)
	b.login("boss", bossPassword)
	if u, _ := e.st.GetAdminUser(ctx, "boss"); u.FailedLogins != 0 || !u.LockedUntil.IsZero() {
		t.Fatalf("after unlock: %+v", u)
	}
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	e := newEnv(t, WithPolicy(Policy{LoginBurst: 3, LoginInterval: time.Minute}))
	b := e.browser()
	for i := range 3 {
		if resp, _ := b.tryLogin("nobody", "x"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, resp.StatusCode)
		}
	}
	resp, body := b.tryLogin("boss", bossPassword)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "60" || !strings.Contains(body, "Too many") {
		t.Fatalf("over the limit: %d %v", resp.StatusCode, resp.Header)
	}
	e.clock.add(time.Minute)
	b.login("boss", bossPassword)
}

// A state-changing request without this session's CSRF token, with a
// wrong one, or from another origin is refused and changes nothing.
func TestCSRFRefused(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	tok := b.login("boss", bossPassword)
	form := url.Values{"number": {"150"}, "name": {"Eve"}, "ring_timeout_s": {"30"}, "enabled": {"on"}}
	before := e.auditCount()
	if resp, body := b.post("/extensions", form); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "CSRF") {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
	form.Set("csrf", csrfToken(newSecret()))
	if resp, _ := b.post("/extensions", form); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("another session's token: %d", resp.StatusCode)
	}
	form.Set("csrf", tok)
	req, _ := http.NewRequest(http.MethodPost, b.base+"/extensions", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if resp, _ := b.do(req); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin: %d", resp.StatusCode)
	}
	for _, path := range []string{"/logout", "/bans/clear", "/settings", "/tokens", "/extensions/150/delete", "/settings/password"} {
		if resp, _ := b.post(path, url.Values{}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without token: %d", path, resp.StatusCode)
		}
	}
	if _, err := e.st.GetExtension(context.Background(), "150"); err == nil || e.auditCount() != before {
		t.Fatal("a refused request changed something")
	}
	// With the token (form field or header) it works.
	if resp, body := b.post("/extensions", form); resp.StatusCode != 200 || !strings.Contains(body, "SIP password of extension 150") {
		t.Fatalf("with token: %d %s", resp.StatusCode, body)
	}
	req, _ = http.NewRequest(http.MethodPost, b.base+"/extensions/150/disable", nil)
	req.Header.Set(csrfHeader, tok)
	req.Header.Set("Origin", b.base)
	if resp, _ := b.do(req); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("header token: %d", resp.StatusCode)
	}
	// A token belongs to its session: after logout it is dead.
	if resp, _ := b.post("/logout", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if a := e.lastAudit(); a.Action != "auth.logout" {
		t.Fatalf("audit %+v", a)
	}
	if resp, _ := b.post("/extensions/150/enable", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("after logout: %d", resp.StatusCode)
	}
}

func TestSessionExpiry(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// Idle: 8 hours without a request ends the session.
	b := e.browser()
	b.login("boss", bossPassword)
	e.clock.add(8*time.Hour - time.Minute)
	if resp, _ := b.get("/"); resp.StatusCode != 200 {
		t.Fatalf("before idle expiry: %d", resp.StatusCode)
	}
	e.clock.add(8 * time.Hour)
	if resp, _ := b.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after idle expiry: %d", resp.StatusCode)
	}
	// Absolute: 24 hours after login, however busy.
	b = e.browser()
	b.login("vic", vicPassword)
	for range 23 {
		e.clock.add(time.Hour)
		if resp, _ := b.get("/"); resp.StatusCode != 200 {
			t.Fatalf("busy session ended early: %d", resp.StatusCode)
		}
	}
	e.clock.add(time.Hour)
	if resp, _ := b.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after absolute expiry: %d", resp.StatusCode)
	}
	// Expired sessions are removed.
	if n, err := e.st.DeleteExpiredSessions(ctx, e.clock.now(), 8*time.Hour); err != nil || n != 0 {
		t.Fatalf("expired sessions left behind: %d %v", n, err)
	}
}

func TestViewerIsReadOnly(t *testing.T) {
	e := newEnv(t)
	ext := store.Extension{Number: "101", Name: "Alice", Enabled: true}
	ext.SetPassword("dialtone", "pw-101-secret")
	if err := e.st.CreateExtension(context.Background(), ext); err != nil {
		t.Fatal(err)
	}
	e.bans.add("192.0.2.7", "auth failures")
	b := e.browser()
	tok := b.login("vic", vicPassword)
	for _, p := range []string{"/", "/registrations", "/extensions", "/extensions/101", "/cdrs", "/bans", "/audit", "/settings", "/tokens"} {
		resp, body := b.get(p)
		if resp.StatusCode != 200 {
			t.Fatalf("viewer GET %s: %d", p, resp.StatusCode)
		}
		if strings.Contains(body, "New extension</a>") || strings.Contains(body, "Lift all bans") || strings.Contains(body, "Create token") ||
			strings.Contains(body, "Delete extension") {
			t.Fatalf("viewer sees a change button on %s", p)
		}
	}
	if resp, _ := b.get("/extensions/new"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer new extension form: %d", resp.StatusCode)
	}
	before := e.auditCount()
	for _, p := range []string{"/extensions", "/extensions/101", "/extensions/101/disable", "/extensions/101/password",
		"/extensions/101/delete", "/bans/clear", "/bans/192.0.2.7/lift", "/settings", "/tokens", "/users/boss/unlock", "/tokens/x/revoke"} {
		if resp, _ := b.post(p, url.Values{"csrf": {tok}, "name": {"Mallory"}, "number": {"666"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d", p, resp.StatusCode)
		}
	}
	if e.auditCount() != before {
		t.Fatal("a viewer changed something")
	}
	// A viewer may change their own password.
	if resp, _ := b.post("/settings/password", url.Values{"csrf": {tok}, "current_password": {vicPassword},
		"new_password": {"viewer-new-pass"}, "confirm_password": {"viewer-new-pass"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("viewer password change: %d", resp.StatusCode)
	}
	if resp, _ := b.get("/settings"); resp.StatusCode != 200 {
		t.Fatalf("the browser that changed the password was logged out: %d", resp.StatusCode)
	}
}
