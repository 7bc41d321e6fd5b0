package srtp

import (
	"bytes"
	"crypto/aes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
	pionsrtp "github.com/pion/srtp/v3"
)

func newPair(t testing.TB, s Suite) (*Protector, *Unprotector, Crypto) {
	t.Helper()
	c, err := NewCrypto(1, s)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProtector(c)
	if err != nil {
		t.Fatal(err)
	}
	u, err := NewUnprotector(c)
	if err != nil {
		t.Fatal(err)
	}
	return p, u, c
}

// TestRoundTrip: a tone protected and unprotected comes back byte for byte,
// across a sequence number wrap (the rollover counter, RFC 3711 §3.3.1),
// and is not audible on the wire.
func TestRoundTrip(t *testing.T) {
	for _, s := range Suites() {
		t.Run(string(s), func(t *testing.T) {
			p, u, _ := newPair(t, s)
			clear := tonePackets(t, codec.PCMU{}, 65530, 0x1234abcd)
			var wire, back [][]byte
			for _, pkt := range clear {
				in := bytes.Clone(pkt)
				sp, err := p.Protect(nil, pkt)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(pkt, in) {
					t.Fatal("Protect changed its input")
				}
				if len(sp) != len(pkt)+p.Overhead() {
					t.Fatalf("SRTP packet %d bytes, want %d + %d", len(sp), len(pkt), p.Overhead())
				}
				if !bytes.Equal(sp[:rtp.HeaderLen], pkt[:rtp.HeaderLen]) {
					t.Fatal("header not sent in clear")
				}
				wire = append(wire, sp[:len(pkt)])
				rp, err := u.Unprotect(nil, sp)
				if err != nil {
					t.Fatalf("seq %d: %v", binary.BigEndian.Uint16(pkt[2:]), err)
				}
				if !bytes.Equal(rp, pkt) {
					t.Fatalf("seq %d: unprotected packet differs", binary.BigEndian.Uint16(pkt[2:]))
				}
				back = append(back, rp)
			}
			checkTone(t, decodeTone(t, codec.PCMU{}, back))
			// On the wire the payload is noise: no 440 Hz tone left in it.
			if l := audiotest.Level(decodeTone(t, codec.PCMU{}, wire), 8000, toneHz); l > 0.05 {
				t.Errorf("encrypted payload still has the tone at level %.3f", l)
			}
			if st := u.Stats(); st.Packets != uint64(len(clear)) || st.AuthFailures+st.Replays+st.Invalid != 0 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// TestInPlace: dst = pkt[:0] with room for the tag works in place both ways.
func TestInPlace(t *testing.T) {
	p, u, _ := newPair(t, AESCM128HMACSHA1_80)
	pkt := tonePackets(t, codec.PCMU{}, 1, 7)[0]
	buf := make([]byte, len(pkt), len(pkt)+p.Overhead())
	copy(buf, pkt)
	sp, err := p.Protect(buf[:0], buf)
	if err != nil || &sp[0] != &buf[0] {
		t.Fatalf("Protect in place: err %v, same buffer %v", err, err == nil && &sp[0] == &buf[0])
	}
	rp, err := u.Unprotect(sp[:0], sp)
	if err != nil || !bytes.Equal(rp, pkt) {
		t.Fatalf("Unprotect in place: %v", err)
	}
}

// TestAppends: Protect and Unprotect append to dst like append does.
func TestAppends(t *testing.T) {
	p, u, _ := newPair(t, AESCM128HMACSHA1_32)
	pkt := tonePackets(t, codec.PCMU{}, 1, 7)[0]
	sp, err := p.Protect([]byte("head"), pkt)
	if err != nil || string(sp[:4]) != "head" || len(sp) != 4+len(pkt)+4 {
		t.Fatalf("Protect appended wrongly: %v, %d bytes", err, len(sp))
	}
	rp, err := u.Unprotect([]byte("x"), sp[4:])
	if err != nil || string(rp[:1]) != "x" || !bytes.Equal(rp[1:], pkt) {
		t.Fatalf("Unprotect appended wrongly: %v", err)
	}
}

func TestTampered(t *testing.T) {
	for _, s := range Suites() {
		t.Run(string(s), func(t *testing.T) {
			p, u, _ := newPair(t, s)
			pkts := tonePackets(t, codec.PCMU{}, 100, 42)
			for i, where := range []struct {
				name string
				at   func(n int) int
			}{
				{"payload", func(int) int { return 50 }},
				{"timestamp", func(int) int { return 5 }},
				{"marker/pt", func(int) int { return 1 }},
				{"tag", func(n int) int { return n - 1 }},
			} {
				sp, err := p.Protect(nil, pkts[i])
				if err != nil {
					t.Fatal(err)
				}
				sp[where.at(len(sp))] ^= 0x01
				if _, err := u.Unprotect(nil, sp); !errors.Is(err, ErrAuth) {
					t.Errorf("%s flipped: %v, want ErrAuth", where.name, err)
				}
				// The tampered copy does not burn the sequence number.
				sp[where.at(len(sp))] ^= 0x01
				if _, err := u.Unprotect(nil, sp); err != nil {
					t.Errorf("%s: genuine packet after a forged one: %v", where.name, err)
				}
			}
			// A packet under another key fails too.
			other, _, _ := newPair(t, s)
			sp, _ := other.Protect(nil, pkts[10])
			if _, err := u.Unprotect(nil, sp); !errors.Is(err, ErrAuth) {
				t.Errorf("other key: %v, want ErrAuth", err)
			}
			if st := u.Stats(); st.AuthFailures != 5 || st.Packets != 4 {
				t.Errorf("stats %+v, want 5 auth failures and 4 packets", st)
			}
		})
	}
}

func TestReplay(t *testing.T) {
	p, u, _ := newPair(t, AESCM128HMACSHA1_80)
	pcmu := tonePackets(t, codec.PCMU{}, 1, 9)
	var sps [][]byte
	for i := 0; i < 300; i++ {
		pkt := bytes.Clone(pcmu[i%len(pcmu)])
		binary.BigEndian.PutUint16(pkt[2:], uint16(1+i))
		sp, err := p.Protect(nil, pkt)
		if err != nil {
			t.Fatal(err)
		}
		sps = append(sps, sp)
	}
	late := map[int]bool{10: true, 250: true}
	for i, sp := range sps {
		if late[i] {
			continue
		}
		if _, err := u.Unprotect(nil, sp); err != nil {
			t.Fatalf("packet %d: %v", i, err)
		}
	}
	cases := []struct {
		name string
		i    int
		want error
	}{
		{"same packet again", 299, ErrReplay},
		{"old packet again", 200, ErrReplay},
		{"late, within the window", 250, nil},
		{"late, within the window, twice", 250, ErrReplay},
		{"late, behind the window", 10, ErrReplay},
	}
	for _, tc := range cases {
		_, err := u.Unprotect(nil, sps[tc.i])
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if st := u.Stats(); st.Replays != 4 || st.AuthFailures != 0 {
		t.Errorf("stats %+v, want 4 replays", st)
	}
}

func TestRTCP(t *testing.T) {
	for _, s := range Suites() {
		t.Run(string(s), func(t *testing.T) {
			p, u, _ := newPair(t, s)
			sr := rtp.AppendSR(nil, 0xfeedbeef, rtp.SenderInfo{NTP: 1 << 40, RTPTime: 8000, Packets: 50, Octets: 8000},
				rtp.ReportBlock{SSRC: 0x1234, FractionLost: 3, Lost: 2, HighestSeq: 70000, Jitter: 12})
			sr = rtp.AppendRR(sr, 0xfeedbeef)
			enc, err := p.ProtectRTCP(nil, sr)
			if err != nil {
				t.Fatal(err)
			}
			if len(enc) != len(sr)+p.OverheadRTCP() || !bytes.Equal(enc[:8], sr[:8]) || bytes.Equal(enc[8:len(sr)], sr[8:]) {
				t.Fatalf("SRTCP: %d bytes (want %d), first 8 in clear, rest encrypted", len(enc), len(sr)+p.OverheadRTCP())
			}
			if !rtp.IsRTCP(enc) {
				t.Error("SRTCP packet no longer demultiplexes as RTCP")
			}
			dec, err := u.UnprotectRTCP(nil, enc)
			if err != nil || !bytes.Equal(dec, sr) {
				t.Fatalf("UnprotectRTCP: %v, equal %v", err, bytes.Equal(dec, sr))
			}
			reps, err := rtp.ParseRTCP(dec)
			if err != nil || len(reps) != 2 || reps[0].Sender.Packets != 50 || reps[0].Blocks[0].HighestSeq != 70000 {
				t.Errorf("parsed %+v, %v", reps, err)
			}
			if _, err := u.UnprotectRTCP(nil, enc); !errors.Is(err, ErrReplay) {
				t.Errorf("SRTCP replay: %v", err)
			}
			enc2, _ := p.ProtectRTCP(nil, sr)
			enc2[12] ^= 0x80
			if _, err := u.UnprotectRTCP(nil, enc2); !errors.Is(err, ErrAuth) {
				t.Errorf("SRTCP tampered: %v", err)
			}
			if st := u.Stats(); st.RTCPPackets != 1 || st.Replays != 1 || st.AuthFailures != 1 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// TestInteropPion: our contexts against pion's own srtp.Context built from
// the same key, both ways.
func TestInteropPion(t *testing.T) {
	profiles := map[Suite]pionsrtp.ProtectionProfile{
		AESCM128HMACSHA1_80: pionsrtp.ProtectionProfileAes128CmHmacSha1_80,
		AESCM128HMACSHA1_32: pionsrtp.ProtectionProfileAes128CmHmacSha1_32,
		AEADAES128GCM:       pionsrtp.ProtectionProfileAeadAes128Gcm,
	}
	for _, s := range Suites() {
		t.Run(string(s), func(t *testing.T) {
			// Keys travel as SDP text, as they would between two parties.
			ours, _ := NewCrypto(1, s)
			theirs, _ := NewCrypto(1, s)
			peerKey, err := ParseCrypto(theirs.String())
			if err != nil {
				t.Fatal(err)
			}
			p, _ := NewProtector(ours)
			u, _ := NewUnprotector(peerKey)
			pionDec, err := pionsrtp.CreateContext(ours.Key, ours.Salt, profiles[s], pionsrtp.SRTPReplayProtection(64))
			if err != nil {
				t.Fatal(err)
			}
			pionEnc, err := pionsrtp.CreateContext(theirs.Key, theirs.Salt, profiles[s])
			if err != nil {
				t.Fatal(err)
			}
			var got [][]byte
			for _, pkt := range tonePackets(t, codec.PCMA{}, 65500, 77) {
				sp, err := p.Protect(nil, pkt)
				if err != nil {
					t.Fatal(err)
				}
				dec, err := pionDec.DecryptRTP(nil, sp, nil)
				if err != nil || !bytes.Equal(dec, pkt) {
					t.Fatalf("pion could not read ours: %v", err)
				}
				their, err := pionEnc.EncryptRTP(nil, pkt, nil)
				if err != nil {
					t.Fatal(err)
				}
				rp, err := u.Unprotect(nil, their)
				if err != nil || !bytes.Equal(rp, pkt) {
					t.Fatalf("we could not read pion's: %v", err)
				}
				got = append(got, rp)
			}
			checkTone(t, decodeTone(t, codec.PCMA{}, got))
		})
	}
}

// aesCM is AES counter mode keystream for SRTP (RFC 3711 §4.1.1), written
// here from the RFC and independent of pion: IV = (salt·2^16) XOR
// (SSRC·2^64) XOR (index·2^16).
func aesCM(t *testing.T, key, salt []byte, ssrc uint32, index uint64, n int) []byte {
	t.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	var iv [16]byte
	copy(iv[:], salt)
	var s [4]byte
	binary.BigEndian.PutUint32(s[:], ssrc)
	for i := range 4 {
		iv[4+i] ^= s[i]
	}
	var idx [8]byte
	binary.BigEndian.PutUint64(idx[:], index<<16)
	for i := range 8 {
		iv[8+i] ^= idx[i]
	}
	out := make([]byte, 0, n+16)
	var ks [16]byte
	for ctr := uint16(0); len(out) < n; ctr++ {
		b := iv
		binary.BigEndian.PutUint16(b[14:], binary.BigEndian.Uint16(iv[14:])+ctr)
		block.Encrypt(ks[:], b[:])
		out = append(out, ks[:]...)
	}
	return out[:n]
}

// TestRFC3711Vectors checks the keystream against RFC 3711 Appendix B.2,
// then a packet from our Protector against the session keys of Appendix B.3
// (key derivation), with an independently computed keystream and HMAC-SHA1
// tag (§4.2).
func TestRFC3711Vectors(t *testing.T) {
	// B.2: session key and salt given directly; SSRC 0, index 0.
	want := mustHex(t, `E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0`)
	got := aesCM(t, mustHex(t, "2B7E151628AED2A6ABF7158809CF4F3C"), mustHex(t, "F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), 0, 0, len(want))
	if !bytes.Equal(got, want) {
		t.Fatalf("B.2 keystream %X, want %X", got, want)
	}

	// B.3: master key and salt, and the session keys they derive to.
	master := Crypto{Tag: 1, Key: mustHex(t, "E1F97A0D3E018BE0D64FA32C06DE4139"), Salt: mustHex(t, "0EC675AD498AFEEBB6960B3AABE6")}
	encKey := mustHex(t, "C61E7A93744F39EE10734AFE3FF7A087")
	encSalt := mustHex(t, "30CBBC08863D8C85D49DB34A9AE1")
	authKey := mustHex(t, "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4")
	for _, tc := range []struct {
		suite  Suite
		tagLen int
	}{{AESCM128HMACSHA1_80, 10}, {AESCM128HMACSHA1_32, 4}} {
		master.Suite = tc.suite
		p, err := NewProtector(master)
		if err != nil {
			t.Fatal(err)
		}
		// Two packets around a wrap: the second has ROC 1.
		for _, seq := range []uint16{0xffff, 0x0000} {
			roc := uint64(0)
			if seq == 0 {
				roc = 1
			}
			h := rtp.Header{PayloadType: 0, Seq: seq, Timestamp: 160, SSRC: 0xdecafbad}
			payload := bytes.Repeat([]byte{0xa5}, 160)
			pkt := rtp.Append(nil, h, payload)
			sp, err := p.Protect(nil, pkt)
			if err != nil {
				t.Fatal(err)
			}
			ks := aesCM(t, encKey, encSalt, h.SSRC, roc<<16|uint64(seq), len(payload))
			for i := range payload {
				if sp[12+i] != payload[i]^ks[i] {
					t.Fatalf("%s seq %#x: ciphertext byte %d differs from RFC 3711 AES-CM", tc.suite, seq, i)
				}
			}
			mac := hmac.New(sha1.New, authKey)
			mac.Write(sp[:len(pkt)])
			binary.Write(mac, binary.BigEndian, uint32(roc))
			if tag := mac.Sum(nil)[:tc.tagLen]; !bytes.Equal(sp[len(pkt):], tag) {
				t.Fatalf("%s seq %#x: tag %X, want HMAC-SHA1 %X", tc.suite, seq, sp[len(pkt):], tag)
			}
		}
	}
}

func TestLifetime(t *testing.T) {
	c, _ := NewCrypto(1, AESCM128HMACSHA1_80)
	c.Lifetime = 3
	p, _ := NewProtector(c)
	u, _ := NewUnprotector(c)
	pkts := tonePackets(t, codec.PCMU{}, 1, 5)
	var sps [][]byte
	for i := range 4 {
		sp, err := p.Protect(nil, pkts[i])
		if i < 3 && err != nil || i == 3 && !errors.Is(err, ErrKeyExpired) {
			t.Fatalf("Protect %d under a 3-packet key: %v", i+1, err)
		}
		sps = append(sps, sp)
	}
	free, _ := NewProtector(Crypto{Tag: 1, Suite: c.Suite, Key: c.Key, Salt: c.Salt})
	sps[3], _ = free.Protect(nil, pkts[3])
	for i, sp := range sps {
		if _, err := u.Unprotect(nil, sp); i < 3 && err != nil || i == 3 && !errors.Is(err, ErrKeyExpired) {
			t.Fatalf("Unprotect %d under a 3-packet key: %v", i+1, err)
		}
	}
}

func TestInvalid(t *testing.T) {
	p, u, _ := newPair(t, AESCM128HMACSHA1_80)
	for _, pkt := range [][]byte{nil, {0x80, 0, 0}, {0x80}} {
		if _, err := p.Protect(nil, pkt); !errors.Is(err, ErrPacket) {
			t.Errorf("Protect(%x): %v", pkt, err)
		}
		if _, err := u.Unprotect(nil, pkt); !errors.Is(err, ErrPacket) {
			t.Errorf("Unprotect(%x): %v", pkt, err)
		}
		if _, err := p.ProtectRTCP(nil, pkt); !errors.Is(err, ErrPacket) {
			t.Errorf("ProtectRTCP(%x): %v", pkt, err)
		}
		if _, err := u.UnprotectRTCP(nil, pkt); !errors.Is(err, ErrPacket) {
			t.Errorf("UnprotectRTCP(%x): %v", pkt, err)
		}
	}
	// A header with no room for the tag.
	short := rtp.Append(nil, rtp.Header{Seq: 1, SSRC: 1}, []byte{1, 2})
	if _, err := u.Unprotect(nil, short); !errors.Is(err, ErrPacket) {
		t.Errorf("packet shorter than header + tag: %v", err)
	}
	if u.Stats().Invalid != 7 {
		t.Errorf("stats %+v, want 7 invalid (3 × RTP and RTCP, 1 short)", u.Stats())
	}
	for _, c := range []Crypto{{Suite: "NULL"}, {Suite: AESCM128HMACSHA1_80, Key: make([]byte, 15), Salt: make([]byte, 14)},
		{Suite: AEADAES128GCM, Key: make([]byte, 16), Salt: make([]byte, 14)}} {
		if _, err := NewProtector(c); err == nil {
			t.Errorf("NewProtector(%s, %d+%d bytes) accepted", c.Suite, len(c.Key), len(c.Salt))
		}
		if _, err := NewUnprotector(c); err == nil {
			t.Errorf("NewUnprotector(%s) accepted", c.Suite)
		}
	}
}
