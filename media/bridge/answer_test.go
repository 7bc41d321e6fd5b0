package bridge

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/sdp"
)

func TestAnswer(t *testing.T) {
	opusA := text("m=audio 4000 RTP/AVP 111 101\na=rtpmap:111 opus/48000/2\na=fmtp:111 minptime=10;useinbandfec=1\na=rtpmap:101 telephone-event/48000\na=fmtp:101 0-15")
	for _, tc := range []struct {
		name        string
		a           func(t *testing.T) *sdp.Session
		prefs       Prefs
		b           []string // the callee's answer: formats, then attribute lines
		transcoding bool
		A, B        LegMedia // Codec is not compared
		aFormats    string   // the caller's answer
		needs       bool     // NeedsProcessor A→B
		err         error
	}{
		{
			name: "PCMU-only caller, G.722-only callee: transcoding", a: file("sipp.sdp"),
			b:           []string{"9", "rtpmap:9 G722/8000"},
			transcoding: true,
			A:           LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			B:           LegMedia{PT: 9, Name: "G722", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			aFormats:    "0", needs: true,
		},
		{
			name: "both PCMU: passthrough, fast path", a: file("sipp.sdp"),
			b:        []string{"0", "rtpmap:0 PCMU/8000"},
			A:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			B:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			aFormats: "0", needs: false,
		},
		{
			name: "both PCMU, only the callee has telephone-event: a processor to inject INFO digits", a: file("sipp.sdp"),
			b:        []string{"0 101", "rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000"},
			A:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			B:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond, DTMFPT: 101, DTMFClock: 8000},
			aFormats: "0", needs: true,
		},
		{
			name: "baresip caller, PCMU callee with telephone-event: passthrough", a: file("baresip.sdp"),
			b:        []string{"0 101", "rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000", "fmtp:101 0-15", "ptime:20"},
			A:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond, DTMFPT: 101, DTMFClock: 8000},
			B:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond, DTMFPT: 101, DTMFClock: 8000},
			aFormats: "0 101", needs: false,
		},
		{
			name: "opus 111 + te 101, callee answers opus 96 + te 100: payload types mapped", a: opusA,
			b:        []string{"96 100", "rtpmap:96 opus/48000/2", "rtpmap:100 telephone-event/48000"},
			A:        LegMedia{PT: 111, Name: "opus", ClockRate: 48000, Channels: 2, Ptime: 20 * time.Millisecond, DTMFPT: 101, DTMFClock: 48000},
			B:        LegMedia{PT: 96, Name: "opus", ClockRate: 48000, Channels: 2, Ptime: 20 * time.Millisecond, DTMFPT: 100, DTMFClock: 48000},
			aFormats: "111 101", needs: true,
		},
		{
			name: "opus caller, PCMU callee without telephone-event: transcoding, caller keeps its events", a: opusA,
			b:           []string{"0", "rtpmap:0 PCMU/8000"},
			transcoding: true,
			A:           LegMedia{PT: 111, Name: "opus", ClockRate: 48000, Channels: 2, Ptime: 20 * time.Millisecond, DTMFPT: 101, DTMFClock: 48000},
			B:           LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			aFormats:    "111 101", needs: true,
		},
		{
			name: "Chrome caller, G.722 callee with CN: passthrough, 8 kHz telephone-event, CN both sides", a: file("chrome.sdp"),
			b:        []string{"9 13 101", "rtpmap:9 G722/8000", "rtpmap:13 CN/8000", "rtpmap:101 telephone-event/8000"},
			A:        LegMedia{PT: 9, Name: "G722", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond, DTMFPT: 126, DTMFClock: 8000, CNPT: 13},
			B:        LegMedia{PT: 9, Name: "G722", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond, DTMFPT: 101, DTMFClock: 8000, CNPT: 13},
			aFormats: "9 13 126", needs: true,
		},
		{
			name: "Chrome caller, callee picks an added codec it does not share: no CN offered to the caller", a: file("sipp.sdp"),
			b:           []string{"96 13", "rtpmap:96 opus/48000/2", "rtpmap:13 CN/8000"},
			transcoding: true,
			A:           LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			B:           LegMedia{PT: 96, Name: "opus", ClockRate: 48000, Channels: 2, Ptime: 20 * time.Millisecond, CNPT: 13},
			aFormats:    "0", needs: true,
		},
		{
			name: "ptime 30 against 20", a: text("m=audio 4000 RTP/AVP 0\na=ptime:30"),
			b:        []string{"0", "ptime:20"},
			A:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 30 * time.Millisecond},
			B:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			aFormats: "0", needs: true,
		},
		{
			name: "Prefs ptime for a caller that names none", a: file("sipp.sdp"), prefs: Prefs{Ptime: 30 * time.Millisecond},
			b:        []string{"0"},
			A:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 30 * time.Millisecond},
			B:        LegMedia{PT: 0, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: 30 * time.Millisecond},
			aFormats: "0", needs: false,
		},
		{
			name: "G.729 shared: passthrough of a codec Dialtone cannot code", a: file("hold.sdp"),
			b:        []string{"18", "rtpmap:18 G729/8000"},
			A:        LegMedia{PT: 18, Name: "G729", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond, DTMFPT: 101, DTMFClock: 8000},
			B:        LegMedia{PT: 18, Name: "G729", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond},
			aFormats: "18 101", needs: true,
		},
		{
			name: "G.729-only caller, PCMU callee", a: text("m=audio 4000 RTP/AVP 18\na=rtpmap:18 G729/8000"),
			b:   []string{"0", "rtpmap:0 PCMU/8000"},
			err: ErrNoCodec,
		},
		{
			name: "PCMU caller, callee answers iLBC: no common and not transcodable", a: file("sipp.sdp"),
			b:   []string{"97", "rtpmap:97 iLBC/8000"},
			err: ErrNoCodec,
		},
		{
			name: "callee answers only telephone-event", a: file("sipp.sdp"),
			b:   []string{"101", "rtpmap:101 telephone-event/8000"},
			err: ErrNoCodec,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a(t)
			bOffer, err := OfferFor(a, tc.prefs)
			if err != nil {
				t.Fatal(err)
			}
			bAnswer := answerSDP(t, tc.b[0], tc.b[1:]...)
			for _, m := range bOffer.Media[len(bAnswer.Media):] {
				r := *m // refused, as a real answerer would (RFC 3264 §6)
				r.Port = 0
				bAnswer.Media = append(bAnswer.Media, &r)
			}
			ans, plan, err := Answer(a, bOffer, bAnswer, tc.prefs)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if plan.Transcoding() != tc.transcoding {
				t.Errorf("Transcoding() = %v", plan.Transcoding())
			}
			for _, leg := range []struct {
				name      string
				got, want LegMedia
			}{{"A", plan.A, tc.A}, {"B", plan.B, tc.B}} {
				if (leg.got.Codec == nil) != (leg.want.Name == "G729") {
					t.Errorf("%s: Codec %v", leg.name, leg.got.Codec)
				}
				leg.got.Codec = nil
				if leg.got != leg.want {
					t.Errorf("%s:\n got %+v\nwant %+v", leg.name, leg.got, leg.want)
				}
			}
			again, err := sdp.Parse(ans.Marshal())
			if err != nil {
				t.Fatalf("answer does not parse: %v", err)
			}
			if got := formats(again); got != tc.aFormats {
				t.Errorf("caller's answer formats %q, want %q", got, tc.aFormats)
			}
			m := again.Media[0]
			if len(m.Codecs()) != len(m.Formats) {
				t.Errorf("answer: %d formats, %d codecs", len(m.Formats), len(m.Codecs()))
			}
			if m.Ptime() != int(plan.A.Ptime.Milliseconds()) {
				t.Errorf("answer ptime %d, caller's %v", m.Ptime(), plan.A.Ptime)
			}
			if got := NeedsProcessor(plan.A, plan.B); got != tc.needs {
				t.Errorf("NeedsProcessor(A, B) = %v", got)
			}
			for _, leg := range []LegMedia{plan.A, plan.B} {
				if _, err := NewProcessor(leg, otherLeg(plan, leg), Options{}); err != nil {
					t.Errorf("NewProcessor: %v", err)
				}
			}
		})
	}
}

