package sbc

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/emiago/sipgo/sip"
)

func TestAppendTopVia(t *testing.T) {
	tests := []struct {
		name, via, src, want string
	}{
		{"empty rport filled, received added", "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport", "192.0.2.1:7000",
			"SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport=7000;received=192.0.2.1"},
		{"same address, no rport: unchanged", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1", "192.0.2.1:5060",
			"SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1"},
		{"rport filled even from the same address", "SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bK1", "192.0.2.1:5060",
			"SIP/2.0/UDP 192.0.2.1:5060;rport=5060;branch=z9hG4bK1;received=192.0.2.1"},
		{"other address, no rport", "SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1", "192.0.2.1:5060",
			"SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1;received=192.0.2.1"},
		{"host name", "SIP/2.0/TCP phone.example.com:5060;branch=z9hG4bK1", "192.0.2.1:40000",
			"SIP/2.0/TCP phone.example.com:5060;branch=z9hG4bK1;received=192.0.2.1"},
		{"ipv6", "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;rport", "[2001:db8::1]:5062",
			"SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;rport=5062;received=2001:db8::1"},
		{"ipv6 other spelling is the same address", "SIP/2.0/UDP [2001:DB8:0::1]:5060;branch=z9hG4bK1", "[2001:db8::1]:5060",
			"SIP/2.0/UDP [2001:DB8:0::1]:5060;branch=z9hG4bK1"},
		{"forged received replaced", "SIP/2.0/UDP 10.0.0.5:5060;received=6.6.6.6;branch=z9hG4bK1", "192.0.2.1:5060",
			"SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;received=192.0.2.1"},
		{"rport with a value kept", "SIP/2.0/UDP 10.0.0.5:5060;rport=1234;branch=z9hG4bK1", "192.0.2.1:5060",
			"SIP/2.0/UDP 10.0.0.5:5060;rport=1234;branch=z9hG4bK1;received=192.0.2.1"},
		{"websocket", "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK1;rport", "192.0.2.1:55000",
			"SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK1;rport=55000;received=192.0.2.1"},
		{"spaces around parameters", "SIP / 2.0 / UDP 10.0.0.5:5060 ; branch=z9hG4bK1 ; rport", "192.0.2.1:7000",
			"SIP / 2.0 / UDP 10.0.0.5:5060;branch=z9hG4bK1;rport=7000;received=192.0.2.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendTopVia(nil, []byte(tc.via), netip.MustParseAddrPort(tc.src)))
			if got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
			if _, err := sip.HeadersParser(sip.DefaultHeadersParser()).ParseHeader(nil, []byte("Via: "+got)); err != nil {
				t.Errorf("result does not parse: %v", err)
			}
		})
	}
}

