package sbc

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/emiago/sipgo/sip"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite testdata/fuzz/FuzzUDPMessage from the hostile table")

// fuzzSeeds are the hostile table's messages and a few valid ones.
func fuzzSeeds() map[string][]byte {
	seeds := map[string][]byte{}
	for i, tc := range hostileUDP() {
		seeds[fmt.Sprintf("hostile-%02d", i)] = tc.msg
	}
	seeds["valid-register"] = newReq("REGISTER", "seed-reg").with("Expires", "3600").bytes()
	seeds["valid-register-auth"] = newReq("REGISTER", "seed-auth").with("Authorization",
		`Digest username="101", realm="pbx.test", nonce="abc", uri="sip:pbx.test", response="0123456789abcdef0123456789abcdef", algorithm=MD5, qop=auth, nc=00000001, cnonce="xyz"`).bytes()
	seeds["valid-invite"] = newReq("INVITE", "seed-inv").with("Content-Type", "application/sdp").
		withBody("v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8\r\n").bytes()
	seeds["valid-options"] = newReq("OPTIONS", "seed-opt").bytes()
	seeds["valid-options-compact"] = []byte("OPTIONS sip:pbx.test SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bKc;rport\r\nMax-Forwards: 70\r\nf: <sip:a@b>;tag=1\r\nt: <sip:a@b>\r\ni: c1\r\nCSeq: 2 OPTIONS\r\nl: 0\r\n\r\n")
	seeds["valid-response"] = []byte("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx;rport=5060\r\nFrom: <sip:pbx.test>;tag=a\r\nTo: <sip:101@pbx.test>;tag=b\r\nCall-ID: k\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
	return seeds
}

// TestFuzzCorpus keeps the checked-in seed corpus in step with the table
// (go test -run TestFuzzCorpus -update-corpus rewrites it).
func TestFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzUDPMessage")
	for name, msg := range fuzzSeeds() {
		path := filepath.Join(dir, name)
		want := "go test fuzz v1\n[]byte(" + strconv.Quote(string(msg)) + ")\n"
		if *updateCorpus {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("seed %s missing or stale (run with -update-corpus): %v", name, err)
		}
	}
}

// FuzzUDPMessage feeds arbitrary datagrams through the UDP per-message path
// (no network): nothing may panic, and everything the edge sends must parse
// as a SIP response.
func FuzzUDPMessage(f *testing.F) {
	for _, msg := range fuzzSeeds() {
		f.Add(msg)
	}
	rec := new(recorder)
	e, s := memEdge(f, Options{RateLimit: -1, MaxMessageSize: 4096}, rec)
	e.Handle("REGISTER", func(r *Request) {
		c := &sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: "101", Host: "192.0.2.1"}}
		_ = r.Respond(200, "OK", c, sip.NewHeader("Expires", "3600"))
	})
	e.Handle("INVITE", func(r *Request) {
		_ = r.Respond(100, "")
		_ = r.Respond(180, "")
		_ = r.ToTag()
		_ = r.RespondBody(200, "", "application/sdp", []byte("v=0\r\n"))
	})
	e.Handle("BYE", func(r *Request) { _ = r.Respond(200, "Bye\r\nX-Injected: 1") })
	var mu sync.Mutex
	src := netip.MustParseAddrPort("192.0.2.1:5060")
	parser := sip.NewParser()
	f.Fuzz(func(t *testing.T, data []byte) {
		mu.Lock()
		defer mu.Unlock()
		e.handleDatagram(s, data, src)
		for _, b := range rec.take() {
			msg, err := parser.ParseSIP(b)
			if err != nil {
				t.Fatalf("response does not parse: %v\nrequest %q\nresponse %q", err, data, b)
			}
			if _, ok := msg.(*sip.Response); !ok {
				t.Fatalf("sent a non-response %q", b)
			}
		}
		if n := e.Stats().Panics; n != 0 {
			t.Fatalf("panic on %q", data)
		}
	})
}
