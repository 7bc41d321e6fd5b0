package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

type cdrJSON struct {
	ID           string  `json:"id"`
	Node         string  `json:"node"`
	CallID       string  `json:"call_id"`
	StartedAt    string  `json:"started_at"`
	AnsweredAt   string  `json:"answered_at,omitempty"`
	EndedAt      string  `json:"ended_at"`
	DurationMS   int64   `json:"duration_ms"`
	BillsecMS    int64   `json:"billsec_ms"`
	CallerNumber string  `json:"caller_number"`
	CallerName   string  `json:"caller_name"`
	CalleeNumber string  `json:"callee_number"`
	CalleeName   string  `json:"callee_name"`
	Disposition  string  `json:"disposition"`
	HangupReason string  `json:"hangup_reason"`
	HangupSide   string  `json:"hangup_side"`
	CodecA       string  `json:"codec_a"`
	CodecB       string  `json:"codec_b"`
	PacketsA     int64   `json:"packets_a"`
	PacketsB     int64   `json:"packets_b"`
	LostA        int64   `json:"lost_a"`
	LostB        int64   `json:"lost_b"`
	JitterAMS    float64 `json:"jitter_a_ms"`
	JitterBMS    float64 `json:"jitter_b_ms"`
	MOSA         float64 `json:"mos_a"`
	MOSB         float64 `json:"mos_b"`
}

const cdrTimeJSON = "2006-01-02T15:04:05.000Z07:00" // the store keeps milliseconds

func toCDRJSON(c store.CDR) cdrJSON {
	j := cdrJSON{
		ID: c.ID, Node: c.Node, CallID: c.CallID,
		StartedAt: c.StartedAt.UTC().Format(cdrTimeJSON), EndedAt: c.EndedAt.UTC().Format(cdrTimeJSON),
		DurationMS: c.Duration.Milliseconds(), BillsecMS: c.Billable.Milliseconds(),
		CallerNumber: c.CallerNumber, CallerName: c.CallerName, CalleeNumber: c.CalleeNumber, CalleeName: c.CalleeName,
		Disposition: c.Disposition, HangupReason: c.HangupReason, HangupSide: c.HangupSide,
		CodecA: c.CodecA, CodecB: c.CodecB, PacketsA: c.PacketsA, PacketsB: c.PacketsB, LostA: c.LostA, LostB: c.LostB,
		JitterAMS: float64(c.JitterA.Microseconds()) / 1000, JitterBMS: float64(c.JitterB.Microseconds()) / 1000,
		MOSA: c.MOSA, MOSB: c.MOSB,
	}
	if !c.AnsweredAt.IsZero() {
		j.AnsweredAt = c.AnsweredAt.UTC().Format(cdrTimeJSON)
	}
	return j
}

const maxCDRLimit = 100000

// cmdCdr lists call detail records from the store, newest first. It reads
// the database only, so it works beside a running server; records still
// in a server's spool appear once the server has stored them.
func cmdCdr(ctx context.Context, c *cli, args []string) error {
	const usage = "cdr list [--json] [--since DURATION|TIME] [--number N] [--limit N]"
	if len(args) == 0 || args[0] != "list" {
		return usagef("want %s", usage)
	}
	fs := c.newFlagSet("cdr list", usage)
	asJSON := fs.Bool("json", false, "print JSON")
	since := fs.String("since", "", "only calls started in the last DURATION (90m, 24h, 7d) or since TIME (2026-05-04, RFC 3339)")
	number := fs.String("number", "", "only calls from or to this number")
	limit := fs.Int("limit", 100, fmt.Sprintf("at most this many records (1 to %d)", maxCDRLimit))
	cfg, pos, err := c.parseWithConfig(fs, args[1:])
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, usage); err != nil {
		return err
	}
	from, err := parseSince(*since, time.Now())
	if err != nil {
		return &usageError{err.Error()}
	}
	if *limit < 1 || *limit > maxCDRLimit {
		return usagef("--limit %d: want 1 to %d", *limit, maxCDRLimit)
	}
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	cdrs, err := s.ListCDRs(ctx, store.CDRFilter{Since: from, Number: strings.TrimSpace(*number), Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]cdrJSON, 0, len(cdrs))
		for _, r := range cdrs {
			out = append(out, toCDRJSON(r))
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "START\tCALLER\tCALLEE\tDISPOSITION\tDURATION\tBILLSEC\tREASON\tCODECS\tPACKETS/LOST")
	for _, r := range cdrs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			r.StartedAt.Local().Format("2006-01-02 15:04:05"), party(r.CallerNumber, r.CallerName), party(r.CalleeNumber, r.CalleeName),
			r.Disposition, seconds(r.Duration), seconds(r.Billable), hangup(r.HangupReason, r.HangupSide),
			codecs(r.CodecA, r.CodecB), packets(r))
	}
	return tw.Flush()
}

// parseSince reads --since: a duration back from now (Go syntax, plus a
// leading number of days: 7d, 1d12h), a date (local midnight) or an
// RFC 3339 time. "" means no bound.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	bad := func(why string) error {
		return fmt.Errorf("--since %q: %s; want a duration such as 90m, 24h or 7d, or a time such as 2026-05-04 or 2026-05-04T08:00:00Z", s, why)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, time.Local); err == nil {
		return t, nil
	}
	var d time.Duration
	rest := s
	if i := strings.IndexByte(s, 'd'); i > 0 {
		days, err := strconv.Atoi(s[:i])
		if err != nil || days < 0 || days > 100*366 {
			return time.Time{}, bad("not a duration or a time")
		}
		d, rest = time.Duration(days)*24*time.Hour, s[i+1:]
	}
	if rest != "" {
		x, err := time.ParseDuration(rest)
		if err != nil {
			return time.Time{}, bad("not a duration or a time")
		}
		if d > 0 && x < 0 {
			return time.Time{}, bad("not a duration or a time")
		}
		d += x
	}
	if d <= 0 {
		return time.Time{}, bad("the duration must be positive")
	}
	return now.Add(-d), nil
}

func party(number, name string) string {
	switch {
	case number == "" && name == "":
		return "-"
	case name == "":
		return number
	}
	return fmt.Sprintf("%s <%s>", name, number)
}

// seconds rounds to whole seconds, as billing records show them.
func seconds(d time.Duration) string {
	return strconv.FormatInt(int64(d.Round(time.Second)/time.Second), 10)
}

func hangup(reason, side string) string {
	if reason == "" {
		return "-"
	}
	if side == "" || side == "unknown" {
		return reason
	}
	return reason + " (" + side + ")"
}

func codecs(a, b string) string {
	if a == "" && b == "" {
		return "-"
	}
	return cmp.Or(a, "-") + "/" + cmp.Or(b, "-")
}

func packets(r store.CDR) string {
	if r.PacketsA == 0 && r.PacketsB == 0 && r.LostA == 0 && r.LostB == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d %d/%d", r.PacketsA, r.LostA, r.PacketsB, r.LostB)
}
