package digest

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCredentials(t *testing.T) {
	// RFC 2617 §3.5, as sent.
	const rfc = `Digest username="Mufasa",
realm="testrealm@host.com",
nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
uri="/dir/index.html",
qop=auth,
nc=00000001,
cnonce="0a4f113b",
response="6629fae49393a05397450978507c4ef1",
opaque="5ccc069c403ebaf9f0171e9517f40e41"`
	rfcWant := Credentials{
		Username: "Mufasa", Realm: "testrealm@host.com", Nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
		URI: "/dir/index.html", Response: "6629fae49393a05397450978507c4ef1", Algorithm: MD5,
		CNonce: "0a4f113b", QOP: "auth", NC: "00000001", Opaque: "5ccc069c403ebaf9f0171e9517f40e41",
	}
	min := Credentials{Username: "u", Realm: "r", Nonce: "n", URI: "sip:a@b", Response: "x", Algorithm: MD5}
	with := func(f func(*Credentials)) Credentials {
		c := min
		f(&c)
		return c
	}

	tests := []struct {
		name    string
		in      string
		want    Credentials
		wantErr string // full error text; "" means success
	}{
		// Good.
		{name: "RFC 2617 example, lines unfolded", in: strings.ReplaceAll(rfc, "\n", " "), want: rfcWant},
		{name: "minimal quoted", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x"`, want: min},
		{name: "unquoted values", in: `Digest username=u,realm=r,nonce=n,uri=sip:a@b,response=x`, want: min},
		{
			name: "odd spacing and tabs",
			in:   " \tDigest\t username = \"u\" ,realm=\"r\"  ,\tnonce= n ,uri =\"sip:a@b\",response=\"x\"\t ",
			want: min,
		},
		{name: "any order", in: `Digest response="x", uri="sip:a@b", nonce="n", realm="r", username="u"`, want: min},
		{name: "scheme case-insensitive", in: `dIGEST username="u", realm="r", nonce="n", uri="sip:a@b", response="x"`, want: min},
		{name: "uppercase names", in: `Digest USERNAME="u", Realm="r", NONCE="n", URI="sip:a@b", RESPONSE="x", ALGORITHM=SHA-256`, want: with(func(c *Credentials) { c.Algorithm = SHA256 })},
		{name: "escaped quotes and backslash", in: `Digest username="a\"b\\c\d", realm="r", nonce="n", uri="sip:a@b", response="x"`, want: with(func(c *Credentials) { c.Username = `a"b\cd` })},
		{name: "comma and equals inside quotes", in: `Digest username="a, b=c", realm="r", nonce="n", uri="sip:a@b", response="x"`, want: with(func(c *Credentials) { c.Username = "a, b=c" })},
		{name: "empty realm allowed", in: `Digest username="u", realm="", nonce="n", uri="sip:a@b", response="x"`, want: with(func(c *Credentials) { c.Realm = "" })},
		{name: "UTF-8 username", in: `Digest username="jürgen", realm="r", nonce="n", uri="sip:a@b", response="x"`, want: with(func(c *Credentials) { c.Username = "jürgen" })},
		{name: "unknown params ignored", in: `Digest foo=bar, username="u", x-y="z,\"", realm="r", nonce="n", uri="sip:a@b", response="x", foo=again`, want: min},
		{name: "empty list elements", in: `Digest , username="u",, realm="r", nonce="n", uri="sip:a@b", response="x",`, want: min},
		{name: "quoted qop, nc and algorithm", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", qop="auth", nc="0000000A", cnonce="c", algorithm="md5"`, want: with(func(c *Credentials) { c.QOP, c.NC, c.CNonce = "auth", "0000000A", "c" })},
		{name: "SHA-256", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="c"`, want: with(func(c *Credentials) { c.Algorithm, c.QOP, c.NC, c.CNonce = SHA256, "auth", "00000001", "c" })},

		// Bad.
		{name: "empty", in: ``, wantErr: "digest: malformed credentials: missing Digest scheme"},
		{name: "Basic scheme", in: `Basic dXNlcjpwYXNz`, wantErr: "digest: malformed credentials: missing Digest scheme"},
		{name: "no scheme", in: `username="u", realm="r", nonce="n", uri="sip:a@b", response="x"`, wantErr: "digest: malformed credentials: missing Digest scheme"},
		{name: "scheme glued to param", in: `Digestusername="u"`, wantErr: "digest: malformed credentials: missing Digest scheme"},
		{name: "scheme only", in: `Digest`, wantErr: "digest: malformed credentials: missing username parameter"},
		{name: "unterminated quote", in: `Digest username="u, realm="r"`, wantErr: `digest: malformed credentials: expected ',' at offset 27`},
		{name: "unterminated quote at end", in: `Digest username="u", realm="r`, wantErr: "digest: malformed credentials: unterminated quoted string at offset 27"},
		{name: "trailing backslash", in: `Digest username="u\`, wantErr: "digest: malformed credentials: unterminated quoted string at offset 16"},
		{name: "missing username", in: `Digest realm="r", nonce="n", uri="sip:a@b", response="x"`, wantErr: "digest: malformed credentials: missing username parameter"},
		{name: "missing realm", in: `Digest username="u", nonce="n", uri="sip:a@b", response="x"`, wantErr: "digest: malformed credentials: missing realm parameter"},
		{name: "missing nonce", in: `Digest username="u", realm="r", uri="sip:a@b", response="x"`, wantErr: "digest: malformed credentials: missing nonce parameter"},
		{name: "missing uri", in: `Digest username="u", realm="r", nonce="n", response="x"`, wantErr: "digest: malformed credentials: missing uri parameter"},
		{name: "missing response", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b"`, wantErr: "digest: malformed credentials: missing response parameter"},
		{name: "empty username", in: `Digest username="", realm="r", nonce="n", uri="sip:a@b", response="x"`, wantErr: "digest: malformed credentials: empty username parameter"},
		{name: "empty response", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response=""`, wantErr: "digest: malformed credentials: empty response parameter"},
		{name: "duplicate username", in: `Digest username="u", username="v", realm="r", nonce="n", uri="sip:a@b", response="x"`, wantErr: "digest: malformed credentials: duplicate username parameter"},
		{name: "duplicate case-insensitive", in: `Digest nonce="n", username="u", realm="r", NONCE="m", uri="sip:a@b", response="x"`, wantErr: "digest: malformed credentials: duplicate nonce parameter"},
		{name: "missing equals", in: `Digest username "u"`, wantErr: "digest: malformed credentials: expected '=' at offset 16"},
		{name: "missing value", in: `Digest username=, realm="r"`, wantErr: "digest: malformed credentials: expected value at offset 16"},
		{name: "missing comma", in: `Digest username="u" realm="r"`, wantErr: "digest: malformed credentials: expected ',' at offset 20"},
		{name: "bad name", in: `Digest user@name="u"`, wantErr: "digest: malformed credentials: expected '=' at offset 11"},
		{name: "name starts with quote", in: `Digest "u"`, wantErr: "digest: malformed credentials: expected parameter name at offset 7"},
		{name: "quote inside unquoted value", in: `Digest username=a"b"`, wantErr: "digest: malformed credentials: expected ',' at offset 17"},
		{name: "qop without cnonce", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", qop=auth, nc=00000001`, wantErr: "digest: malformed credentials: qop without cnonce"},
		{name: "qop without nc", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", qop=auth, cnonce="c"`, wantErr: "digest: malformed credentials: qop without nc"},
		{name: "short nc", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", qop=auth, cnonce="c", nc=1`, wantErr: "digest: malformed credentials: nc must be 8 hex digits"},
		{name: "non-hex nc", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", qop=auth, cnonce="c", nc=0000000g`, wantErr: "digest: malformed credentials: nc must be 8 hex digits"},
		{name: "unsupported algorithm", in: `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", algorithm=MD5-sess`, wantErr: `digest: unsupported algorithm: "MD5-sess"`},
		{name: "too long", in: `Digest username="` + strings.Repeat("a", MaxHeaderLen) + `"`, wantErr: "digest: malformed credentials: header value exceeds 4096 bytes"},
		{name: "garbage bytes", in: "\xff\xfe\xfd", wantErr: "digest: malformed credentials: invalid UTF-8"},
		{name: "invalid UTF-8 in quotes", in: "Digest username=\"\xc3\x28\", realm=\"r\", nonce=\"n\", uri=\"sip:a@b\", response=\"x\"", wantErr: "digest: malformed credentials: invalid UTF-8"},
		{name: "binary garbage", in: "Digest \x01\x02\x03", wantErr: "digest: malformed credentials: control character at offset 7"},
		{name: "NUL in value", in: "Digest username=\"u\x00\", realm=\"r\", nonce=\"n\", uri=\"sip:a@b\", response=\"x\"", wantErr: "digest: malformed credentials: control character at offset 18"},
		{name: "escaped NUL", in: "Digest username=\"u\\\x00\"", wantErr: "digest: malformed credentials: control character at offset 19"},
		{name: "CRLF injection", in: "Digest username=\"u\"\r\nVia: evil", wantErr: "digest: malformed credentials: control character at offset 19"},
		{name: "DEL", in: "Digest username=\"u\x7f\"", wantErr: "digest: malformed credentials: control character at offset 18"},
		{name: "non-ASCII outside quotes", in: `Digest username=ü`, wantErr: "digest: malformed credentials: expected value at offset 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCredentials(tt.in)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ParseCredentials succeeded with %+v, want error %q", got, tt.wantErr)
				}
				if err.Error() != tt.wantErr {
					t.Errorf("error %q, want %q", err, tt.wantErr)
				}
				if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrAlgorithm) {
					t.Errorf("error %v wraps neither ErrMalformed nor ErrAlgorithm", err)
				}
				if got != (Credentials{}) {
					t.Errorf("partial result %+v returned with error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseCredentials: %v", err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseCredentialsLengthLimit(t *testing.T) {
	pad := func(n int) string {
		h := `Digest username="u", realm="r", nonce="n", uri="sip:a@b", response="x", p="`
		return h + strings.Repeat("a", n-len(h)-1) + `"`
	}
	if _, err := ParseCredentials(pad(MaxHeaderLen)); err != nil {
		t.Errorf("exactly %d bytes: %v", MaxHeaderLen, err)
	}
	if _, err := ParseCredentials(pad(MaxHeaderLen + 1)); !errors.Is(err, ErrMalformed) {
		t.Errorf("%d bytes: %v, want ErrMalformed", MaxHeaderLen+1, err)
	}
}
