package guard

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLRUTableModel checks lruTable against a plain slice kept in use order.
// Entry values are the numbers n of their keys nthAddr(n).
func TestLRUTableModel(t *testing.T) {
	for _, capacity := range []int{1, 2, 5, 40} {
		tb := newLRUTable[int](capacity)
		var model []int // most recently used first
		drop := func(n int) { model = slices.DeleteFunc(model, func(m int) bool { return m == n }) }
		rng := rand.New(rand.NewPCG(1, uint64(capacity)))
		for step := range 5000 {
			n := rng.IntN(3 * capacity)
			k := nthAddr(n)
			switch op := rng.IntN(10); {
			case op < 6: // use
				if i, ok := tb.lookup(k); ok {
					tb.touch(i)
					drop(n)
				} else {
					i, evicted := tb.insert(k)
					if evicted != (len(model) == capacity) {
						t.Fatalf("cap %d step %d: evicted = %v with %d entries", capacity, step, evicted, len(model))
					}
					if evicted {
						if old := tb.at(i).val; old != model[len(model)-1] {
							t.Fatalf("cap %d step %d: evicted %d, want the least recently used %d", capacity, step, old, model[len(model)-1])
						}
						model = model[:len(model)-1]
					}
					tb.at(i).val = n
				}
				model = slices.Insert(model, 0, n)
			case op < 8: // forget one
				if i, ok := tb.lookup(k); ok {
					tb.remove(i)
					drop(n)
				}
			default: // forget a third, as a sweep would
				removed := tb.removeIf(func(v *int) bool { return *v%3 == step%3 })
				before := len(model)
				model = slices.DeleteFunc(model, func(m int) bool { return m%3 == step%3 })
				if removed != before-len(model) {
					t.Fatalf("cap %d step %d: removeIf removed %d, want %d", capacity, step, removed, before-len(model))
				}
			}
			var order, back []int
			for i := tb.head; i != none; i = tb.slots[i].next {
				order = append(order, tb.slots[i].val)
				if j, ok := tb.lookup(tb.slots[i].key); !ok || j != i {
					t.Fatalf("cap %d step %d: index out of step with slots", capacity, step)
				}
			}
			for i := tb.tail; i != none; i = tb.slots[i].prev {
				back = append(back, tb.slots[i].val)
			}
			slices.Reverse(back)
			if !slices.Equal(order, model) || !slices.Equal(back, model) || tb.len() != len(model) {
				t.Fatalf("cap %d step %d: order %v, backwards %v, len %d; want %v", capacity, step, order, back, tb.len(), model)
			}
			if len(tb.slots) > capacity {
				t.Fatalf("cap %d: %d slots", capacity, len(tb.slots))
			}
		}
	}
}