func otherLeg(p Plan, l LegMedia) LegMedia {
	if l == p.A {
		return p.B
	}
	return p.A
}

func TestAnswerMalformed(t *testing.T) {
	a := sdpFile(t, "sipp.sdp")
	bOffer, err := OfferFor(a, Prefs{})
	if err != nil {
		t.Fatal(err)
	}
	refused := answerSDP(t, "0")
	refused.Media[0].Port = 0
	two := answerSDP(t, "0")
	two.Media = append(two.Media, two.Media[0])
	video := answerSDP(t, "0")
	video.Media[0].Type = "video"
	for _, tc := range []struct {
		name    string
		answer  *sdp.Session
		err     error
		errText string
	}{
		{"refused", refused, ErrNoCodec, "bridge: no common or transcodable codec: the callee refused the audio stream"},
		{"extra section", two, ErrMalformed, "bridge: malformed session description: 1, 1 and 2 media sections (audio at 0 and 0) do not line up"},
		{"not audio", video, ErrMalformed, `bridge: malformed session description: answer section 0 is "video", offered audio`},
	} {
		_, _, err := Answer(a, bOffer, tc.answer, Prefs{})
		if !errors.Is(err, tc.err) || err.Error() != tc.errText {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.errText)
		}
	}
}

func TestAnswerKeepsCalleeDirectionAndFmtp(t *testing.T) {
	a := sdpText(t, "v=0\no=a 1 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\nm=audio 4000 RTP/AVP 111 101\na=rtpmap:111 opus/48000/2\na=rtpmap:101 telephone-event/48000\na=sendonly")
	bOffer, _ := OfferFor(a, Prefs{})
	bAnswer := answerSDP(t, "96 100", "rtpmap:96 opus/48000/2", "fmtp:96 stereo=1;maxaveragebitrate=20000", "rtpmap:100 telephone-event/48000", "fmtp:100 0-16", "recvonly")
	ans, _, err := Answer(a, bOffer, bAnswer, Prefs{})
	if err != nil {
		t.Fatal(err)
	}
	body := string(ans.Marshal())
	for _, want := range []string{"a=rtpmap:111 opus/48000/2", "a=fmtp:111 stereo=1;maxaveragebitrate=20000", "a=fmtp:101 0-16", "a=recvonly", "a=ptime:20"} {
		if !strings.Contains(body, want) {
			t.Errorf("answer lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, ":96 ") || strings.Contains(body, ":100 ") {
		t.Errorf("the callee's payload numbers leaked:\n%s", body)
	}
}

func TestRestrict(t *testing.T) {
	reoffer := sdpFile(t, "chrome.sdp")
	reoffer.Media[0].SetDirection(sdp.SendOnly)
	leg := withTE(g722(9), 101, 8000)
	leg.CNPT = 13
	out := Restrict(reoffer, leg)
	if got := formats(out); got != "9 13 101" {
		t.Errorf("formats %q", got)
	}
	if out.Direction(0) != sdp.SendOnly {
		t.Errorf("direction %s", out.Direction(0))
	}
	if formats(reoffer) != "111 63 9 0 8 13 110 126" {
		t.Error("Restrict modified its input")
	}
	cs := out.Media[0].Codecs()
	if len(cs) != 3 || cs[2].Name != "telephone-event" || cs[2].Rate != 8000 || cs[2].Fmtp != "0-15" {
		t.Errorf("codecs %+v", cs)
	}
	if out.Media[0].Ptime() != 20 {
		t.Errorf("ptime %d", out.Media[0].Ptime())
	}
}

func TestReoffer(t *testing.T) {
	leg := withTE(opus(111), 101, 48000)
	leg.Ptime = 20 * time.Millisecond
	renumbered := text("m=audio 4000 RTP/AVP 0 109 102\na=rtpmap:109 opus/48000/2\na=rtpmap:102 telephone-event/48000\na=ptime:40")(t)
	got, err := Reoffer(renumbered, leg)
	if err != nil {
		t.Fatal(err)
	}
	if got.PT != 109 || got.DTMFPT != 102 || got.Ptime != 40*time.Millisecond || got.Codec == nil {
		t.Errorf("Reoffer: %+v", got)
	}
	if !NeedsProcessor(leg, got) {
		t.Error("a renumbered leg should need a new processor")
	}
	gone := text("m=audio 4000 RTP/AVP 0 8")(t)
	if _, err := Reoffer(gone, leg); !errors.Is(err, ErrCodecChanged) {
		t.Errorf("codec gone: %v", err)
	}
	held := text("m=audio 4000 RTP/AVP 111 101\na=rtpmap:111 opus/48000/2\na=rtpmap:101 telephone-event/48000\na=sendonly")(t)
	if got, err := Reoffer(held, leg); err != nil || got != leg {
		t.Errorf("hold with the same codec: %+v, %v", got, err)
	}
}
