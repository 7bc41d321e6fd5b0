package srtp

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"math/bits"
	"strconv"
	"strings"

	pionsrtp "github.com/pion/srtp/v3"
)

// Suite is an SRTP crypto-suite name as written in a=crypto (RFC 4568 §6.2,
// RFC 7714 §14.2).
type Suite string

// The suites Dialtone speaks, in the order it offers them: the mandatory
// AES_CM_128_HMAC_SHA1_80 first (RFC 4568 §6.2.1), the 32-bit tag variant
// (§6.2.2), then AES-GCM (RFC 7714).
const (
	AESCM128HMACSHA1_80 Suite = "AES_CM_128_HMAC_SHA1_80"
	AESCM128HMACSHA1_32 Suite = "AES_CM_128_HMAC_SHA1_32"
	AEADAES128GCM       Suite = "AEAD_AES_128_GCM"
)

// Suites lists the supported suites in order of preference.
func Suites() []Suite { return []Suite{AESCM128HMACSHA1_80, AESCM128HMACSHA1_32, AEADAES128GCM} }

// maxLifetime is the most SRTP packets one master key may protect under
// every supported suite (RFC 4568 §6.2.1, RFC 7714 §14.2); SRTCP's 2^31 is
// enforced by pion.
const maxLifetime = 1 << 48

type suiteParams struct {
	profile  pionsrtp.ProtectionProfile
	keyLen   int
	saltLen  int
	rtpTag   int // bytes appended to each SRTP packet
	rtcpTail int // bytes appended to each SRTCP packet: E flag + index (4) and tag
}

func (s Suite) params() (suiteParams, bool) {
	switch s {
	case AESCM128HMACSHA1_80:
		return suiteParams{pionsrtp.ProtectionProfileAes128CmHmacSha1_80, 16, 14, 10, 4 + 10}, true
	case AESCM128HMACSHA1_32:
		// The 32-bit tag is for SRTP only; SRTCP keeps 80 bits (RFC 4568 §6.2.2).
		return suiteParams{pionsrtp.ProtectionProfileAes128CmHmacSha1_32, 16, 14, 4, 4 + 10}, true
	case AEADAES128GCM:
		// 96-bit salt, 16-byte tag inside the payload (RFC 7714 §12, §14.2).
		return suiteParams{pionsrtp.ProtectionProfileAeadAes128Gcm, 16, 12, 16, 16 + 4}, true
	}
	return suiteParams{}, false
}

// Supported reports whether Dialtone can use the suite.
func (s Suite) Supported() bool { _, ok := s.params(); return ok }

// canonical maps a suite name read case-insensitively (ABNF literals, RFC
// 5234 §2.3) to its constant.
func canonical(name string) (Suite, bool) {
	for _, s := range Suites() {
		if strings.EqualFold(name, string(s)) {
			return s, true
		}
	}
	return "", false
}

// Crypto is one a=crypto attribute (RFC 4568 §9.1) with a single inline
// master key. Its String form carries the key: log a Crypto through slog,
// which uses LogValue and leaves the key out.
type Crypto struct {
	Tag      int    // 0..999999999; the answer echoes the offer's tag (§5.1)
	Suite    Suite  //
	Key      []byte // master key, 16 bytes
	Salt     []byte // master salt, 14 bytes (12 for AEAD_AES_128_GCM)
	Lifetime uint64 // packets this master key may protect; 0 when not given (suite maximum)
}

// NewCrypto makes a fresh master key and salt from crypto/rand, for one
// direction of one call.
func NewCrypto(tag int, s Suite) (Crypto, error) {
	p, ok := s.params()
	if !ok {
		return Crypto{}, fmt.Errorf("%w: suite %q", ErrUnsupported, s)
	}
	if tag < 0 || tag > 999999999 {
		return Crypto{}, fmt.Errorf("%w: tag %d outside 0..999999999", ErrSyntax, tag)
	}
	b := make([]byte, p.keyLen+p.saltLen)
	if _, err := rand.Read(b); err != nil {
		return Crypto{}, fmt.Errorf("srtp: random key: %w", err)
	}
	return Crypto{Tag: tag, Suite: s, Key: b[:p.keyLen:p.keyLen], Salt: b[p.keyLen:]}, nil
}

