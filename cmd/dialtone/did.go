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

func cmdDID(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want a sub-command: add, list or rm")
	}
	switch args[0] {
	case "add":
		return didAdd(ctx, c, args[1:])
	case "list":
		return didList(ctx, c, args[1:])
	case "rm":
		return didRm(ctx, c, args[1:])
	}
	return usagef("unknown sub-command %q: want add, list or rm", args[0])
}

func didAdd(ctx context.Context, c *cli, args []string) error {
	const usage = "did add NUMBER --trunk NAME --to EXTENSION   (NUMBER: E.164 like +15551230100, or a pattern like +1555123XXXX)"
	fs := c.newFlagSet("did add", usage)
	trunkName := fs.String("trunk", "", "the trunk the number's calls arrive on")
	to := fs.String("to", "", "the extension that takes the calls")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	if *trunkName == "" || *to == "" {
		return usagef("--trunk and --to are required: %s", usage)
	}
	d := store.DID{Number: strings.TrimSpace(pos[0]), Trunk: *trunkName, Destination: *to}
	if err := d.Validate(); err != nil {
		return storeErr(err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateDID(ctx, d); err != nil {
		if errors.Is(err, store.ErrExists) {
			return usagef("DID %s already has an inbound route (dialtone did rm %s first)", d.Number, d.Number)
		}
		return storeErr(err)
	}
	c.audit(ctx, s, "did.add", d.Number, "trunk="+d.Trunk+" to="+d.Destination)
	fmt.Fprintf(c.stdout, "DID %s on trunk %s goes to extension %s\n", d.Number, d.Trunk, d.Destination)
	return nil
}

type didJSON struct {
	Number    string `json:"number"`
	Trunk     string `json:"trunk"`
	Extension string `json:"extension"`
	Created   string `json:"created_at"`
}

func didList(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("did list", "did list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "did list [--json]"); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.ListDIDs(ctx)
	if err != nil {
		return err
	}
	out := make([]didJSON, 0, len(list))
	for _, d := range list {
		out = append(out, didJSON{d.Number, d.Trunk, d.Destination, d.CreatedAt.UTC().Format(time.RFC3339)})
	}
	if *asJSON {
		return printJSON(c.stdout, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NUMBER\tTRUNK\tEXTENSION")
	for _, d := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", d.Number, d.Trunk, d.Extension)
	}
	return tw.Flush()
}

func didRm(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("did rm", "did rm NUMBER")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "did rm NUMBER"); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DeleteDID(ctx, pos[0]); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return usagef("no inbound route for %s", pos[0])
		}
		return storeErr(err)
	}
	c.audit(ctx, s, "did.rm", pos[0], "")
	fmt.Fprintf(c.stdout, "DID %s removed\n", pos[0])
	return nil
}
