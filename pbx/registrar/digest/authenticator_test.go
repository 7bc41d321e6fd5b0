package digest

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testRealm = "sip.example.com"
	testUser  = "alice"
	testPass  = "correct horse"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// fakeClock is an injectable, manually advanced clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var nonceRE = regexp.MustCompile(`nonce="([^"]*)"`)

func nonceOf(t testing.TB, challenge string) string {
	t.Helper()
	m := nonceRE.FindStringSubmatch(challenge)
	if m == nil {
		t.Fatalf("no nonce in challenge %q", challenge)
	}
	return m[1]
}

// client plays a user agent answering a challenge, using only the pure
// Response function.
type client struct {
	alg                Algorithm
	user, realm, pass  string
	method, uri        string
	cnonce, qop, nonce string
}

func (c client) answer(nc uint32) Credentials {
	ncs := fmt.Sprintf("%08x", nc)
	ha1 := HA1(c.alg, c.user, c.realm, c.pass)
	return Credentials{
		Username: c.user, Realm: c.realm, Nonce: c.nonce, URI: c.uri,
		Response:  Response(c.alg, ha1, c.nonce, ncs, c.cnonce, c.qop, c.method, c.uri),
		Algorithm: c.alg, CNonce: c.cnonce, QOP: c.qop, NC: ncs,
	}
}

// header renders credentials the way a user agent would send them.
func (cr Credentials) header() string {
	s := fmt.Sprintf(`Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=%s`,
		cr.Username, cr.Realm, cr.Nonce, cr.URI, cr.Response, cr.Algorithm)
	if cr.QOP != "" {
		s += fmt.Sprintf(`, cnonce="%s", qop=%s, nc=%s`, cr.CNonce, cr.QOP, cr.NC)
	}
	if cr.Opaque != "" {
		s += fmt.Sprintf(`, opaque="%s"`, cr.Opaque)
	}
	return s
}

func newTestClient(t testing.TB, a *Authenticator, alg Algorithm) client {
	return client{
		alg: alg, user: testUser, realm: testRealm, pass: testPass,
		method: "REGISTER", uri: "sip:sip.example.com",
		cnonce: "0a4f113b", qop: "auth",
		nonce: nonceOf(t, a.Challenge(alg, false)),
	}
}

