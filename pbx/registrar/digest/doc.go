// Package digest implements server-side SIP digest authentication
// (RFC 3261 §22, with the qop=auth rules of RFC 2617 §3.2 and the SHA-256
// algorithm of RFC 7616 as adopted for SIP by RFC 8760).
//
// A registrar creates one Authenticator per realm, answers unauthenticated
// requests with Challenge or ChallengeAll, parses the user agent's
// Authorization / Proxy-Authorization header with ParseCredentials, and
// checks it with Verify against the HA1 stored for the user. Passwords are
// never needed at verification time; store HA1 instead.
//
// Nonces carry their own issue time and an HMAC, so issuing them needs no
// server state; the only state is a bounded table of nonce-counts that
// rejects replayed qop=auth requests. See README.md for the design.
package digest
