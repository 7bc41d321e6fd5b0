package outbound

import (
	"errors"
	"strings"
	"testing"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
)

func nanpNY() NumberingPlan {
	p := NANP()
	p.AreaCode = "212"
	return p
}

func ukLondon() NumberingPlan {
	p := DefaultPlan("44")
	p.Emergency = []string{"999", "112"}
	p.AreaCode = "20"
	p.LocalLength = 8
	return p
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		plan    NumberingPlan
		dialled string
		e164    string
		class   Class
		err     error
		text    string
	}{
		// NANP, caller in area code 212.
		{nanpNY(), "2125550100", "+12125550100", ClassLocal, nil, ""},
		{nanpNY(), "3125550100", "+13125550100", ClassNational, nil, ""},
		{nanpNY(), "12125550100", "+12125550100", ClassLocal, nil, ""},
		{nanpNY(), "13125550100", "+13125550100", ClassNational, nil, ""},
		{nanpNY(), "(312) 555-0100", "+13125550100", ClassNational, nil, ""},
		{nanpNY(), "1-312-555-0100", "+13125550100", ClassNational, nil, ""},
		{nanpNY(), "5550100", "+12125550100", ClassLocal, nil, ""},
		{nanpNY(), "011442079460000", "+442079460000", ClassInternational, nil, ""},
		{nanpNY(), "011 33 1 42 68 53 00", "+33142685300", ClassInternational, nil, ""},
		{nanpNY(), "+442079460000", "+442079460000", ClassInternational, nil, ""},
		{nanpNY(), "+13125550100", "+13125550100", ClassNational, nil, ""},
		{nanpNY(), "+12125550100", "+12125550100", ClassLocal, nil, ""},
		{nanpNY(), "01113125550100", "+13125550100", ClassNational, nil, ""},
		{nanpNY(), "tel:+1-312-555-0100", "+13125550100", ClassNational, nil, ""},
		{nanpNY(), "sip:+442079460000@pbx.example;user=phone", "+442079460000", ClassInternational, nil, ""},
		{nanpNY(), "911", "911", ClassEmergency, nil, ""},
		{nanpNY(), "112", "112", ClassEmergency, nil, ""},
		{nanpNY(), "sip:911@pbx", "911", ClassEmergency, nil, ""},
		{nanpNY(), "101", "101", ClassInternal, nil, ""},
		{nanpNY(), "12345", "12345", ClassInternal, nil, ""},
		{nanpNY(), "*97", "*97", ClassInternal, nil, ""},
		{nanpNY(), "3121550100", "", ClassNone, ErrNotInPlan, "national number 3121550100 does not match NXXNXXXXXX"},
		{nanpNY(), "1125550100", "", ClassNone, ErrIncomplete, "9 digits after the national prefix 1, want 10"},
		{nanpNY(), "0125550100", "", ClassNone, ErrNotInPlan, "does not match NXXNXXXXXX"},
		{nanpNY(), "123456", "", ClassNone, ErrIncomplete, "5 digits after the national prefix"},
		{nanpNY(), "312555010", "", ClassNone, ErrIncomplete, "312555010 has 9 digits"},
		{nanpNY(), "131255501000", "", ClassNone, ErrNotInPlan, "131255501000 (country code 1)"},
		{nanpNY(), "+4420", "", ClassNone, ErrIncomplete, "+4420 has 4 digits, want at least 7"},
		{nanpNY(), "0114420", "", ClassNone, ErrIncomplete, "+4420 has 4 digits"},
		{nanpNY(), "+1234567890123456", "", ClassNone, ErrNotInPlan, "more than 15 digits"},
		{nanpNY(), "+131255501", "", ClassNone, ErrIncomplete, "national number 31255501 has 8 digits, want 10"},
		{nanpNY(), "", "", ClassNone, dialplan.ErrEmpty, "no digits dialled"},
		{nanpNY(), "alice", "", ClassNone, dialplan.ErrNotDialable, "not a dialable number"},
		{NANP(), "2125550100", "+12125550100", ClassNational, nil, ""}, // no area code: nothing is local
		{NANP(), "5550100", "", ClassNone, ErrIncomplete, "5550100 has 7 digits"},
		// UK, caller in London (area code 20, 8-digit local numbers).
		{ukLondon(), "02079460000", "+442079460000", ClassLocal, nil, ""},
		{ukLondon(), "01614960000", "+441614960000", ClassNational, nil, ""},
		{ukLondon(), "79460000", "+442079460000", ClassLocal, nil, ""},
		{ukLondon(), "0033142685300", "+33142685300", ClassInternational, nil, ""},
		{ukLondon(), "00442079460000", "+442079460000", ClassLocal, nil, ""},
		{ukLondon(), "+441614960000", "+441614960000", ClassNational, nil, ""},
		{ukLondon(), "999", "999", ClassEmergency, nil, ""},
		{ukLondon(), "112", "112", ClassEmergency, nil, ""},
		{ukLondon(), "911", "911", ClassInternal, nil, ""}, // not an emergency number here
		// Variable-length national numbers: a short one cannot be told from
		// a complete one; the trunk answers it.
		{ukLondon(), "020794", "+4420794", ClassLocal, nil, ""},
		{ukLondon(), "0207", "0207", ClassInternal, nil, ""},
		{ukLondon(), "00331", "00331", ClassInternal, nil, ""},
		{ukLondon(), "003314", "", ClassNone, ErrIncomplete, "+3314 has 4 digits"},
	} {
		e164, class, err := Normalize(tc.dialled, tc.plan)
		if tc.err != nil {
			if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("+%s %q: err %v, want %v containing %q", tc.plan.CountryCode, tc.dialled, err, tc.err, tc.text)
			}
			continue
		}
		if err != nil || e164 != tc.e164 || class != tc.class {
			t.Errorf("+%s %q: %q %s %v, want %q %s", tc.plan.CountryCode, tc.dialled, e164, class, err, tc.e164, tc.class)
		}
	}
}

