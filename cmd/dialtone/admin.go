package main

import (
	"context"
	"crypto/rand"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func cmdAdmin(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("want: admin add USER --password PASSWORD [--role admin|viewer]")
	}
	const usage = "admin add USER --password PASSWORD [--role admin|viewer]"
	fs := c.newFlagSet("admin add", usage)
	password := fs.String("password", "", "password (at least 10 characters)")
	role := fs.String("role", store.RoleAdmin, "admin (everything) or viewer (read-only)")
	cfg, pos, err := c.parseWithConfig(fs, args[1:])
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	if err := checkUsername(pos[0]); err != nil {
		return err
	}
	if len(*password) < 10 || len(*password) > 72 {
		return usagef("--password must be 10 to 72 characters")
	}
	if *role != store.RoleAdmin && *role != store.RoleViewer {
		return usagef("--role %q must be admin or viewer", *role)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(*password), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateAdminUser(ctx, store.AdminUser{Username: pos[0], PasswordHash: string(hash), Role: *role}); err != nil {
		return storeErr(err)
	}
	c.audit(ctx, s, "admin.add", pos[0], "role="+*role)
	fmt.Fprintf(c.stdout, "admin user %s added (%s)\n", pos[0], *role)
	return nil
}

func checkUsername(u string) error {
	if len(u) < 1 || len(u) > 64 {
		return usagef("user name must be 1 to 64 characters")
	}
	for _, r := range u {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' || r == '@'
		if !ok {
			return usagef("user name %q may contain only letters, digits and . _ - @", u)
		}
	}
	return nil
}

// ensureFirstAdmin creates the "admin" user on a database with no admin
// users and returns its generated password, shown to the operator once.
func ensureFirstAdmin(ctx context.Context, s store.Store) (string, error) {
	n, err := s.CountAdminUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	password := rand.Text() // 26 base32 characters, 130 bits
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	if err := s.CreateAdminUser(ctx, store.AdminUser{Username: "admin", PasswordHash: string(hash), Role: store.RoleAdmin}); err != nil {
		return "", err
	}
	if err := s.AppendAudit(ctx, store.AuditEntry{Actor: "system", Action: "admin.add", Object: "admin", Detail: "first start"}); err != nil {
		return "", err
	}
	return password, nil
}
