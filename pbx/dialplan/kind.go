package dialplan

// Kind is what a decision does with the call. Kinds that reach a target
// (an extension now; ring groups, IVR menus, voicemail boxes, conferences
// and trunks later) have no SIP status; refusals carry the final response
// call control sends the caller.
type Kind uint8

// The route kinds. New kinds are appended before kindCount and described
// in kinds(); nothing else in the package switches on the list.
const (
	// KindNone is the zero value: no decision was made (a bug, answered 500).
	KindNone Kind = iota
	// KindExtension rings every registered contact of Decision.Extension.
	KindExtension
	// KindNotFound: no route for the number (404).
	KindNotFound
	// KindUnavailable: the number exists but cannot take calls now (480).
	KindUnavailable
	// KindForbidden: the caller may not make this call (403).
	KindForbidden
	// KindIncomplete: nothing was dialled (484).
	KindIncomplete
	// KindNoService: there is no configuration to route with (503).
	KindNoService

	kindCount
)

// kindInfo is one row of the route-kind table.
type kindInfo struct {
	name   string // as logged and shown
	status int    // SIP final response for a refusal; 0 for a target
	phrase string // its reason phrase (RFC 3261 §21)
}

// kinds is the route-kind table. Later issues add rows such as
// {"ring_group", 0, ""}, {"ivr", 0, ""}, {"voicemail", 0, ""},
// {"conference", 0, ""}, {"trunk", 0, ""}.
func kinds() *[kindCount]kindInfo {
	return &[kindCount]kindInfo{
		KindNone:        {"none", 500, "Server Internal Error"},
		KindExtension:   {"extension", 0, ""},
		KindNotFound:    {"not_found", 404, "Not Found"},
		KindUnavailable: {"unavailable", 480, "Temporarily Unavailable"},
		KindForbidden:   {"forbidden", 403, "Forbidden"},
		KindIncomplete:  {"incomplete", 484, "Address Incomplete"},
		KindNoService:   {"no_service", 503, "Service Unavailable"},
	}
}

func (k Kind) info() kindInfo {
	if k >= kindCount {
		return kindInfo{"unknown", 500, "Server Internal Error"}
	}
	return kinds()[k]
}

// String is the kind's name, as logged.
func (k Kind) String() string { return k.info().name }

// Status is the SIP final response for a refusal, or 0 and "" for a kind
// that reaches a target.
func (k Kind) Status() (code int, phrase string) {
	i := k.info()
	return i.status, i.phrase
}

// Refused reports whether the call ends here with Status.
func (k Kind) Refused() bool { return k.info().status != 0 }
