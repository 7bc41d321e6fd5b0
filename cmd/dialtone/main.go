// Command dialtone is the whole PBX in one binary: `dialtone serve` runs it,
// the other sub-commands manage it from scripts and the shell.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := runEnv(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv, os.LookupEnv)
	stop()
	os.Exit(code)
}

// cli carries what every command needs, so commands are testable in-process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	lookupenv      func(string) (string, bool)
}

type command struct {
	summary string
	run     func(ctx context.Context, c *cli, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"run the PBX (SIP, media, admin UI)", cmdServe},
		"migrate": {"apply or roll back database migrations: up | down | status", cmdMigrate},
		"ext":     {"manage extensions: add | list | set | rm | passwd | import", cmdExt},
		"reg":     {"show registered phones: list", cmdReg},
		"call":    {"live calls: list, record", cmdCall},
		"ban":     {"show or lift bans of source addresses: list | rm", cmdBan},
		"cdr":     {"show call detail records: list", cmdCdr},
		"admin":   {"manage admin UI users: add", cmdAdmin},
		"token":   {"manage REST API tokens: add | list | rm", cmdToken},
		"trunk":   {"manage SIP trunks to the telephone network: add | list | status | ranges | rm", cmdTrunk},
		"did":     {"manage inbound routes (DID to extension): add | list | rm", cmdDID},
		"route":   {"manage outbound routes (number patterns to trunks): add | list | rm", cmdRoute},
		"doctor":  {"check configuration, database, ports, TLS files and public IP", cmdDoctor},
		"version": {"print the version", cmdVersion},
	}
}

// usageError is bad input from the user: exit status 2 and one line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return runEnv(ctx, args, stdin, stdout, stderr, getenv, nil)
}

// runEnv is run with lookupenv (os.LookupEnv in main), so that a variable
// set to the empty string counts as set.
func runEnv(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, lookupenv func(string) (string, bool)) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv,
		lookupenv: func(k string) (string, bool) { v := getenv(k); return v, v != "" }}
	if lookupenv != nil {
		c.lookupenv = lookupenv
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		c.usage(stdout)
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "dialtone: unknown command %q (see dialtone help)\n", args[0])
		return 2
	}
	err := cmd.run(ctx, c, args[1:])
	name := args[0]
	if len(args) > 1 && (name == "ext" || name == "admin" || name == "migrate" || name == "reg" || name == "ban" || name == "cdr" || name == "call" || name == "token" ||
		name == "trunk" || name == "did" || name == "route") && !strings.HasPrefix(args[1], "-") {
		name += " " + args[1]
	}
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "dialtone %s: %s\n", name, ue.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "dialtone %s: %s\n", name, err)
		return 1
	}
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprint(w, "Dialtone: an all-in-one PBX (softswitch, SBC, media server, web admin) in one binary.\n\nUsage: dialtone COMMAND [arguments] [flags]\n\nCommands:\n")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprint(w, "\nEvery command accepts the configuration flags (see dialtone serve --help);\n`dialtone COMMAND --help` describes a command.\n")
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments ("ext add 101 --name Bob") and returns the positionals.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns a flag set whose errors and help go to the command's
// stderr with a usage line.
func (c *cli) newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "Usage: dialtone %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

func wantArgs(pos []string, n int, usage string) error {
	if len(pos) != n {
		return usagef("want %s", usage)
	}
	return nil
}
