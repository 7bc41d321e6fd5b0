package e2e

import (
	byteorder "encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// liveCall is what `dialtone call list --json` shows of a call.
type liveCall struct {
	ID    string `json:"id"`
	Phase string `json:"phase"`
	A     struct {
		Media liveMedia `json:"media"`
	} `json:"a"`
	B []struct {
		State string    `json:"state"`
		Media liveMedia `json:"media"`
	} `json:"b"`
}

type liveMedia struct {
	Addr    string `json:"addr"`    // Dialtone's address in this leg's SDP
	Port    int    `json:"port"`    // Dialtone's relay port for this leg
	Remote  string `json:"remote"`  // the phone's SDP address
	Latched string `json:"latched"` // where the phone's packets come from
	Codec   string `json:"codec"`
}

func (n *node) liveCalls() []liveCall {
	n.t.Helper()
	var out []liveCall
	if err := json.Unmarshal([]byte(n.mustCLI("call", "list", "--json")), &out); err != nil {
		n.t.Fatal(err)
	}
	return out
}

// waitAnsweredCall waits for exactly one answered call with relay ports on
// both legs and returns it.
func (n *node) waitAnsweredCall(d time.Duration) liveCall {
	n.t.Helper()
	deadline := time.Now().Add(d)
	for {
		calls := n.liveCalls()
		if len(calls) == 1 && calls[0].Phase == "answered" && len(calls[0].B) == 1 &&
			calls[0].A.Media.Port != 0 && calls[0].B[0].Media.Port != 0 {
			return calls[0]
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("no answered call with relay ports within %v: %+v", d, calls)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitCDRs waits until the node has want CDRs and returns them, newest first.
func (n *node) waitCDRs(want int, d time.Duration) []map[string]any {
	n.t.Helper()
	deadline := time.Now().Add(d)
	for {
		c := n.cdrs()
		if len(c) >= want {
			return c
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("%d CDRs within %v, want %d: %v", len(c), d, want, c)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkRelayedCDR asserts an answered PCMU call whose every packet went
// through Dialtone's relay: packets from both phones for the whole talk
// time (20 ms packets, at least 80 % of them), none lost.
func checkRelayedCDR(t *testing.T, c map[string]any, caller, callee string) (billsec float64) {
	t.Helper()
	num := func(k string) float64 { f, _ := c[k].(float64); return f }
	if c["disposition"] != "ANSWERED" || c["caller_number"] != caller || c["callee_number"] != callee {
		t.Fatalf("CDR %v: want ANSWERED from %s to %s", c, caller, callee)
	}
	if c["codec_a"] != "PCMU" || c["codec_b"] != "PCMU" {
		t.Fatalf("CDR codecs %v/%v, want PCMU on both legs: %v", c["codec_a"], c["codec_b"], c)
	}
	billsec = num("billsec_ms") / 1000
	if billsec < 2 {
		t.Fatalf("CDR talk time %.3f s, too short for the tones: %v", billsec, c)
	}
	for _, leg := range []string{"a", "b"} {
		pk, lost := num("packets_"+leg), num("lost_"+leg)
		if low, high := 0.8*50*billsec, 50*billsec*1.1+10; pk < low || pk > high {
			t.Fatalf("CDR packets_%s = %.0f for %.2f s of talk, want %.0f…%.0f (50/s): %v", leg, pk, billsec, low, high, c)
		}
		if lost != 0 {
			t.Fatalf("CDR lost_%s = %.0f, want 0: %v", leg, lost, c)
		}
	}
	return billsec
}

var traceHeader = regexp.MustCompile(`^(?:UDP|TCP|TLS) (\S+) -> (\S+)$`)

// sdpReceived lists the audio address of every SDP body the phone received,
// from its SIP trace (startPhoneWith with trace).
func (p *phone) sdpReceived() []netip.AddrPort {
	var out []netip.AddrPort
	var cur []string
	inbound := false
	flush := func() {
		if inbound && len(cur) > 0 {
			if a, ok := sdpMedia(strings.Join(cur, "\n")); ok {
				out = append(out, a)
			}
		}
		cur = nil
	}
	for _, l := range strings.Split(p.output(), "\n") {
		l = strings.TrimRight(l, "\r")
		if m := traceHeader.FindStringSubmatch(l); m != nil {
			flush()
			inbound = m[2] == p.sipAddr
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

// rtpSources lists the addresses baresip says its incoming RTP came from.
func (p *phone) rtpSources() []string {
	re := regexp.MustCompile(`incoming rtp for 'audio' established, receiving from (\S+)`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(p.output(), -1) {
		out = append(out, m[1])
	}
	return out
}

// waitOutput waits up to d for s in the phone's output.
func (p *phone) waitOutput(s string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for !strings.Contains(p.output(), s) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

func ms(d int) time.Duration { return time.Duration(d) * time.Millisecond }

// TestBaresipCallCarriesTones: two real phones (baresip, PCMU only)
// registered as 201 and 202; 201 calls 202 through Dialtone while playing
// a known tone sequence and 202 answers playing another. Each phone records
// what it hears. The test asserts that each heard the other's tones, in
// order, at the right frequencies and close to the source (G.711 passes
// through unchanged), that each phone's SDP named Dialtone's relay and its
// RTP came from there, and that the CDR counted the packets of the whole
// call in both directions with none lost.
func TestBaresipCallCarriesTones(t *testing.T) {
	needBinary(t, "baresip")
	n := newNode(t)
	n.mustCLI("ext", "add", "201", "--name", "Alice", "--password", "pw-201-secret")
	n.mustCLI("ext", "add", "202", "--name", "Bob", "--password", "pw-202-secret")
	n.serve()

	// What 201 says: 800 ms of silence (answer and jitter buffer), four
	// 500 ms tones 150 ms apart, 500 ms of silence, then the end of the file
	// makes it hang up.
	dir := t.TempDir()
	toB := makeTones(0.5,
		toneStep{0, ms(800)},
		toneStep{440, ms(500)}, toneStep{0, ms(150)},
		toneStep{880, ms(500)}, toneStep{0, ms(150)},
		toneStep{1320, ms(500)}, toneStep{0, ms(150)},
		toneStep{660, ms(500)}, toneStep{0, ms(500)})
	// What 202 says back: three other tones, then silence for longer than
	// the call lasts, so that the caller is the one who hangs up.
	toA := makeTones(0.5,
		toneStep{0, ms(800)},
		toneStep{1000, ms(500)}, toneStep{0, ms(150)},
		toneStep{500, ms(500)}, toneStep{0, ms(150)},
		toneStep{1500, ms(500)}, toneStep{0, 10 * time.Second})
	wavA, wavB := filepath.Join(dir, "from-201.wav"), filepath.Join(dir, "from-202.wav")
	writeWAV(t, wavA, toB.pcm)
	writeWAV(t, wavB, toA.pcm)

	account := func(ext, extra string) string {
		return fmt.Sprintf("<sip:%s@%s;transport=udp>;auth_pass=pw-%s-secret;regint=600;audio_codecs=PCMU/8000/1%s",
			ext, n.sip, ext, extra)
	}
	callee := startPhoneWith(t, phoneOptions{account: account("202", ";answermode=auto"),
		source: wavB, record: true, trace: true, quitAfter: time.Minute})
	caller := startPhoneWith(t, phoneOptions{account: account("201", ""),
		source: wavA, record: true, trace: true, control: true, quitAfter: time.Minute})
	n.waitRegs(15*time.Second, "201 and 202 registered over UDP", func(r []map[string]any) bool {
		a, b := regsOf(r, "201"), regsOf(r, "202")
		return len(a) == 1 && len(b) == 1 && a[0]["transport"] == "udp" && b[0]["transport"] == "udp"
	})

	ctl := caller.control()
	ctl.command(t, "dial", "sip:202@"+n.sip)
	ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second, "CALL_CLOSED")
	established := time.Now()
	live := n.waitAnsweredCall(5 * time.Second)
	legA, legB := live.A.Media, live.B[0].Media
	t.Logf("relay: 201 %s ⇄ Dialtone :%d | Dialtone :%d ⇄ 202 %s", legA.Remote, legA.Port, legB.Port, legB.Remote)

	// 201 hangs up when its file ends (about 3.75 s of audio).
	closed := ctl.waitEvent(t, "CALL_CLOSED", 20*time.Second)
	t.Logf("call closed after %.2f s (%v)", time.Since(established).Seconds(), closed["param"])
	if !callee.waitOutput("terminated", 10*time.Second) {
		t.Fatalf("202 did not see the call end")
	}
	// Stopping the phones closes their recordings.
	caller.stop()
	callee.stop()

	// Every packet went through Dialtone's relay.
	c := n.waitCDRs(1, 10*time.Second)[0]
	billsec := checkRelayedCDR(t, c, "201", "202")
	if c["hangup_side"] != "caller" {
		t.Fatalf("CDR hang-up side %v, want caller (201's file ended): %v", c["hangup_side"], c)
	}
	t.Logf("CDR: %.2f s talk, packets %v/%v, lost %v/%v, jitter %v/%v ms",
		billsec, c["packets_a"], c["packets_b"], c["lost_a"], c["lost_b"], c["jitter_a_ms"], c["jitter_b_ms"])

	// Each phone was told (SDP) to send to Dialtone, and heard from there.
	for _, x := range []struct {
		name     string
		p        *phone
		leg      liveMedia
		otherSDP string
	}{{"201", caller, legA, legB.Remote}, {"202", callee, legB, legA.Remote}} {
		relay := fmt.Sprintf("127.0.0.1:%d", x.leg.Port)
		sdps := x.p.sdpReceived()
		if len(sdps) == 0 {
			t.Fatalf("%s received no SDP (trace missing?)", x.name)
		}
		for _, a := range sdps {
			if a.String() != relay {
				t.Fatalf("%s was told to send media to %s, want Dialtone's relay %s (the other phone is at %s); all: %v",
					x.name, a, relay, x.otherSDP, sdps)
			}
		}
		if src := x.p.rtpSources(); len(src) == 0 || slices.ContainsFunc(src, func(s string) bool { return s != relay }) {
			t.Fatalf("%s received RTP from %v, want only Dialtone's relay %s", x.name, src, relay)
		}
		t.Logf("%s: %d SDP bodies received, all naming %s; RTP received from %v", x.name, len(sdps), relay, x.p.rtpSources())
		if x.leg.Codec != "PCMU" {
			t.Fatalf("leg of %s negotiated %q, want PCMU", x.name, x.leg.Codec)
		}
	}

	// What each phone heard.
	for _, x := range []struct {
		what string
		p    *phone
		sent toneSeq
	}{{"202 hearing 201", callee, toB}, {"201 hearing 202", caller, toA}} {
		rec := recording(t, x.p.recDir)
		heard := findTones(rec)
		checkTones(t, x.what, heard, x.sent)
		worst, per := likeness(x.sent, heard, rec)
		t.Logf("%s: correlation with the source per tone %.4f", x.what, per)
		if worst < 0.95 {
			t.Fatalf("%s: a tone correlates %.4f with what was sent, want ≥ 0.95 (G.711 passes through): %.4f", x.what, worst, per)
		}
	}
}

// rtpPacket is one packet the test received.
type rtpPacket struct {
	at      time.Time
	seq     uint16
	payload []byte
}

// rtpSender sends pcm as 20 ms PCMU packets from conn to dst, then silence
// until stop is closed; it returns how many it sent.
func rtpSender(conn *net.UDPConn, dst netip.AddrPort, ssrc uint32, pcm []int16, stop <-chan struct{}) int {
	const frame = 160
	pkt := make([]byte, 12+frame)
	pkt[0], pkt[1] = 0x80, 0 // v2, PCMU
	byteorder.BigEndian.PutUint32(pkt[8:], ssrc)
	seq, ts := uint16(ssrc>>3), ssrc*7
	start := time.Now()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return i
		case <-time.After(time.Until(start.Add(time.Duration(i) * 20 * time.Millisecond))):
		}
		byteorder.BigEndian.PutUint16(pkt[2:], seq)
		byteorder.BigEndian.PutUint32(pkt[4:], ts)
		for j := range frame {
			v := int16(0)
			if k := i*frame + j; k < len(pcm) {
				v = pcm[k]
			}
			pkt[12+j] = ulawEncode(v)
		}
		if _, err := conn.WriteToUDPAddrPort(pkt, dst); err != nil {
			return i
		}
		seq++
		ts += frame
	}
}

// TestNATedPhoneGetsMediaAfterLatching: the callee registers from
// 127.0.0.3 while claiming 10.0.0.99 in Via, Contact and SDP (a phone behind
// NAT that knows only its private address), and sends its RTP from another
// port than the one its SDP names. Dialtone must ring it where its
// registration came from, send it media where its media comes from once it
// has sent some (latching), deliver its BYE there, and ignore a stranger
// sending to the same relay port afterwards.
func TestNATedPhoneGetsMediaAfterLatching(t *testing.T) {
	needBinary(t, "baresip")
	n := newNode(t)
	n.mustCLI("ext", "add", "201", "--name", "Alice", "--password", "pw-201-secret")
	n.mustCLI("ext", "add", "202", "--name", "Natted Bob", "--password", "pw-202-secret")
	n.serve()

	claimed := netip.MustParseAddrPort("10.0.0.99:40000") // its SDP: nothing of it is reachable
	ua := newTestUA(t, "127.0.0.3:0", n.sip, "202", "pw-202-secret", "10.0.0.99:5999")
	ua.register(600)
	r := n.waitRegs(5*time.Second, "202 registered", func(r []map[string]any) bool { return len(regsOf(r, "202")) == 1 })
	if reg := regsOf(r, "202")[0]; reg["source"] != ua.addr().String() || !strings.Contains(fmt.Sprint(reg["contact"]), "10.0.0.99") {
		t.Fatalf("registration %v: want source %s and the claimed contact", reg, ua.addr())
	}
	rtp, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.3:0")))
	if err != nil {
		t.Fatal(err)
	}
	defer rtp.Close()

	// The caller: 1.8 s of silence (time for the callee to latch), four
	// tones, silence, then it hangs up at the end of its file.
	dir := t.TempDir()
	toB := makeTones(0.5,
		toneStep{0, ms(1800)},
		toneStep{440, ms(500)}, toneStep{0, ms(150)},
		toneStep{880, ms(500)}, toneStep{0, ms(150)},
		toneStep{1320, ms(500)}, toneStep{0, ms(150)},
		toneStep{660, ms(500)}, toneStep{0, ms(700)})
	wavA := filepath.Join(dir, "from-201.wav")
	writeWAV(t, wavA, toB.pcm)
	caller := startPhoneWith(t, phoneOptions{
		account: fmt.Sprintf("<sip:201@%s;transport=udp>;auth_pass=pw-201-secret;regint=600;audio_codecs=PCMU/8000/1", n.sip),
		source:  wavA, record: true, control: true, quitAfter: time.Minute})
	n.waitRegs(15*time.Second, "201 registered", func(r []map[string]any) bool { return len(regsOf(r, "201")) == 1 })
	ctl := caller.control()
	ctl.command(t, "dial", "sip:202@"+n.sip)

	// Rung at the address the REGISTER came from, not the claimed Contact.
	dlg := ua.answer(10*time.Second, claimed)
	relay := dlg.offer
	ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second, "CALL_CLOSED")
	live := n.waitAnsweredCall(5 * time.Second)
	if got := live.B[0].Media.Remote; got != claimed.String() {
		t.Fatalf("Dialtone took the callee's media address as %s, want the claimed %s", got, claimed)
	}
	if relay.Port() != uint16(live.B[0].Media.Port) {
		t.Fatalf("INVITE offered %s, but the call's relay port toward 202 is %d", relay, live.B[0].Media.Port)
	}

	// Receive everything that reaches the real media socket.
	var mu sync.Mutex
	var got []rtpPacket
	recvDone := make(chan struct{})
	go func() {
		defer close(recvDone)
		buf := make([]byte, 2048)
		for {
			k, _, err := rtp.ReadFromUDPAddrPort(buf)
			if err != nil {
				return
			}
			if k < 12 || buf[0]>>6 != 2 || buf[1]&0x7f != 0 {
				continue // RTCP or not PCMU
			}
			p := rtpPacket{at: time.Now(), seq: byteorder.BigEndian.Uint16(buf[2:]), payload: append([]byte(nil), buf[12:k]...)}
			mu.Lock()
			got = append(got, p)
			mu.Unlock()
		}
	}()
	received := func() int { mu.Lock(); defer mu.Unlock(); return len(got) }

	// Before it sends anything, Dialtone can only send to the claimed
	// address: nothing reaches the phone.
	time.Sleep(time.Second)
	if k := received(); k != 0 {
		t.Fatalf("%d packets reached the phone before it sent any: Dialtone sends somewhere its SDP does not name", k)
	}

	// The phone talks from its real socket: two tones, then silence.
	toA := makeTones(0.5,
		toneStep{0, ms(300)},
		toneStep{1000, ms(500)}, toneStep{0, ms(150)},
		toneStep{500, ms(500)})
	stopSend := make(chan struct{})
	sentCh := make(chan int, 1)
	latchAt := time.Now()
	go func() { sentCh <- rtpSender(rtp, relay, 0x5eed0202, toA.pcm, stopSend) }()

	// Once latched, a stranger sending a loud 2.5 kHz tone to the same relay
	// port must be ignored.
	time.Sleep(1600 * time.Millisecond)
	stranger, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.4:0")))
	if err != nil {
		t.Fatal(err)
	}
	defer stranger.Close()
	var latchedShown string
	stopStranger := make(chan struct{})
	strangerCh := make(chan int, 1)
	go func() {
		noise := makeTones(0.7, toneStep{2500, 600 * time.Millisecond})
		strangerCh <- rtpSender(stranger, relay, 0xbad0bad0, noise.pcm, stopStranger)
	}()
	time.Sleep(600 * time.Millisecond)
	close(stopStranger)
	strangerSent := <-strangerCh
	// By now the latch has been in place for over 2 s.
	if calls := n.liveCalls(); len(calls) == 1 && len(calls[0].B) == 1 {
		latchedShown = calls[0].B[0].Media.Latched
	}

	// The caller hangs up at the end of its file; the BYE reaches the phone
	// through its NAT binding, not at the claimed Contact.
	bye := ua.waitBye(dlg, 15*time.Second)
	close(stopSend)
	sent := <-sentCh
	if bye == nil {
		t.Fatalf("the NATed phone never got the BYE; caller events: %s", ctl.events())
	}
	ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)
	caller.stop()
	rtp.Close()
	<-recvDone

	mu.Lock()
	pkts := slices.Clone(got)
	mu.Unlock()
	if len(pkts) == 0 {
		t.Fatalf("no media reached the phone's real socket %s after it sent %d packets from there", rtp.LocalAddr(), sent)
	}
	first := pkts[0].at.Sub(latchAt)
	t.Logf("phone sent %d packets from %s, received %d, the first %.0f ms after it started sending; stranger sent %d",
		sent, rtp.LocalAddr(), len(pkts), first.Seconds()*1000, strangerSent)
	if first > 500*time.Millisecond {
		t.Fatalf("media reached the phone only %v after it started sending", first)
	}
	// What the phone heard: the caller's four tones, in order.
	base := pkts[0].seq
	slices.SortStableFunc(pkts, func(a, b rtpPacket) int { return int(int16(a.seq-base)) - int(int16(b.seq-base)) })
	var pcm []int16
	for _, p := range pkts {
		for _, u := range p.payload {
			pcm = append(pcm, ulawDecode(u))
		}
	}
	checkTones(t, "NATed 202 hearing 201", findTones(pcm), toB)

	// What the caller heard: the phone's two tones and not the stranger.
	rec := recording(t, caller.recDir)
	heard := findTones(rec)
	checkTones(t, "201 hearing the NATed 202", heard, toA)

	c := n.waitCDRs(1, 10*time.Second)[0]
	if c["disposition"] != "ANSWERED" || c["hangup_side"] != "caller" || c["codec_b"] != "PCMU" {
		t.Fatalf("CDR %v: want ANSWERED, PCMU, hung up by the caller", c)
	}
	pb, _ := c["packets_b"].(float64)
	if pb < 0.95*float64(sent) || pb > float64(sent) {
		t.Fatalf("CDR packets_b = %.0f, the phone sent %d (and a stranger %d more): want the phone's only", pb, sent, strangerSent)
	}
	if c["lost_b"] != float64(0) {
		t.Fatalf("CDR lost_b = %v, want 0: %v", c["lost_b"], c)
	}
	t.Logf("CDR: packets %v/%v, lost %v/%v", c["packets_a"], c["packets_b"], c["lost_a"], c["lost_b"])

	// Observability: `call list` shows where the relay latched.
	if latchedShown != rtp.LocalAddr().String() {
		t.Fatalf("2 s after latching, `call list` showed leg B latched to %q, not the phone's real media socket %s", latchedShown, rtp.LocalAddr())
	}
}
