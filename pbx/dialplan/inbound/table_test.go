package inbound

import (
	"testing"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan/outbound"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func did(number, trunk, dest string) store.DID {
	return store.DID{Number: number, Trunk: trunk, Destination: dest}
}

func TestLookup(t *testing.T) {
	tab, err := NewTable(outbound.NANP(),
		did("+15551230100", "east", "101"),
		did("+1555123XXXX", "east", "102"),
		did("+15551230[1-2]XX", "east", "103"),
		did("+1555.", "east", "104"),
		did("+44.", "west", "105"),
		did("5550000", "generic", "106"), // a trunk that sends local numbers
		did("+15559990000", "west", "107"),
		did("+12125550100", "east", "108"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 8 {
		t.Fatalf("len %d", tab.Len())
	}
	for _, tc := range []struct {
		called, want string // want: destination, "" for none
	}{
		{"+15551230100", "101"},                         // exact beats every pattern
		{"sip:+15551230100@10.0.0.1;user=phone", "101"}, // a Request-URI
		{"tel:+1-555-123-0100", "101"},                  // separators
		{"12125550100", "108"},                          // national forms become E.164
		{"2125550100", "108"},                           // ten digits
		{"5551230100", ""},                              // not a NANP number (exchange 123)
		{"+15551230150", "103"},                         // [1-2]XX is narrower than XXXX
		{"+15551230350", "102"},                         // outside [1-2]: XXXX
		{"+15551239999", "102"},                         // XXXX
		{"+15552000000", "104"},                         // only +1555.
		{"+442079460000", "105"},                        // another country
		{"5550000", "106"},                              // the form as sent first
		{"+15550000000", "104"},                         // 5550000 is exact only as sent
		{"+16665550000", ""},                            // no DID
		{"911", ""},                                     // emergency numbers are not DIDs
		{"alice", ""},                                   // not a number
		{"", ""},                                        // nothing
		{"+1555123", "104"},                             // short, but +1555. takes it
	} {
		d, ok := tab.Lookup(tc.called, nil)
		if ok != (tc.want != "") || d.Destination != tc.want {
			t.Errorf("%q: %q %v, want %q", tc.called, d.Destination, ok, tc.want)
		}
	}
	// Restricted to a trunk: east's DIDs are not reachable from west.
	onWest := func(d store.DID) bool { return d.Trunk == "west" }
	if d, ok := tab.Lookup("+15551230100", onWest); ok {
		t.Errorf("east's DID matched on west: %+v", d)
	}
	if d, ok := tab.Lookup("+15559990000", onWest); !ok || d.Destination != "107" {
		t.Errorf("west's own DID: %+v %v", d, ok)
	}
	var nilTable *Table
	if _, ok := nilTable.Lookup("+15551230100", nil); ok || nilTable.Len() != 0 {
		t.Error("nil table matched")
	}
}

func TestNewTableRefusesBadPattern(t *testing.T) {
	if _, err := NewTable(outbound.NANP(), did("+1[55", "east", "101")); err == nil {
		t.Fatal("bad pattern accepted")
	}
}

func BenchmarkLookup(b *testing.B) {
	var dids []store.DID
	for i := range 200 {
		dids = append(dids, did("+1555123"+string(rune('0'+i%10))+string(rune('0'+i/10%10))+"X"+string(rune('0'+i/100)), "east", "101"))
	}
	tab, err := NewTable(outbound.NANP(), dids...)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		tab.Lookup("sip:+19995550100@pbx", nil)
	}
}
