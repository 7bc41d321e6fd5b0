package call

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// twoPhones configures 101 (Alice) and 102 (Bob) and registers one phone
// each.
func twoPhones(r *rig, ta, tb string) (alice, bob *agent) {
	r.addExt("101", "Alice", "pw-alice", 0)
	r.addExt("102", "Bob", "pw-bob", 0)
	return r.newAgent("101", "pw-alice", ta), r.newAgent("102", "pw-bob", tb)
}

// established is an answered call between two agents.
type established struct {
	out *outgoing // Alice's side
	in  *incoming // Bob's side
	a   *sip.Response
	b   *sip.Request
}

// connect places and answers a call from alice to bob's number.
func connect(t *testing.T, alice, bob *agent) established {
	t.Helper()
	out := alice.invite("102", alice.sdp(1, ""))
	alice.waitResponse("INVITE", 100)
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 180, "Ringing", "")
	alice.waitResponse("INVITE", 180)
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	bob.waitRequest("ACK")
	ok := alice.waitResponse("INVITE", 200)
	alice.answered(out, ok)
	return established{out: out, in: in, a: ok, b: inv}
}

func TestAnsweredCallCallerHangsUp(t *testing.T) {
	t.Parallel()
	for _, tr := range [][2]string{{"udp", "udp"}, {"tcp", "udp"}, {"udp", "tcp"}} {
		t.Run(tr[0]+"-"+tr[1], func(t *testing.T) {
			r := newRig(t)
			alice, bob := twoPhones(r, tr[0], tr[1])
			c := connect(t, alice, bob)

			// Media through the relay both ways.
			toA, toB := mediaOf(t, c.a.Body()), mediaOf(t, c.b.Body())
			if toA.Port() == toB.Port() {
				t.Fatalf("both legs anchored on one port %d", toA.Port())
			}
			alice.sendRTP(toA, 10, 1)
			if got := bob.recvRTP(10); got < 8 {
				t.Fatalf("bob got %d/10 RTP packets through the relay", got)
			}
			bob.sendRTP(toB, 10, 500)
			if got := alice.recvRTP(10); got < 8 {
				t.Fatalf("alice got %d/10 RTP packets through the relay", got)
			}
			r.calls(func(c []State) bool {
				return len(c) == 1 && c[0].Phase == PhaseAnswered && c[0].A.Media.Port == toA.Port() && c[0].A.Media.Latched.IsValid()
			})

			alice.request(&c.out.dialog, "BYE", "")
			bye := bob.waitRequest("BYE")
			bob.respond(bye, "", 200, "OK", "")
			alice.waitResponse("BYE", 200)
			rec := r.cdrs.next(t)
			if rec.Disposition != store.DispositionAnswered || rec.HangupReason != "normal" || rec.HangupSide != "caller" {
				t.Fatalf("CDR %+v", rec)
			}
			if rec.CallerNumber != "101" || rec.CallerName != "Alice" || rec.CalleeNumber != "102" || rec.CalleeName != "Bob" || rec.Node != "test-node" {
				t.Fatalf("CDR parties %+v", rec)
			}
			if rec.CallID != c.out.callID || rec.AnsweredAt.IsZero() || rec.Billable <= 0 || rec.Duration < rec.Billable {
				t.Fatalf("CDR times %+v", rec)
			}
			if rec.CodecA != "PCMU" || rec.CodecB != "PCMU" || rec.PacketsA < 8 || rec.PacketsB < 8 {
				t.Fatalf("CDR media %+v", rec)
			}
			waitNoCalls(t, r)
		})
	}
}

func TestAnsweredCallCalleeHangsUp(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	c := connect(t, alice, bob)
	bob.request(&c.in.dialog, "BYE", "")
	bye := alice.waitRequest("BYE")
	if got := string(*bye.CallID()); got != c.out.callID {
		t.Fatalf("BYE to the caller has Call-ID %q, want its own %q", got, c.out.callID)
	}
	if tagOf(bye.From().Params) != tagOf(c.a.To().Params) {
		t.Fatalf("BYE From tag %q, want the tag of our 200 %q", tagOf(bye.From().Params), tagOf(c.a.To().Params))
	}
	alice.respond(bye, "", 200, "OK", "")
	bob.waitResponse("BYE", 200)
	rec := r.cdrs.next(t)
	if rec.Disposition != store.DispositionAnswered || rec.HangupSide != "callee" || rec.HangupReason != "normal" {
		t.Fatalf("CDR %+v", rec)
	}
	waitNoCalls(t, r)
}

