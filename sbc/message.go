package sbc

import (
	"bytes"
	"context"
	"log/slog"
	"net/netip"
	"time"

	"github.com/emiago/sipgo/sip"
)

// inbound is one received message and where it came from. It lives on the
// reader's stack while the message is checked; a dispatched request copies
// it (and its bytes) into a Request.
type inbound struct {
	transport  string
	src, local netip.AddrPort
	udp        *udpSocket  // set for UDP
	conn       *streamConn // set for TCP, TLS, WS
	raw        []byte
	sc         scan
	branch     span // of the top Via
	cseqMethod span
	// cacheable: UDP request recorded in the retransmission cache under txKey.
	cacheable bool
	txKey     uint64
	// Set by stream framing: the message is over the size limit (raw holds
	// its beginning), or cannot be framed (frameErr is the 400 reason).
	oversize bool
	frameErr string
}

// knownMethods are the methods the PBX may implement: without a handler
// they are answered 405, any other method 501 (RFC 3261 §8.2.1).
func knownMethod(m []byte) bool {
	switch string(m) {
	case "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER", "INFO", "UPDATE",
		"NOTIFY", "REFER", "MESSAGE", "SUBSCRIBE", "PRACK", "PUBLISH":
		return true
	}
	return false
}

// maxHeaders bounds the header lines of a message: real ones have a few
// dozen, and each costs sipgo an allocation or two.
const maxHeaders = 256

// maxParams bounds the ';' and '&', and the ',', of a header section: real
// messages carry a few dozen (Via, Contact and Route parameters; lists in
// Authorization, Allow, Supported, Record-Route).
const maxParams = 256

// verdict tells a stream reader what to do with its connection after a
// message.
type verdict int

const (
	keepOpen verdict = iota
	closeConn
)

