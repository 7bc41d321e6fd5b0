package admin

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, h http.Handler, path string) (int, map[string]any, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	var body map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec.Code, body, rec.Body.String()
}

func TestHealthAndReady(t *testing.T) {
	var dbErr error
	s := New(quiet(),
		WithCheck("database", func(context.Context) error { return dbErr }),
		WithInfo(func() map[string]any { return map[string]any{"config_version": 7} }))
	h := s.Handler()

	if code, body, _ := get(t, h, "/healthz"); code != 200 || body["status"] != "ok" {
		t.Fatalf("healthz = %d %v", code, body)
	}
	if code, body, _ := get(t, h, "/readyz"); code != 200 || body["status"] != "ready" || body["config_version"] != float64(7) {
		t.Fatalf("readyz = %d %v", code, body)
	}
	dbErr = errors.New("connection refused")
	code, body, _ := get(t, h, "/readyz")
	if code != 503 || body["reason"] != "database: connection refused" {
		t.Fatalf("readyz down = %d %v", code, body)
	}
	// Liveness does not depend on the database.
	if code, _, _ := get(t, h, "/healthz"); code != 200 {
		t.Fatalf("healthz with database down = %d", code)
	}
}

func TestIndexAndNotFound(t *testing.T) {
	// Without a store there is no UI: health only.
	h := New(quiet()).Handler()
	if code, _, _ := get(t, h, "/"); code != 404 {
		t.Fatalf("index without a store = %d", code)
	}
	// With a store the UI asks for a login first.
	e := newEnv(t)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/extensions?q=1", nil))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2Fextensions%3Fq%3D1" {
		t.Fatalf("index = %d %v", rec.Code, rec.Header())
	}
	if code, _, text := get(t, e.h, "/login"); code != 200 || !strings.Contains(text, "Log in") {
		t.Fatalf("login page = %d", code)
	}
	if code, _, text := get(t, e.h, "/static/app.css"); code != 200 || !strings.Contains(text, "--accent") {
		t.Fatalf("style sheet = %d", code)
	}
	if code, body, _ := get(t, e.h, "/api/v1/no/such/thing"); code != 404 || body["error"] == nil {
		t.Fatalf("missing API path = %d %v", code, body)
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(quiet())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln, 5*time.Second) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

func TestWithHandler(t *testing.T) {
	h := New(quiet(), WithHandler("/ws", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))).Handler()
	if code, _, _ := get(t, h, "/ws"); code != http.StatusTeapot {
		t.Fatalf("mounted handler not reached: %d", code)
	}
}
