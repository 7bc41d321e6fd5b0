package guard

import "net/netip"

const none int32 = -1

type slot[V any] struct {
	key        netip.Addr
	prev, next int32 // neighbours in use order, or the free list (next)
	val        V
}

// lruTable maps addresses to values of type V, holds at most capacity
// entries and remembers their order of use, so that the least recently used
// one can be evicted in constant time. Slots are kept in one slice and
// reused, so once the table has grown, inserting allocates nothing (beyond
// what the Go map needs). It is not safe for concurrent use: the owning
// partition's lock guards it.
type lruTable[V any] struct {
	index    map[netip.Addr]int32
	slots    []slot[V]
	head     int32 // most recently used, or none
	tail     int32 // least recently used, or none
	free     int32 // first free slot, chained through next, or none
	capacity int
}

func newLRUTable[V any](capacity int) lruTable[V] {
	return lruTable[V]{
		index:    make(map[netip.Addr]int32),
		head:     none,
		tail:     none,
		free:     none,
		capacity: capacity,
	}
}

func (t *lruTable[V]) len() int { return len(t.index) }

func (t *lruTable[V]) lookup(k netip.Addr) (int32, bool) {
	i, ok := t.index[k]
	return i, ok
}

func (t *lruTable[V]) at(i int32) *slot[V] { return &t.slots[i] }

// touch marks entry i as the most recently used.
func (t *lruTable[V]) touch(i int32) {
	if t.head == i {
		return
	}
	t.unlink(i)
	t.pushFront(i)
}

// insert adds k, which must be absent, as the most recently used entry and
// returns its slot. When the table is full the least recently used entry is
// evicted first and its slot reused: evicted reports so, and the slot's val
// still holds the evicted value for the caller to inspect or recycle. A
// recycled free slot also keeps its old val; the caller resets it.
func (t *lruTable[V]) insert(k netip.Addr) (i int32, evicted bool) {
	switch {
	case t.free != none:
		i = t.free
		t.free = t.slots[i].next
	case len(t.slots) < t.capacity:
		if len(t.slots) == cap(t.slots) {
			grown := make([]slot[V], len(t.slots), min(max(2*cap(t.slots), 16), t.capacity))
			copy(grown, t.slots)
			t.slots = grown
		}
		t.slots = append(t.slots, slot[V]{})
		i = int32(len(t.slots) - 1)
	default:
		i = t.tail
		t.unlink(i)
		delete(t.index, t.slots[i].key)
		evicted = true
	}
	t.slots[i].key = k
	t.index[k] = i
	t.pushFront(i)
	return i, evicted
}

// remove deletes entry i and puts its slot on the free list.
func (t *lruTable[V]) remove(i int32) {
	t.unlink(i)
	s := &t.slots[i]
	delete(t.index, s.key)
	s.key = netip.Addr{}
	s.next = t.free
	t.free = i
}

// removeIf deletes every entry for which drop returns true and returns how
// many it deleted.
func (t *lruTable[V]) removeIf(drop func(*V) bool) int {
	n := 0
	for i := t.tail; i != none; {
		prev := t.slots[i].prev
		if drop(&t.slots[i].val) {
			t.remove(i)
			n++
		}
		i = prev
	}
	return n
}

func (t *lruTable[V]) unlink(i int32) {
	s := &t.slots[i]
	if s.prev != none {
		t.slots[s.prev].next = s.next
	} else {
		t.head = s.next
	}
	if s.next != none {
		t.slots[s.next].prev = s.prev
	} else {
		t.tail = s.prev
	}
	s.prev, s.next = none, none
}

func (t *lruTable[V]) pushFront(i int32) {
	s := &t.slots[i]
	s.prev = none
	s.next = t.head
	if t.head != none {
		t.slots[t.head].prev = i
	} else {
		t.tail = i
	}
	t.head = i
}
