package srtp

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// trunkOffer is an offer as an SBC on the trunk sends it: an AES-256 line
// first (not supported, skipped), then the two AES-128 suites.
const trunkOffer = "v=0\r\n" +
	"o=- 2890844526 2890844526 IN IP4 203.0.113.10\r\n" +
	"s=-\r\n" +
	"c=IN IP4 203.0.113.10\r\n" +
	"t=0 0\r\n" +
	"m=audio 16384 RTP/SAVP 0 101\r\n" +
	"a=rtpmap:0 PCMU/8000\r\n" +
	"a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8w\r\n" +
	"a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + key80 + "|2^31\r\n" +
	"a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:" + key80 + "\r\n" +
	"a=rtpmap:101 telephone-event/8000\r\n" +
	"a=fmtp:101 0-15\r\n" +
	"a=sendrecv\r\n"

func parseSDP(t *testing.T, s string) *sdp.Session {
	t.Helper()
	sess, err := sdp.Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func cryptoLines(m *sdp.Media) []string {
	var out []string
	for _, a := range m.Attributes {
		if a.Key == "crypto" {
			out = append(out, a.Value)
		}
	}
	return out
}

func TestAnswerTrunkOffer(t *testing.T) {
	offer := parseSDP(t, trunkOffer)
	cs, perr := Offered(offer.Media[0])
	if len(cs) != 2 || !errors.Is(perr, ErrUnsupported) || !strings.Contains(perr.Error(), "AES_256_CM_HMAC_SHA1_80") {
		t.Fatalf("Offered: %d usable, error %v", len(cs), perr)
	}
	local, remote, err := Answer(offer.Media[0])
	if err != nil {
		t.Fatal(err)
	}
	if remote.Tag != 2 || remote.Suite != AESCM128HMACSHA1_80 || remote.Lifetime != 1<<31 {
		t.Errorf("selected %d %s lifetime %d, want tag 2 AES_CM_128_HMAC_SHA1_80 2^31", remote.Tag, remote.Suite, remote.Lifetime)
	}
	if local.Tag != 2 || local.Suite != remote.Suite || bytes.Equal(local.Key, remote.Key) {
		t.Errorf("our crypto tag %d suite %s, fresh key %v", local.Tag, local.Suite, !bytes.Equal(local.Key, remote.Key))
	}

	ans := offer.Clone()
	SetCrypto(ans.Media[0], local)
	back := parseSDP(t, string(ans.Marshal()))
	lines := cryptoLines(back.Media[0])
	if back.Media[0].Proto != "RTP/SAVP" || len(lines) != 1 || lines[0] != local.String() {
		t.Fatalf("answer m= %s, crypto %q", back.Media[0].Proto, lines)
	}
	// The crypto line took the place of the old ones, before rtpmap:101.
	var keys []string
	for _, a := range back.Media[0].Attributes {
		keys = append(keys, a.Key)
	}
	if got := strings.Join(keys, " "); got != "rtpmap crypto rtpmap fmtp sendrecv" {
		t.Errorf("attribute order %q", got)
	}
	if n := len(cryptoLines(offer.Media[0])); n != 3 {
		t.Errorf("SetCrypto on a clone changed the offer: %d crypto lines", n)
	}
}

// TestOfferAnswer runs both sides over SDP text and then media: each side
// sends under its own key and the other reads it.
func TestOfferAnswer(t *testing.T) {
	plain := strings.Replace(strings.Replace(trunkOffer, "RTP/SAVP", "RTP/AVP", 1), "a=crypto", "a=x-old", -1)
	sess := parseSDP(t, plain)
	offered, err := NewOffer()
	if err != nil {
		t.Fatal(err)
	}
	SetCrypto(sess.Media[0], offered...)
	offerText := string(sess.Marshal())
	if !strings.Contains(offerText, "m=audio 16384 RTP/SAVP 0 101") || strings.Count(offerText, "a=crypto:") != 3 {
		t.Fatalf("offer:\n%s", offerText)
	}

	// The answerer keeps only the 32-bit suite (as if it lacked the others).
	theirs := parseSDP(t, offerText)
	m := theirs.Media[0]
	var kept []sdp.Attribute
	for _, a := range m.Attributes {
		if a.Key != "crypto" || strings.Contains(a.Value, string(AESCM128HMACSHA1_32)) {
			kept = append(kept, a)
		}
	}
	m.Attributes = kept
	bLocal, bRemote, err := Answer(m)
	if err != nil {
		t.Fatal(err)
	}
	SetCrypto(m, bLocal)
	answer := parseSDP(t, string(theirs.Marshal()))

	aLocal, aRemote, err := Accept(offered, answer.Media[0])
	if err != nil {
		t.Fatal(err)
	}
	if aLocal.Suite != AESCM128HMACSHA1_32 || aLocal.Tag != 2 {
		t.Errorf("offerer sends with tag %d %s, want 2 %s", aLocal.Tag, aLocal.Suite, AESCM128HMACSHA1_32)
	}
	if !bytes.Equal(aLocal.Key, bRemote.Key) || !bytes.Equal(aRemote.Key, bLocal.Key) || !bytes.Equal(aRemote.Salt, bLocal.Salt) {
		t.Fatal("keys do not pair up")
	}
	for _, dir := range []struct {
		name      string
		send, rcv Crypto
	}{{"offerer to answerer", aLocal, bRemote}, {"answerer to offerer", bLocal, aRemote}} {
		p, _ := NewProtector(dir.send)
		u, _ := NewUnprotector(dir.rcv)
		var got [][]byte
		for _, pkt := range tonePackets(t, codec.PCMU{}, 4000, 11) {
			sp, err := p.Protect(nil, pkt)
			if err != nil {
				t.Fatal(err)
			}
			rp, err := u.Unprotect(nil, sp)
			if err != nil {
				t.Fatalf("%s: %v", dir.name, err)
			}
			got = append(got, rp)
		}
		checkTone(t, decodeTone(t, codec.PCMU{}, got))
	}
}

func TestAnswerErrors(t *testing.T) {
	tests := []struct {
		name, sdp string
		text      string
	}{
		{"plain RTP", strings.Replace(trunkOffer, "RTP/SAVP", "RTP/AVP", 1), `profile "RTP/AVP" is not RTP/SAVP`},
		{"DTLS-SRTP", strings.Replace(trunkOffer, "RTP/SAVP", "UDP/TLS/RTP/SAVPF", 1), "UDP/TLS/RTP/SAVPF"},
		{"no crypto", strings.Replace(trunkOffer, "a=crypto", "a=x-crypto", -1), "no a=crypto line"},
		{"nothing usable", strings.Replace(strings.Replace(trunkOffer, "AES_CM_128_HMAC_SHA1_80", "F8_128_HMAC_SHA1_80", 1), "AES_CM_128_HMAC_SHA1_32 inline:"+key80, "AES_CM_128_HMAC_SHA1_32 inline:"+key80+"|1:4", 1), "MKI"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Answer(parseSDP(t, tc.sdp).Media[0])
			if !errors.Is(err, ErrNoCrypto) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("Answer: %v, want ErrNoCrypto saying %q", err, tc.text)
			}
		})
	}
}