// ParseCrypto reads the value of an a=crypto attribute (what follows
// "a=crypto:"): tag, suite, one inline key with an optional lifetime, and
// session parameters. Errors name the field.
//
// Accepted: the three suites of Suites (names case-insensitive), key||salt
// in base64 with or without padding, lifetime as "2^n" or decimal up to
// 2^48, session parameters KDR=0, WSH=n (a hint, ignored) and optional
// extensions ("-name", RFC 4568 §9.2), which are ignored.
// Refused with ErrUnsupported: other suites and key methods, several keys,
// MKI, key derivation rates other than 0, UNENCRYPTED_SRTP,
// UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP, FEC_ORDER, FEC_KEY and unknown
// parameters.
func ParseCrypto(value string) (Crypto, error) {
	f := strings.FieldsFunc(value, func(r rune) bool { return r == ' ' || r == '\t' })
	if len(f) < 3 {
		return Crypto{}, fmt.Errorf("%w: %q: want \"<tag> <suite> inline:<key>\"", ErrSyntax, clip(value))
	}
	var c Crypto
	if len(f[0]) > 9 || !isDigits(f[0]) {
		return Crypto{}, fmt.Errorf("%w: tag %q: want 1 to 9 digits", ErrSyntax, clip(f[0]))
	}
	c.Tag, _ = strconv.Atoi(f[0])

	s, ok := canonical(f[1])
	if !ok {
		return Crypto{}, fmt.Errorf("%w: suite %q", ErrUnsupported, clip(f[1]))
	}
	c.Suite = s
	if err := c.parseKeyParams(f[2]); err != nil {
		return Crypto{}, err
	}
	for _, sp := range f[3:] {
		if err := checkSessionParam(sp); err != nil {
			return Crypto{}, err
		}
	}
	return c, nil
}

// parseKeyParams reads "inline:<key||salt>[|lifetime][|mki:len]" (RFC 4568
// §9.2, srtp-key-info).
func (c *Crypto) parseKeyParams(kp string) error {
	if strings.Contains(kp, ";") {
		return fmt.Errorf("%w: key-params: several master keys (they need MKI)", ErrUnsupported)
	}
	method, info, ok := strings.Cut(kp, ":")
	if !ok {
		return fmt.Errorf("%w: key-params %q: want \"inline:<key>\"", ErrSyntax, clip(kp))
	}
	if !strings.EqualFold(method, "inline") {
		return fmt.Errorf("%w: key method %q (only inline)", ErrUnsupported, clip(method))
	}
	parts := strings.Split(info, "|")
	if len(parts) > 3 {
		return fmt.Errorf("%w: key-info: %d fields separated by '|', at most 3", ErrSyntax, len(parts))
	}
	p, _ := c.Suite.params()
	raw, err := decodeKey(parts[0])
	if err != nil {
		return err
	}
	if len(raw) != p.keyLen+p.saltLen {
		return fmt.Errorf("%w: key: %d bytes, %s needs %d (%d key + %d salt)",
			ErrSyntax, len(raw), c.Suite, p.keyLen+p.saltLen, p.keyLen, p.saltLen)
	}
	c.Key, c.Salt = raw[:p.keyLen:p.keyLen], raw[p.keyLen:]
	for i, part := range parts[1:] {
		if strings.Contains(part, ":") {
			if i != len(parts)-2 {
				return fmt.Errorf("%w: key-info: MKI %q must come last", ErrSyntax, clip(part))
			}
			return fmt.Errorf("%w: MKI %q (master key identifiers are not supported)", ErrUnsupported, clip(part))
		}
		if i == 1 {
			return fmt.Errorf("%w: key-info: %q after the lifetime is not an MKI", ErrSyntax, clip(part))
		}
		if c.Lifetime, err = parseLifetime(part); err != nil {
			return err
		}
	}
	return nil
}

// decodeKey decodes base64 (RFC 4648 §4) with or without padding; unlike
// encoding/base64 it refuses line breaks inside the key.
func decodeKey(s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '+' || ch == '/' || ch == '=') {
			return nil, fmt.Errorf("%w: key: byte %d (%q) is not base64", ErrSyntax, i, ch)
		}
	}
	enc := base64.RawStdEncoding.Strict()
	if strings.HasSuffix(s, "=") {
		enc = base64.StdEncoding.Strict()
	}
	b, err := enc.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: key: bad base64: %v", ErrSyntax, err)
	}
	return b, nil
}

