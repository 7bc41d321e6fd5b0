package digest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxHeaderLen bounds the header values ParseCredentials accepts. Real
// credentials are a few hundred bytes; the cap keeps parsing cost bounded
// for hostile input.
const MaxHeaderLen = 4096

// Credentials are the parameters of a Digest Authorization or
// Proxy-Authorization header (RFC 3261 §25.1 "digest-response",
// RFC 2617 §3.2.2). String fields hold the unquoted, unescaped values and
// usually share memory with the parsed header.
type Credentials struct {
	Username string
	Realm    string
	Nonce    string
	URI      string // digest-uri, as sent; it is hashed verbatim
	Response string // request-digest, lowercase hex
	// Algorithm is MD5 when the header omits it.
	Algorithm Algorithm
	CNonce    string
	QOP       string // "" (RFC 2069 compatibility) or "auth"
	// NC is the nonce-count exactly as sent (8 hex digits), because the
	// response is computed over its text, not its value.
	NC     string
	Opaque string
}

// Parameter indexes, used for duplicate detection.
const (
	pUsername = iota
	pRealm
	pNonce
	pURI
	pResponse
	pAlgorithm
	pCNonce
	pQOP
	pNC
	pOpaque
)

// ParseCredentials parses an Authorization or Proxy-Authorization header
// value of the form `Digest name=value, name="value", ...`.
//
// It is deliberately lenient where RFC 3261 §25.1 and deployed user agents
// disagree: the scheme and parameter names are case-insensitive, any
// parameter may be quoted or not, order is free, unknown parameters and
// empty list elements are ignored. It is strict where leniency would be
// dangerous: values longer than MaxHeaderLen, control characters (including
// NUL, CR and LF; unfold headers first), invalid UTF-8 and duplicate known
// parameters are rejected. username, realm, nonce, uri and response are
// required, and qop requires cnonce and nc (RFC 2617 §3.2.2).
//
// Errors wrap ErrMalformed, or ErrAlgorithm for an unsupported algorithm.
// Work is linear in the (capped) input. Error text cites offsets rather
// than echoing the input, apart from a truncated, quoted algorithm name.
func ParseCredentials(v string) (Credentials, error) {
	var c Credentials
	if len(v) > MaxHeaderLen {
		return Credentials{}, malformed("header value exceeds %d bytes", MaxHeaderLen)
	}
	for i := 0; i < len(v); i++ {
		if isCTL(v[i]) {
			return Credentials{}, malformed("control character at offset %d", i)
		}
	}
	if !utf8.ValidString(v) {
		return Credentials{}, malformed("invalid UTF-8")
	}

	i := skipWS(v, 0)
	j := scanToken(v, i)
	if !strings.EqualFold(v[i:j], "Digest") || (j < len(v) && !isWS(v[j])) {
		return Credentials{}, malformed("missing Digest scheme")
	}
	i = j

	var seen uint16
	var alg string
	for {
		// Empty list elements ("a, , b", trailing comma) are allowed by the
		// #rule of RFC 3261 §7.3.1.
		i = skipWS(v, i)
		if i < len(v) && v[i] == ',' {
			i++
			continue
		}
		if i == len(v) {
			break
		}

		j := scanToken(v, i)
		if j == i {
			return Credentials{}, malformed("expected parameter name at offset %d", i)
		}
		name := v[i:j]
		i = skipWS(v, j)
		if i == len(v) || v[i] != '=' {
			return Credentials{}, malformed("expected '=' at offset %d", i)
		}
		i = skipWS(v, i+1)

		var val string
		var err error
		if i < len(v) && v[i] == '"' {
			val, i, err = parseQuoted(v, i)
			if err != nil {
				return Credentials{}, err
			}
		} else {
			j = scanValue(v, i)
			if j == i {
				return Credentials{}, malformed("expected value at offset %d", i)
			}
			val, i = v[i:j], j
		}

		if p := paramIndex(name); p >= 0 {
			if seen&(1<<p) != 0 {
				return Credentials{}, malformed("duplicate %s parameter", paramName(p))
			}
			seen |= 1 << p
			switch p {
			case pUsername:
				c.Username = val
			case pRealm:
				c.Realm = val
			case pNonce:
				c.Nonce = val
			case pURI:
				c.URI = val
			case pResponse:
				c.Response = val
			case pAlgorithm:
				alg = val
			case pCNonce:
				c.CNonce = val
			case pQOP:
				c.QOP = val
			case pNC:
				c.NC = val
			case pOpaque:
				c.Opaque = val
			}
		}

		i = skipWS(v, i)
		if i < len(v) && v[i] != ',' {
			return Credentials{}, malformed("expected ',' at offset %d", i)
		}
	}

	for _, p := range [...]int{pUsername, pRealm, pNonce, pURI, pResponse} {
		if seen&(1<<p) == 0 {
			return Credentials{}, malformed("missing %s parameter", paramName(p))
		}
	}
	// realm may legitimately be empty; the others cannot be.
	for _, f := range [...]struct {
		p int
		v string
	}{{pUsername, c.Username}, {pNonce, c.Nonce}, {pURI, c.URI}, {pResponse, c.Response}} {
		if f.v == "" {
			return Credentials{}, malformed("empty %s parameter", paramName(f.p))
		}
	}
	if c.QOP != "" {
		if c.CNonce == "" {
			return Credentials{}, malformed("qop without cnonce")
		}
		if c.NC == "" {
			return Credentials{}, malformed("qop without nc")
		}
	}
	if c.NC != "" {
		if _, ok := parseNC(c.NC); !ok {
			return Credentials{}, malformed("nc must be 8 hex digits")
		}
	}
	a, err := ParseAlgorithm(alg)
	if err != nil {
		return Credentials{}, err
	}
	c.Algorithm = a
	return c, nil
}

