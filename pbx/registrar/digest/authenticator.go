package digest

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"strings"
	"sync"
	"time"
)

const (
	defaultNonceTTL  = 5 * time.Minute
	defaultMaxNonces = 100000
	minKeyLen        = 16
)

// Authenticator issues digest challenges and verifies credentials for one
// realm. It is safe for concurrent use. Nonces are stateless (see nonce.go);
// the only shared mutable state is the bounded nonce-count table.
type Authenticator struct {
	realm  string
	key    []byte
	ttl    time.Duration
	now    func() time.Time
	opaque string

	// Challenge headers are a fixed head and a per-algorithm tail around the
	// nonce, rendered once so Challenge is a single allocation.
	head             string
	tailMD5, tail256 string

	macs sync.Pool // *macState
	ncs  ncTable
}

type config struct {
	ttl       time.Duration
	now       func() time.Time
	maxNonces int
	opaque    string
}

// Option configures an Authenticator.
type Option func(*config)

// WithNonceTTL sets how long a nonce stays usable; default 5 minutes.
// Longer lifetimes mean fewer re-challenges but a longer replay-tracking
// horizon. It panics if d is not positive.
func WithNonceTTL(d time.Duration) Option {
	if d <= 0 {
		panic("digest: WithNonceTTL: duration must be positive")
	}
	return func(c *config) { c.ttl = d }
}

// WithClock replaces time.Now, for tests. It panics if now is nil.
func WithClock(now func() time.Time) Option {
	if now == nil {
		panic("digest: WithClock: nil clock")
	}
	return func(c *config) { c.now = now }
}

// WithMaxNonces bounds the number of nonces whose nonce-count is tracked;
// default 100000. When the bound is hit the oldest nonce is forgotten and
// reported stale if used again. It panics if n is not positive.
func WithMaxNonces(n int) Option {
	if n <= 0 {
		panic("digest: WithMaxNonces: bound must be positive")
	}
	return func(c *config) { c.maxNonces = n }
}

// WithOpaque adds an opaque parameter to challenges and requires clients
// to echo it (RFC 2617 §3.2.1). The nonce already carries all state, so this
// exists only for peers or policies that expect an opaque value. It panics
// if s contains control characters.
func WithOpaque(s string) Option {
	mustPrintable("WithOpaque", s)
	return func(c *config) { c.opaque = s }
}

// New returns an Authenticator for realm. key authenticates nonces; use at
// least 32 random bytes and share it between instances that must accept each
// other's nonces. New copies key. It panics if key is shorter than 16
// bytes, since a short key makes nonces forgeable, or if realm contains
// control characters, which would allow header injection.
func New(realm string, key []byte, opts ...Option) *Authenticator {
	if len(key) < minKeyLen {
		panic(fmt.Sprintf("digest: New: key must be at least %d bytes", minKeyLen))
	}
	mustPrintable("New realm", realm)
	cfg := config{ttl: defaultNonceTTL, now: time.Now, maxNonces: defaultMaxNonces}
	for _, o := range opts {
		o(&cfg)
	}
	a := &Authenticator{
		realm:  realm,
		key:    append([]byte(nil), key...),
		ttl:    cfg.ttl,
		now:    cfg.now,
		opaque: cfg.opaque,
		ncs:    newNCTable(cfg.maxNonces),
	}
	a.macs.New = a.newMACState

	a.head = `Digest realm="` + quote(realm) + `", nonce="`
	tail := `"`
	if cfg.opaque != "" {
		tail += `, opaque="` + quote(cfg.opaque) + `"`
	}
	a.tailMD5 = tail + `, algorithm=MD5, qop="auth"`
	a.tail256 = tail + `, algorithm=SHA-256, qop="auth"`
	return a
}

// Realm returns the realm the Authenticator was created for.
func (a *Authenticator) Realm() string { return a.realm }

const staleSuffix = ", stale=true"

// Challenge returns a WWW-Authenticate / Proxy-Authenticate header value
// (RFC 3261 §22.1, §25.1) with a fresh nonce and qop="auth". Pass stale=true
// after Verify returned ErrStale, so the user agent retries without asking
// the user for the password again. It panics for an unsupported algorithm.
func (a *Authenticator) Challenge(alg Algorithm, stale bool) string {
	var nonce [nonceLen]byte
	return a.challenge(alg, a.appendNonce(nonce[:0], a.now().UnixNano()), stale)
}

// ChallengeFor returns one challenge per algorithm, in the order given, all
// with the same nonce. Deployed phones differ: some (libre-based ones such as
// baresip 1.0) fail outright on any SHA-256 challenge, so the operator picks
// which algorithms to offer.
func (a *Authenticator) ChallengeFor(algs []Algorithm, stale bool) []string {
	var nonce [nonceLen]byte
	n := a.appendNonce(nonce[:0], a.now().UnixNano())
	out := make([]string, 0, len(algs))
	for _, alg := range algs {
		out = append(out, a.challenge(alg, n, stale))
	}
	return out
}

