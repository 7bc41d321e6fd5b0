package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/wav"
)

// resample converts 16-bit mono PCM between 8, 16 and 48 kHz with the
// media stack's own filter (the tone analysis works at 8 kHz).
func resample(t *testing.T, pcm []int16, from, to int) []int16 {
	t.Helper()
	if from == to {
		return pcm
	}
	rs, err := codec.NewResampler(from, to)
	if err != nil {
		t.Fatal(err)
	}
	return rs.Resample(pcm, nil)
}

// writeWAVAt writes 8 kHz test audio as a WAV at rate with channels
// (baresip's file source wants the codec's rate and channel count).
func writeWAVAt(t *testing.T, path string, pcm8k []int16, rate, channels int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pcm := resample(t, pcm8k, audioRate, rate)
	if channels == 2 {
		st := make([]int16, 2*len(pcm))
		for i, v := range pcm {
			st[2*i], st[2*i+1] = v, v
		}
		pcm = st
	}
	if err := wav.Write(f, wav.Format{SampleRate: rate, Channels: channels}, pcm); err != nil {
		t.Fatal(err)
	}
}

// recordingAt8k is what a phone heard (its dump-*-dec.wav), at 8 kHz mono
// whatever the codec's rate.
func recordingAt8k(t *testing.T, dir string) []int16 {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "dump-*-dec.wav"))
	if len(files) != 1 {
		t.Fatalf("want one dump-*-dec.wav in %s, have %v", dir, files)
	}
	fh, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, pcm, err := wav.ReadAll(fh)
	if err != nil && len(pcm) == 0 {
		t.Fatalf("%s: %v", files[0], err)
	}
	if f.Channels == 2 {
		mono := make([]int16, len(pcm)/2)
		for i := range mono {
			mono[i] = pcm[2*i]
		}
		pcm = mono
	}
	return resample(t, pcm, f.SampleRate, audioRate)
}

// codecPhone is how a test phone is set up for one codec.
type codecPhone struct {
	sdpName string // as the CDR and call list name it
	codecs  string // baresip audio_codecs
	module  string // extra baresip module
	rate    int    // the codec's audio rate (the phone's source WAV rate)
	chans   int    // the channels baresip's audio path uses for it
}

var (
	pcmuPhone = codecPhone{"PCMU", "PCMU/8000/1", "", 8000, 1}
	g722Phone = codecPhone{"G722", "G722/16000/1", "g722.so", 16000, 1}
	opusPhone = codecPhone{"opus", "opus/48000/2", "opus.so", 48000, 2}
)

// TestTranscodedCallCarriesTones: baresip 201 speaks only PCMU and calls
// 202, which speaks only G.722 (then only Opus): Dialtone offers 202 the
// codecs it can transcode to, answers 201 in PCMU and puts a transcoder in
// the relay. Each phone records what it hears; the tones the other played
// must be there, in order, at the right frequencies, and the CDR names both
// codecs.
func TestTranscodedCallCarriesTones(t *testing.T) {
	needBinary(t, "baresip")
	for _, callee := range []codecPhone{g722Phone, opusPhone} {
		t.Run("PCMU-"+callee.sdpName, func(t *testing.T) {
			transcodedCall(t, pcmuPhone, callee)
		})
	}
}

func transcodedCall(t *testing.T, a, b codecPhone) {
	n := newNode(t)
	n.mustCLI("ext", "add", "201", "--name", "Alice", "--password", "pw-201-secret")
	n.mustCLI("ext", "add", "202", "--name", "Bob", "--password", "pw-202-secret")
	n.serve()

	dir := t.TempDir()
	toB := makeTones(0.5,
		toneStep{0, ms(1000)},
		toneStep{440, ms(500)}, toneStep{0, ms(150)},
		toneStep{880, ms(500)}, toneStep{0, ms(150)},
		toneStep{1320, ms(500)}, toneStep{0, ms(150)},
		toneStep{660, ms(500)}, toneStep{0, ms(600)})
	toA := makeTones(0.5,
		toneStep{0, ms(1000)},
		toneStep{1000, ms(500)}, toneStep{0, ms(150)},
		toneStep{500, ms(500)}, toneStep{0, ms(150)},
		toneStep{1500, ms(500)}, toneStep{0, 10 * time.Second})
	wavA, wavB := filepath.Join(dir, "from-201.wav"), filepath.Join(dir, "from-202.wav")
	writeWAVAt(t, wavA, toB.pcm, a.rate, a.chans)
	writeWAVAt(t, wavB, toA.pcm, b.rate, b.chans)

	account := func(ext string, c codecPhone, extra string) string {
		return fmt.Sprintf("<sip:%s@%s;transport=udp>;auth_pass=pw-%s-secret;regint=600;audio_codecs=%s%s",
			ext, n.sip, ext, c.codecs, extra)
	}
	mods := func(c codecPhone) []string {
		if c.module == "" {
			return nil
		}
		return []string{c.module}
	}
	callee := startPhoneWith(t, phoneOptions{account: account("202", b, ";answermode=auto"), modules: mods(b),
		source: wavB, record: true, quitAfter: time.Minute})
	caller := startPhoneWith(t, phoneOptions{account: account("201", a, ""), modules: mods(a),
		source: wavA, record: true, control: true, quitAfter: time.Minute})
	n.waitRegs(15*time.Second, "201 and 202 registered", func(r []map[string]any) bool {
		return len(regsOf(r, "201")) == 1 && len(regsOf(r, "202")) == 1
	})

	ctl := caller.control()
	ctl.command(t, "dial", "sip:202@"+n.sip)
	ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second, "CALL_CLOSED")
	live := n.waitAnsweredCall(5 * time.Second)
	if live.A.Media.Codec != a.sdpName || live.B[0].Media.Codec != b.sdpName {
		t.Fatalf("call list codecs %s/%s, want %s/%s", live.A.Media.Codec, live.B[0].Media.Codec, a.sdpName, b.sdpName)
	}
	ctl.waitEvent(t, "CALL_CLOSED", 20*time.Second)
	if !callee.waitOutput("terminated", 10*time.Second) {
		t.Fatalf("202 did not see the call end")
	}
	caller.stop()
	callee.stop()

	c := n.waitCDRs(1, 10*time.Second)[0]
	if c["disposition"] != "ANSWERED" || c["codec_a"] != a.sdpName || c["codec_b"] != b.sdpName {
		t.Fatalf("CDR %v: want ANSWERED with codecs %s/%s", c, a.sdpName, b.sdpName)
	}
	t.Logf("CDR: codecs %v/%v, packets %v/%v, lost %v/%v, MOS %v/%v", c["codec_a"], c["codec_b"],
		c["packets_a"], c["packets_b"], c["lost_a"], c["lost_b"], c["mos_a"], c["mos_b"])
	for _, x := range []struct {
		what string
		p    *phone
		sent toneSeq
	}{{"202 hearing 201", callee, toB}, {"201 hearing 202", caller, toA}} {
		heard := findTones(recordingAt8k(t, x.p.recDir))
		checkTones(t, x.what, heard, x.sent)
	}
}