// handleMessage runs every check on one message, cheapest first, answers
// what the edge answers itself and dispatches the rest. It is the one path
// of every transport; it never panics (a panic is recovered and counted).
func (e *Edge) handleMessage(in *inbound) (v verdict) {
	defer func() {
		if r := recover(); r != nil {
			e.stats.panics.Add(1)
			e.logInput(slog.LevelError, "panic handling a message", in, slog.Any("panic", r))
			if in.conn != nil {
				v = closeConn
			}
		}
	}()
	e.stats.received.Add(1)
	ip := in.src.Addr()
	if e.bans.Banned(ip) {
		if in.conn != nil {
			return closeConn
		}
		return keepOpen
	}
	if e.limiter != nil && !e.limiter.Allow(ip) {
		return keepOpen
	}
	sc := &in.sc
	scanMessage(in.raw, sc)
	if !sc.response && sc.userAgent.ok() && e.scanners.IsScanner(string(sc.userAgent.in(in.raw))) {
		if in.conn != nil {
			return closeConn
		}
		return keepOpen
	}
	if in.oversize || len(in.raw) > e.opts.MaxMessageSize {
		e.stats.oversize.Add(1)
		e.counters.Oversize.Add(1)
		e.logInput(slog.LevelInfo, "message too large", in, slog.Int("size", len(in.raw)))
		e.reject(in, 413, "", false)
		return closeConn
	}
	if in.frameErr != "" {
		return e.rejectMalformed(in, in.frameErr)
	}
	if sc.headers > maxHeaders {
		e.malformed(in, "too many header lines")
		return e.dropVerdict(in)
	}
	if head := in.raw[:max(sc.bodyOff, 0)]; bytes.Count(head, []byte{';'})+bytes.Count(head, []byte{'&'}) > maxParams ||
		bytes.Count(head, []byte{','}) > maxParams {
		// sipgo's parsing is quadratic in the parameters of a header and
		// in the values of a comma-separated list; so would be answering
		// (it parses the copied headers).
		e.malformed(in, "too many parameters or list values")
		return e.dropVerdict(in)
	}
	if sc.response {
		e.handleResponse(in)
		return keepOpen
	}
	if !sc.hasEssentials() {
		e.malformed(in, "missing "+sc.missing())
		return e.dropVerdict(in)
	}
	for i := 0; i < sc.nvia; i++ {
		// A response copies every Via: only well-formed ones are answered.
		if !viaLineOK(sc.via[i].in(in.raw)) {
			e.malformed(in, "malformed Via")
			return e.dropVerdict(in)
		}
	}
	if !e.transaction(in) {
		return keepOpen
	}
	if bytes.IndexByte(in.raw, 0) >= 0 {
		return e.rejectMalformed(in, "NUL Byte In Message")
	}
	if !sc.startOK || !tokenBytes(sc.method.in(in.raw)) {
		return e.rejectMalformed(in, "Bad Request Line")
	}
	if !sc.version.is(in.raw, "SIP/2.0") {
		e.stats.badVersion.Add(1)
		e.reject(in, 505, "", false)
		return keepOpen
	}
	if !uriSchemeOK(sc.uri.in(in.raw)) {
		e.stats.badScheme.Add(1)
		e.reject(in, 416, "", false)
		return keepOpen
	}
	if sc.tooManyVia {
		return e.rejectMalformed(in, "Too Many Via Headers")
	}
	if sc.dup {
		return e.rejectMalformed(in, "Duplicate Header")
	}
	if sc.badLine {
		return e.rejectMalformed(in, "Malformed Header Line")
	}
	if sc.bodyOff < 0 {
		return e.rejectMalformed(in, "Truncated Message")
	}
	if sc.hasContentLength {
		n, ok := parseDigits(sc.contentLength.in(in.raw))
		if !ok || n != len(in.raw)-int(sc.bodyOff) {
			// Streams are framed by Content-Length, so only a datagram
			// can disagree with it (RFC 3261 §18.3).
			return e.rejectMalformed(in, "Bad Content-Length")
		}
	}
	if !sc.hasMaxForwards {
		return e.rejectMalformed(in, "Missing Max-Forwards")
	}
	hops, ok := parseDigits(sc.maxForwards.in(in.raw))
	if !ok || hops > 255 {
		return e.rejectMalformed(in, "Bad Max-Forwards")
	}
	_, method, ok := cseqParts(sc.cseq.in(in.raw))
	if !ok {
		return e.rejectMalformed(in, "Bad CSeq")
	}
	if !bytes.Equal(method, sc.method.in(in.raw)) {
		return e.rejectMalformed(in, "CSeq Method Mismatch")
	}
	msg, err := e.parser.ParseSIP(in.raw)
	if err != nil {
		return e.rejectMalformed(in, e.parseFailure(in))
	}
	req, ok := msg.(*sip.Request)
	if !ok || req.Via() == nil || req.From() == nil || req.To() == nil || req.CallID() == nil || req.CSeq() == nil {
		return e.rejectMalformed(in, "Bad Request")
	}
	e.stats.parsed.Add(1)
	if hops == 0 {
		e.stats.tooManyHops.Add(1)
		e.reject(in, 483, "", true)
		return keepOpen
	}
	e.dispatch(in, req)
	return keepOpen
}

// transaction applies the retransmission cache to a UDP request. It
// reports whether the request should go on (false: it was a retransmission,
// answered from the cache or absorbed).
func (e *Edge) transaction(in *inbound) bool {
	sc := &in.sc
	top, _ := splitTopVia(sc.via[0].in(in.raw))
	_, _, params, _ := viaParts(top)
	if b, ok := param(params, "branch"); ok && len(b) > 0 {
		in.branch = e.spanOf(in.raw, b)
	}
	if _, m, ok := cseqParts(sc.cseq.in(in.raw)); ok {
		in.cseqMethod = e.spanOf(in.raw, m)
	}
	// Only RFC 3261 branches (magic cookie, §8.1.1.7) are unique per
	// transaction; ACKs are never answered.
	if in.udp == nil || !in.cseqMethod.ok() || sc.method.is(in.raw, "ACK") ||
		!bytes.HasPrefix(in.branch.in(in.raw), []byte(sip.RFC3261BranchMagicCookie)) {
		return true
	}
	branch, method := in.branch.in(in.raw), in.cseqMethod.in(in.raw)
	in.txKey = e.cache.key(in.src, branch, method)
	resp, st := e.cache.begin(in.txKey, in.src, branch, method)
	switch st {
	case txHit:
		e.stats.retransmissions.Add(1)
		if err := e.send(in, resp); err != nil {
			e.stats.sendErrors.Add(1)
		}
		return false
	case txPending:
		e.stats.absorbed.Add(1)
		return false
	}
	in.cacheable = true
	return true
}

