package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/pbx/snapshot"
	"github.com/dialtone-pbx/dialtone/sbc"
)

func cmdServe(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("serve", "serve [flags]")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "serve [flags] (no arguments)"); err != nil {
		return err
	}
	log := newLogger(cfg, os.Stderr)
	log.Info("starting dialtone", "version", version(), "node", cfg.NodeName, "data_dir", cfg.DataDir)

	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	st, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("closing database", "err", err)
		}
		log.Info("stopped")
	}()
	log.Info("database ready", "dialect", st.Dialect())

	if pw, err := ensureFirstAdmin(ctx, st); err != nil {
		return fmt.Errorf("first admin user: %w", err)
	} else if pw != "" {
		fmt.Fprintf(c.stdout, "\nCreated admin user \"admin\" with the one-time password:\n\n    %s\n\nIt is not shown again; change it after logging in.\n\n", pw)
	}

	watcher := snapshot.NewWatcher(st, cfg.ConfigPoll, log.With("component", "snapshot"),
		snapshot.WithCountry(cfg.Country), snapshot.WithUnknownDID(cfg.UnknownDID))
	if err := watcher.Load(ctx); err != nil {
		return err
	}

	// The SIP edge and the registrar.
	edge, err := newEdge(cfg, st, log)
	if err != nil {
		return err
	}
	// Trunks: the RFC 3263 resolver, OPTIONS health pings, outbound plans.
	trunks := newTrunkSide(watcher, edge, func() string { return phoneHost(cfg, edge.Addr("udp").Addr()) }, cfg.DNSServerList(), log)
	trunks.regs.publicIP, _ = netip.ParseAddr(cfg.PublicIP) // the Contact registered with providers
	reg := newRegistrar(cfg, watcher, st, edge, log)
	edge.Handle("REGISTER", func(r *sbc.Request) { reg.ServeREGISTER(r) })
	// Call control: INVITE, ACK, BYE, CANCEL, INFO, UPDATE; it sees
	// responses (OnResponse) before the registrar.
	calls, err := newCallControl(ctx, cfg, st, watcher, reg, edge, trunks, log)
	if err != nil {
		return err
	}
	defer calls.shutdown(cfg.ShutdownGrace)
	calls.register(edge, reg)
	calls.run()
	// Connections closed by our own shutdown are not phones leaving: their
	// contacts stay in the store for the restarted node (or the standby).
	var stopping atomic.Bool
	edge.OnFlowClosed(func(f sbc.Flow) {
		if !stopping.Load() {
			reg.FlowClosed(f.Transport, f.ID)
			trunks.regs.FlowClosed(f.Transport, f.ID)
		}
	})
	if err := reg.Load(ctx); err != nil {
		return fmt.Errorf("registrations: %w", err)
	}
	if n, err := loadBans(ctx, st, edge.Bans()); err != nil {
		return fmt.Errorf("bans: %w", err)
	} else if n > 0 {
		log.Info("bans restored", "count", n)
	}

	httpLn, err := net.Listen("tcp", cfg.HTTPListen)
	if err != nil {
		return fmt.Errorf("http_listen %s: %w", cfg.HTTPListen, err)
	}
	defer httpLn.Close()
	// The edge outlives the signal: it is closed below, after the flag that
	// keeps shutdown from being taken for phones hanging up their flows.
	if err := edge.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer func() {
		if err := edge.Close(); err != nil {
			log.Warn("closing SIP edge", "err", err)
		}
	}()

	srv := admin.New(log.With("component", "http"), append([]admin.Option{
		admin.WithCheck("database", st.Ping),
		admin.WithCheck("sip", edge.Ready),
		admin.WithHandler("/ws", http.HandlerFunc(edge.ServeWS)),
		admin.WithInfo(func() map[string]any {
			s := watcher.Current()
			return map[string]any{"node": cfg.NodeName, "config_version": s.Version, "extensions": s.Len(),
				"registrations": reg.Stats().Contacts}
		}),
	}, append(append(adminOptions(cfg, st, reg, edge), calls.adminOptions()...), trunks.adminOptions(cfg)...)...)...)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); watcher.Run(runCtx) }()
	go func() { defer wg.Done(); trunks.run(runCtx) }()
	go func() {
		defer wg.Done()
		syncBans(runCtx, st, edge.Bans(), log.With("component", "bans"), 2*time.Second, 10*time.Second)
	}()
	regCtx, stopReg := context.WithCancel(context.Background())
	regDone := make(chan error, 1)
	go func() { regDone <- reg.Run(regCtx) }()

	fmt.Fprintf(c.stdout, "Dialtone is running. Admin UI: %s\n", adminURL(cfg, httpLn.Addr()))
	log.Info("http listening", "addr", httpLn.Addr().String())
	err = srv.Serve(runCtx, httpLn, cfg.ShutdownGrace)
	log.Info("shutting down")
	stopping.Store(true)
	cancel()
	wg.Wait()
	// Hang up every call and write its CDR while the edge still sends; stop
	// taking SIP; then let the registrar write what is pending.
	calls.shutdown(cfg.ShutdownGrace)
	if cerr := edge.Close(); cerr != nil {
		log.Warn("closing SIP edge", "err", cerr)
	}
	stopReg()
	if rerr := <-regDone; rerr != nil && !errors.Is(rerr, context.Canceled) {
		log.Warn("registrar stopped with an error", "err", rerr)
	}
	return err
}

// adminURL is the address an operator can open: the public IP when set,
// else the listener's address, with a wildcard replaced by a local address.
func adminURL(cfg config.Config, a net.Addr) string {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	host := ap.Addr()
	if cfg.PublicIP != "" {
		host = netip.MustParseAddr(cfg.PublicIP)
	} else if host.IsUnspecified() {
		host = netip.MustParseAddr("127.0.0.1")
		if ip := firstLocalIP(); ip.IsValid() {
			host = ip
		}
	}
	return fmt.Sprintf("http://%s/", netip.AddrPortFrom(host, ap.Port()))
}

// firstLocalIP is the first non-loopback unicast IPv4 address of this host.
func firstLocalIP() netip.Addr {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return netip.Addr{}
	}
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil {
			if ip := p.Addr(); ip.Is4() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() {
				return ip
			}
		}
	}
	return netip.Addr{}
}
