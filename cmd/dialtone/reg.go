package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"text/tabwriter"
	"time"
)

type regJSON struct {
	Extension string `json:"extension"`
	Contact   string `json:"contact"`
	Transport string `json:"transport"`
	Source    string `json:"source"`
	UserAgent string `json:"user_agent"`
	Expires   string `json:"expires_at"`
	ExpiresIn int    `json:"expires_in_s"`
	Node      string `json:"node"`
}

// cmdReg lists registrations from the store, where every node writes its
// location service through, so it works beside a running server.
func cmdReg(ctx context.Context, c *cli, args []string) error {
	const usage = "reg list [--json]"
	if len(args) == 0 || args[0] != "list" {
		return usagef("want %s", usage)
	}
	fs := c.newFlagSet("reg list", usage)
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, pos, err := c.parseWithConfig(fs, args[1:])
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, usage); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	regs, err := s.ListRegistrations(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	out := make([]regJSON, 0, len(regs))
	for _, r := range regs {
		if !r.ExpiresAt.After(now) {
			continue // expired, the sweeper has not removed it yet
		}
		out = append(out, regJSON{r.Extension, r.Contact, r.Transport, r.Source, r.UserAgent,
			r.ExpiresAt.UTC().Format(time.RFC3339), int(r.ExpiresAt.Sub(now) / time.Second), r.Node})
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EXTENSION\tCONTACT\tTRANSPORT\tSOURCE\tUSER AGENT\tEXPIRES IN")
	for _, r := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%ds\n", r.Extension, r.Contact, r.Transport, r.Source, r.UserAgent, r.ExpiresIn)
	}
	return tw.Flush()
}

type banJSON struct {
	Addr    string `json:"addr"`
	Reason  string `json:"reason"`
	Since   string `json:"since"`
	Expires string `json:"expires_at"`
}

// cmdBan lists and lifts bans. A running server reconciles its in-memory
// ban list with the store within seconds, so `ban rm` takes effect live.
func cmdBan(ctx context.Context, c *cli, args []string) error {
	const usage = "ban list [--json] | ban rm ADDRESS"
	if len(args) == 0 || (args[0] != "list" && args[0] != "rm") {
		return usagef("want %s", usage)
	}
	op := args[0]
	fs := c.newFlagSet("ban "+op, usage)
	asJSON := fs.Bool("json", false, "print JSON (list)")
	cfg, pos, err := c.parseWithConfig(fs, args[1:])
	if err != nil {
		return err
	}
	var addr netip.Addr
	if op == "rm" {
		if err := wantArgs(pos, 1, "ban rm ADDRESS"); err != nil {
			return err
		}
		if addr, err = netip.ParseAddr(pos[0]); err != nil {
			return usagef("%q is not an IP address", pos[0])
		}
	} else if err := wantArgs(pos, 0, "ban list [--json]"); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if op == "rm" {
		if err := s.DeleteBan(ctx, addr.Unmap()); err != nil {
			return storeErr(err)
		}
		c.audit(ctx, s, "ban.rm", addr.String(), "")
		fmt.Fprintf(c.stdout, "ban of %s lifted\n", addr)
		return nil
	}
	bans, err := s.ListBans(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	out := make([]banJSON, 0, len(bans))
	for _, b := range bans {
		if !b.ExpiresAt.IsZero() && !b.ExpiresAt.After(now) {
			continue
		}
		exp := "never"
		if !b.ExpiresAt.IsZero() {
			exp = b.ExpiresAt.UTC().Format(time.RFC3339)
		}
		out = append(out, banJSON{b.Addr.String(), b.Reason, b.CreatedAt.UTC().Format(time.RFC3339), exp})
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ADDRESS\tREASON\tSINCE\tEXPIRES")
	for _, b := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", b.Addr, b.Reason, b.Since, b.Expires)
	}
	return tw.Flush()
}
