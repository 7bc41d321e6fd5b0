package call

import (
	"fmt"
	"math"
	"net"
	"net/netip"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/rtp"
	pion "github.com/pion/webrtc/v4"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/play"
	"github.com/dialtone-pbx/dialtone/media/sdp"
	"github.com/dialtone-pbx/dialtone/media/wav"
	"github.com/dialtone-pbx/dialtone/media/webrtc"
	"github.com/dialtone-pbx/dialtone/pbx/registrar"
)

// chromeOffer is the audio part of what Chromium offers through JsSIP.
const chromeOffer = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" +
	"a=group:BUNDLE 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS abc\r\n" +
	"m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" +
	"a=ice-ufrag:Xk4v\r\na=ice-pwd:5Sx0ZbXzqkF2cU0mKq0nXv2B\r\na=ice-options:trickle\r\n" +
	"a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n" +
	"a=setup:actpass\r\na=mid:0\r\na=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=sendonly\r\na=msid:abc def\r\n" +
	"a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n" +
	"a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
	"a=rtpmap:13 CN/8000\r\na=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\na=ssrc:1 cname:x\r\n"

func TestPlainAudio(t *testing.T) {
	for _, tc := range []struct {
		name    string
		keep    []uint8
		formats string
		want    []string // lines the result must have
		not     []string // and must not
	}{
		{"opus and its telephone-event", []uint8{111, 110}, "111 110",
			[]string{"m=audio 9 RTP/AVP 111 110", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:110 telephone-event/48000", "a=sendonly", "c=IN IP4 0.0.0.0"},
			[]string{"fingerprint", "ice-", "setup", "BUNDLE", "rtcp-fb", "extmap", "ssrc", "msid", "rtcp-mux", "mid", "red/"}},
		{"order of keep", []uint8{0, 126, 111}, "0 126 111", []string{"m=audio 9 RTP/AVP 0 126 111"}, []string{"SAVPF"}},
		{"all", nil, "111 63 9 0 8 13 110 126", []string{"RTP/AVP 111 63 9 0 8 13 110 126"}, []string{"ice-pwd"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sdp.Parse([]byte(chromeOffer))
			if err != nil {
				t.Fatal(err)
			}
			p, err := plainAudio(s, tc.keep)
			if err != nil {
				t.Fatal(err)
			}
			out := string(p.Marshal())
			if !strings.Contains(out, "m=audio 9 RTP/AVP "+tc.formats+"\r\n") {
				t.Errorf("formats: want %q in\n%s", tc.formats, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("want %q in\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("%q left in\n%s", n, out)
				}
			}
			if string(s.Marshal()) != chromeOffer {
				t.Error("plainAudio modified its input")
			}
		})
	}
	s, _ := sdp.Parse([]byte(chromeOffer))
	if _, err := plainAudio(s, []uint8{18}); err == nil || !strings.Contains(err.Error(), "no audio codec") {
		t.Errorf("keep nothing offered: err %v, want no audio codec", err)
	}
}

func TestIsWebRTC(t *testing.T) {
	plain := "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
	for _, tc := range []struct {
		sdp  string
		want bool
	}{
		{chromeOffer, true},
		{plain, false},
		{strings.Replace(plain, "RTP/AVP", "RTP/SAVPF", 1) + "a=fingerprint:sha-256 AA:BB\r\n", true},
		{strings.Replace(plain, "t=0 0\r\n", "t=0 0\r\na=fingerprint:sha-256 AA:BB\r\n", 1), true},
		{strings.Replace(plain, "RTP/AVP", "RTP/SAVP", 1), false}, // SDES-SRTP, not WebRTC
	} {
		s, err := sdp.Parse([]byte(tc.sdp))
		if err != nil {
			t.Fatal(err)
		}
		if got := isWebRTCOffer(s); got != tc.want {
			t.Errorf("isWebRTCOffer(%q) = %v, want %v", tc.sdp, got, tc.want)
		}
	}
	for _, tc := range []struct {
		ct   registrar.Contact
		want bool
	}{
		{registrar.Contact{Transport: "wss", URI: "sip:a@b.invalid"}, true},
		{registrar.Contact{Transport: "WS", URI: "sip:a@b.invalid"}, true},
		{registrar.Contact{Transport: "udp", URI: "sip:a@127.0.0.1:5060;transport=ws"}, true},
		{registrar.Contact{Transport: "tcp", URI: "sip:a@127.0.0.1:5060;transport=tcp"}, false},
		{registrar.Contact{Transport: "udp", URI: "sip:a@127.0.0.1:5060"}, false},
	} {
		if got := isWebRTCContact(tc.ct); got != tc.want {
			t.Errorf("isWebRTCContact(%+v) = %v, want %v", tc.ct, got, tc.want)
		}
	}
}

// --- a browser played by pion ---

// fakeBrowser is a full-ICE pion PeerConnection on loopback standing in
// for Chromium (Chrome's payload types), sending with a static track and
// keeping what it receives.
type fakeBrowser struct {
	t     *testing.T
	pc    *pion.PeerConnection
	track *browserTrack
	c     codec.Codec
	pt    uint8
	tePT  uint8

	seq uint16 // of the next packet sent (send runs one at a time)
	ts  uint32

	mu     sync.Mutex
	closed bool
	recv   []rtp.Packet
	wg     sync.WaitGroup
}

var browserCodecs = map[string]pion.RTPCodecParameters{
	"opus": {PayloadType: 111, RTPCodecCapability: pion.RTPCodecCapability{MimeType: pion.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}},
	"PCMU": {PayloadType: 0, RTPCodecCapability: pion.RTPCodecCapability{MimeType: pion.MimeTypePCMU, ClockRate: 8000, Channels: 1}},
}

func newFakeBrowser(t *testing.T, name string) *fakeBrowser {
	t.Helper()
	me := &pion.MediaEngine{}
	cp := browserCodecs[name]
	if err := me.RegisterCodec(cp, pion.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	// Chromium's telephone-event payload types; it sends its keys with the
	// 8 kHz one, whatever the codec.
	te := pion.RTPCodecParameters{PayloadType: 126, RTPCodecCapability: pion.RTPCodecCapability{MimeType: "audio/telephone-event", ClockRate: 8000, Channels: 1}}
	for _, c := range []pion.RTPCodecParameters{
		{PayloadType: 110, RTPCodecCapability: pion.RTPCodecCapability{MimeType: "audio/telephone-event", ClockRate: 48000, Channels: 1}}, te,
	} {
		if err := me.RegisterCodec(c, pion.RTPCodecTypeAudio); err != nil {
			t.Fatal(err)
		}
	}
	se := pion.SettingEngine{}
	se.SetNetworkTypes([]pion.NetworkType{pion.NetworkTypeUDP4})
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.SetICETimeouts(5*time.Second, 10*time.Second, 500*time.Millisecond)
	pc, err := pion.NewAPI(pion.WithMediaEngine(me), pion.WithSettingEngine(se)).NewPeerConnection(pion.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	track := &browserTrack{}
	if _, err := pc.AddTrack(track); err != nil {
		t.Fatal(err)
	}
	c, err := codec.Lookup(name, int(cp.ClockRate), int(cp.Channels))
	if err != nil {
		t.Fatal(err)
	}
	b := &fakeBrowser{t: t, pc: pc, track: track, c: c, pt: uint8(cp.PayloadType), tePT: uint8(te.PayloadType)}
	pc.OnTrack(func(tr *pion.TrackRemote, _ *pion.RTPReceiver) {
		b.mu.Lock()
		if b.closed {
			b.mu.Unlock()
			return
		}
		b.wg.Add(1)
		b.mu.Unlock()
		defer b.wg.Done()
		for {
			p, _, err := tr.ReadRTP()
			if err != nil {
				return
			}
			b.mu.Lock()
			b.recv = append(b.recv, *p)
			b.mu.Unlock()
		}
	})
	t.Cleanup(b.close)
	return b
}

func (b *fakeBrowser) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	_ = b.pc.GracefulClose()
	b.wg.Wait()
}

func (b *fakeBrowser) setLocal(d pion.SessionDescription) []byte {
	b.t.Helper()
	g := pion.GatheringCompletePromise(b.pc)
	if err := b.pc.SetLocalDescription(d); err != nil {
		b.t.Fatal(err)
	}
	select {
	case <-g:
	case <-time.After(wait):
		b.t.Fatal("browser: gathering timed out")
	}
	return []byte(b.pc.LocalDescription().SDP)
}

func (b *fakeBrowser) offer() []byte {
	b.t.Helper()
	o, err := b.pc.CreateOffer(nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.setLocal(o)
}

func (b *fakeBrowser) setAnswer(ans []byte) {
	b.t.Helper()
	if err := b.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: string(ans)}); err != nil {
		b.t.Fatalf("browser: answer refused: %v\n%s", err, ans)
	}
}

func (b *fakeBrowser) answer(off []byte) []byte {
	b.t.Helper()
	if err := b.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeOffer, SDP: string(off)}); err != nil {
		b.t.Fatalf("browser: offer refused: %v\n%s", err, off)
	}
	a, err := b.pc.CreateAnswer(nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.setLocal(a)
}

func (b *fakeBrowser) waitConnected() {
	b.t.Helper()
	deadline := time.Now().Add(wait)
	for b.pc.ConnectionState() != pion.PeerConnectionStateConnected {
		if time.Now().After(deadline) {
			b.t.Fatalf("browser not connected: %s", b.pc.ConnectionState())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// reoffer is the browser's last description turned into a new offer with
// direction dir (what JsSIP's hold and unhold send), version bumped.
func (b *fakeBrowser) reoffer(dir string, version int) []byte {
	s := b.pc.LocalDescription().SDP
	s = regexp.MustCompile(`a=(sendrecv|sendonly|recvonly|inactive)`).ReplaceAllString(s, "a="+dir)
	s = regexp.MustCompile(`a=setup:\w+`).ReplaceAllString(s, "a=setup:actpass")
	s = regexp.MustCompile(`(?m)^o=(\S+) (\S+) \d+`).ReplaceAllString(s, "o=$1 $2 "+strconv.Itoa(version))
	return []byte(s)
}

// tone is freq at the codec's rate and channels.
func (b *fakeBrowser) tone(freq float64, d time.Duration) []int16 {
	f := b.c.Format()
	pcm := audiotest.Tone(f.SampleRate, freq, 0.4, d)
	if f.PCMChannels == 2 {
		return audiotest.Stereo(pcm, pcm)
	}
	return pcm
}

// send plays pcm (at the codec's rate) as 20 ms packets, in real time.
func (b *fakeBrowser) send(pcm []int16) {
	f := b.c.Format()
	enc, err := b.c.NewEncoder()
	if err != nil {
		b.t.Error(err)
		return
	}
	frame := f.SampleRate / 50 * f.PCMChannels
	var payload []byte
	for i := 0; i+frame <= len(pcm); i += frame {
		payload, err = enc.Encode(pcm[i:i+frame], payload[:0])
		if err != nil {
			b.t.Error(err)
			return
		}
		b.seq++
		b.ts += uint32(f.ClockRate / 50)
		p := &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: b.pt, SequenceNumber: b.seq,
			Timestamp: b.ts, SSRC: 0xb0b0, Marker: i == 0}, Payload: payload}
		if err := b.track.WriteRTP(p); err != nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sendDigit sends one RFC 4733 event (digit 5), three packets and two
// end packets, at 8 kHz as Chromium does.
func (b *fakeBrowser) sendDigit() {
	clock := uint32(8000)
	seq := b.seq + 1
	b.seq += 5
	for i := range 5 {
		dur := uint16(min(i+1, 3) * int(clock) / 50)
		end := byte(0)
		if i >= 3 {
			end = 0x80
		}
		p := &rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: b.tePT, SequenceNumber: seq + uint16(i),
			Timestamp: b.ts, SSRC: 0xb0b0, Marker: i == 0}, Payload: []byte{5, end | 10, byte(dur >> 8), byte(dur)}}
		_ = b.track.WriteRTP(p)
		time.Sleep(20 * time.Millisecond)
	}
}

// heard decodes what the browser received in its codec since packet n.
func (b *fakeBrowser) heard(from int) ([]int16, int) {
	b.mu.Lock()
	pkts := append([]rtp.Packet(nil), b.recv[min(from, len(b.recv)):]...)
	n := len(b.recv)
	b.mu.Unlock()
	return decodeRTP(b.t, b.c, b.pt, pkts), n
}

func decodeRTP(t *testing.T, c codec.Codec, pt uint8, pkts []rtp.Packet) []int16 {
	t.Helper()
	sort.SliceStable(pkts, func(i, j int) bool { return int16(pkts[i].SequenceNumber-pkts[j].SequenceNumber) < 0 })
	dec, err := c.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	var pcm []int16
	for _, p := range pkts {
		if p.PayloadType != pt {
			continue
		}
		if pcm, err = dec.Decode(p.Payload, pcm); err != nil {
			t.Fatal(err)
		}
	}
	f := c.Format()
	if f.PCMChannels == 2 {
		pcm = audiotest.Channel(pcm, 0, 2)
	}
	return pcm
}

// browserTrack sends packets with their own payload type, as a browser's
// RTCDTMFSender does (pion's static track would overwrite it).
type browserTrack struct {
	mu   sync.Mutex
	w    pion.TrackLocalWriter
	ssrc uint32
}

func (t *browserTrack) ID() string              { return "mic" }
func (t *browserTrack) RID() string             { return "" }
func (t *browserTrack) StreamID() string        { return "browser" }
func (t *browserTrack) Kind() pion.RTPCodecType { return pion.RTPCodecTypeAudio }

func (t *browserTrack) Bind(ctx pion.TrackLocalContext) (pion.RTPCodecParameters, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.w, t.ssrc = ctx.WriteStream(), uint32(ctx.SSRC())
	return ctx.CodecParameters()[0], nil
}

func (t *browserTrack) Unbind(pion.TrackLocalContext) error {
	t.mu.Lock()
	t.w = nil
	t.mu.Unlock()
	return nil
}

func (t *browserTrack) WriteRTP(p *rtp.Packet) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.w == nil {
		return nil
	}
	p.SSRC = t.ssrc
	_, err := t.w.WriteRTP(&p.Header, p.Payload)
	return err
}

// --- the desk phone's media ---

// phoneAudio collects RTP arriving at an agent's media socket.
type phoneAudio struct {
	mu   sync.Mutex
	pkts []rtp.Packet
	done chan struct{}
}

func listenPhone(t *testing.T, a *agent) *phoneAudio {
	p := &phoneAudio{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		buf := make([]byte, 2048)
		for {
			n, err := a.rtp.Read(buf)
			if err != nil {
				return
			}
			var pkt rtp.Packet
			if pkt.Unmarshal(append([]byte(nil), buf[:n]...)) == nil {
				p.mu.Lock()
				p.pkts = append(p.pkts, pkt)
				p.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() { a.rtp.Close(); <-p.done })
	return p
}

func (p *phoneAudio) since(n int) ([]rtp.Packet, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]rtp.Packet(nil), p.pkts[min(n, len(p.pkts)):]...), len(p.pkts)
}

// phoneSend plays pcm (8 kHz) as PCMU from the agent's media socket to dst.
func phoneSend(a *agent, dst netip.AddrPort, pcm []int16) {
	enc, _ := codec.PCMU{}.NewEncoder()
	var payload []byte
	for i, seq := 0, uint16(7); i+160 <= len(pcm); i, seq = i+160, seq+1 {
		payload, _ = enc.Encode(pcm[i:i+160], payload[:0])
		b, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 0, SequenceNumber: seq, Timestamp: uint32(i), SSRC: 0x5555}, Payload: payload}).Marshal()
		if _, err := a.rtp.WriteToUDPAddrPort(b, dst); err != nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// --- rig ---

