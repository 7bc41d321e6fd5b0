package call

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func TestReinviteHoldAndResume(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "tcp")
	c := connect(t, alice, bob)
	toB := mediaOf(t, c.b.Body())
	firstB := c.b.Body()

	// Alice puts Bob on hold.
	alice.request(&c.out.dialog, "INVITE", alice.sdp(2, "sendonly"))
	re := bob.waitRequest("INVITE")
	if !strings.Contains(string(re.Body()), "a=sendonly") {
		t.Fatalf("hold not relayed:\n%s", re.Body())
	}
	if got := mediaOf(t, re.Body()); got != toB {
		t.Fatalf("re-INVITE moved Bob's media to %s, want the same endpoint %s", got, toB)
	}
	if vOf(t, re.Body()) <= vOf(t, firstB) {
		t.Fatalf("o= version did not grow: %d then %d", vOf(t, firstB), vOf(t, re.Body()))
	}
	if string(*re.CallID()) != string(*c.b.CallID()) || tagOf(re.To().Params) != c.in.tag {
		t.Fatalf("re-INVITE not in Bob's dialog")
	}
	bob.respond(re, "", 200, "OK", bob.sdp(2, "recvonly"))
	bob.waitRequest("ACK")
	ok := alice.waitResponse("INVITE", 200)
	if !strings.Contains(string(ok.Body()), "a=recvonly") {
		t.Fatalf("answer not relayed:\n%s", ok.Body())
	}
	if got := mediaOf(t, ok.Body()); got != mediaOf(t, c.a.Body()) {
		t.Fatalf("answer moved Alice's media")
	}
	alice.ack2xx(c.out)
	r.calls(func(c []State) bool {
		return len(c) == 1 && c[0].A.Media.Direction == "sendonly" && len(c[0].B) == 1 && c[0].B[0].Media.Direction == "recvonly"
	})

	// Bob resumes with an UPDATE (RFC 3311), the other way round.
	bob.request(&c.in.dialog, "UPDATE", bob.sdp(3, "sendrecv"))
	up := alice.waitRequest("UPDATE")
	if !strings.Contains(string(up.Body()), "a=sendrecv") {
		t.Fatalf("UPDATE not relayed:\n%s", up.Body())
	}
	alice.respond(up, "", 200, "OK", alice.sdp(3, "sendrecv"))
	bob.waitResponse("UPDATE", 200)

	// A refresh with the same SDP version is answered here, not relayed.
	alice.request(&c.out.dialog, "INVITE", alice.sdp(3, "sendrecv"))
	alice.waitResponse("INVITE", 200)
	alice.ack2xx(c.out)
	bob.noRequest("INVITE", quiet)
}

func vOf(t *testing.T, body []byte) int {
	t.Helper()
	for l := range strings.Lines(string(body)) {
		if strings.HasPrefix(l, "o=") {
			f := strings.Fields(l)
			var v int
			for _, ch := range f[2] {
				v = v*10 + int(ch-'0')
			}
			return v % 1000000
		}
	}
	t.Fatal("no o= line")
	return 0
}

func TestReinviteRefused(t *testing.T) {
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	c := connect(t, alice, bob)
	branch := alice.request(&c.out.dialog, "INVITE", alice.sdp(2, "sendonly"))
	re := bob.waitRequest("INVITE")
	bob.respond(re, "", 488, "Not Acceptable Here", "")
	bob.waitRequest("ACK")
	final := alice.waitResponse("INVITE", 488)
	alice.send(message("ACK "+c.out.target+" SIP/2.0", []string{
		alice.via(branch), "Max-Forwards: 70", "From: " + c.out.local, "To: " + c.out.remote,
		"Call-ID: " + c.out.callID, "CSeq: " + itoa(int(final.CSeq().SeqNo)) + " ACK"}, ""))
	// The ACK stopped Timer G: no more 488.
	alice.drainResponses()
	time.Sleep(6 * testT1)
	select {
	case res := <-alice.resps:
		t.Fatalf("488 retransmitted after its ACK: %d", res.StatusCode)
	default:
	}
	r.calls(func(c []State) bool { return len(c) == 1 && c[0].Phase == PhaseAnswered })
}

