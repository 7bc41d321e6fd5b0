package dialplan

import (
	"fmt"
	"net/url"
	"strings"
)

// MaxLen bounds a normalised number. E.164 numbers have at most 15 digits
// (ITU-T E.164 §6); 32 leaves room for an international prefix, feature
// codes and a '+', and keeps hostile input from travelling further.
const MaxLen = 32

// Normalize reduces what a caller dialled to the characters the dialplan
// matches on: digits, '*', '#', and a leading '+' followed only by digits.
//
// It accepts a bare string ("1-02", "+1 (555) 010-0000") or a URI:
//
//   - sip:/sips: (RFC 3261 §19.1.1): the user part only; a password after
//     ':' and telephone-subscriber parameters after ';' (";isub=",
//     ";phone-context=", RFC 3966 §3) are dropped; the host is ignored.
//     A URI with no user part has nothing dialled (ErrEmpty).
//   - tel: (RFC 3966): the number, without its parameters.
//
// The user part of a URI is %-unescaped, so "%23" becomes '#' (RFC 3261
// does not allow a bare '#' in a SIP URI). Visual separators '-', '.',
// '(', ')', spaces and tabs (RFC 3966 §5.1.1) are removed. The result of
// a success normalises to itself.
func Normalize(dialled string) (string, error) {
	s := strings.TrimSpace(dialled)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		s = strings.TrimSpace(s[1 : len(s)-1]) // name-addr form, as in a To header
	}
	uri := true
	switch {
	case hasPrefixFold(s, "sip:"):
		s = sipUser(s[len("sip:"):])
	case hasPrefixFold(s, "sips:"):
		s = sipUser(s[len("sips:"):])
	case hasPrefixFold(s, "tel:"):
		s = s[len("tel:"):]
		if i := strings.IndexByte(s, ';'); i >= 0 {
			s = s[:i]
		}
	default:
		uri = false
	}
	if uri && strings.IndexByte(s, '%') >= 0 {
		u, err := url.PathUnescape(s) // PathUnescape keeps '+' as '+'
		if err != nil {
			return "", fmt.Errorf("%w: %q has a bad %%-escape", ErrNotDialable, truncate(dialled))
		}
		s = u
	}

	var buf [MaxLen]byte
	n := 0
	plus := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '*' || c == '#':
			if plus {
				return "", fmt.Errorf("%w: %q has %q after a leading '+'", ErrNotDialable, truncate(dialled), c)
			}
		case c == '+':
			if n > 0 || plus {
				return "", fmt.Errorf("%w: %q has a '+' that does not lead", ErrNotDialable, truncate(dialled))
			}
			plus = true
		case c == '-' || c == '.' || c == '(' || c == ')' || c == ' ' || c == '\t':
			continue
		default:
			return "", fmt.Errorf("%w: %q contains %q", ErrNotDialable, truncate(dialled), c)
		}
		if n == MaxLen {
			return "", fmt.Errorf("%w: %q has more than %d characters", ErrTooLong, truncate(dialled), MaxLen)
		}
		buf[n] = c
		n++
	}
	if n == 0 || (plus && n == 1) {
		return "", fmt.Errorf("%w: %q", ErrEmpty, truncate(dialled))
	}
	return string(buf[:n]), nil
}

// sipUser returns the user part of what follows "sip:", without password
// or parameters, or "" when the URI has no user part.
func sipUser(rest string) string {
	at := strings.IndexByte(rest, '@')
	if at < 0 {
		return "" // sip:host — nothing was dialled
	}
	user := rest[:at]
	if i := strings.IndexAny(user, ":;"); i >= 0 {
		user = user[:i]
	}
	return user
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// truncate keeps error messages short whatever was dialled.
func truncate(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
