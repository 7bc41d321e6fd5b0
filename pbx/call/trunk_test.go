package call

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/rtp"
	"github.com/dialtone-pbx/dialtone/media/sdp"
	"github.com/dialtone-pbx/dialtone/media/srtp"
	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// fakeTrunks is a trunk plan: calls out go to targets; requests from src
// come from trunk "chime".
type fakeTrunks struct {
	src     netip.Addr
	mu      sync.Mutex
	targets []TrunkTarget
}

func (f *fakeTrunks) setTargets(ts ...TrunkTarget) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.targets = ts
}

func (f *fakeTrunks) Source(a netip.Addr) (string, bool) {
	return "chime", f.src.IsValid() && a == f.src
}

func (f *fakeTrunks) Outbound(_ context.Context, caller store.Extension, dialled string) (OutboundCall, error) {
	if !strings.HasPrefix(dialled, "555") {
		return OutboundCall{}, &OutboundError{Code: 404, Reason: "no route for " + dialled}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return OutboundCall{Route: "us", Number: "+1" + dialled, CallerID: "+1555010" + caller.Number[2:], Targets: slices.Clone(f.targets)}, nil
}

// TestTrunkOutbound: a call to a number no extension has goes to the trunk:
// the first target never answers (Timer B), the second challenges (401)
// and gets our credentials; the trunk leg is SRTP (SDES) while the phone's
// stays plain RTP, and audio crosses both ways.
func TestTrunkOutbound(t *testing.T) {
	t.Parallel()
	dead, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	ft := &fakeTrunks{}
	r := newRig(t, withOptions(func(o *Options) { o.Trunks = ft }))
	r.addExt("101", "Alice", "pw-alice", 0)
	alice := r.newAgent("101", "pw-alice", "udp")
	chime := r.newAgentOn("9000", "x", "udp", "127.0.0.2")
	ft.setTargets(
		TrunkTarget{Trunk: "chime", Transport: "udp", Addr: dead.LocalAddr().(*net.UDPAddr).AddrPort(), Host: "vc.example", SRTP: "required"},
		TrunkTarget{Trunk: "chime", Transport: "udp", Addr: chime.local, Host: "vc.example", Username: "acct", Password: "s3cret", SRTP: "required"},
	)

	out := alice.invite("5551234567", alice.sdp(1, ""))
	inv := chime.waitRequest("INVITE")
	if inv.Recipient.User != "+15551234567" || inv.From().Address.User != "+15550101" {
		t.Fatalf("Request-URI %s From %s", inv.Recipient.String(), inv.From().Value())
	}
	off, err := sdp.Parse(inv.Body())
	if err != nil || off.Media[0].Proto != "RTP/SAVP" {
		t.Fatalf("trunk offer not SRTP:\n%s", inv.Body())
	}
	offered, err := srtp.Offered(off.Media[0])
	if err != nil || len(offered) == 0 {
		t.Fatalf("no a=crypto in the trunk offer: %v", err)
	}
	chime.respond(inv, "t1", 401, "Unauthorized", "", `WWW-Authenticate: Digest realm="vc.example", nonce="n0nce", qop="auth", algorithm=MD5`)
	inv2 := chime.waitRequest("INVITE")
	h := inv2.GetHeader("Authorization")
	if h == nil || inv2.CSeq().SeqNo != inv.CSeq().SeqNo+1 || string(*inv2.CallID()) != string(*inv.CallID()) {
		t.Fatalf("no retry with credentials: %v", inv2)
	}
	p := parseChallenge(h.Value())
	want := digest.Response(digest.MD5, digest.HA1(digest.MD5, "acct", "vc.example", "s3cret"), "n0nce", p["nc"], p["cnonce"], "auth", "INVITE", p["uri"])
	if p["username"] != "acct" || p["response"] != want {
		t.Fatalf("digest %q, want response %s", h.Value(), want)
	}
	// The trunk answers with its own key for the first suite offered.
	theirs, err := srtp.NewCrypto(offered[0].Tag, offered[0].Suite)
	if err != nil {
		t.Fatal(err)
	}
	ans := chime.sdpWith(1, "0 101", "rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000", "crypto:"+theirs.String())
	ans = strings.Replace(ans, "RTP/AVP", "RTP/SAVP", 1)
	in := chime.accept(inv2)
	chime.respond(inv2, in.tag, 200, "OK", ans)
	chime.waitRequest("ACK")
	ok := alice.waitResponse("INVITE", 200)
	lateAnswer(t, dead)
	alice.answered(out, ok)
	if b := string(ok.Body()); strings.Contains(b, "crypto") || strings.Contains(b, "SAVP") {
		t.Fatalf("keys or SRTP profile reached the phone:\n%s", b)
	}

	// Alice → trunk: SRTP with the key Dialtone offered.
	toA, toTrunk := mediaOf(t, ok.Body()), mediaOf(t, inv2.Body())
	un, err := srtp.NewUnprotector(offered[0])
	if err != nil {
		t.Fatal(err)
	}
	alice.sendRTP(toA, 10, 1)
	buf := make([]byte, 2048)
	_ = chime.rtp.SetReadDeadline(time.Now().Add(wait))
	n, err := chime.rtp.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := un.Unprotect(nil, buf[:n])
	if err != nil {
		t.Fatalf("trunk cannot decrypt what Dialtone sent: %v", err)
	}
	if _, pl, err := rtp.Parse(plain); err != nil || len(pl) != 160 || pl[0] != 0xff {
		t.Fatalf("decrypted payload %x (%v)", pl, err)
	}
	// Trunk → Alice: Dialtone decrypts with the trunk's key.
	pr, err := srtp.NewProtector(theirs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		enc, _ := pr.Protect(nil, rtpPacket(uint16(700+i), uint32(i*160), 0x77))
		_, _ = chime.rtp.WriteToUDPAddrPort(enc, toTrunk)
		time.Sleep(2 * time.Millisecond)
	}
	if got := alice.recvRTP(5); got < 4 {
		t.Fatalf("Alice got %d plain packets from the SRTP trunk", got)
	}
	alice.request(&out.dialog, "BYE", "")
	bye := chime.waitRequest("BYE")
	chime.respond(bye, "", 200, "OK", "")
	rec := r.cdrs.next(t)
	if rec.Disposition != store.DispositionAnswered || rec.CalleeNumber != "+15551234567" {
		t.Fatalf("CDR %+v", rec)
	}
}

// TestTrunkInbound: an INVITE from a trunk's network needs no digest and is
// routed by the dialplan as a trunk call; one from elsewhere whose From is
// no extension gets 403.
func TestTrunkInbound(t *testing.T) {
	t.Parallel()
	ft := &fakeTrunks{src: netip.MustParseAddr("127.0.0.2")}
	r := newRig(t, withOptions(func(o *Options) {
		o.Trunks = ft
		o.Route = func(in dialplan.Input) dialplan.Decision {
			if in.Source == dialplan.TrunkSource("chime") && in.Dialled == "+15550102" {
				return dialplan.Decision{Kind: dialplan.KindExtension, Number: "102", Extension: store.Extension{Number: "102", Name: "Bob", Enabled: true}}
			}
			return dialplan.Decision{Kind: dialplan.KindNotFound, Number: in.Dialled}
		}
	}))
	r.addExt("102", "Bob", "pw-bob", 0)
	bob := r.newAgent("102", "pw-bob", "udp")
	chime := r.newAgentOn("+15557770000", "x", "udp", "127.0.0.2")
	out := chime.inviteNoAuth("+15550102", chime.sdp(1, ""), "X-VoiceConnector-ID: abcdef")
	inv := bob.waitRequest("INVITE")
	if inv.From().Address.User != "+15557770000" || inv.GetHeader("X-VoiceConnector-ID") != nil {
		t.Fatalf("B-leg From %s, headers %v", inv.From().Value(), inv.Headers())
	}
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 200, "OK", bob.sdp(1, ""))
	bob.waitRequest("ACK")
	ok := chime.waitResponse("INVITE", 200)
	chime.answered(out, ok)
	bob.request(&in.dialog, "BYE", "")
	bye := chime.waitRequest("BYE")
	chime.respond(bye, "", 200, "OK", "")
	bob.waitResponse("BYE", 200)
	if rec := r.cdrs.next(t); rec.CallerNumber != "+15557770000" || rec.CalleeNumber != "102" || rec.Disposition != store.DispositionAnswered {
		t.Fatalf("CDR %+v", rec)
	}

	// The same from an address no trunk allows: 403, no challenge.
	stranger := r.newAgentOn("+15557770000", "x", "udp", "127.0.0.3")
	stranger.inviteNoAuth("+15550102", stranger.sdp(1, ""))
	stranger.waitResponse("INVITE", 403)
}

