package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

func cmdTrunk(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usagef("want a sub-command: add, list, status, ranges or rm")
	}
	switch args[0] {
	case "add":
		return trunkAdd(ctx, c, args[1:])
	case "ranges":
		return trunkRanges(ctx, c, args[1:])
	case "list":
		return trunkList(ctx, c, args[1:])
	case "status":
		return trunkStatus(ctx, c, args[1:])
	case "rm":
		return trunkRm(ctx, c, args[1:])
	}
	return usagef("unknown sub-command %q: want add, list, status, ranges or rm", args[0])
}

// listFlag collects a repeatable flag; each value may also hold a
// comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			*l = append(*l, f)
		}
	}
	return nil
}

// fieldsErr turns per-field problems into one usage line, naming flags.
func fieldsErr(fe map[string]string, flags map[string]string) error {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		name := "--" + strings.ReplaceAll(k, "_", "-")
		if f, ok := flags[k]; ok {
			name = f
		}
		parts = append(parts, name+": "+fe[k])
	}
	return usagef("%s", strings.Join(parts, "; "))
}

func trunkAdd(ctx context.Context, c *cli, args []string) error {
	const usage = "trunk add NAME --type chime|generic --host HOST[:PORT] [--transport udp|tcp|tls] [--username U --password P] " +
		"[--allow CIDR]... [--ip-ranges FILE] [--srtp off|optional|required] [--caller-id E164] [--register] [--region R[,R]] [--failover TRUNK] [--disabled]"
	fs := c.newFlagSet("trunk add", usage)
	typ := fs.String("type", "", "chime (Amazon Chime Voice Connector) or generic")
	host := fs.String("host", "", "provider host: for chime the connector's outbound host name <id>.voiceconnector.chime.aws")
	transport := fs.String("transport", "", "udp, tcp or tls (default: tls for chime, udp for generic)")
	username := fs.String("username", "", "digest username (Chime termination credentials, or the provider account)")
	password := fs.String("password", "", "digest password (never printed)")
	var allow, regions listFlag
	fs.Var(&allow, "allow", "network inbound calls may come from, CIDR or address; repeat for more (default: the Chime ranges, or the generic host's addresses)")
	fs.Var(&regions, "region", "chime: the connector's AWS region(s), e.g. us-east-1 (default: all bundled regions)")
	srtp := fs.String("srtp", "", "off, optional or required (default: required for chime, off for generic)")
	callerID := fs.String("caller-id", "", "E.164 number shown on outside calls of extensions without their own")
	register := fs.Bool("register", false, "generic: REGISTER to the provider with --username and --password")
	failover := fs.String("failover", "", "another trunk outbound calls try when this one fails (e.g. the connector in another region)")
	disabled := fs.Bool("disabled", false, "create the trunk disabled")
	ipRanges := fs.String("ip-ranges", "", "chime: allow the CHIME_VOICECONNECTOR networks of this copy of AWS's ip-ranges.json (of --region, if given) instead of the bundled ones")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	if *typ == "" || *host == "" {
		return usagef("--type and --host are required: %s", usage)
	}
	if *ipRanges != "" {
		if !strings.EqualFold(*typ, store.TrunkChime) {
			return usagef("--ip-ranges: only for chime trunks (generic trunks take --allow)")
		}
		nets, err := chimeRangesFile(*ipRanges, regions)
		if err != nil {
			return err
		}
		allow = append(allow, nets...)
	}
	in := admin.TrunkInput{Name: pos[0], Type: strings.ToLower(*typ), Host: *host, Transport: *transport, Username: *username,
		Password: *password, Register: *register, Allow: allow, SRTP: *srtp, CallerID: *callerID, Regions: regions,
		Failover: *failover, Disabled: *disabled}
	t, fe := in.Trunk(ctx, systemResolver{})
	if fe != nil {
		return fieldsErr(fe, map[string]string{"name": "NAME", "regions": "--region"})
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateTrunk(ctx, t); err != nil {
		if errors.Is(err, store.ErrExists) {
			return usagef("trunk %s already exists", t.Name)
		}
		return storeErr(err)
	}
	c.audit(ctx, s, "trunk.add", t.Name, trunkDetail(t))
	port := "SRV/default port"
	if t.Port != 0 {
		port = "port " + strconv.Itoa(int(t.Port))
	}
	fmt.Fprintf(c.stdout, "trunk %s added: %s to %s (%s), srtp %s, %d allowed networks\n", t.Name, t.Transport, t.Host, port, t.SRTP, len(t.Allow))
	return nil
}

// trunkDetail describes a trunk for the audit log, never its password.
func trunkDetail(t store.Trunk) string {
	d := fmt.Sprintf("type=%s host=%s port=%d transport=%s srtp=%s allow=%d", t.Type, t.Host, t.Port, t.Transport, t.SRTP, len(t.Allow))
	if t.Username != "" {
		d += " username=" + t.Username
	}
	if t.Register {
		d += " register"
	}
	if t.Failover != "" {
		d += " failover=" + t.Failover
	}
	return d
}

type trunkJSON struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Host        string   `json:"host"`
	Port        int      `json:"port"`
	Transport   string   `json:"transport"`
	Username    string   `json:"username"`
	PasswordSet bool     `json:"password_set"`
	Register    bool     `json:"register"`
	Allow       []string `json:"allow"`
	SRTP        string   `json:"srtp"`
	CallerID    string   `json:"caller_id"`
	Regions     []string `json:"regions"`
	Failover    string   `json:"failover"`
	Enabled     bool     `json:"enabled"`
	Created     string   `json:"created_at"`
}

