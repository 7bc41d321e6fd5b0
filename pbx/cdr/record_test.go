package cdr

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func TestRecordCDR(t *testing.T) {
	start := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return start.Add(d) }
	tests := []struct {
		name        string
		r           Record
		answer      time.Time // stored AnsweredAt
		end         time.Time
		duration    time.Duration
		billable    time.Duration
		disposition string
	}{
		{"answered", Record{Start: start, Answer: at(5 * time.Second), End: at(65 * time.Second), Reason: ReasonNormal},
			at(5 * time.Second), at(65 * time.Second), 65 * time.Second, 60 * time.Second, store.DispositionAnswered},
		{"answered, dropped for no RTP", Record{Start: start, Answer: at(time.Second), End: at(61 * time.Second), Reason: ReasonRTPTimeout},
			at(time.Second), at(61 * time.Second), 61 * time.Second, 60 * time.Second, store.DispositionAnswered},
		{"no answer", Record{Start: start, End: at(30 * time.Second), Reason: ReasonNoAnswer},
			time.Time{}, at(30 * time.Second), 30 * time.Second, 0, store.DispositionNoAnswer},
		{"cancelled", Record{Start: start, End: at(4500 * time.Millisecond), Reason: ReasonCallerCancelled},
			time.Time{}, at(4500 * time.Millisecond), 4500 * time.Millisecond, 0, store.DispositionCanceled},
		{"busy", Record{Start: start, End: at(time.Second), Reason: ReasonBusy},
			time.Time{}, at(time.Second), time.Second, 0, store.DispositionBusy},
		{"unknown number", Record{Start: start, End: at(20 * time.Millisecond), Reason: ReasonNotFound},
			time.Time{}, at(20 * time.Millisecond), 20 * time.Millisecond, 0, store.DispositionFailed},
		{"end before start", Record{Start: start, End: at(-time.Second), Reason: ReasonFailed},
			time.Time{}, start, 0, 0, store.DispositionFailed},
		{"answer before start", Record{Start: start, Answer: at(-time.Second), End: at(10 * time.Second), Reason: ReasonNormal},
			start, at(10 * time.Second), 10 * time.Second, 10 * time.Second, store.DispositionAnswered},
		{"answer after end", Record{Start: start, Answer: at(20 * time.Second), End: at(10 * time.Second), Reason: ReasonNormal},
			at(10 * time.Second), at(10 * time.Second), 10 * time.Second, 0, store.DispositionAnswered},
		{"unclassified", Record{Start: start, End: at(time.Second)},
			time.Time{}, at(time.Second), time.Second, 0, store.DispositionFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.r.CDR()
			if !c.AnsweredAt.Equal(tc.answer) || !c.EndedAt.Equal(tc.end) {
				t.Errorf("answered %v ended %v, want %v %v", c.AnsweredAt, c.EndedAt, tc.answer, tc.end)
			}
			if c.Duration != tc.duration || c.Billable != tc.billable {
				t.Errorf("duration %v billable %v, want %v %v", c.Duration, c.Billable, tc.duration, tc.billable)
			}
			if c.Disposition != tc.disposition {
				t.Errorf("disposition %q, want %q", c.Disposition, tc.disposition)
			}
			if c.HangupReason != tc.r.Reason.String() || c.HangupSide != "unknown" {
				t.Errorf("reason %q side %q", c.HangupReason, c.HangupSide)
			}
			if err := Validate(c); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestRecordCDRFields(t *testing.T) {
	c := testCDR(7)
	want := store.CDR{
		ID: c.ID, Node: "node-a", CallID: "call-7@pbx",
		StartedAt: t0.Add(7 * time.Second), AnsweredAt: t0.Add(10 * time.Second), EndedAt: t0.Add(70 * time.Second),
		Duration: 63 * time.Second, Billable: 60 * time.Second,
		CallerNumber: "101", CallerName: "Alice", CalleeNumber: "102", CalleeName: "Bob",
		Disposition: "ANSWERED", HangupReason: "normal", HangupSide: "caller",
		CodecA: "PCMU", CodecB: "PCMA", PacketsA: 3000, PacketsB: 2999, LostA: 1,
		JitterA: 2 * time.Millisecond, MOSA: 4.3,
	}
	if c != want {
		t.Fatalf("got  %+v\nwant %+v", c, want)
	}
	if id := (Record{Start: c.StartedAt, End: c.EndedAt}).CDR().ID; !strings.HasPrefix(id, "019df") { // 2026-05-04 in Unix ms, hex
		t.Errorf("id %s does not start with the start time", id)
	}
	if c2 := (Record{ID: "given", Start: t0, End: t0}).CDR(); c2.ID != "given" {
		t.Errorf("a given id was replaced: %s", c2.ID)
	}
}

// TestRecordMonotonic checks durations come from the monotonic clock when
// the times carry it, so a wall-clock step during a call changes nothing.
func TestRecordMonotonic(t *testing.T) {
	start := time.Now()
	end := start.Add(90 * time.Second)
	r := Record{Start: start, Answer: start.Add(10 * time.Second), End: end, Reason: ReasonNormal}
	if c := r.CDR(); c.Duration != 90*time.Second || c.Billable != 80*time.Second {
		t.Fatalf("duration %v billable %v", c.Duration, c.Billable)
	}
}

func TestValidate(t *testing.T) {
	ok := testCDR(1)
	tests := []struct {
		name string
		edit func(*store.CDR)
		text string
	}{
		{"no id", func(c *store.CDR) { c.ID = "" }, "id"},
		{"long id", func(c *store.CDR) { c.ID = strings.Repeat("x", 65) }, "1 to 64"},
		{"no disposition", func(c *store.CDR) { c.Disposition = "" }, "disposition"},
		{"no start", func(c *store.CDR) { c.StartedAt = time.Time{} }, "start"},
		{"no end", func(c *store.CDR) { c.EndedAt = time.Time{} }, "end"},
	}
	for _, tc := range tests {
		c := ok
		tc.edit(&c)
		err := Validate(c)
		if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if err := Validate(ok); err != nil {
		t.Fatal(err)
	}
}