// lateAnswer has the target Timer B gave up on answer after all: its 200
// must be acknowledged and hung up at once (no second call left up).
func lateAnswer(t *testing.T, dead *net.UDPConn) {
	t.Helper()
	buf := make([]byte, 8192)
	_ = dead.SetReadDeadline(time.Now().Add(wait))
	n, from, err := dead.ReadFromUDPAddrPort(buf)
	if err != nil {
		t.Fatalf("the first target got no INVITE: %v", err)
	}
	msg, err := sip.ParseMessage(buf[:n])
	inv, ok := msg.(*sip.Request)
	if err != nil || !ok || inv.Method != sip.INVITE {
		t.Fatalf("first target got %v (%v)", msg, err)
	}
	res := sip.NewResponseFromRequest(inv, 200, "OK", nil)
	res.To().Params.Add("tag", "late1")
	res.AppendHeader(&sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: "late", Host: "127.0.0.1", Port: dead.LocalAddr().(*net.UDPAddr).Port}})
	if _, err := dead.WriteToUDPAddrPort([]byte(res.String()), from); err != nil {
		t.Fatal(err)
	}
	seen := map[sip.RequestMethod]bool{}
	deadline := time.Now().Add(wait)
	for !(seen[sip.ACK] && seen[sip.BYE]) && time.Now().Before(deadline) {
		_ = dead.SetReadDeadline(deadline)
		n, from, err := dead.ReadFromUDPAddrPort(buf)
		if err != nil {
			break
		}
		m, err := sip.ParseMessage(buf[:n])
		if req, ok := m.(*sip.Request); err == nil && ok {
			seen[req.Method] = true
			if req.Method == sip.BYE {
				bye := sip.NewResponseFromRequest(req, 200, "OK", nil)
				_, _ = dead.WriteToUDPAddrPort([]byte(bye.String()), from)
			}
		}
	}
	if !seen[sip.ACK] || !seen[sip.BYE] {
		t.Fatalf("the late 200 of the abandoned target: ACK %v, BYE %v", seen[sip.ACK], seen[sip.BYE])
	}
}
