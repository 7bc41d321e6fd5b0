package webrtc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/media/sdp"
	"github.com/pion/rtcp"
	pion "github.com/pion/webrtc/v4"
)

// Session is one browser's audio: ICE (we are the lite side), DTLS-SRTP,
// and one audio track each way. The call layer hands the SDP through SIP,
// reads the browser's RTP with OnRTP and writes ours with WriteRTP.
type Session struct {
	e     *Engine
	log   *slog.Logger
	pc    *pion.PeerConnection
	tr    *pion.RTPTransceiver
	track *audioTrack

	negMu    sync.Mutex // one negotiation at a time
	awaiting bool       // we offered and wait for SetAnswer

	codecMu sync.RWMutex
	codec   codecInfo

	sendOK atomic.Bool // our direction allows sending (RFC 3264 §5.1)
	onRTP  atomic.Pointer[func([]byte)]

	in         inStats
	remote     remoteReport
	packetsOut atomic.Uint64
	bytesOut   atomic.Uint64

	mu      sync.Mutex
	closing bool
	wg      sync.WaitGroup
	done    chan struct{}
	once    sync.Once
}

type codecInfo struct {
	name      string
	pt        uint8
	clockRate int
	dtmfPT    uint8
	// clocks maps every negotiated payload type except telephone-event to
	// its clock, for jitter.
	clocks [128]int
}

func (e *Engine) newSession(id string) (*Session, error) {
	pc, err := e.api.NewPeerConnection(pion.Configuration{
		Certificates:  []pion.Certificate{*e.cert},
		BundlePolicy:  pion.BundlePolicyMaxBundle,
		RTCPMuxPolicy: pion.RTCPMuxPolicyRequire, // RFC 8858
	})
	if err != nil {
		return nil, fmt.Errorf("webrtc: new peer connection: %w", err)
	}
	s := &Session{
		e:     e,
		log:   e.log.With("webrtc_session", id),
		pc:    pc,
		track: newAudioTrack(id),
		done:  make(chan struct{}),
	}
	s.sendOK.Store(true)
	pc.OnConnectionStateChange(func(st pion.PeerConnectionState) {
		s.log.Debug("webrtc: state", "state", st.String())
		if st == pion.PeerConnectionStateFailed || st == pion.PeerConnectionStateClosed {
			s.finish()
		}
	})
	pc.OnTrack(s.readRTP)
	tr, err := pc.AddTransceiverFromTrack(s.track, pion.RTPTransceiverInit{Direction: pion.RTPTransceiverDirectionSendrecv})
	if err != nil {
		_ = pc.Close()
		return nil, fmt.Errorf("webrtc: add audio: %w", err)
	}
	s.tr = tr
	s.wg.Add(1)
	go s.readRTCP(tr.Sender())
	if !e.add(s) {
		_ = s.Close()
		return nil, ErrClosed
	}
	return s, nil
}

func (s *Session) finish() { s.once.Do(func() { close(s.done) }) }

// readRTP runs in pion's OnTrack goroutine for the browser's one track.
func (s *Session) readRTP(t *pion.TrackRemote, _ *pion.RTPReceiver) {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	buf := make([]byte, 1500)
	clockOf := func(pt uint8) int {
		s.codecMu.RLock()
		defer s.codecMu.RUnlock()
		return s.codec.clocks[pt&0x7f]
	}
	for {
		n, _, err := t.Read(buf)
		if err != nil {
			s.log.Debug("webrtc: RTP read loop ended", "err", err)
			return
		}
		pkt := buf[:n]
		s.in.update(pkt, time.Now(), clockOf)
		if h := s.onRTP.Load(); h != nil {
			(*h)(pkt)
		}
	}
}

// readRTCP reads the browser's reports about our stream, for RTT and its
// view of loss; it ends when the sender stops (Close).
func (s *Session) readRTCP(sender *pion.RTPSender) {
	defer s.wg.Done()
	buf := make([]byte, 1500)
	for {
		n, _, err := sender.Read(buf)
		if err != nil {
			return
		}
		pkts, err := rtcp.Unmarshal(buf[:n])
		if err != nil {
			continue
		}
		s.codecMu.RLock()
		clock := uint32(s.codec.clockRate)
		s.codecMu.RUnlock()
		s.remote.take(pkts, s.track.boundSSRC(), clock, time.Now())
	}
}