// waitNoCalls waits until the switch has freed every call.
func waitNoCalls(t *testing.T, r *rig) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for r.sw.Stats().Active > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("calls still in memory: %+v", r.sw.Stats())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := r.media.open(); n != 0 {
		t.Fatalf("%d relay endpoints still open", n)
	}
}

func TestTopologyHiding(t *testing.T) {
	t.Parallel()
	r := newRig(t, withOptions(func(o *Options) { o.AlertInfo = true }))
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdp(1, ""), "Alert-Info: <http://example.com/ring>;info=alert-internal", "User-Agent: AliceSoft 1.0")
	inv := bob.waitRequest("INVITE")
	raw := inv.String()
	for _, leak := range []string{out.callID, tagOf(mustFrom(t, out.local)), alice.local.String(), "10.9.8", "X-Secret", "internal-value", "AliceSoft", "secret info", "phone of 101", "Phone 101", "4242"} {
		if strings.Contains(raw, leak) {
			t.Errorf("B-leg INVITE leaks %q:\n%s", leak, raw)
		}
	}
	if got := inv.GetHeaders("Via"); len(got) != 1 {
		t.Errorf("B-leg INVITE has %d Via headers, want only ours", len(got))
	}
	if inv.GetHeader("Record-Route") != nil || inv.GetHeader("Route") != nil {
		t.Errorf("B-leg INVITE carries routing headers:\n%s", raw)
	}
	pai := inv.GetHeader("P-Asserted-Identity")
	if pai == nil || !strings.Contains(pai.Value(), `"Alice" <sip:101@`) {
		t.Errorf("P-Asserted-Identity = %v", pai)
	}
	if ai := inv.GetHeader("Alert-Info"); ai == nil || !strings.Contains(ai.Value(), "example.com/ring") {
		t.Errorf("Alert-Info not passed: %v", ai)
	}
	if inv.From().Address.User != "101" || inv.From().DisplayName != "Alice" || inv.To().Address.User != "102" || tagOf(inv.To().Params) != "" {
		t.Errorf("B-leg From/To: %s / %s", inv.From().Value(), inv.To().Value())
	}
	if inv.CSeq().SeqNo != 1 || inv.MaxForwards() == nil || inv.MaxForwards().Val() != 70 {
		t.Errorf("B-leg CSeq/Max-Forwards: %s / %v", inv.CSeq().Value(), inv.MaxForwards())
	}
	if inv.Recipient.String() != "sip:102@"+bob.local.String() {
		t.Errorf("Request-URI %s, want the registered contact", inv.Recipient.String())
	}
	if got := mediaOf(t, inv.Body()); got.Port() == alice.rtp.LocalAddr().(*net.UDPAddr).AddrPort().Port() {
		t.Errorf("B-leg SDP carries the caller's own media port %d", got.Port())
	}
	// The caller's codecs first, in its order, then those Dialtone can
	// transcode to; telephone-event kept with the caller's payload type.
	if !strings.Contains(string(inv.Body()), "RTP/AVP 0 8 ") || !strings.Contains(string(inv.Body()), "a=rtpmap:101 telephone-event/8000") {
		t.Errorf("codecs not passed:\n%s", inv.Body())
	}
	// The answer towards the caller hides the callee the same way.
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""), "X-Bob-Internal: yes", "Server: BobPhone 2.0")
	ok := alice.waitResponse("INVITE", 200)
	rawOK := ok.String()
	for _, leak := range []string{string(*inv.CallID()), in.tag, bob.local.String(), "X-Bob-Internal", "BobPhone", "phone of 102"} {
		if strings.Contains(rawOK, leak) {
			t.Errorf("200 to the caller leaks %q:\n%s", leak, rawOK)
		}
	}
	alice.answered(out, ok)
}

func mustFrom(t *testing.T, v string) sip.HeaderParams {
	t.Helper()
	var u sip.Uri
	p := sip.NewParams()
	if _, err := sip.ParseAddressValue(v, &u, &p); err != nil {
		t.Fatal(err)
	}
	return p
}
