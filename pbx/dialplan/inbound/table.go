// Package inbound finds the inbound route (DID) of a call from a trunk:
// the called number, as the trunk sent it, against the configured DIDs,
// exact numbers first, then patterns from the most specific to the least.
// Pure: no I/O, no clock, no state; a configuration snapshot builds the
// table once and every call reads it.
package inbound

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
	"github.com/dialtone-pbx/dialtone/pbx/dialplan/outbound"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Table is a compiled set of DIDs. It is immutable and safe for
// concurrent use.
type Table struct {
	plan     outbound.NumberingPlan
	exact    map[string][]store.DID // by number; several trunks may share one
	patterns []entry                // most specific first
}

type entry struct {
	did store.DID
	p   outbound.Pattern
}

// isLiteral reports whether a DID is a plain number rather than a pattern.
func isLiteral(n string) bool {
	return strings.Trim(strings.TrimPrefix(n, "+"), "0123456789") == ""
}

// NewTable compiles dids. plan turns a called number the trunk sent in
// national form ("5551230100", "15551230100") into E.164 for a second
// lookup; its country code is the `country` setting.
func NewTable(plan outbound.NumberingPlan, dids ...store.DID) (*Table, error) {
	t := &Table{plan: plan, exact: map[string][]store.DID{}}
	for _, d := range dids {
		if isLiteral(d.Number) {
			t.exact[d.Number] = append(t.exact[d.Number], d)
			continue
		}
		p, err := outbound.CompilePattern(d.Number)
		if err != nil {
			return nil, fmt.Errorf("inbound: DID %s: %w", d.Number, err)
		}
		t.patterns = append(t.patterns, entry{d, p})
	}
	slices.SortStableFunc(t.patterns, func(a, b entry) int {
		if c := a.p.Compare(b.p); c != 0 {
			return c
		}
		return strings.Compare(a.did.Number, b.did.Number)
	})
	return t, nil
}

// Lookup returns the DID for a called number (a Request-URI, a To URI or
// digits; see dialplan.Normalize) among those accept allows (nil: all).
// The number is tried as sent and, when it has no '+', as the E.164
// number the plan makes of it; for each form an exact DID wins over any
// pattern, and a more specific pattern over a less specific one.
func (t *Table) Lookup(called string, accept func(store.DID) bool) (store.DID, bool) {
	if t == nil {
		return store.DID{}, false
	}
	n, err := dialplan.Normalize(called)
	if err != nil {
		return store.DID{}, false
	}
	forms := []string{n}
	if !strings.HasPrefix(n, "+") {
		if e, class, err := outbound.Normalize(n, t.plan); err == nil && strings.HasPrefix(e, "+") && e != n &&
			class != outbound.ClassEmergency && class != outbound.ClassInternal {
			forms = append(forms, e)
		}
	}
	ok := func(d store.DID) bool { return accept == nil || accept(d) }
	for _, f := range forms {
		for _, d := range t.exact[f] {
			if ok(d) {
				return d, true
			}
		}
		for _, e := range t.patterns {
			if e.p.Match(f) && ok(e.did) {
				return e.did, true
			}
		}
	}
	return store.DID{}, false
}

// Len is the number of DIDs in the table.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	n := len(t.patterns)
	for _, ds := range t.exact {
		n += len(ds)
	}
	return n
}