// answer applies a remote offer and returns our answer (RFC 3264 §6).
func (s *Session) answer(ctx context.Context, offer []byte) ([]byte, error) {
	ra, err := inspectRemote(offer)
	if err != nil {
		return nil, err
	}
	if err := s.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeOffer, SDP: string(ra.normal)}); err != nil {
		return nil, fmt.Errorf("%w: offer: %w", ErrSDP, err)
	}
	// Our preference order, not the browser's, in the answer.
	codecs := s.orderCodecs(s.tr.Receiver().GetParameters().Codecs)
	if len(codecs) == 0 {
		return nil, fmt.Errorf("%w: offered formats %v", ErrNoAudio, ra.formats)
	}
	if err := s.tr.SetCodecPreferences(codecs); err != nil {
		return nil, fmt.Errorf("%w: codecs: %w", ErrNoAudio, err)
	}
	ans, err := s.pc.CreateAnswer(nil)
	if err != nil {
		return nil, fmt.Errorf("%w: create answer: %w", ErrSDP, err)
	}
	if err := s.negotiated([]byte(ans.SDP)); err != nil {
		return nil, err
	}
	local, err := s.setLocal(ctx, ans)
	if err != nil {
		return nil, err
	}
	ours := ra.dir.Reverse()
	s.sendOK.Store(sending(ours))
	return setAudioDirection(local, ours)
}

// orderCodecs sorts the negotiated codecs by the engine's preference,
// telephone-event last.
func (s *Session) orderCodecs(neg []pion.RTPCodecParameters) []pion.RTPCodecParameters {
	out := make([]pion.RTPCodecParameters, 0, len(neg))
	for _, want := range s.e.codecs {
		for _, c := range neg {
			if strings.EqualFold(c.MimeType, want.MimeType) && c.ClockRate == want.ClockRate {
				out = append(out, c)
			}
		}
	}
	return out
}

// negotiated records the codec of a description in which the audio
// section's first codec is the one both sides use (our answer, or the
// browser's answer to our offer).
func (s *Session) negotiated(desc []byte) error {
	pt, ok := firstAudioPT(desc)
	if !ok {
		return fmt.Errorf("%w: no common codec", ErrNoAudio)
	}
	s.track.setPreferred(pt)
	parsed, err := sdp.Parse(desc)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrSDP, err)
	}
	ci := codecInfo{}
	codecs := parsed.Media[audioIndex(parsed)].Codecs()
	for _, c := range codecs {
		if c.PT == pt {
			ci.name, ci.pt, ci.clockRate = c.Name, c.PT, c.Rate
		}
		if !strings.EqualFold(c.Name, "telephone-event") && c.PT < 128 {
			ci.clocks[c.PT] = c.Rate
		}
	}
	for _, c := range codecs {
		if strings.EqualFold(c.Name, "telephone-event") && c.Rate == ci.clockRate {
			ci.dtmfPT = c.PT
			break
		}
	}
	s.codecMu.Lock()
	s.codec = ci
	s.codecMu.Unlock()
	return nil
}

// setLocal applies our description and waits for our candidate, which
// goes in the SDP itself: SIP has no trickle here (RFC 8838 is optional).
func (s *Session) setLocal(ctx context.Context, d pion.SessionDescription) ([]byte, error) {
	gathered := pion.GatheringCompletePromise(s.pc)
	if err := s.pc.SetLocalDescription(d); err != nil {
		return nil, fmt.Errorf("%w: local description: %w", ErrSDP, err)
	}
	select {
	case <-gathered:
	case <-ctx.Done():
		return nil, fmt.Errorf("webrtc: gathering candidates: %w", ctx.Err())
	case <-s.done:
		return nil, ErrClosed
	}
	ld := s.pc.LocalDescription()
	if ld == nil {
		return nil, fmt.Errorf("%w: no local description", ErrSDP)
	}
	return []byte(ld.SDP), nil
}

// offer makes our offer, for a call to the browser.
func (s *Session) offer(ctx context.Context) ([]byte, error) {
	o, err := s.pc.CreateOffer(nil)
	if err != nil {
		return nil, fmt.Errorf("%w: create offer: %w", ErrSDP, err)
	}
	return s.setLocal(ctx, o)
}

// SetAnswer applies the browser's answer to our offer (Engine.Offer).
func (s *Session) SetAnswer(answer []byte) error {
	s.negMu.Lock()
	defer s.negMu.Unlock()
	if !s.awaiting {
		return fmt.Errorf("%w: no offer outstanding", ErrState)
	}
	ra, err := inspectRemote(answer)
	if err != nil {
		return err
	}
	if err := s.negotiated(answer); err != nil {
		return err
	}
	if err := s.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: string(ra.normal)}); err != nil {
		return fmt.Errorf("%w: answer: %w", ErrSDP, err)
	}
	s.awaiting = false
	// The answerer's direction is from its side: recvonly lets us send.
	s.sendOK.Store(sending(ra.dir.Reverse()))
	return nil
}

