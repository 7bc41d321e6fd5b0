package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/sbc"
)

// cmdDoctor checks what commonly goes wrong on a new machine and says how
// to fix it. It exits non-zero when any check fails; warnings do not fail.
func cmdDoctor(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("doctor", "doctor [flags]")
	cfg, pos, err := c.parseWithConfig(fs, args)
	var ue *usageError
	if errors.Is(err, flag.ErrHelp) || errors.As(err, &ue) {
		return err
	}
	if err != nil {
		// A bad configuration is the first thing doctor reports.
		fmt.Fprintf(c.stdout, "FAIL config      %v\n", err)
		return errors.New("configuration is invalid")
	}
	if err := wantArgs(pos, 0, "doctor [flags]"); err != nil {
		return err
	}
	failed := 0
	report := func(level, what, msg string) {
		if level == "FAIL" {
			failed++
		}
		fmt.Fprintf(c.stdout, "%-4s %-10s %s\n", level, what, msg)
	}
	report("ok", "config", fmt.Sprintf("valid (data dir %s, node %s)", cfg.DataDir, cfg.NodeName))

	// Database: reachable, schema state.
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	driver, dsn, _ := cfg.Database()
	if s, err := openStore(dctx, cfg); err != nil {
		report("FAIL", "database", err.Error())
	} else {
		st, err := s.MigrateStatus(dctx)
		switch {
		case err != nil:
			report("FAIL", "database", err.Error())
		default:
			pending := 0
			for _, m := range st {
				if !m.Applied {
					pending++
				}
			}
			where := dsn
			if driver == config.DriverPostgres {
				where = "PostgreSQL"
			}
			if pending > 0 {
				report("warn", "database", fmt.Sprintf("%s reachable; %d of %d migrations pending (applied by serve or `dialtone migrate up`)", where, pending, len(st)))
			} else {
				report("ok", "database", fmt.Sprintf("%s reachable, schema up to date (%d migrations)", where, len(st)))
			}
		}
		s.Close()
	}

	// Ports: can this process bind them? In use usually means Dialtone runs.
	checkPort := func(what, network, addr string) {
		if addr == "" {
			report("ok", what, "disabled")
			return
		}
		var err error
		if network == "udp" {
			var pc net.PacketConn
			if pc, err = net.ListenPacket("udp", addr); err == nil {
				pc.Close()
			}
		} else {
			var l net.Listener
			if l, err = net.Listen("tcp", addr); err == nil {
				l.Close()
			}
		}
		switch {
		case err == nil:
			report("ok", what, fmt.Sprintf("%s/%s free", addr, network))
		case errors.Is(err, syscall.EADDRINUSE):
			report("warn", what, fmt.Sprintf("%s/%s in use (is Dialtone already running?)", addr, network))
		default:
			report("FAIL", what, fmt.Sprintf("%s/%s: %v", addr, network, err))
		}
	}
	checkPort("sip", "udp", cfg.SIPListen)
	checkPort("sip", "tcp", cfg.SIPListen)
	checkPort("sip-tls", "tcp", cfg.SIPTLSListen)
	checkPort("http", "tcp", cfg.HTTPListen)
	report("ok", "rtp", fmt.Sprintf("ports %s (%d calls at 2 legs each)", cfg.RTPPorts, (int(cfg.RTPPorts.High)-int(cfg.RTPPorts.Low)+1)/4))

	// TLS files.
	if cfg.SIPTLSListen == "" {
		report("ok", "tls", "SIP over TLS disabled (sip_tls_listen is empty)")
	} else if cfg.TLSCertFile == "" {
		cert := filepath.Join(cfg.DataDir, "tls", sbc.CertFile)
		key := filepath.Join(cfg.DataDir, "tls", sbc.KeyFile)
		if msg, err := checkCert(cert, key); err == nil {
			report("warn", "tls", "self-signed certificate in use: "+msg+"; phones must be told to trust it, or set tls_cert_file")
		} else {
			report("warn", "tls", fmt.Sprintf("no certificate configured: a self-signed one is generated in %s on first start; phones must be told to trust it", filepath.Dir(cert)))
		}
	} else if msg, err := checkCert(cfg.TLSCertFile, cfg.TLSKeyFile); err != nil {
		report("FAIL", "tls", err.Error())
	} else {
		report("ok", "tls", msg)
	}

	// Public IP.
	switch {
	case cfg.PublicIP == "":
		ip := firstLocalIP()
		report("ok", "public-ip", fmt.Sprintf("not set: SDP and Contact use the listener address (%v); set public_ip behind NAT or on EC2", ip))
	case isLocalAddr(netip.MustParseAddr(cfg.PublicIP)):
		report("ok", "public-ip", cfg.PublicIP+" is an address of this host")
	default:
		report("ok", "public-ip", cfg.PublicIP+" is not on this host: NAT or an Elastic IP must forward SIP and RTP ports to it")
	}
	if failed > 0 {
		return fmt.Errorf("%d check(s) failed", failed)
	}
	return nil
}

func checkCert(certFile, keyFile string) (string, error) {
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return "", fmt.Errorf("%s / %s: %w", certFile, keyFile, err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return "", fmt.Errorf("%s: %w", certFile, err)
	}
	if time.Now().After(leaf.NotAfter) {
		return "", fmt.Errorf("%s expired on %s", certFile, leaf.NotAfter.Format(time.DateOnly))
	}
	if _, err := os.Stat(keyFile); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s valid until %s (%s)", certFile, leaf.NotAfter.Format(time.DateOnly), leaf.Subject.CommonName), nil
}

func isLocalAddr(ip netip.Addr) bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil && p.Addr() == ip {
			return true
		}
	}
	return false
}
