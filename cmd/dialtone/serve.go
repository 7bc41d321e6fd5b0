package main

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"sync"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/pbx/snapshot"
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

	watcher := snapshot.NewWatcher(st, cfg.ConfigPoll, log.With("component", "snapshot"))
	if err := watcher.Load(ctx); err != nil {
		return err
	}

	httpLn, err := net.Listen("tcp", cfg.HTTPListen)
	if err != nil {
		return fmt.Errorf("http_listen %s: %w", cfg.HTTPListen, err)
	}
	srv := admin.New(log.With("component", "http"),
		admin.WithCheck("database", st.Ping),
		admin.WithInfo(func() map[string]any {
			s := watcher.Current()
			return map[string]any{"node": cfg.NodeName, "config_version": s.Version, "extensions": s.Len()}
		}),
	)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); watcher.Run(runCtx) }()

	fmt.Fprintf(c.stdout, "Dialtone is running. Admin UI: %s\n", adminURL(cfg, httpLn.Addr()))
	log.Info("http listening", "addr", httpLn.Addr().String())
	err = srv.Serve(runCtx, httpLn, cfg.ShutdownGrace)
	log.Info("shutting down")
	cancel()
	wg.Wait()
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