func TestInfoRelayed(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	// Bob takes no telephone-event: DTMF by SIP INFO is relayed to him as
	// it is (one who takes it gets RFC 4733: media_test.go).
	c, _ := connectWith(t, alice, bob, alice.sdpWith(1, "0", "rtpmap:0 PCMU/8000"), func(b *agent) string {
		return b.sdpWith(1, "0", "rtpmap:0 PCMU/8000")
	})
	alice.request(&c.out.dialog, "INFO", "Signal=5\r\nDuration=160\r\n", "Content-Type: application/dtmf-relay")
	info := bob.waitRequest("INFO")
	if string(info.Body()) != "Signal=5\r\nDuration=160\r\n" || info.ContentType() == nil || string(*info.ContentType()) != "application/dtmf-relay" {
		t.Fatalf("INFO body/type not relayed: %q %v", info.Body(), info.ContentType())
	}
	bob.respond(info, "", 200, "OK", "")
	alice.waitResponse("INFO", 200)
	// The other leg's refusal is what the sender gets.
	bob.request(&c.in.dialog, "INFO", "x", "Content-Type: application/x-unknown")
	info = alice.waitRequest("INFO")
	alice.respond(info, "", 415, "Unsupported Media Type", "")
	bob.waitResponse("INFO", 415)
}

func TestInviteRetransmissionOneCall(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	alice.waitResponse("INVITE", 100)
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 180, "Ringing", "")
	alice.waitResponse("INVITE", 180)
	alice.send(out.invite) // the same INVITE again
	alice.waitResponse("INVITE", 180)
	bob.noRequest("INVITE", quiet)
	if st := r.sw.Stats(); st.Calls != 1 {
		t.Fatalf("%d calls for one INVITE sent twice", st.Calls)
	}
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	ok := alice.waitResponse("INVITE", 200)
	alice.send(out.invite)
	alice.waitResponse("INVITE", 200) // answered from the edge's cache
	alice.answered(out, ok)
}

func TestLostACKRetransmits200ThenHangsUp(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	bob.waitRequest("ACK")
	first := alice.waitResponse("INVITE", 200)
	// No ACK: the 200 comes again (T1, 2T1, ... RFC 3261 §13.3.1.4).
	alice.waitResponse("INVITE", 200)
	alice.waitResponse("INVITE", 200)
	_ = first
	// After 64*T1 without ACK the call is hung up, both legs.
	bye := bob.waitRequest("BYE")
	bob.respond(bye, "", 200, "OK", "")
	rec := r.cdrs.next(t)
	if rec.HangupReason != "failed" || rec.HangupSide != "system" || rec.Disposition != store.DispositionAnswered {
		t.Fatalf("CDR %+v", rec)
	}
	// The relay ports went back with the CDR, not after the transactions'
	// linger (64*T1 more).
	if n := r.media.open(); n != 0 {
		t.Fatalf("%d relay endpoints still open when the CDR was written", n)
	}
	_ = out
}

func TestAckStopsRetransmission(t *testing.T) {
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	c := connect(t, alice, bob)
	alice.drainResponses()
	time.Sleep(8 * testT1)
	select {
	case res := <-alice.resps:
		t.Fatalf("response after ACK: %d %s", res.StatusCode, res.CSeq().Value())
	default:
	}
	_ = c
}

func TestCalleeRetransmitted200IsAckedAgain(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	bob.waitRequest("ACK")
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	bob.waitRequest("ACK")
	ok := alice.waitResponse("INVITE", 200)
	alice.answered(out, ok)
}

func TestRTPInactivityHangsUp(t *testing.T) {
	r := newRig(t, withRTPTimeout(500*time.Millisecond))
	alice, bob := twoPhones(r, "udp", "udp")
	connect(t, alice, bob)
	b1, b2 := alice.waitRequest("BYE"), bob.waitRequest("BYE")
	alice.respond(b1, "", 200, "OK", "")
	bob.respond(b2, "", 200, "OK", "")
	rec := r.cdrs.next(t)
	if rec.HangupReason != "rtp_timeout" || rec.HangupSide != "system" {
		t.Fatalf("CDR %+v", rec)
	}
	waitNoCalls(t, r)
}

