package outbound

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
)

// chimeRoutes is a New York office on Chime, the example table
// plus an earlier, more specific UK route to show first-match order.
func chimeRoutes(t *testing.T) *Routes {
	t.Helper()
	rs, err := NewRoutes(nanpNY(),
		Route{Name: "emergency", Pattern: "911", Trunks: []string{"chime-east"}},
		Route{Name: "emergency-112", Pattern: "112", Trunks: []string{"chime-east"}},
		Route{Name: "local", Pattern: "NXXXXXX", Prepend: "+1212", Trunks: []string{"chime-east"}},
		Route{Name: "nanp-10", Pattern: "NXXNXXXXXX", Prepend: "+1", Trunks: []string{"chime-east", "chime-west"}},
		Route{Name: "nanp-11", Pattern: "1NXXNXXXXXX", Prepend: "+", Trunks: []string{"chime-east", "chime-west"}},
		Route{Name: "uk", Pattern: "01144.", Strip: 3, Prepend: "+", Trunks: []string{"uk-carrier"}},
		Route{Name: "international", Pattern: "011.", Strip: 3, Prepend: "+", Trunks: []string{"chime-east"}},
		Route{Name: "e164", Pattern: "+.", Trunks: []string{"chime-east", "chime-west"}},
		Route{Name: "old-pbx", Pattern: "8XXX", Strip: 1, Prepend: "44", Trunks: []string{"legacy"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestMatch(t *testing.T) {
	rs := chimeRoutes(t)
	for _, tc := range []struct {
		number     string
		permission Class
		route      string
		dial       string
		class      Class
		err        error
		text       string
	}{
		{"2125550100", ClassNational, "nanp-10", "+12125550100", ClassLocal, nil, ""},
		{"2125550100", ClassLocal, "nanp-10", "+12125550100", ClassLocal, nil, ""},
		{"3125550100", ClassNational, "nanp-10", "+13125550100", ClassNational, nil, ""},
		{"3125550100", ClassLocal, "", "", ClassNational, ErrForbidden, "3125550100 is a national call, permission is local"},
		{"3125550100", ClassInternal, "", "", ClassNational, ErrForbidden, "permission is internal"},
		{"13125550100", ClassNational, "nanp-11", "+13125550100", ClassNational, nil, ""},
		{"1 (312) 555-0100", ClassInternational, "nanp-11", "+13125550100", ClassNational, nil, ""},
		{"5550100", ClassLocal, "local", "+12125550100", ClassLocal, nil, ""},
		{"5550100", ClassInternal, "", "", ClassLocal, ErrForbidden, "local call"},
		{"011442079460000", ClassInternational, "uk", "+442079460000", ClassInternational, nil, ""},
		{"011442079460000", ClassNational, "", "", ClassInternational, ErrForbidden, "international call, permission is national"},
		{"01133142685300", ClassInternational, "international", "+33142685300", ClassInternational, nil, ""},
		{"+33142685300", ClassInternational, "e164", "+33142685300", ClassInternational, nil, ""},
		{"+33142685300", ClassNational, "", "", ClassInternational, ErrForbidden, "international"},
		{"+13125550100", ClassNational, "e164", "+13125550100", ClassNational, nil, ""},
		{"tel:+1-312-555-0100", ClassNational, "e164", "+13125550100", ClassNational, nil, ""},
		{"sip:3125550100@pbx.example", ClassNational, "nanp-10", "+13125550100", ClassNational, nil, ""},
		{"911", ClassInternal, "emergency", "911", ClassEmergency, nil, ""},
		{"911", ClassNone, "emergency", "911", ClassEmergency, nil, ""},
		{"112", ClassInternal, "emergency-112", "112", ClassEmergency, nil, ""},
		{"101", ClassInternational, "", "", ClassInternal, ErrNoRoute, "no route for 101 (internal)"},
		{"*97", ClassInternational, "", "", ClassInternal, ErrNoRoute, "*97"},
		{"8123", ClassInternal, "old-pbx", "44123", ClassInternal, nil, ""},
		{"2125550100", ClassNone, "", "", ClassLocal, ErrForbidden, "permission is none"},
		{"3121550100", ClassInternational, "", "", ClassNone, ErrNotInPlan, "does not match NXXNXXXXXX"},
		{"312555", ClassInternational, "", "", ClassNone, ErrIncomplete, "312555 has 6 digits"},
		{"", ClassInternational, "", "", ClassNone, dialplan.ErrEmpty, "no digits"},
	} {
		r, act, err := Match(rs, tc.number, tc.permission)
		if tc.err != nil {
			if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("%q as %s: err %v, want %v containing %q", tc.number, tc.permission, err, tc.err, tc.text)
			}
			if act.Class != tc.class || r.Name != "" {
				t.Errorf("%q: refused with class %s route %q, want class %s and no route", tc.number, act.Class, r.Name, tc.class)
			}
			continue
		}
		if err != nil || r.Name != tc.route || act.Dial != tc.dial || act.Class != tc.class {
			t.Errorf("%q as %s: route %q dial %q class %s err %v; want %q %q %s", tc.number, tc.permission, r.Name, act.Dial, act.Class, err, tc.route, tc.dial, tc.class)
			continue
		}
		if act.Emergency != (tc.class == ClassEmergency) || !slices.Equal(act.Trunks, r.Trunks) || len(act.Trunks) == 0 {
			t.Errorf("%q: action %+v route %+v", tc.number, act, r)
		}
	}
}

func TestMatchEmergencyWithoutRoute(t *testing.T) {
	rs, err := NewRoutes(NANP(), Route{Name: "all", Pattern: "+.", Trunks: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	_, act, err := Match(rs, "911", ClassInternal)
	if !errors.Is(err, ErrNoRoute) || !act.Emergency || act.E164 != "911" {
		t.Errorf("err %v action %+v: want ErrNoRoute with the emergency flag set", err, act)
	}
	if _, _, err := Match(nil, "911", ClassInternal); !errors.Is(err, ErrNoRoute) {
		t.Errorf("nil table: %v", err)
	}
}

func TestMatchReturnsCopies(t *testing.T) {
	rs := chimeRoutes(t)
	r, act, err := Match(rs, "3125550100", ClassNational)
	if err != nil {
		t.Fatal(err)
	}
	r.Trunks[0], act.Trunks[0] = "changed", "changed"
	r2, _, _ := Match(rs, "3125550100", ClassNational)
	if r2.Trunks[0] != "chime-east" {
		t.Error("a caller changed the route table through a returned slice")
	}
}

func TestNewRoutesErrors(t *testing.T) {
	ok := Route{Name: "r", Pattern: "NXXNXXXXXX", Trunks: []string{"t"}}
	for _, tc := range []struct {
		plan   NumberingPlan
		routes []Route
		want   string
	}{
		{NumberingPlan{}, []Route{ok}, "outbound: bad numbering plan: country code"},
		{NANP(), []Route{{Pattern: "X", Trunks: []string{"t"}}}, `route 1 (""): no name`},
		{NANP(), []Route{ok, ok}, `route 2 ("r"): name used twice`},
		{NANP(), []Route{{Name: "p", Pattern: "9.1", Trunks: []string{"t"}}}, `bad pattern "9.1": '.' must be last`},
		{NANP(), []Route{{Name: "s", Pattern: "011.", Strip: 5, Trunks: []string{"t"}}}, "strip 5 is outside 0-4"},
		{NANP(), []Route{{Name: "s", Pattern: "011.", Strip: -1, Trunks: []string{"t"}}}, "strip -1"},
		{NANP(), []Route{{Name: "p", Pattern: "X.", Prepend: "1+", Trunks: []string{"t"}}}, `prepend "1+": only digits`},
		{NANP(), []Route{{Name: "p", Pattern: "+.", Prepend: "1", Trunks: []string{"t"}}}, `prepend "1" in front of a '+'`},
		{NANP(), []Route{{Name: "t", Pattern: "X."}}, "no trunk"},
		{NANP(), []Route{{Name: "t", Pattern: "X.", Trunks: []string{""}}}, "no trunk"},
	} {
		_, err := NewRoutes(tc.plan, tc.routes...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err %v, want %q", err, tc.want)
		}
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
	}{
		{ErrIncomplete, 484}, {dialplan.ErrEmpty, 484}, {ErrForbidden, 403},
		{ErrNotInPlan, 404}, {ErrNoRoute, 404}, {dialplan.ErrNotDialable, 404},
		{dialplan.ErrTooLong, 404}, {errors.New("other"), 500},
	} {
		if code, _ := Status(tc.err); code != tc.code {
			t.Errorf("%v: %d, want %d", tc.err, code, tc.code)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	rs, err := NewRoutes(nanpNY(),
		Route{Name: "nanp-10", Pattern: "NXXNXXXXXX", Prepend: "+1", Trunks: []string{"a"}},
		Route{Name: "e164", Pattern: "+.", Trunks: []string{"a"}},
	)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := Match(rs, "+13125550100", ClassNational); err != nil {
			b.Fatal(err)
		}
	}
}
