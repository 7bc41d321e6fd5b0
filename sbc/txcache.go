package sbc

import (
	"hash/maphash"
	"net/netip"
	"sync"
	"sync/atomic"
)

// txCache keeps the last response sent to each UDP request, keyed by
// (source, top-Via branch, CSeq method), so that a retransmitted request is
// answered with the same bytes without running its handler again
// (RFC 3261 §17.2.2; the registrar's nonce-count replay check would refuse
// the retransmission otherwise). A request whose handler has not answered yet
// is recorded as pending and its retransmissions are absorbed, as a server
// transaction in the Trying state does.
//
// Two generations rotate every txRotate, so an entry lives 4–8 s: the
// retransmissions of a request whose response was lost come at 0.5, 1, 2 and
// 4 s (Timer E); keeping entries for all of Timer J (32 s) cost ~300 MB of
// RSS at 20,000 REGISTER/s and helped almost nothing. Each generation is bounded; on overflow the current
// generation is dropped rather than grown (under a flood the cache stops
// helping, it never grows).
type txCache struct {
	seed      maphash.Seed
	shards    [txShards]txShard
	shardCap  int
	overflows atomic.Uint64
}

const (
	txShards = 16
	// txCapacity bounds the entries of one generation over all shards.
	txCapacity = 200_000
)

type txShard struct {
	mu       sync.Mutex
	cur, old map[uint64]txEntry
	_        [40]byte // keep shards on separate cache lines
}

// txEntry is immutable once stored: a new response replaces the entry, so
// resp can be read without the lock by whoever got it.
type txEntry struct {
	src netip.AddrPort
	id  []byte // branch, 0x00, CSeq method
	// resp is nil while the request is pending.
	resp []byte
}

type txState int

const (
	txMiss    txState = iota // first sight: recorded as pending
	txPending                // seen, not answered yet
	txHit                    // answered: resp holds the bytes
)

func newTxCache(capacity int) *txCache {
	c := &txCache{seed: maphash.MakeSeed(), shardCap: max(capacity/txShards, 1)}
	for i := range c.shards {
		c.shards[i].cur = make(map[uint64]txEntry)
		c.shards[i].old = make(map[uint64]txEntry)
	}
	return c
}

func (c *txCache) key(src netip.AddrPort, branch, method []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	a := src.Addr().As16()
	h.Write(a[:])
	p := src.Port()
	h.WriteByte(byte(p >> 8))
	h.WriteByte(byte(p))
	h.Write(branch)
	h.WriteByte(0)
	h.Write(method)
	return h.Sum64()
}

func (e txEntry) matches(src netip.AddrPort, branch, method []byte) bool {
	return e.src == src && len(e.id) == len(branch)+1+len(method) &&
		string(e.id[:len(branch)]) == string(branch) && string(e.id[len(branch)+1:]) == string(method)
}

func (c *txCache) shard(k uint64) *txShard { return &c.shards[k>>60] }

// begin looks the request up; on a miss it records it as pending.
func (c *txCache) begin(k uint64, src netip.AddrPort, branch, method []byte) ([]byte, txState) {
	s := c.shard(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.cur[k]
	if !ok {
		e, ok = s.old[k]
	}
	if ok && e.matches(src, branch, method) {
		if e.resp == nil {
			return nil, txPending
		}
		return e.resp, txHit
	}
	id := make([]byte, 0, len(branch)+1+len(method))
	id = append(append(append(id, branch...), 0), method...)
	c.putLocked(s, k, txEntry{src: src, id: id})
	return nil, txMiss
}

// store records resp (copied) as the answer to the request.
func (c *txCache) store(k uint64, src netip.AddrPort, branch, method, resp []byte) {
	s := c.shard(k)
	buf := make([]byte, len(resp))
	copy(buf, resp)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.cur[k]
	if !ok {
		e, ok = s.old[k]
	}
	if !ok || !e.matches(src, branch, method) {
		id := make([]byte, 0, len(branch)+1+len(method))
		e = txEntry{src: src, id: append(append(append(id, branch...), 0), method...)}
	}
	e.resp = buf
	delete(s.old, k)
	c.putLocked(s, k, e)
}

func (c *txCache) putLocked(s *txShard, k uint64, e txEntry) {
	if _, there := s.cur[k]; !there && len(s.cur) >= c.shardCap {
		clear(s.cur)
		c.overflows.Add(1)
	}
	s.cur[k] = e
}

// rotate drops the old generation and starts a new one; called every
// txRotate by the edge's housekeeping loop.
func (c *txCache) rotate() {
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		s.old, s.cur = s.cur, s.old
		clear(s.cur)
		s.mu.Unlock()
	}
}

// len counts the entries of both generations.
func (c *txCache) len() int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		n += len(s.cur) + len(s.old)
		s.mu.Unlock()
	}
	return n
}