// spanOf locates sub, a subslice of raw, as a span.
func (e *Edge) spanOf(raw, sub []byte) span {
	if len(sub) == 0 {
		return span{}
	}
	off := cap(raw) - cap(sub)
	return mkspan(off, off+len(sub))
}

func tokenBytes(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !tokenChar(c) {
			return false
		}
	}
	return true
}

// dispatch hands a valid request to its handler, or answers it.
func (e *Edge) dispatch(in *inbound, msg *sip.Request) {
	method := in.sc.method.in(in.raw)
	if h, ok := (*e.handlers.Load())[string(method)]; ok {
		e.stats.dispatched.Add(1)
		msg.SetTransport(sipTransport(in.transport))
		h(newRequest(e, in, msg))
		return
	}
	switch string(method) {
	case "OPTIONS":
		// RFC 3261 §11.2: Allow, Accept, Accept-Language and Supported
		// SHOULD be present. Supported is empty: we require no extension
		// and claim none (path, outbound and gruu are not built).
		e.stats.optionsAnswered.Add(1)
		e.reject(in, 200, "", true, e.allowHdr, e.acceptHdr, e.acceptLangHdr, e.supportedHdr)
	case "ACK":
		e.stats.ackIgnored.Add(1)
	default:
		if knownMethod(method) {
			e.stats.notAllowed.Add(1)
			e.reject(in, 405, "", true, e.allowHdr)
			return
		}
		e.stats.notImplemented.Add(1)
		e.reject(in, 501, "", true)
	}
}

func sipTransport(t string) string {
	switch t {
	case "udp":
		return "UDP"
	case "tcp":
		return "TCP"
	case "tls":
		return "TLS"
	case "ws":
		return "WS"
	case "wss":
		return "WSS"
	}
	return t
}

// reject answers in with an edge-generated response. parsed tells whether
// sipgo accepted the message; if not, the headers copied into the answer
// are first checked one by one, and when any is unusable nothing is sent.
func (e *Edge) reject(in *inbound, code int, reason string, parsed bool, hdrs ...sip.Header) {
	if in.sc.response {
		return // a response is never answered
	}
	if !parsed && !e.answerable(in) {
		e.stats.malformedDropped.Add(1)
		return
	}
	if err := e.respond(in, code, reason, hdrs, "", nil); err != nil {
		e.logInput(slog.LevelDebug, "answer not sent", in, slog.Any("err", err))
	}
}

// rejectMalformed counts a malformed request and answers it 400 with a
// short reason when it can; streams are closed after.
func (e *Edge) rejectMalformed(in *inbound, reason string) verdict {
	e.stats.malformed.Add(1)
	e.counters.Malformed.Add(1)
	e.logInput(slog.LevelInfo, "malformed request", in, slog.String("reason", reason))
	e.reject(in, 400, reason, false)
	return e.dropVerdict(in)
}

// malformed counts a message dropped without answer.
func (e *Edge) malformed(in *inbound, reason string) {
	e.stats.malformed.Add(1)
	e.stats.malformedDropped.Add(1)
	e.counters.Malformed.Add(1)
	e.logInput(slog.LevelInfo, "malformed message dropped", in, slog.String("reason", reason))
}

func (e *Edge) dropVerdict(in *inbound) verdict {
	if in.conn != nil {
		return closeConn
	}
	return keepOpen
}

