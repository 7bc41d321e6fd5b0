package digest_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
)

// A registrar's REGISTER handling: challenge, parse, verify, re-challenge
// on a stale nonce.
func Example() {
	key := []byte("load 32 random bytes from config") // shared by all registrar instances
	auth := digest.New("pbx.example.com", key)

	// The user table stores HA1 per algorithm, never the password.
	users := map[digest.Algorithm]string{
		digest.MD5:    digest.HA1(digest.MD5, "alice", "pbx.example.com", "s3cret"),
		digest.SHA256: digest.HA1(digest.SHA256, "alice", "pbx.example.com", "s3cret"),
	}

	// 1. Unauthenticated REGISTER: answer 401 with one header per algorithm.
	challenges := auth.ChallengeAll(false)
	fmt.Println(len(challenges), strings.Contains(challenges[0], "SHA-256"))

	// 2. The phone answers (computed here the way a user agent would).
	nonce := strings.SplitN(strings.SplitN(challenges[0], `nonce="`, 2)[1], `"`, 2)[0]
	resp := digest.Response(digest.SHA256, users[digest.SHA256], nonce, "00000001", "xyz", "auth", "REGISTER", "sip:pbx.example.com")
	header := `Digest username="alice", realm="pbx.example.com", nonce="` + nonce +
		`", uri="sip:pbx.example.com", response="` + resp + `", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="xyz"`

	// 3. Verify it.
	creds, err := digest.ParseCredentials(header)
	if err != nil {
		fmt.Println("400:", err)
		return
	}
	switch err := auth.Verify(creds, "REGISTER", users[creds.Algorithm]); {
	case err == nil:
		fmt.Println("200 OK")
	case errors.Is(err, digest.ErrStale):
		fmt.Println("401 with", auth.ChallengeAll(true))
	default:
		fmt.Println("403:", err)
	}

	// A replay of the same request is refused.
	fmt.Println(errors.Is(auth.Verify(creds, "REGISTER", users[creds.Algorithm]), digest.ErrReplay))
	// Output:
	// 2 true
	// 200 OK
	// true
}