func newWebRTCRig(t *testing.T, moh bool) (*rig, *webrtc.Engine) {
	t.Helper()
	eng, err := webrtc.NewEngine(webrtc.Config{
		PublicIP:   netip.MustParseAddr("127.0.0.1"),
		ListenAddr: netip.MustParseAddr("127.0.0.1"),
		Logger:     testLogger(t).With("component", "webrtc"),
	})
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, withOptions(func(o *Options) {
		o.WebRTC = WebRTCEngine(eng)
		if moh {
			o.HoldMusic = func() (play.Source, error) {
				return play.Loop(wav.Format{SampleRate: 8000, Channels: 1}, audiotest.Tone(8000, 1200, 0.3, time.Second))
			}
		}
	}))
	// Registered last, so it runs first: the switch shuts down (sessions
	// closed by their calls) before the engine.
	t.Cleanup(func() { _ = eng.Close() })
	r.addExt("201", "Browser", "pw-201", 0)
	r.addExt("202", "Desk", "pw-202", 0)
	return r, eng
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// checkTone asserts pcm (at rate) is mostly freq, loud enough.
func checkTone(t *testing.T, what string, pcm []int16, rate int, freq float64) {
	t.Helper()
	if len(pcm) < rate/4 {
		t.Fatalf("%s: only %d samples", what, len(pcm))
	}
	pcm = pcm[len(pcm)/4:] // past the start (latching, codec warm-up)
	f := audiotest.DominantFrequency(pcm, rate)
	level := audiotest.DB(audiotest.RMS(pcm))
	if !near(f, freq, 12) || level < -30 {
		t.Fatalf("%s: %.1f Hz at %.1f dBFS, want %.0f Hz above -30 dBFS", what, f, level, freq)
	}
	t.Logf("%s: %.1f Hz at %.1f dBFS", what, f, level)
}

