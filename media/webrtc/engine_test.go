package webrtc

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/pion/rtp"
	pion "github.com/pion/webrtc/v4"
)

// call sets up a browser-initiated session and waits until it is connected.
func call(t *testing.T, e *Engine, o browserOpts) (*fakeBrowser, *Session, []byte) {
	t.Helper()
	b := newBrowser(t, o)
	s, ans, err := e.Answer(ctxT(t), b.offer(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	b.setAnswer(t, ans)
	waitConnected(t, b, s)
	return b, s, ans
}

func TestAnswerSDP(t *testing.T) {
	e := testEngine(t, nil)
	_, s, ans := call(t, e, browserOpts{})
	text := string(ans)
	port := e.Addr().Port()
	for _, want := range []string{
		"a=ice-lite",
		"UDP/TLS/RTP/SAVPF 111",
		"a=setup:passive",
		"a=rtcp-mux",
		"a=group:BUNDLE 0",
		"a=fingerprint:" + e.Fingerprint(),
		" 127.0.0.1 " + strconv.Itoa(int(port)) + " typ host",
		"a=rtpmap:111 opus/48000/2",
		"a=rtpmap:110 telephone-event/48000",
		"a=sendrecv",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("answer lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "m=") != 1 {
		t.Errorf("want one m= line:\n%s", text)
	}
	name, pt, rate, dtmf := s.Codec()
	if name != "opus" || pt != 111 || rate != 48000 || dtmf != 110 {
		t.Errorf("Codec() = %s %d %d %d, want opus 111 48000 110", name, pt, rate, dtmf)
	}
}

// TestCodecPreference: our order wins over the browser's (the browser
// prefers PCMA, we PCMU), with the browser's payload type numbers.
func TestCodecPreference(t *testing.T) {
	tests := []struct {
		name     string
		ours     []string
		browser  []string
		want     string
		wantPT   uint8
		wantRate int
		wantDTMF uint8
	}{
		{"ours first", []string{"PCMU", "PCMA"}, []string{"PCMA", "PCMU"}, "PCMU", 0, 8000, 126},
		{"only common", []string{"opus", "G722"}, []string{"G722", "PCMU"}, "G722", 9, 8000, 126},
		{"default opus", nil, []string{"PCMU", "opus"}, "opus", 111, 48000, 110},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEngine(t, func(c *Config) { c.Codecs = tt.ours })
			_, s, ans := call(t, e, browserOpts{codecs: tt.browser})
			name, pt, rate, dtmf := s.Codec()
			if name != tt.want || pt != tt.wantPT || rate != tt.wantRate || dtmf != tt.wantDTMF {
				t.Fatalf("Codec() = %s %d %d %d, want %s %d %d %d\n%s", name, pt, rate, dtmf, tt.want, tt.wantPT, tt.wantRate, tt.wantDTMF, ans)
			}
			if first, _ := firstAudioPT(ans); first != tt.wantPT {
				t.Fatalf("answer's first codec %d, want %d", first, tt.wantPT)
			}
		})
	}
}

func TestNoCommonCodec(t *testing.T) {
	e := testEngine(t, func(c *Config) { c.Codecs = []string{"PCMU"} })
	b := newBrowser(t, browserOpts{codecs: []string{"G722"}})
	_, _, err := e.Answer(ctxT(t), b.offer(t, nil))
	if !errors.Is(err, ErrNoAudio) {
		t.Fatalf("err = %v, want ErrNoAudio", err)
	}
	if n := e.Sessions(); n != 0 {
		t.Fatalf("%d sessions left after a failed Answer", n)
	}
}

// checkTone asserts that pcm holds freq at about the level sent.
func checkTone(t *testing.T, pcm []int16, rate int, freq, amp float64) {
	t.Helper()
	// Skip the codec's start-up (Opus needs a few frames).
	skip := rate / 10
	if len(pcm) < skip+rate/2 {
		t.Fatalf("only %d samples decoded", len(pcm))
	}
	pcm = pcm[skip:]
	got := audiotest.DominantFrequency(pcm, rate)
	if math.Abs(got-freq) > 10 {
		t.Fatalf("dominant frequency %.1f Hz, want %.0f", got, freq)
	}
	rms := audiotest.RMS(pcm)
	want := amp / math.Sqrt2
	if rms < want*0.8 || rms > want*1.2 {
		t.Fatalf("RMS %.3f, want %.3f ±20 %%", rms, want)
	}
}

// TestAudioBothWays: the browser sends a tone, OnRTP delivers it as plain
// RTP; WriteRTP of another tone reaches the browser. Opus, PCMU and G.722.
func TestAudioBothWays(t *testing.T) {
	for _, name := range []string{"opus", "PCMU", "G722"} {
		t.Run(name, func(t *testing.T) {
			e := testEngine(t, func(c *Config) { c.Codecs = []string{name} })
			b, s, _ := call(t, e, browserOpts{codecs: []string{name}})
			cname, pt, rate, _ := s.Codec()
			c, err := codec.Lookup(cname, rate, map[bool]int{true: 2, false: 1}[cname == "opus"])
			if err != nil {
				t.Fatal(err)
			}
			sr := c.Format().SampleRate

			in := make(chan rtp.Packet, 200)
			s.OnRTP(func(pkt []byte) {
				var p rtp.Packet
				if err := p.Unmarshal(append([]byte(nil), pkt...)); err == nil {
					select {
					case in <- p:
					default:
					}
				}
			})
			// Browser → Dialtone: 1 s of 440 Hz.
			for _, pkt := range encodeTone(t, c, pt, 0x1234, audiotest.Tone(sr, 440, 0.5, time.Second)) {
				if _, err := b.track.Write(pkt); err != nil {
					t.Fatal(err)
				}
				time.Sleep(2 * time.Millisecond)
			}
			var got []rtp.Packet
			timeout := time.After(5 * time.Second)
		collect:
			for len(got) < 50 {
				select {
				case p := <-in:
					got = append(got, p)
				case <-timeout:
					break collect
				}
			}
			if len(got) < 45 {
				t.Fatalf("OnRTP delivered %d of 50 packets", len(got))
			}
			if got[0].PayloadType != pt {
				t.Fatalf("payload type %d, want the browser's %d", got[0].PayloadType, pt)
			}
			checkTone(t, decodePackets(t, c, pt, got), sr, 440, 0.5)

			// Dialtone → browser: 1 s of 1000 Hz.
			for _, pkt := range encodeTone(t, c, pt, 0x9999, audiotest.Tone(sr, 1000, 0.5, time.Second)) {
				if err := s.WriteRTP(pkt); err != nil {
					t.Fatal(err)
				}
				time.Sleep(2 * time.Millisecond)
			}
			deadline := time.Now().Add(5 * time.Second)
			for len(b.received()) < 48 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			recv := b.received()
			if len(recv) < 45 {
				t.Fatalf("browser received %d of 50 packets", len(recv))
			}
			if recv[0].SSRC == 0x9999 {
				t.Fatal("SSRC not rewritten to the negotiated one")
			}
			checkTone(t, decodePackets(t, c, pt, recv), sr, 1000, 0.5)

			st := s.Stats()
			if st.PacketsIn < 45 || st.PacketsOut != 50 || st.BytesOut == 0 || st.Lost != 0 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

// TestDTMFPassesThrough: a telephone-event packet keeps its payload type,
// unlike with pion's static track.
func TestDTMFPassesThrough(t *testing.T) {
	e := testEngine(t, func(c *Config) { c.Codecs = []string{"PCMU"} })
	b, s, _ := call(t, e, browserOpts{codecs: []string{"PCMU"}})
	_, pt, _, dtmf := s.Codec()
	if dtmf != 126 {
		t.Fatalf("dtmf PT %d, want the browser's 126", dtmf)
	}
	voice := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: 1, Timestamp: 160, SSRC: 7}, Payload: make([]byte, 160)})
	ev := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: dtmf, SequenceNumber: 2, Timestamp: 320, SSRC: 7, Marker: true}, Payload: []byte{5, 10, 0, 160}})
	for _, p := range []*rtp.Packet{voice, ev} {
		raw, _ := p.Marshal()
		if err := s.WriteRTP(raw); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(b.received()) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	recv := b.received()
	if len(recv) != 2 || recv[1].PayloadType != dtmf || recv[1].Payload[0] != 5 || !recv[1].Marker {
		t.Fatalf("received %+v", recv)
	}
}

