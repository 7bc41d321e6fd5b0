package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"runtime/debug"

	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/postgres"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlstore"
)

// parseWithConfig parses a command's flags together with the configuration
// flags and resolves the configuration.
func (c *cli) parseWithConfig(fs *flag.FlagSet, args []string) (config.Config, []string, error) {
	cf := config.RegisterFlags(fs, c.getenv)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return config.Config{}, nil, err
	}
	cfg, err := cf.ResolveEnv(c.lookupenv)
	if err != nil {
		return cfg, nil, err
	}
	return cfg, pos, nil
}

// openStore opens the configured database without migrating it.
func openStore(ctx context.Context, cfg config.Config) (*sqlstore.Store, error) {
	driver, dsn, err := cfg.Database()
	if err != nil {
		return nil, err
	}
	switch driver {
	case config.DriverPostgres:
		return postgres.Open(ctx, dsn)
	default:
		return sqlite.Open(ctx, dsn)
	}
}

// openMigrated opens the database and brings its schema up to date, as
// every command but `migrate` expects.
func openMigrated(ctx context.Context, cfg config.Config) (*sqlstore.Store, error) {
	s, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := s.MigrateUp(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// audit records a CLI change; the change itself has already succeeded, so
// a failure here is reported but does not undo it.
func (c *cli) audit(ctx context.Context, s store.Store, action, object, detail string) {
	actor := "cli"
	if u, err := user.Current(); err == nil {
		actor = "cli:" + u.Username
	}
	host, _ := os.Hostname()
	if err := s.AppendAudit(ctx, store.AuditEntry{Actor: actor, Action: action, Object: object, Detail: detail, Source: host}); err != nil {
		fmt.Fprintf(c.stderr, "warning: audit log: %v\n", err)
	}
}

func newLogger(cfg config.Config, w *os.File) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel)) // validated by config
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// version is the module version and VCS revision the binary was built from.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	rev, dirty := "", ""
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		return fmt.Sprintf("%s (%s%s, %s)", v, rev, dirty, bi.GoVersion)
	}
	return fmt.Sprintf("%s (%s)", v, bi.GoVersion)
}

func cmdVersion(_ context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("version", "version")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "dialtone", version())
	return nil
}
