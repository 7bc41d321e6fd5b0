package sbc

import (
	"bytes"
	"strings"
	"testing"
)

// hostileCase is a message the edge must survive, with the status it must
// answer (0: no answer at all) and the Stats counter it must bump.
type hostileCase struct {
	name   string
	msg    []byte
	status int
	reason string // expected reason phrase, when it matters
	stat   string // Stats.Map key that must grow by one
}

// hostileUDP is the table of hostile datagrams. MaxMessageSize is 4096 in
// the tests that use it.
func hostileUDP() []hostileCase {
	reg := func(id string) request { return newReq("REGISTER", id) }
	huge := reg("huge").with("X-Padding", strings.Repeat("a", 5000)).bytes()
	hugeNoVia := reg("huge-novia").with("Via", "").with("X-Padding", strings.Repeat("a", 5000)).bytes()
	full := reg("truncated-headers").bytes()
	cut := full[:bytes.Index(full, []byte("Call-ID"))+10]
	withBody := reg("truncated-body").with("Content-Type", "text/plain").withBody(strings.Repeat("x", 100)).bytes()
	dup := reg("dup")
	dup.headers = append(dup.headers, "i: other@10.0.0.5")
	nul := reg("nul").bytes()
	nul = bytes.Replace(nul, []byte("Contact: <sip:101@"), []byte("Contact: <sip:\x00101@"), 1)
	return []hostileCase{
		{"content-length too long", reg("cl-long").with("Content-Length", "10").withBody("abc").bytes(), 400, "Bad Content-Length", "malformed"},
		{"content-length too short", reg("cl-short").with("Content-Length", "1").withBody("abc").bytes(), 400, "Bad Content-Length", "malformed"},
		{"content-length negative", reg("cl-neg").with("Content-Length", "-1").bytes(), 400, "Bad Content-Length", "malformed"},
		{"content-length not a number", reg("cl-nan").with("Content-Length", "ten").bytes(), 400, "Bad Content-Length", "malformed"},
		{"missing Call-ID", reg("no-callid").with("Call-ID", "").bytes(), 0, "", "malformed_dropped"},
		{"missing CSeq", reg("no-cseq").with("CSeq", "").bytes(), 0, "", "malformed_dropped"},
		{"missing Via", reg("no-via").with("Via", "").bytes(), 0, "", "malformed_dropped"},
		{"missing From", reg("no-from").with("From", "").bytes(), 0, "", "malformed_dropped"},
		{"missing To", reg("no-to").with("To", "").bytes(), 0, "", "malformed_dropped"},
		{"missing Max-Forwards", reg("no-mf").with("Max-Forwards", "").bytes(), 400, "Missing Max-Forwards", "malformed"},
		{"huge headers", huge, 413, "", "oversize"},
		{"huge headers without Via", hugeNoVia, 0, "", "oversize"},
		{"NUL byte", nul, 400, "NUL Byte In Message", "malformed"},
		{"truncated in the headers", cut, 0, "", "malformed_dropped"},
		{"truncated in the body", withBody[:len(withBody)-40], 400, "Bad Content-Length", "malformed"},
		{"unknown method", newReq("FROBNICATE", "unknown").bytes(), 501, "", "not_implemented"},
		{"known method without handler", newReq("SUBSCRIBE", "subscribe").bytes(), 405, "", "not_allowed"},
		{"http Request-URI", request{start: "REGISTER http://pbx.test/ SIP/2.0", headers: reg("http-uri").headers}.bytes(), 416, "", "bad_scheme"},
		{"garbage Request-URI", request{start: "REGISTER sip:@@[::: SIP/2.0", headers: reg("bad-uri").headers}.bytes(), 400, "Bad Request-URI", "malformed"},
		{"SIP/3.0", request{start: "REGISTER sip:pbx.test SIP/3.0", headers: reg("v3").headers}.bytes(), 505, "", "bad_version"},
		{"CSeq method mismatch", reg("cseq-mismatch").with("CSeq", "1 INVITE").bytes(), 400, "CSeq Method Mismatch", "malformed"},
		{"CSeq not a number", reg("cseq-nan").with("CSeq", "one REGISTER").bytes(), 0, "", "malformed_dropped"}, // a CSeq that does not parse cannot be copied
		{"Max-Forwards 0", reg("mf0").with("Max-Forwards", "0").bytes(), 483, "", "too_many_hops"},
		{"Max-Forwards not a number", reg("mf-nan").with("Max-Forwards", "many").bytes(), 400, "Bad Max-Forwards", "malformed"},
		{"duplicate Call-ID", dup.bytes(), 400, "Duplicate Header", "malformed"},
		{"malformed From", reg("bad-from").with("From", "<sip:101@pbx.test;tag=x").bytes(), 0, "", "malformed_dropped"},
		{"bare LF line ends", bytes.ReplaceAll(reg("lf").bytes(), []byte("\r\n"), []byte("\n")), 400, "Bad Line Ending", "malformed"},
		{"garbage", []byte("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n"), 0, "", "malformed_dropped"},
		{"http request", []byte("GET / HTTP/1.1\r\nHost: pbx.test\r\n\r\n"), 0, "", "malformed_dropped"},
		{"garbage response", []byte("SIP/2.0 200 OK\r\n\r\n"), 0, "", "malformed_dropped"},
		{"empty datagram", []byte{}, 0, "", "keepalives"},
		{"only CRLF", []byte("\r\n\r\n"), 0, "", "keepalives"},
	}
}

func TestHostileUDP(t *testing.T) {
	cases := hostileUDP()
	e := startEdge(t, Options{MaxMessageSize: 4096})
	c := udpClient(t, e, "127.0.0.2")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := e.Stats().Map()
			b, ok := exchange(t, c, tc.msg, noAnswer)
			switch {
			case tc.status == 0 && ok:
				t.Fatalf("want no answer, got:\n%s", b)
			case tc.status != 0 && !ok:
				t.Fatalf("want %d, got no answer", tc.status)
			case ok:
				res := parseResponse(t, b)
				if res.StatusCode != tc.status {
					t.Fatalf("status %d %q, want %d", res.StatusCode, res.Reason, tc.status)
				}
				if tc.reason != "" && res.Reason != tc.reason {
					t.Errorf("reason %q, want %q", res.Reason, tc.reason)
				}
			}
			after := e.Stats().Map()
			if tc.stat != "" && after[tc.stat] != before[tc.stat]+1 {
				t.Errorf("stat %s went %d -> %d, want +1", tc.stat, before[tc.stat], after[tc.stat])
			}
			if after["panics"] != 0 {
				t.Fatalf("%d panics", after["panics"])
			}
		})
	}
	// The edge still serves.
	b, ok := exchange(t, c, newReq("OPTIONS", "after-table").bytes(), noAnswer)
	if !ok || statusOf(t, b) != 200 {
		t.Fatalf("OPTIONS after the table: ok=%v\n%s", ok, b)
	}
	s := e.Stats()
	if s.Received == 0 || s.Malformed == 0 || s.Oversize != 2 || s.NotImplemented != 1 || s.BadVersion != 1 || s.BadScheme != 1 || s.TooManyHops != 1 {
		t.Errorf("stats after the table: %+v", s)
	}
	if g := e.Counters(); g.Malformed == 0 || g.Oversize != 2 {
		t.Errorf("guard counters: %+v", g)
	}
}