// TestOfferToBrowser: we call the browser; it answers; audio both ways.
func TestOfferToBrowser(t *testing.T) {
	e := testEngine(t, func(c *Config) { c.Codecs = []string{"PCMU", "opus"} })
	b := newBrowser(t, browserOpts{codecs: []string{"PCMU", "opus"}})
	s, off, err := e.Offer(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, want := range []string{"a=ice-lite", "a=setup:actpass", "a=rtcp-mux", "UDP/TLS/RTP/SAVPF 0 111"} {
		if !strings.Contains(string(off), want) {
			t.Errorf("offer lacks %q:\n%s", want, off)
		}
	}
	if err := s.SetAnswer(b.answer(t, off)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAnswer(nil); !errors.Is(err, ErrState) {
		t.Fatalf("second SetAnswer: %v, want ErrState", err)
	}
	waitConnected(t, b, s)
	name, pt, _, _ := s.Codec()
	if name != "PCMU" || pt != 0 {
		t.Fatalf("codec %s %d", name, pt)
	}
	c := codec.PCMU{}
	in := make(chan []byte, 100)
	s.OnRTP(func(pkt []byte) { in <- append([]byte(nil), pkt...) })
	for _, pkt := range encodeTone(t, c, 0, 1, audiotest.Tone(8000, 700, 0.3, 600*time.Millisecond)) {
		if _, err := b.track.Write(pkt); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteRTP(pkt); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	var got []rtp.Packet
	timeout := time.After(5 * time.Second)
	for len(got) < 30 {
		select {
		case raw := <-in:
			var p rtp.Packet
			if err := p.Unmarshal(raw); err != nil {
				t.Fatal(err)
			}
			got = append(got, p)
		case <-timeout:
			t.Fatalf("got %d packets from the browser", len(got))
		}
	}
	checkTone(t, decodePackets(t, c, 0, got), 8000, 700, 0.3)
	deadline := time.Now().Add(5 * time.Second)
	for len(b.received()) < 30 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	checkTone(t, decodePackets(t, c, 0, b.received()), 8000, 700, 0.3)
}

// TestReofferHold: the browser holds (sendonly), we answer recvonly and
// stop sending; then inactive; then it resumes (sendrecv). pion alone
// would stop the transceiver on inactive and could not resume.
func TestReofferHold(t *testing.T) {
	e := testEngine(t, func(c *Config) { c.Codecs = []string{"PCMU"} })
	b, s, _ := call(t, e, browserOpts{codecs: []string{"PCMU"}})
	pkt, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 0, SSRC: 3}, Payload: make([]byte, 160)}).Marshal()
	send := func(n int) {
		for range n {
			if err := s.WriteRTP(pkt); err != nil {
				t.Fatal(err)
			}
			pkt[3]++ // sequence number
			time.Sleep(time.Millisecond)
		}
	}
	expect := func(want int) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Second)
		for len(b.received()) < want && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond) // nothing more should come
		if got := len(b.received()); got != want {
			t.Fatalf("browser received %d packets, want %d", got, want)
		}
	}
	reoffer := func(dir, wantAnswer string) {
		t.Helper()
		// Like JsSIP's hold: the offer's direction is changed.
		off := strings.Replace(string(b.offer(t, nil)), "a=sendrecv", "a="+dir, 1)
		ans, err := s.Reoffer(ctxT(t), []byte(off))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(ans), "a="+wantAnswer+"\r\n") {
			t.Fatalf("answer to %s lacks a=%s:\n%s", dir, wantAnswer, ans)
		}
		b.setAnswer(t, ans)
	}
	send(5)
	expect(5)
	reoffer("sendonly", "recvonly")
	send(5)
	expect(5)
	reoffer("inactive", "inactive")
	send(5)
	expect(5)
	reoffer("sendrecv", "sendrecv")
	send(5)
	expect(10)
	if s.State() != "connected" {
		t.Fatalf("state %s", s.State())
	}
}

