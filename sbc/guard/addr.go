package guard

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"net/netip"
)

// exemptions decides which sources are never limited nor banned.
type exemptions struct {
	loopback bool
	prefixes []netip.Prefix // normalized, see normalizePrefix
}

func newExemptions(c *config) exemptions {
	return exemptions{loopback: c.loopbackExempt, prefixes: c.allowlist}
}

// has reports whether the (unmapped) address ip is exempt.
func (e *exemptions) has(ip netip.Addr) bool {
	if e.loopback && ip.IsLoopback() {
		return true
	}
	if len(e.prefixes) == 0 {
		return false
	}
	ip = ip.WithZone("") // Prefix.Contains never matches a zoned address
	for _, p := range e.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// sharding maps addresses to one of a power-of-two number of partitions with
// a hash keyed by a per-instance random seed, so that a remote party cannot
// aim its addresses at one partition.
type sharding struct {
	seed  uint64
	shift uint // 64 - log2(partitions)
}

// newSharding picks the partition count: the configured one, lowered to a
// power of two no larger than the smallest table's capacity so that every
// partition holds at least one entry.
func newSharding(shards, smallestTable int) (sharding, int) {
	for shards > 1 && shards > smallestTable {
		shards /= 2
	}
	return sharding{
		seed:  rand.Uint64(),
		shift: uint(64 - bits.TrailingZeros(uint(shards))),
	}, shards
}

func (s sharding) index(ip netip.Addr) int {
	b := ip.As16()
	h := mix64(s.seed ^ binary.BigEndian.Uint64(b[:8]))
	h = mix64(h ^ binary.BigEndian.Uint64(b[8:]))
	return int(h >> s.shift) // a shift of 64 yields 0: a single partition
}

// mix64 is the finalizer of MurmurHash3: a bijective avalanche of x.
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// partCapacity splits total entries over n partitions so that they add up
// to exactly total; partition i gets its share.
func partCapacity(total, n, i int) int {
	c := total / n
	if i < total%n {
		c++
	}
	return c
}
