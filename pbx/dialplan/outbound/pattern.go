package outbound

import (
	"fmt"
	"math/bits"
	"strings"
)

// maxPatternLen bounds a pattern; numbers are at most dialplan.MaxLen (32).
const maxPatternLen = 64

// The characters a number may hold, as bit positions in a set.
const (
	bitStar  = 10
	bitHash  = 11
	bitPlus  = 12
	setDigit = 1<<10 - 1        // X: 0-9
	setZ     = setDigit &^ 1    // Z: 1-9
	setN     = setDigit &^ 0b11 // N: 2-9
	setAny   = 1<<13 - 1        // what '.' accepts
	setNone  = 0
)

func charBit(c byte) (uint16, bool) {
	switch {
	case c >= '0' && c <= '9':
		return 1 << (c - '0'), true
	case c == '*':
		return 1 << bitStar, true
	case c == '#':
		return 1 << bitHash, true
	case c == '+':
		return 1 << bitPlus, true
	}
	return setNone, false
}

// Pattern is a compiled outbound route pattern in the syntax of Asterisk
// extension patterns: each element matches one character.
//
//	0-9 * # +   that character
//	X           any digit 0-9
//	Z           a digit 1-9
//	N           a digit 2-9
//	[1-5] [138] [0-35-9]  one digit from the set (ranges and lists)
//	.           at the end only: one or more characters of any kind
//
// Letters may be lower case; a leading '_' (Asterisk's marker for a
// pattern) is ignored.
type Pattern struct {
	elems []uint16 // one set of allowed characters per position
	rest  bool     // trailing '.'
}

// CompilePattern parses a pattern.
func CompilePattern(s string) (Pattern, error) {
	bad := func(format string, a ...any) (Pattern, error) {
		return Pattern{}, fmt.Errorf("%w %q: %s", ErrPattern, s, fmt.Sprintf(format, a...))
	}
	src := strings.TrimPrefix(s, "_")
	if src == "" {
		return bad("empty")
	}
	if len(src) > maxPatternLen {
		return bad("longer than %d characters", maxPatternLen)
	}
	var p Pattern
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case 'X', 'x':
			p.elems = append(p.elems, setDigit)
		case 'Z', 'z':
			p.elems = append(p.elems, setZ)
		case 'N', 'n':
			p.elems = append(p.elems, setN)
		case '.':
			if i != len(src)-1 {
				return bad("'.' must be last")
			}
			if len(p.elems) == 0 {
				return bad("'.' needs something before it") // would route every number
			}
			p.rest = true
		case '[':
			end := strings.IndexByte(src[i:], ']')
			if end < 0 {
				return bad("'[' at %d is not closed", i)
			}
			set, err := parseSet(src[i+1 : i+end])
			if err != nil {
				return bad("%s", err)
			}
			p.elems = append(p.elems, set)
			i += end
		default:
			b, ok := charBit(c)
			if !ok {
				return bad("%q at %d is not a digit, *, #, +, X, Z, N, [set] or a final '.'", c, i)
			}
			p.elems = append(p.elems, b)
		}
	}
	return p, nil
}

// parseSet reads the inside of [...]: digits, '*', '#', and digit ranges a-b.
func parseSet(s string) (uint16, error) {
	if s == "" {
		return 0, fmt.Errorf("empty set []")
	}
	var set uint16
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i+2 < len(s) && s[i+1] == '-' {
			hi := s[i+2]
			if c < '0' || c > '9' || hi < '0' || hi > '9' {
				return 0, fmt.Errorf("range %q is not digit-digit", s[i:i+3])
			}
			if hi < c {
				return 0, fmt.Errorf("range %q runs backwards", s[i:i+3])
			}
			for d := c; d <= hi; d++ {
				set |= 1 << (d - '0')
			}
			i += 2
			continue
		}
		if c == '+' {
			return 0, fmt.Errorf("'+' in a set")
		}
		b, ok := charBit(c)
		if !ok {
			return 0, fmt.Errorf("%q in a set", c)
		}
		set |= b
	}
	return set, nil
}

// Match reports whether number (digits, '*', '#', a leading '+') matches.
func (p Pattern) Match(number string) bool {
	n := len(p.elems)
	if len(number) < n || (!p.rest && len(number) != n) || (p.rest && len(number) == n) {
		return false
	}
	for i := 0; i < len(number); i++ {
		set := uint16(setAny)
		if i < n {
			set = p.elems[i]
		}
		b, ok := charBit(number[i])
		if !ok || set&b == 0 {
			return false
		}
	}
	return true
}

// MinLen is the length of the shortest number the pattern matches.
func (p Pattern) MinLen() int {
	if p.rest {
		return len(p.elems) + 1
	}
	return len(p.elems)
}

// String is the canonical form: X, Z and N where a set is exactly one of
// them, single characters bare, other sets as ranges. It compiles to the
// same pattern.
func (p Pattern) String() string {
	var b strings.Builder
	for _, set := range p.elems {
		switch {
		case set == setDigit:
			b.WriteByte('X')
		case set == setZ:
			b.WriteByte('Z')
		case set == setN:
			b.WriteByte('N')
		case bits.OnesCount16(set) == 1:
			b.WriteByte(setChars(set)[0])
		default:
			b.WriteByte('[')
			for d := 0; d <= 9; d++ {
				if set&(1<<d) == 0 {
					continue
				}
				e := d
				for e < 9 && set&(1<<(e+1)) != 0 {
					e++
				}
				b.WriteByte(byte('0' + d))
				if e > d+1 {
					b.WriteByte('-')
				}
				if e > d {
					b.WriteByte(byte('0' + e))
				}
				d = e
			}
			if set&(1<<bitStar) != 0 {
				b.WriteByte('*')
			}
			if set&(1<<bitHash) != 0 {
				b.WriteByte('#')
			}
			b.WriteByte(']')
		}
	}
	if p.rest {
		b.WriteByte('.')
	}
	return b.String()
}

func setChars(set uint16) string {
	const alphabet = "0123456789*#+"
	var out []byte
	for i := range len(alphabet) {
		if set&(1<<i) != 0 {
			out = append(out, alphabet[i])
		}
	}
	return string(out)
}

// Compare orders patterns from the most specific to the least, for tables
// where the best match wins rather than the first (inbound DIDs): a
// pattern without a final '.' before one with it, a longer pattern before
// a shorter one, then, at the first position where they differ, the one
// accepting fewer characters there. It returns -1 when p is more
// specific, +1 when q is, 0 when they are the same pattern.
func (p Pattern) Compare(q Pattern) int {
	switch {
	case p.rest != q.rest:
		if q.rest {
			return -1
		}
		return 1
	case len(p.elems) != len(q.elems):
		if len(p.elems) > len(q.elems) {
			return -1
		}
		return 1
	}
	for i := range p.elems {
		a, b := p.elems[i], q.elems[i]
		if a == b {
			continue
		}
		if na, nb := bits.OnesCount16(a), bits.OnesCount16(b); na != nb {
			if na < nb {
				return -1
			}
			return 1
		}
		if a < b { // same size, different sets: any fixed order
			return -1
		}
		return 1
	}
	return 0
}