// TestICERestart: a new offer with new ICE credentials (the browser moved
// networks) gets an answer with new credentials, and media flows on.
func TestICERestart(t *testing.T) {
	e := testEngine(t, func(c *Config) { c.Codecs = []string{"PCMU"} })
	b, s, ans1 := call(t, e, browserOpts{codecs: []string{"PCMU"}})
	ans2, err := s.Reoffer(ctxT(t), b.offer(t, &pion.OfferOptions{ICERestart: true}))
	if err != nil {
		t.Fatal(err)
	}
	if ufrag(ans1) == ufrag(ans2) || ufrag(ans2) == "" {
		t.Fatalf("ufrag %q then %q: want a new one", ufrag(ans1), ufrag(ans2))
	}
	b.setAnswer(t, ans2)
	waitConnected(t, b, s)
	pkt, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 0, SequenceNumber: 9, SSRC: 3}, Payload: make([]byte, 160)}).Marshal()
	deadline := time.Now().Add(5 * time.Second)
	for len(b.received()) == 0 && time.Now().Before(deadline) {
		if err := s.WriteRTP(pkt); err != nil {
			t.Fatal(err)
		}
		pkt[3]++
		time.Sleep(20 * time.Millisecond)
	}
	if len(b.received()) == 0 {
		t.Fatal("no media after the ICE restart")
	}
}

