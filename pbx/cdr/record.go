// Package cdr makes call detail records and writes them so that none is
// ever lost: Record turns what call control knows at the end of an attempt
// into a store.CDR, and Writer puts it in a write-ahead spool on disk
// (fsync'd before Write returns) before inserting it into the store,
// replaying the spool after a crash.
package cdr

import (
	"fmt"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Party is one end of a call as the CDR names it.
type Party struct {
	Number string
	Name   string
}

// Leg is what media measured on one leg of the call.
type Leg struct {
	Codec   string
	Packets int64 // RTP packets received from the leg
	Lost    int64 // of those, lost on the way (from sequence numbers and RTCP)
	Jitter  time.Duration
	MOS     float64
}

// Record is a call attempt as call control sees it when the attempt ends.
// Leg A is the caller's, leg B the callee's.
type Record struct {
	// ID identifies the attempt; NewID(Start) when empty. Make it at call
	// start to log it with the call.
	ID     string
	Node   string
	CallID string // the A-leg's Call-ID
	// Start is when the INVITE arrived, Answer when the callee's 200 did
	// (zero when never answered), End when the attempt ended. Times taken
	// from time.Now in this process carry the monotonic clock, so Duration
	// and Billable do not jump with the wall clock.
	Start, Answer, End time.Time
	Caller, Callee     Party
	Reason             Reason
	Side               Side
	A, B               Leg
}

// CDR is the row the store keeps for r. It never fails, since a CDR with
// odd times beats a lost one: an End before Start is taken as Start, an
// Answer outside [Start, End] is clamped into it. Duration is End-Start,
// Billable End-Answer (0 when unanswered); the disposition follows from the
// reason and whether the call was answered.
func (r Record) CDR() store.CDR {
	if r.End.Before(r.Start) {
		r.End = r.Start
	}
	answered := !r.Answer.IsZero()
	if answered {
		if r.Answer.Before(r.Start) {
			r.Answer = r.Start
		}
		if r.Answer.After(r.End) {
			r.Answer = r.End
		}
	}
	c := store.CDR{
		ID:           r.ID,
		Node:         r.Node,
		CallID:       r.CallID,
		StartedAt:    r.Start,
		AnsweredAt:   r.Answer,
		EndedAt:      r.End,
		Duration:     r.End.Sub(r.Start),
		CallerNumber: r.Caller.Number,
		CallerName:   r.Caller.Name,
		CalleeNumber: r.Callee.Number,
		CalleeName:   r.Callee.Name,
		Disposition:  r.Reason.Disposition(answered),
		HangupReason: r.Reason.String(),
		HangupSide:   r.Side.String(),
		CodecA:       r.A.Codec,
		CodecB:       r.B.Codec,
		PacketsA:     r.A.Packets,
		PacketsB:     r.B.Packets,
		LostA:        r.A.Lost,
		LostB:        r.B.Lost,
		JitterA:      r.A.Jitter,
		JitterB:      r.B.Jitter,
		MOSA:         r.A.MOS,
		MOSB:         r.B.MOS,
	}
	if answered {
		c.Billable = r.End.Sub(r.Answer)
	}
	if c.ID == "" {
		c.ID = NewID(r.Start)
	}
	return c
}

// maxIDLen bounds an id; a UUID has 36 characters.
const maxIDLen = 64

// Validate reports why the store would refuse c, before it is spooled: a
// record the store can never take must fail at Write, not sit in the
// spool. Errors wrap store.ErrInvalid.
func Validate(c store.CDR) error {
	switch {
	case c.ID == "" || len(c.ID) > maxIDLen:
		return fmt.Errorf("cdr: %w: id %q must have 1 to %d characters", store.ErrInvalid, c.ID, maxIDLen)
	case c.Disposition == "":
		return fmt.Errorf("cdr: %w: %s has no disposition", store.ErrInvalid, c.ID)
	case c.StartedAt.IsZero() || c.EndedAt.IsZero():
		return fmt.Errorf("cdr: %w: %s needs a start and an end time", store.ErrInvalid, c.ID)
	}
	return nil
}