// parseLifetime reads "2^n" or a decimal packet count (RFC 4568 §6.1).
func parseLifetime(s string) (uint64, error) {
	digits, pow := strings.CutPrefix(s, "2^")
	if digits == "" || len(digits) > 20 || !isDigits(digits) {
		return 0, fmt.Errorf("%w: lifetime %q: want \"2^n\" or a number", ErrSyntax, clip(s))
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if pow {
		if err != nil || n > 48 {
			return 0, fmt.Errorf("%w: lifetime %q: more than the suite's 2^48 packets", ErrUnsupported, clip(s))
		}
		return 1 << n, nil
	}
	if err != nil || n > maxLifetime {
		return 0, fmt.Errorf("%w: lifetime %q: more than the suite's 2^48 packets", ErrUnsupported, clip(s))
	}
	if n == 0 {
		return 0, fmt.Errorf("%w: lifetime 0", ErrSyntax)
	}
	return n, nil
}

// checkSessionParam accepts the SRTP session parameters that change nothing
// for us (RFC 4568 §6.3) and refuses the others.
func checkSessionParam(sp string) error {
	name, val, _ := strings.Cut(sp, "=")
	switch strings.ToUpper(name) {
	case "KDR":
		// Any KDR asks for periodic re-derivation (§6.3.1); pion derives once.
		if val == "0" {
			return nil
		}
		return fmt.Errorf("%w: session parameter %q: key derivation rate (only none)", ErrUnsupported, clip(sp))
	case "WSH":
		// Window size hint (§6.3.6): our replay window is fixed; a hint may be ignored.
		if n, err := strconv.ParseUint(val, 10, 32); err != nil || n < 64 {
			return fmt.Errorf("%w: session parameter %q: window size hint must be a number >= 64", ErrSyntax, clip(sp))
		}
		return nil
	case "UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP", "FEC_ORDER", "FEC_KEY":
		return fmt.Errorf("%w: session parameter %q", ErrUnsupported, clip(sp))
	}
	if strings.HasPrefix(sp, "-") {
		return nil // an extension the sender marked as optional (§9.2)
	}
	return fmt.Errorf("%w: unknown session parameter %q", ErrUnsupported, clip(sp))
}

// String writes the attribute value (no "a=crypto:" prefix). It contains
// the master key: it belongs in SDP, not in logs.
func (c Crypto) String() string {
	key := make([]byte, 0, len(c.Key)+len(c.Salt))
	key = append(append(key, c.Key...), c.Salt...)
	var b strings.Builder
	b.WriteString(strconv.Itoa(c.Tag))
	b.WriteByte(' ')
	b.WriteString(string(c.Suite))
	b.WriteString(" inline:")
	b.WriteString(base64.StdEncoding.EncodeToString(key))
	if c.Lifetime != 0 {
		b.WriteByte('|')
		if c.Lifetime&(c.Lifetime-1) == 0 {
			b.WriteString("2^")
			b.WriteString(strconv.Itoa(bits.TrailingZeros64(c.Lifetime)))
		} else {
			b.WriteString(strconv.FormatUint(c.Lifetime, 10))
		}
	}
	return b.String()
}

// LogValue leaves the key and salt out of logs.
func (c Crypto) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("tag", c.Tag), slog.String("suite", string(c.Suite)))
}

// validate checks what NewProtector and NewUnprotector need.
func (c Crypto) validate() (suiteParams, error) {
	p, ok := c.Suite.params()
	if !ok {
		return p, fmt.Errorf("%w: suite %q", ErrUnsupported, c.Suite)
	}
	if len(c.Key) != p.keyLen || len(c.Salt) != p.saltLen {
		return p, fmt.Errorf("%w: %s needs a %d-byte key and %d-byte salt, got %d and %d",
			ErrSyntax, c.Suite, p.keyLen, p.saltLen, len(c.Key), len(c.Salt))
	}
	if c.Lifetime > maxLifetime {
		return p, fmt.Errorf("%w: lifetime %d: more than the suite's 2^48 packets", ErrUnsupported, c.Lifetime)
	}
	return p, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip keeps error messages short when a peer sends a huge attribute.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
