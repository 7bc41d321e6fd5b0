package call

import (
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func TestCancelWhileRinging(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 180, "Ringing", "")
	alice.waitResponse("INVITE", 180)
	alice.cancel(out)
	alice.waitResponse("CANCEL", 200)
	final := alice.waitResponse("INVITE", 487)
	alice.ackNon2xx(out, final)
	cancel := bob.waitRequest("CANCEL")
	if b1, _ := cancel.Via().Params.Get("branch"); b1 != mustBranch(t, inv) {
		t.Fatalf("CANCEL branch %s, want the INVITE's %s (RFC 3261 §9.1)", b1, mustBranch(t, inv))
	}
	bob.respond(cancel, in.tag, 200, "OK", "")
	bob.respond(inv, in.tag, 487, "Request Terminated", "")
	ack := bob.waitRequest("ACK")
	if b, _ := ack.Via().Params.Get("branch"); b != mustBranch(t, inv) {
		t.Fatalf("ACK of 487 has branch %s, want the INVITE's", b)
	}
	rec := r.cdrs.next(t)
	if rec.Disposition != store.DispositionCanceled || rec.HangupReason != "caller_cancelled" || rec.HangupSide != "caller" || !rec.AnsweredAt.IsZero() {
		t.Fatalf("CDR %+v", rec)
	}
	waitNoCalls(t, r)
}

func TestBusy(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "tcp")
	out := alice.invite("102", alice.sdp(1, ""))
	inv := bob.waitRequest("INVITE")
	bob.respond(inv, token(), 486, "Busy Here", "")
	bob.waitRequest("ACK")
	final := alice.waitResponse("INVITE", 486)
	alice.ackNon2xx(out, final)
	rec := r.cdrs.next(t)
	if rec.Disposition != store.DispositionBusy || rec.HangupReason != "busy" {
		t.Fatalf("CDR %+v", rec)
	}
	waitNoCalls(t, r)
}

func TestNoAnswer(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.addExt("101", "Alice", "pw-alice", 0)
	r.addExt("102", "Bob", "pw-bob", 300*time.Millisecond)
	alice, bob := r.newAgent("101", "pw-alice", "udp"), r.newAgent("102", "pw-bob", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 180, "Ringing", "")
	cancel := bob.waitRequest("CANCEL")
	bob.respond(cancel, in.tag, 200, "OK", "")
	bob.respond(inv, in.tag, 487, "Request Terminated", "")
	final := alice.waitResponse("INVITE", 480)
	alice.ackNon2xx(out, final)
	rec := r.cdrs.next(t)
	if rec.Disposition != store.DispositionNoAnswer || rec.HangupReason != "no_answer" {
		t.Fatalf("CDR %+v", rec)
	}
	if d := rec.EndedAt.Sub(rec.StartedAt); d < 250*time.Millisecond || d > 3*time.Second {
		t.Fatalf("ring timeout took %s", d)
	}
	waitNoCalls(t, r)
}

func TestUnknownNumber(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, _ := twoPhones(r, "udp", "udp")
	out := alice.invite("199", alice.sdp(1, ""))
	final := alice.waitResponse("INVITE", 404)
	alice.ackNon2xx(out, final)
	rec := r.cdrs.next(t)
	if rec.Disposition != store.DispositionFailed || rec.HangupReason != "not_found" || rec.CalleeNumber != "199" {
		t.Fatalf("CDR %+v", rec)
	}
	waitNoCalls(t, r)
}

func TestNotRegistered(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.addExt("101", "Alice", "pw-alice", 0)
	r.addExt("103", "Carol", "pw-carol", 0)
	alice := r.newAgent("101", "pw-alice", "udp")
	out := alice.invite("103", alice.sdp(1, ""))
	final := alice.waitResponse("INVITE", 480)
	alice.ackNon2xx(out, final)
	rec := r.cdrs.next(t)
	if rec.HangupReason != "unavailable" || rec.CalleeName != "Carol" {
		t.Fatalf("CDR %+v", rec)
	}
	waitNoCalls(t, r)
}

