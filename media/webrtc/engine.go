// Package webrtc is Dialtone's WebRTC media endpoint: it terminates ICE
// (as an ICE-lite agent, RFC 8445 §2.5: Dialtone has a reachable address,
// the browser runs the checks) and DTLS-SRTP (RFC 5763, RFC 5764) itself,
// and hands plain RTP to the rest of the media stack. One UDP port serves
// every session. It knows no SIP: the call layer carries the SDP.
package webrtc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	pion "github.com/pion/webrtc/v4"
)

// Engine makes Sessions. It owns the shared UDP socket and the DTLS
// certificate.
type Engine struct {
	cfg    Config
	log    *slog.Logger
	api    *pion.API
	cert   *pion.Certificate
	fp     string
	codecs []pion.RTPCodecParameters
	conn   *net.UDPConn
	mux    ice.UDPMux

	mu       sync.Mutex
	closed   bool
	sessions map[*Session]struct{}
}

// NewEngine opens the UDP port and loads (or creates) the certificate.
func NewEngine(cfg Config) (*Engine, error) {
	if !cfg.PublicIP.IsValid() || cfg.PublicIP.IsUnspecified() {
		return nil, fmt.Errorf("%w: PublicIP %v is not a usable address", ErrConfig, cfg.PublicIP)
	}
	cfg.PublicIP = cfg.PublicIP.Unmap()
	if cfg.UDPPort < 0 || cfg.UDPPort > 65535 {
		return nil, fmt.Errorf("%w: UDPPort %d", ErrConfig, cfg.UDPPort)
	}
	if cfg.ConsentTimeout == 0 {
		cfg.ConsentTimeout = defConsent
	}
	if cfg.ConsentTimeout < 0 {
		return nil, fmt.Errorf("%w: ConsentTimeout %v", ErrConfig, cfg.ConsentTimeout)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	codecs, err := codecCaps(cfg.Codecs)
	if err != nil {
		return nil, err
	}
	cert, created, err := loadCertificate(cfg.CertFile, time.Now())
	if err != nil {
		return nil, err
	}
	fp, err := fingerprint(cert)
	if err != nil {
		return nil, err
	}
	if created && cfg.CertFile != "" {
		log.Info("webrtc: created DTLS certificate", "file", cfg.CertFile, "fingerprint", fp)
	}

	network, listen := "udp4", cfg.ListenAddr
	if cfg.PublicIP.Is6() {
		network = "udp6"
	}
	if !listen.IsValid() {
		listen = netip.IPv4Unspecified()
		if cfg.PublicIP.Is6() {
			listen = netip.IPv6Unspecified()
		}
	}
	conn, err := net.ListenUDP(network, net.UDPAddrFromAddrPort(netip.AddrPortFrom(listen, uint16(cfg.UDPPort))))
	if err != nil {
		return nil, fmt.Errorf("webrtc: listen: %w", err)
	}
	logs := pionLogs{log: log}
	mux := pion.NewICEUDPMux(logs.NewLogger("udpmux"), conn)

	se := pion.SettingEngine{LoggerFactory: logs}
	se.SetLite(true)
	se.SetICEUDPMux(mux)
	nt := pion.NetworkTypeUDP4
	if cfg.PublicIP.Is6() {
		nt = pion.NetworkTypeUDP6
	}
	se.SetNetworkTypes([]pion.NetworkType{nt})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.SetIncludeLoopbackCandidate(cfg.PublicIP.IsLoopback() || listen.IsLoopback())
	// Our candidate carries PublicIP whatever the socket's address is.
	if err := se.SetICEAddressRewriteRules(pion.ICEAddressRewriteRule{
		External:        []string{cfg.PublicIP.String()},
		AsCandidateType: pion.ICECandidateTypeHost,
		Mode:            pion.ICEAddressRewriteReplace,
	}); err != nil {
		_ = mux.Close()
		_ = conn.Close()
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	// RFC 5763 §5: the answerer should be passive; browsers offer actpass.
	if err := se.SetAnsweringDTLSRole(pion.DTLSRoleServer); err != nil {
		_ = mux.Close()
		_ = conn.Close()
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	// Consent (RFC 7675 §5.1): disconnected after a third of the timeout,
	// failed at the timeout.
	disc := cfg.ConsentTimeout / 3
	se.SetICETimeouts(disc, cfg.ConsentTimeout-disc, disc/2)

	me := &pion.MediaEngine{}
	for _, c := range codecs {
		if err := me.RegisterCodec(c, pion.RTPCodecTypeAudio); err != nil {
			_ = mux.Close()
			_ = conn.Close()
			return nil, fmt.Errorf("%w: codec %s: %w", ErrConfig, c.MimeType, err)
		}
	}
	ir := &interceptor.Registry{}
	// Sender and receiver reports (RFC 3550 §6.4): browsers compute their
	// RTT and loss figures from them, we ours from theirs.
	if err := pion.ConfigureRTCPReports(ir); err != nil {
		_ = mux.Close()
		_ = conn.Close()
		return nil, fmt.Errorf("webrtc: interceptors: %w", err)
	}
	e := &Engine{
		cfg:      cfg,
		log:      log,
		cert:     cert,
		fp:       fp,
		codecs:   codecs,
		conn:     conn,
		mux:      mux,
		sessions: map[*Session]struct{}{},
	}
	e.api = pion.NewAPI(pion.WithMediaEngine(me), pion.WithSettingEngine(se), pion.WithInterceptorRegistry(ir))
	return e, nil
}

// Fingerprint is the DTLS certificate's fingerprint as in SDP's
// a=fingerprint (RFC 8122 §5), e.g. "sha-256 AB:CD:...".
func (e *Engine) Fingerprint() string { return e.fp }

// Addr is the local address of the shared UDP socket.
func (e *Engine) Addr() netip.AddrPort { return e.conn.LocalAddr().(*net.UDPAddr).AddrPort() }

// Answer takes the browser's offer (from its INVITE) and returns the
// session and our answer: UDP/TLS/RTP/SAVPF, a=ice-lite, our one host
// candidate, a=setup:passive, rtcp-mux, BUNDLE of the one audio section.
func (e *Engine) Answer(ctx context.Context, offer []byte) (*Session, []byte, error) {
	s, err := e.newSession(newID())
	if err != nil {
		return nil, nil, err
	}
	s.negMu.Lock()
	ans, err := s.answer(ctx, offer)
	s.negMu.Unlock()
	if err != nil {
		_ = s.Close()
		return nil, nil, err
	}
	return s, ans, nil
}

// Offer returns a new session and our offer, for a call to the browser;
// the browser's answer goes to Session.SetAnswer.
func (e *Engine) Offer(ctx context.Context) (*Session, []byte, error) {
	s, err := e.newSession(newID())
	if err != nil {
		return nil, nil, err
	}
	s.negMu.Lock()
	off, err := s.offer(ctx)
	s.awaiting = err == nil
	s.negMu.Unlock()
	if err != nil {
		_ = s.Close()
		return nil, nil, err
	}
	return s, off, nil
}

func (e *Engine) add(s *Session) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return false
	}
	e.sessions[s] = struct{}{}
	return true
}

func (e *Engine) remove(s *Session) {
	e.mu.Lock()
	delete(e.sessions, s)
	e.mu.Unlock()
}

// Sessions is the number of open sessions.
func (e *Engine) Sessions() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.sessions)
}

// Close closes every session, then the UDP port.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	ss := make([]*Session, 0, len(e.sessions))
	for s := range e.sessions {
		ss = append(ss, s)
	}
	e.mu.Unlock()
	for _, s := range ss {
		_ = s.Close()
	}
	err := e.mux.Close()
	_ = e.conn.Close()
	if err != nil {
		return fmt.Errorf("webrtc: close: %w", err)
	}
	return nil
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
