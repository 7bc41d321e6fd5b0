package digest

import "errors"

// Sentinel errors. Verify and ParseCredentials wrap them with context via
// %w, so callers must test with errors.Is rather than ==.
//
// How a registrar typically maps them to SIP responses (RFC 3261 §22.2):
//
//   - ErrStale: 401/407 with a fresh challenge carrying stale=true, so the
//     user agent retries with the same password without prompting the user
//     (RFC 2617 §3.2.1).
//   - ErrBadNonce, ErrRealm, ErrAlgorithm: 401/407 with fresh challenges.
//   - ErrBadResponse, ErrReplay: 403, or 401/407 with a fresh challenge.
//   - ErrMalformed: 400.
var (
	// ErrMalformed means the credentials are syntactically invalid or are
	// missing a parameter that RFC 3261 §25.1 / RFC 2617 §3.2.2 require.
	ErrMalformed = errors.New("digest: malformed credentials")

	// ErrStale means the nonce is authentic but no longer usable: it is older
	// than the nonce TTL, or its nonce-count state had to be evicted.
	ErrStale = errors.New("digest: stale nonce")

	// ErrBadNonce means the nonce (or opaque) was not issued by this
	// Authenticator: it fails to decode or its HMAC does not verify.
	ErrBadNonce = errors.New("digest: invalid nonce")

	// ErrRealm means the credentials are for a different realm.
	ErrRealm = errors.New("digest: realm mismatch")

	// ErrBadResponse means the request-digest does not match, usually a
	// wrong password.
	ErrBadResponse = errors.New("digest: response mismatch")

	// ErrReplay means the nonce-count did not increase for this nonce
	// (RFC 2617 §3.2.2: the server must reject repeated nc values).
	ErrReplay = errors.New("digest: replayed nonce-count")

	// ErrAlgorithm means the algorithm is not supported, or the stored HA1
	// does not belong to the algorithm the client chose.
	ErrAlgorithm = errors.New("digest: unsupported algorithm")
)
