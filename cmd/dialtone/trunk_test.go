package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// cliEnv runs commands in-process against a SQLite file in a temp dir.
type cliEnv struct {
	t   *testing.T
	dir string
	env map[string]string
}

func newCLIEnv(t *testing.T) *cliEnv {
	dir := t.TempDir()
	return &cliEnv{t: t, dir: dir, env: map[string]string{"DIALTONE_DATA_DIR": dir}}
}

func (e *cliEnv) run(args ...string) (int, string, string) {
	e.t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return e.env[k] })
	return code, out.String(), errb.String()
}

func (e *cliEnv) ok(args ...string) string {
	e.t.Helper()
	code, out, errs := e.run(args...)
	if code != 0 {
		e.t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
	}
	return out
}

// refused checks exit 2 with the message, and that the configuration
// version did not move: the refused input changed nothing.
func (e *cliEnv) refused(want string, args ...string) {
	e.t.Helper()
	before := e.version()
	code, out, errs := e.run(args...)
	if code != 2 || !strings.Contains(errs, want) {
		e.t.Fatalf("%v: exit %d, stderr %q; want 2 and %q (stdout %q)", args, code, errs, want, out)
	}
	if after := e.version(); after != before {
		e.t.Fatalf("%v: refused input moved the config version %d -> %d", args, before, after)
	}
}

func (e *cliEnv) store() store.Store {
	e.t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(e.dir, "dialtone.db"))
	if err != nil {
		e.t.Fatal(err)
	}
	if err := st.MigrateUp(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	return st
}