// waitPackets waits until more than n packets of payload type pt arrived.
func waitPackets(t *testing.T, what string, get func() []rtp.Packet, pt uint8, n int) []rtp.Packet {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		pkts := get()
		c := 0
		for _, p := range pkts {
			if p.PayloadType == pt {
				c++
			}
		}
		if c > n {
			return pkts
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d packets of payload type %d, want more than %d", what, c, pt, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A browser calls a desk phone: the phone gets a plain RTP/AVP offer, the
// browser our WebRTC answer; audio flows both ways through the session
// (transcoded from Opus), the browser's RFC 4733 digit reaches the phone
// as telephone-event/8000, and the CDR has the WebRTC leg's codec and
// packets.
func TestWebRTCBrowserCallsPhone(t *testing.T) {
	for _, name := range []string{"PCMU", "opus"} {
		t.Run(name, func(t *testing.T) {
			r, eng := newWebRTCRig(t, false)
			var digits []Digit
			var dmu sync.Mutex
			r.sw.opts.OnDigit = func(d Digit) { dmu.Lock(); digits = append(digits, d); dmu.Unlock() }
			desk := r.newAgent("202", "pw-202", "udp")
			ua := r.newAgent("201", "pw-201", "udp")
			br := newFakeBrowser(t, name)
			deskRTP := listenPhone(t, desk)

			o := ua.invite("202", string(br.offer()))
			inv := desk.waitRequest("INVITE")
			body := string(inv.Body())
			for _, bad := range []string{"fingerprint", "ice-", "SAVPF", "setup:", "rtcp-mux"} {
				if strings.Contains(body, bad) {
					t.Fatalf("desk phone's offer has %q:\n%s", bad, body)
				}
			}
			if !strings.Contains(body, "RTP/AVP") || !strings.Contains(body, "a=rtpmap:0 PCMU/8000") {
				t.Fatalf("desk phone's offer lacks RTP/AVP PCMU:\n%s", body)
			}
			in := desk.accept(inv)
			desk.respond(inv, in.tag, 200, "OK", desk.sdp(1, ""))
			res := ua.waitResponse("INVITE", 200)
			for _, want := range []string{"UDP/TLS/RTP/SAVPF", "a=fingerprint:", "a=ice-lite", "a=setup:passive", "127.0.0.1"} {
				if !strings.Contains(string(res.Body()), want) {
					t.Fatalf("browser's answer lacks %q:\n%s", want, res.Body())
				}
			}
			br.setAnswer(res.Body())
			ua.answered(o, res)
			br.waitConnected()
			st := r.calls(func(s []State) bool { return len(s) == 1 && s[0].Phase == PhaseAnswered })[0]
			if st.A.Media.Codec != name || st.B[0].Media.Codec != "PCMU" || st.A.Media.Port != eng.Addr().Port() {
				t.Fatalf("call state: A %+v, B %+v", st.A.Media, st.B[0].Media)
			}

			// Browser → phone.
			go br.send(br.tone(440, 1200*time.Millisecond))
			pkts := waitPackets(t, "phone", func() []rtp.Packet { p, _ := deskRTP.since(0); return p }, 0, 50)
			checkTone(t, "phone hears the browser", decodeRTP(t, codec.PCMU{}, 0, pkts), 8000, 440)

			// Phone → browser.
			relayAddr := mediaOf(t, inv.Body())
			_, mark := br.heard(0)
			go phoneSend(desk, relayAddr, audiotest.Tone(8000, 1000, 0.4, 1200*time.Millisecond))
			time.Sleep(1400 * time.Millisecond)
			pcm, _ := br.heard(mark)
			checkTone(t, "browser hears the phone", pcm, br.c.Format().SampleRate, 1000)

			// A key pressed in the browser: RFC 4733 to the phone, at 8 kHz.
			_, before := deskRTP.since(0)
			br.sendDigit()
			ev := waitPackets(t, "phone's telephone-event", func() []rtp.Packet { p, _ := deskRTP.since(before); return p }, 101, 2)
			for _, p := range ev {
				if p.PayloadType == 101 && (len(p.Payload) != 4 || p.Payload[0] != 5) {
					t.Fatalf("phone got event %x, want digit 5", p.Payload)
				}
			}
			deadline := time.Now().Add(wait)
			for {
				dmu.Lock()
				n := len(digits)
				dmu.Unlock()
				if n > 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the browser's digit was not reported")
				}
				time.Sleep(10 * time.Millisecond)
			}
			dmu.Lock()
			if d := digits[0]; d.Digit != "5" || d.Leg != "a" || d.Method != MethodRFC4733 {
				t.Fatalf("digit %+v, want 5 from a by rfc4733", d)
			}
			dmu.Unlock()

			// Hang-up from the browser.
			ua.request(&o.dialog, "BYE", "")
			ua.waitResponse("BYE", 200)
			desk.waitRequest("BYE")
			c := r.cdrs.next(t)
			if c.Disposition != "ANSWERED" || c.CodecA != name || c.CodecB != "PCMU" || c.PacketsA < 50 || c.PacketsB < 50 || c.MOSA == 0 {
				t.Fatalf("CDR %+v: want ANSWERED, codecs %s/PCMU, packets and MOS of both legs", c, name)
			}
			t.Logf("CDR: %s/%s, packets %d/%d, lost %d/%d, jitter %v/%v, MOS %.2f/%.2f", c.CodecA, c.CodecB,
				c.PacketsA, c.PacketsB, c.LostA, c.LostB, c.JitterA, c.JitterB, c.MOSA, c.MOSB)
			waitSessions(t, eng, 0)
		})
	}
}

func waitSessions(t *testing.T, eng *webrtc.Engine, n int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for eng.Sessions() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d WebRTC sessions open, want %d", eng.Sessions(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A desk phone calls a browser registered over WebSocket: the browser gets
// our WebRTC offer, the phone a plain answer; a hold from the browser plays
// music on hold to the phone, the resume brings the browser back, and the
// browser closing its connection (a reload) ends the call with a CDR.
func TestWebRTCPhoneCallsBrowser(t *testing.T) {
	r, eng := newWebRTCRig(t, true)
	desk := r.newAgent("202", "pw-202", "udp")
	ua := r.newAgent("201", "pw-201", "udp")
	// The browser's registration names transport=ws (RFC 7118 §5.2).
	r.loc.mu.Lock()
	r.loc.m["201"][0].URI += ";transport=ws"
	r.loc.mu.Unlock()
	br := newFakeBrowser(t, "opus")
	deskRTP := listenPhone(t, desk)

	o := desk.invite("201", desk.sdp(1, ""))
	inv := ua.waitRequest("INVITE")
	for _, want := range []string{"UDP/TLS/RTP/SAVPF", "a=fingerprint:", "a=ice-lite", "a=setup:actpass", "opus/48000/2"} {
		if !strings.Contains(string(inv.Body()), want) {
			t.Fatalf("browser's offer lacks %q:\n%s", want, inv.Body())
		}
	}
	in := ua.accept(inv)
	ua.respond(inv, in.tag, 180, "Ringing", "")
	ans := br.answer(inv.Body())
	ua.respond(inv, in.tag, 200, "OK", string(ans))
	res := desk.waitResponse("INVITE", 200)
	body := string(res.Body())
	if strings.Contains(body, "fingerprint") || strings.Contains(body, "SAVPF") || !strings.Contains(body, "RTP/AVP 0") {
		t.Fatalf("desk phone's answer is not plain PCMU:\n%s", body)
	}
	desk.answered(o, res)
	ua.waitRequest("ACK")
	br.waitConnected()
	relayAddr := mediaOf(t, res.Body())

	stopBrowser := make(chan struct{})
	browserDone := make(chan struct{})
	go func() { // the browser talks throughout: 440 Hz
		defer close(browserDone)
		st := br.tone(440, time.Second)
		for {
			select {
			case <-stopBrowser:
				return
			default:
			}
			br.send(st)
		}
	}()
	defer func() { close(stopBrowser); <-browserDone }()
	go phoneSend(desk, relayAddr, audiotest.Tone(8000, 1000, 0.4, 1200*time.Millisecond))
	time.Sleep(1300 * time.Millisecond)
	pcm, _ := br.heard(0)
	checkTone(t, "browser hears the phone", pcm, 48000, 1000)
	_, mark := deskRTP.since(0)
	time.Sleep(time.Second)
	pkts, mark := deskRTP.since(mark)
	checkTone(t, "phone hears the browser", decodeRTP(t, codec.PCMU{}, 0, pkts), 8000, 440)

	// Hold from the browser (JsSIP: re-INVITE with a=sendonly).
	in.target = strings.Trim(in.target, "<>")
	ua.request(&in.dialog, "INVITE", string(br.reoffer("sendonly", 10)))
	hold := ua.waitResponse("INVITE", 200)
	if !strings.Contains(string(hold.Body()), "a=recvonly") || !strings.Contains(string(hold.Body()), "a=fingerprint:") {
		t.Fatalf("hold answer:\n%s", hold.Body())
	}
	ua.send(message("ACK "+in.target+" SIP/2.0", []string{ua.via("z9hG4bK" + token()), "Max-Forwards: 70",
		"From: " + in.local, "To: " + in.remote, "Call-ID: " + in.callID, fmt.Sprintf("CSeq: %d ACK", ua.cseq)}, ""))
	time.Sleep(300 * time.Millisecond)
	_, mark = deskRTP.since(mark)
	time.Sleep(time.Second)
	pkts, mark = deskRTP.since(mark)
	checkTone(t, "phone hears music on hold", decodeRTP(t, codec.PCMU{}, 0, pkts), 8000, 1200)

	// Resume.
	ua.request(&in.dialog, "INVITE", string(br.reoffer("sendrecv", 11)))
	resume := ua.waitResponse("INVITE", 200)
	if !strings.Contains(string(resume.Body()), "a=sendrecv") {
		t.Fatalf("resume answer:\n%s", resume.Body())
	}
	time.Sleep(300 * time.Millisecond)
	_, mark = deskRTP.since(mark)
	time.Sleep(time.Second)
	pkts, _ = deskRTP.since(mark)
	checkTone(t, "phone hears the browser again", decodeRTP(t, codec.PCMU{}, 0, pkts), 8000, 440)

	// The browser goes away (DTLS close_notify): the call ends.
	br.close()
	desk.waitRequest("BYE")
	c := r.cdrs.next(t)
	if c.Disposition != "ANSWERED" || c.CodecA != "PCMU" || c.CodecB != "opus" || c.PacketsB < 100 || c.HangupSide != "callee" {
		t.Fatalf("CDR %+v: want ANSWERED, PCMU/opus, the browser's packets, ended by the callee", c)
	}
	t.Logf("CDR: %s/%s, packets %d/%d, reason %s by %s, MOS %.2f/%.2f", c.CodecA, c.CodecB, c.PacketsA, c.PacketsB,
		c.HangupReason, c.HangupSide, c.MOSA, c.MOSB)
	waitSessions(t, eng, 0)
}

func TestBrowserDTMF(t *testing.T) {
	only48k := strings.Replace(chromeOffer, "a=rtpmap:126 telephone-event/8000\r\n", "", 1)
	only48k = strings.Replace(only48k, " 110 126\r\n", " 110\r\n", 1)
	for _, tc := range []struct {
		name   string
		sdp    string
		dtmfPT uint8
		want   uint8
	}{
		{"8 kHz event beside Opus", chromeOffer, 110, 126},
		{"only the codec's clock", only48k, 110, 110},
		{"none", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n", 0, 0},
		{"unparsable", "garbage", 110, 110},
	} {
		if got := browserDTMF([]byte(tc.sdp), tc.dtmfPT); got != tc.want {
			t.Errorf("%s: browserDTMF = %d, want %d", tc.name, got, tc.want)
		}
	}
}
