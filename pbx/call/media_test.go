package call

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/dtmf"
	"github.com/dialtone-pbx/dialtone/media/play"
	"github.com/dialtone-pbx/dialtone/media/rtp"
	"github.com/dialtone-pbx/dialtone/media/wav"
)

// sdpWith is an offer or answer for the agent's media socket with the given
// m= formats and attribute lines.
func (a *agent) sdpWith(version int, formats string, attrs ...string) string {
	la := a.rtp.LocalAddr().(*net.UDPAddr).AddrPort()
	s := fmt.Sprintf("v=0\r\no=%s 4343 %d IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\nm=audio %d RTP/AVP %s\r\n",
		a.ext, version, la.Addr(), la.Addr(), la.Port(), formats)
	for _, l := range attrs {
		s += "a=" + l + "\r\n"
	}
	return s
}

// connectWith places a call with Alice's offer and Bob's answer given.
func connectWith(t *testing.T, alice, bob *agent, offer string, answer func(*agent) string) (established, string) {
	t.Helper()
	out := alice.invite("102", offer)
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	bob.respond(inv, in.tag, 200, "OK", answer(bob))
	bob.waitRequest("ACK")
	ok := alice.waitResponse("INVITE", 200)
	alice.answered(out, ok)
	return established{out: out, in: in, a: ok, b: inv}, string(inv.Body())
}

// streamer sends 20 ms RTP frames of pcm in codec c from an agent's media
// socket to dst, in real time, until stopped.
type streamer struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (a *agent) stream(dst netip.AddrPort, c codec.Codec, pt uint8, pcm []int16) *streamer {
	a.t.Helper()
	enc, err := c.NewEncoder()
	if err != nil {
		a.t.Fatal(err)
	}
	f := c.Format()
	frame := f.SampleRate / 50
	ctx, cancel := context.WithCancel(context.Background())
	s := &streamer{cancel: cancel}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var payload, pkt []byte
		for i := 0; ; i++ {
			off := (i * frame) % (len(pcm) - frame)
			payload, _ = enc.Encode(pcm[off:off+frame], payload[:0])
			pkt = rtp.Append(pkt[:0], rtp.Header{PayloadType: pt, Seq: uint16(i), Timestamp: uint32(i * f.ClockRate / 50), SSRC: 0xabc, Marker: i == 0}, payload)
			_, _ = a.rtp.WriteToUDPAddrPort(pkt, dst)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	a.t.Cleanup(s.stop)
	return s
}

func (s *streamer) stop() { s.cancel(); s.wg.Wait() }

// collect reads RTP on the agent's media socket for d, by payload type.
func (a *agent) collect(d time.Duration) map[uint8][]rtpIn {
	out := map[uint8][]rtpIn{}
	buf := make([]byte, 2048)
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		_ = a.rtp.SetReadDeadline(end)
		n, err := a.rtp.Read(buf)
		if err != nil {
			break
		}
		h, p, err := rtp.Parse(buf[:n])
		if err != nil {
			continue
		}
		out[h.PayloadType] = append(out[h.PayloadType], rtpIn{h: h, payload: append([]byte(nil), p...), at: time.Now()})
	}
	return out
}

type rtpIn struct {
	h       rtp.Header
	payload []byte
	at      time.Time
}

func decodeAll(t *testing.T, c codec.Codec, pkts []rtpIn) []int16 {
	t.Helper()
	dec, err := c.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	var pcm []int16
	for _, p := range pkts {
		if pcm, err = dec.Decode(p.payload, pcm); err != nil {
			t.Fatal(err)
		}
	}
	return pcm
}

