package bridge

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/sdp"
)

func TestOfferFor(t *testing.T) {
	for _, tc := range []struct {
		name    string
		offer   func(t *testing.T) *sdp.Session
		prefs   Prefs
		formats string            // the audio m= formats of the result
		rtpmap  map[string]string // some a=rtpmap values expected
		ptime   int
		err     error
	}{
		{
			name: "baresip: own codecs first, opus added, telephone-event kept", offer: file("baresip.sdp"),
			formats: "9 0 8 96 101", rtpmap: map[string]string{"96": "opus/48000/2", "101": "telephone-event/8000"}, ptime: 20,
		},
		{
			name: "sipp PCMU only: Prefs added in order, telephone-event added as 101", offer: file("sipp.sdp"),
			formats: "0 8 9 96 101", rtpmap: map[string]string{"8": "PCMA/8000", "9": "G722/8000", "96": "opus/48000/2", "101": "telephone-event/8000"},
		},
		{
			name: "sipp with Prefs G722 only and a ptime", offer: file("sipp.sdp"), prefs: Prefs{Codecs: []string{"g722", "G729"}, Ptime: 30 * time.Millisecond},
			formats: "0 9 101", ptime: 30,
		},
		{
			name: "Chrome: red dropped, CN and both telephone-events kept, nothing to add", offer: file("chrome.sdp"),
			formats: "111 9 0 8 13 110 126", rtpmap: map[string]string{"111": "opus/48000/2", "110": "telephone-event/48000"},
		},
		{
			name: "G.729 kept after the known codecs, before the added ones", offer: file("hold.sdp"),
			formats: "8 18 0 9 96 101", ptime: 20,
		},
		{
			name:    "G.729 only: nothing to transcode from, nothing added but telephone-event",
			offer:   text("m=audio 4000 RTP/AVP 18\na=rtpmap:18 G729/8000\na=fmtp:18 annexb=no"),
			formats: "18 101",
		},
		{
			name:    "dynamic numbers A uses are not reused",
			offer:   text("m=audio 4000 RTP/AVP 0 96 101\na=rtpmap:96 iLBC/8000\na=rtpmap:101 telephone-event/8000"),
			prefs:   Prefs{Codecs: []string{"opus"}},
			formats: "0 96 97 101", rtpmap: map[string]string{"97": "opus/48000/2", "96": "iLBC/8000"},
		},
		{
			name:    "telephone-event at 48 kHz only: one at 8 kHz added",
			offer:   text("m=audio 4000 RTP/AVP 111 110\na=rtpmap:111 opus/48000/2\na=rtpmap:110 telephone-event/48000"),
			prefs:   Prefs{Codecs: []string{"PCMU"}},
			formats: "111 0 110 101",
		},
		{
			name: "only telephone-event", offer: text("m=audio 4000 RTP/AVP 101\na=rtpmap:101 telephone-event/8000"),
			err: ErrNoCodec,
		},
		{
			name: "no audio", offer: text("m=video 4000 RTP/AVP 96\na=rtpmap:96 VP8/90000"),
			err: ErrMalformed,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.offer(t)
			before := string(in.Marshal())
			out, err := OfferFor(in, tc.prefs)
			if string(in.Marshal()) != before {
				t.Error("OfferFor modified its input")
			}
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			again, err := sdp.Parse(out.Marshal())
			if err != nil {
				t.Fatalf("offer does not parse: %v", err)
			}
			if got := formats(again); got != tc.formats {
				t.Errorf("formats %q, want %q", got, tc.formats)
			}
			m := again.Media[audioIndex(again)]
			for pt, want := range tc.rtpmap {
				found := false
				for _, a := range m.Attributes {
					if a.Key == "rtpmap" && a.Value == pt+" "+want {
						found = true
					}
				}
				if !found {
					t.Errorf("no a=rtpmap:%s %s", pt, want)
				}
			}
			if len(m.Codecs()) != len(m.Formats) {
				t.Errorf("%d formats but %d resolve to codecs", len(m.Formats), len(m.Codecs()))
			}
			if m.Ptime() != tc.ptime {
				t.Errorf("ptime %d, want %d", m.Ptime(), tc.ptime)
			}
			if in.Direction(0) != again.Direction(0) {
				t.Errorf("direction %s, offered %s", again.Direction(0), in.Direction(0))
			}
			if len(again.Media) != len(in.Media) {
				t.Errorf("%d media sections, offered %d", len(again.Media), len(in.Media))
			}
		})
	}
}

func file(name string) func(t *testing.T) *sdp.Session {
	return func(t *testing.T) *sdp.Session { return sdpFile(t, name) }
}

func text(media string) func(t *testing.T) *sdp.Session {
	return func(t *testing.T) *sdp.Session {
		return sdpText(t, "v=0\no=alice 1 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\n"+media)
	}
}

func TestOfferForKeepsFmtpAndDirection(t *testing.T) {
	a := sdpFile(t, "hold.sdp")
	out, err := OfferFor(a, Prefs{})
	if err != nil {
		t.Fatal(err)
	}
	body := string(out.Marshal())
	for _, want := range []string{"a=fmtp:18 annexb=no", "a=fmtp:101 0-16", "a=sendonly", "m=video 0 RTP/AVP 31"} {
		if !strings.Contains(body, want) {
			t.Errorf("offer lacks %q:\n%s", want, body)
		}
	}
}

func TestPrefsValidate(t *testing.T) {
	for _, tc := range []struct {
		p    Prefs
		want string
	}{
		{Prefs{Codecs: []string{"PCMU", "pcma", "G722", "OPUS", "telephone-event"}, Ptime: 20 * time.Millisecond}, ""},
		{Prefs{}, ""},
		{Prefs{Codecs: []string{"PCMU", "G729"}}, `bridge: codec preference "G729": codec: unknown codec`},
		{Prefs{Ptime: 1500 * time.Microsecond}, "bridge: ptime 1.5ms: want a whole number of milliseconds up to 200 ms"},
	} {
		err := tc.p.Validate()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
	if !reflect.DeepEqual(DefaultCodecs(), []string{"PCMU", "PCMA", "G722", "opus"}) {
		t.Errorf("DefaultCodecs %v", DefaultCodecs())
	}
}
