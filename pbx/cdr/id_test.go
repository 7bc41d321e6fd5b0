package cdr

import (
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var uuidV7 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewID(t *testing.T) {
	at := time.Date(2026, 5, 4, 9, 0, 0, 123_456_789, time.UTC)
	id := NewID(at)
	if !uuidV7.MatchString(id) {
		t.Fatalf("%s is not a UUIDv7", id)
	}
	b, err := hex.DecodeString(strings.ReplaceAll(id, "-", ""))
	if err != nil {
		t.Fatal(err)
	}
	var ms int64
	for _, x := range b[:6] {
		ms = ms<<8 | int64(x)
	}
	if ms != at.UnixMilli() {
		t.Errorf("timestamp %d, want %d", ms, at.UnixMilli())
	}
	frac := int(b[6]&0x0f)<<8 | int(b[7])
	if want := 456_789 * 4096 / 1_000_000; frac != want {
		t.Errorf("sub-millisecond fraction %d, want %d", frac, want)
	}
	if !uuidV7.MatchString(NewID(time.Time{})) {
		t.Error("NewID(zero) is not a UUIDv7")
	}
	if got := NewID(time.Unix(-5, 0)); !strings.HasPrefix(got, "00000000-0000-7") {
		t.Errorf("a time before 1970 gave %s", got)
	}
}

func TestNewIDOrderAndUniqueness(t *testing.T) {
	const n = 20000
	ids := make([]string, n)
	seen := make(map[string]bool, n)
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	for i := range ids {
		// 1 µs apart: many share a millisecond, and still sort in order.
		ids[i] = NewID(at.Add(time.Duration(i) * time.Microsecond))
		if seen[ids[i]] {
			t.Fatalf("duplicate id %s", ids[i])
		}
		seen[ids[i]] = true
	}
	if !slices.IsSorted(ids) {
		t.Error("ids made at increasing times do not sort in order")
	}
	same := map[string]bool{}
	for range 1000 {
		same[NewID(at)] = true
	}
	if len(same) != 1000 {
		t.Errorf("%d distinct ids out of 1000 made at one instant", len(same))
	}
}

func BenchmarkNewID(b *testing.B) {
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		_ = NewID(now)
	}
}