func TestTranscodedCall(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	offer := alice.sdpWith(1, "0 101", "rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000", "fmtp:101 0-16", "ptime:20")
	c, bOffer := connectWith(t, alice, bob, offer, func(b *agent) string {
		return b.sdpWith(1, "9 101", "rtpmap:9 G722/8000", "rtpmap:101 telephone-event/8000", "ptime:20")
	})
	// Bob was offered Alice's codec first, then what Dialtone transcodes to.
	if i, j := strings.Index(bOffer, "PCMU/8000"), strings.Index(bOffer, "G722/8000"); i < 0 || j < 0 || i > j {
		t.Fatalf("offer to Bob should list PCMU then G722:\n%s", bOffer)
	}
	if body := string(c.a.Body()); !strings.Contains(body, "RTP/AVP 0 101") || strings.Contains(body, "G722") {
		t.Fatalf("Alice's answer should be PCMU (and telephone-event) only:\n%s", body)
	}
	toA, toB := mediaOf(t, c.a.Body()), mediaOf(t, c.b.Body())

	// 1 kHz from Alice in PCMU reaches Bob as G.722; 600 Hz back.
	sa := alice.stream(toA, codec.PCMU{}, 0, audiotest.Tone(8000, 1000, 0.3, time.Second))
	got := bob.collect(700 * time.Millisecond)
	sa.stop()
	if len(got[9]) < 20 || len(got[0]) > 0 {
		t.Fatalf("Bob got %d G.722 and %d PCMU packets", len(got[9]), len(got[0]))
	}
	pcm := decodeAll(t, codec.G722{}, got[9])
	if f := audiotest.DominantFrequency(pcm[len(pcm)/4:], 16000); f < 990 || f > 1010 {
		t.Fatalf("Bob hears %.1f Hz, want 1000", f)
	}
	sb := bob.stream(toB, codec.G722{}, 9, audiotest.Tone(16000, 600, 0.3, time.Second))
	got = alice.collect(700 * time.Millisecond)
	sb.stop()
	if len(got[0]) < 20 {
		t.Fatalf("Alice got %d PCMU packets", len(got[0]))
	}
	pcm = decodeAll(t, codec.PCMU{}, got[0])
	if f := audiotest.DominantFrequency(pcm[len(pcm)/4:], 8000); f < 590 || f > 610 {
		t.Fatalf("Alice hears %.1f Hz, want 600", f)
	}
	st := r.calls(func(c []State) bool { return len(c) == 1 })
	if st[0].A.Media.Codec != "PCMU" || st[0].B[0].Media.Codec != "G722" || st[0].A.Media.Quality == nil || st[0].A.Media.Quality.Packets < 20 {
		t.Fatalf("live view: A %+v B %+v", st[0].A.Media, st[0].B[0].Media)
	}

	alice.request(&c.out.dialog, "BYE", "")
	bye := bob.waitRequest("BYE")
	bob.respond(bye, "", 200, "OK", "")
	rec := r.cdrs.next(t)
	if rec.CodecA != "PCMU" || rec.CodecB != "G722" {
		t.Fatalf("CDR codecs %q/%q", rec.CodecA, rec.CodecB)
	}
	if rec.MOSA < 4 || rec.MOSB < 4 {
		t.Fatalf("CDR MOS %.2f/%.2f for a clean loopback call", rec.MOSA, rec.MOSB)
	}
}

func TestNoCommonCodecIsRefused(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	out := alice.invite("102", alice.sdpWith(1, "18", "rtpmap:18 G729/8000"))
	inv := bob.waitRequest("INVITE")
	in := bob.accept(inv)
	// Bob picks G.729 too, which Dialtone cannot transcode; fine, it passes
	// through. A codec neither offered is refused.
	bob.respond(inv, in.tag, 200, "OK", bob.sdpWith(1, "3", "rtpmap:3 GSM/8000"))
	bob.waitRequest("ACK")
	bye := bob.waitRequest("BYE")
	bob.respond(bye, "", 200, "OK", "")
	res := alice.waitResponse("INVITE", 488)
	alice.ackNon2xx(out, res)
	rec := r.cdrs.next(t)
	if rec.Disposition == "ANSWERED" {
		t.Fatalf("CDR %+v", rec)
	}
}

