package outbound

import (
	"errors"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
)

// Why a number is not routed. Normalize and Match wrap exactly one of the
// first four; Status gives the SIP response.
var (
	// ErrIncomplete means the number is too short to be one of the plan's
	// forms, or nothing was dialled (484).
	ErrIncomplete = errors.New("outbound: number incomplete")
	// ErrNotInPlan means the digits fit no form of the numbering plan (404).
	ErrNotInPlan = errors.New("outbound: number not in the numbering plan")
	// ErrForbidden means the number's class is above the caller's
	// permission (403).
	ErrForbidden = errors.New("outbound: call not permitted")
	// ErrNoRoute means no route's pattern matches the number (404).
	ErrNoRoute = errors.New("outbound: no route")
)

// Configuration errors, from NewRoutes, CompilePattern and
// NumberingPlan.Validate.
var (
	ErrPattern = errors.New("outbound: bad pattern")
	ErrRoute   = errors.New("outbound: bad route")
	ErrPlan    = errors.New("outbound: bad numbering plan")
)

// Status is the SIP final response for a Normalize or Match error, or 500
// for an error that is not one of the package's (a bug).
func Status(err error) (code int, phrase string) {
	switch {
	case errors.Is(err, ErrIncomplete), errors.Is(err, dialplan.ErrEmpty):
		return 484, "Address Incomplete"
	case errors.Is(err, ErrForbidden):
		return 403, "Forbidden"
	case errors.Is(err, ErrNotInPlan), errors.Is(err, ErrNoRoute),
		errors.Is(err, dialplan.ErrNotDialable), errors.Is(err, dialplan.ErrTooLong):
		return 404, "Not Found"
	}
	return 500, "Server Internal Error"
}
