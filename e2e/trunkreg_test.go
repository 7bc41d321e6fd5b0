package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// trunkRegState is the registration part of `dialtone trunk status --json`.
type trunkRegState struct {
	Name         string `json:"name"`
	Registration *struct {
		State         string    `json:"state"`
		Target        string    `json:"target"`
		Expires       time.Time `json:"expires"`
		GrantedS      int       `json:"granted_s"`
		LastCode      int       `json:"last_code"`
		LastError     string    `json:"last_error"`
		Registrations int       `json:"registrations"`
		Failures      int       `json:"failures"`
	} `json:"registration"`
}

// trunkRegistration polls `dialtone trunk status --json` until the trunk's
// registration satisfies ok.
func (n *node) trunkRegistration(name string, d time.Duration, what string, ok func(trunkRegState) bool) trunkRegState {
	n.t.Helper()
	deadline := time.Now().Add(d)
	for {
		var states []trunkRegState
		out := n.mustCLI("trunk", "status", "--json")
		if err := json.Unmarshal([]byte(out), &states); err != nil {
			n.t.Fatalf("trunk status --json: %v\n%s", err, out)
		}
		for _, s := range states {
			if s.Name == name && s.Registration != nil && ok(s) {
				return s
			}
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("%s: not within %v; trunk status:\n%s", what, d, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestTrunkRegistration: a registration-based generic trunk with sipp as
// the provider's registrar over UDP (e2e/sipp/provider_registrar.xml).
// Dialtone sends REGISTER, answers the 401 with digest credentials that
// sipp verifies, is granted 20 s (the Contact's expires), shows the trunk
// registered in `dialtone trunk status --json`, refreshes at half the
// expiry with the next nonce count, and unregisters (Expires: 0) when it
// is stopped. sipp exits 0 only if every step came as scripted.
func TestTrunkRegistration(t *testing.T) {
	needBinary(t, "sipp")
	n := newNode(t)
	port := freePort(t)
	// The provider's calls would come from 127.0.0.1 (where it resolves):
	// --allow names another network, so the trunk is recognised only by
	// its registration (docs/trunks.md).
	n.mustCLI("trunk", "add", "carrier", "--type", "generic", "--host", fmt.Sprintf("127.0.0.1:%d", port), "--transport", "udp",
		"--username", "acct", "--password", "s3cret-trunk-reg", "--register", "--allow", "127.0.0.9/32")
	creds := filepath.Join(t.TempDir(), "creds.csv")
	if err := os.WriteFile(creds, []byte("SEQUENTIAL\nacct;s3cret-trunk-reg\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	uas := startSipp(t, n.sip, "-sf", "provider_registrar.xml", "-inf", creds, "-i", "127.0.0.1", "-p", fmt.Sprint(port),
		"-t", "u1", "-timeout", "60s", "-timeout_error")
	time.Sleep(300 * time.Millisecond)
	srv := n.serve()

	first := n.trunkRegistration("carrier", 15*time.Second, "registered", func(s trunkRegState) bool {
		return s.Registration.State == "registered"
	})
	r := first.Registration
	if r.GrantedS != 20 || r.LastCode != 200 || r.Target != fmt.Sprintf("udp:127.0.0.1:%d", port) || r.Failures != 0 ||
		time.Until(r.Expires) > 21*time.Second || time.Until(r.Expires) < 5*time.Second {
		t.Fatalf("registration %+v, want 200 from udp:127.0.0.1:%d granting 20 s", *r, port)
	}
	second := n.trunkRegistration("carrier", 20*time.Second, "refreshed", func(s trunkRegState) bool {
		return s.Registration.State == "registered" && s.Registration.Registrations >= first.Registration.Registrations+1
	})
	// Each success grants 20 s from when it came: the refresh went at half.
	refreshedAfter := second.Registration.Expires.Sub(first.Registration.Expires)
	if refreshedAfter < 9*time.Second || refreshedAfter > 12*time.Second {
		t.Errorf("refresh %v after the registration, want about 10 s (half of 20 s)", refreshedAfter)
	}

	if code := srv.stop(t); code != 0 {
		t.Errorf("dialtone exit %d", code)
	}
	code, out := uas.wait(t, 30*time.Second)
	if code != 0 {
		t.Fatalf("provider (sipp) exit %d\n%s", code, out)
	}
	contact := fmt.Sprintf("Contact: <sip:acct@%s>", n.sip)
	for _, want := range []string{contact, "Expires: 0", "nc=00000002", "nc=00000003"} {
		if !strings.Contains(out, want) {
			t.Errorf("sipp's messages have no %q", want)
		}
	}
	t.Logf("registered (granted %d s), refreshed %v later, unregistered at shutdown; sipp exit 0", r.GrantedS, refreshedAfter.Round(100*time.Millisecond))
}