func TestDisabledCallee(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, _ := twoPhones(r, "udp", "udp")
	r.dir.mu.Lock()
	e := r.dir.m["102"]
	e.Enabled = false
	r.dir.m["102"] = e
	r.dir.mu.Unlock()
	out := alice.invite("102", alice.sdp(1, ""))
	final := alice.waitResponse("INVITE", 480)
	alice.ackNon2xx(out, final)
	if rec := r.cdrs.next(t); rec.HangupReason != "unavailable" {
		t.Fatalf("CDR %+v", rec)
	}
}

func TestWrongPassword(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	alice.pass = "wrong"
	out := alice.invite("102", alice.sdp(1, ""))
	final := alice.waitResponse("INVITE", 407)
	alice.ackNon2xx(out, final)
	// An unknown user fails the same way (no enumeration).
	ghost := &agent{t: t, ext: "555", pass: "x", transport: "udp", udp: alice.udp, local: alice.local, server: alice.server,
		resps: alice.resps, reqs: alice.reqs, seen: alice.seen, rtp: alice.rtp}
	o2 := ghost.invite("102", alice.sdp(1, ""))
	final = ghost.waitResponse("INVITE", 407)
	ghost.ackNon2xx(o2, final)
	bob.noRequest("INVITE", quiet)
	if got := r.edge.Counters().AuthFailed; got != 2 {
		t.Fatalf("edge counted %d authentication failures, want 2", got)
	}
	if st := r.sw.Stats(); st.AuthFailed != 2 || st.Calls != 0 {
		t.Fatalf("stats %+v", st)
	}
	if n := r.cdrs.count(); n != 0 {
		t.Fatalf("%d CDRs for refused authentication", n)
	}
}

func TestCallerMustCallAsItself(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, _ := twoPhones(r, "udp", "udp")
	o := alice.inviteNoAuth("102", alice.sdp(1, ""))
	ch := alice.waitResponse("INVITE", 407)
	alice.ackNon2xx(o, ch)
	// Right password of 101, but From says 102.
	o.local = `<sip:102@127.0.0.1>;tag=` + token()
	o.inviteCSeq++
	o.inviteBranch = "z9hG4bK" + token()
	alice.send(alice.inviteText(o, alice.sdp(1, ""), "Proxy-Authorization: "+alice.credentials(ch, "INVITE", o.inviteURI, alice.pass)))
	alice.waitResponse("INVITE", 403)
}

func TestForkFirstAnswerWins(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.addExt("101", "Alice", "pw-alice", 0)
	r.addExt("102", "Bob", "pw-bob", 0)
	alice := r.newAgent("101", "pw-alice", "udp")
	desk := r.newAgent("102", "pw-bob", "udp")
	soft := r.newAgent("102", "pw-bob", "tcp")
	out := alice.invite("102", alice.sdp(1, ""))
	invD, invS := desk.waitRequest("INVITE"), soft.waitRequest("INVITE")
	if string(*invD.CallID()) == string(*invS.CallID()) {
		t.Fatalf("forks share a Call-ID")
	}
	if mediaOf(t, invD.Body()).Port() == mediaOf(t, invS.Body()).Port() {
		t.Fatalf("forks share a relay port")
	}
	inD, inS := desk.accept(invD), soft.accept(invS)
	desk.respond(invD, inD.tag, 180, "Ringing", "")
	soft.respond(invS, inS.tag, 180, "Ringing", "")
	soft.respond(invS, inS.tag, 200, "OK", soft.sdp(1, ""))
	soft.waitRequest("ACK")
	cancel := desk.waitRequest("CANCEL")
	desk.respond(cancel, inD.tag, 200, "OK", "")
	desk.respond(invD, inD.tag, 487, "Request Terminated", "")
	desk.waitRequest("ACK")
	ok := alice.waitResponse("INVITE", 200)
	alice.answered(out, ok)
	// The caller's media goes to the soft phone.
	alice.sendRTP(mediaOf(t, ok.Body()), 5, 1)
	if got := soft.recvRTP(5); got < 4 {
		t.Fatalf("winner got %d/5 packets", got)
	}
	if n := r.media.open(); n != 2 {
		t.Fatalf("%d relay endpoints open after the fork was decided, want 2 (the loser's freed)", n)
	}
	alice.request(&out.dialog, "BYE", "")
	bye := soft.waitRequest("BYE")
	soft.respond(bye, "", 200, "OK", "")
	alice.waitResponse("BYE", 200)
	if rec := r.cdrs.next(t); rec.Disposition != store.DispositionAnswered {
		t.Fatalf("CDR %+v", rec)
	}
	desk.noRequest("BYE", quiet)
	waitNoCalls(t, r)
}

