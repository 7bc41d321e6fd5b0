package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTrunkChime: sipp stands in for Amazon Chime Voice Connector on both
// sides of a SIP trunk (over TCP and UDP: Debian's sipp has no TLS).
//
//   - outbound: baresip 201 dials a 10-digit number; the route prepends
//     +1 and sends it to the trunk, which demands digest authentication,
//     checks the E.164 Request-URI and From and that no private address
//     is in the Contact, answers, and gets the BYE when 201 hangs up.
//   - inbound: an INVITE from the trunk's network (127.0.0.2) to the DID
//     +15550102, with Record-Route and X-VoiceConnector-ID, rings baresip
//     202 (no digest asked), is answered, and hung up from each side in
//     turn (Dialtone's BYE follows the Record-Route).
//   - the same INVITE from 127.0.0.3, which no trunk allows, gets 403.
func TestTrunkChime(t *testing.T) {
	needBinary(t, "baresip")
	needBinary(t, "sipp")
	n := newNode(t)
	n.mustCLI("ext", "add", "201", "--password", "pw-201-secret", "--caller-id", "+15550101")
	n.mustCLI("ext", "add", "202", "--password", "pw-202-secret")
	trunkPort := freePort(t)
	n.mustCLI("trunk", "add", "chime-out", "--type", "generic", "--host", fmt.Sprintf("127.0.0.1:%d", trunkPort),
		"--transport", "tcp", "--username", "acct", "--password", "s3cret-trunk", "--allow", "127.0.0.9/32")
	n.mustCLI("route", "add", "us", "--pattern", "NXXNXXXXXX", "--trunk", "chime-out", "--prepend", "+1")
	n.mustCLI("trunk", "add", "chime-in", "--type", "generic", "--host", "127.0.0.2", "--transport", "udp", "--allow", "127.0.0.2/32")
	n.mustCLI("did", "add", "+15550102", "--trunk", "chime-in", "--to", "202")
	n.serve()

	t.Run("outbound", func(t *testing.T) {
		callThroughTrunk(t, n, trunkPort, "5552345678")
		c := n.waitCDRs(1, 10*time.Second)[0]
		if c["disposition"] != "ANSWERED" || c["callee_number"] != "+15552345678" {
			t.Fatalf("CDR %v", c)
		}
		t.Logf("outbound CDR: %v → %v, %v, packets %v/%v", c["caller_number"], c["callee_number"], c["disposition"], c["packets_a"], c["packets_b"])
	})

	t.Run("inbound", func(t *testing.T) {
		callee := startPhoneWith(t, phoneOptions{
			account: fmt.Sprintf("<sip:202@%s;transport=udp>;auth_pass=pw-202-secret;regint=600;audio_codecs=PCMU/8000/1;answermode=auto", n.sip),
			control: true, quitAfter: 2 * time.Minute})
		n.waitRegs(15*time.Second, "202 registered", func(r []map[string]any) bool { return len(regsOf(r, "202")) == 1 })
		ctl := callee.control()

		// The trunk hangs up.
		uac := startSipp(t, n.sip, "-sf", "chime_uac.xml", "-s", "+15550102", "-i", "127.0.0.2", "-p", fmt.Sprint(freePort(t)),
			"-d", "2000", "-t", "u1", "-m", "1", "-mp", fmt.Sprint(freePort(t)&^1), "-timeout", "60s", "-timeout_error")
		ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second, "CALL_CLOSED")
		if code, out := uac.wait(t, 30*time.Second); code != 0 {
			t.Fatalf("trunk (sipp) exit %d\n%s", code, out)
		}
		ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)

		// The phone hangs up: Dialtone's BYE goes back along the Record-Route.
		uac = startSipp(t, n.sip, "-sf", "chime_uac_wait_bye.xml", "-s", "+15550102", "-i", "127.0.0.2", "-p", fmt.Sprint(freePort(t)),
			"-t", "u1", "-m", "1", "-mp", fmt.Sprint(freePort(t)&^1), "-timeout", "60s", "-timeout_error")
		est := len(ctl.all("CALL_ESTABLISHED"))
		deadline := time.Now().Add(10 * time.Second)
		for len(ctl.all("CALL_ESTABLISHED")) == est && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(time.Second)
		ctl.command(t, "hangup", "")
		if code, out := uac.wait(t, 30*time.Second); code != 0 {
			t.Fatalf("trunk (sipp) exit %d\n%s", code, out)
		}
		cdrs := n.waitCDRs(3, 10*time.Second)
		for _, c := range cdrs[:2] {
			if c["disposition"] != "ANSWERED" || c["caller_number"] != "+15557770000" || c["callee_number"] != "+15550102" {
				t.Fatalf("inbound CDR %v", c)
			}
		}
		if cdrs[0]["hangup_side"] != "callee" || cdrs[1]["hangup_side"] != "caller" {
			t.Fatalf("hang-up sides %v then %v, want caller (the trunk) then callee (the phone)", cdrs[1]["hangup_side"], cdrs[0]["hangup_side"])
		}
	})

	t.Run("not allowed", func(t *testing.T) {
		uac := startSipp(t, n.sip, "-sf", "chime_uac.xml", "-s", "+15550102", "-i", "127.0.0.3", "-p", fmt.Sprint(freePort(t)),
			"-d", "1000", "-t", "u1", "-m", "1", "-mp", fmt.Sprint(freePort(t)&^1), "-timeout", "20s")
		code, out := uac.wait(t, 30*time.Second)
		if code == 0 || !strings.Contains(out, "SIP/2.0 403") {
			t.Fatalf("an INVITE from a network no trunk allows: sipp exit %d, want a 403\n%s", code, out)
		}
	})
}

// callThroughTrunk has baresip 201 dial number while sipp plays the
// provider on TCP port (chime_uas.xml: digest acct/s3cret-trunk, E.164
// checks); 201 hangs up when its 3 s of audio end, and sipp must have seen
// the whole call.
func callThroughTrunk(t *testing.T, n *node, port int, number string) {
	t.Helper()
	creds := filepath.Join(t.TempDir(), "creds.csv")
	if err := os.WriteFile(creds, []byte("SEQUENTIAL\nacct;s3cret-trunk\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	uas := startSipp(t, n.sip, "-sf", "chime_uas.xml", "-inf", creds, "-i", "127.0.0.1", "-p", fmt.Sprint(port),
		"-t", "t1", "-m", "1", "-mp", fmt.Sprint(freePort(t)&^1), "-timeout", "60s", "-timeout_error")
	time.Sleep(300 * time.Millisecond)
	src := filepath.Join(t.TempDir(), "talk.wav")
	writeWAV(t, src, makeTones(0.3, toneStep{440, 3 * time.Second}).pcm)
	caller := startPhoneWith(t, phoneOptions{
		account: fmt.Sprintf("<sip:201@%s;transport=udp>;auth_pass=pw-201-secret;regint=600;audio_codecs=PCMU/8000/1", n.sip),
		source:  src, control: true, quitAfter: time.Minute})
	n.waitRegs(15*time.Second, "201 registered", func(r []map[string]any) bool { return len(regsOf(r, "201")) == 1 })
	ctl := caller.control()
	ctl.command(t, "dial", "sip:"+number+"@"+n.sip)
	ctl.waitEvent(t, "CALL_ESTABLISHED", 15*time.Second, "CALL_CLOSED")
	ctl.waitEvent(t, "CALL_CLOSED", 20*time.Second) // the source file ends
	if code, out := uas.wait(t, 20*time.Second); code != 0 {
		t.Fatalf("provider (sipp) exit %d\n%s", code, out)
	}
}
