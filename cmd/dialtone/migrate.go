package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

func cmdMigrate(ctx context.Context, c *cli, args []string) error {
	const usage = "migrate up|down|status"
	fs := c.newFlagSet("migrate", usage)
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	op := pos[0]
	if op != "up" && op != "down" && op != "status" {
		return usagef("unknown migrate operation %q: want up, down or status", op)
	}
	s, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	switch op {
	case "up":
		if err := s.MigrateUp(ctx); err != nil {
			return err
		}
	case "down":
		if err := s.MigrateDown(ctx); err != nil {
			return err
		}
	}
	st, err := s.MigrateStatus(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "VERSION\tSTATE\tAPPLIED AT\tFILE\t(%s)\n", s.Dialect())
	for _, m := range st {
		state, at := "pending", ""
		if m.Applied {
			state, at = "applied", m.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t\n", m.Version, state, at, m.Source)
	}
	return tw.Flush()
}