func TestRespondBuildsFromRequest(t *testing.T) {
	e, s := memEdge(t, Options{ServerHeader: "Dialtone-test"}, new(recorder))
	rec := s.w.(*recorder)
	var req *Request
	e.Handle("REGISTER", func(r *Request) { req = r })
	r := newReq("REGISTER", "build")
	r.headers = append(r.headers[:1:1], append([]string{
		"v: SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bK-second, SIP/2.0/TCP 10.0.0.10;branch=z9hG4bK-third",
	}, r.headers[1:]...)...)
	src := netip.MustParseAddrPort("192.0.2.7:40001")
	e.handleDatagram(s, r.bytes(), src)
	if req == nil {
		t.Fatal("handler not called")
	}
	if req.Source() != src || req.Transport() != "udp" || req.FlowID() != 0 || req.Local() != s.local {
		t.Errorf("Source %v Transport %s FlowID %d Local %v", req.Source(), req.Transport(), req.FlowID(), req.Local())
	}
	if req.SIP().Method != sip.REGISTER {
		t.Errorf("SIP().Method = %s", req.SIP().Method)
	}
	if err := req.Respond(100, ""); err != nil {
		t.Fatal(err)
	}
	contact := &sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: "101", Host: "192.0.2.7", Port: 40001}}
	contact.Params = sip.NewParams()
	contact.Params.Add("expires", "3600")
	if err := req.Respond(200, "OK", contact, sip.NewHeader("Date", "Sat, 13 Nov 2010 23:29:00 GMT")); err != nil {
		t.Fatal(err)
	}
	sent := rec.take()
	if len(sent) != 2 {
		t.Fatalf("%d responses sent", len(sent))
	}
	trying, ok := parseResponse(t, sent[0]), parseResponse(t, sent[1])
	if _, has := trying.To().Params.Get("tag"); has {
		t.Error("100 Trying got a To tag")
	}
	tag, has := ok.To().Params.Get("tag")
	if !has || tag != req.ToTag() || len(tag) != 16 {
		t.Errorf("To tag %q (ToTag %q)", tag, req.ToTag())
	}
	top := ok.Via()
	if got, _ := top.Params.Get("received"); got != "192.0.2.7" {
		t.Errorf("received=%q", got)
	}
	if got, _ := top.Params.Get("rport"); got != "40001" {
		t.Errorf("rport=%q", got)
	}
	if got := ok.GetHeaders("Via"); len(got) != 3 {
		t.Errorf("%d Via values, want 3", len(got))
	}
	if ok.ContentLength() == nil || *ok.ContentLength() != 0 || len(ok.Body()) != 0 {
		t.Error("Content-Length is not 0")
	}
	if got := ok.GetHeader("Server"); got == nil || got.Value() != "Dialtone-test" {
		t.Errorf("Server = %v", got)
	}
	if ok.CallID().Value() != "build@10.0.0.5" || ok.CSeq().Value() != "1 REGISTER" {
		t.Errorf("Call-ID %q CSeq %q", ok.CallID().Value(), ok.CSeq().Value())
	}
	if from, _ := ok.From().Params.Get("tag"); from != "from-build" {
		t.Errorf("From tag %q", from)
	}
	// The order of the header lines, as sent.
	var names []string
	for _, line := range strings.Split(string(sent[1]), "\r\n")[1:] {
		if line == "" {
			break
		}
		n, _, _ := strings.Cut(line, ":")
		names = append(names, n)
	}
	want := "Via Via From To Call-ID CSeq Contact Date Server Content-Length"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("header order\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(string(sent[1]), "\r\nVia: SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bK-second, SIP/2.0/TCP 10.0.0.10;branch=z9hG4bK-third\r\n") {
		t.Errorf("second Via line not copied as is:\n%s", sent[1])
	}
	// A To tag the request has is kept.
	e.handleDatagram(s, newReq("REGISTER", "tagged").with("To", "<sip:101@pbx.test>;tag=theirs").bytes(), src)
	if err := req.Respond(200, ""); err != nil {
		t.Fatal(err)
	}
	res := parseResponse(t, rec.take()[0])
	if tag, _ := res.To().Params.Get("tag"); tag != "theirs" || req.ToTag() != "theirs" {
		t.Errorf("To tag %q, ToTag %q", tag, req.ToTag())
	}
	if err := req.RespondBody(200, "", "application/sdp", []byte("v=0\r\n")); err != nil {
		t.Fatal(err)
	}
	res = parseResponse(t, rec.take()[0])
	if string(res.Body()) != "v=0\r\n" || res.ContentType().Value() != "application/sdp" {
		t.Errorf("body %q type %v", res.Body(), res.ContentType())
	}
	if err := req.Respond(99, ""); err == nil {
		t.Error("Respond(99) accepted")
	}
}

func TestToTagStablePerRequest(t *testing.T) {
	e, s := memEdge(t, Options{}, new(recorder))
	var reqs []*Request
	e.Handle("INVITE", func(r *Request) { reqs = append(reqs, r) })
	src := netip.MustParseAddrPort("192.0.2.1:5060")
	e.handleDatagram(s, newReq("INVITE", "a").bytes(), src)
	e.handleDatagram(s, newReq("INVITE", "b").bytes(), src)
	if len(reqs) != 2 {
		t.Fatal("handler not called twice")
	}
	if first, again := reqs[0].ToTag(), reqs[0].ToTag(); first != again || first == reqs[1].ToTag() {
		t.Errorf("tags %q %q", reqs[0].ToTag(), reqs[1].ToTag())
	}
}

func TestOptionsAnsweredByEdge(t *testing.T) {
	e, s := memEdge(t, Options{}, new(recorder))
	rec := s.w.(*recorder)
	e.handleDatagram(s, newReq("OPTIONS", "opt").bytes(), netip.MustParseAddrPort("192.0.2.1:5060"))
	res := parseResponse(t, rec.take()[0])
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for name, want := range map[string]string{
		"Allow":           "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, UPDATE, NOTIFY, REFER, MESSAGE",
		"Accept":          "application/sdp",
		"Accept-Language": "en",
		"Supported":       "",
	} {
		h := res.GetHeader(name)
		if h == nil || h.Value() != want {
			t.Errorf("%s = %v, want %q", name, h, want)
		}
	}
	// ACK without a handler: nothing.
	e.handleDatagram(s, newReq("ACK", "ack").bytes(), netip.MustParseAddrPort("192.0.2.1:5060"))
	if got := rec.take(); len(got) != 0 || e.Stats().AckIgnored != 1 {
		t.Errorf("ACK answered: %q", got)
	}
}
