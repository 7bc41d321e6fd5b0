package dialplan

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error  // nil for success
		text string // substring of the error
	}{
		{"101", "101", nil, ""},
		{"  101\t", "101", nil, ""},
		{"1-0-1", "101", nil, ""},
		{"(555) 010.0199", "5550100199", nil, ""},
		{"*97", "*97", nil, ""},
		{"#", "#", nil, ""},
		{"*72#", "*72#", nil, ""},
		{"+44 20 7946 0000", "+442079460000", nil, ""},
		{"sip:101@pbx", "101", nil, ""},
		{"sips:101@pbx", "101", nil, ""},
		{"Sip:101@pbx", "101", nil, ""},
		{"sip:101;user=phone@pbx", "101", nil, ""},
		{"sip:+1-555-0100@gw;user=phone", "+15550100", nil, ""},
		{"sip:%2A97@pbx", "*97", nil, ""},
		{"sip:%2a97%23@pbx", "*97#", nil, ""},
		{"sip:10%201@pbx", "101", nil, ""}, // an escaped space is a separator
		{"<sip:101@pbx>", "101", nil, ""},
		{"tel:+1-201-555-0123", "+12015550123", nil, ""},
		{"tel:7042;phone-context=example.com", "7042", nil, ""},
		{"tel:%2B1", "+1", nil, ""},
		{strings.Repeat("9", MaxLen), strings.Repeat("9", MaxLen), nil, ""},

		{"", "", ErrEmpty, `""`},
		{"   ", "", ErrEmpty, ""},
		{"+", "", ErrEmpty, ""},
		{"sip:pbx.example.com", "", ErrEmpty, ""},
		{"sip:@pbx", "", ErrEmpty, ""},
		{"tel:", "", ErrEmpty, ""},
		{"<>", "", ErrEmpty, ""},
		{"10a", "", ErrNotDialable, `contains 'a'`},
		{"1+1", "", ErrNotDialable, "does not lead"},
		{"++1", "", ErrNotDialable, "does not lead"},
		{"+1*", "", ErrNotDialable, "after a leading '+'"},
		{"sip:alice@pbx", "", ErrNotDialable, `contains 'a'`},
		{"sip:1%zz@pbx", "", ErrNotDialable, "bad %-escape"},
		{"sip:1%40@pbx", "", ErrNotDialable, `contains '@'`},
		{"101@pbx", "", ErrNotDialable, `contains '@'`},
		{"http://101", "", ErrNotDialable, `contains 'h'`},
		{"1\x002", "", ErrNotDialable, `contains '\x00'`},
		{"１０１", "", ErrNotDialable, "contains"}, // full-width digits are not ASCII digits
		{strings.Repeat("9", MaxLen+1), "", ErrTooLong, "more than 32"},
		{strings.Repeat("9-", 1000), "", ErrTooLong, "…"},
	}
	for _, tc := range tests {
		got, err := Normalize(tc.in)
		if got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		switch {
		case tc.err == nil && err != nil:
			t.Errorf("Normalize(%q): unexpected error %v", tc.in, err)
		case tc.err != nil && !errors.Is(err, tc.err):
			t.Errorf("Normalize(%q) error = %v, want %v", tc.in, err, tc.err)
		case tc.err != nil && !strings.Contains(err.Error(), tc.text):
			t.Errorf("Normalize(%q) error = %q, want it to contain %q", tc.in, err, tc.text)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Normalize("sip:+1-555-0100;isub=2@gw.example.com;user=phone"); err != nil {
			b.Fatal(err)
		}
	}
}
