package e2e

import (
	bin "encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
)

// liveDigits is what `dialtone call list --json` shows of the digits of
// the one call in progress.
type liveDigit struct {
	Leg, Digit, Method string
}

func (n *node) callDigits() []liveDigit {
	n.t.Helper()
	var calls []struct {
		Digits []liveDigit `json:"digits"`
	}
	if err := json.Unmarshal([]byte(n.mustCLI("call", "list", "--json")), &calls); err != nil {
		n.t.Fatal(err)
	}
	if len(calls) != 1 {
		return nil
	}
	return calls[0].Digits
}

// waitDigits waits until the call in progress has reported want digits.
func (n *node) waitDigits(want int, d time.Duration) []liveDigit {
	n.t.Helper()
	deadline := time.Now().Add(d)
	for {
		got := n.callDigits()
		if len(got) >= want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func digitsBy(ds []liveDigit, method string) string {
	var b strings.Builder
	for _, d := range ds {
		if d.Method == method {
			b.WriteString(d.Digit)
		}
	}
	return b.String()
}

// dtmfFreqs are the row and column tones of each key (ITU-T Q.23).
var dtmfFreqs = map[rune][2]float64{
	'1': {697, 1209}, '2': {697, 1336}, '3': {697, 1477}, '4': {770, 1209}, '5': {770, 1336}, '6': {770, 1477},
	'7': {852, 1209}, '8': {852, 1336}, '9': {852, 1477}, '*': {941, 1209}, '0': {941, 1336}, '#': {941, 1477},
}

// inbandPcap writes a pcap of A-law RTP (PT 8, 20 ms packets) for sipp's
// play_pcap_audio: quiet noise with the keys of digits as 100 ms dual
// tones (−10 dBm0 each) 200 ms apart from 200 ms on, lasting total.
func inbandPcap(t *testing.T, path, digits string, total time.Duration) {
	t.Helper()
	const rate = 8000
	pcm := make([]int16, int(total.Seconds()*rate))
	seed := uint32(1)
	for i := range pcm { // a little noise, so the stream is not digital silence
		seed = seed*1664525 + 1013904223
		pcm[i] = int16(int32(seed>>16)%64 - 32)
	}
	amp := 0.22 * 32767 // about −10 dBm0 per tone
	for k, d := range digits {
		f := dtmfFreqs[d]
		start := int((0.2 + 0.3*float64(k)) * rate)
		for i := range rate / 10 {
			x := float64(i) / rate
			pcm[start+i] = int16(amp*math.Sin(2*math.Pi*f[0]*x) + amp*math.Sin(2*math.Pi*f[1]*x))
		}
	}
	enc, err := codec.PCMA{}.NewEncoder()
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	le := bin.LittleEndian
	out = le.AppendUint32(out, 0xa1b2c3d4)
	out = le.AppendUint16(out, 2)
	out = le.AppendUint16(out, 4)
	out = le.AppendUint32(out, 0)
	out = le.AppendUint32(out, 0)
	out = le.AppendUint32(out, 65535)
	out = le.AppendUint32(out, 1) // Ethernet
	base := time.Unix(1700000000, 0)
	var payload []byte
	for n := 0; (n+1)*160 <= len(pcm); n++ {
		payload, _ = enc.Encode(pcm[n*160:(n+1)*160], payload[:0])
		rtp := []byte{0x80, 8}
		rtp = bin.BigEndian.AppendUint16(rtp, uint16(n))
		rtp = bin.BigEndian.AppendUint32(rtp, uint32(n*160))
		rtp = bin.BigEndian.AppendUint32(rtp, 0x5eed)
		rtp = append(rtp, payload...)
		udp := bin.BigEndian.AppendUint16(nil, 10000)
		udp = bin.BigEndian.AppendUint16(udp, 20000)
		udp = bin.BigEndian.AppendUint16(udp, uint16(8+len(rtp)))
		udp = bin.BigEndian.AppendUint16(udp, 0)
		udp = append(udp, rtp...)
		ip := []byte{0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1}
		bin.BigEndian.PutUint16(ip[2:], uint16(20+len(udp)))
		var sum uint32
		for i := 0; i < 20; i += 2 {
			sum += uint32(bin.BigEndian.Uint16(ip[i:]))
		}
		sum = (sum >> 16) + (sum & 0xffff)
		bin.BigEndian.PutUint16(ip[10:], ^uint16(sum+(sum>>16)))
		frame := append(append(make([]byte, 12), 0x08, 0x00), ip...)
		frame = append(frame, udp...)
		at := base.Add(time.Duration(n) * 20 * time.Millisecond)
		out = le.AppendUint32(out, uint32(at.Unix()))
		out = le.AppendUint32(out, uint32(at.Nanosecond()/1000))
		out = le.AppendUint32(out, uint32(len(frame)))
		out = le.AppendUint32(out, uint32(len(frame)))
		out = append(out, frame...)
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDTMFInterworking: Dialtone reports a phone's digits however it sends
// them (RFC 4733, SIP INFO, in-band tones) and passes them to the other
// phone in the way that phone takes them.
//
//   - baresip 201 (RFC 4733) calls a phone without telephone-event (a Go
//     test UA, 202): 202 gets each digit as SIP INFO.
//   - sipp 203 (no telephone-event: in-band tones in its audio, then SIP
//     INFO) calls baresip 204: baresip receives every digit as RFC 4733.
func TestDTMFInterworking(t *testing.T) {
	needBinary(t, "baresip")
	needBinary(t, "sipp")
	n := newNode(t)
	for _, e := range []string{"201", "202", "203", "204"} {
		n.mustCLI("ext", "add", e, "--password", "pw-"+e+"-secret")
	}
	n.serve()

	t.Run("rfc4733 to info", func(t *testing.T) {
		ua := newTestUA(t, "127.0.0.1:0", n.sip, "202", "pw-202-secret", "")
		ua.adv = ua.addr().String()
		ua.register(600)
		// baresip sends telephone-event only while its audio runs: a
		// source it plays (quiet tones).
		src := filepath.Join(t.TempDir(), "talk.wav")
		writeWAV(t, src, makeTones(0.05, toneStep{300, 20 * time.Second}).pcm)
		caller := startPhoneWith(t, phoneOptions{
			account: fmt.Sprintf("<sip:201@%s;transport=udp>;auth_pass=pw-201-secret;regint=600;audio_codecs=PCMU/8000/1", n.sip),
			source:  src, control: true, quitAfter: time.Minute})
		n.waitRegs(15*time.Second, "201 and 202 registered", func(r []map[string]any) bool {
			return len(regsOf(r, "201")) == 1 && len(regsOf(r, "202")) == 1
		})
		rtp, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:0")))
		if err != nil {
			t.Fatal(err)
		}
		defer rtp.Close()
		ctl := caller.control()
		ctl.command(t, "dial", "sip:202@"+n.sip)
		dlg := ua.answer(10*time.Second, rtp.LocalAddr().(*net.UDPAddr).AddrPort())
		ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second, "CALL_CLOSED")
		for _, d := range "12#" {
			ctl.command(t, "sndcode", string(d))
			time.Sleep(400 * time.Millisecond)
		}
		// 202 gets three INFOs, in order.
		var got []string
		seen := map[string]bool{} // CSeq: a retransmitted INFO is one digit
		deadline := time.Now().Add(5 * time.Second)
		for len(got) < 3 && time.Now().Before(deadline) {
			m := ua.next(time.Until(deadline))
			if m == nil {
				break
			}
			if m.request && m.method == "INFO" {
				ua.send(m.src, ua.response(m, 200, "OK", "", "", ""))
				if seen[m.get("cseq")] {
					continue
				}
				seen[m.get("cseq")] = true
				if ct := m.get("content-type"); ct != "application/dtmf-relay" {
					t.Fatalf("INFO with Content-Type %q", ct)
				}
				for _, l := range strings.Split(m.body, "\n") {
					if v, ok := strings.CutPrefix(strings.TrimSpace(l), "Signal="); ok {
						got = append(got, v)
					}
				}
			}
		}
		if strings.Join(got, "") != "12#" {
			t.Fatalf("202 got INFO digits %q, want 12#; Dialtone reported %+v", got, n.callDigits())
		}
		ds := n.waitDigits(3, 5*time.Second)
		if digitsBy(ds, "rfc4733") != "12#" || len(ds) != 3 || ds[0].Leg != "a" {
			t.Fatalf("Dialtone reported %+v, want 1, 2, # from leg a by rfc4733", ds)
		}
		t.Logf("201 pressed 1 2 # (RFC 4733); Dialtone reported %+v; 202 got SIP INFO %v", ds, got)
		ctl.command(t, "hangup", "")
		ua.waitBye(dlg, 10*time.Second)
	})

	t.Run("info and inband to rfc4733", func(t *testing.T) {
		dir := t.TempDir()
		pcap := filepath.Join(dir, "inband.pcap")
		inbandPcap(t, pcap, "789", 5*time.Second)
		scen, err := os.ReadFile("sipp/call_uac_info.xml")
		if err != nil {
			t.Fatal(err)
		}
		scenario := filepath.Join(dir, "call_uac_info.xml")
		if err := os.WriteFile(scenario, []byte(strings.ReplaceAll(string(scen), "PCAP_FILE", pcap)), 0o600); err != nil {
			t.Fatal(err)
		}
		callee := startPhoneWith(t, phoneOptions{
			account: fmt.Sprintf("<sip:204@%s;transport=udp>;auth_pass=pw-204-secret;regint=600;audio_codecs=PCMA/8000/1;answermode=auto", n.sip),
			control: true, quitAfter: time.Minute})
		n.waitRegs(15*time.Second, "204 registered", func(r []map[string]any) bool { return len(regsOf(r, "204")) == 1 })
		ctl := callee.control()
		uac := startSipp(t, n.sip, "-sf", scenario, "-inf", writeUsers(t, "203"), "-key", "callee", "204",
			"-d", "4500", "-t", "u1", "-m", "1", "-mp", fmt.Sprint(freePort(t)&^1), "-timeout", "60s", "-timeout_error")
		ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second, "CALL_CLOSED")
		ds := n.waitDigits(6, 8*time.Second)
		if code, out := uac.wait(t, 30*time.Second); code != 0 {
			t.Fatalf("sipp exit %d\n%s", code, out)
		}
		if digitsBy(ds, "inband") != "789" || digitsBy(ds, "info") != "456" {
			t.Fatalf("Dialtone reported %+v, want 7 8 9 in-band and 4 5 6 by INFO", ds)
		}
		// baresip heard all six as RFC 4733 events.
		var heard string
		for _, ev := range ctl.all("CALL_DTMF_START") {
			heard += fmt.Sprint(ev["param"])
		}
		if len(heard) != 6 || !containsInOrder(heard, "789") || !containsInOrder(heard, "456") {
			t.Fatalf("204 received DTMF %q (RFC 4733), want 7 8 9 and 4 5 6; output:\n%s", heard, callee.output())
		}
		t.Logf("sipp sent 7 8 9 in-band and 4 5 6 by INFO; Dialtone reported %+v; baresip 204 received %q as RFC 4733", ds, heard)
	})
}

// containsInOrder reports whether the characters of sub appear in s in
// order.
func containsInOrder(s, sub string) bool {
	i := 0
	for _, r := range s {
		if i < len(sub) && rune(sub[i]) == r {
			i++
		}
	}
	return i == len(sub)
}
