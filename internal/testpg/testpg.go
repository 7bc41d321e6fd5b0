// Package testpg starts a real, private PostgreSQL server for tests: in a
// temporary directory, on a free loopback port, with durability off for
// speed, stopped and removed when the test ends. No mocks of the database.
//
// DIALTONE_TEST_POSTGRES_URL points tests at an existing server instead.
// Without PostgreSQL installed the test is skipped, unless
// DIALTONE_TEST_STRICT=1 (set by `make test`), where it fails.
package testpg

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a running PostgreSQL.
type Server struct {
	// URL of the maintenance database; use NewDatabase for a fresh one.
	URL  string
	next atomic.Int64
}

// Start returns a running server, stopped at the end of t.
func Start(t testing.TB) *Server {
	t.Helper()
	if u := os.Getenv("DIALTONE_TEST_POSTGRES_URL"); u != "" {
		return &Server{URL: u}
	}
	bin := binDir()
	if bin == "" {
		if os.Getenv("DIALTONE_TEST_STRICT") == "1" {
			t.Fatal("testpg: PostgreSQL server binaries not found (run scripts/install-deps.sh)")
		}
		t.Skip("testpg: PostgreSQL not installed; run `make test` to install it")
	}
	dir, err := os.MkdirTemp("", "dialtone-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// initdb refuses to run as root: give the directory to postgres.
	runAs := func(name string, args ...string) *exec.Cmd {
		return exec.Command(filepath.Join(bin, name), args...)
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("testpg: running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		runAs = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)...)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := runAs("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("testpg: initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	opts := fmt.Sprintf("-p %d -h 127.0.0.1 -k %s -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200", port, dir)
	if out, err := runAs("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "30", "-o", opts, "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		t.Fatalf("testpg: pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	t.Cleanup(func() {
		if out, err := runAs("pg_ctl", "-D", data, "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
			t.Logf("testpg: pg_ctl stop: %v\n%s", err, out)
		}
	})
	return &Server{URL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)}
}

// NewDatabase creates an empty database on s and returns its URL.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL)
	if err != nil {
		t.Fatalf("testpg: connect: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("dialtone_%d_%d", os.Getpid(), s.next.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("testpg: create database: %v", err)
	}
	cfg, err := pgx.ParseConfig(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name)
}

func binDir() string {
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(m) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p)
		}
		return ""
	}
	sort.Strings(m)
	return filepath.Dir(m[len(m)-1])
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
