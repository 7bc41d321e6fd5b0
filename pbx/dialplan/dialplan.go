// Package dialplan decides where a call goes. Route is a pure function of
// the caller, the dialled string, where the call came from, the time and a
// configuration snapshot: no I/O, no clock, no state, so every rule is
// table-tested.
//
// Routing is a table of route kinds (kind.go) and, per source, an ordered
// list of matchers; the first matcher that claims the number decides.
// Extensions are matched now; ring groups, IVR, voicemail, conferences and
// trunks are more matchers and more kinds, time conditions a matcher that
// consults Input.Time.
package dialplan

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Directory is the configuration the dialplan reads. *snapshot.Snapshot
// satisfies it.
type Directory interface {
	Extension(number string) (store.Extension, bool)
}

// Source says where a call came from.
type Source string

// SourceInternal is a call from a phone authenticated as an extension.
const SourceInternal Source = "internal"

const trunkPrefix = "trunk:"

// TrunkSource is a call that arrived on the named trunk.
func TrunkSource(name string) Source { return Source(trunkPrefix + name) }

// Trunk returns the trunk's name when s is a trunk source.
func (s Source) Trunk() (name string, ok bool) {
	if !strings.HasPrefix(string(s), trunkPrefix) || len(s) == len(trunkPrefix) {
		return "", false
	}
	return string(s[len(trunkPrefix):]), true
}

// Caller is who places the call. For SourceInternal, Number is the
// extension the caller authenticated as; for a trunk, the calling number
// the trunk presented.
type Caller struct {
	Number string
	Name   string
}

// Input is everything a routing decision may depend on.
type Input struct {
	Caller  Caller
	Dialled string // Request-URI, To URI or bare digits; see Normalize
	Source  Source
	// Time is when the call arrived, for time conditions (a later issue);
	// the dialplan never reads the clock itself.
	Time time.Time
	// Snapshot is the configuration the call started with. A nil interface
	// routes nothing (KindNoService); do not pass a nil *snapshot.Snapshot.
	Snapshot Directory
}

// Decision is where the call goes, or why it does not.
type Decision struct {
	Kind Kind
	// Number is the normalised dialled number; "" when it did not normalise.
	Number string
	// Extension is the callee for KindExtension.
	Extension store.Extension
	// RingTimeout is how long to ring before giving up (KindExtension):
	// the extension's own, or store.DefaultRingTimeout.
	RingTimeout time.Duration
	// Self is set when an extension calls its own number. Call control must
	// not ring the contact the call came from; a later issue sends such a
	// call to the caller's voicemail instead.
	Self bool
	// Reason explains the decision in words, for logs and CDRs.
	Reason string
}

// Status is the SIP final response for a refusal, or 0 and "" when the
// decision reaches a target.
func (d Decision) Status() (code int, phrase string) { return d.Kind.Status() }

// matcher claims a normalised number for one kind of target, or passes.
type matcher func(in *Input, number string) (Decision, bool)

// Route decides where a call goes.
func Route(in Input) Decision {
	if in.Snapshot == nil {
		return Decision{Kind: KindNoService, Reason: "no configuration loaded"}
	}
	number, err := Normalize(in.Dialled)
	if err != nil {
		if errors.Is(err, ErrEmpty) {
			return Decision{Kind: KindIncomplete, Reason: err.Error()}
		}
		return Decision{Kind: KindNotFound, Reason: err.Error()}
	}
	if in.Source == SourceInternal {
		return routeInternal(&in, number)
	}
	if trunk, ok := in.Source.Trunk(); ok {
		return routeTrunk(&in, trunk, number)
	}
	return Decision{Kind: KindForbidden, Number: number, Reason: fmt.Sprintf("unknown call source %q", truncate(string(in.Source)))}
}

// routeInternal routes a call from one of our extensions. The caller must
// still be an enabled extension in this snapshot: it may have been disabled
// or deleted since its phone authenticated.
func routeInternal(in *Input, number string) Decision {
	caller, ok := in.Snapshot.Extension(in.Caller.Number)
	if !ok {
		return Decision{Kind: KindForbidden, Number: number, Reason: fmt.Sprintf("caller %q is not an extension", truncate(in.Caller.Number))}
	}
	if !caller.Enabled {
		return Decision{Kind: KindForbidden, Number: number, Reason: fmt.Sprintf("caller extension %s is disabled", caller.Number)}
	}
	// In order: later issues insert feature codes (*97 voicemail) before
	// extensions, ring groups and conferences beside them, and outbound
	// trunk routes (patterns such as +E.164 or 9 + number) after them.
	for _, m := range [...]matcher{matchExtension} {
		if d, ok := m(in, number); ok {
			return d
		}
	}
	return Decision{Kind: KindNotFound, Number: number, Reason: fmt.Sprintf("no route for %s", number)}
}

// routeTrunk routes a call that arrived on a trunk. Inbound routes (DID to
// extension, ring group or IVR) come with the trunks issue; until then a
// trunk reaches nothing, so the PSTN cannot dial extensions directly.
func routeTrunk(_ *Input, trunk, number string) Decision {
	return Decision{Kind: KindNotFound, Number: number, Reason: fmt.Sprintf("no inbound route for %s on trunk %q", number, truncate(trunk))}
}

// matchExtension claims a number that is an extension. A disabled callee
// is unavailable (480), not unknown: the caller is one of our users and
// may know the number; whether the callee has a registered contact is
// call control's business (also 480), not configuration.
func matchExtension(in *Input, number string) (Decision, bool) {
	e, ok := in.Snapshot.Extension(number)
	if !ok {
		return Decision{}, false
	}
	if !e.Enabled {
		return Decision{Kind: KindUnavailable, Number: number, Reason: fmt.Sprintf("extension %s is disabled", number)}, true
	}
	ring := e.RingTimeout
	if ring <= 0 {
		ring = store.DefaultRingTimeout
	}
	d := Decision{Kind: KindExtension, Number: number, Extension: e, RingTimeout: ring, Reason: "extension " + number}
	if number == in.Caller.Number {
		d.Self = true
		d.Reason = "extension " + number + " calls itself"
	}
	return d, true
}
