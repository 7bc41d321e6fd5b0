package cdr

import (
	"testing"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func TestReasonTable(t *testing.T) {
	tests := []struct {
		r           Reason
		name        string
		disposition string // unanswered
		status      int
	}{
		{ReasonNormal, "normal", store.DispositionFailed, 200},
		{ReasonCallerCancelled, "caller_cancelled", store.DispositionCanceled, 487},
		{ReasonBusy, "busy", store.DispositionBusy, 486},
		{ReasonNoAnswer, "no_answer", store.DispositionNoAnswer, 480},
		{ReasonRejected, "rejected", store.DispositionBusy, 603},
		{ReasonNotFound, "not_found", store.DispositionFailed, 404},
		{ReasonUnavailable, "unavailable", store.DispositionFailed, 480},
		{ReasonUnauthorized, "unauthorized", store.DispositionFailed, 401},
		{ReasonForbidden, "forbidden", store.DispositionFailed, 403},
		{ReasonFailed, "failed", store.DispositionFailed, 503},
		{ReasonRTPTimeout, "rtp_timeout", store.DispositionFailed, 408},
		{ReasonSessionTimerExpired, "session_timer_expired", store.DispositionFailed, 408},
		{ReasonMediaError, "media_error", store.DispositionFailed, 488},
		{ReasonShutdown, "shutdown", store.DispositionFailed, 503},
	}
	if len(tests) != len(Reasons()) {
		t.Fatalf("the table covers %d reasons, Reasons() has %d: add the new ones here", len(tests), len(Reasons()))
	}
	for i, tc := range tests {
		if Reasons()[i] != tc.r {
			t.Errorf("Reasons()[%d] = %v, want %v", i, Reasons()[i], tc.r)
		}
		if tc.r.String() != tc.name || tc.r.Disposition(false) != tc.disposition || tc.r.SIPStatus() != tc.status {
			t.Errorf("%d: got %q %q %d, want %q %q %d", tc.r, tc.r, tc.r.Disposition(false), tc.r.SIPStatus(), tc.name, tc.disposition, tc.status)
		}
		if got := tc.r.Disposition(true); got != store.DispositionAnswered {
			t.Errorf("%v answered: disposition %q", tc.r, got)
		}
		if back, ok := ParseReason(tc.name); !ok || back != tc.r {
			t.Errorf("ParseReason(%q) = %v, %v", tc.name, back, ok)
		}
	}
	for _, r := range []Reason{ReasonUnknown, reasonCount, 255} {
		if r.String() != "unknown" || r.Disposition(false) != store.DispositionFailed || r.SIPStatus() != 500 {
			t.Errorf("Reason(%d): %q %q %d", r, r, r.Disposition(false), r.SIPStatus())
		}
	}
	if _, ok := ParseReason("hung_up"); ok {
		t.Error("ParseReason accepted a name not in the list")
	}
	valid := map[string]bool{}
	for _, d := range store.Dispositions {
		valid[d] = true
	}
	for _, r := range Reasons() {
		if !valid[r.Disposition(false)] {
			t.Errorf("%v: disposition %q is not one the store knows", r, r.Disposition(false))
		}
	}
}

func TestSide(t *testing.T) {
	for s, name := range map[Side]string{SideUnknown: "unknown", SideCaller: "caller", SideCallee: "callee", SideSystem: "system", 9: "unknown"} {
		if s.String() != name {
			t.Errorf("Side(%d) = %q, want %q", s, s, name)
		}
	}
	for _, name := range []string{"caller", "callee", "system"} {
		if s, ok := ParseSide(name); !ok || s.String() != name {
			t.Errorf("ParseSide(%q) = %v, %v", name, s, ok)
		}
	}
	if _, ok := ParseSide("both"); ok {
		t.Error("ParseSide accepted an unknown side")
	}
}
