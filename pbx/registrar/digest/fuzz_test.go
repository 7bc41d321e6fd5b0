package digest

import (
	"errors"
	"strings"
	"testing"
)

// render writes credentials back as a header, quoting every value except
// algorithm, so a successful parse can be checked for a stable round trip.
func render(c Credentials) string {
	var sb strings.Builder
	sb.WriteString("Digest ")
	add := func(name, v string) {
		sb.WriteString(name)
		sb.WriteString(`="`)
		sb.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v))
		sb.WriteString(`", `)
	}
	add("username", c.Username)
	add("realm", c.Realm)
	add("nonce", c.Nonce)
	add("uri", c.URI)
	add("response", c.Response)
	for _, p := range []struct{ name, v string }{{"cnonce", c.CNonce}, {"qop", c.QOP}, {"nc", c.NC}, {"opaque", c.Opaque}} {
		if p.v != "" {
			add(p.name, p.v)
		}
	}
	sb.WriteString("algorithm=")
	sb.WriteString(string(c.Algorithm))
	return sb.String()
}

// FuzzParseCredentials checks that parsing never panics, that errors are
// classified, that a success satisfies the documented invariants and
// survives a render/parse round trip, and that Verify rejects whatever
// parses (the fuzzer cannot forge a nonce MAC).
func FuzzParseCredentials(f *testing.F) {
	a := New(testRealm, testKey)
	ha1 := HA1(MD5, testUser, testRealm, testPass)
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ParseCredentials(in)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrAlgorithm) {
				t.Fatalf("unclassified error %v", err)
			}
			if c != (Credentials{}) {
				t.Fatalf("partial result %+v with error", c)
			}
			return
		}
		if len(in) > MaxHeaderLen {
			t.Fatalf("accepted %d bytes", len(in))
		}
		if c.Username == "" || c.Nonce == "" || c.Response == "" || c.URI == "" {
			t.Fatalf("required parameter empty: %+v", c)
		}
		if c.Algorithm != MD5 && c.Algorithm != SHA256 {
			t.Fatalf("algorithm %q", c.Algorithm)
		}
		if c.QOP != "" && (c.CNonce == "" || c.NC == "") {
			t.Fatalf("qop without cnonce/nc: %+v", c)
		}
		if c.NC != "" {
			if _, ok := parseNC(c.NC); !ok {
				t.Fatalf("bad nc %q accepted", c.NC)
			}
		}
		if r := render(c); len(r) <= MaxHeaderLen {
			c2, err := ParseCredentials(r)
			if err != nil {
				t.Fatalf("re-parse of %q: %v", r, err)
			}
			if c2 != c {
				t.Fatalf("round trip changed credentials:\n%+v\n%+v", c, c2)
			}
		}
		if err := a.Verify(c, "REGISTER", ha1); err == nil {
			t.Fatalf("Verify accepted fuzzed credentials %+v", c)
		}
	})
}
