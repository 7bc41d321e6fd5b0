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

// Inbound is what routing a call from a trunk reads besides Directory:
// the inbound routes (DIDs) and where unknown DIDs go. *snapshot.Snapshot
// satisfies it. It is a separate interface, found by a type assertion on
// Input.Snapshot, so a Directory with extensions only still routes
// internal calls (and refuses every trunk call, 404).
type Inbound interface {
	// InboundRouteOn returns the DID for a number called on a trunk.
	InboundRouteOn(trunk, called string) (store.DID, bool)
	// UnknownDID is the extension that takes calls to numbers with no DID,
	// "" to refuse them (404).
	UnknownDID() string
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
	// DID is the inbound route that matched (a call from a trunk), or the
	// zero value.
	DID store.DID
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

// routeTrunk routes a call that arrived on a trunk by its inbound route
// (DID): the called number goes to the DID's destination, an unknown one
// to the unknown-DID extension if there is one. The PSTN reaches only
// what a DID names: dialling an extension number from outside is 404.
func routeTrunk(in *Input, trunk, number string) Decision {
	ib, ok := in.Snapshot.(Inbound)
	if !ok {
		return Decision{Kind: KindNotFound, Number: number, Reason: fmt.Sprintf("no inbound route for %s on trunk %q", number, truncate(trunk))}
	}
	did, ok := ib.InboundRouteOn(trunk, number)
	dest, why := did.Destination, "DID "+did.Number
	if !ok {
		dest, why = ib.UnknownDID(), "unknown DID"
		if dest == "" {
			return Decision{Kind: KindNotFound, Number: number, Reason: fmt.Sprintf("no inbound route for %s on trunk %q", number, truncate(trunk))}
		}
	}
	e, ok := in.Snapshot.Extension(dest)
	if !ok {
		return Decision{Kind: KindNotFound, Number: number, DID: did, Reason: fmt.Sprintf("%s on trunk %q goes to %s, which is not an extension", why, truncate(trunk), dest)}
	}
	if !e.Enabled {
		return Decision{Kind: KindUnavailable, Number: number, DID: did, Reason: fmt.Sprintf("%s goes to extension %s, which is disabled", why, dest)}
	}
	ring := e.RingTimeout
	if ring <= 0 {
		ring = store.DefaultRingTimeout
	}
	return Decision{Kind: KindExtension, Number: number, DID: did, Extension: e, RingTimeout: ring,
		Reason: fmt.Sprintf("%s on trunk %q to extension %s", why, truncate(trunk), dest)}
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
