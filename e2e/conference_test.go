package e2e

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"
)

// TestConferenceThreePhones: three baresip phones (PCMU, G.722 and PCMA)
// dial conference room 800, each playing its own tone; each must hear the
// other two tones and not its own.
func TestConferenceThreePhones(t *testing.T) {
	needBinary(t, "baresip")
	n := newNode(t)
	for _, e := range []string{"201", "202", "203"} {
		n.mustCLI("ext", "add", e, "--password", "pw-"+e+"-secret")
	}
	n.serve()

	type member struct {
		ext   string
		cp    codecPhone
		tone  float64
		phone *phone
		ctl   *phoneCtrl
	}
	pcmaPhone := codecPhone{"PCMA", "PCMA/8000/1", "", 8000, 1}
	members := []*member{{ext: "201", cp: pcmuPhone, tone: 500}, {ext: "202", cp: g722Phone, tone: 1100}, {ext: "203", cp: pcmaPhone, tone: 1700}}
	dir := t.TempDir()
	for _, m := range members {
		src := filepath.Join(dir, m.ext+".wav")
		writeWAVAt(t, src, makeTones(0.3, toneStep{m.tone, 30 * time.Second}).pcm, m.cp.rate, m.cp.chans)
		var mods []string
		if m.cp.module != "" {
			mods = []string{m.cp.module}
		}
		m.phone = startPhoneWith(t, phoneOptions{
			account: fmt.Sprintf("<sip:%s@%s;transport=udp>;auth_pass=pw-%s-secret;regint=600;audio_codecs=%s", m.ext, n.sip, m.ext, m.cp.codecs),
			modules: mods, source: src, record: true, control: true, quitAfter: time.Minute})
	}
	n.waitRegs(15*time.Second, "three phones registered", func(r []map[string]any) bool {
		return len(regsOf(r, "201")) == 1 && len(regsOf(r, "202")) == 1 && len(regsOf(r, "203")) == 1
	})
	for _, m := range members {
		m.ctl = m.phone.control()
		m.ctl.command(t, "dial", "sip:800@"+n.sip)
		m.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second, "CALL_CLOSED")
	}
	// Each hears a 1.5 s greeting first (media/prompts "conference-joined");
	// then all three talk together.
	time.Sleep(3500 * time.Millisecond)
	for _, m := range members {
		m.ctl.command(t, "hangup", "")
		m.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second)
	}
	for _, m := range members {
		m.phone.stop()
	}
	for _, m := range members {
		rec := recordingAt8k(t, m.phone.recDir)
		// 1.5 s ending half a second before the phone hung up: everyone
		// was in (the hang-ups follow each other within milliseconds).
		end := len(rec) - audioRate/2
		part := rec[max(0, end-3*audioRate/2):end]
		own := goertzel(part, m.tone)
		for _, o := range members {
			if o == m {
				continue
			}
			l := goertzel(part, o.tone)
			if l < 300 || l < 10*own {
				t.Fatalf("%s (%s) hears %.0f Hz at %.0f and its own %.0f Hz at %.0f: want the others loud and itself ≥ 20 dB below",
					m.ext, m.cp.sdpName, o.tone, l, m.tone, own)
			}
			t.Logf("%s (%s) hears %s's %.0f Hz %.0f dB above its own %.0f Hz", m.ext, m.cp.sdpName, o.ext, o.tone, 10*math.Log10(l/max(own, 1e-9)), m.tone)
		}
	}
	cdrs := n.waitCDRs(3, 10*time.Second)
	for _, c := range cdrs {
		if c["callee_number"] != "800" || c["disposition"] != "ANSWERED" {
			t.Fatalf("CDR %v", c)
		}
	}
}