// malformed returns an error wrapping ErrMalformed.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// paramName is the canonical name of a known parameter. A switch rather
// than a lookup table keeps the package free of mutable globals.
func paramName(p int) string {
	switch p {
	case pUsername:
		return "username"
	case pRealm:
		return "realm"
	case pNonce:
		return "nonce"
	case pURI:
		return "uri"
	case pResponse:
		return "response"
	case pAlgorithm:
		return "algorithm"
	case pCNonce:
		return "cnonce"
	case pQOP:
		return "qop"
	case pNC:
		return "nc"
	case pOpaque:
		return "opaque"
	}
	return ""
}

// paramIndex maps a parameter name, case-insensitively, to its index, or -1
// for parameters this package ignores.
func paramIndex(name string) int {
	for p := pUsername; p <= pOpaque; p++ {
		if n := paramName(p); len(n) == len(name) && strings.EqualFold(n, name) {
			return p
		}
	}
	return -1
}

// parseQuoted parses a quoted-string starting at v[i] == '"' and returns
// its unescaped content and the offset after the closing quote. Content
// without escapes is returned as a substring to avoid allocating.
func parseQuoted(v string, i int) (string, int, error) {
	start := i + 1
	escaped := false
	j := start
	for ; j < len(v); j++ {
		if v[j] == '\\' {
			escaped = true
			j++ // skip the escaped byte; control characters were rejected earlier
			continue
		}
		if v[j] == '"' {
			break
		}
	}
	if j >= len(v) {
		return "", 0, malformed("unterminated quoted string at offset %d", i)
	}
	if !escaped {
		return v[start:j], j + 1, nil
	}
	var sb strings.Builder
	sb.Grow(j - start)
	for k := start; k < j; k++ {
		if v[k] == '\\' {
			k++
		}
		sb.WriteByte(v[k])
	}
	return sb.String(), j + 1, nil
}

func isWS(c byte) bool { return c == ' ' || c == '\t' }

func skipWS(v string, i int) int {
	for i < len(v) && isWS(v[i]) {
		i++
	}
	return i
}

// scanToken returns the end of the RFC 3261 §25.1 token starting at i.
func scanToken(v string, i int) int {
	for i < len(v) && isTokenChar(v[i]) {
		i++
	}
	return i
}

func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '!', '%', '*', '_', '+', '`', '\'', '~':
		return true
	}
	return false
}

// scanValue returns the end of an unquoted value. It accepts more than a
// token because some user agents send uri or nonce unquoted; it stops at
// the characters that would make the list ambiguous.
func scanValue(v string, i int) int {
	for i < len(v) {
		c := v[i]
		if c <= ' ' || c >= 0x7f || c == ',' || c == '"' || c == '\\' {
			break
		}
		i++
	}
	return i
}
