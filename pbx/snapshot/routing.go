package snapshot

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan/inbound"
	"github.com/dialtone-pbx/dialtone/pbx/dialplan/outbound"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// routing is the part of a snapshot that reaches the telephone network:
// trunks, inbound routes (DIDs), outbound routes and the numbering plan,
// compiled once per configuration version so call control never queries.
type routing struct {
	plan       outbound.NumberingPlan
	unknownDID string
	trunks     map[string]store.Trunk
	trunkNames []string
	group      map[string]string // trunk -> first name of its failover group
	sources    []source          // most specific prefix first
	dids       *inbound.Table
	routes     []store.Route
	table      *outbound.Routes
}

type source struct {
	prefix netip.Prefix
	trunk  string
}

// build compiles the lists. An entry that does not compile (which the
// store's validation should have made impossible) is left out and
// reported; the rest of the configuration still loads.
func (r *routing) build(plan outbound.NumberingPlan, unknownDID string, trunks []store.Trunk, dids []store.DID, routes []store.Route) (problems []string) {
	r.plan, r.unknownDID = plan, unknownDID
	r.trunks = make(map[string]store.Trunk, len(trunks))
	for _, t := range trunks {
		r.trunks[t.Name] = t
		r.trunkNames = append(r.trunkNames, t.Name)
		if !t.Enabled {
			continue
		}
		for _, p := range t.Allow {
			r.sources = append(r.sources, source{p.Masked(), t.Name})
		}
	}
	slices.Sort(r.trunkNames)
	slices.SortStableFunc(r.sources, func(a, b source) int {
		if c := cmp.Compare(b.prefix.Bits(), a.prefix.Bits()); c != 0 {
			return c
		}
		return cmp.Compare(a.trunk, b.trunk)
	})
	r.groups()

	var okDIDs []store.DID
	for _, d := range dids {
		if _, err := inbound.NewTable(plan, d); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		okDIDs = append(okDIDs, d)
	}
	r.dids, _ = inbound.NewTable(plan, okDIDs...) // each compiled above

	var compiled []outbound.Route
	for _, rt := range routes {
		next := append(slices.Clone(compiled), outbound.Route{Name: rt.Name, Pattern: rt.Pattern, Strip: rt.Strip, Prepend: rt.Prepend, Trunks: rt.Trunks})
		if _, err := outbound.NewRoutes(plan, next...); err != nil {
			problems = append(problems, fmt.Sprintf("route %s: %v", rt.Name, err))
			continue
		}
		compiled = next
		r.routes = append(r.routes, rt)
	}
	t, err := outbound.NewRoutes(plan, compiled...)
	if err != nil {
		// Only the plan itself can fail here (a bad country code).
		problems = append(problems, err.Error())
		r.table = nil
	} else {
		r.table = t
	}
	return problems
}

// groups links trunks by their failover settings: a DID of a trunk is
// reachable from every trunk of its group (a Chime connector and the
// connector in the other region deliver the same numbers).
func (r *routing) groups() {
	parent := map[string]string{}
	var find func(string) string
	find = func(n string) string {
		p, ok := parent[n]
		if !ok || p == n {
			return n
		}
		root := find(p)
		parent[n] = root
		return root
	}
	for _, n := range r.trunkNames {
		parent[n] = n
	}
	for _, n := range r.trunkNames {
		f := r.trunks[n].Failover
		if _, ok := r.trunks[f]; !ok {
			continue
		}
		a, b := find(n), find(f)
		if a == b {
			continue
		}
		if b < a {
			a, b = b, a
		}
		parent[b] = a
	}
	r.group = make(map[string]string, len(r.trunkNames))
	for _, n := range r.trunkNames {
		r.group[n] = find(n)
	}
}

// Trunk returns the trunk with this name, enabled or not.
func (r *routing) Trunk(name string) (store.Trunk, bool) {
	t, ok := r.trunks[name]
	return t, ok
}

// Trunks lists every trunk by name.
func (r *routing) Trunks() []store.Trunk {
	out := make([]store.Trunk, 0, len(r.trunkNames))
	for _, n := range r.trunkNames {
		out = append(out, r.trunks[n])
	}
	return out
}

// TrunkChain is the trunk named and then its failover trunks, in order,
// enabled ones only, each once: where an outbound call through name is
// tried.
func (r *routing) TrunkChain(name string) []store.Trunk {
	var out []store.Trunk
	seen := map[string]bool{}
	for n := name; n != "" && !seen[n]; {
		seen[n] = true
		t, ok := r.trunks[n]
		if !ok {
			break
		}
		if t.Enabled {
			out = append(out, t)
		}
		n = t.Failover
	}
	return out
}

// TrunkForSource returns the enabled trunk whose allowed networks contain
// addr, the most specific network first (a /32 for one provider inside a
// /16 of another wins); ok is false for a source that is no trunk's.
func (r *routing) TrunkForSource(addr netip.Addr) (store.Trunk, bool) {
	addr = addr.Unmap()
	for _, s := range r.sources {
		if s.prefix.Contains(addr) {
			return r.trunks[s.trunk], true
		}
	}
	return store.Trunk{}, false
}

// InboundRoute returns the DID for a called number on any trunk: exact
// numbers first, then the most specific pattern; a number in national
// form is also tried as E.164 with the snapshot's country.
func (r *routing) InboundRoute(called string) (store.DID, bool) {
	return r.dids.Lookup(called, nil)
}

// InboundRouteOn is InboundRoute for a call that arrived on trunk: only
// DIDs of that trunk or of a trunk in its failover group match.
func (r *routing) InboundRouteOn(trunk, called string) (store.DID, bool) {
	g, ok := r.group[trunk]
	if !ok {
		return store.DID{}, false
	}
	return r.dids.Lookup(called, func(d store.DID) bool { return r.group[d.Trunk] == g })
}

// UnknownDID is the extension that takes calls to numbers with no DID, ""
// to refuse them (404).
func (r *routing) UnknownDID() string { return r.unknownDID }

// OutboundRoutes lists the outbound routes in the order they are tried.
func (r *routing) OutboundRoutes() []store.Route {
	out := make([]store.Route, len(r.routes))
	for i, rt := range r.routes {
		rt.Trunks = slices.Clone(rt.Trunks)
		out[i] = rt
	}
	return out
}

// OutboundTable is the compiled route table for outbound.Match; nil only
// when the numbering plan is invalid (then Match answers ErrNoRoute).
func (r *routing) OutboundTable() *outbound.Routes { return r.table }

// Plan is the numbering plan numbers are normalised with.
func (r *routing) Plan() outbound.NumberingPlan {
	p := r.plan
	p.Emergency = slices.Clone(p.Emergency)
	return p
}

// Country is the E.164 country code of the numbering plan.
func (r *routing) Country() string { return r.plan.CountryCode }

// Permission is an extension's permission class for outbound.Match:
// its Class, or national when it has none. An unknown class permits
// emergency calls only (outbound.ClassNone), failing closed.
func Permission(e store.Extension) outbound.Class {
	if e.Class == "" {
		return outbound.ClassNational
	}
	c, err := outbound.ParseClass(e.Class)
	if err != nil || c == outbound.ClassEmergency {
		return outbound.ClassNone
	}
	return c
}
