package outbound

import (
	"fmt"
	"slices"
	"strings"
)

// Route sends numbers matching Pattern to the first trunk of Trunks that
// takes the call, after stripping Strip leading characters and putting
// Prepend in front (Asterisk's ${EXTEN:n} idiom).
type Route struct {
	Name    string
	Pattern string
	Strip   int
	Prepend string
	Trunks  []string // in failover order
}

// Action is what call control does with a matched number.
type Action struct {
	// Dial is the user part of the Request-URI towards the trunk.
	Dial string
	// E164 is the normalised number ("+…"), or the number as dialled for
	// internal and emergency numbers; for caller-ID rules and CDRs.
	E164  string
	Class Class
	// Emergency calls must be logged loudly whatever happens next.
	Emergency bool
	// Trunks to try in order (a copy; the caller may keep it).
	Trunks []string
}

// Routes is an ordered, compiled route table with the numbering plan it
// classifies numbers by. Build it once per configuration snapshot; it is
// immutable and safe for concurrent use.
type Routes struct {
	plan NumberingPlan
	list []compiledRoute
}

type compiledRoute struct {
	route   Route
	pattern Pattern
}

// NewRoutes validates the plan and every route, in order, and compiles
// the patterns. Route names must be unique; order is the matching order.
func NewRoutes(plan NumberingPlan, routes ...Route) (*Routes, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	rs := &Routes{plan: plan}
	rs.plan.Emergency = slices.Clone(plan.Emergency)
	seen := make(map[string]bool, len(routes))
	for i, r := range routes {
		bad := func(format string, a ...any) error {
			return fmt.Errorf("%w %d (%q): %s", ErrRoute, i+1, r.Name, fmt.Sprintf(format, a...))
		}
		if strings.TrimSpace(r.Name) == "" {
			return nil, bad("no name")
		}
		if seen[r.Name] {
			return nil, bad("name used twice")
		}
		seen[r.Name] = true
		p, err := CompilePattern(r.Pattern)
		if err != nil {
			return nil, bad("%v", err)
		}
		if r.Strip < 0 || r.Strip > p.MinLen() {
			return nil, bad("strip %d is outside 0-%d, the shortest number %s matches", r.Strip, p.MinLen(), r.Pattern)
		}
		for j := 0; j < len(r.Prepend); j++ {
			c := r.Prepend[j]
			if (c < '0' || c > '9') && c != '*' && c != '#' && !(c == '+' && j == 0) {
				return nil, bad("prepend %q: only digits, * and # (and a leading +)", r.Prepend)
			}
		}
		if r.Strip == 0 && r.Prepend != "" && p.elems[0]&(1<<bitPlus) != 0 {
			return nil, bad("prepend %q in front of a '+'", r.Prepend)
		}
		if len(r.Trunks) == 0 || slices.Contains(r.Trunks, "") {
			return nil, bad("no trunk")
		}
		r.Trunks = slices.Clone(r.Trunks)
		rs.list = append(rs.list, compiledRoute{route: r, pattern: p})
	}
	return rs, nil
}

// Plan is the numbering plan the table classifies numbers by.
func (rs *Routes) Plan() NumberingPlan {
	p := rs.plan
	p.Emergency = slices.Clone(p.Emergency)
	return p
}

// Match routes what a caller with the given permission dialled:
// normalise and classify the number (Normalize), refuse it if its class
// is above the permission (ErrForbidden; emergency numbers never are),
// then take the first route whose pattern matches the dialled digits.
//
// Patterns see the digits as dialled after dialplan.Normalize (URI and
// separators removed), so "NXXNXXXXXX", "1NXXNXXXXXX", "011." and "+."
// each match the form a user dials. On ErrNoRoute the Action still carries
// the number's class and Emergency flag for the log and the CDR.
func Match(rs *Routes, number string, permission Class) (Route, Action, error) {
	if rs == nil {
		return Route{}, Action{}, fmt.Errorf("%w: no route table", ErrNoRoute)
	}
	e164, class, digits, err := normalize(number, rs.plan)
	if err != nil {
		return Route{}, Action{}, err
	}
	act := Action{E164: e164, Class: class, Emergency: class == ClassEmergency}
	if !permission.Permits(class) {
		return Route{}, act, fmt.Errorf("%w: %s is a %s call, permission is %s", ErrForbidden, digits, class, permission)
	}
	for _, cr := range rs.list {
		if !cr.pattern.Match(digits) {
			continue
		}
		act.Dial = cr.route.Prepend + digits[cr.route.Strip:]
		act.Trunks = slices.Clone(cr.route.Trunks)
		r := cr.route
		r.Trunks = slices.Clone(r.Trunks)
		return r, act, nil
	}
	return Route{}, act, fmt.Errorf("%w for %s (%s)", ErrNoRoute, digits, class)
}