func TestVerify(t *testing.T) {
	otherKey := []byte("fedcba9876543210fedcba9876543210")
	tests := []struct {
		name    string
		alg     Algorithm
		opts    []Option
		client  func(*client)       // adjust the user agent before answering
		creds   func(*Credentials)  // tamper with what is sent
		advance time.Duration       // between challenge and verify
		ha1     func(string) string // server-side HA1 override
		method  string              // server-side method override
		wantErr error
	}{
		{name: "MD5 ok", alg: MD5},
		{name: "SHA-256 ok", alg: SHA256},
		{name: "no qop (RFC 2069) ok", alg: MD5, client: func(c *client) { c.qop = "" }},
		{name: "just inside TTL", alg: MD5, advance: defaultNonceTTL},
		{name: "custom TTL", alg: MD5, opts: []Option{WithNonceTTL(time.Second)}, advance: 2 * time.Second, wantErr: ErrStale},
		{name: "wrong password", alg: MD5, client: func(c *client) { c.pass = "wrong" }, wantErr: ErrBadResponse},
		{name: "wrong password SHA-256", alg: SHA256, client: func(c *client) { c.pass = "wrong" }, wantErr: ErrBadResponse},
		{name: "expired", alg: MD5, advance: defaultNonceTTL + time.Nanosecond, wantErr: ErrStale},
		{name: "expired SHA-256", alg: SHA256, advance: time.Hour, wantErr: ErrStale},
		{
			name: "expired and wrong password is not stale", alg: MD5, advance: time.Hour,
			client: func(c *client) { c.pass = "wrong" }, wantErr: ErrBadResponse,
		},
		{name: "clock stepped back past TTL", alg: MD5, advance: -time.Hour, wantErr: ErrStale},
		{
			name: "nonce from another key", alg: MD5, wantErr: ErrBadNonce,
			client: func(c *client) { c.nonce = nonceOf(t, New(testRealm, otherKey).Challenge(MD5, false)) },
		},
		{name: "foreign nonce", alg: MD5, client: func(c *client) { c.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093" }, wantErr: ErrBadNonce},
		{name: "truncated nonce", alg: MD5, client: func(c *client) { c.nonce = c.nonce[:len(c.nonce)-1] }, wantErr: ErrBadNonce},
		{name: "nonce with newline", alg: MD5, client: func(c *client) { c.nonce = c.nonce[:10] + "\n" + c.nonce[11:] }, wantErr: ErrBadNonce},
		{name: "wrong realm", alg: MD5, client: func(c *client) { c.realm = "evil.example.com" }, wantErr: ErrRealm},
		{name: "uri changed in transit", alg: MD5, creds: func(c *Credentials) { c.URI = "sip:other.example.com" }, wantErr: ErrBadResponse},
		{name: "method differs", alg: MD5, method: "INVITE", wantErr: ErrBadResponse},
		{name: "qop dropped in transit", alg: MD5, creds: func(c *Credentials) { c.QOP = "" }, wantErr: ErrBadResponse},
		{name: "uppercase response", alg: MD5, creds: func(c *Credentials) { c.Response = strings.ToUpper(c.Response) }, wantErr: ErrBadResponse},
		{name: "short response", alg: MD5, creds: func(c *Credentials) { c.Response = c.Response[:31] }, wantErr: ErrBadResponse},
		{name: "SHA-256 credentials, MD5 HA1", alg: SHA256, ha1: func(string) string { return HA1(MD5, testUser, testRealm, testPass) }, wantErr: ErrAlgorithm},
		{name: "unsupported algorithm", alg: MD5, creds: func(c *Credentials) { c.Algorithm = "MD5-sess" }, wantErr: ErrAlgorithm},
		{name: "zero algorithm", alg: MD5, creds: func(c *Credentials) { c.Algorithm = "" }, wantErr: ErrAlgorithm},
		{name: "qop auth-int", alg: MD5, client: func(c *client) { c.qop = "auth-int" }, wantErr: ErrMalformed},
		{name: "qop without cnonce", alg: MD5, client: func(c *client) { c.cnonce = "" }, wantErr: ErrMalformed},
		{name: "bad nc", alg: MD5, creds: func(c *Credentials) { c.NC = "1" }, wantErr: ErrMalformed},
		{name: "nc changed in transit", alg: MD5, creds: func(c *Credentials) { c.NC = "00000002" }, wantErr: ErrBadResponse},
		{name: "opaque echoed", alg: MD5, opts: []Option{WithOpaque("xyz")}, creds: func(c *Credentials) { c.Opaque = "xyz" }},
		{name: "opaque missing", alg: MD5, opts: []Option{WithOpaque("xyz")}, wantErr: ErrBadNonce},
		{name: "opaque wrong", alg: MD5, opts: []Option{WithOpaque("xyz")}, creds: func(c *Credentials) { c.Opaque = "abc" }, wantErr: ErrBadNonce},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			a := New(testRealm, testKey, append([]Option{WithClock(clk.Now)}, tt.opts...)...)
			cl := newTestClient(t, a, tt.alg)
			if tt.client != nil {
				tt.client(&cl)
			}
			cr := cl.answer(1)
			if tt.creds != nil {
				tt.creds(&cr)
			}
			clk.Advance(tt.advance)
			ha1 := HA1(tt.alg, testUser, testRealm, testPass)
			if tt.ha1 != nil {
				ha1 = tt.ha1(ha1)
			}
			method := cl.method
			if tt.method != "" {
				method = tt.method
			}
			err := a.Verify(cr, method, ha1)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestNonceCount walks one nonce through a sequence of requests.
func TestNonceCount(t *testing.T) {
	for _, alg := range []Algorithm{MD5, SHA256} {
		t.Run(string(alg), func(t *testing.T) {
			a := New(testRealm, testKey)
			cl := newTestClient(t, a, alg)
			ha1 := HA1(alg, testUser, testRealm, testPass)
			wrong := cl
			wrong.pass = "guess"
			steps := []struct {
				desc    string
				c       client
				nc      uint32
				wantErr error
			}{
				{"nc starts at 1", cl, 0, ErrReplay},
				{"first use", cl, 1, nil},
				{"same nc replayed", cl, 1, ErrReplay},
				{"next nc", cl, 2, nil},
				{"gap is fine", cl, 5, nil},
				{"going back", cl, 3, ErrReplay},
				{"forger cannot burn the counter", wrong, 0xffffffff, ErrBadResponse},
				{"counter intact after forgery", cl, 6, nil},
				{"replay of the latest", cl, 6, ErrReplay},
			}
			for _, s := range steps {
				err := a.Verify(s.c.answer(s.nc), s.c.method, ha1)
				if !errors.Is(err, s.wantErr) || (s.wantErr == nil) != (err == nil) {
					t.Fatalf("%s: Verify(nc=%d) = %v, want %v", s.desc, s.nc, err, s.wantErr)
				}
			}
		})
	}
}

// TestHeaderRoundTrip goes through the textual header, as a registrar does.
func TestHeaderRoundTrip(t *testing.T) {
	a := New(`PBX "main" \ realm`, testKey, WithOpaque("o-1"))
	// The two challenges share a nonce, so the second answer must use the
	// next nonce-count.
	for i, chal := range a.ChallengeAll(false) {
		alg := MD5
		if strings.Contains(chal, "algorithm=SHA-256") {
			alg = SHA256
		}
		cl := client{
			alg: alg, user: "bob", realm: `PBX "main" \ realm`, pass: "pw",
			method: "REGISTER", uri: "sip:pbx.example.com;transport=tcp",
			cnonce: "abc", qop: "auth", nonce: nonceOf(t, chal),
		}
		cr := cl.answer(uint32(i + 1))
		cr.Opaque = "o-1"
		h := strings.NewReplacer(`realm="PBX "main" \ realm"`, `realm="PBX \"main\" \\ realm"`).Replace(cr.header())
		parsed, err := ParseCredentials(h)
		if err != nil {
			t.Fatalf("ParseCredentials(%q): %v", h, err)
		}
		if parsed != cr {
			t.Fatalf("parsed %+v\nwant   %+v", parsed, cr)
		}
		if err := a.Verify(parsed, "REGISTER", HA1(alg, "bob", cl.realm, "pw")); err != nil {
			t.Fatalf("%s: Verify: %v", alg, err)
		}
	}
}

// TestTamperedNonce changes every character of a nonce in turn; the
// encoding is canonical, so each change must break the MAC or the decoding.
func TestTamperedNonce(t *testing.T) {
	a := New(testRealm, testKey)
	ha1 := HA1(MD5, testUser, testRealm, testPass)
	cl := newTestClient(t, a, MD5)
	orig := cl.nonce
	for i := range len(orig) {
		b := []byte(orig)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		cl.nonce = string(b)
		if err := a.Verify(cl.answer(1), cl.method, ha1); !errors.Is(err, ErrBadNonce) {
			t.Fatalf("nonce changed at %d: Verify = %v, want ErrBadNonce", i, err)
		}
	}
	cl.nonce = orig
	if err := a.Verify(cl.answer(1), cl.method, ha1); err != nil {
		t.Fatalf("untampered nonce after tampering attempts: %v", err)
	}
}

func TestChallengeFormat(t *testing.T) {
	a := New(testRealm, testKey)
	const n = `nonce="[A-Za-z0-9_-]{76}"`
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"MD5", a.Challenge(MD5, false), `^Digest realm="sip\.example\.com", ` + n + `, algorithm=MD5, qop="auth"$`},
		{"SHA-256", a.Challenge(SHA256, false), `^Digest realm="sip\.example\.com", ` + n + `, algorithm=SHA-256, qop="auth"$`},
		{"stale", a.Challenge(MD5, true), `^Digest realm="sip\.example\.com", ` + n + `, algorithm=MD5, qop="auth", stale=true$`},
		{
			"opaque and escaped realm",
			New(`a"b\c`, testKey, WithOpaque(`o"p`)).Challenge(SHA256, false),
			`^Digest realm="a\\"b\\\\c", ` + n + `, opaque="o\\"p", algorithm=SHA-256, qop="auth"$`,
		},
	}
	for _, tt := range tests {
		if !regexp.MustCompile(tt.want).MatchString(tt.got) {
			t.Errorf("%s: challenge %q does not match %s", tt.name, tt.got, tt.want)
		}
	}
	if first, second := a.Challenge(MD5, false), a.Challenge(MD5, false); first == second {
		t.Error("two challenges share a nonce")
	}
}

func TestChallengeAll(t *testing.T) {
	for _, stale := range []bool{false, true} {
		got := New(testRealm, testKey).ChallengeAll(stale)
		if len(got) != 2 || !strings.Contains(got[0], "algorithm=SHA-256") || !strings.Contains(got[1], "algorithm=MD5") {
			t.Fatalf("ChallengeAll = %q, want SHA-256 then MD5", got)
		}
		for _, c := range got {
			if strings.HasSuffix(c, ", stale=true") != stale {
				t.Errorf("ChallengeAll(%v): %q", stale, c)
			}
		}
	}
}

// TestStaleRechallenge is the registrar flow: stale → re-challenge with
// stale=true → the client retries on the new nonce with the same password.
func TestStaleRechallenge(t *testing.T) {
	clk := newFakeClock()
	a := New(testRealm, testKey, WithClock(clk.Now))
	ha1 := HA1(MD5, testUser, testRealm, testPass)
	cl := newTestClient(t, a, MD5)
	if err := a.Verify(cl.answer(1), cl.method, ha1); err != nil {
		t.Fatal(err)
	}
	clk.Advance(6 * time.Minute)
	err := a.Verify(cl.answer(2), cl.method, ha1)
	if !errors.Is(err, ErrStale) {
		t.Fatalf("Verify after TTL = %v, want ErrStale", err)
	}
	chal := a.Challenge(MD5, errors.Is(err, ErrStale))
	if !strings.Contains(chal, "stale=true") {
		t.Fatalf("re-challenge %q lacks stale=true", chal)
	}
	cl.nonce = nonceOf(t, chal)
	if err := a.Verify(cl.answer(1), cl.method, ha1); err != nil {
		t.Fatalf("Verify on fresh nonce: %v", err)
	}
}

func TestKeyIsCopied(t *testing.T) {
	key := append([]byte(nil), testKey...)
	a := New(testRealm, key)
	cl := newTestClient(t, a, MD5)
	key[0] ^= 0xff
	if err := a.Verify(cl.answer(1), cl.method, HA1(MD5, testUser, testRealm, testPass)); err != nil {
		t.Fatalf("Verify after caller mutated key: %v", err)
	}
}

func TestConfigPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"short key", func() { New(testRealm, []byte("short")) }},
		{"realm with CRLF", func() { New("a\r\nX-Evil: 1", testKey) }},
		{"opaque with NUL", func() { WithOpaque("a\x00") }},
		{"zero TTL", func() { WithNonceTTL(0) }},
		{"nil clock", func() { WithClock(nil) }},
		{"zero max nonces", func() { WithMaxNonces(0) }},
		{"unsupported challenge algorithm", func() { New(testRealm, testKey).Challenge("MD5-sess", false) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			tt.f()
		})
	}
}

