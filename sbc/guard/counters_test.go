package guard

import (
	"reflect"
	"testing"
)

func TestCountersSnapshot(t *testing.T) {
	var c Counters
	// Give every field a distinct value through reflection, so that a field
	// added to Counters but forgotten in Snapshot or Map is caught.
	cv := reflect.ValueOf(&c).Elem()
	for i := range cv.NumField() {
		cv.Field(i).Addr().MethodByName("Add").Call([]reflect.Value{reflect.ValueOf(uint64(i + 1))})
	}
	s := c.Snapshot()
	sv := reflect.ValueOf(s)
	if sv.NumField() != cv.NumField() {
		t.Fatalf("CounterSnapshot has %d fields, Counters %d", sv.NumField(), cv.NumField())
	}
	for i := range sv.NumField() {
		name := cv.Type().Field(i).Name
		if sv.Type().Field(i).Name != name {
			t.Errorf("field %d: snapshot %s, counters %s", i, sv.Type().Field(i).Name, name)
		}
		if got := sv.Field(i).Uint(); got != uint64(i+1) {
			t.Errorf("%s = %d, want %d", name, got, i+1)
		}
	}
	m := s.Map()
	if len(m) != sv.NumField() {
		t.Fatalf("Map has %d keys, want %d", len(m), sv.NumField())
	}
	seen := map[uint64]bool{}
	for k, v := range m {
		if v == 0 || v > uint64(sv.NumField()) || seen[v] {
			t.Errorf("Map[%q] = %d: not one distinct field", k, v)
		}
		seen[v] = true
	}
	if m["rate_limited"] != s.RateLimited || m["banned"] != s.Banned || m["scanner"] != s.Scanner {
		t.Error("Map keys do not match their fields")
	}
}
