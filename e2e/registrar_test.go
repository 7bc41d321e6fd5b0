package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// regs returns the current registrations as `dialtone reg list --json` shows them.
func (n *node) regs() []map[string]any {
	n.t.Helper()
	var out []map[string]any
	if err := json.Unmarshal([]byte(n.mustCLI("reg", "list", "--json")), &out); err != nil {
		n.t.Fatal(err)
	}
	return out
}

// waitRegs waits until pred holds for the registration list.
func (n *node) waitRegs(d time.Duration, what string, pred func([]map[string]any) bool) []map[string]any {
	n.t.Helper()
	deadline := time.Now().Add(d)
	for {
		r := n.regs()
		if pred(r) {
			return r
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("%s: not within %v; registrations: %v", what, d, r)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func regsOf(r []map[string]any, ext string) []map[string]any {
	var out []map[string]any
	for _, x := range r {
		if x["extension"] == ext {
			out = append(out, x)
		}
	}
	return out
}

// sipp runs a scenario from e2e/sipp and returns its exit code and output.
func sipp(t *testing.T, target string, args ...string) (int, string) {
	t.Helper()
	bin := needBinary(t, "sipp")
	dir := t.TempDir()
	full := append([]string{target, "-nostdin", "-trace_err", "-error_file", filepath.Join(dir, "err.log"),
		"-trace_screen", "-screen_file", filepath.Join(dir, "screen.log")}, args...)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, full...)
	cmd.Dir = "sipp"
	out, _ := cmd.CombinedOutput()
	screen, _ := os.ReadFile(filepath.Join(dir, "screen.log"))
	errs, _ := os.ReadFile(filepath.Join(dir, "err.log"))
	code := cmd.ProcessState.ExitCode()
	return code, string(out) + string(screen) + string(errs)
}

func TestSippRegisterDigestAuth(t *testing.T) {
	for _, tr := range []string{"u1", "t1"} {
		t.Run(tr, func(t *testing.T) {
			n := newNode(t)
			csv := "2001,pw-2001-secret\n2002,pw-2002-secret\n2003,pw-2003-secret\n"
			var users strings.Builder
			users.WriteString("SEQUENTIAL\n")
			for i := 2001; i <= 2003; i++ {
				fmt.Fprintf(&users, "%d;[authentication username=%d password=pw-%d-secret]\n", i, i, i)
			}
			f := filepath.Join(t.TempDir(), "users.csv")
			if err := os.WriteFile(f, []byte(users.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(binary, "ext", "import")
			cmd.Env = append(os.Environ(), n.env...)
			cmd.Stdin = strings.NewReader(csv)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("ext import: %v\n%s", err, out)
			}
			n.serve()

			// Good passwords: 401 then 200, for each of the three users.
			code, out := sipp(t, n.sip, "-sf", "register_auth.xml", "-inf", f, "-key", "expires", "3600",
				"-t", tr, "-m", "3", "-r", "10", "-timeout", "30s", "-timeout_error")
			if code != 0 {
				t.Fatalf("sipp register_auth exit %d\n%s", code, out)
			}
			if tr == "t1" {
				// sipp closed its TCP connection on exit: contacts registered
				// over a connection go with it (RFC 5626 flows).
				n.waitRegs(3*time.Second, "TCP contacts dropped with their connection", func(r []map[string]any) bool { return len(r) == 0 })
			} else {
				r := n.waitRegs(3*time.Second, "three registrations", func(r []map[string]any) bool { return len(r) == 3 })
				for _, x := range r {
					if x["transport"] != "udp" || x["user_agent"] != "sipp-dialtone-e2e" || x["source"] == "" {
						t.Fatalf("registration %v", x)
					}
				}
			}

			// Register, refresh and unregister in one dialog.
			code, out = sipp(t, n.sip, "-sf", "register_lifecycle.xml", "-inf", f, "-key", "expires", "3600",
				"-t", tr, "-m", "1", "-timeout", "30s", "-timeout_error")
			if code != 0 {
				t.Fatalf("sipp register_lifecycle exit %d\n%s", code, out)
			}
			if tr == "u1" {
				n.waitRegs(3*time.Second, "2001 unregistered", func(r []map[string]any) bool { return len(regsOf(r, "2001")) == 0 && len(r) == 2 })
			}
		})
	}
}

func TestSippRegistrationExpires(t *testing.T) {
	n := newNode(t, "DIALTONE_REG_MIN_EXPIRES=2s", "DIALTONE_REG_DEFAULT_EXPIRES=2s")
	n.mustCLI("ext", "add", "2101", "--password", "pw-2101-secret")
	n.serve()
	f := filepath.Join(t.TempDir(), "users.csv")
	if err := os.WriteFile(f, []byte("SEQUENTIAL\n2101;[authentication username=2101 password=pw-2101-secret]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Below the minimum: 423 Interval Too Brief is not a success for sipp.
	code, _ := sipp(t, n.sip, "-sf", "register_auth.xml", "-inf", f, "-key", "expires", "1",
		"-t", "u1", "-m", "1", "-timeout", "15s", "-timeout_error")
	if code == 0 {
		t.Fatal("a 1 s registration was accepted below reg_min_expires=2s")
	}
	code, out := sipp(t, n.sip, "-sf", "register_auth.xml", "-inf", f, "-key", "expires", "3",
		"-t", "u1", "-m", "1", "-timeout", "15s", "-timeout_error")
	if code != 0 {
		t.Fatalf("sipp exit %d\n%s", code, out)
	}
	n.waitRegs(2*time.Second, "registered", func(r []map[string]any) bool { return len(r) == 1 })
	// The sweeper removes it from memory and the store after 3 s.
	n.waitRegs(8*time.Second, "expired", func(r []map[string]any) bool { return len(r) == 0 })
	deadline := time.Now().Add(5 * time.Second)
	for {
		var rows int
		db := openDB(t, n.dataDir)
		if err := db.QueryRow("SELECT COUNT(*) FROM registrations").Scan(&rows); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if rows == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("expired registration still in the store (%d rows)", rows)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, body := n.get("/readyz"); body["registrations"] != float64(0) {
		t.Fatalf("server still holds the expired contact: %v", body)
	}
}

func TestSippWrongPasswordIsBanned(t *testing.T) {
	n := newNode(t, "DIALTONE_BAN_FAILURES=3")
	n.mustCLI("ext", "add", "2201", "--password", "right-password")
	n.serve()
	f := filepath.Join(t.TempDir(), "users.csv")
	if err := os.WriteFile(f, []byte("SEQUENTIAL\n2201;[authentication username=2201 password=wrong-password]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// From 127.0.0.2 so the ban does not hit the test's other traffic.
	code, out := sipp(t, n.sip, "-sf", "register_wrong_password.xml", "-inf", f, "-i", "127.0.0.2",
		"-t", "u1", "-m", "3", "-r", "5", "-timeout", "30s", "-timeout_error")
	if code != 0 {
		t.Fatalf("wrong passwords were not refused with 401/403: exit %d\n%s", code, out)
	}
	// Banned now: no answer at all.
	code, out = sipp(t, n.sip, "-sf", "register_expect_silence.xml", "-inf", f, "-i", "127.0.0.2",
		"-t", "u1", "-m", "1", "-timeout", "10s", "-timeout_error")
	if code != 0 {
		t.Fatalf("banned source still answered: exit %d\n%s", code, out)
	}
	var bans []map[string]any
	deadline := time.Now().Add(15 * time.Second) // the edge persists bans every 10 s
	for len(bans) == 0 && time.Now().Before(deadline) {
		if err := json.Unmarshal([]byte(n.mustCLI("ban", "list", "--json")), &bans); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if len(bans) != 1 || bans[0]["addr"] != "127.0.0.2" {
		t.Fatalf("ban list = %v", bans)
	}
	// Another source still registers.
	good := filepath.Join(t.TempDir(), "good.csv")
	if err := os.WriteFile(good, []byte("SEQUENTIAL\n2201;[authentication username=2201 password=right-password]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out := sipp(t, n.sip, "-sf", "register_auth.xml", "-inf", good, "-key", "expires", "3600", "-i", "127.0.0.3",
		"-t", "u1", "-m", "1", "-timeout", "15s", "-timeout_error"); code != 0 {
		t.Fatalf("another source was refused: exit %d\n%s", code, out)
	}
	// Lifting the ban with the CLI takes effect in the running server.
	n.mustCLI("ban", "rm", "127.0.0.2")
	deadline = time.Now().Add(20 * time.Second)
	for {
		code, _ := sipp(t, n.sip, "-sf", "register_auth.xml", "-inf", good, "-key", "expires", "3600", "-i", "127.0.0.2",
			"-t", "u1", "-m", "1", "-timeout", "5s", "-timeout_error")
		if code == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("ban rm did not reach the running server")
		}
		time.Sleep(time.Second)
	}
}

func TestBaresipRegistersOverUDPTCPTLSAndSurvivesRestart(t *testing.T) {
	n := newNode(t)
	for _, e := range []string{"2301", "2302", "2303"} {
		n.mustCLI("ext", "add", e, "--password", "pw-"+e+"-secret")
	}
	s := n.serve()
	ca := filepath.Join(n.dataDir, "tls", "sip-cert.pem")
	phones := map[string]string{"2301": "udp", "2302": "tcp", "2303": "tls"}
	for ext, tr := range phones {
		addr := n.sip
		if tr == "tls" {
			addr = n.tls
		}
		startPhone(t, fmt.Sprintf("<sip:%s@%s;transport=%s>;auth_pass=pw-%s-secret;regint=600", ext, addr, tr, ext), ca)
	}
	r := n.waitRegs(15*time.Second, "three phones registered", func(r []map[string]any) bool { return len(r) == 3 })
	for _, x := range r {
		ext := x["extension"].(string)
		if x["transport"] != phones[ext] || !strings.HasPrefix(x["user_agent"].(string), "baresip") || x["source"] == "" {
			t.Fatalf("registration %v: want transport %s from baresip", x, phones[ext])
		}
	}
	if _, body := n.get("/readyz"); body["registrations"] != float64(3) {
		t.Fatalf("readyz = %v", body)
	}

	// Restart: the new process knows every phone from the store at once.
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	n.serve()
	if _, body := n.get("/readyz"); body["registrations"] != float64(3) {
		t.Fatalf("after restart the server holds %v contacts, want 3: %v", body["registrations"], n.regs())
	}
	if r := n.regs(); len(r) != 3 {
		t.Fatalf("after restart: %v", r)
	}
}

func TestSipviciousFindsNothingAndCrackerIsBanned(t *testing.T) {
	svwar := needBinary(t, "svwar")
	svcrack := needBinary(t, "svcrack")
	run := func(bin string, args ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		out, _ := exec.CommandContext(ctx, bin, args...).CombinedOutput()
		return string(out)
	}
	const host = "127.0.0.1"
	for _, block := range []string{"true", "false"} {
		t.Run("block_scanners="+block, func(t *testing.T) {
			n := newNode(t, "DIALTONE_SIP_BLOCK_SCANNERS="+block, "DIALTONE_BAN_FAILURES=5")
			var csv strings.Builder
			for e := 100; e <= 110; e++ {
				fmt.Fprintf(&csv, "%d,pw-%d-long-secret\n", e, e)
			}
			cmd := exec.Command(binary, "ext", "import")
			cmd.Env = append(os.Environ(), n.env...)
			cmd.Stdin = strings.NewReader(csv.String())
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("ext import: %v\n%s", err, out)
			}
			n.serve()
			_, p, _ := strings.Cut(n.sip, ":")
			out := run(svwar, "-e90-120", "-m", "REGISTER", "-p", p, "-b", "127.0.0.4", "--force", host)
			for e := 100; e <= 110; e++ {
				if regexp.MustCompile(fmt.Sprintf(`\|\s*%d\s*\|`, e)).MatchString(out) {
					t.Fatalf("svwar found extension %d:\n%s", e, out)
				}
			}
			out = run(svcrack, "-u", "101", "-r", "1000-1100", "-p", p, "-b", "127.0.0.5", host)
			if strings.Contains(out, "| 101 ") && strings.Contains(out, "pw-101") {
				t.Fatalf("svcrack cracked 101:\n%s", out)
			}
			if block == "false" {
				// It got answers, so it failed to authenticate, so it is banned.
				var bans []map[string]any
				deadline := time.Now().Add(15 * time.Second) // the edge persists bans every 10 s
				for time.Now().Before(deadline) {
					if err := json.Unmarshal([]byte(n.mustCLI("ban", "list", "--json")), &bans); err != nil {
						t.Fatal(err)
					}
					if len(bans) > 0 {
						break
					}
					time.Sleep(200 * time.Millisecond)
				}
				// svcrack ignores -b for its source here, so any loopback
				// source it used counts.
				found := false
				for _, b := range bans {
					found = found || strings.HasPrefix(b["addr"].(string), "127.0.0.") && strings.Contains(b["reason"].(string), "authentication failures")
				}
				if !found {
					t.Fatalf("svcrack's source not banned: %v\n%s", bans, out)
				}
			}
		})
	}
}