func ufrag(sdp []byte) string {
	for _, l := range strings.Split(string(sdp), "\r\n") {
		if v, ok := strings.CutPrefix(l, "a=ice-ufrag:"); ok {
			return v
		}
	}
	return ""
}

// TestConsentLost: the browser goes silent (no consent checks, no media):
// Done closes after about ConsentTimeout (RFC 7675 §5.1). Before that,
// the browser's consent checks keep it up.
func TestConsentLost(t *testing.T) {
	e := testEngine(t, func(c *Config) { c.ConsentTimeout = 1500 * time.Millisecond })
	var cut atomic.Bool
	_, s, _ := call(t, e, browserOpts{cut: &cut})
	time.Sleep(2 * time.Second) // consent checks keep it alive meanwhile
	if s.State() != "connected" {
		t.Fatalf("state %s before the cut", s.State())
	}
	cut.Store(true)
	start := time.Now()
	select {
	case <-s.Done():
	case <-time.After(6 * time.Second):
		t.Fatalf("Done not closed; state %s", s.State())
	}
	if d := time.Since(start); d < time.Second {
		t.Fatalf("Done after %v, before the consent timeout", d)
	}
	if st := s.State(); st != "failed" && st != "closed" {
		t.Fatalf("state %s", st)
	}
}

// TestBrowserHangsUp: the browser closes (DTLS close_notify): Done closes.
func TestBrowserHangsUp(t *testing.T) {
	e := testEngine(t, nil)
	b, s, _ := call(t, e, browserOpts{})
	b.close()
	select {
	case <-s.Done():
	case <-time.After(5 * time.Second):
		t.Fatalf("Done not closed; state %s", s.State())
	}
}

