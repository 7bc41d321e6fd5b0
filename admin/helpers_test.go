package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlstore"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// clock is a settable time for expiry and lockout tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakePhones is a registrar stand-in.
type fakePhones struct {
	mu     sync.Mutex
	phones []Phone
}

func (f *fakePhones) list() []Phone {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Phone(nil), f.phones...)
}

func (f *fakePhones) set(p ...Phone) {
	f.mu.Lock()
	f.phones = p
	f.mu.Unlock()
}

// fakeBans is the edge's ban list stand-in.
type fakeBans struct {
	mu   sync.Mutex
	bans map[netip.Addr]Ban
}

func (f *fakeBans) Bans() []Ban {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Ban
	for _, b := range f.bans {
		out = append(out, b)
	}
	return out
}

func (f *fakeBans) Unban(a netip.Addr) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.bans[a]
	delete(f.bans, a)
	return ok
}

func (f *fakeBans) add(a string, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ad := netip.MustParseAddr(a)
	f.bans[ad] = Ban{Addr: ad, Reason: reason, Since: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
}

// Passwords of the test users.
const (
	bossPassword = "boss-password-1"
	vicPassword  = "viewer-password-1"
)

// env is a server on a fresh SQLite store with an admin "boss" and a
// viewer "vic", each with an API token, and one revoked token.
type env struct {
	t       *testing.T
	srv     *Server
	h       http.Handler
	st      *sqlstore.Store
	clock   *clock
	phones  *fakePhones
	bans    *fakeBans
	admin   string // token secrets
	viewer  string
	revoked string
}

func newEnv(t *testing.T, opts ...Option) *env {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, clock: &clock{t: time.Now().Truncate(time.Second)}, phones: &fakePhones{},
		bans: &fakeBans{bans: map[netip.Addr]Ban{}}}
	for _, u := range []struct{ name, pw, role string }{{"boss", bossPassword, store.RoleAdmin}, {"vic", vicPassword, store.RoleViewer}} {
		h, err := bcrypt.GenerateFromPassword([]byte(u.pw), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateAdminUser(ctx, store.AdminUser{Username: u.name, PasswordHash: string(h), Role: u.role}); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(name, user string) string {
		secret, tok := NewAPIToken(name, user, e.clock.now())
		if err := st.CreateAPIToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		return secret
	}
	e.admin, e.viewer, e.revoked = mk("admin-token", "boss"), mk("viewer-token", "vic"), mk("old", "boss")
	old, err := st.GetAPITokenByHash(ctx, HashAPIToken(e.revoked))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RevokeAPIToken(ctx, old.ID, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	all := append([]Option{
		WithStore(st), WithClock(e.clock.now), WithPhones(e.phones.list), WithBans(e.bans),
		WithSIP(SIPInfo{Realm: "dialtone", Host: "192.0.2.10", UDPPort: 5060, TLSPort: 5061, WSPath: "/ws"}),
		WithVersion("test"),
		WithCheck("database", st.Ping),
	}, opts...)
	e.srv = New(quiet(), all...)
	e.h = e.srv.Handler()
	return e
}

// api calls the REST API with a token ("" for none) and decodes the JSON answer.
func (e *env) api(method, path, token string, body any) (int, map[string]any) {
	e.t.Helper()
	code, raw := e.apiRaw(method, path, token, body)
	var m map[string]any
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &m); err != nil {
			e.t.Fatalf("%s %s: bad JSON %q: %v", method, path, raw, err)
		}
	}
	return code, m
}

func (e *env) apiRaw(method, path, token string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// lastAudit is the newest audit entry.
func (e *env) lastAudit() store.AuditEntry {
	e.t.Helper()
	l, err := e.st.QueryAudit(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(l) == 0 {
		return store.AuditEntry{}
	}
	return l[0]
}

func (e *env) auditCount() int {
	e.t.Helper()
	l, err := e.st.QueryAudit(context.Background(), store.AuditFilter{Limit: 100000})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(l)
}

// browser is a cookie-keeping client of a real listening server that does
// not follow redirects, so tests see them.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (e *env) browser() *browser {
	e.t.Helper()
	ts := httptest.NewServer(e.h)
	e.t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	return &browser{t: e.t, base: ts.URL, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	req.Header.Set("Accept", "text/html")
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var (
	loginCSRFRe = regexp.MustCompile(`name="login_csrf" value="([^"]+)"`)
	csrfRe      = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// login logs in through the form and returns the page's CSRF token.
func (b *browser) login(user, password string) string {
	b.t.Helper()
	resp, body := b.tryLogin(user, password)
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("login as %s: %d\n%s", user, resp.StatusCode, body)
	}
	return b.csrf("/")
}

func (b *browser) tryLogin(user, password string) (*http.Response, string) {
	b.t.Helper()
	_, page := b.get("/login")
	m := loginCSRFRe.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no login_csrf in login page:\n%s", page)
	}
	return b.post("/login", url.Values{"username": {user}, "password": {password}, "login_csrf": {m[1]}})
}

// csrf reads the CSRF token from a page.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	resp, page := b.get(path)
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no csrf token in %s (%d):\n%s", path, resp.StatusCode, page)
	}
	return m[1]
}

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Fatalf("page does not contain %q:\n%s", w, body)
		}
	}
}

// regexpAll returns the first group of every match of re in s.
func regexpAll(re, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}
