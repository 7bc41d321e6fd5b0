package sdp

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func crlf(s string) []byte {
	return []byte(strings.ReplaceAll(strings.TrimLeft(s, "\n"), "\n", "\r\n"))
}

func load(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// TestRoundTripExact: descriptions in RFC order come back byte for byte.
func TestRoundTripExact(t *testing.T) {
	for _, name := range []string{"baresip.sdp", "sipp.sdp", "chrome.sdp", "hold.sdp"} {
		in := load(t, name)
		s, err := Parse(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out := s.Marshal(); !bytes.Equal(out, in) {
			t.Errorf("%s: round trip differs:\n%s\n---\n%s", name, out, in)
		}
	}
}

func TestParseFields(t *testing.T) {
	s, err := Parse(load(t, "hold.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	want := Origin{"alice", "2890844526", "2890844527", "IN", "IP4", "10.0.0.5"}
	if s.Origin != want || s.Name != "Talk" || s.Connection.Address != "10.0.0.5" {
		t.Fatalf("session: %+v %q %+v", s.Origin, s.Name, s.Connection)
	}
	if len(s.Media) != 2 {
		t.Fatalf("%d media", len(s.Media))
	}
	a, v := s.Media[0], s.Media[1]
	if a.Type != "audio" || a.Port != 49170 || a.Proto != "RTP/AVP" || !reflect.DeepEqual(a.Formats, []string{"8", "18", "101"}) {
		t.Fatalf("audio: %+v", a)
	}
	if v.Port != 0 || v.Connection == nil || v.Connection.Address != "10.0.0.6" {
		t.Fatalf("video: %+v", v)
	}
	codecs := a.Codecs()
	wantCodecs := []Codec{
		{PT: 8, Name: "PCMA", Rate: 8000, Channels: 1},
		{PT: 18, Name: "G729", Rate: 8000, Channels: 1, Fmtp: "annexb=no"},
		{PT: 101, Name: "telephone-event", Rate: 8000, Channels: 1, Fmtp: "0-16"},
	}
	if !reflect.DeepEqual(codecs, wantCodecs) {
		t.Fatalf("codecs %+v", codecs)
	}
	if a.Ptime() != 20 {
		t.Fatalf("ptime %d", a.Ptime())
	}
	// Direction: the session-level sendonly applies to sections without one.
	if s.Direction(0) != SendOnly || a.Direction() != SendRecv {
		t.Fatalf("direction %s / %s", s.Direction(0), a.Direction())
	}
	if ap, err := s.RemoteRTP(0); err != nil || ap != netip.MustParseAddrPort("10.0.0.5:49170") {
		t.Fatalf("RemoteRTP(0) = %s, %v", ap, err)
	}
	if ap, err := s.RemoteRTP(1); err != nil || ap != netip.MustParseAddrPort("10.0.0.6:0") {
		t.Fatalf("RemoteRTP(1) = %s, %v", ap, err)
	}
}

func TestCodecsChrome(t *testing.T) {
	s, err := Parse(load(t, "chrome.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Media[0].Codecs()
	if len(c) != 8 || c[0] != (Codec{PT: 111, Name: "opus", Rate: 48000, Channels: 2, Fmtp: "minptime=10;useinbandfec=1"}) ||
		c[7] != (Codec{PT: 126, Name: "telephone-event", Rate: 8000, Channels: 1}) {
		t.Fatalf("codecs %+v", c)
	}
	if port, addr, ok := s.Media[0].RTCP(); !ok || port != 9 || addr != netip.MustParseAddr("0.0.0.0") {
		t.Fatalf("rtcp %d %s %v", port, addr, ok)
	}
}

func TestSetDirection(t *testing.T) {
	s, err := Parse(load(t, "hold.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	s.SetDirection(Inactive)
	out := string(s.Marshal())
	if strings.Count(out, "a=inactive") != 2 || strings.Contains(out, "a=sendonly") {
		t.Fatalf("after SetDirection:\n%s", out)
	}
	b, _ := Parse(load(t, "baresip.sdp"))
	b.Media[0].SetDirection(RecvOnly)
	// In place of the old one, not appended.
	if got := b.Media[0].Attributes[5]; got.Key != "recvonly" {
		t.Fatalf("attribute 5 = %+v", got)
	}
	if SendOnly.Reverse() != RecvOnly || Inactive.Reverse() != Inactive {
		t.Fatal("Reverse")
	}
}

func TestAnchor(t *testing.T) {
	s, err := Parse(load(t, "chrome.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	orig := s.Clone()
	if err := s.Anchor(netip.MustParseAddr("203.0.113.1"), []uint16{30000}, "", 42, 7); err != nil {
		t.Fatal(err)
	}
	out := string(s.Marshal())
	for _, want := range []string{
		"o=dialtone 42 7 IN IP4 203.0.113.1\r\n",
		"c=IN IP4 203.0.113.1\r\n",
		"m=audio 30000 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n",
		"a=rtcp:30001\r\n",
		"a=rtpmap:111 opus/48000/2\r\n", "a=fmtp:111 minptime=10;useinbandfec=1\r\n", "a=sendrecv\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, gone := range []string{"candidate", "ice-", "192.168.1.50", "203.0.113.7", "0.0.0.0", "127.0.0.1"} {
		if strings.Contains(out, gone) {
			t.Errorf("still contains %q:\n%s", gone, out)
		}
	}
	// The clone was not touched.
	if !bytes.Equal(orig.Marshal(), load(t, "chrome.sdp")) {
		t.Error("Clone shares state with the anchored copy")
	}

	h, _ := Parse(load(t, "hold.sdp"))
	if err := h.Anchor(netip.MustParseAddr("2001:db8::1"), []uint16{30002, 30004}, "pbx", 1, 2); err != nil {
		t.Fatal(err)
	}
	out = string(h.Marshal())
	for _, want := range []string{
		"o=pbx 1 2 IN IP6 2001:db8::1\r\n", "m=audio 30002 RTP/AVP 8 18 101\r\n",
		"m=video 0 RTP/AVP 31\r\n", // rejected stays rejected
		"a=sendonly\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "10.0.0.") {
		t.Errorf("peer address left:\n%s", out)
	}
	if err := h.Anchor(netip.MustParseAddr("192.0.2.1"), []uint16{1}, "", 1, 1); err == nil || err.Error() != "sdp: anchor: 1 ports for 2 media sections" {
		t.Fatalf("short ports: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	big := "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n" + strings.Repeat("a=x\r\n", MaxLines)
	manyMedia := "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n" + strings.Repeat("m=audio 1 RTP/AVP 0\r\n", MaxMedia+1)
	for _, tc := range []struct {
		name, in, err string
	}{
		{"empty", "", "sdp: syntax: empty description"},
		{"no v", "o=- 1 1 IN IP4 1.2.3.4\r\n", `sdp: syntax: line 1: must be v=0, got "o=- 1 1 IN IP4 1.2.3.4"`},
		{"v=1", "v=1\r\n", `sdp: syntax: line 1: must be v=0, got "v=1"`},
		{"no o", "v=0\r\ns=-\r\n", "sdp: syntax: no o= line"},
		{"bad line", "v=0\r\nhello\r\n", `sdp: syntax: line 2: want <letter>=<value>, got "hello"`},
		{"digit type", "v=0\r\n1=x\r\n", `sdp: syntax: line 2: want <letter>=<value>, got "1=x"`},
		{"short o", "v=0\r\no=- 1 1 IN IP4\r\n", "sdp: syntax: line 2: o= needs 6 fields, got 5"},
		{"o not numeric", "v=0\r\no=- abc 1 IN IP4 1.2.3.4\r\n", `sdp: syntax: line 2: o= session id/version "abc" is not a number`},
		{"two o", "v=0\r\no=- 1 1 IN IP4 a\r\no=- 1 1 IN IP4 a\r\n", "sdp: syntax: line 3: second o= line"},
		{"two v", "v=0\r\nv=0\r\n", "sdp: syntax: line 2: second v= line"},
		{"bad c", "v=0\r\no=- 1 1 IN IP4 a\r\nc=IN IP4\r\n", "sdp: syntax: line 3: c= needs 3 fields, got 2"},
		{"two c", "v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4 a\r\nc=IN IP4 b\r\n", "sdp: syntax: line 5: second c= line in one section (multicast layers are not supported)"},
		{"short m", "v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 1\r\n", `sdp: syntax: line 3: m= needs media, port and proto, got "audio 1"`},
		{"bad port", "v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 70000 RTP/AVP 0\r\n", `sdp: syntax: line 3: m= port "70000": not 0-65535`},
		{"bad count", "v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 1/x RTP/AVP 0\r\n", `sdp: syntax: line 3: m= port count "1/x"`},
		{"too many lines", big, "sdp: syntax: line 1001: more than 1000 lines"},
		{"too many media", manyMedia, "sdp: syntax: line 67: more than 64 media sections"},
		{"too big", strings.Repeat("x", MaxSize+1), "sdp: syntax: 16385 bytes, limit 16384"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			if err == nil || err.Error() != tc.err {
				t.Fatalf("err = %v\nwant  %s", err, tc.err)
			}
		})
	}
}

func TestParseTolerant(t *testing.T) {
	// LF only, blank lines, unknown types, "a=key:" and out-of-order lines.
	in := "v=0\no=- 1 2 IN IP4 10.1.1.1\n\ns=-\nt=0 0\nc=IN IP4 10.1.1.1\ny=0100000001\nm=audio 5004/2 RTP/AVP 0 96\na=rtpmap:96 opus/48000/2\na=empty:\nx=vendor\n"
	s, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if s.Media[0].PortCount != 2 || len(s.Media[0].Codecs()) != 2 || len(s.Fields) != 2 || s.Media[0].Fields[0] != (Field{'x', "vendor"}) {
		t.Fatalf("%+v %+v", s, s.Media[0])
	}
	again, err := Parse(s.Marshal())
	if err != nil || !reflect.DeepEqual(again, s) {
		t.Fatalf("re-parse differs: %v\n%s", err, s.Marshal())
	}
}

func TestMarshalPlacesConnection(t *testing.T) {
	s, _ := Parse(crlf(`
v=0
o=- 1 1 IN IP4 10.0.0.1
s=-
i=info
t=0 0
m=audio 1 RTP/AVP 0
i=media info
b=AS:64
`))
	c := Connection{"IN", "IP4", "192.0.2.9"}
	s.Connection = &c
	s.Media[0].Connection = &c
	want := crlf(`
v=0
o=- 1 1 IN IP4 10.0.0.1
s=-
i=info
c=IN IP4 192.0.2.9
t=0 0
m=audio 1 RTP/AVP 0
i=media info
c=IN IP4 192.0.2.9
b=AS:64
`)
	if got := s.Marshal(); !bytes.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
