package admin

import (
	"bufio"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// cdrHeader is the first line of a CDR export.
var cdrHeader = []string{
	"id", "started_at", "answered_at", "ended_at", "duration_s", "billable_s",
	"caller_number", "caller_name", "callee_number", "callee_name", "disposition",
	"hangup_reason", "hangup_side", "codec_a", "codec_b",
	"packets_a", "packets_b", "lost_a", "lost_b", "loss_a_pct", "loss_b_pct",
	"jitter_a_ms", "jitter_b_ms", "mos_a", "mos_b", "node", "call_id",
}

// exportCDRs streams every CDR matching the filter as CSV. Rows go from
// the database cursor to the connection one at a time through fixed
// buffers, so the memory used does not grow with the number of rows.
func (s *Server) exportCDRs(c echo.Context) error {
	q := c.QueryParams()
	q.Del("limit")
	q.Del("offset")
	f, fe := parseCDRFilter(q, time.Local)
	if err := fe.err(); err != nil {
		return err
	}
	f.Limit, f.Offset = 0, 0
	w := c.Response()
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="dialtone-cdrs-`+s.now().Format("20060102-150405")+`.csv"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)

	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	ctx := c.Request().Context()
	rec := make([]string, len(cdrHeader))
	rows := 0
	err := cw.Write(cdrHeader)
	if err == nil {
		err = s.st.EachCDR(ctx, f, func(x store.CDR) error {
			cdrRecord(rec, x)
			rows++
			return cw.Write(rec)
		})
	}
	cw.Flush()
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		// The status is sent: all that is left is to cut the stream short,
		// which the client sees as a failed download, not a short file.
		if ctx.Err() != nil {
			s.log.Debug("CDR export ended by the client", "rows", rows)
			return nil
		}
		s.log.Error("CDR export failed", "rows", rows, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(time.RFC3339)
}

func csvFloat(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

func cdrRecord(rec []string, x store.CDR) {
	rec[0] = csvText(x.ID)
	rec[1] = csvTime(x.StartedAt)
	rec[2] = csvTime(x.AnsweredAt)
	rec[3] = csvTime(x.EndedAt)
	rec[4] = csvFloat(x.Duration.Seconds(), 3)
	rec[5] = csvFloat(x.Billable.Seconds(), 3)
	rec[6] = csvNumber(x.CallerNumber)
	rec[7] = csvText(x.CallerName)
	rec[8] = csvNumber(x.CalleeNumber)
	rec[9] = csvText(x.CalleeName)
	rec[10] = csvText(x.Disposition)
	rec[11] = csvText(x.HangupReason)
	rec[12] = csvText(x.HangupSide)
	rec[13] = csvText(x.CodecA)
	rec[14] = csvText(x.CodecB)
	rec[15] = strconv.FormatInt(x.PacketsA, 10)
	rec[16] = strconv.FormatInt(x.PacketsB, 10)
	rec[17] = strconv.FormatInt(x.LostA, 10)
	rec[18] = strconv.FormatInt(x.LostB, 10)
	rec[19] = csvFloat(lossPct(x.LostA, x.PacketsA), 2)
	rec[20] = csvFloat(lossPct(x.LostB, x.PacketsB), 2)
	rec[21] = csvFloat(float64(x.JitterA.Microseconds())/1000, 3)
	rec[22] = csvFloat(float64(x.JitterB.Microseconds())/1000, 3)
	rec[23] = csvFloat(x.MOSA, 2)
	rec[24] = csvFloat(x.MOSB, 2)
	rec[25] = csvText(x.Node)
	rec[26] = csvText(x.CallID)
}

// csvText defuses formula injection: a spreadsheet runs a cell that starts
// with = + - or @ (a caller name is whatever the caller sent), so such a
// cell gets a leading apostrophe.
func csvText(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// csvNumber leaves telephone numbers (+15551234567, *97, 101#) alone and
// treats anything else as text.
func csvNumber(v string) string {
	for i, r := range v {
		if !(r >= '0' && r <= '9' || r == '*' || r == '#' || r == '+' && i == 0) {
			return csvText(v)
		}
	}
	return v
}
