package srtp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// key80 is RFC 4568 §10's example key: 30 bytes of key||salt.
const key80 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseCrypto(t *testing.T) {
	rfcKey := "3d2d6e40255e7821426a75667239293f"
	rfcSalt := "2c2335685c603d265d7b71695051"
	gcmKey := "0102030405060708090a0b0c0d0e0f10"
	gcmSalt := "1112131415161718191a1b1c"
	tests := []struct {
		name, in  string
		tag       int
		suite     Suite
		key, salt string
		lifetime  uint64
		str       string // String() of the result; "" = in
	}{
		{name: "80", in: "1 AES_CM_128_HMAC_SHA1_80 inline:" + key80, tag: 1, suite: AESCM128HMACSHA1_80, key: rfcKey, salt: rfcSalt},
		{name: "32", in: "2 AES_CM_128_HMAC_SHA1_32 inline:" + key80, tag: 2, suite: AESCM128HMACSHA1_32, key: rfcKey, salt: rfcSalt},
		{name: "lifetime 2^31", in: "1 AES_CM_128_HMAC_SHA1_80 inline:" + key80 + "|2^31", tag: 1, suite: AESCM128HMACSHA1_80, key: rfcKey, salt: rfcSalt, lifetime: 1 << 31},
		{name: "lifetime 2^48", in: "1 AES_CM_128_HMAC_SHA1_80 inline:" + key80 + "|2^48", tag: 1, suite: AESCM128HMACSHA1_80, key: rfcKey, salt: rfcSalt, lifetime: 1 << 48},
		{name: "lifetime decimal power of 2", in: "1 AES_CM_128_HMAC_SHA1_80 inline:" + key80 + "|1048576", tag: 1, suite: AESCM128HMACSHA1_80, key: rfcKey, salt: rfcSalt, lifetime: 1 << 20,
			str: "1 AES_CM_128_HMAC_SHA1_80 inline:" + key80 + "|2^20"},
		{name: "lifetime decimal", in: "1 AES_CM_128_HMAC_SHA1_80 inline:" + key80 + "|1000", tag: 1, suite: AESCM128HMACSHA1_80, key: rfcKey, salt: rfcSalt, lifetime: 1000},
		{name: "case and blanks", in: "  007\taes_cm_128_hmac_sha1_80   INLINE:" + key80 + "  ", tag: 7, suite: AESCM128HMACSHA1_80, key: rfcKey, salt: rfcSalt,
			str: "7 AES_CM_128_HMAC_SHA1_80 inline:" + key80},
		{name: "harmless session params", in: "9 AES_CM_128_HMAC_SHA1_80 inline:" + key80 + " KDR=0 WSH=128 -X_FOO=1", tag: 9, suite: AESCM128HMACSHA1_80, key: rfcKey, salt: rfcSalt,
			str: "9 AES_CM_128_HMAC_SHA1_80 inline:" + key80},
		{name: "max tag", in: "999999999 AES_CM_128_HMAC_SHA1_80 inline:" + key80, tag: 999999999, suite: AESCM128HMACSHA1_80, key: rfcKey, salt: rfcSalt},
		{name: "gcm padded", in: "3 AEAD_AES_128_GCM inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA==", tag: 3, suite: AEADAES128GCM, key: gcmKey, salt: gcmSalt},
		{name: "gcm unpadded", in: "3 AEAD_AES_128_GCM inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA", tag: 3, suite: AEADAES128GCM, key: gcmKey, salt: gcmSalt,
			str: "3 AEAD_AES_128_GCM inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA=="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCrypto(tc.in)
			if err != nil {
				t.Fatalf("ParseCrypto(%q): %v", tc.in, err)
			}
			if c.Tag != tc.tag || c.Suite != tc.suite || c.Lifetime != tc.lifetime {
				t.Errorf("got tag %d suite %s lifetime %d, want %d %s %d", c.Tag, c.Suite, c.Lifetime, tc.tag, tc.suite, tc.lifetime)
			}
			if !bytes.Equal(c.Key, mustHex(t, tc.key)) || !bytes.Equal(c.Salt, mustHex(t, tc.salt)) {
				t.Errorf("key %x salt %x, want %s %s", c.Key, c.Salt, tc.key, tc.salt)
			}
			want := tc.str
			if want == "" {
				want = tc.in
			}
			if got := c.String(); got != want {
				t.Errorf("String() = %q, want %q", got, want)
			}
		})
	}
}

