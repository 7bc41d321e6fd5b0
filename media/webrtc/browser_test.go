package webrtc

import (
	"context"
	"net"
	"net/netip"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/pion/ice/v4"
	"github.com/pion/rtp"
	pion "github.com/pion/webrtc/v4"
)

// fakeBrowser is a full-ICE pion PeerConnection on loopback standing in for
// Chromium: it offers like Chrome (actpass, so it ends up the DTLS client
// against our passive answer), sends with a static track and records what
// it receives.
type fakeBrowser struct {
	t     *testing.T
	pc    *pion.PeerConnection
	track *pion.TrackLocalStaticRTP

	mu     sync.Mutex
	closed bool
	recv   []rtp.Packet
	got    chan struct{} // a packet arrived (buffered 1)
	wg     sync.WaitGroup
}

type browserOpts struct {
	codecs    []string      // offered, in order; default Chrome's opus, G722, PCMU, PCMA
	keepalive time.Duration // ICE consent checks; default 500 ms
	cut       *atomic.Bool  // when set, the browser's packets are dropped (network gone)
}

var chromeCodecs = map[string]pion.RTPCodecParameters{
	"opus": {PayloadType: 111, RTPCodecCapability: pion.RTPCodecCapability{MimeType: pion.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}},
	"G722": {PayloadType: 9, RTPCodecCapability: pion.RTPCodecCapability{MimeType: pion.MimeTypeG722, ClockRate: 8000, Channels: 1}},
	"PCMU": {PayloadType: 0, RTPCodecCapability: pion.RTPCodecCapability{MimeType: pion.MimeTypePCMU, ClockRate: 8000, Channels: 1}},
	"PCMA": {PayloadType: 8, RTPCodecCapability: pion.RTPCodecCapability{MimeType: pion.MimeTypePCMA, ClockRate: 8000, Channels: 1}},
}

func newBrowser(t testing.TB, o browserOpts) *fakeBrowser {
	if len(o.codecs) == 0 {
		o.codecs = []string{"opus", "G722", "PCMU", "PCMA"}
	}
	if o.keepalive == 0 {
		o.keepalive = 500 * time.Millisecond
	}
	me := &pion.MediaEngine{}
	for _, n := range o.codecs {
		if err := me.RegisterCodec(chromeCodecs[n], pion.RTPCodecTypeAudio); err != nil {
			t.Fatal(err)
		}
	}
	// Chrome's numbers for telephone-event (RFC 4733).
	for _, c := range []pion.RTPCodecParameters{
		{PayloadType: 110, RTPCodecCapability: pion.RTPCodecCapability{MimeType: mimeDTMF, ClockRate: 48000, Channels: 1}},
		{PayloadType: 126, RTPCodecCapability: pion.RTPCodecCapability{MimeType: mimeDTMF, ClockRate: 8000, Channels: 1}},
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
	se.SetICETimeouts(5*time.Second, 10*time.Second, o.keepalive)
	if o.cut != nil {
		conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		mux := pion.NewICEUDPMux(nil, &cuttableConn{UDPConn: conn, cut: o.cut})
		se.SetICEUDPMux(mux)
		t.Cleanup(func() { _ = mux.Close(); _ = conn.Close() })
	}
	api := pion.NewAPI(pion.WithMediaEngine(me), pion.WithSettingEngine(se))
	pc, err := api.NewPeerConnection(pion.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	track, err := pion.NewTrackLocalStaticRTP(chromeCodecs[o.codecs[0]].RTPCodecCapability, "mic", "browser")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pc.AddTrack(track); err != nil {
		t.Fatal(err)
	}
	b := &fakeBrowser{pc: pc, track: track, got: make(chan struct{}, 1)}
	if tt, ok := t.(*testing.T); ok {
		b.t = tt
	}
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
			select {
			case b.got <- struct{}{}:
			default:
			}
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

// offer makes the browser's offer with its candidates (non-trickle, as
// JsSIP sends it in the INVITE).
func (b *fakeBrowser) offer(t testing.TB, opts *pion.OfferOptions) []byte {
	t.Helper()
	o, err := b.pc.CreateOffer(opts)
	if err != nil {
		t.Fatal(err)
	}
	return b.setLocal(t, o)
}

func (b *fakeBrowser) setLocal(t testing.TB, d pion.SessionDescription) []byte {
	t.Helper()
	g := pion.GatheringCompletePromise(b.pc)
	if err := b.pc.SetLocalDescription(d); err != nil {
		t.Fatal(err)
	}
	select {
	case <-g:
	case <-time.After(5 * time.Second):
		t.Fatal("browser: gathering timed out")
	}
	return []byte(b.pc.LocalDescription().SDP)
}

func (b *fakeBrowser) setAnswer(t testing.TB, ans []byte) {
	t.Helper()
	if err := b.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: string(ans)}); err != nil {
		t.Fatalf("browser: set answer: %v\n%s", err, ans)
	}
}

// answer answers our offer.
func (b *fakeBrowser) answer(t testing.TB, off []byte) []byte {
	t.Helper()
	if err := b.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeOffer, SDP: string(off)}); err != nil {
		t.Fatalf("browser: set offer: %v\n%s", err, off)
	}
	a, err := b.pc.CreateAnswer(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b.setLocal(t, a)
}

