package e2e

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/internal/testpg"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
)

func TestBinaryIsPureGo(t *testing.T) {
	out, err := exec.Command("go", "version", "-m", binary).CombinedOutput()
	if err != nil {
		t.Fatal(err, string(out))
	}
	if !strings.Contains(string(out), "CGO_ENABLED=0") {
		t.Fatalf("binary not built with CGO_ENABLED=0:\n%s", out)
	}
}

func TestServeHealthReadyAndGracefulStop(t *testing.T) {
	n := newNode(t)
	start := time.Now()
	s := n.serve()
	t.Logf("healthy %v after start", time.Since(start).Round(time.Millisecond))

	code, body := n.get("/readyz")
	if code != 200 || body["status"] != "ready" || body["node"] != "e2e" {
		t.Fatalf("readyz = %d %v", code, body)
	}
	if _, err := os.Stat(filepath.Join(n.dataDir, "dialtone.db")); err != nil {
		t.Fatalf("SQLite database not created in the data dir: %v", err)
	}
	if !strings.Contains(s.output(), "Admin UI: http://"+n.http+"/") {
		t.Fatalf("admin UI address not printed:\n%s", s.output())
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit code after SIGTERM = %d\n%s", code, s.output())
	}
	if !strings.Contains(s.output(), "stopped") {
		t.Fatalf("no clean shutdown logged:\n%s", s.output())
	}
	if _, err := net.Dial("tcp", n.http); err == nil {
		t.Fatal("HTTP still listening after exit")
	}
}

var passwordLine = regexp.MustCompile(`one-time password:\s+([A-Z2-7]{26})`)

func TestFirstAdminPasswordPrintedOnce(t *testing.T) {
	n := newNode(t)
	s := n.serve()
	m := passwordLine.FindStringSubmatch(s.output())
	if m == nil {
		t.Fatalf("no one-time password printed:\n%s", s.output())
	}
	if strings.Contains(s.output()[strings.Index(s.output(), m[1])+len(m[1]):], m[1]) {
		t.Fatal("password printed more than once")
	}
	s.stop(t)
	// It must not reach the log file form (JSON/text logs) either: only stdout.
	s2 := n.serve()
	if passwordLine.MatchString(s2.output()) {
		t.Fatalf("second start printed a password again:\n%s", s2.output())
	}
	s2.stop(t)
	_, errOut, code := n.cli("admin", "add", "admin", "--password", "another-long-one")
	if code == 0 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("duplicate admin: code %d: %s", code, errOut)
	}
}