func TestSessionTimerExpiry(t *testing.T) {
	r := newRig(t, withOptions(func(o *Options) { o.MinSE = time.Second; o.SessionExpires = time.Second }))
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""), "Supported: timer", "Session-Expires: 1;refresher=uac")
	inv := bob.waitRequest("INVITE")
	if inv.GetHeader("Session-Expires") != nil {
		t.Fatalf("Session-Expires copied to the B-leg")
	}
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	ok := alice.waitResponse("INVITE", 200)
	se := ok.GetHeader("Session-Expires")
	if se == nil || se.Value() != "1;refresher=uac" || ok.GetHeader("Require") == nil {
		t.Fatalf("200 session timer headers: %v %v", se, ok.GetHeader("Require"))
	}
	alice.answered(out, ok)
	start := time.Now()
	// A refresh pushes the deadline back.
	time.Sleep(400 * time.Millisecond)
	alice.request(&out.dialog, "UPDATE", "", "Supported: timer", "Session-Expires: 1;refresher=uac")
	up := alice.waitResponse("UPDATE", 200)
	if up.GetHeader("Session-Expires") == nil {
		t.Fatalf("refresh answered without Session-Expires")
	}
	b1, b2 := alice.waitRequest("BYE"), bob.waitRequest("BYE")
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Fatalf("session ended %s after answer despite the refresh", d)
	}
	alice.respond(b1, "", 200, "OK", "")
	bob.respond(b2, "", 200, "OK", "")
	if rec := r.cdrs.next(t); rec.HangupReason != "session_timer_expired" {
		t.Fatalf("CDR %+v", rec)
	}
}

func TestSessionIntervalTooSmall(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, _ := twoPhones(r, "udp", "udp")
	alice.invite("102", alice.sdp(1, ""), "Supported: timer", "Session-Expires: 30")
	res := alice.waitResponse("INVITE", 422)
	if h := res.GetHeader("Min-SE"); h == nil || h.Value() != "90" {
		t.Fatalf("422 Min-SE = %v", h)
	}
}

func TestEarlyMedia(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 183, "Session Progress", bob.sdp(1, ""))
	early := alice.waitResponse("INVITE", 183)
	bob.sendRTP(mediaOf(t, inv.Body()), 5, 1)
	if got := alice.recvRTP(5); got < 4 {
		t.Fatalf("early media: alice got %d/5", got)
	}
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	ok := alice.waitResponse("INVITE", 200)
	if mediaOf(t, ok.Body()) != mediaOf(t, early.Body()) {
		t.Fatalf("183 and 200 name different media")
	}
	alice.answered(out, ok)
}

func TestDelayedOfferRefused(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, _ := twoPhones(r, "udp", "udp")
	out := alice.invite("102", "")
	final := alice.waitResponse("INVITE", 488)
	alice.ackNon2xx(out, final)
	if rec := r.cdrs.next(t); rec.HangupReason != "media_error" {
		t.Fatalf("CDR %+v", rec)
	}
}

func TestShutdownHangsUpEveryCall(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	connect(t, alice, bob)
	r.addExt("104", "Dan", "pw-dan", 0)
	dan := r.newAgent("104", "pw-dan", "udp")
	o2 := dan.invite("102", dan.sdp(1, ""))
	bob.waitRequest("INVITE") // ringing
	ctx, cancel := contextWithTimeout(wait)
	defer cancel()
	if err := r.sw.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	alice.waitRequest("BYE")
	dan.waitResponse("INVITE", 503)
	reasons := map[string]bool{}
	for range 2 {
		rec := r.cdrs.next(t)
		reasons[rec.HangupReason+"/"+rec.Disposition] = true
	}
	if !reasons["shutdown/ANSWERED"] || !reasons["shutdown/FAILED"] {
		t.Fatalf("CDRs %v", reasons)
	}
	// New calls are refused.
	o3 := dan.inviteNoAuth("102", dan.sdp(1, ""))
	dan.waitResponse("INVITE", 503)
	_, _ = o2, o3
}

