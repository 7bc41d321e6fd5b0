package call

import (
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// fakeRequest stands in for *sbc.Request, recording the answers.
type fakeRequest struct {
	msg   *sip.Request
	mu    sync.Mutex
	codes []int
}

func (f *fakeRequest) SIP() *sip.Request      { return f.msg }
func (f *fakeRequest) Transport() string      { return "udp" }
func (f *fakeRequest) Source() netip.AddrPort { return netip.MustParseAddrPort("127.0.0.1:5999") }
func (f *fakeRequest) Local() netip.AddrPort  { return netip.MustParseAddrPort("127.0.0.1:5060") }
func (f *fakeRequest) FlowID() uint64         { return 0 }
func (f *fakeRequest) ToTag() string          { return "fake-tag" }
func (f *fakeRequest) AuthFailed()            {}
func (f *fakeRequest) Respond(code int, _ string, _ ...sip.Header) error {
	f.mu.Lock()
	f.codes = append(f.codes, code)
	f.mu.Unlock()
	return nil
}
func (f *fakeRequest) RespondBody(code int, reason, _ string, _ []byte, h ...sip.Header) error {
	return f.Respond(code, reason, h...)
}

func parseReq(t *testing.T, s string) *sip.Request {
	t.Helper()
	m, err := sip.ParseMessage([]byte(s))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, s)
	}
	return m.(*sip.Request)
}

// TestOddRequestsWithoutCall: requests no call owns, and malformed ones,
// get 481/400/4xx (never a panic); ACKs get nothing.
func TestOddRequestsWithoutCall(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.addExt("101", "Alice", "pw", 0)
	base := func(method, toTag string, extra ...string) string {
		to := "To: <sip:102@127.0.0.1>"
		if toTag != "" {
			to += ";tag=" + toTag
		}
		return message(method+" sip:102@127.0.0.1 SIP/2.0", append([]string{
			"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" + token(), "Max-Forwards: 70",
			"From: <sip:101@127.0.0.1>;tag=abc", to, "Call-ID: nobody-" + token(), "CSeq: 5 " + method,
			"Contact: <sip:101@127.0.0.1:5999>"}, extra...), "")
	}
	noFromTag := message("INVITE sip:102@127.0.0.1 SIP/2.0", []string{
		"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" + token(), "Max-Forwards: 70",
		"From: <sip:101@127.0.0.1>", "To: <sip:102@127.0.0.1>", "Call-ID: x-" + token(), "CSeq: 1 INVITE"}, "")
	noUser := message("INVITE sip:102@127.0.0.1 SIP/2.0", []string{
		"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" + token(), "Max-Forwards: 70",
		"From: <sip:127.0.0.1>;tag=a", "To: <sip:102@127.0.0.1>", "Call-ID: x-" + token(), "CSeq: 1 INVITE"}, "")
	textBody := message("INVITE sip:102@127.0.0.1 SIP/2.0", []string{
		"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" + token(), "Max-Forwards: 70",
		"From: <sip:101@127.0.0.1>;tag=a", "To: <sip:102@127.0.0.1>", "Call-ID: x-" + token(), "CSeq: 1 INVITE",
		"Content-Type: text/plain"}, "hello")
	tests := []struct {
		name string
		msg  string
		want int // 0: no answer
	}{
		{"BYE unknown dialog", base("BYE", "t1"), 481},
		{"INFO unknown dialog", base("INFO", "t1"), 481},
		{"UPDATE unknown dialog", base("UPDATE", "t1"), 481},
		{"re-INVITE unknown dialog", base("INVITE", "t1"), 481},
		{"CANCEL unknown transaction", base("CANCEL", ""), 481},
		{"BYE without To tag", base("BYE", ""), 481},
		{"ACK unknown dialog", base("ACK", "t1"), 0},
		{"OPTIONS not ours", base("OPTIONS", ""), 405},
		{"INVITE without From tag", noFromTag, 400},
		{"INVITE without From user", noUser, 400},
		{"INVITE requiring 100rel", base("INVITE", "", "Require: 100rel"), 420},
		{"INVITE with a text body", textBody, 415},
		{"INVITE without credentials", base("INVITE", ""), 407},
		{"INVITE with garbage credentials", base("INVITE", "", "Proxy-Authorization: Digest ,,,,"), 400},
		{"INVITE with foreign realm", base("INVITE", "", `Proxy-Authorization: Digest username="101", realm="other", nonce="x", uri="sip:102@x", response="00"`), 407},
		{"INVITE with bad Session-Expires", base("INVITE", "", "Session-Expires: soon"), 407},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRequest{msg: parseReq(t, tt.msg)}
			r.sw.ServeRequest(f)
			f.mu.Lock()
			defer f.mu.Unlock()
			switch {
			case tt.want == 0 && len(f.codes) != 0:
				t.Fatalf("answered %v, want silence", f.codes)
			case tt.want != 0 && (len(f.codes) != 1 || f.codes[0] != tt.want):
				t.Fatalf("answered %v, want %d", f.codes, tt.want)
			}
		})
	}
	// Hand-built requests the edge would never pass: still no panic.
	bare := sip.NewRequest(sip.BYE, sip.Uri{Scheme: "sip", Host: "x"})
	f := &fakeRequest{msg: bare}
	r.sw.ServeRequest(f)
	if len(f.codes) != 1 || f.codes[0] != 400 {
		t.Fatalf("bare BYE answered %v", f.codes)
	}
	r.sw.ServeRequest(&fakeRequest{})
	if r.sw.HandleResponse(nil, Flow{}) {
		t.Fatal("nil response matched")
	}
	if r.cdrs.count() != 0 || r.sw.Stats().Calls != 0 {
		t.Fatalf("odd requests made calls")
	}
}