func TestPlanValidate(t *testing.T) {
	for _, p := range []NumberingPlan{NANP(), nanpNY(), DefaultPlan("44"), ukLondon(), DefaultPlan("1")} {
		if err := p.Validate(); err != nil {
			t.Errorf("+%s: %v", p.CountryCode, err)
		}
	}
	for _, tc := range []struct {
		change func(*NumberingPlan)
		want   string
	}{
		{func(p *NumberingPlan) { p.CountryCode = "" }, `country code "" is not 1-3 digits`},
		{func(p *NumberingPlan) { p.CountryCode = "0" }, `country code "0"`},
		{func(p *NumberingPlan) { p.CountryCode = "1234" }, `country code "1234"`},
		{func(p *NumberingPlan) { p.InternationalPrefix = "" }, `international prefix "" is not digits`},
		{func(p *NumberingPlan) { p.NationalPrefix = "0x" }, `national prefix "0x"`},
		{func(p *NumberingPlan) { p.NationalPrefix = "0111" }, "starts with the international prefix"},
		{func(p *NumberingPlan) { p.NationalLength = 15 }, "national length 15"},
		{func(p *NumberingPlan) { p.NationalPattern = "N[" }, "national pattern"},
		{func(p *NumberingPlan) { p.AreaCode = "2l2" }, `area code "2l2"`},
		{func(p *NumberingPlan) { p.InternalMaxLen = 7 }, "would hide PSTN numbers"},
		{func(p *NumberingPlan) { p.Emergency = []string{"9-1-1"} }, `emergency number "9-1-1"`},
	} {
		p := NANP()
		tc.change(&p)
		err := p.Validate()
		if !errors.Is(err, ErrPlan) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err %v, want %q", err, tc.want)
		}
	}
}

func TestClass(t *testing.T) {
	for _, tc := range []struct {
		perm, class Class
		ok          bool
	}{
		{ClassInternal, ClassInternal, true},
		{ClassInternal, ClassLocal, false},
		{ClassLocal, ClassLocal, true},
		{ClassLocal, ClassNational, false},
		{ClassNational, ClassLocal, true},
		{ClassNational, ClassInternational, false},
		{ClassInternational, ClassInternational, true},
		{ClassInternal, ClassEmergency, true},
		{ClassNone, ClassEmergency, true},
		{ClassNone, ClassInternal, false},
		{ClassEmergency, ClassLocal, false}, // not a permission: fail closed
		{Class(42), ClassInternal, false},
		{ClassInternational, ClassNone, false},
	} {
		if got := tc.perm.Permits(tc.class); got != tc.ok {
			t.Errorf("%s permits %s = %v", tc.perm, tc.class, got)
		}
	}
	for _, s := range []string{"internal", "LOCAL", "National", "international", "emergency"} {
		c, err := ParseClass(s)
		if err != nil || !strings.EqualFold(c.String(), s) {
			t.Errorf("%q: %v %v", s, c, err)
		}
	}
	if _, err := ParseClass("none"); err == nil {
		t.Error(`"none" parsed as a class`)
	}
	if Class(42).String() != "class(42)" {
		t.Error(Class(42).String())
	}
}