func (b *fakeBrowser) received() []rtp.Packet {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]rtp.Packet(nil), b.recv...)
}

// waitConnected waits for both ends to reach "connected".
func waitConnected(t testing.TB, b *fakeBrowser, s *Session) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b.pc.ConnectionState() == pion.PeerConnectionStateConnected && s.State() == "connected" {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("not connected: browser %s, dialtone %s", b.pc.ConnectionState(), s.State())
}

// encodeTone cuts pcm (at the codec's sample rate) into 20 ms RTP packets.
func encodeTone(t testing.TB, c codec.Codec, pt uint8, ssrc uint32, pcm []int16) [][]byte {
	t.Helper()
	f := c.Format()
	enc, err := c.NewEncoder()
	if err != nil {
		t.Fatal(err)
	}
	frame := f.SampleRate / 50 * f.PCMChannels
	step := uint32(f.ClockRate / 50)
	var out [][]byte
	var payload []byte
	for i, seq := 0, uint16(1000); i+frame <= len(pcm); i, seq = i+frame, seq+1 {
		payload, err = enc.Encode(pcm[i:i+frame], payload[:0])
		if err != nil {
			t.Fatal(err)
		}
		h := rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq, Timestamp: 5000 + uint32(i/frame)*step, SSRC: ssrc, Marker: i == 0}
		b, err := (&rtp.Packet{Header: h, Payload: payload}).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// decodePackets orders packets by sequence number, keeps those with the
// audio payload type and decodes them.
func decodePackets(t testing.TB, c codec.Codec, pt uint8, pkts []rtp.Packet) []int16 {
	t.Helper()
	sort.Slice(pkts, func(i, j int) bool { return int16(pkts[i].SequenceNumber-pkts[j].SequenceNumber) < 0 })
	dec, err := c.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	var pcm []int16
	for _, p := range pkts {
		if p.PayloadType != pt {
			continue
		}
		pcm, err = dec.Decode(p.Payload, pcm)
		if err != nil {
			t.Fatal(err)
		}
	}
	return pcm
}

func testEngine(t testing.TB, mod func(*Config)) *Engine {
	t.Helper()
	cfg := Config{
		PublicIP:   netip.MustParseAddr("127.0.0.1"),
		ListenAddr: netip.MustParseAddr("127.0.0.1"),
	}
	if mod != nil {
		mod(&cfg)
	}
	e, err := NewEngine(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// cuttableConn drops everything written while cut is set: the browser's
// network is gone.
type cuttableConn struct {
	*net.UDPConn
	cut *atomic.Bool
}

func (c *cuttableConn) WriteTo(b []byte, addr net.Addr) (int, error) {
	if c.cut.Load() {
		return len(b), nil
	}
	return c.UDPConn.WriteTo(b, addr)
}