func TestConcurrentVerify(t *testing.T) {
	a := New(testRealm, testKey)
	ha1 := HA1(SHA256, testUser, testRealm, testPass)

	// Independent clients: every request must succeed.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := client{alg: SHA256, user: testUser, realm: testRealm, pass: testPass,
				method: "REGISTER", uri: "sip:x", cnonce: "c", qop: "auth"}
			for i := 0; i < 50; i++ {
				if i%10 == 0 {
					cl.nonce = nonceOf(t, a.ChallengeAll(false)[0])
				}
				if err := a.Verify(cl.answer(uint32(i%10+1)), cl.method, ha1); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent Verify: %v", err)
	}

	// One captured request raced from many goroutines is accepted once.
	cr := newTestClient(t, a, SHA256).answer(1)
	var ok sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for g := 0; g < 16; g++ {
		ok.Add(1)
		go func() {
			defer ok.Done()
			err := a.Verify(cr, "REGISTER", ha1)
			if err != nil && !errors.Is(err, ErrReplay) {
				t.Errorf("racing Verify: %v", err)
			}
			if err == nil {
				mu.Lock()
				accepted++
				mu.Unlock()
			}
		}()
	}
	ok.Wait()
	if accepted != 1 {
		t.Fatalf("racing replays accepted %d times, want 1", accepted)
	}
}

func TestChallengeForOrderAndSharedNonce(t *testing.T) {
	a := New("dialtone", []byte("0123456789abcdef0123"))
	got := a.ChallengeFor([]Algorithm{MD5, SHA256}, false)
	if len(got) != 2 || !strings.Contains(got[0], "algorithm=MD5") || !strings.Contains(got[1], "algorithm=SHA-256") {
		t.Fatalf("order: %q", got)
	}
	nonce := func(h string) string {
		i := strings.Index(h, `nonce="`)
		j := strings.Index(h[i+7:], `"`)
		return h[i+7 : i+7+j]
	}
	if nonce(got[0]) != nonce(got[1]) {
		t.Fatal("challenges do not share a nonce")
	}
	if only := a.ChallengeFor([]Algorithm{MD5}, true); len(only) != 1 || !strings.Contains(only[0], "stale=true") {
		t.Fatalf("MD5 only: %q", only)
	}
}
