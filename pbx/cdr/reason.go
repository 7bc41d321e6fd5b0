package cdr

import "github.com/dialtone-pbx/dialtone/pbx/store"

// Reason is why a call attempt ended: one closed list shared by CDRs,
// metrics and logs. The zero value is ReasonUnknown, stored as "unknown",
// so a call that ends by a path nobody classified still gets its CDR.
type Reason uint8

// The hang-up reasons.
const (
	ReasonUnknown Reason = iota
	// ReasonNormal: an answered call ended with a BYE from either side.
	ReasonNormal
	// ReasonCallerCancelled: the caller gave up while it rang (CANCEL).
	ReasonCallerCancelled
	// ReasonBusy: every contact of the callee answered 486 or 600.
	ReasonBusy
	// ReasonNoAnswer: nobody answered within the ring timeout.
	ReasonNoAnswer
	// ReasonRejected: the callee declined (603).
	ReasonRejected
	// ReasonNotFound: the dialled number routes nowhere.
	ReasonNotFound
	// ReasonUnavailable: the callee exists but has no registered contact
	// or is disabled.
	ReasonUnavailable
	// ReasonUnauthorized: the caller failed authentication.
	ReasonUnauthorized
	// ReasonForbidden: the caller may not make this call.
	ReasonForbidden
	// ReasonFailed: the callee's side failed (5xx, or no response at all).
	ReasonFailed
	// ReasonRTPTimeout: no RTP from a leg for the inactivity timeout.
	ReasonRTPTimeout
	// ReasonSessionTimerExpired: a session refresh did not come (RFC 4028 §10).
	ReasonSessionTimerExpired
	// ReasonMediaError: no common codec, or the relay could not be set up.
	ReasonMediaError
	// ReasonShutdown: Dialtone stopped while the call was up or ringing.
	ReasonShutdown

	reasonCount
)

// reasonInfo is one row of the reason table.
type reasonInfo struct {
	name string // stored in CDRs, used as a metric label
	// disposition is the CDR disposition when the call was never
	// answered; an answered call is ANSWERED whatever ended it.
	disposition string
	// status is the SIP final response sent to the caller when the attempt
	// ends this way before answer, and the cause of a Reason header
	// (RFC 3326) on the BYE when it ends an answered call.
	status int
}

func reasons() *[reasonCount]reasonInfo {
	return &[reasonCount]reasonInfo{
		ReasonUnknown:             {"unknown", store.DispositionFailed, 500},
		ReasonNormal:              {"normal", store.DispositionFailed, 200},
		ReasonCallerCancelled:     {"caller_cancelled", store.DispositionCanceled, 487},
		ReasonBusy:                {"busy", store.DispositionBusy, 486},
		ReasonNoAnswer:            {"no_answer", store.DispositionNoAnswer, 480},
		ReasonRejected:            {"rejected", store.DispositionBusy, 603},
		ReasonNotFound:            {"not_found", store.DispositionFailed, 404},
		ReasonUnavailable:         {"unavailable", store.DispositionFailed, 480},
		ReasonUnauthorized:        {"unauthorized", store.DispositionFailed, 401},
		ReasonForbidden:           {"forbidden", store.DispositionFailed, 403},
		ReasonFailed:              {"failed", store.DispositionFailed, 503},
		ReasonRTPTimeout:          {"rtp_timeout", store.DispositionFailed, 408},
		ReasonSessionTimerExpired: {"session_timer_expired", store.DispositionFailed, 408},
		ReasonMediaError:          {"media_error", store.DispositionFailed, 488},
		ReasonShutdown:            {"shutdown", store.DispositionFailed, 503},
	}
}

func (r Reason) info() reasonInfo {
	if r >= reasonCount {
		return reasons()[ReasonUnknown]
	}
	return reasons()[r]
}

// String is the reason as stored in CDRs.
func (r Reason) String() string { return r.info().name }

// Disposition is the CDR disposition of an attempt that ended for r:
// ANSWERED for any answered call, else what r implies (a decline counts as
// BUSY, as most PBXs count it; a CANCEL as CANCELED; every failure, and
// the impossible "normal" without answer, as FAILED).
func (r Reason) Disposition(answered bool) string {
	if answered {
		return store.DispositionAnswered
	}
	return r.info().disposition
}

// SIPStatus is the final response the caller gets when the attempt ends
// for r before answer (200 for ReasonNormal), and the cause for a Reason
// header (RFC 3326) on a BYE that ends an answered call for r.
func (r Reason) SIPStatus() int { return r.info().status }

// Reasons lists every reason but ReasonUnknown, for metric labels and UIs.
func Reasons() []Reason {
	out := make([]Reason, 0, reasonCount-1)
	for r := ReasonUnknown + 1; r < reasonCount; r++ {
		out = append(out, r)
	}
	return out
}

// ParseReason reads a stored reason back; false for a name not in the list.
func ParseReason(s string) (Reason, bool) {
	for r := ReasonUnknown; r < reasonCount; r++ {
		if r.String() == s {
			return r, true
		}
	}
	return ReasonUnknown, false
}

// Side is who ended the call.
type Side uint8

// The sides. SideSystem is Dialtone itself: timeouts, media errors,
// shutdown, refusals by the dialplan.
const (
	SideUnknown Side = iota
	SideCaller
	SideCallee
	SideSystem
)

// String is the side as stored in CDRs.
func (s Side) String() string {
	switch s {
	case SideCaller:
		return "caller"
	case SideCallee:
		return "callee"
	case SideSystem:
		return "system"
	}
	return "unknown"
}

// ParseSide reads a stored side back.
func ParseSide(s string) (Side, bool) {
	for x := SideUnknown; x <= SideSystem; x++ {
		if x.String() == s {
			return x, true
		}
	}
	return SideUnknown, false
}