// An extension added by the CLI, another process on the same SQLite file,
// is live in the running server within 2 s.
func TestCLIChangeVisibleToServerWithin2s(t *testing.T) {
	n := newNode(t)
	n.serve()
	_, before := n.get("/readyz")
	n.mustCLI("ext", "add", "101", "--name", "Alice", "--password", "correct-horse")
	added := time.Now()
	for {
		_, body := n.get("/readyz")
		if body["extensions"] == float64(1) && body["config_version"].(float64) > before["config_version"].(float64) {
			t.Logf("visible after %v", time.Since(added).Round(time.Millisecond))
			break
		}
		if time.Since(added) > 2*time.Second {
			t.Fatalf("extension not visible to the server within 2 s: %v", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	n.mustCLI("ext", "rm", "101")
	removed := time.Now()
	for {
		if _, body := n.get("/readyz"); body["extensions"] == float64(0) {
			break
		}
		if time.Since(removed) > 2*time.Second {
			t.Fatal("removal not visible within 2 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dbState is everything a refused command must leave untouched.
func dbState(t *testing.T, dataDir string) string {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(dataDir, "dialtone.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b strings.Builder
	for _, table := range []string{"extensions", "admin_users", "audit_log", "config_version", "registrations", "settings"} {
		rows, err := s.DB().Query("SELECT * FROM " + table + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
		rows.Close()
	}
	return b.String()
}

func TestBadCLIInputChangesNothing(t *testing.T) {
	n := newNode(t)
	n.mustCLI("ext", "add", "101", "--name", "Alice", "--password", "correct-horse")
	n.mustCLI("admin", "add", "boss", "--password", "long-enough-pw")
	before := dbState(t, n.dataDir)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ext", "add", "1", "--password", "pw123456"}, "2 to 8 digits"},
		{[]string{"ext", "add", "123456789", "--password", "pw123456"}, "2 to 8 digits"},
		{[]string{"ext", "add", "10a", "--password", "pw123456"}, "only digits"},
		{[]string{"ext", "add", "102"}, "--password must not be empty"},
		{[]string{"ext", "add", "102", "--password", ""}, "--password must not be empty"},
		{[]string{"ext", "add", "101", "--password", "pw123456"}, "already exists"},
		{[]string{"ext", "add", "102", "--password", "pw123456", "--caller-id", "555"}, "E.164"},
		{[]string{"ext", "add", "102", "--password", "pw123456", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"ext", "add", "--password", "pw123456"}, "want ext add NUMBER"},
		{[]string{"ext", "add", "102", "103", "--password", "pw123456"}, "want ext add NUMBER"},
		{[]string{"ext", "add", "102", "--password", "pw", "--ring-timeout", "soon"}, "invalid value"},
		{[]string{"ext", "rm", "999"}, "not found"},
		{[]string{"ext", "rm"}, "want ext rm NUMBER"},
		{[]string{"ext", "passwd", "999", "--password", "pw123456"}, "not found"},
		{[]string{"ext", "passwd", "101"}, "--password must not be empty"},
		{[]string{"ext", "frob"}, "unknown sub-command"},
		{[]string{"admin", "add", "x", "--password", "short"}, "10 to 72 characters"},
		{[]string{"admin", "add", "bad name", "--password", "long-enough-pw"}, "may contain only"},
		{[]string{"admin", "add", "boss", "--password", "long-enough-pw"}, "already exists"},
		{[]string{"admin", "add", "v", "--password", "long-enough-pw", "--role", "root"}, "admin or viewer"},
		{[]string{"migrate", "sideways"}, "want up, down or status"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"ext", "list", "--sip-listen", "nope"}, "sip_listen (DIALTONE_SIP_LISTEN)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, "_"), func(t *testing.T) {
			out, errOut, code := n.cli(tt.args...)
			if code == 0 {
				t.Fatalf("exit 0, want failure; stdout %q", out)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Fatalf("stderr %q does not contain %q", errOut, tt.want)
			}
			if strings.Contains(firstLine(errOut), "panic") {
				t.Fatalf("panic: %s", errOut)
			}
		})
	}
	if after := dbState(t, n.dataDir); after != before {
		t.Fatalf("refused commands changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestBadConfigFailsBeforeListening(t *testing.T) {
	tests := []struct {
		env  string
		want string
	}{
		{"DIALTONE_SIP_LISTEN=nonsense", "sip_listen (DIALTONE_SIP_LISTEN)"},
		{"DIALTONE_RTP_PORTS=20000-10000", "rtp_ports (DIALTONE_RTP_PORTS)"},
		{"DIALTONE_PUBLIC_IP=999.1.1.1", "public_ip (DIALTONE_PUBLIC_IP)"},
		{"DIALTONE_LOG_FORMAT=xml", "log_format (DIALTONE_LOG_FORMAT)"},
		{"DIALTONE_DATABASE_URL=mysql://x", "database_url (DIALTONE_DATABASE_URL)"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			n := newNode(t, tt.env)
			dataDir := filepath.Join(n.dataDir, "fresh")
			n.env = append(n.env, "DIALTONE_DATA_DIR="+dataDir)
			_, errOut, code := n.cli("serve")
			if code == 0 || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q, want %q", code, errOut, tt.want)
			}
			if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
				t.Fatalf("bad config still created the data dir: %v", err)
			}
		})
	}
	// The same through the YAML file.
	n := newNode(t)
	f := filepath.Join(n.dataDir, "bad.yaml")
	if err := os.WriteFile(f, []byte("http_listen: 127.0.0.1:99999\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Let the file speak: drop the harness's DIALTONE_HTTP_LISTEN.
	var env []string
	for _, e := range n.env {
		if !strings.HasPrefix(e, "DIALTONE_HTTP_LISTEN=") {
			env = append(env, e)
		}
	}
	n.env = env
	_, errOut, code := n.cli("serve", "--config", f)
	if code == 0 || !strings.Contains(errOut, "http_listen") || !strings.Contains(errOut, "99999") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestMigrateCommands(t *testing.T) {
	n := newNode(t)
	out := n.mustCLI("migrate", "status")
	if !strings.Contains(out, "pending") {
		t.Fatalf("fresh database not pending:\n%s", out)
	}
	out = n.mustCLI("migrate", "up")
	if strings.Contains(out, "pending") || !strings.Contains(out, "applied") {
		t.Fatalf("after up:\n%s", out)
	}
	n.mustCLI("migrate", "down")
	if out := n.mustCLI("migrate", "status"); !strings.Contains(out, "pending") {
		t.Fatalf("after down:\n%s", out)
	}
}

func TestExtListJSON(t *testing.T) {
	n := newNode(t)
	n.mustCLI("ext", "add", "102", "--name", "Bob", "--password", "correct-horse", "--caller-id", "+15551230102")
	n.mustCLI("ext", "add", "101", "--name", "Alice", "--password", "correct-horse")
	n.mustCLI("ext", "passwd", "101", "--password", "battery-staple")
	var list []map[string]any
	if err := json.Unmarshal([]byte(n.mustCLI("ext", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0]["number"] != "101" || list[1]["caller_id"] != "+15551230102" {
		t.Fatalf("list = %v", list)
	}
	for _, e := range list {
		for k := range e {
			if strings.Contains(k, "ha1") || strings.Contains(k, "password") {
				t.Fatalf("secret field %q in ext list", k)
			}
		}
	}
	// The password is stored only as digest hashes.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(n.dataDir, "dialtone.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var md5, sha string
	if err := db.QueryRow("SELECT ha1_md5, ha1_sha256 FROM extensions WHERE number = '101'").Scan(&md5, &sha); err != nil {
		t.Fatal(err)
	}
	if len(md5) != 32 || len(sha) != 64 {
		t.Fatalf("hashes %q %q", md5, sha)
	}
}

func TestPostgresServeAndCLI(t *testing.T) {
	pg := testpg.Start(t)
	url := pg.NewDatabase(t)
	n := newNode(t, "DIALTONE_DATABASE_URL="+url)
	s := n.serve()
	if _, err := os.Stat(filepath.Join(n.dataDir, "dialtone.db")); err == nil {
		t.Fatal("SQLite file created although PostgreSQL was configured")
	}
	n.mustCLI("ext", "add", "201", "--name", "PG", "--password", "correct-horse")
	deadline := time.Now().Add(2 * time.Second)
	for {
		if _, body := n.get("/readyz"); body["extensions"] == float64(1) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("extension added on PostgreSQL not visible within 2 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if out := n.mustCLI("doctor"); !strings.Contains(out, "PostgreSQL reachable") {
		t.Fatalf("doctor:\n%s", out)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

func TestDoctorReportsProblems(t *testing.T) {
	n := newNode(t, "DIALTONE_TLS_CERT_FILE=/nonexistent/cert.pem", "DIALTONE_TLS_KEY_FILE=/nonexistent/key.pem")
	out, _, code := n.cli("doctor")
	if code == 0 || !strings.Contains(out, "FAIL tls") {
		t.Fatalf("doctor with missing TLS files: exit %d\n%s", code, out)
	}
	n = newNode(t)
	out, _, code = n.cli("doctor")
	if code != 0 || !strings.Contains(out, "database   "+n.dataDir) || !strings.Contains(out, "self-signed") {
		t.Fatalf("doctor on a fresh node: exit %d\n%s", code, out)
	}
}

func TestHelpAndVersion(t *testing.T) {
	n := newNode(t)
	out := n.mustCLI("help")
	for _, c := range []string{"serve", "migrate", "ext", "admin", "doctor", "version"} {
		if !strings.Contains(out, c) {
			t.Errorf("help does not list %s", c)
		}
	}
	if _, errOut, code := n.cli("ext", "add", "--help"); code != 0 || !strings.Contains(errOut, "-password") || !strings.Contains(errOut, "DIALTONE_DATA_DIR") {
		t.Errorf("ext add --help: exit %d\n%s", code, errOut)
	}
	if out := n.mustCLI("version"); !strings.HasPrefix(out, "dialtone ") {
		t.Errorf("version = %q", out)
	}
}

func openDB(t *testing.T, dataDir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(dataDir, "dialtone.db")))
	if err != nil {
		t.Fatal(err)
	}
	return db
}
