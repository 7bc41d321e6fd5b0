package srtp

import (
	"bytes"
	"testing"
)

// FuzzParseCrypto: an a=crypto value from the network never panics, and
// whatever is accepted is written back to a value that parses to the same
// crypto. Seeds in testdata/fuzz/FuzzParseCrypto.
func FuzzParseCrypto(f *testing.F) {
	f.Add("1 AES_CM_128_HMAC_SHA1_80 inline:" + key80)
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ParseCrypto(in)
		if err != nil {
			return
		}
		s := c.String()
		back, err := ParseCrypto(s)
		if err != nil {
			t.Fatalf("ParseCrypto(%q) accepted, its String %q refused: %v", in, s, err)
		}
		if back.Tag != c.Tag || back.Suite != c.Suite || back.Lifetime != c.Lifetime ||
			!bytes.Equal(back.Key, c.Key) || !bytes.Equal(back.Salt, c.Salt) {
			t.Fatalf("round trip of %q: %+v became %+v", in, c, back)
		}
		if back.String() != s {
			t.Fatalf("String not stable: %q then %q", s, back.String())
		}
		if _, err := c.validate(); err != nil {
			t.Fatalf("accepted %q but it does not validate: %v", in, err)
		}
	})
}