func trunkList(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("trunk list", "trunk list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "trunk list [--json]"); err != nil {
		return err
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.ListTrunks(ctx)
	if err != nil {
		return err
	}
	out := make([]trunkJSON, 0, len(list))
	for _, t := range list {
		j := trunkJSON{Name: t.Name, Type: t.Type, Host: t.Host, Port: int(t.Port), Transport: t.Transport, Username: t.Username,
			PasswordSet: t.Password != "", Register: t.Register, Allow: []string{}, SRTP: t.SRTP, CallerID: t.CallerID,
			Regions: append([]string{}, t.Regions...), Failover: t.Failover, Enabled: t.Enabled, Created: t.CreatedAt.UTC().Format(time.RFC3339)}
		for _, p := range t.Allow {
			j.Allow = append(j.Allow, p.String())
		}
		out = append(out, j)
	}
	if *asJSON {
		return printJSON(c.stdout, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTYPE\tHOST\tTRANSPORT\tSRTP\tALLOW\tCALLER ID\tFAILOVER\tENABLED")
	for _, t := range out {
		host := t.Host
		if t.Port != 0 {
			host = admin.HostPort(t.Host, t.Port)
		}
		if t.Register {
			host += " (registers)"
		}
		allow := strings.Join(t.Allow, ",")
		if len(t.Allow) > 3 {
			allow = fmt.Sprintf("%s,… (%d)", strings.Join(t.Allow[:2], ","), len(t.Allow))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%v\n", t.Name, t.Type, host, t.Transport, t.SRTP, orDash(allow),
			orDash(t.CallerID), orDash(t.Failover), t.Enabled)
	}
	return tw.Flush()
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// trunkStatus asks the running server: the live state exists only in its
// memory (the OPTIONS pinger).
func trunkStatus(ctx context.Context, c *cli, args []string) error {
	const usage = "trunk status [--json]"
	fs := c.newFlagSet("trunk status", usage)
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, usage); err != nil {
		return err
	}
	var states []admin.TrunkState
	if err := getInternal(ctx, cfg, admin.InternalTrunksPath, &states); err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.stdout, states)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATE\tSINCE\tTARGET\tCODE\tRTT\tPINGS\tFAILURES\tLAST ERROR")
	for _, s := range states {
		since, code, rtt := "-", "-", "-"
		if !s.Since.IsZero() {
			since = s.Since.Local().Format("2006-01-02 15:04:05")
		}
		if s.LastCode != 0 {
			code = strconv.Itoa(s.LastCode)
		}
		if s.LastCode != 0 || s.LastRTTMS != 0 {
			rtt = strconv.FormatFloat(s.LastRTTMS, 'f', 1, 64) + " ms"
		}
		state := s.State
		if r := s.Registration; r != nil {
			state += ", " + r.State // "up, registered"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", s.Name, state, since, orDash(s.Target), code, rtt, s.Pings, s.Failures, orDash(s.LastError))
	}
	return tw.Flush()
}

func trunkRm(ctx context.Context, c *cli, args []string) error {
	fs := c.newFlagSet("trunk rm", "trunk rm NAME")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, "trunk rm NAME"); err != nil {
		return err
	}
	if err := store.ValidateName("trunk", pos[0]); err != nil {
		return storeErr(err)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DeleteTrunk(ctx, pos[0]); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return usagef("no trunk %s", pos[0])
		}
		return storeErr(err)
	}
	c.audit(ctx, s, "trunk.rm", pos[0], "")
	fmt.Fprintf(c.stdout, "trunk %s removed\n", pos[0])
	return nil
}

var _ flag.Value = (*listFlag)(nil)

// systemResolver reads /etc/resolv.conf only when a generic trunk's host
// must be resolved, so a Chime trunk or an address needs no DNS set-up.
type systemResolver struct{}

func (systemResolver) Resolve(ctx context.Context, host string, t trunk.Transport) ([]trunk.Target, error) {
	r, err := trunk.NewResolver()
	if err != nil {
		return nil, err
	}
	return r.Resolve(ctx, host, t)
}

// chimeRangesFile reads the CHIME_VOICECONNECTOR networks (of regions, if
// any) from a copy of AWS's ip-ranges.json.
func chimeRangesFile(path string, regions []string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("--ip-ranges: %v", err)
	}
	defer f.Close()
	prefixes, err := trunk.ParseIPRanges(f, "CHIME_VOICECONNECTOR", regions...)
	if err != nil {
		return nil, usagef("--ip-ranges %s: %v", path, err)
	}
	out := make([]string, 0, len(prefixes))
	for _, p := range prefixes {
		out = append(out, p.String())
	}
	return out, nil
}

