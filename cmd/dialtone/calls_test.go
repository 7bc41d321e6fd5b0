package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestLoopbackTarget(t *testing.T) {
	for in, want := range map[string]string{
		"0.0.0.0:8080":   "127.0.0.1:8080",
		":8080":          "127.0.0.1:8080",
		"[::]:8080":      "[::1]:8080",
		"10.0.0.5:8080":  "10.0.0.5:8080",
		"127.0.0.1:9000": "127.0.0.1:9000",
	} {
		if got := loopbackTarget(in); got != want {
			t.Errorf("loopbackTarget(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCallsListLoopbackOnly(t *testing.T) {
	h := loopbackOnly(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	for addr, want := range map[string]int{
		"127.0.0.1:5555":    http.StatusOK,
		"[::1]:5555":        http.StatusOK,
		"192.0.2.7:5555":    http.StatusForbidden,
		"[2001:db8::1]:443": http.StatusForbidden,
		"garbage":           http.StatusForbidden,
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, callsPath, nil)
		req.RemoteAddr = addr
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("from %s: %d, want %d", addr, rec.Code, want)
		}
	}
}