func TestCallsStateIsPlainData(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	c := connect(t, alice, bob)
	calls := r.calls(func(c []State) bool { return len(c) == 1 && c[0].Phase == PhaseAnswered && c[0].A.RemoteTag != "" })
	b, err := json.Marshal(calls[0])
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Fatalf("State does not survive JSON:\n%s\n%s", b, b2)
	}
	st := calls[0]
	if st.A.CallID != c.out.callID || st.A.RemoteTag == "" || st.A.LocalTag != tagOf(c.a.To().Params) ||
		st.B[0].CallID != string(*c.b.CallID()) || st.B[0].RemoteTag != c.in.tag || st.B[0].LocalCSeq != 1 ||
		st.A.Flow.Transport != "udp" || st.A.Media.Port == 0 || st.B[0].Media.Port == 0 || st.A.Media.Codec != "PCMU" ||
		len(st.A.RouteSet) != 1 || st.A.RemoteTarget == "" || st.Caller.Number != "101" || st.Callee.Name != "Bob" {
		t.Fatalf("state %s", b)
	}
}

func TestWeRefreshWhenAsked(t *testing.T) {
	r := newRig(t, withOptions(func(o *Options) { o.MinSE = time.Second; o.SessionExpires = 2 * time.Second }))
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""), "Supported: timer", "Session-Expires: 2;refresher=uas")
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	ok := alice.waitResponse("INVITE", 200)
	if se := ok.GetHeader("Session-Expires"); se == nil || se.Value() != "2;refresher=uas" {
		t.Fatalf("Session-Expires %v", se)
	}
	alice.answered(out, ok)
	re := alice.waitRequest("INVITE")
	if se := re.GetHeader("Session-Expires"); se == nil || !strings.Contains(se.Value(), "refresher=uas") {
		t.Fatalf("refresh without Session-Expires: %v", se)
	}
	if string(re.Body()) != string(ok.Body()) {
		t.Fatalf("refresh changed the SDP:\n%s\nvs\n%s", re.Body(), ok.Body())
	}
	alice.respond(re, "", 200, "OK", alice.sdp(1, ""))
	alice.waitRequest("ACK")
	bob.noRequest("INVITE", quiet) // a refresh stays on the caller's leg
	r.calls(func(s []State) bool { return len(s) == 1 && s[0].Session.Refresher == "uas" })
}

func TestHoldInactiveSurvivesRTPTimeout(t *testing.T) {
	r := newRig(t, withRTPTimeout(time.Second), withOptions(func(o *Options) { o.RTPTimeout = time.Second }))
	alice, bob := twoPhones(r, "udp", "udp")
	c := connect(t, alice, bob)
	alice.request(&c.out.dialog, "INVITE", alice.sdp(2, "inactive"))
	re := bob.waitRequest("INVITE")
	bob.respond(re, "", 200, "OK", bob.sdp(2, "inactive"))
	alice.waitResponse("INVITE", 200)
	alice.ack2xx(c.out)
	alice.noRequest("BYE", 1500*time.Millisecond) // held: no RTP is normal
	// Resumed without RTP: the timeout applies again.
	alice.request(&c.out.dialog, "INVITE", alice.sdp(3, "sendrecv"))
	re = bob.waitRequest("INVITE")
	bob.respond(re, "", 200, "OK", bob.sdp(3, "sendrecv"))
	alice.waitResponse("INVITE", 200)
	alice.ack2xx(c.out)
	alice.respond(alice.waitRequest("BYE"), "", 200, "OK", "")
	bob.respond(bob.waitRequest("BYE"), "", 200, "OK", "")
	if rec := r.cdrs.next(t); rec.HangupReason != "rtp_timeout" {
		t.Fatalf("CDR %+v", rec)
	}
}
