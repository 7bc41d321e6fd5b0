package digest

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Algorithm names a digest hash function as it appears in the algorithm
// parameter. Only the non-session variants are supported: the "-sess" forms
// need per-session server state and no common SIP user agent relies on them.
type Algorithm string

const (
	// MD5 is the RFC 2617 / RFC 3261 §22.4 default, still the only algorithm
	// many deployed SIP phones implement.
	MD5 Algorithm = "MD5"
	// SHA256 is "SHA-256" as defined for HTTP by RFC 7616 §3.3 and
	// brought to SIP by RFC 8760.
	SHA256 Algorithm = "SHA-256"
)

// ParseAlgorithm maps an algorithm parameter value to an Algorithm. An empty
// value means MD5 (RFC 2617 §3.2.1: "If this is not present it is assumed
// to be MD5"). Names are matched case-insensitively because deployed user
// agents disagree on case. Anything else is an error wrapping ErrAlgorithm.
func ParseAlgorithm(s string) (Algorithm, error) {
	switch {
	case s == "", strings.EqualFold(s, string(MD5)):
		return MD5, nil
	case strings.EqualFold(s, string(SHA256)):
		return SHA256, nil
	}
	return "", fmt.Errorf("%w: %.32q", ErrAlgorithm, s)
}

// hexLen is the length of a lowercase hex digest, or 0 when unsupported.
func (alg Algorithm) hexLen() int {
	switch alg {
	case MD5:
		return 2 * md5.Size
	case SHA256:
		return 2 * sha256.Size
	}
	return 0
}

// appendHexSum appends the lowercase hex digest of data. It uses the
// one-shot Sum functions so that nothing escapes to the heap on the
// Verify hot path. alg must already be known to be supported.
func (alg Algorithm) appendHexSum(dst, data []byte) []byte {
	switch alg {
	case MD5:
		s := md5.Sum(data)
		return hex.AppendEncode(dst, s[:])
	case SHA256:
		s := sha256.Sum256(data)
		return hex.AppendEncode(dst, s[:])
	}
	return dst
}

// HA1 returns the lowercase hex H(username ":" realm ":" password) of
// RFC 2617 §3.2.2.2. Storing HA1 instead of the password means a leaked
// user table cannot be replayed against other realms or services. HA1
// depends on the algorithm, so a user who may authenticate with both MD5
// and SHA-256 needs one stored HA1 per algorithm.
//
// HA1 returns "" for an unsupported algorithm; Verify rejects such a value.
func HA1(alg Algorithm, username, realm, password string) string {
	if alg.hexLen() == 0 {
		return ""
	}
	var scratch [256]byte
	b := append(scratch[:0], username...)
	b = append(b, ':')
	b = append(b, realm...)
	b = append(b, ':')
	b = append(b, password...)
	var out [2 * sha256.Size]byte
	return string(alg.appendHexSum(out[:0], b))
}

// Response returns the request-digest of RFC 2617 §3.2.2.1 for the given
// HA1 and request parameters. With qop "auth" it is
// H(HA1:nonce:nc:cnonce:qop:HA2); with an empty qop it is the RFC 2069
// form H(HA1:nonce:HA2) that RFC 3261 §22.4 keeps for backwards
// compatibility. HA2 is H(method:uri).
//
// It is the pure computation behind Verify, exposed for clients, tests and
// nonces that this package did not issue. It returns "" for an unsupported
// algorithm.
func Response(alg Algorithm, ha1, nonce, nc, cnonce, qop, method, uri string) string {
	if alg.hexLen() == 0 {
		return ""
	}
	var out [2 * sha256.Size]byte
	return string(appendResponse(out[:0], alg, ha1, nonce, nc, cnonce, qop, method, uri))
}

// appendResponse is Response without the final string allocation. The
// scratch buffer covers typical SIP sizes; longer input just spills to the
// heap.
func appendResponse(dst []byte, alg Algorithm, ha1, nonce, nc, cnonce, qop, method, uri string) []byte {
	var scratch [384]byte
	b := append(scratch[:0], method...)
	b = append(b, ':')
	b = append(b, uri...)
	var ha2buf [2 * sha256.Size]byte
	ha2 := alg.appendHexSum(ha2buf[:0], b)

	b = append(scratch[:0], ha1...)
	b = append(b, ':')
	b = append(b, nonce...)
	b = append(b, ':')
	if qop != "" {
		b = append(b, nc...)
		b = append(b, ':')
		b = append(b, cnonce...)
		b = append(b, ':')
		b = append(b, qop...)
		b = append(b, ':')
	}
	b = append(b, ha2...)
	return alg.appendHexSum(dst, b)
}
