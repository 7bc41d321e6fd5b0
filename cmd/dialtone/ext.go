package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func cmdExt(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want a sub-command: add, list, set, rm, passwd or import")
	}
	switch args[0] {
	case "add":
		return extAdd(ctx, c, args[1:])
	case "list":
		return extList(ctx, c, args[1:])
	case "set":
		return extSet(ctx, c, args[1:])
	case "rm":
		return extRm(ctx, c, args[1:])
	case "passwd":
		return extPasswd(ctx, c, args[1:])
	case "import":
		return extImport(ctx, c, args[1:])
	}
	return usagef("unknown sub-command %q: want add, list, set, rm, passwd or import", args[0])
}

// checkPassword refuses SIP passwords that cannot be used safely.
func checkPassword(p string) error {
	if p == "" {
		return usagef("--password must not be empty")
	}
	if len(p) > 128 {
		return usagef("--password is longer than 128 characters")
	}
	for _, r := range p {
		if unicode.IsControl(r) {
			return usagef("--password must not contain control characters")
		}
	}
	return nil
}

func (c *cli) weakPassword(p string) {
	if len(p) < 8 {
		fmt.Fprintln(c.stderr, "warning: SIP passwords shorter than 8 characters are guessed quickly; prefer 12 or more")
	}
}

// storeErr turns store validation errors into usage errors (exit 2).
func storeErr(err error) error {
	if errors.Is(err, store.ErrInvalid) || errors.Is(err, store.ErrExists) || errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInUse) {
		return &usageError{err.Error()}
	}
	return err
}