// answerable reports whether a response built from in's headers would be
// well formed: every header copied parses on its own with sipgo's parsers and
// holds no control characters.
func (e *Edge) answerable(in *inbound) bool {
	sc := &in.sc
	if !sc.hasEssentials() || sc.tooManyVia {
		return false
	}
	check := func(name string, s span) bool {
		v := s.in(in.raw)
		if !cleanValue(v) {
			return false
		}
		p, ok := e.headerParsers[name]
		if !ok {
			return true
		}
		_, err := p(nil, string(v))
		return err == nil
	}
	for i := 0; i < sc.nvia; i++ {
		v := sc.via[i].in(in.raw)
		if !cleanValue(v) {
			return false
		}
		if _, err := e.headerParsers.ParseHeader(nil, append([]byte("Via: "), v...)); err != nil {
			return false
		}
		if i == 0 {
			top, _ := splitTopVia(v)
			if _, _, _, ok := viaParts(top); !ok {
				return false
			}
		}
	}
	return check("from", sc.from) && check("to", sc.to) && check("call-id", sc.callID) && check("cseq", sc.cseq)
}

// parseFailure names what sipgo refused, by parsing the message's header
// lines one at a time (only on this error path).
func (e *Edge) parseFailure(in *inbound) string {
	raw := in.raw
	if in.sc.bodyOff > 0 {
		raw = raw[:in.sc.bodyOff]
	}
	nl := bytes.IndexByte(raw, '\n')
	if nl < 0 {
		return "Bad Request"
	}
	if !bytes.HasSuffix(raw[:nl], []byte("\r")) {
		return "Bad Line Ending"
	}
	line := raw[:nl-1]
	if err := sip.ParseUri(string(line[in.sc.uri.off:in.sc.uri.end]), new(sip.Uri)); err != nil {
		return "Bad Request-URI"
	}
	rest := raw[nl+1:]
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		l := rest[:i]
		rest = rest[i+1:]
		if len(l) == 0 || l[len(l)-1] != '\r' {
			return "Bad Line Ending"
		}
		l = l[:len(l)-1]
		if len(l) == 0 || isWS(l[0]) {
			continue
		}
		if _, err := e.headerParsers.ParseHeader(nil, l); err != nil {
			colon := bytes.IndexByte(l, ':')
			if colon > 0 && colon <= 32 && tokenBytes(bytes.TrimSpace(l[:colon])) {
				return "Bad " + string(bytes.TrimSpace(l[:colon])) + " Header"
			}
			return "Malformed Header Line"
		}
	}
	return "Bad Request"
}

// handleResponse passes a response to OnResponse.
func (e *Edge) handleResponse(in *inbound) {
	if bytes.IndexByte(in.raw, 0) >= 0 {
		e.malformed(in, "NUL byte in response")
		return
	}
	msg, err := e.parser.ParseSIP(in.raw)
	if err != nil {
		e.malformed(in, "unparsable response")
		return
	}
	res, ok := msg.(*sip.Response)
	if !ok || res.Via() == nil || res.CSeq() == nil || res.CallID() == nil {
		e.malformed(in, "response without Via, CSeq or Call-ID")
		return
	}
	e.stats.parsed.Add(1)
	f := e.onResponse.Load()
	if f == nil || *f == nil {
		return
	}
	e.stats.responsesReceived.Add(1)
	res.SetTransport(sipTransport(in.transport))
	(*f)(res, in.flow())
}

func (in *inbound) flow() Flow {
	f := Flow{Transport: in.transport, Local: in.local, Remote: in.src}
	if in.conn != nil {
		f.ID = in.conn.id
	}
	return f
}

// logInput logs about a received message: a short reason and the source,
// never the message (which may be an attacker's), at most a few lines per
// second.
func (e *Edge) logInput(level slog.Level, msg string, in *inbound, attrs ...slog.Attr) {
	ctx := context.Background()
	if !e.log.Enabled(ctx, level) || !e.logLimit.allow(time.Now()) {
		return
	}
	attrs = append(attrs, slog.String("transport", in.transport), slog.String("source", in.src.String()))
	e.log.LogAttrs(ctx, level, msg, attrs...)
}
