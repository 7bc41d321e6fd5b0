package sbc

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestPathologicalInputsAreFast(t *testing.T) {
	e, s := memEdge(t, Options{RateLimit: -1}, discard{})
	e.Handle("REGISTER", func(r *Request) { _ = r.Respond(200, "") })
	base := newReq("REGISTER", "patho")
	inputs := map[string][]byte{
		"via params":      base.with("Via", "SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK-p"+strings.Repeat(";a", 7000)).bytes(),
		"via commas":      base.with("Via", "SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK-p"+strings.Repeat(", SIP/2.0/UDP a", 1000)).bytes(),
		"contact commas":  base.with("Contact", strings.Repeat("<sip:a@b>,", 1500)).bytes(),
		"many headers":    base.with("X", strings.Repeat("a\r\nX: ", 2500)).bytes(),
		"folded lines":    base.with("Subject", strings.Repeat("a\r\n ", 4000)).bytes(),
		"quotes":          base.with("From", strings.Repeat("\"", 15000)).bytes(),
		"many via lines":  []byte("REGISTER sip:x SIP/2.0\r\n" + strings.Repeat("Via: SIP/2.0/UDP a;branch=z9hG4bKx\r\n", 400) + "\r\n"),
		"unclosed angle":  base.with("To", strings.Repeat("<", 15000)).bytes(),
		"escape sequence": base.with("From", "\""+strings.Repeat("\\", 15000)).bytes(),
	}
	src := netip.MustParseAddrPort("192.0.2.1:5060")
	// Quadratic parsing of a 15 kB message costs about a millisecond; the
	// normal worst case here is about 0.1 ms. The fastest of 20 runs is
	// compared, which garbage collection and other tests barely disturb.
	limit := 500 * time.Microsecond
	if raceEnabled {
		limit *= 10
	}
	for name, in := range inputs {
		fastest := time.Hour
		for i := range 20 {
			start := time.Now()
			// A new source port each time: no answer from the cache.
			e.handleDatagram(s, in, netip.AddrPortFrom(src.Addr(), uint16(10000+i)))
			fastest = min(fastest, time.Since(start))
		}
		t.Logf("%s (%d bytes): %v", name, len(in), fastest)
		if fastest > limit {
			t.Errorf("%s (%d bytes): %v per message, limit %v", name, len(in), fastest, limit)
		}
	}
}