// trunkRanges refreshes a Chime trunk's allowed networks from a newer copy
// of AWS's ip-ranges.json (AWS adds signalling ranges over time).
func trunkRanges(ctx context.Context, c *cli, args []string) error {
	const usage = "trunk ranges NAME --ip-ranges FILE"
	fs := c.newFlagSet("trunk ranges", usage)
	ipRanges := fs.String("ip-ranges", "", "a copy of AWS's ip-ranges.json")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	if *ipRanges == "" {
		return usagef("--ip-ranges is required: %s", usage)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := s.GetTrunk(ctx, pos[0])
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return usagef("no trunk %s", pos[0])
		}
		return storeErr(err)
	}
	if t.Type != store.TrunkChime {
		return usagef("trunk %s is %s: ranges are for chime trunks (generic trunks: remove and add with --allow)", t.Name, t.Type)
	}
	nets, err := chimeRangesFile(*ipRanges, t.Regions)
	if err != nil {
		return err
	}
	allow := make([]netip.Prefix, 0, len(nets))
	for _, n := range nets {
		allow = append(allow, netip.MustParsePrefix(n))
	}
	before := len(t.Allow)
	t.Allow = allow
	if err := s.UpdateTrunk(ctx, t); err != nil {
		return storeErr(err)
	}
	c.audit(ctx, s, "trunk.ranges", t.Name, fmt.Sprintf("allow %d -> %d networks from %s", before, len(allow), *ipRanges))
	fmt.Fprintf(c.stdout, "trunk %s: %d allowed networks (was %d)\n", t.Name, len(allow), before)
	return nil
}