func TestAcceptErrors(t *testing.T) {
	offered, _ := NewOffer(AESCM128HMACSHA1_80, AESCM128HMACSHA1_32)
	answerWith := func(proto string, lines ...string) *sdp.Media {
		m := &sdp.Media{Type: "audio", Port: 4000, Proto: proto, Formats: []string{"0"}}
		for _, l := range lines {
			m.Attributes = append(m.Attributes, sdp.Attribute{Key: "crypto", Value: l})
		}
		return m
	}
	good := "2 AES_CM_128_HMAC_SHA1_32 inline:" + key80
	tests := []struct {
		name string
		m    *sdp.Media
		text string
	}{
		{"plain answer", answerWith("RTP/AVP", good), `answer profile "RTP/AVP"`},
		{"no line", answerWith("RTP/SAVP"), "0 a=crypto lines"},
		{"two lines", answerWith("RTP/SAVP", good, good), "2 a=crypto lines"},
		{"tag not offered", answerWith("RTP/SAVP", "7 AES_CM_128_HMAC_SHA1_32 inline:"+key80), "tag 7 was not offered"},
		{"suite changed", answerWith("RTP/SAVP", "2 AES_CM_128_HMAC_SHA1_80 inline:"+key80), "tag 2 has suite AES_CM_128_HMAC_SHA1_80, we offered AES_CM_128_HMAC_SHA1_32"},
		{"bad line", answerWith("RTP/SAVP", "2 AES_CM_128_HMAC_SHA1_32 inline:short"), "key:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Accept(offered, tc.m)
			if !errors.Is(err, ErrNoCrypto) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("Accept: %v, want ErrNoCrypto saying %q", err, tc.text)
			}
		})
	}
	local, remote, err := Accept(offered, answerWith("RTP/SAVP", good))
	if err != nil || local.Tag != 2 || !bytes.Equal(local.Key, offered[1].Key) || remote.Suite != AESCM128HMACSHA1_32 {
		t.Errorf("Accept(good): %v", err)
	}
}

func TestClearCrypto(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"RTP/SAVP", "RTP/AVP"}, {"RTP/SAVPF", "RTP/AVPF"}, {"RTP/AVP", "RTP/AVP"},
	} {
		sess := parseSDP(t, strings.Replace(trunkOffer, "RTP/SAVP", tc.in, 1))
		m := sess.Media[0]
		before := m.Attributes
		n := len(before)
		ClearCrypto(m)
		if m.Proto != tc.out || len(cryptoLines(m)) != 0 || len(m.Attributes) != n-3 {
			t.Errorf("%s: proto %s, %d crypto lines, %d attributes", tc.in, m.Proto, len(cryptoLines(m)), len(m.Attributes))
		}
		if before[2].Key != "crypto" {
			t.Errorf("%s: ClearCrypto rewrote the old attribute slice", tc.in)
		}
		if out := string(sess.Marshal()); strings.Contains(out, "inline:") {
			t.Errorf("%s: a key is still in\n%s", tc.in, out)
		}
	}
	m := &sdp.Media{Proto: "RTP/AVPF"}
	c, _ := NewCrypto(1, AESCM128HMACSHA1_80)
	SetCrypto(m, c)
	if m.Proto != "RTP/SAVPF" || !Secure(m) {
		t.Errorf("SetCrypto on RTP/AVPF: %s", m.Proto)
	}
}

func TestSelect(t *testing.T) {
	a, _ := NewCrypto(4, AESCM128HMACSHA1_32)
	b, _ := NewCrypto(5, AESCM128HMACSHA1_80)
	bad := Crypto{Tag: 3, Suite: AESCM128HMACSHA1_80, Key: []byte{1}}
	if c, ok := Select([]Crypto{bad, a, b}); !ok || c.Tag != 4 {
		t.Errorf("Select = %d %v, want the first usable (tag 4)", c.Tag, ok)
	}
	if _, ok := Select([]Crypto{bad}); ok {
		t.Error("Select accepted an invalid crypto")
	}
	if _, ok := Select(nil); ok {
		t.Error("Select(nil) = ok")
	}
}
