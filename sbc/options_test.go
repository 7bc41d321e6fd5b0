package sbc

import (
	"crypto/tls"
	"net/netip"
	"strings"
	"testing"
)

func TestOptionsDefaults(t *testing.T) {
	o, err := Options{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.MaxMessageSize != 16384 || o.RateLimit != 50 || o.RateBurst != 100 || o.BanFailures != 5 ||
		o.BanWindow != DefaultBanWindow || o.BanTime != DefaultBanTime || o.ServerHeader != "Dialtone" ||
		o.IdleTimeout != DefaultIdleTimeout || len(o.ScannerPatterns) == 0 || len(o.Allow) != 11 || o.Logger == nil {
		t.Errorf("defaults: %+v", o)
	}
	e, err := New(Options{RateLimit: -1})
	if err != nil || e.limiter != nil {
		t.Errorf("negative RateLimit: err=%v limiter=%v", err, e.limiter)
	}
}

func TestOptionsInvalid(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"tls without config", Options{TLSAddr: "127.0.0.1:0"}, "TLSAddr set without TLSConfig"},
		{"tiny messages", Options{MaxMessageSize: 100}, "MaxMessageSize 100"},
		{"huge messages", Options{MaxMessageSize: 1 << 20}, "MaxMessageSize 1048576"},
		{"negative burst", Options{RateBurst: -1}, "RateBurst -1"},
		{"negative failures", Options{BanFailures: -2}, "BanFailures -2"},
		{"bad prefix", Options{Allowlist: []netip.Prefix{{}}}, "Allowlist"},
		{"server header injection", Options{ServerHeader: "x\r\nEvil: 1"}, "ServerHeader"},
		{"bad allow", Options{Allow: []string{"INVITE", "BAD METHOD"}}, `"BAD METHOD"`},
		{"negative idle", Options{IdleTimeout: -1}, "IdleTimeout"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := New(Options{TLSAddr: "127.0.0.1:0", TLSConfig: &tls.Config{}}); err != nil {
		t.Errorf("TLS with a config: %v", err)
	}
}

func TestSmokeOptions(t *testing.T) {
	e := startEdge(t, Options{})
	c := udpClient(t, e, "127.0.0.1")
	b, ok := exchange(t, c, newReq("OPTIONS", "smoke").bytes(), noAnswer)
	if !ok {
		t.Fatal("no answer")
	}
	if got := statusOf(t, b); got != 200 {
		t.Fatalf("status %d", got)
	}
}
