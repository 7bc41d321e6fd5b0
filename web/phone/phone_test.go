package phone

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func testServer(t *testing.T, cfg func(*http.Request) Config) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	// As the admin server mounts it.
	mux.Handle("/phone/", http.StripPrefix("/phone", Handler(cfg)))
	mux.Handle("/phone", http.StripPrefix("/phone", Handler(cfg)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, c *http.Client, url string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestHandlerServes(t *testing.T) {
	srv := testServer(t, func(r *http.Request) Config {
		return Config{WSURL: "wss://" + r.Host + "/ws", Domain: "pbx.example"}
	})
	tests := []struct {
		path, ctype, cache, contains string
	}{
		{"/phone/", "text/html; charset=utf-8", "no-cache", `<script src="static/phone.js" defer></script>`},
		{"/phone/index.html", "text/html; charset=utf-8", "no-cache", `<label for="login-ext">Extension</label>`},
		{"/phone/static/phone.js", "text/javascript; charset=utf-8", "no-cache", "window.dialtonePhone = {"},
		{"/phone/static/phone.css", "text/css; charset=utf-8", "no-cache", ".keypad {"},
		{"/phone/static/vendor/jssip/jssip.js", "text/javascript; charset=utf-8", "public, max-age=86400", "global.JsSIP = load("},
		{"/phone/static/vendor/jssip/LICENSE", "text/plain; charset=utf-8", "public, max-age=86400", "==== jssip"},
		{"/phone/config.json", "application/json", "no-store", `"domain":"pbx.example"`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, srv.Client(), srv.URL+tt.path, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := resp.Header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
		})
	}
}

func TestConfigJSON(t *testing.T) {
	srv := testServer(t, func(r *http.Request) Config {
		return Config{WSURL: "wss://" + r.Host + "/ws", Domain: "pbx.example"}
	})
	_, body := get(t, srv.Client(), srv.URL+"/phone/config.json", nil)
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	if got["wsURL"] != "wss://"+host+"/ws" || got["domain"] != "pbx.example" {
		t.Fatalf("config %s", body)
	}
	// An empty list, not null: the page hands it to RTCPeerConnection.
	if s, ok := got["iceServers"].([]any); !ok || len(s) != 0 {
		t.Fatalf("iceServers %v in %s", got["iceServers"], body)
	}

	none := testServer(t, nil)
	resp, _ := get(t, none.Client(), none.URL+"/phone/config.json", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("nil cfg: status %d, want 404", resp.StatusCode)
	}
}

func TestHandlerEdges(t *testing.T) {
	srv := testServer(t, nil)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	resp, _ := get(t, noRedirect, srv.URL+"/phone", nil)
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "phone/" {
		t.Fatalf("/phone: %d Location %q, want 301 phone/", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = get(t, srv.Client(), srv.URL+"/phone", nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/phone/" {
		t.Fatalf("following the redirect: %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}

	resp, _ = get(t, srv.Client(), srv.URL+"/phone/", nil)
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self' ws: wss:") {
		t.Fatalf("CSP %q", csp)
	}
	if !strings.Contains(resp.Header.Get("Permissions-Policy"), "microphone=(self)") {
		t.Fatalf("Permissions-Policy %q", resp.Header.Get("Permissions-Policy"))
	}

	// Revalidation: the ETag gives a 304 without the body.
	resp, _ = get(t, srv.Client(), srv.URL+"/phone/static/phone.js", nil)
	tag := resp.Header.Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	resp, body := get(t, srv.Client(), srv.URL+"/phone/static/phone.js", map[string]string{"If-None-Match": tag})
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Fatalf("If-None-Match: %d, %d bytes", resp.StatusCode, len(body))
	}

	for _, p := range []string{"/phone/static/nope.js", "/phone/static/", "/phone/other", "/phone/static/../phone.go"} {
		resp, _ := get(t, srv.Client(), srv.URL+p, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, resp.StatusCode)
		}
	}

	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/phone/", strings.NewReader("x"))
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Fatalf("POST: %d Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// TestPageReferences: every static file the page loads is served (a
// renamed file would break the page silently otherwise).
func TestPageReferences(t *testing.T) {
	srv := testServer(t, nil)
	_, page := get(t, srv.Client(), srv.URL+"/phone/", nil)
	n := 0
	for _, part := range strings.Split(page, `"static/`)[1:] {
		ref := "static/" + part[:strings.IndexByte(part, '"')]
		resp, _ := get(t, srv.Client(), srv.URL+"/phone/"+ref, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", ref, resp.StatusCode)
		}
		n++
	}
	if n != 3 {
		t.Fatalf("%d static references, want 3 (css, jssip, phone.js)", n)
	}
}
