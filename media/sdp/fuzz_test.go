package sdp

import (
	"bytes"
	"net/netip"
	"reflect"
	"testing"
)

// FuzzParse: Parse never panics; what it accepts marshals to text that
// parses to the same Session, and Anchor keeps that true. Seeds:
// testdata/fuzz/FuzzParse (baresip-, sipp- and Chrome-like offers).
func FuzzParse(f *testing.F) {
	f.Add([]byte("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b)
		if err != nil {
			return
		}
		out := s.Marshal()
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Marshal output does not parse: %v\n%q", err, out)
		}
		if !reflect.DeepEqual(s, again) {
			t.Fatalf("re-parse differs:\n%#v\n%#v", s, again)
		}
		if !bytes.Equal(again.Marshal(), out) {
			t.Fatal("Marshal is not stable")
		}
		for i, m := range s.Media {
			_ = m.Codecs()
			_, _, _ = m.RTCP()
			_ = s.Direction(i)
			_, _ = s.RemoteRTP(i)
		}
		ports := make([]uint16, len(s.Media))
		for i := range ports {
			ports[i] = uint16(20000 + 2*i)
		}
		a := s.Clone()
		if err := a.Anchor(netip.MustParseAddr("192.0.2.1"), ports, "", 1, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(a.Marshal()); err != nil {
			t.Fatalf("anchored description does not parse: %v", err)
		}
		if !reflect.DeepEqual(s, again) {
			t.Fatal("Anchor on a clone changed the original")
		}
	})
}