func extAdd(ctx context.Context, c *cli, args []string) error {
	const usage = "ext add NUMBER --name NAME --password PASSWORD [--caller-id E164] [--class internal|local|national|international] [--ring-timeout 30s] [--disabled]"
	fs := c.newFlagSet("ext add", usage)
	name := fs.String("name", "", "display name")
	password := fs.String("password", "", "SIP password (stored only as digest hashes)")
	callerID := fs.String("caller-id", "", "E.164 number shown on calls to the PSTN")
	class := fs.String("class", store.DefaultClass, classHelp)
	ring := fs.Duration("ring-timeout", store.DefaultRingTimeout, "how long calls ring this extension")
	disabled := fs.Bool("disabled", false, "create the extension disabled")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	// Check everything before touching the database.
	if err := store.ValidateNumber(pos[0]); err != nil {
		return storeErr(err)
	}
	if err := checkPassword(*password); err != nil {
		return err
	}
	if err := checkCallerID(*callerID); err != nil {
		return err
	}
	if err := store.ValidateClass(*class); err != nil {
		return usagef("--class %q must be internal, local, national or international", *class)
	}
	e := store.Extension{Number: pos[0], Name: *name, Enabled: !*disabled, CallerID: *callerID, Class: *class, RingTimeout: *ring}
	if *ring <= 0 {
		return usagef("--ring-timeout must be positive")
	}
	e.SetPassword(cfg.SIPRealm, *password)
	if err := e.Validate(); err != nil {
		return storeErr(err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateExtension(ctx, e); err != nil {
		return storeErr(err)
	}
	c.audit(ctx, s, "ext.add", e.Number, "name="+e.Name)
	c.weakPassword(*password)
	fmt.Fprintf(c.stdout, "extension %s added\n", e.Number)
	return nil
}

// checkCallerID accepts an empty value or an E.164 number.
func checkCallerID(v string) error {
	if v == "" {
		return nil
	}
	if len(v) < 3 || len(v) > 16 || v[0] != '+' || v[1] == '0' {
		return usagef("--caller-id %q must be an E.164 number like +15551234567", v)
	}
	for _, r := range v[1:] {
		if r < '0' || r > '9' {
			return usagef("--caller-id %q must be an E.164 number like +15551234567", v)
		}
	}
	return nil
}

type extJSON struct {
	Number      string `json:"number"`
	Name        string `json:"name"`
	Enabled     bool   `json:"enabled"`
	CallerID    string `json:"caller_id"`
	Class       string `json:"class"`
	RingTimeout int    `json:"ring_timeout_s"`
	Created     string `json:"created_at"`
}

func extList(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("ext list", "ext list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "ext list [--json]"); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	exts, err := s.ListExtensions(ctx)
	if err != nil {
		return err
	}
	out := make([]extJSON, 0, len(exts))
	for _, e := range exts {
		out = append(out, extJSON{e.Number, e.Name, e.Enabled, e.CallerID, e.Class, int(e.RingTimeout / time.Second), e.CreatedAt.UTC().Format(time.RFC3339)})
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NUMBER\tNAME\tENABLED\tCALLER ID\tCLASS\tRING")
	for _, e := range out {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\t%s\t%ds\n", e.Number, e.Name, e.Enabled, orDash(e.CallerID), e.Class, e.RingTimeout)
	}
	return tw.Flush()
}

const classHelp = "widest outside calls allowed: internal, local, national or international (emergency numbers always)"

// extSet changes the settings given; the others stay as they are.
func extSet(ctx context.Context, c *cli, args []string) error {
	const usage = "ext set NUMBER [--name NAME] [--caller-id E164] [--class CLASS] [--ring-timeout 30s] [--enabled=true|false]"
	fs := c.newFlagSet("ext set", usage)
	name := fs.String("name", "", "display name")
	callerID := fs.String("caller-id", "", "E.164 number shown on calls to the PSTN (\"\" to remove)")
	class := fs.String("class", "", classHelp)
	ring := fs.Duration("ring-timeout", 0, "how long calls ring this extension")
	enabled := fs.Bool("enabled", true, "whether the extension may register and call")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	if err := store.ValidateNumber(pos[0]); err != nil {
		return storeErr(err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["name"] && !set["caller-id"] && !set["class"] && !set["ring-timeout"] && !set["enabled"] {
		return usagef("nothing to change: %s", usage)
	}
	if err := checkCallerID(*callerID); err != nil {
		return err
	}
	if set["class"] {
		if err := store.ValidateClass(*class); err != nil {
			return usagef("--class %q must be internal, local, national or international", *class)
		}
	}
	if set["ring-timeout"] && *ring <= 0 {
		return usagef("--ring-timeout must be positive")
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := s.GetExtension(ctx, pos[0])
	if err != nil {
		return storeErr(err)
	}
	var changed []string
	if set["name"] {
		e.Name = *name
		changed = append(changed, fmt.Sprintf("name=%q", e.Name))
	}
	if set["caller-id"] {
		e.CallerID = *callerID
		changed = append(changed, "caller_id="+e.CallerID)
	}
	if set["class"] {
		e.Class = *class
		changed = append(changed, "class="+e.Class)
	}
	if set["ring-timeout"] {
		e.RingTimeout = *ring
		changed = append(changed, "ring_timeout="+ring.String())
	}
	if set["enabled"] {
		e.Enabled = *enabled
		changed = append(changed, fmt.Sprintf("enabled=%v", e.Enabled))
	}
	if err := s.UpdateExtension(ctx, e); err != nil {
		return storeErr(err)
	}
	detail := strings.Join(changed, ", ")
	c.audit(ctx, s, "ext.update", e.Number, detail)
	fmt.Fprintf(c.stdout, "extension %s changed: %s\n", e.Number, detail)
	return nil
}

func extRm(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("ext rm", "ext rm NUMBER")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "ext rm NUMBER"); err != nil {
		return err
	}
	if err := store.ValidateNumber(pos[0]); err != nil {
		return storeErr(err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DeleteExtension(ctx, pos[0]); err != nil {
		return storeErr(err)
	}
	c.audit(ctx, s, "ext.rm", pos[0], "")
	fmt.Fprintf(c.stdout, "extension %s removed\n", pos[0])
	return nil
}

func extPasswd(ctx context.Context, c *cli, args []string) error {
	const usage = "ext passwd NUMBER --password PASSWORD"
	fs := c.newFlagSet("ext passwd", usage)
	password := fs.String("password", "", "new SIP password")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	if err := store.ValidateNumber(pos[0]); err != nil {
		return storeErr(err)
	}
	if err := checkPassword(*password); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := s.GetExtension(ctx, pos[0])
	if err != nil {
		return storeErr(err)
	}
	e.SetPassword(cfg.SIPRealm, *password)
	if err := s.UpdateExtension(ctx, e); err != nil {
		return storeErr(err)
	}
	c.audit(ctx, s, "ext.passwd", e.Number, "")
	c.weakPassword(*password)
	fmt.Fprintf(c.stdout, "password of extension %s changed\n", e.Number)
	return nil
}

// extImport adds extensions from CSV lines "number,password[,name]" on
// stdin, all or none, in one transaction.
func extImport(ctx context.Context, c *cli, args []string) error {
	const usage = "ext import < FILE.csv   (lines: number,password[,name])"
	fs := c.newFlagSet("ext import", usage)
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, usage); err != nil {
		return err
	}
	r := csv.NewReader(c.stdin)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var es []store.Extension
	seen := map[string]bool{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return usagef("line %d: %v", line, err)
		}
		if len(rec) < 2 || len(rec) > 3 {
			return usagef("line %d: want number,password[,name]", line)
		}
		e := store.Extension{Number: rec[0], Enabled: true}
		if len(rec) == 3 {
			e.Name = rec[2]
		}
		if err := store.ValidateNumber(e.Number); err != nil {
			return usagef("line %d: %v", line, err)
		}
		if err := checkPassword(rec[1]); err != nil {
			return usagef("line %d: %v", line, err)
		}
		if seen[e.Number] {
			return usagef("line %d: extension %s appears twice", line, e.Number)
		}
		seen[e.Number] = true
		e.SetPassword(cfg.SIPRealm, rec[1])
		es = append(es, e)
	}
	if len(es) == 0 {
		return usagef("no extensions on stdin")
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateExtensions(ctx, es); err != nil {
		return storeErr(err)
	}
	c.audit(ctx, s, "ext.import", fmt.Sprintf("%d extensions", len(es)), "")
	fmt.Fprintf(c.stdout, "%d extensions added\n", len(es))
	return nil
}