// TestCloseLeavesNothing: after Session.Close and Engine.Close no
// goroutine of ours or pion's remains, and the port is free.
func TestCloseLeavesNothing(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		e, err := NewEngine(Config{PublicIP: mustAddr("127.0.0.1"), ListenAddr: mustAddr("127.0.0.1")})
		if err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, browserOpts{})
		s, ans, err := e.Answer(ctxT(t), b.offer(t, nil))
		if err != nil {
			t.Fatal(err)
		}
		b.setAnswer(t, ans)
		waitConnected(t, b, s)
		pkt, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 111, SSRC: 3}, Payload: []byte{0xf8, 0xff, 0xfe}}).Marshal()
		for range 10 {
			_ = s.WriteRTP(pkt)
			_, _ = b.track.Write(pkt)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteRTP(pkt); !errors.Is(err, ErrClosed) {
			t.Fatalf("WriteRTP after Close: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		// A second session is closed by Engine.Close.
		b2 := newBrowser(t, browserOpts{})
		off2 := b2.offer(t, nil)
		if _, _, err := e.Answer(ctxT(t), off2); err != nil {
			t.Fatal(err)
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.Answer(ctxT(t), off2); !errors.Is(err, ErrClosed) {
			t.Fatalf("Answer after Close: %v", err)
		}
		b.close()
		b2.close()
	}()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines before, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

// TestCertificatePersisted: the certificate is written 0600 on first
// start and reused, so the fingerprint survives a restart.
func TestCertificatePersisted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dtls.pem")
	e1 := testEngine(t, func(c *Config) { c.CertFile = path })
	fp1 := e1.Fingerprint()
	if !strings.HasPrefix(fp1, "sha-256 ") || len(fp1) != len("sha-256 ")+32*3-1 {
		t.Fatalf("fingerprint %q", fp1)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	_ = e1.Close()
	e2 := testEngine(t, func(c *Config) { c.CertFile = path })
	if e2.Fingerprint() != fp1 {
		t.Fatalf("fingerprint changed: %s then %s", fp1, e2.Fingerprint())
	}
	_, _, ans := call(t, e2, browserOpts{})
	if !strings.Contains(string(ans), "a=fingerprint:"+fp1) {
		t.Fatalf("answer does not carry the persisted fingerprint")
	}
	e3 := testEngine(t, nil)
	if e3.Fingerprint() == fp1 {
		t.Fatal("an engine without CertFile reused the certificate")
	}
	if err := os.WriteFile(path, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewEngine(Config{PublicIP: mustAddr("127.0.0.1"), ListenAddr: mustAddr("127.0.0.1"), CertFile: path}); !errors.Is(err, ErrCertificate) {
		t.Fatalf("corrupt file: %v, want ErrCertificate", err)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no public IP", Config{}, "PublicIP invalid IP is not a usable address"},
		{"unspecified", Config{PublicIP: mustAddr("0.0.0.0")}, "PublicIP 0.0.0.0 is not a usable address"},
		{"bad port", Config{PublicIP: mustAddr("127.0.0.1"), UDPPort: 70000}, "UDPPort 70000"},
		{"bad codec", Config{PublicIP: mustAddr("127.0.0.1"), Codecs: []string{"G729"}}, `codec "G729" (want opus, G722, PCMU or PCMA)`},
		{"negative consent", Config{PublicIP: mustAddr("127.0.0.1"), ConsentTimeout: -1}, "ConsentTimeout -1ns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewEngine(tt.cfg)
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrConfig with %q", err, tt.want)
			}
		})
	}
}

func TestAnswerRejectsPlainRTP(t *testing.T) {
	e := testEngine(t, nil)
	offer := "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
	if _, _, err := e.Answer(ctxT(t), []byte(offer)); !errors.Is(err, ErrSDP) {
		t.Fatalf("err = %v, want ErrSDP", err)
	}
	if _, _, err := e.Answer(ctxT(t), []byte("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 4000 UDP/TLS/RTP/SAVPF 96\r\n")); !errors.Is(err, ErrNoAudio) {
		t.Fatalf("err = %v, want ErrNoAudio", err)
	}
}
