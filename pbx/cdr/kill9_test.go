//go:build unix

package cdr

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// heldStore passes inserts through to a real store until hold is set,
// then holds them until their context ends: the database is hanging.
type heldStore struct {
	Store
	hold chan struct{}
}

func (h *heldStore) InsertCDR(ctx context.Context, c store.CDR) error {
	select {
	case <-h.hold:
		<-ctx.Done()
		return ctx.Err()
	default:
		return h.Store.InsertCDR(ctx, c)
	}
}

const (
	kill9Spool = "DIALTONE_CDR_KILL9_SPOOL"
	kill9DB    = "DIALTONE_CDR_KILL9_DB"
)

// TestKill9 runs a child process that writes 20 CDRs through a Writer into
// SQLite, the last 10 while the database hangs, and kills itself with
// SIGKILL right after the last Write returns. After the restart all 20
// are in the database, once each.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "dialtone.db")
	spool := filepath.Join(dir, "cdr-spool")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKill9Child$", "-test.count=1")
	cmd.Env = append(os.Environ(), kill9Spool+"="+spool, kill9DB+"="+db)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var ids []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "written "); ok {
			ids = append(ids, id)
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die of SIGKILL: %v", err)
	}
	if len(ids) != 20 {
		t.Fatalf("child acknowledged %d writes", len(ids))
	}

	st := openSQLite(t, db)
	defer st.Close()
	before := len(countByID(t, st))
	w := openWriter(t, spool, st)
	defer w.Close()
	counts := countByID(t, st)
	for _, id := range ids {
		if counts[id] != 1 {
			t.Errorf("%s: %d rows after restart", id, counts[id])
		}
	}
	t.Logf("%d of 20 were in SQLite at the kill; the spool replayed %d (%d already stored)", before, w.Stats().Replayed, w.Stats().Duplicates)
	if before >= 20 {
		t.Error("the hanging database should have kept some records out of SQLite before the kill")
	}
}

// TestKill9Child is the child of TestKill9; it does nothing on its own.
func TestKill9Child(t *testing.T) {
	spool, db := os.Getenv(kill9Spool), os.Getenv(kill9DB)
	if spool == "" || db == "" {
		t.Skip("run by TestKill9")
	}
	st := openSQLite(t, db)
	hs := &heldStore{Store: st, hold: make(chan struct{})}
	w, err := Open(context.Background(), spool, hs, nil)
	if err != nil {
		t.Fatal(err)
	}
	go w.Run(context.Background()) //nolint:errcheck // killed before it returns
	for i := range 20 {
		if i == 10 {
			time.Sleep(50 * time.Millisecond) // let the first ten reach SQLite
			close(hs.hold)
		}
		start := time.Now()
		c := Record{Node: "child", Start: start, Answer: start, End: start.Add(time.Second), Reason: ReasonNormal, Side: SideCallee,
			Caller: Party{Number: "101"}, Callee: Party{Number: fmt.Sprint(200 + i)}}.CDR()
		if err := w.Write(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("written %s\n", c.ID)
	}
	os.Stdout.Sync()
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // the signal arrives
}