// TestOddRequestsInDialog: odd requests on a live call are refused and
// leave the call up.
func TestOddRequestsInDialog(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	c := connect(t, alice, bob)
	d := c.out.dialog
	wrongTo := d
	wrongTo.remote = "<sip:102@127.0.0.1>;tag=not-ours"
	wrongFrom := d
	wrongFrom.local = "<sip:101@127.0.0.1>;tag=not-alice"

	alice.request(&wrongTo, "BYE", "")
	alice.waitResponse("BYE", 481)
	alice.request(&wrongFrom, "INFO", "x", "Content-Type: text/plain")
	alice.waitResponse("INFO", 481)
	alice.request(&d, "INVITE", "v=0\r\nthis is not sdp\r\n")
	alice.waitResponse("INVITE", 488)
	alice.request(&d, "INVITE", alice.sdp(9, ""), "Require: foo")
	alice.waitResponse("INVITE", 420)
	alice.request(&d, "UPDATE", "<xml/>", "Content-Type: application/xml")
	alice.waitResponse("UPDATE", 415)
	// An older CSeq than the last request (RFC 3261 §12.2.2).
	alice.cseq -= 50
	alice.request(&d, "INFO", "")
	alice.waitResponse("INFO", 500)
	alice.cseq += 100
	// CANCEL after the 2xx was acknowledged: its INVITE transaction is
	// over (RFC 3261 §17.2.1), so no match and no effect (§9.2).
	alice.cancel(c.out)
	alice.waitResponse("CANCEL", 481)
	// A new INVITE without To tag on the same Call-ID: a merged request.
	merged := *c.out
	merged.inviteBranch = "z9hG4bK" + token()
	merged.remote = "<sip:102@127.0.0.1>"
	alice.send(alice.inviteText(&merged, alice.sdp(1, "")))
	alice.waitResponse("INVITE", 482)
	// An ACK that matches nothing is dropped.
	alice.send(message("ACK "+d.target+" SIP/2.0", []string{alice.via("z9hG4bK" + token()), "Max-Forwards: 70",
		"From: " + d.local, "To: " + d.remote, "Call-ID: " + d.callID, "CSeq: 999 ACK"}, ""))
	bob.noRequest("BYE", quiet)
	r.calls(func(s []State) bool { return len(s) == 1 && s[0].Phase == PhaseAnswered })

	alice.request(&d, "BYE", "")
	bye := bob.waitRequest("BYE")
	bob.respond(bye, "", 200, "OK", "")
	alice.waitResponse("BYE", 200)
	if rec := r.cdrs.next(t); rec.Disposition != store.DispositionAnswered {
		t.Fatalf("CDR %+v", rec)
	}
}

func TestTimerARetransmitsUntilProvisional(t *testing.T) {
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	alice.invite("102", alice.sdp(1, ""))
	inv := bob.waitRequest("INVITE")
	time.Sleep(5 * testT1) // T1, 2T1: at least two copies
	n := bob.retransmissions(inv)
	if n < 2 {
		t.Fatalf("%d INVITE retransmissions in 5*T1, want ≥ 2 (Timer A)", n)
	}
	bob.respond(inv, token(), 180, "Ringing", "")
	time.Sleep(10 * testT1)
	if m := bob.retransmissions(inv); m > n+1 {
		t.Fatalf("INVITE still retransmitted after 180: %d then %d", n, m)
	}
}

func TestNoRetransmissionOverTCP(t *testing.T) {
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "tcp")
	alice.invite("102", alice.sdp(1, ""))
	inv := bob.waitRequest("INVITE")
	time.Sleep(6 * testT1)
	if n := bob.retransmissions(inv); n != 0 {
		t.Fatalf("%d INVITE retransmissions over TCP", n)
	}
}

func TestTimerBFailsASilentFork(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	bob.waitRequest("INVITE") // and never answers
	final := alice.waitResponse("INVITE", 480)
	alice.ackNon2xx(out, final)
	rec := r.cdrs.next(t)
	if rec.HangupReason != "failed" || rec.Disposition != store.DispositionFailed {
		t.Fatalf("CDR %+v", rec)
	}
	if d := rec.EndedAt.Sub(rec.StartedAt); d < 60*testT1 {
		t.Fatalf("gave up after %s, before Timer B (64*T1)", d)
	}
}
