package cdr

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// The spool is a directory of segment files, spool-<seq>.jsonl, each a
// sequence of JSON lines (one CDR each) appended with O_APPEND and fsync'd.
// Only the newest segment is appended to; a segment is deleted once every
// record in it is in the store. Stored records are not marked one by one:
// after a crash the surviving segments are replayed whole and the store's
// ErrExists for a known id makes that idempotent.
const (
	segPrefix    = "spool-"
	segSuffix    = ".jsonl"
	lockName     = "lock"
	rejectedName = "rejected.jsonl" // records the store refused as invalid
	corruptExt   = ".corrupt"       // a segment with unreadable lines, kept for inspection
	fileMode     = 0o640            // CDRs hold phone numbers: not world-readable
	dirMode      = 0o750
)

func segName(seq uint64) string { return fmt.Sprintf("%s%020d%s", segPrefix, seq, segSuffix) }

// segSeq parses a segment file name.
func segSeq(name string) (uint64, bool) {
	if !strings.HasPrefix(name, segPrefix) || !strings.HasSuffix(name, segSuffix) {
		return 0, false
	}
	n, err := strconv.ParseUint(name[len(segPrefix):len(name)-len(segSuffix)], 10, 64)
	return n, err == nil
}

// line is the on-disk form of one CDR. Its field names are the format,
// independent of store.CDR's Go names; v changes if the meaning does.
type line struct {
	V            int       `json:"v"`
	ID           string    `json:"id"`
	Node         string    `json:"node,omitzero"`
	CallID       string    `json:"call_id,omitzero"`
	StartedAt    time.Time `json:"started_at"`
	AnsweredAt   time.Time `json:"answered_at,omitzero"`
	EndedAt      time.Time `json:"ended_at"`
	DurationNS   int64     `json:"duration_ns"`
	BillableNS   int64     `json:"billable_ns"`
	CallerNumber string    `json:"caller_number,omitzero"`
	CallerName   string    `json:"caller_name,omitzero"`
	CalleeNumber string    `json:"callee_number,omitzero"`
	CalleeName   string    `json:"callee_name,omitzero"`
	Disposition  string    `json:"disposition"`
	HangupReason string    `json:"hangup_reason,omitzero"`
	HangupSide   string    `json:"hangup_side,omitzero"`
	CodecA       string    `json:"codec_a,omitzero"`
	CodecB       string    `json:"codec_b,omitzero"`
	PacketsA     int64     `json:"packets_a,omitzero"`
	PacketsB     int64     `json:"packets_b,omitzero"`
	LostA        int64     `json:"lost_a,omitzero"`
	LostB        int64     `json:"lost_b,omitzero"`
	JitterANS    int64     `json:"jitter_a_ns,omitzero"`
	JitterBNS    int64     `json:"jitter_b_ns,omitzero"`
	MOSA         float64   `json:"mos_a,omitzero"`
	MOSB         float64   `json:"mos_b,omitzero"`
}

const lineVersion = 1

// encodeLine renders c as one newline-terminated JSON line. JSON escapes
// control characters inside strings, so the only newline is the last byte.
func encodeLine(c store.CDR) ([]byte, error) {
	b, err := json.Marshal(line{
		V: lineVersion, ID: c.ID, Node: c.Node, CallID: c.CallID,
		StartedAt: c.StartedAt, AnsweredAt: c.AnsweredAt, EndedAt: c.EndedAt,
		DurationNS: int64(c.Duration), BillableNS: int64(c.Billable),
		CallerNumber: c.CallerNumber, CallerName: c.CallerName, CalleeNumber: c.CalleeNumber, CalleeName: c.CalleeName,
		Disposition: c.Disposition, HangupReason: c.HangupReason, HangupSide: c.HangupSide,
		CodecA: c.CodecA, CodecB: c.CodecB, PacketsA: c.PacketsA, PacketsB: c.PacketsB, LostA: c.LostA, LostB: c.LostB,
		JitterANS: int64(c.JitterA), JitterBNS: int64(c.JitterB), MOSA: c.MOSA, MOSB: c.MOSB,
	})
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func decodeLine(b []byte) (store.CDR, error) {
	var l line
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(&l); err != nil {
		return store.CDR{}, err
	}
	if d.More() {
		return store.CDR{}, errors.New("data after the record")
	}
	if l.V != lineVersion {
		return store.CDR{}, fmt.Errorf("unknown record version %d", l.V)
	}
	c := store.CDR{
		ID: l.ID, Node: l.Node, CallID: l.CallID,
		StartedAt: l.StartedAt, AnsweredAt: l.AnsweredAt, EndedAt: l.EndedAt,
		Duration: time.Duration(l.DurationNS), Billable: time.Duration(l.BillableNS),
		CallerNumber: l.CallerNumber, CallerName: l.CallerName, CalleeNumber: l.CalleeNumber, CalleeName: l.CalleeName,
		Disposition: l.Disposition, HangupReason: l.HangupReason, HangupSide: l.HangupSide,
		CodecA: l.CodecA, CodecB: l.CodecB, PacketsA: l.PacketsA, PacketsB: l.PacketsB, LostA: l.LostA, LostB: l.LostB,
		JitterA: time.Duration(l.JitterANS), JitterB: time.Duration(l.JitterBNS), MOSA: l.MOSA, MOSB: l.MOSB,
	}
	return c, Validate(c)
}

// badLine is a line of a segment that could not be read back.
type badLine struct {
	n    int // 1-based line number
	last bool
	err  error
}

// readSegment returns the records of one segment in order, and the lines
// it had to skip. Only an I/O error fails it.
func readSegment(path string) ([]store.CDR, []badLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	var recs []store.CDR
	var bad []badLine
	for n := 1; ; n++ {
		b, err := r.ReadBytes('\n')
		if len(b) > 0 {
			last := err == io.EOF
			if c, derr := decodeLine(b); derr != nil {
				bad = append(bad, badLine{n: n, last: last, err: derr})
			} else {
				recs = append(recs, c)
			}
		}
		if err == io.EOF {
			return recs, bad, nil
		}
		if err != nil {
			return recs, bad, err
		}
	}
}

// listSegments returns the sequence numbers of the segments in dir, oldest first.
func listSegments(dir string) ([]uint64, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var seqs []uint64
	for _, e := range ents {
		if seq, ok := segSeq(e.Name()); ok && e.Type().IsRegular() {
			seqs = append(seqs, seq)
		}
	}
	slices.Sort(seqs)
	return seqs, nil
}

// syncDir makes a file creation or rename in dir durable (fsync(2) of the
// file does not cover its directory entry).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// appendSynced appends b to the file at path, creating it, and fsyncs it.
func appendSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, fileMode)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	return err
}