func TestDTMFInfoInjectedAsRFC4733(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []Digit
	r := newRig(t, withOptions(func(o *Options) {
		o.OnDigit = func(d Digit) { mu.Lock(); seen = append(seen, d); mu.Unlock() }
	}))
	alice, bob := twoPhones(r, "udp", "udp")
	// Alice has no telephone-event: she sends SIP INFO. Bob takes RFC 4733.
	c, _ := connectWith(t, alice, bob, alice.sdpWith(1, "0", "rtpmap:0 PCMU/8000"), func(b *agent) string {
		return b.sdpWith(1, "0 101", "rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000")
	})
	toA := mediaOf(t, c.a.Body())
	s := alice.stream(toA, codec.PCMU{}, 0, audiotest.Tone(8000, 440, 0.1, time.Second))
	defer s.stop()
	bob.collect(100 * time.Millisecond)
	for _, d := range "5#" {
		alice.request(&c.out.dialog, "INFO", "Signal="+string(d)+"\r\nDuration=120\r\n", "Content-Type: application/dtmf-relay")
		alice.waitResponse("INFO", 200)
	}
	got := bob.collect(800 * time.Millisecond)
	seq := dtmf.NewSequencer(nil)
	var digits []dtmf.Digit
	for _, p := range got[101] {
		digits = seq.Push(dtmf.Packet{Timestamp: p.h.Timestamp, Marker: p.h.Marker, Payload: p.payload}, digits)
	}
	if len(digits) != 2 || digits[0].Digit != '5' || digits[1].Digit != '#' {
		t.Fatalf("Bob got RFC 4733 digits %+v from %d event packets", digits, len(got[101]))
	}
	bob.noRequest("INFO", quiet)
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0].Digit != "5" || seen[0].Method != MethodInfo || seen[0].Leg != "a" || seen[1].Digit != "#" {
		t.Fatalf("digits reported %+v", seen)
	}
}

