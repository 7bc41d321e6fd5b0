package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func cmdRoute(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want a sub-command: add, list or rm")
	}
	switch args[0] {
	case "add":
		return routeAdd(ctx, c, args[1:])
	case "list":
		return routeList(ctx, c, args[1:])
	case "rm":
		return routeRm(ctx, c, args[1:])
	}
	return usagef("unknown sub-command %q: want add, list or rm", args[0])
}

func routeAdd(ctx context.Context, c *cli, args []string) error {
	const usage = "route add NAME --pattern PATTERN --trunk NAME[,NAME...] [--strip N] [--prepend DIGITS]"
	fs := c.newFlagSet("route add", usage)
	pattern := fs.String("pattern", "", "numbers this route takes, as dialled: NXXNXXXXXX, 1NXXNXXXXXX, 011., +., 911 (X 0-9, Z 1-9, N 2-9, [1-5], a final . for the rest)")
	var trunks listFlag
	fs.Var(&trunks, "trunk", "trunks to try, in order (comma-separated, or repeat the flag)")
	strip := fs.Int("strip", 0, "leading characters removed from the dialled number")
	prepend := fs.String("prepend", "", "digits put in front after stripping (a leading + allowed)")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	if *pattern == "" || len(trunks) == 0 {
		return usagef("--pattern and --trunk are required: %s", usage)
	}
	r := store.Route{Name: pos[0], Pattern: *pattern, Strip: *strip, Prepend: *prepend, Trunks: trunks}
	if err := r.Validate(); err != nil {
		return storeErr(err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateRoute(ctx, r); err != nil {
		if errors.Is(err, store.ErrExists) {
			return usagef("route %s already exists", r.Name)
		}
		return storeErr(err)
	}
	c.audit(ctx, s, "route.add", r.Name, fmt.Sprintf("pattern=%s strip=%d prepend=%s trunks=%s", r.Pattern, r.Strip, r.Prepend, strings.Join(r.Trunks, ",")))
	fmt.Fprintf(c.stdout, "route %s added: %s via %s\n", r.Name, r.Pattern, strings.Join(r.Trunks, ", then "))
	return nil
}

type routeJSON struct {
	Name    string   `json:"name"`
	Order   int      `json:"order"`
	Pattern string   `json:"pattern"`
	Strip   int      `json:"strip"`
	Prepend string   `json:"prepend"`
	Trunks  []string `json:"trunks"`
	Created string   `json:"created_at"`
}

func routeList(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("route list", "route list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "route list [--json]"); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.ListRoutes(ctx)
	if err != nil {
		return err
	}
	out := make([]routeJSON, 0, len(list))
	for i, r := range list {
		out = append(out, routeJSON{r.Name, i + 1, r.Pattern, r.Strip, r.Prepend, r.Trunks, r.CreatedAt.UTC().Format(time.RFC3339)})
	}
	if *asJSON {
		return printJSON(c.stdout, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ORDER\tNAME\tPATTERN\tSTRIP\tPREPEND\tTRUNKS")
	for _, r := range out {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", r.Order, r.Name, r.Pattern, r.Strip, orDash(r.Prepend), strings.Join(r.Trunks, ","))
	}
	return tw.Flush()
}

func routeRm(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("route rm", "route rm NAME")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "route rm NAME"); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DeleteRoute(ctx, pos[0]); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return usagef("no route %s", pos[0])
		}
		return storeErr(err)
	}
	c.audit(ctx, s, "route.rm", pos[0], "")
	fmt.Fprintf(c.stdout, "route %s removed\n", pos[0])
	return nil
}
