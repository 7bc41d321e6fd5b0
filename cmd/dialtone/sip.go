package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"path/filepath"
	"time"

	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/pbx/registrar"
	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/snapshot"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc"
	"github.com/dialtone-pbx/dialtone/sbc/guard"
)

// banStore adapts the store to the edge's ban persistence.
type banStore struct{ st store.Store }

func (b banStore) SaveBan(ctx context.Context, ban guard.Ban) error {
	return b.st.SaveBan(ctx, store.Ban{Addr: ban.Addr, Reason: ban.Reason, CreatedAt: ban.Since, ExpiresAt: ban.Until})
}

func (b banStore) DeleteBan(ctx context.Context, addr netip.Addr) error {
	if err := b.st.DeleteBan(ctx, addr); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// directory gives the registrar the current configuration snapshot.
type directory struct{ w *snapshot.Watcher }

func (d directory) Extension(number string) (store.Extension, bool) {
	return d.w.Current().Extension(number)
}

// InboundRouteOn and UnknownDID route calls from trunks by DID
// (dialplan.Inbound).
func (d directory) InboundRouteOn(trunk, called string) (store.DID, bool) {
	return d.w.Current().InboundRouteOn(trunk, called)
}

func (d directory) UnknownDID() string { return d.w.Current().UnknownDID() }

// sipTLS returns the TLS configuration for SIP over TLS: the configured
// certificate, or a self-signed one kept in the data dir.
func sipTLS(cfg config.Config, log *slog.Logger) (*tls.Config, error) {
	if cfg.SIPTLSListen == "" {
		return nil, nil
	}
	if cfg.TLSCertFile != "" {
		pair, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls_cert_file/tls_key_file: %w", err)
		}
		return &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}, nil
	}
	hosts := []string{cfg.NodeName}
	if cfg.PublicIP != "" {
		hosts = append(hosts, cfg.PublicIP)
	}
	if ip := firstLocalIP(); ip.IsValid() {
		hosts = append(hosts, ip.String())
	}
	tc, file, generated, err := sbc.SelfSignedTLS(filepath.Join(cfg.DataDir, "tls"), hosts)
	if err != nil {
		return nil, fmt.Errorf("self-signed TLS certificate: %w", err)
	}
	if generated {
		log.Warn("generated a self-signed certificate for SIP over TLS; phones must trust it or use a real one (tls_cert_file)", "file", file)
	}
	return tc, nil
}

// newEdge builds the SIP edge from the configuration.
func newEdge(cfg config.Config, st store.Store, log *slog.Logger) (*sbc.Edge, error) {
	tc, err := sipTLS(cfg, log)
	if err != nil {
		return nil, err
	}
	opts := sbc.Options{
		UDPAddr: cfg.SIPListen, TCPAddr: cfg.SIPListen,
		TLSAddr: cfg.SIPTLSListen, TLSConfig: tc,
		MaxMessageSize: cfg.SIPMaxMessage,
		RateLimit:      float64(cfg.SIPRateLimit), RateBurst: cfg.SIPRateBurst,
		BanFailures: cfg.BanFailures, BanWindow: cfg.BanWindow, BanTime: cfg.BanTime,
		Allowlist: cfg.TrustedPrefixes(),
		BanStore:  banStore{st},
		Logger:    log.With("component", "sbc"),
	}
	if cfg.SIPRateLimit == 0 {
		opts.RateLimit = -1 // disabled
	}
	if !cfg.BlockScanners {
		opts.ScannerPatterns = []string{}
	}
	if cfg.PublicIP != "" {
		opts.PublicIP = netip.MustParseAddr(cfg.PublicIP)
	}
	return sbc.New(opts)
}

func newRegistrar(cfg config.Config, w *snapshot.Watcher, st store.Store, edge *sbc.Edge, log *slog.Logger) *registrar.Registrar {
	var algs []digest.Algorithm
	for _, a := range cfg.Algorithms() {
		algs = append(algs, digest.Algorithm(a)) // validated by config
	}
	return registrar.New(directory{w}, st, edge, registrar.Options{
		Algorithms:     algs,
		Realm:          cfg.SIPRealm,
		NonceKey:       []byte(rand.Text()),
		MinExpires:     cfg.RegMinExpires,
		MaxExpires:     cfg.RegMaxExpires,
		DefaultExpires: cfg.RegDefaultExpires,
		MaxContacts:    cfg.RegMaxContacts,
		KeepAlive:      cfg.NATKeepAlive,
		Node:           cfg.NodeName,
		Logger:         log,
	})
}

// loadBans restores bans recorded by earlier runs (or the other node).
func loadBans(ctx context.Context, st store.Store, bans *guard.BanList) (int, error) {
	saved, err := st.ListBans(ctx)
	if err != nil {
		return 0, err
	}
	list := make([]guard.Ban, 0, len(saved))
	for _, b := range saved {
		list = append(list, guard.Ban{Addr: b.Addr, Reason: b.Reason, Since: b.CreatedAt, Until: b.ExpiresAt})
	}
	return bans.Load(list), nil
}

// syncBans lifts, in memory, bans that were removed from the store by
// `dialtone ban rm` (another process). Bans younger than grace may not be
// flushed to the store yet and are left alone.
func syncBans(ctx context.Context, st store.Store, bans *guard.BanList, log *slog.Logger, every, grace time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		saved, err := st.ListBans(ctx)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("ban sync: reading bans failed", "err", err)
			}
			continue
		}
		inStore := make(map[netip.Addr]bool, len(saved))
		for _, b := range saved {
			inStore[b.Addr] = true
		}
		cutoff := time.Now().Add(-grace)
		for _, b := range bans.List() {
			if !inStore[b.Addr] && b.Since.Before(cutoff) && bans.Unban(b.Addr) {
				log.Info("ban lifted", "addr", b.Addr)
			}
		}
	}
}
