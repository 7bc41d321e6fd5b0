package outbound

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestCompilePattern(t *testing.T) {
	for _, tc := range []struct {
		pattern, canonical string
		match, miss        []string
	}{
		{"NXXNXXXXXX", "NXXNXXXXXX", []string{"2125550100", "9999999999"}, []string{"1125550100", "2121550100", "212555010", "21255501000", "+212555010"}},
		{"1NXXNXXXXXX", "1NXXNXXXXXX", []string{"12125550100"}, []string{"2125550100", "11125550100"}},
		{"011.", "011.", []string{"0114", "011442079460000"}, []string{"011", "01", "0124"}},
		{"+.", "+.", []string{"+1", "+442079460000"}, []string{"+", "442079460000"}},
		{"_9NXXXXXX", "9NXXXXXX", []string{"92345678"}, []string{"91345678"}},
		{"zxn", "ZXN", []string{"102", "999"}, []string{"002", "101"}},
		{"[1-5]XX", "[1-5]XX", []string{"100", "599"}, []string{"600", "000", "10"}},
		{"[135]", "[135]", []string{"1", "3", "5"}, []string{"2", "4"}},
		{"[0-35-9]", "[0-35-9]", []string{"0", "3", "5", "9"}, []string{"4"}},
		{"[12]", "[12]", []string{"1", "2"}, []string{"3"}},
		{"[2-9]", "N", []string{"2"}, []string{"1"}},
		{"[0-9]", "X", []string{"0"}, []string{"*"}},
		{"[7]", "7", []string{"7"}, []string{"8"}},
		{"*7X", "*7X", []string{"*72"}, []string{"#72", "*7*"}},
		{"[*#]X", "[*#]X", []string{"*1", "#1"}, []string{"11"}},
		{"9.", "9.", []string{"9*#+1"}, []string{"9"}}, // '.' takes any character
		{"911", "911", []string{"911"}, []string{"9111", "91"}},
	} {
		p, err := CompilePattern(tc.pattern)
		if err != nil {
			t.Errorf("%q: %v", tc.pattern, err)
			continue
		}
		if p.String() != tc.canonical {
			t.Errorf("%q: canonical %q, want %q", tc.pattern, p.String(), tc.canonical)
		}
		for _, n := range tc.match {
			if !p.Match(n) {
				t.Errorf("%q does not match %q", tc.pattern, n)
			}
		}
		for _, n := range tc.miss {
			if p.Match(n) {
				t.Errorf("%q matches %q", tc.pattern, n)
			}
		}
	}
}

func TestCompilePatternErrors(t *testing.T) {
	for _, tc := range []struct{ pattern, want string }{
		{"", "empty"},
		{"_", "empty"},
		{".", "'.' needs something before it"},
		{"9.1", "'.' must be last"},
		{"9..", "'.' must be last"},
		{"[1-5", "'[' at 0 is not closed"},
		{"[]X", "empty set []"},
		{"[5-1]", `range "5-1" runs backwards`},
		{"[a-z]", `range "a-z" is not digit-digit`},
		{"[+1]", "'+' in a set"},
		{"[1x]", `'x' in a set`},
		{"9]", `']' at 1 is not`},
		{"9A", `'A' at 1 is not a digit`},
		{"9 1", `' ' at 1`},
		{"!", `'!' at 0`},
		{strings.Repeat("X", 65), "longer than 64 characters"},
	} {
		_, err := CompilePattern(tc.pattern)
		if !errors.Is(err, ErrPattern) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.pattern, err, tc.want)
		}
	}
}

// oracle is the pattern as a regular expression, built from the canonical
// form, to check Match against an independent matcher.
func oracle(p Pattern) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^`)
	s := p.String()
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 'X':
			b.WriteString(`[0-9]`)
		case 'Z':
			b.WriteString(`[1-9]`)
		case 'N':
			b.WriteString(`[2-9]`)
		case '.':
			b.WriteString(`[0-9*#+]+`)
		case '[':
			end := strings.IndexByte(s[i:], ']')
			b.WriteString(`[` + regexp.QuoteMeta(s[i+1:i+end]) + `]`)
			i += end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

func FuzzPattern(f *testing.F) {
	for _, s := range []string{"NXXNXXXXXX", "1NXXNXXXXXX", "011.", "+.", "[1-5]X", "[0-35-9*#]", "_9.", "zxn", "[", "[]", "9.1", "[5-1]"} {
		f.Add(s, "2125550100")
	}
	f.Fuzz(func(t *testing.T, pattern, number string) {
		p, err := CompilePattern(pattern)
		if err != nil {
			if !errors.Is(err, ErrPattern) {
				t.Fatalf("error not ErrPattern: %v", err)
			}
			return
		}
		canon := p.String()
		q, err := CompilePattern(canon)
		if err != nil || q.String() != canon {
			t.Fatalf("%q → %q does not round-trip: %q %v", pattern, canon, q.String(), err)
		}
		if got, want := p.Match(number), oracle(p).MatchString(number); got != want {
			t.Fatalf("%q (%s) on %q: Match %v, regexp %v", pattern, canon, number, got, want)
		}
		if p.Match(number) && len(number) < p.MinLen() {
			t.Fatalf("matched %q shorter than MinLen %d", number, p.MinLen())
		}
	})
}

func TestPatternCompare(t *testing.T) {
	// Each pattern is strictly more specific than the next.
	order := []string{"+15551230100", "+155512301XX", "+1555123[0-4]XXX", "+1555123NXXX", "+1555123ZXXX", "+1555123XXXX", "+155512X.", "+1555.", "+1."}
	ps := make([]Pattern, len(order))
	for i, s := range order {
		p, err := CompilePattern(s)
		if err != nil {
			t.Fatal(err)
		}
		ps[i] = p
	}
	for i := range ps {
		if ps[i].Compare(ps[i]) != 0 {
			t.Errorf("%s not equal to itself", order[i])
		}
		for j := i + 1; j < len(ps); j++ {
			if ps[i].Compare(ps[j]) != -1 || ps[j].Compare(ps[i]) != 1 {
				t.Errorf("%s vs %s: %d, %d", order[i], order[j], ps[i].Compare(ps[j]), ps[j].Compare(ps[i]))
			}
		}
	}
	a, _ := CompilePattern("+1555123[12]XXX")
	b, _ := CompilePattern("+1555123[34]XXX")
	if a.Compare(b) == 0 || a.Compare(b) != -b.Compare(a) {
		t.Errorf("equal-size sets: %d %d", a.Compare(b), b.Compare(a))
	}
}