func (e *cliEnv) version() int64 {
	e.t.Helper()
	v, err := e.store().ConfigVersion(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

const chimeHost = "abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws"

func TestTrunkCommands(t *testing.T) {
	e := newCLIEnv(t)
	e.ok("ext", "add", "101", "--name", "Alice", "--password", "alice-secret-1", "--caller-id", "+15551230101")

	out := e.ok("trunk", "add", "chime-east", "--type", "chime", "--host", chimeHost, "--region", "us-east-1",
		"--username", "term", "--password", "term-secret-1", "--caller-id", "+15551230100")
	if !strings.Contains(out, "tls to "+chimeHost+" (port 5061), srtp required, 1 allowed networks") {
		t.Fatalf("add said %q", out)
	}
	e.ok("trunk", "add", "chime-west", "--type", "chime", "--host", "zzz9.voiceconnector.chime.aws", "--region", "us-west-2",
		"--failover", "chime-east")
	e.ok("trunk", "add", "carrier", "--type", "generic", "--host", "192.0.2.50:5080", "--allow", "192.0.2.0/24", "--allow", "198.51.100.7",
		"--transport", "tcp")
	// A generic trunk without --allow allows the addresses its host resolves to.
	e.ok("trunk", "add", "pbx2", "--type", "generic", "--host", "198.51.100.20", "--register", "--username", "acct", "--password", "acct-pass-1")

	var list []trunkJSON
	if err := json.Unmarshal([]byte(e.ok("trunk", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	byName := map[string]trunkJSON{}
	for _, tr := range list {
		byName[tr.Name] = tr
	}
	ce := byName["chime-east"]
	if len(list) != 4 || ce.Transport != "tls" || ce.Port != 5061 || ce.SRTP != "required" || strings.Join(ce.Allow, ",") != "3.80.16.0/23" ||
		!ce.PasswordSet || ce.Username != "term" || ce.CallerID != "+15551230100" || strings.Join(ce.Regions, ",") != "us-east-1" || !ce.Enabled {
		t.Fatalf("chime-east %+v", ce)
	}
	if w := byName["chime-west"]; w.Failover != "chime-east" || strings.Join(w.Allow, ",") != "99.77.253.0/24" {
		t.Fatalf("chime-west %+v", w)
	}
	if c := byName["carrier"]; c.Transport != "tcp" || c.Port != 5080 || c.SRTP != "off" || strings.Join(c.Allow, ",") != "192.0.2.0/24,198.51.100.7/32" {
		t.Fatalf("carrier %+v", c)
	}
	if p := byName["pbx2"]; !p.Register || p.Transport != "udp" || p.Port != 0 || strings.Join(p.Allow, ",") != "198.51.100.20/32" {
		t.Fatalf("pbx2 %+v", p)
	}
	if strings.Contains(e.ok("trunk", "list", "--json"), "term-secret-1") || strings.Contains(e.ok("trunk", "list"), "term-secret-1") {
		t.Fatal("trunk list prints the password")
	}
	table := e.ok("trunk", "list")
	if !strings.HasPrefix(table, "NAME") || !strings.Contains(table, "192.0.2.50:5080") || !strings.Contains(table, "198.51.100.20 (registers)") {
		t.Fatalf("table:\n%s", table)
	}
	audit, err := e.store().ListAudit(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range audit {
		if strings.Contains(a.Detail, "secret") || strings.Contains(a.Detail, "acct-pass") {
			t.Fatalf("audit holds a password: %+v", a)
		}
	}

	// Refused input, each leaving the database as it was.
	e.refused("trunk chime-east already exists", "trunk", "add", "chime-east", "--type", "chime", "--host", chimeHost)
	e.refused("--host: ", "trunk", "add", "x", "--type", "chime", "--host", "sip.example.com")
	e.refused("--allow: \"10.0.0.0/33\" is not a CIDR network", "trunk", "add", "x", "--type", "generic", "--host", "192.0.2.1", "--allow", "10.0.0.0/33")
	e.refused("--allow: 10.1.2.3/8 has host bits set; the network is 10.0.0.0/8", "trunk", "add", "x", "--type", "generic", "--host", "192.0.2.1", "--allow", "10.1.2.3/8")
	e.refused("--caller-id: must be an E.164 number", "trunk", "add", "x", "--type", "generic", "--host", "192.0.2.1", "--caller-id", "5551230100")
	e.refused("--srtp: SRTP required needs transport tls", "trunk", "add", "x", "--type", "generic", "--host", "192.0.2.1", "--srtp", "required")
	e.refused("--type: type \"sip\"", "trunk", "add", "x", "--type", "sip", "--host", "192.0.2.1")
	e.refused("--region: ", "trunk", "add", "x", "--type", "chime", "--host", chimeHost, "--region", "mars-1")
	e.refused("NAME: must have 1 to 32 lower case", "trunk", "add", "Bad Name", "--type", "generic", "--host", "192.0.2.1")
	e.refused("no trunk nope for failover", "trunk", "add", "x", "--type", "generic", "--host", "192.0.2.1", "--failover", "nope")
	e.refused("--username: registration needs a username and a password", "trunk", "add", "x", "--type", "generic", "--host", "192.0.2.1", "--register")
	e.refused("--type and --host are required", "trunk", "add", "x", "--type", "generic")

	// DIDs.
	e.ok("did", "add", "+15551230100", "--trunk", "chime-east", "--to", "101")
	e.ok("did", "add", "+1555123XXXX", "--trunk", "chime-east", "--to", "101")
	e.refused("no trunk nope", "did", "add", "+15551230199", "--trunk", "nope", "--to", "101")
	e.refused("no extension 199", "did", "add", "+15551230199", "--trunk", "chime-east", "--to", "199")
	e.refused("already has an inbound route", "did", "add", "+15551230100", "--trunk", "chime-east", "--to", "101")
	e.refused("not an E.164 number", "did", "add", "+0551230100", "--trunk", "chime-east", "--to", "101")
	e.refused("not closed", "did", "add", "+1555[12", "--trunk", "chime-east", "--to", "101")
	var dids []didJSON
	if err := json.Unmarshal([]byte(e.ok("did", "list", "--json")), &dids); err != nil {
		t.Fatal(err)
	}
	if len(dids) != 2 || dids[0].Number != "+15551230100" || dids[0].Trunk != "chime-east" || dids[0].Extension != "101" {
		t.Fatalf("dids %+v", dids)
	}

	// Outbound routes, in the order added.
	e.ok("route", "add", "nanp", "--pattern", "NXXNXXXXXX", "--trunk", "chime-east,chime-west", "--prepend", "+1")
	e.ok("route", "add", "intl", "--pattern", "011.", "--trunk", "carrier", "--strip", "3", "--prepend", "+")
	e.ok("route", "add", "e164", "--pattern", "+.", "--trunk", "chime-east", "--trunk", "carrier")
	e.refused("no trunk nope", "route", "add", "x", "--pattern", "+.", "--trunk", "nope")
	e.refused("strip 9", "route", "add", "x", "--pattern", "011.", "--trunk", "carrier", "--strip", "9")
	e.refused("route nanp already exists", "route", "add", "nanp", "--pattern", "+.", "--trunk", "carrier")
	e.refused("not a pattern", "route", "add", "x", "--pattern", "abc", "--trunk", "carrier")
	var routes []routeJSON
	if err := json.Unmarshal([]byte(e.ok("route", "list", "--json")), &routes); err != nil {
		t.Fatal(err)
	}
	if len(routes) != 3 || routes[0].Name != "nanp" || strings.Join(routes[0].Trunks, ",") != "chime-east,chime-west" || routes[0].Prepend != "+1" ||
		routes[1].Name != "intl" || routes[1].Strip != 3 || routes[2].Name != "e164" || strings.Join(routes[2].Trunks, ",") != "chime-east,carrier" {
		t.Fatalf("routes %+v", routes)
	}
	if lines := strings.Split(e.ok("route", "list"), "\n"); !strings.HasPrefix(lines[1], "1 ") || !strings.Contains(lines[1], "nanp") ||
		!strings.Contains(lines[1], "chime-east,chime-west") || !strings.HasPrefix(lines[3], "3 ") || !strings.Contains(lines[3], "e164") {
		t.Fatalf("route table:\n%s", strings.Join(lines, "\n"))
	}

	// A trunk in use is not removed, and says by what.
	e.refused("trunk chime-east is used by DID +15551230100, DID +1555123XXXX, route e164, route nanp, trunk chime-west", "trunk", "rm", "chime-east")
	e.ok("did", "rm", "+15551230100")
	e.ok("did", "rm", "+1555123XXXX")
	e.refused("no inbound route for +1555123XXXX", "did", "rm", "+1555123XXXX")
	e.ok("route", "rm", "nanp")
	e.ok("route", "rm", "e164")
	e.refused("no route e164", "route", "rm", "e164")
	e.ok("trunk", "rm", "chime-west")
	e.ok("trunk", "rm", "chime-east")
	e.refused("no trunk chime-east", "trunk", "rm", "chime-east")
	if out := e.ok("trunk", "list"); strings.Contains(out, "chime") {
		t.Fatalf("removed trunks listed:\n%s", out)
	}
}

func TestExtClassAndSet(t *testing.T) {
	e := newCLIEnv(t)
	e.ok("ext", "add", "101", "--name", "Alice", "--password", "alice-secret-1")
	e.ok("ext", "add", "102", "--name", "Bob", "--password", "bob-secret-12", "--class", "international", "--caller-id", "+15551230102")
	e.refused("--class \"galaxy\"", "ext", "add", "103", "--password", "carol-secret-1", "--class", "galaxy")
	var exts []extJSON
	if err := json.Unmarshal([]byte(e.ok("ext", "list", "--json")), &exts); err != nil {
		t.Fatal(err)
	}
	if len(exts) != 2 || exts[0].Class != "national" || exts[1].Class != "international" || exts[1].CallerID != "+15551230102" {
		t.Fatalf("exts %+v", exts)
	}
	out := e.ok("ext", "set", "101", "--caller-id", "+15551230101", "--class", "local", "--enabled=false")
	if !strings.Contains(out, "caller_id=+15551230101, class=local, enabled=false") {
		t.Fatalf("set said %q", out)
	}
	got, err := e.store().GetExtension(context.Background(), "101")
	if err != nil || got.CallerID != "+15551230101" || got.Class != "local" || got.Enabled || got.Name != "Alice" {
		t.Fatalf("after set: %+v %v", got, err)
	}
	e.refused("nothing to change", "ext", "set", "101")
	e.refused("must be an E.164 number", "ext", "set", "101", "--caller-id", "555")
	e.refused("--class", "ext", "set", "101", "--class", "all")
	e.refused("not found", "ext", "set", "109", "--name", "Nobody")
	if table := e.ok("ext", "list"); !strings.Contains(table, "CLASS") || !strings.Contains(table, "local") {
		t.Fatalf("table:\n%s", table)
	}
}

// TestTrunkStatus reads the live state from a running admin server.
func TestTrunkStatus(t *testing.T) {
	e := newCLIEnv(t)
	e.ok("trunk", "add", "chime-east", "--type", "chime", "--host", chimeHost)
	e.ok("trunk", "add", "off", "--type", "generic", "--host", "192.0.2.9", "--disabled")
	st := e.store()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	live := fakeTrunkStatus{{Trunk: "chime-east", State: trunk.StateDown, Since: time.Now().Add(-time.Minute), LastCode: 503,
		LastRTT: 21500 * time.Microsecond, Target: "tls:3.80.16.5:5061", Pings: 9, Failures: 2}}
	srv := admin.New(quietLog(), admin.WithStore(st), admin.WithTrunkStatus(live))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, time.Second) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	e.env["DIALTONE_HTTP_LISTEN"] = ln.Addr().String()

	var states []admin.TrunkState
	if err := json.Unmarshal([]byte(e.ok("trunk", "status", "--json")), &states); err != nil {
		t.Fatal(err)
	}
	if len(states) != 2 || states[0].Name != "chime-east" || states[0].State != "down" || states[0].LastCode != 503 || states[0].LastRTTMS != 21.5 ||
		states[1].State != "disabled" {
		t.Fatalf("states %+v", states)
	}
	table := e.ok("trunk", "status")
	for _, want := range []string{"chime-east", "down", "tls:3.80.16.5:5061", "503", "21.5 ms", "disabled"} {
		if !strings.Contains(table, want) {
			t.Fatalf("table lacks %q:\n%s", want, table)
		}
	}
	// The endpoint answers a loopback client (others: admin's tests).
	req, _ := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+admin.InternalTrunksPath, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("loopback client: %d", res.StatusCode)
	}
}

type fakeTrunkStatus []trunk.Status

func (f fakeTrunkStatus) TrunkStatus() []trunk.Status { return f }

func TestTrunkStatusWithoutServer(t *testing.T) {
	e := newCLIEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e.env["DIALTONE_HTTP_LISTEN"] = addr
	code, _, errs := e.run("trunk", "status")
	if code != 1 || !strings.Contains(errs, "is dialtone serve running?") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestTrunkIPRanges: a Chime trunk's allowed networks from a copy of AWS's
// ip-ranges.json the user supplies, at add time and refreshed later.
func TestTrunkIPRanges(t *testing.T) {
	e := newCLIEnv(t)
	write := func(name string, prefixes ...[2]string) string {
		var b strings.Builder
		b.WriteString(`{"syncToken":"1","createDate":"2026-11-25-00-00-00","prefixes":[`)
		for i, p := range prefixes {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{"ip_prefix":"` + p[0] + `","region":"` + p[1] + `","service":"CHIME_VOICECONNECTOR","network_border_group":"` + p[1] + `"}`)
		}
		b.WriteString(`,{"ip_prefix":"52.0.0.0/8","region":"us-east-1","service":"EC2","network_border_group":"us-east-1"}],"ipv6_prefixes":[]}`)
		path := filepath.Join(e.dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	v1 := write("v1.json", [2]string{"3.80.16.0/23", "us-east-1"}, [2]string{"99.77.253.0/24", "us-west-2"})
	e.ok("trunk", "add", "east", "--type", "chime", "--host", "abcdef.voiceconnector.chime.aws", "--region", "us-east-1", "--ip-ranges", v1)
	allowOf := func() []string {
		var list []struct {
			Name  string   `json:"name"`
			Allow []string `json:"allow"`
		}
		if err := json.Unmarshal([]byte(e.ok("trunk", "list", "--json")), &list); err != nil || len(list) != 1 {
			t.Fatalf("trunk list: %v %v", list, err)
		}
		return list[0].Allow
	}
	if got := strings.Join(allowOf(), ","); got != "3.80.16.0/23" {
		t.Fatalf("allowed %s, want the file's us-east-1 Chime range only", got)
	}
	v2 := write("v2.json", [2]string{"3.80.16.0/23", "us-east-1"}, [2]string{"3.80.18.0/23", "us-east-1"})
	out := e.ok("trunk", "ranges", "east", "--ip-ranges", v2)
	if got := strings.Join(allowOf(), ","); got != "3.80.16.0/23,3.80.18.0/23" || !strings.Contains(out, "2 allowed networks (was 1)") {
		t.Fatalf("after refresh: allowed %s, output %q", got, out)
	}
	e.refused("no such file", "trunk", "ranges", "east", "--ip-ranges", filepath.Join(e.dir, "missing.json"))
	e.refused("region", "trunk", "add", "west", "--type", "chime", "--host", "ghijkl.voiceconnector.chime.aws", "--region", "eu-nowhere-9", "--ip-ranges", v1)
	e.refused("only for chime", "trunk", "add", "gen", "--type", "generic", "--host", "sip.example.com", "--ip-ranges", v1)
	e.refused("no trunk", "trunk", "ranges", "nope", "--ip-ranges", v1)
}
