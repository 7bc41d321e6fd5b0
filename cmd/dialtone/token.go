package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// cmdToken manages REST API tokens. A token is printed once, when it is
// made; the database keeps only its SHA-256.
func cmdToken(ctx context.Context, c *cli, args []string) error {
	const usage = "token add NAME --user USER | token list [--json] | token rm ID"
	if len(args) == 0 {
		return usagef("want %s", usage)
	}
	switch args[0] {
	case "add":
		return tokenAdd(ctx, c, args[1:])
	case "list":
		return tokenList(ctx, c, args[1:])
	case "rm":
		return tokenRm(ctx, c, args[1:])
	}
	return usagef("unknown sub-command %q: want %s", args[0], usage)
}

func tokenAdd(ctx context.Context, c *cli, args []string) error {
	const usage = "token add NAME --user USER"
	fs := c.newFlagSet("token add", usage)
	user := fs.String("user", "", "admin user the token acts as (it gets that user's role)")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	if msg := admin.ValidateTokenName(pos[0]); msg != "" {
		return usagef("token name: %s", msg)
	}
	if *user == "" {
		return usagef("--user is required: the admin user the token acts as")
	}
	if err := checkUsername(*user); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.GetAdminUser(ctx, *user)
	if errors.Is(err, store.ErrNotFound) {
		return usagef("no admin user %q (dialtone admin add)", *user)
	} else if err != nil {
		return err
	}
	secret, t := admin.NewAPIToken(pos[0], u.Username, time.Now())
	if err := s.CreateAPIToken(ctx, t); err != nil {
		return storeErr(err)
	}
	c.audit(ctx, s, "token.add", t.ID, fmt.Sprintf("name=%q user=%s", t.Name, t.Username))
	fmt.Fprintf(c.stderr, "API token %s (%q) for %s (%s). It is shown only now:\n", t.ID, t.Name, u.Username, u.Role)
	fmt.Fprintln(c.stdout, secret)
	return nil
}

type tokenRow struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	User      string `json:"user"`
	CreatedAt string `json:"created_at"`
	LastUsed  string `json:"last_used"`
	RevokedAt string `json:"revoked_at"`
}

func tokenList(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("token list", "token list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "token list [--json]"); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.ListAPITokens(ctx)
	if err != nil {
		return err
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	out := make([]tokenRow, 0, len(list))
	for _, t := range list {
		out = append(out, tokenRow{t.ID, t.Name, t.Username, stamp(t.CreatedAt), stamp(t.LastUsed), stamp(t.RevokedAt)})
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tUSER\tCREATED\tLAST USED\tREVOKED")
	for _, t := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.User, t.CreatedAt, t.LastUsed, t.RevokedAt)
	}
	return tw.Flush()
}

func tokenRm(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("token rm", "token rm ID")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "token rm ID"); err != nil {
		return err
	}
	if len(pos[0]) > 64 {
		return usagef("token id %q is too long", pos[0])
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.RevokeAPIToken(ctx, pos[0], time.Now()); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return usagef("no valid token %q (dialtone token list)", pos[0])
		}
		return err
	}
	c.audit(ctx, s, "token.revoke", pos[0], "")
	fmt.Fprintf(c.stdout, "token %s revoked\n", pos[0])
	return nil
}