// ChallengeAll returns one challenge per supported algorithm, SHA-256 first,
// each to be sent as its own header: RFC 8760 §2.4 asks servers to list the
// preferred algorithm first, and clients pick the first one they support.
// The challenges share a nonce, so issuing them costs one nonce.
func (a *Authenticator) ChallengeAll(stale bool) []string {
	var nonce [nonceLen]byte
	n := a.appendNonce(nonce[:0], a.now().UnixNano())
	return []string{a.challenge(SHA256, n, stale), a.challenge(MD5, n, stale)}
}

func (a *Authenticator) challenge(alg Algorithm, nonce []byte, stale bool) string {
	var tail string
	switch alg {
	case MD5:
		tail = a.tailMD5
	case SHA256:
		tail = a.tail256
	default:
		panic(fmt.Sprintf("digest: Challenge: unsupported algorithm %.32q", string(alg)))
	}
	var sb strings.Builder
	sb.Grow(len(a.head) + len(nonce) + len(tail) + len(staleSuffix))
	sb.WriteString(a.head)
	sb.Write(nonce)
	sb.WriteString(tail)
	if stale {
		sb.WriteString(staleSuffix)
	}
	return sb.String()
}

// Verify checks credentials from an Authorization / Proxy-Authorization
// header against ha1, the stored HA1 for c.Username in c.Algorithm (see
// HA1). method is the SIP request method; RFC 3261 §22.4 uses it in HA2.
// The caller remains responsible for choosing ha1 by c.Username and, if it
// wants to, checking c.URI against the Request-URI.
//
// The checks run so that no error reveals more than it must: the nonce's
// MAC is verified before anything that depends on it, and ErrStale is only
// returned once the response itself is correct (RFC 2617 §3.2.1: stale
// means the password was right). A nonce-count is recorded only after the
// response is verified, so a forger cannot burn a nonce's counter.
// For qop=auth, each nc must exceed the last accepted one for the nonce;
// requests without qop (RFC 2069 compatibility) cannot be replay-checked
// beyond the nonce TTL.
//
// Errors wrap one of the package sentinels; ErrMalformed here means a qop
// other than "auth" or a bad nc.
func (a *Authenticator) Verify(c Credentials, method string, ha1 string) error {
	n := c.Algorithm.hexLen()
	if n == 0 {
		return fmt.Errorf("%w: %.32q", ErrAlgorithm, string(c.Algorithm))
	}
	if len(ha1) != n {
		return fmt.Errorf("%w: HA1 is not a %s digest", ErrAlgorithm, c.Algorithm)
	}
	if c.Realm != a.realm {
		return fmt.Errorf("%w: got %.64q", ErrRealm, c.Realm)
	}
	if a.opaque != "" && c.Opaque != a.opaque {
		return fmt.Errorf("%w: opaque does not match", ErrBadNonce)
	}
	var nc uint32
	switch {
	case c.QOP == "":
	case strings.EqualFold(c.QOP, "auth"):
		var ok bool
		if nc, ok = parseNC(c.NC); !ok {
			return fmt.Errorf("%w: nc must be 8 hex digits", ErrMalformed)
		}
		if c.CNonce == "" {
			return fmt.Errorf("%w: qop=auth without cnonce", ErrMalformed)
		}
	default:
		return fmt.Errorf("%w: unsupported qop %.32q", ErrMalformed, c.QOP)
	}

	issued, id, ok := a.openNonce(c.Nonce)
	if !ok {
		return ErrBadNonce
	}

	var want [2 * sha256.Size]byte
	exp := appendResponse(want[:0], c.Algorithm, ha1, c.Nonce, c.NC, c.CNonce, c.QOP, method, c.URI)
	// Copy rather than []byte(c.Response): a 64-byte conversion would
	// allocate. The length is not secret.
	var got [2 * sha256.Size]byte
	if len(c.Response) != len(exp) {
		return ErrBadResponse
	}
	copy(got[:], c.Response)
	if subtle.ConstantTimeCompare(exp, got[:len(exp)]) != 1 {
		return ErrBadResponse
	}

	now := a.now().UnixNano()
	ttl := int64(a.ttl)
	// A nonce from the future means the wall clock stepped back; bound it
	// the same way so a clock step cannot make a nonce live forever.
	if age := now - issued; age > ttl || age < -ttl {
		return ErrStale
	}
	if c.QOP == "" {
		return nil
	}
	return a.ncs.accept(id, issued, nc, now, ttl)
}

// parseNC parses the 8-hex-digit nonce-count (RFC 2617 §3.2.2: 8LHEX;
// upper case is tolerated since it is unambiguous).
func parseNC(s string) (uint32, bool) {
	if len(s) != 8 {
		return 0, false
	}
	var v uint32
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		v = v<<4 | uint32(d)
	}
	return v, true
}

// quote escapes s for use inside a quoted-string (RFC 3261 §25.1).
func quote(s string) string {
	if !strings.ContainsAny(s, `"\`) {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			sb.WriteByte('\\')
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

func mustPrintable(what, s string) {
	for i := 0; i < len(s); i++ {
		if isCTL(s[i]) {
			panic("digest: " + what + ": control character in value")
		}
	}
}

// isCTL reports ASCII control characters other than HTAB.
func isCTL(c byte) bool { return (c < 0x20 && c != '\t') || c == 0x7f }
