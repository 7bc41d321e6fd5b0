package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// webClient is a browser-like HTTP client: it keeps cookies and does not
// follow redirects.
type webClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newWebClient(t *testing.T, n *node) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{t: t, base: "http://" + n.http, c: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (w *webClient) do(method, path string, form url.Values, header http.Header) (int, string) {
	w.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, w.base+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := w.c.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var (
	e2eLoginCSRF = regexp.MustCompile(`name="login_csrf" value="([^"]+)"`)
	e2eCSRF      = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// login posts the login form and returns the status.
func (w *webClient) login(user, password string) int {
	w.t.Helper()
	_, page := w.do("GET", "/login", nil, nil)
	m := e2eLoginCSRF.FindStringSubmatch(page)
	if m == nil {
		w.t.Fatalf("no login form:\n%s", page)
	}
	code, _ := w.do("POST", "/login", url.Values{"username": {user}, "password": {password}, "login_csrf": {m[1]}}, nil)
	return code
}

// apiCall calls the REST API with a bearer token.
func apiCall(t *testing.T, n *node, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, "http://"+n.http+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

// The first start prints the admin URL and a one-time password that logs in.
func TestAdminFirstLoginWithPrintedPassword(t *testing.T) {
	n := newNode(t)
	s := n.serve()
	out := s.output()
	m := regexp.MustCompile(`one-time password:\s+(\S+)`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "Admin UI: http://"+n.http+"/") {
		t.Fatalf("serve did not print the URL and password:\n%s", out)
	}
	w := newWebClient(t, n)
	if code := w.login("admin", m[1]); code != http.StatusSeeOther {
		t.Fatalf("login with the printed password: %d", code)
	}
	if code, page := w.do("GET", "/", nil, nil); code != 200 || !strings.Contains(page, "Dashboard") {
		t.Fatalf("dashboard: %d", code)
	}
}

// API tokens from the CLI work against the running server, act with their
// user's role, and stop working the moment `dialtone token rm` revokes them.
func TestAdminAPITokensFromCLI(t *testing.T) {
	n := newNode(t)
	n.mustCLI("admin", "add", "boss", "--password", "boss-password-1")
	n.mustCLI("admin", "add", "clerk", "--password", "clerk-password-1", "--role", "viewer")
	if _, errOut, code := n.cli("token", "add", "x", "--user", "nobody"); code != 2 || !strings.Contains(errOut, "no admin user") {
		t.Fatalf("token for a missing user: exit %d %s", code, errOut)
	}
	if _, errOut, code := n.cli("token", "add", "x"); code != 2 || !strings.Contains(errOut, "--user") {
		t.Fatalf("token without --user: exit %d %s", code, errOut)
	}
	token := strings.TrimSpace(n.mustCLI("token", "add", "provisioning", "--user", "boss"))
	viewer := strings.TrimSpace(n.mustCLI("token", "add", "wallboard", "--user", "clerk"))
	if !strings.HasPrefix(token, "dtk_") || len(token) < 40 {
		t.Fatalf("token %q", token)
	}
	n.serve()

	if code, _ := apiCall(t, n, "GET", "/api/v1/extensions", "", nil); code != 401 {
		t.Fatalf("no token: %d", code)
	}
	code, m := apiCall(t, n, "POST", "/api/v1/extensions", token, map[string]any{"number": "301", "name": "Front desk"})
	if code != 201 || m["password"] == nil {
		t.Fatalf("create: %d %v", code, m)
	}
	code, m = apiCall(t, n, "POST", "/api/v1/extensions", token, map[string]any{"number": "3x", "caller_id": "nope"})
	if f, _ := m["fields"].(map[string]any); code != 422 || f["number"] == nil || f["caller_id"] == nil {
		t.Fatalf("invalid create: %d %v", code, m)
	}
	if code, _ := apiCall(t, n, "POST", "/api/v1/extensions", viewer, map[string]any{"number": "302"}); code != 403 {
		t.Fatalf("viewer create: %d", code)
	}
	if code, m := apiCall(t, n, "GET", "/api/v1/extensions/301", viewer, nil); code != 200 || m["name"] != "Front desk" {
		t.Fatalf("viewer read: %d %v", code, m)
	}
	// The CLI sees what the API made, and the audit log says who and from where.
	if out := n.mustCLI("ext", "list"); !strings.Contains(out, "301") {
		t.Fatalf("ext list: %s", out)
	}
	code, m = apiCall(t, n, "GET", "/api/v1/audit?limit=5", token, nil)
	entries, _ := m["entries"].([]any)
	if code != 200 || len(entries) == 0 {
		t.Fatalf("audit: %d %v", code, m)
	}
	last := entries[0].(map[string]any)
	if last["action"] != "ext.add" || last["actor"] != "boss" || last["source"] != "127.0.0.1" || !strings.Contains(last["detail"].(string), "provisioning") {
		t.Fatalf("audit entry %v", last)
	}
	// The OpenAPI document is served.
	if code, m := apiCall(t, n, "GET", "/api/v1/openapi.json", "", nil); code != 200 || m["openapi"] == nil {
		t.Fatalf("openapi: %d", code)
	}

	// Revoke with the CLI: refused at once by the running server.
	var list []map[string]any
	if err := json.Unmarshal([]byte(n.mustCLI("token", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, x := range list {
		if x["name"] == "provisioning" {
			id = x["id"].(string)
			if x["last_used"] == "" {
				t.Errorf("token use not recorded: %v", x)
			}
		}
	}
	if out := n.mustCLI("token", "rm", id); !strings.Contains(out, "revoked") {
		t.Fatalf("token rm: %s", out)
	}
	if code, m := apiCall(t, n, "GET", "/api/v1/extensions", token, nil); code != 401 || m["error"] != "API token revoked" {
		t.Fatalf("revoked token: %d %v", code, m)
	}
	if _, _, code := n.cli("token", "rm", id); code != 2 {
		t.Fatalf("token rm twice: exit %d", code)
	}
}

// Against the real server: a form POST without the CSRF token is refused,
// ten wrong passwords lock the account for admin_lockout, and a session
// lives in the database, so it survives a restart.
func TestAdminCSRFLockoutAndSessions(t *testing.T) {
	n := newNode(t, "DIALTONE_ADMIN_LOCKOUT=3s")
	n.mustCLI("admin", "add", "boss", "--password", "boss-password-1")
	s := n.serve()
	w := newWebClient(t, n)
	if code := w.login("boss", "boss-password-1"); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	form := url.Values{"number": {"401"}, "ring_timeout_s": {"30"}, "enabled": {"on"}}
	if code, _ := w.do("POST", "/extensions", form, nil); code != http.StatusForbidden {
		t.Fatalf("POST without CSRF token: %d, want 403", code)
	}
	if out := n.mustCLI("ext", "list"); strings.Contains(out, "401") {
		t.Fatal("the refused POST created the extension")
	}
	_, page := w.do("GET", "/extensions/new", nil, nil)
	tok := e2eCSRF.FindStringSubmatch(page)[1]
	form.Set("csrf", tok)
	if code, page := w.do("POST", "/extensions", form, nil); code != 200 || !strings.Contains(page, "sip-password") {
		t.Fatalf("POST with the token: %d", code)
	}

	// The session is in the store: a restarted server still knows it.
	if code := s.stop(t); code != 0 {
		t.Fatalf("stop: exit %d", code)
	}
	n.serve()
	if code, page := w.do("GET", "/extensions", nil, nil); code != 200 || !strings.Contains(page, `data-number="401"`) {
		t.Fatalf("session after restart: %d", code)
	}

	// Lockout.
	other := newWebClient(t, n)
	for i := 1; i <= 9; i++ {
		if code := other.login("boss", "wrong-password"); code != http.StatusUnauthorized {
			t.Fatalf("wrong login %d: %d", i, code)
		}
	}
	if code := other.login("boss", "wrong-password"); code != http.StatusLocked {
		t.Fatalf("tenth wrong login: %d, want 423", code)
	}
	if code := other.login("boss", "boss-password-1"); code != http.StatusLocked {
		t.Fatalf("right password while locked: %d, want 423", code)
	}
	time.Sleep(3200 * time.Millisecond)
	if code := other.login("boss", "boss-password-1"); code != http.StatusSeeOther {
		t.Fatalf("login after the lock: %d", code)
	}
	// Logout ends the session on the server.
	_, page = w.do("GET", "/", nil, nil)
	tok = e2eCSRF.FindStringSubmatch(page)[1]
	if code, _ := w.do("POST", "/logout", url.Values{"csrf": {tok}}, nil); code != http.StatusSeeOther {
		t.Fatalf("logout: %d", code)
	}
	if code, _ := w.do("GET", "/", nil, nil); code != http.StatusSeeOther {
		t.Fatalf("after logout: %d", code)
	}
}