func TestParseCryptoErrors(t *testing.T) {
	pre := "1 AES_CM_128_HMAC_SHA1_80 "
	tests := []struct {
		name, in string
		is       error
		text     string
	}{
		{"empty", "", ErrSyntax, `want "<tag> <suite> inline:<key>"`},
		{"no key", "1 AES_CM_128_HMAC_SHA1_80", ErrSyntax, `want "<tag> <suite> inline:<key>"`},
		{"tag not a number", "x AES_CM_128_HMAC_SHA1_80 inline:" + key80, ErrSyntax, `tag "x"`},
		{"tag 10 digits", "1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + key80, ErrSyntax, "tag"},
		{"unknown suite", "1 F8_128_HMAC_SHA1_80 inline:" + key80, ErrUnsupported, `suite "F8_128_HMAC_SHA1_80"`},
		{"aes256", "1 AES_256_CM_HMAC_SHA1_80 inline:" + key80, ErrUnsupported, "suite"},
		{"no method", pre + key80, ErrSyntax, "key-params"},
		{"other method", pre + "uri:http://example.com/key", ErrUnsupported, `key method "uri"`},
		{"bad base64 char", pre + "inline:PS1u!CVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", ErrSyntax, "key: byte 4 ('!') is not base64"},
		{"bad base64 length", pre + "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB", ErrSyntax, "key: bad base64"},
		{"bad padding", pre + "inline:PS1u=CVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", ErrSyntax, "key: bad base64"},
		{"line break in key", pre + "inline:PS1uQCVeeCFCanVm\ncjkpPywjNWhcYD0mXXtxaVBR", ErrSyntax, "not base64"},
		{"key 29 bytes", pre + "inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0=", ErrSyntax, "key: 29 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)"},
		{"key 32 bytes", pre + "inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", ErrSyntax, "key: 32 bytes"},
		{"gcm with 30 bytes", "1 AEAD_AES_128_GCM inline:" + key80, ErrSyntax, "AEAD_AES_128_GCM needs 28 (16 key + 12 salt)"},
		{"empty key", pre + "inline:", ErrSyntax, "key: 0 bytes"},
		{"mki", pre + "inline:" + key80 + "|2^20|1:4", ErrUnsupported, `MKI "1:4"`},
		{"mki without lifetime", pre + "inline:" + key80 + "|1:4", ErrUnsupported, "MKI"},
		{"mki before lifetime", pre + "inline:" + key80 + "|1:4|2^20", ErrSyntax, "must come last"},
		{"two lifetimes", pre + "inline:" + key80 + "|2^20|2^20", ErrSyntax, "not an MKI"},
		{"four fields", pre + "inline:" + key80 + "|2^20|1:4|x", ErrSyntax, "at most 3"},
		{"several keys", pre + "inline:" + key80 + "|2^20|1:4;inline:" + key80 + "|2^20|2:4", ErrUnsupported, "several master keys"},
		{"lifetime 2^49", pre + "inline:" + key80 + "|2^49", ErrUnsupported, `lifetime "2^49"`},
		{"lifetime over 2^48", pre + "inline:" + key80 + "|281474976710657", ErrUnsupported, "lifetime"},
		{"lifetime 2^", pre + "inline:" + key80 + "|2^", ErrSyntax, `lifetime "2^"`},
		{"lifetime 0", pre + "inline:" + key80 + "|0", ErrSyntax, "lifetime 0"},
		{"lifetime word", pre + "inline:" + key80 + "|forever", ErrSyntax, `lifetime "forever"`},
		{"lifetime huge", pre + "inline:" + key80 + "|2^99999999999999999999", ErrUnsupported, "lifetime"},
		{"lifetime 21 digits", pre + "inline:" + key80 + "|123456789012345678901", ErrSyntax, "lifetime"},
		{"unencrypted srtp", pre + "inline:" + key80 + " UNENCRYPTED_SRTP", ErrUnsupported, `session parameter "UNENCRYPTED_SRTP"`},
		{"unauthenticated", pre + "inline:" + key80 + " UNAUTHENTICATED_SRTP", ErrUnsupported, "UNAUTHENTICATED_SRTP"},
		{"fec", pre + "inline:" + key80 + " FEC_ORDER=FEC_SRTP", ErrUnsupported, "FEC_ORDER"},
		{"kdr", pre + "inline:" + key80 + " KDR=24", ErrUnsupported, "key derivation rate"},
		{"wsh small", pre + "inline:" + key80 + " WSH=32", ErrSyntax, "window size hint"},
		{"unknown param", pre + "inline:" + key80 + " FOO=1", ErrUnsupported, `unknown session parameter "FOO=1"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCrypto(tc.in)
			if err == nil {
				t.Fatalf("ParseCrypto(%q) = %v, want an error", tc.in, c)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %q is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q does not say %q", err, tc.text)
			}
		})
	}
}

func TestNewCrypto(t *testing.T) {
	for _, s := range Suites() {
		a, err := NewCrypto(5, s)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := NewCrypto(5, s)
		p, _ := s.params()
		if len(a.Key) != p.keyLen || len(a.Salt) != p.saltLen {
			t.Fatalf("%s: key %d salt %d bytes", s, len(a.Key), len(a.Salt))
		}
		if bytes.Equal(a.Key, b.Key) || bytes.Equal(a.Salt, b.Salt) {
			t.Errorf("%s: two calls gave the same key or salt", s)
		}
		back, err := ParseCrypto(a.String())
		if err != nil {
			t.Fatalf("%s: ParseCrypto(String()) : %v", s, err)
		}
		if back.Tag != 5 || back.Suite != s || !bytes.Equal(back.Key, a.Key) || !bytes.Equal(back.Salt, a.Salt) {
			t.Errorf("%s: round trip gave %+v", s, back)
		}
		// Appending to the key must not overwrite the salt.
		_ = append(a.Key, 0xff)
		if !bytes.Equal(a.Salt, back.Salt) {
			t.Errorf("%s: key and salt share storage", s)
		}
	}
	if _, err := NewCrypto(1, "F8_128_HMAC_SHA1_80"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("unknown suite: %v", err)
	}
	if _, err := NewCrypto(1_000_000_000, AESCM128HMACSHA1_80); !errors.Is(err, ErrSyntax) {
		t.Errorf("10-digit tag: %v", err)
	}
}

func TestCryptoLogValueHidesKey(t *testing.T) {
	c, _ := NewCrypto(1, AESCM128HMACSHA1_80)
	v := c.LogValue().String()
	if !strings.Contains(v, "AES_CM_128_HMAC_SHA1_80") {
		t.Errorf("LogValue %q lacks the suite", v)
	}
	full := c.String()
	key := full[strings.Index(full, "inline:")+7:]
	if strings.Contains(v, key) {
		t.Errorf("LogValue %q shows the key", v)
	}
}
