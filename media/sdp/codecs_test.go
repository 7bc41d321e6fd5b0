package sdp

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestCodecRTPMap(t *testing.T) {
	for _, tc := range []struct {
		c    Codec
		want string
	}{
		{Codec{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1}, "PCMU/8000"},
		{Codec{PT: 111, Name: "opus", Rate: 48000, Channels: 2}, "opus/48000/2"},
		{Codec{PT: 9, Name: "G722", Rate: 8000}, "G722/8000"},
	} {
		if got := tc.c.RTPMap(); got != tc.want {
			t.Errorf("%+v: RTPMap = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func TestSetCodecs(t *testing.T) {
	body, err := os.ReadFile("testdata/chrome.sdp")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	m := s.Media[0]
	want := []Codec{
		{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
		{PT: 111, Name: "opus", Rate: 48000, Channels: 2, Fmtp: "minptime=10;useinbandfec=1"},
		{PT: 101, Name: "telephone-event", Rate: 8000, Channels: 1, Fmtp: "0-15"},
	}
	m.SetCodecs(want)
	again, err := Parse(s.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	am := again.Media[0]
	if got := am.Codecs(); !reflect.DeepEqual(got, want) {
		t.Errorf("Codecs after SetCodecs:\n got %+v\nwant %+v", got, want)
	}
	if got := strings.Join(am.Formats, " "); got != "0 111 101" {
		t.Errorf("m= formats %q", got)
	}
	var keys []string
	for _, a := range am.Attributes {
		switch a.Key {
		case "rtcp-fb":
			if !strings.HasPrefix(a.Value, "111 ") {
				t.Errorf("rtcp-fb for an unlisted type kept: %q", a.Value)
			}
		case "rtpmap", "fmtp":
			keys = append(keys, a.Key+":"+a.Value)
		}
	}
	wantKeys := []string{"rtpmap:0 PCMU/8000", "rtpmap:111 opus/48000/2", "fmtp:111 minptime=10;useinbandfec=1", "rtpmap:101 telephone-event/8000", "fmtp:101 0-15"}
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("rtpmap/fmtp lines %q, want %q", keys, wantKeys)
	}
	// Attributes that are not about payload types stay, in order.
	for _, k := range []string{"mid", "sendrecv", "rtcp-mux", "ssrc", "setup"} {
		if _, ok := am.Attr(k); !ok {
			t.Errorf("attribute %s lost", k)
		}
	}
	if _, ok := am.Attr("rtcp-fb"); !ok {
		t.Error("rtcp-fb of a kept type (111) dropped")
	}
}

func TestSetCodecsWithoutRTPMap(t *testing.T) {
	s, err := Parse([]byte("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8\r\na=ptime:20\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	s.Media[0].SetCodecs([]Codec{{PT: 8, Name: "PCMA", Rate: 8000, Channels: 1}})
	got := string(s.Marshal())
	want := "m=audio 4000 RTP/AVP 8\r\na=ptime:20\r\na=rtpmap:8 PCMA/8000\r\n"
	if !strings.HasSuffix(got, want) {
		t.Errorf("got\n%s\nwant suffix\n%s", got, want)
	}
}