// Reoffer answers a new offer from the browser on an existing session:
// hold (a=sendonly or a=inactive), resume, or an ICE restart after a
// network change (new ice-ufrag/ice-pwd, RFC 8445 §9).
func (s *Session) Reoffer(ctx context.Context, offer []byte) ([]byte, error) {
	s.negMu.Lock()
	defer s.negMu.Unlock()
	if s.awaiting {
		return nil, fmt.Errorf("%w: our offer is outstanding (glare, RFC 3261 §14.1)", ErrState)
	}
	if s.isClosing() {
		return nil, ErrClosed
	}
	ans, err := s.answer(ctx, offer)
	if err != nil {
		return nil, err
	}
	return ans, nil
}

// Codec is the negotiated audio codec: its rtpmap name ("opus", "PCMU",
// ...), payload type and RTP clock rate, and the telephone-event payload
// type at that clock (0 when the browser offered none).
func (s *Session) Codec() (name string, pt uint8, clockRate int, dtmfPT uint8) {
	s.codecMu.RLock()
	defer s.codecMu.RUnlock()
	return s.codec.name, s.codec.pt, s.codec.clockRate, s.codec.dtmfPT
}

// OnRTP sets the handler for the browser's RTP, decrypted, with the
// browser's payload type numbers. It is called from the session's read
// loop and must not block; pkt is only valid during the call.
func (s *Session) OnRTP(h func(pkt []byte)) {
	if h == nil {
		s.onRTP.Store(nil)
		return
	}
	s.onRTP.Store(&h)
}

// WriteRTP sends one RTP packet to the browser, SRTP-encrypted. The
// payload type is kept (use Codec's numbers); the SSRC is ours, sequence
// numbers and timestamps stay continuous across a change of source.
// Packets before the DTLS handshake completes, or while our direction is
// recvonly/inactive (the browser holds), are dropped without error.
func (s *Session) WriteRTP(pkt []byte) error {
	if s.isClosing() {
		return ErrClosed
	}
	if !s.sendOK.Load() {
		return nil
	}
	sent, err := s.track.write(pkt, time.Now())
	if err != nil {
		if errors.Is(err, ErrPacket) {
			return err
		}
		return fmt.Errorf("webrtc: write: %w", err)
	}
	if sent {
		s.packetsOut.Add(1)
		s.bytesOut.Add(uint64(len(pkt)))
	}
	return nil
}

// State is the connection state: new, connecting, connected,
// disconnected (nothing heard for a while), failed or closed.
func (s *Session) State() string { return s.pc.ConnectionState().String() }

// Done is closed when the session ends: ICE failed (consent lost, RFC 7675
// §5.1: nothing heard from the browser for Config.ConsentTimeout), DTLS
// closed by the browser, or Close.
func (s *Session) Done() <-chan struct{} { return s.done }

// Stats returns the session's figures so far.
func (s *Session) Stats() Stats {
	st := Stats{PacketsOut: s.packetsOut.Load(), BytesOut: s.bytesOut.Load()}
	s.in.mu.Lock()
	st.PacketsIn, st.BytesIn = s.in.packets, s.in.bytes
	st.Lost = s.in.lostBefore + s.in.lostLocked()
	if s.in.jitter != nil {
		st.Jitter = s.in.jitter.Duration()
	}
	st.LastPacket = s.in.last
	s.in.mu.Unlock()
	s.remote.mu.Lock()
	st.RemoteLost, st.RemoteFractionLost, st.RemoteJitter = s.remote.lost, s.remote.frac, s.remote.jitter
	st.RTT, st.RTCPIn = s.remote.rtt, s.remote.blocks
	s.remote.mu.Unlock()
	return st
}

func (s *Session) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// Close ends the session (a DTLS close_notify tells the browser) and
// waits for its goroutines. It is safe to call more than once.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		<-s.done
		return nil
	}
	s.closing = true
	s.mu.Unlock()
	err := s.pc.GracefulClose()
	s.wg.Wait()
	s.finish()
	s.e.remove(s)
	if err != nil {
		return fmt.Errorf("webrtc: close: %w", err)
	}
	return nil
}