func TestForkSecondAnswerIsHungUp(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.addExt("101", "Alice", "pw-alice", 0)
	r.addExt("102", "Bob", "pw-bob", 0)
	alice := r.newAgent("101", "pw-alice", "udp")
	desk := r.newAgent("102", "pw-bob", "udp")
	soft := r.newAgent("102", "pw-bob", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	invD, invS := desk.waitRequest("INVITE"), soft.waitRequest("INVITE")
	inD, inS := desk.accept(invD), soft.accept(invS)
	soft.respond(invS, inS.tag, 200, "OK", soft.sdp(1, ""))
	soft.waitRequest("ACK")
	// The desk phone answers too, before it sees the CANCEL.
	desk.respond(invD, inD.tag, 200, "OK", desk.sdp(1, ""))
	desk.waitRequest("ACK")
	bye := desk.waitRequest("BYE")
	desk.respond(bye, "", 200, "OK", "")
	ok := alice.waitResponse("INVITE", 200)
	alice.answered(out, ok)
	r.calls(func(c []State) bool {
		return len(c) == 1 && c[0].Phase == PhaseAnswered && len(c[0].B) == 1 && c[0].B[0].Contact == "sip:102@"+soft.local.String()
	})
}

func TestAllForksBusy(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.addExt("101", "Alice", "pw-alice", 0)
	r.addExt("102", "Bob", "pw-bob", 0)
	alice := r.newAgent("101", "pw-alice", "udp")
	p1, p2 := r.newAgent("102", "pw-bob", "udp"), r.newAgent("102", "pw-bob", "udp")
	out := alice.invite("102", alice.sdp(1, ""))
	i1, i2 := p1.waitRequest("INVITE"), p2.waitRequest("INVITE")
	p1.respond(i1, token(), 486, "Busy Here", "")
	p2.respond(i2, token(), 600, "Busy Everywhere", "")
	final := alice.waitResponse("INVITE", 486)
	alice.ackNon2xx(out, final)
	if rec := r.cdrs.next(t); rec.Disposition != store.DispositionBusy {
		t.Fatalf("CDR %+v", rec)
	}
}

func mustBranch(t *testing.T, req *sip.Request) string {
	t.Helper()
	b, _ := req.Via().Params.Get("branch")
	return b
}

func TestRetryWithSameCallIDAfterFailure(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("199", alice.sdp(1, ""))
	final := alice.waitResponse("INVITE", 404)
	alice.ackNon2xx(out, final)
	r.cdrs.next(t)
	// The phone tries another number with the same Call-ID and From tag.
	out.inviteCSeq++
	out.inviteBranch = "z9hG4bK" + token()
	out.inviteURI = "sip:102@" + alice.server.String()
	out.remote = "<sip:102@" + alice.server.Addr().String() + ">"
	out.invite = alice.inviteText(out, alice.sdp(1, ""))
	alice.send(out.invite)
	ch := alice.waitResponse("INVITE", 407)
	alice.ackNon2xx(out, ch)
	out.inviteCSeq++
	out.inviteBranch = "z9hG4bK" + token()
	alice.send(alice.inviteText(out, alice.sdp(1, ""), "Proxy-Authorization: "+alice.credentials(ch, "INVITE", out.inviteURI, alice.pass)))
	inv := bob.waitRequest("INVITE")
	bob.respond(inv, token(), 486, "Busy Here", "")
	final = alice.waitResponse("INVITE", 486)
	alice.ackNon2xx(out, final)
	if rec := r.cdrs.next(t); rec.Disposition != store.DispositionBusy || rec.CallID != out.callID {
		t.Fatalf("CDR %+v", rec)
	}
}
