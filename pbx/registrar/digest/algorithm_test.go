package digest

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
)

func TestParseAlgorithm(t *testing.T) {
	tests := []struct {
		in      string
		want    Algorithm
		wantErr bool
	}{
		{"", MD5, false},
		{"MD5", MD5, false},
		{"md5", MD5, false},
		{"SHA-256", SHA256, false},
		{"sha-256", SHA256, false},
		{"MD5-sess", "", true},
		{"SHA-256-sess", "", true},
		{"SHA-512-256", "", true},
		{"SHA256", "", true},
	}
	for _, tt := range tests {
		got, err := ParseAlgorithm(tt.in)
		if tt.wantErr {
			if !errors.Is(err, ErrAlgorithm) {
				t.Errorf("ParseAlgorithm(%q) error = %v, want ErrAlgorithm", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseAlgorithm(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// sha256Hex is an independent implementation of H for the SHA-256 vector,
// so the test does not just compare the package with itself.
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestKnownAnswers(t *testing.T) {
	// The RFC 2617 example without qop has no published answer; derive it
	// independently of the package and pin it.
	noQOP := md5Hex("939e7578ed9e3c518a452acee763bce9:dcd98b7102dd2f0e8b11d0f600bfb0c093:" + md5Hex("GET:/dir/index.html"))
	if noQOP != "670fd8c2df070c60b045671b8b24ff02" {
		t.Fatalf("independent MD5 computation = %s", noQOP)
	}

	// RFC 7616 §3.9.1, computed independently of the package.
	const (
		user256  = "Mufasa"
		realm256 = "http-auth@example.org"
		pass256  = "Circle of Life"
		nonce256 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
		cnon256  = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
	)
	ha1256 := sha256Hex(user256 + ":" + realm256 + ":" + pass256)
	resp256 := sha256Hex(ha1256 + ":" + nonce256 + ":00000001:" + cnon256 + ":auth:" + sha256Hex("GET:/dir/index.html"))
	if resp256 != "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1" {
		t.Fatalf("independent SHA-256 computation = %s, RFC 7616 says otherwise", resp256)
	}

	tests := []struct {
		name                    string
		alg                     Algorithm
		user, realm, pass       string
		wantHA1                 string
		nonce, nc, cnonce, qop  string
		method, uri, wantDigest string
	}{
		{
			name: "RFC 2617 §3.5 MD5 qop=auth",
			alg:  MD5, user: "Mufasa", realm: "testrealm@host.com", pass: "Circle Of Life",
			wantHA1: "939e7578ed9e3c518a452acee763bce9",
			nonce:   "dcd98b7102dd2f0e8b11d0f600bfb0c093", nc: "00000001", cnonce: "0a4f113b", qop: "auth",
			method: "GET", uri: "/dir/index.html",
			wantDigest: "6629fae49393a05397450978507c4ef1",
		},
		{
			// RFC 2069 form H(HA1:nonce:HA2), RFC 2617 inputs.
			name: "RFC 2617 inputs MD5 without qop",
			alg:  MD5, user: "Mufasa", realm: "testrealm@host.com", pass: "Circle Of Life",
			wantHA1: "939e7578ed9e3c518a452acee763bce9",
			nonce:   "dcd98b7102dd2f0e8b11d0f600bfb0c093",
			method:  "GET", uri: "/dir/index.html",
			wantDigest: "670fd8c2df070c60b045671b8b24ff02",
		},
		{
			name: "RFC 7616 §3.9.1 SHA-256 qop=auth",
			alg:  SHA256, user: user256, realm: realm256, pass: pass256,
			wantHA1: ha1256,
			nonce:   nonce256, nc: "00000001", cnonce: cnon256, qop: "auth",
			method: "GET", uri: "/dir/index.html",
			wantDigest: "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ha1 := HA1(tt.alg, tt.user, tt.realm, tt.pass)
			if ha1 != tt.wantHA1 {
				t.Errorf("HA1 = %s, want %s", ha1, tt.wantHA1)
			}
			got := Response(tt.alg, ha1, tt.nonce, tt.nc, tt.cnonce, tt.qop, tt.method, tt.uri)
			if got != tt.wantDigest {
				t.Errorf("Response = %s, want %s", got, tt.wantDigest)
			}
		})
	}
}

func TestUnsupportedAlgorithmPureFunctions(t *testing.T) {
	if got := HA1("MD5-sess", "u", "r", "p"); got != "" {
		t.Errorf("HA1(MD5-sess) = %q, want empty", got)
	}
	if got := Response("", "x", "n", "", "", "", "GET", "/"); got != "" {
		t.Errorf("Response(\"\") = %q, want empty", got)
	}
}

func TestLongInputsSpillSafely(t *testing.T) {
	// Longer than the stack scratch buffers: must still hash correctly.
	long := string(make([]byte, 1000))
	want := sha256Hex(long + ":r:p")
	if got := HA1(SHA256, long, "r", "p"); got != want {
		t.Errorf("HA1 with long username = %s, want %s", got, want)
	}
}
