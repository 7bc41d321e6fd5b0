package digest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash"
)

// Nonce layout, before base64url encoding (RFC 4648 §5, no padding):
//
//	version (1) | issued, Unix ns big-endian (8) | random (16) | HMAC-SHA256 (32)
//
// The server keeps no state per issued nonce: the MAC proves we minted it and
// the embedded time bounds its life. The random part makes nonces issued in
// the same nanosecond distinct and identifies a nonce in the nonce-count table.
// 57 bytes is a multiple of 3, so the encoding has no spare bits and every
// nonce has exactly one valid spelling.
const (
	nonceVersion = 1
	nonceIDLen   = 16
	nonceMsgLen  = 1 + 8 + nonceIDLen
	nonceRawLen  = nonceMsgLen + sha256.Size
	nonceLen     = nonceRawLen / 3 * 4 // base64 without padding
)

// nonceID identifies a nonce in the nonce-count table. A fixed-size array
// keeps map keys allocation-free and avoids retaining the caller's header
// string.
type nonceID [nonceIDLen]byte

// macState is a pooled HMAC plus scratch space. hmac's Write and Sum are
// interface calls, so any buffer passed to them escapes; keeping the buffers
// inside the pooled object makes nonce work allocation-free.
type macState struct {
	h   hash.Hash
	msg [nonceMsgLen]byte
	sum [sha256.Size]byte
}

func (a *Authenticator) newMACState() any {
	return &macState{h: hmac.New(sha256.New, a.key)}
}

// mac computes the HMAC of m.msg into m.sum.
func (m *macState) mac() {
	m.h.Reset()
	m.h.Write(m.msg[:])
	m.h.Sum(m.sum[:0])
}

// appendNonce appends a fresh encoded nonce stamped with issued (Unix ns).
func (a *Authenticator) appendNonce(dst []byte, issued int64) []byte {
	m := a.macs.Get().(*macState)
	m.msg[0] = nonceVersion
	binary.BigEndian.PutUint64(m.msg[1:9], uint64(issued))
	// crypto/rand.Read never returns an error (it aborts the program if the
	// OS source fails), so there is nothing to handle.
	rand.Read(m.msg[9:])
	m.mac()
	var raw [nonceRawLen]byte
	copy(raw[:], m.msg[:])
	copy(raw[nonceMsgLen:], m.sum[:])
	a.macs.Put(m)
	return base64.RawURLEncoding.AppendEncode(dst, raw[:])
}

// openNonce authenticates an encoded nonce and returns its issue time and ID.
// ok is false for anything we did not mint with this key; the caller must
// not reveal which check failed.
func (a *Authenticator) openNonce(nonce string) (issued int64, id nonceID, ok bool) {
	if len(nonce) != nonceLen {
		return 0, id, false
	}
	var src [nonceLen]byte
	copy(src[:], nonce)
	var raw [nonceRawLen]byte
	// Decode skips \r and \n, so a short n is how an embedded newline shows.
	n, err := base64.RawURLEncoding.Decode(raw[:], src[:])
	if err != nil || n != nonceRawLen || raw[0] != nonceVersion {
		return 0, id, false
	}
	m := a.macs.Get().(*macState)
	copy(m.msg[:], raw[:nonceMsgLen])
	m.mac()
	ok = hmac.Equal(m.sum[:], raw[nonceMsgLen:])
	a.macs.Put(m)
	if !ok {
		return 0, id, false
	}
	copy(id[:], raw[9:nonceMsgLen])
	return int64(binary.BigEndian.Uint64(raw[1:9])), id, true
}