func TestDTMFRFC4733SentAsInfo(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	alice, bob := twoPhones(r, "udp", "udp")
	// Alice sends RFC 4733; Bob has no telephone-event and gets SIP INFO.
	c, _ := connectWith(t, alice, bob, alice.sdp(1, ""), func(b *agent) string {
		return b.sdpWith(1, "0", "rtpmap:0 PCMU/8000")
	})
	toA := mediaOf(t, c.a.Body())
	pkts, err := dtmf.Generate(nil, '7', 16000, 800, 160, 10)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pkts {
		b := rtp.Append(nil, rtp.Header{PayloadType: 101, Seq: uint16(100 + i), Timestamp: p.Timestamp, SSRC: 77, Marker: p.Marker}, p.Payload)
		if _, err := alice.rtp.WriteToUDPAddrPort(b, toA); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	info := bob.waitRequest("INFO")
	if !strings.Contains(string(info.Body()), "Signal=7") || string(*info.ContentType()) != "application/dtmf-relay" {
		t.Fatalf("INFO %q", info.Body())
	}
	bob.respond(info, "", 200, "OK", "")
	st := r.calls(func(c []State) bool { return len(c) == 1 && len(c[0].Digits) == 1 })
	if d := st[0].Digits[0]; d.Digit != "7" || d.Method != MethodRFC4733 || d.Leg != "a" {
		t.Fatalf("digit %+v", d)
	}
}

func TestHoldMusic(t *testing.T) {
	t.Parallel()
	music := audiotest.Tone(8000, 500, 0.3, 2*time.Second)
	r := newRig(t, withOptions(func(o *Options) {
		o.HoldMusic = func() (play.Source, error) { return play.Loop(wav.Format{SampleRate: 8000, Channels: 1}, music) }
	}))
	alice, bob := twoPhones(r, "udp", "udp")
	c := connect(t, alice, bob)
	toB := mediaOf(t, c.b.Body())

	// Bob holds: answered here (recvonly), Alice is not re-INVITEd and
	// hears the music instead of Bob.
	sb := bob.stream(toB, codec.PCMU{}, 0, audiotest.Tone(8000, 1200, 0.3, time.Second))
	defer sb.stop()
	bob.request(&c.in.dialog, "INVITE", bob.sdp(2, "sendonly"))
	ok := bob.waitResponse("INVITE", 200)
	if !strings.Contains(string(ok.Body()), "a=recvonly") {
		t.Fatalf("hold answer:\n%s", ok.Body())
	}
	bob.ack2xxIn(c.in, ok)
	alice.noRequest("INVITE", quiet)
	got := alice.collect(time.Second)
	pcm := decodeAll(t, codec.PCMU{}, got[0])
	if len(got[0]) < 30 {
		t.Fatalf("Alice got %d packets of music", len(got[0]))
	}
	if f := audiotest.DominantFrequency(pcm[len(pcm)/2:], 8000); f < 490 || f > 510 {
		t.Fatalf("Alice hears %.1f Hz on hold, want the 500 Hz music", f)
	}
	// Paced, not a burst.
	span := got[0][len(got[0])-1].at.Sub(got[0][0].at)
	if per := span / time.Duration(len(got[0])-1); per < 15*time.Millisecond || per > 25*time.Millisecond {
		t.Fatalf("music paced at %v per packet", per)
	}

	// Bob resumes: Alice hears Bob again.
	bob.request(&c.in.dialog, "INVITE", bob.sdp(3, "sendrecv"))
	ok = bob.waitResponse("INVITE", 200)
	if !strings.Contains(string(ok.Body()), "a=sendrecv") {
		t.Fatalf("resume answer:\n%s", ok.Body())
	}
	bob.ack2xxIn(c.in, ok)
	alice.collect(200 * time.Millisecond)
	got = alice.collect(600 * time.Millisecond)
	pcm = decodeAll(t, codec.PCMU{}, got[0])
	if f := audiotest.DominantFrequency(pcm, 8000); f < 1190 || f > 1210 {
		t.Fatalf("Alice hears %.1f Hz after resume, want Bob's 1200 Hz", f)
	}
}

func TestRecordCall(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := newRig(t, withOptions(func(o *Options) { o.RecordDir = dir }))
	alice, bob := twoPhones(r, "udp", "udp")
	c := connect(t, alice, bob)
	st := r.calls(func(c []State) bool { return len(c) == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := r.sw.Record(ctx, "no-such-call", true); err != ErrNoCall {
		t.Fatalf("Record(unknown) = %v", err)
	}
	path, err := r.sw.Record(ctx, st[0].ID, true)
	if err != nil || !strings.HasPrefix(path, dir) {
		t.Fatalf("Record = %q, %v", path, err)
	}
	toA, toB := mediaOf(t, c.a.Body()), mediaOf(t, c.b.Body())
	sa := alice.stream(toA, codec.PCMU{}, 0, audiotest.Tone(8000, 700, 0.3, time.Second))
	sb := bob.stream(toB, codec.PCMU{}, 0, audiotest.Tone(8000, 1500, 0.3, time.Second))
	time.Sleep(time.Second)
	sa.stop()
	sb.stop()
	if _, err := r.sw.Record(ctx, st[0].ID, false); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, pcm, err := wav.ReadAll(fh)
	if err != nil || f.Channels != 2 {
		t.Fatalf("recording %s: %+v %v", filepath.Base(path), f, err)
	}
	n := len(pcm) / 2
	if d := time.Duration(n) * time.Second / time.Duration(f.SampleRate); d < 800*time.Millisecond || d > 1500*time.Millisecond {
		t.Fatalf("recording lasts %v, want about 1 s", d)
	}
	left, right := audiotest.Channel(pcm, 0, 2), audiotest.Channel(pcm, 1, 2)
	if fl, fr := audiotest.DominantFrequency(left[n/4:3*n/4], f.SampleRate), audiotest.DominantFrequency(right[n/4:3*n/4], f.SampleRate); fl < 690 || fl > 710 || fr < 1490 || fr > 1510 {
		t.Fatalf("recording channels %.1f / %.1f Hz, want 700 (caller) / 1500 (callee)", fl, fr)
	}
}

// ack2xxIn acknowledges a 2xx to a re-INVITE the callee sent in its dialog.
func (a *agent) ack2xxIn(in *incoming, res *sip.Response) {
	a.send(message("ACK "+in.target+" SIP/2.0", []string{
		a.via("z9hG4bK" + token()), "Max-Forwards: 70", "From: " + in.local, "To: " + in.remote,
		"Call-ID: " + in.callID, fmt.Sprintf("CSeq: %d ACK", res.CSeq().SeqNo),
	}, ""))
}

func TestConference(t *testing.T) {
	t.Parallel()
	r := newRig(t, withOptions(func(o *Options) { o.Conference = func(n string) bool { return n == "800" } }))
	r.addExt("101", "Alice", "pw-alice", 0)
	r.addExt("102", "Bob", "pw-bob", 0)
	r.addExt("103", "Carol", "pw-carol", 0)
	phones := []*agent{r.newAgent("101", "pw-alice", "udp"), r.newAgent("102", "pw-bob", "udp"), r.newAgent("103", "pw-carol", "tcp")}
	offers := []string{
		phones[0].sdpWith(1, "0 101", "rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000"),
		phones[1].sdpWith(1, "9", "rtpmap:9 G722/8000"),
		phones[2].sdpWith(1, "8", "rtpmap:8 PCMA/8000"),
	}
	codecs := []codec.Codec{codec.PCMU{}, codec.G722{}, codec.PCMA{}}
	pts := []uint8{0, 9, 8}
	tones := []float64{500, 1000, 1500}
	var outs []*outgoing
	for i, p := range phones {
		o := p.invite("800", offers[i])
		ok := p.waitResponse("INVITE", 200)
		p.answered(o, ok)
		outs = append(outs, o)
		rate := codecs[i].Format().SampleRate
		s := p.stream(mediaOf(t, ok.Body()), codecs[i], pts[i], audiotest.Tone(rate, tones[i], 0.2, 2*time.Second))
		defer s.stop()
	}
	time.Sleep(300 * time.Millisecond) // join tones over, jitter buffers filled
	for i, p := range phones {
		got := p.collect(600 * time.Millisecond)
		pcm := decodeAll(t, codecs[i], got[pts[i]])
		rate := codecs[i].Format().SampleRate
		if len(pcm) < rate/4 {
			t.Fatalf("%s heard %d samples", p.ext, len(pcm))
		}
		own := audiotest.Level(pcm, rate, tones[i])
		for j, f := range tones {
			if j == i {
				continue
			}
			if l := audiotest.Level(pcm, rate, f); l < 0.05 || audiotest.DB(l/max(own, 1e-6)) < 20 {
				t.Fatalf("%s hears %.0f Hz at %.3f and its own %.0f Hz at %.4f", p.ext, f, l, tones[i], own)
			}
		}
	}
	st := r.calls(func(c []State) bool { return len(c) == 3 })
	if st[0].Callee.Number != "800" || st[0].A.Media.Codec == "" {
		t.Fatalf("conference call state %+v", st[0])
	}
	for i, p := range phones {
		p.request(&outs[i].dialog, "BYE", "")
		p.waitResponse("BYE", 200)
	}
	for range phones {
		if rec := r.cdrs.next(t); rec.CalleeNumber != "800" || rec.Disposition != "ANSWERED" {
			t.Fatalf("CDR %+v", rec)
		}
	}
}

// TestConferenceGreeting: a participant first hears the greeting prompt,
// which a key press cuts short; then it hears the room.
func TestConferenceGreeting(t *testing.T) {
	t.Parallel()
	prompt := audiotest.Tone(8000, 300, 0.3, 5*time.Second)
	r := newRig(t, withOptions(func(o *Options) {
		o.Conference = func(n string) bool { return n == "800" }
		o.Prompts = func(string) (play.Source, error) { return play.Once(wav.Format{SampleRate: 8000, Channels: 1}, prompt) }
	}))
	alice, bob := twoPhones(r, "udp", "udp")
	o := alice.invite("800", alice.sdp(1, ""))
	ok := alice.waitResponse("INVITE", 200)
	alice.answered(o, ok)
	toRoom := mediaOf(t, ok.Body())
	got := alice.collect(500 * time.Millisecond)
	pcm := decodeAll(t, codec.PCMU{}, got[0])
	if len(got[0]) < 15 || audiotest.DominantFrequency(pcm, 8000) < 290 || audiotest.DominantFrequency(pcm, 8000) > 310 {
		t.Fatalf("Alice heard %d packets, %.0f Hz: want the 300 Hz prompt", len(got[0]), audiotest.DominantFrequency(pcm, 8000))
	}
	// A key press (RFC 4733 '#', PT 101) stops the prompt at once.
	pkts, _ := dtmf.Generate(nil, '#', 8000, 800, 160, 10)
	for i, p := range pkts {
		_, _ = alice.rtp.WriteToUDPAddrPort(rtp.Append(nil, rtp.Header{PayloadType: 101, Seq: uint16(i), Timestamp: p.Timestamp, SSRC: 5, Marker: p.Marker}, p.Payload), toRoom)
	}
	alice.collect(150 * time.Millisecond)
	// Bob joins with a 1 kHz tone (his greeting is cut short the same way):
	// Alice hears him, no more prompt.
	ob := bob.invite("800", bob.sdp(1, ""))
	okb := bob.waitResponse("INVITE", 200)
	bob.answered(ob, okb)
	toRoomB := mediaOf(t, okb.Body())
	for i, p := range pkts {
		_, _ = bob.rtp.WriteToUDPAddrPort(rtp.Append(nil, rtp.Header{PayloadType: 101, Seq: uint16(i), Timestamp: p.Timestamp, SSRC: 6, Marker: p.Marker}, p.Payload), toRoomB)
	}
	sb := bob.stream(toRoomB, codec.PCMU{}, 0, audiotest.Tone(8000, 1000, 0.3, 2*time.Second))
	defer sb.stop()
	alice.collect(300 * time.Millisecond)
	got = alice.collect(500 * time.Millisecond)
	pcm = decodeAll(t, codec.PCMU{}, got[0])
	if l1, l3 := audiotest.Level(pcm, 8000, 1000), audiotest.Level(pcm, 8000, 300); l1 < 0.05 || l3 > l1/10 {
		t.Fatalf("Alice hears Bob's 1 kHz at %.3f and the prompt's 300 Hz at %.3f", l1, l3)
	}
}

// TestConferenceRefusesBrowser: a WebRTC offer to a room gets a clear 488,
// not an answer the browser cannot use.
func TestConferenceRefusesBrowser(t *testing.T) {
	t.Parallel()
	r := newRig(t, withOptions(func(o *Options) { o.Conference = func(n string) bool { return n == "800" } }))
	alice, _ := twoPhones(r, "udp", "udp")
	offer := strings.Replace(alice.sdpWith(1, "111", "rtpmap:111 opus/48000/2", "fingerprint:sha-256 AA:BB", "setup:actpass", "ice-ufrag:abcd", "ice-pwd:0123456789abcdef0123"),
		"RTP/AVP", "UDP/TLS/RTP/SAVPF", 1)
	o := alice.invite("800", offer)
	res := alice.waitResponse("INVITE", 488)
	if w := res.GetHeader("Warning"); w == nil || !strings.Contains(w.Value(), "desk phones") {
		t.Fatalf("488 without the reason: %v", res)
	}
	alice.ackNon2xx(o, res)
	if rec := r.cdrs.next(t); rec.Disposition == "ANSWERED" {
		t.Fatalf("CDR %+v", rec)
	}
}
