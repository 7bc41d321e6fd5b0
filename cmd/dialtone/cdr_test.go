package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
)

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	midnight, _ := time.ParseInLocation(time.DateOnly, "2026-05-01", time.Local)
	tests := []struct {
		in   string
		want time.Time
		err  string // substring; "" for success
	}{
		{"", time.Time{}, ""},
		{"90m", now.Add(-90 * time.Minute), ""},
		{" 24h ", now.Add(-24 * time.Hour), ""},
		{"1h30m", now.Add(-90 * time.Minute), ""},
		{"7d", now.Add(-7 * 24 * time.Hour), ""},
		{"1d12h", now.Add(-36 * time.Hour), ""},
		{"2026-05-04T08:00:00Z", time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC), ""},
		{"2026-05-04T10:00:00.5+02:00", time.Date(2026, 5, 4, 8, 0, 0, 5e8, time.UTC), ""},
		{"2026-05-01", midnight, ""},
		{"yesterday", time.Time{}, `--since "yesterday": not a duration or a time; want a duration such as 90m, 24h or 7d`},
		{"7", time.Time{}, "not a duration or a time"},
		{"d", time.Time{}, "not a duration or a time"},
		{"xd", time.Time{}, "not a duration or a time"},
		{"7dd", time.Time{}, "not a duration or a time"},
		{"1d-2h", time.Time{}, "not a duration or a time"},
		{"-1h", time.Time{}, "the duration must be positive"},
		{"0s", time.Time{}, "the duration must be positive"},
		{"0d", time.Time{}, "the duration must be positive"},
		{"99999d", time.Time{}, "not a duration or a time"},
		{"2026-13-01", time.Time{}, "not a duration or a time"},
		{"2026-05-04 08:00", time.Time{}, "not a duration or a time"},
	}
	for _, tc := range tests {
		got, err := parseSince(tc.in, now)
		if tc.err == "" {
			if err != nil || !got.Equal(tc.want) {
				t.Errorf("parseSince(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("parseSince(%q) error = %v, want it to contain %q", tc.in, err, tc.err)
		}
	}
}

// TestCdrList runs the command in-process against a SQLite file.
func TestCdrList(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "dialtone.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Truncate(time.Millisecond)
	for _, c := range []store.CDR{
		{ID: "a", Node: "n1", StartedAt: now.Add(-48 * time.Hour), EndedAt: now.Add(-48*time.Hour + time.Second),
			CallerNumber: "101", CalleeNumber: "199", Disposition: store.DispositionFailed, HangupReason: "not_found", HangupSide: "system"},
		{ID: "b", Node: "n1", StartedAt: now.Add(-time.Hour), AnsweredAt: now.Add(-time.Hour + 5*time.Second), EndedAt: now.Add(-time.Hour + 65*time.Second),
			Duration: 65 * time.Second, Billable: 60 * time.Second, CallerNumber: "101", CallerName: "Alice", CalleeNumber: "102", CalleeName: "Bob",
			Disposition: store.DispositionAnswered, HangupReason: "normal", HangupSide: "caller", CodecA: "PCMU", CodecB: "PCMU",
			PacketsA: 3000, PacketsB: 2990, LostB: 10, JitterA: 1500 * time.Microsecond},
		{ID: "c", Node: "n1", StartedAt: now.Add(-time.Minute), EndedAt: now.Add(-time.Minute + 30*time.Second), Duration: 30 * time.Second,
			CallerNumber: "103", CalleeNumber: "104", Disposition: store.DispositionNoAnswer, HangupReason: "no_answer", HangupSide: "system"},
	} {
		if err := st.InsertCDR(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	env := func(k string) string {
		if k == "DIALTONE_DATA_DIR" {
			return dir
		}
		return ""
	}
	cdr := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(ctx, append([]string{"cdr"}, args...), strings.NewReader(""), &out, &errb, env)
		return code, out.String(), errb.String()
	}

	code, out, errs := cdr("list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "START") || !strings.Contains(lines[0], "PACKETS/LOST") {
		t.Fatalf("table:\n%s", out)
	}
	for _, want := range []string{"Alice <101>", "Bob <102>", "ANSWERED", " 65 ", " 60 ", "normal (caller)", "PCMU/PCMU", "3000/0 2990/10"} {
		if !strings.Contains(lines[2], want) {
			t.Errorf("row %q lacks %q", lines[2], want)
		}
	}
	if !strings.Contains(lines[1], "NO ANSWER") || !strings.Contains(lines[3], "not_found (system)") {
		t.Errorf("not newest first:\n%s", out)
	}

	code, out, errs = cdr("list", "--json", "--since", "2h")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []cdrJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "c" || got[1].ID != "b" || got[1].BillsecMS != 60000 || got[1].JitterAMS != 1.5 ||
		got[0].AnsweredAt != "" || got[1].AnsweredAt == "" || got[1].CalleeName != "Bob" {
		t.Errorf("json: %+v", got)
	}

	if code, out, _ = cdr("list", "--json", "--number", "102", "--limit", "5"); code != 0 || !strings.Contains(out, `"id": "b"`) || strings.Contains(out, `"id": "c"`) {
		t.Errorf("--number: exit %d\n%s", code, out)
	}
	if code, out, _ = cdr("list", "--json", "--number", "555"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("no match: exit %d %q", code, out)
	}
	if code, out, _ = cdr("list", "--limit", "1"); code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("--limit 1: exit %d\n%s", code, out)
	}

	for _, bad := range []struct {
		args []string
		msg  string
	}{
		{[]string{"list", "--since", "yesterday"}, `dialtone cdr list: --since "yesterday": not a duration or a time`},
		{[]string{"list", "--since", "-5m"}, "must be positive"},
		{[]string{"list", "--limit", "0"}, "--limit 0: want 1 to 100000"},
		{[]string{"list", "extra"}, "want cdr list"},
		{[]string{"show"}, "want cdr list"},
		{nil, "want cdr list"},
	} {
		code, _, errs := cdr(bad.args...)
		if code != 2 || !strings.Contains(errs, bad.msg) {
			t.Errorf("cdr %v: exit %d, stderr %q; want 2 and %q", bad.args, code, errs, bad.msg)
		}
	}
}
