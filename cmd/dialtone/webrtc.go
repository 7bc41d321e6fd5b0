package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path/filepath"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/media/webrtc"
	"github.com/dialtone-pbx/dialtone/web/phone"
)

// newWebRTC opens the WebRTC media endpoint: browsers' ICE and DTLS-SRTP
// on the one UDP port webrtc_port, our candidate on public_ip (else the
// SIP listener's address, else this host's first address), the DTLS
// certificate kept in data_dir/webrtc so its fingerprint survives restarts.
func newWebRTC(cfg config.Config, log *slog.Logger) (*webrtc.Engine, error) {
	ip := webrtcAddr(cfg)
	if !ip.IsValid() {
		return nil, fmt.Errorf("webrtc: no address for browsers to reach; set public_ip")
	}
	var listen netip.Addr
	if cfg.MediaAddr != "" {
		if a := netip.MustParseAddr(cfg.MediaAddr); !a.IsUnspecified() { // validated by config
			listen = a
		}
	}
	e, err := webrtc.NewEngine(webrtc.Config{
		PublicIP:   ip,
		ListenAddr: listen,
		UDPPort:    cfg.WebRTCPort,
		CertFile:   filepath.Join(cfg.DataDir, "webrtc", "dtls.pem"),
		Logger:     log.With("component", "webrtc"),
	})
	if err != nil {
		return nil, &config.Error{Key: "webrtc_port", Env: "DIALTONE_WEBRTC_PORT", Value: fmt.Sprint(cfg.WebRTCPort), Reason: err.Error()}
	}
	log.Info("WebRTC media endpoint ready", "addr", e.Addr(), "candidate", netip.AddrPortFrom(ip, e.Addr().Port()))
	return e, nil
}

// webrtcAddr is the address in our ICE candidate.
func webrtcAddr(cfg config.Config) netip.Addr {
	if cfg.PublicIP != "" {
		return netip.MustParseAddr(cfg.PublicIP) // validated by config
	}
	if host, _, err := net.SplitHostPort(cfg.SIPListen); err == nil {
		if a, err := netip.ParseAddr(host); err == nil && !a.IsUnspecified() {
			return a.Unmap()
		}
	}
	return firstLocalIP()
}

// phoneOptions serves the browser softphone at /phone/ and its settings
// at /phone/config.json: the SIP WebSocket on this same HTTP listener
// (/ws, wss when the page came over TLS) and the SIP domain the page
// registers in (the host it was loaded from). The admin UI's one-click
// sign-in links open /phone/#token=... and the page trades the token at
// POST /phone/token (admin.WithSoftphone).
func phoneOptions() []admin.Option {
	h := http.StripPrefix("/phone", phone.Handler(func(r *http.Request) phone.Config {
		scheme := "ws"
		if r.TLS != nil {
			scheme = "wss"
		}
		host := r.Host
		domain := host
		if h, _, err := net.SplitHostPort(host); err == nil {
			domain = h
		}
		return phone.Config{WSURL: scheme + "://" + host + "/ws", Domain: domain}
	}))
	return []admin.Option{
		admin.WithHandler("/phone", h),
		admin.WithHandler("/phone/*", h),
		admin.WithSoftphone("/phone/"),
	}
}
