package sbc

import (
	"bytes"
)

// A span locates a header value (or a part of the start line) inside the
// raw bytes of a message, so that the scan allocates nothing and survives
// copying the bytes elsewhere.
type span struct{ off, end int32 }

func (s span) ok() bool                     { return s.end > s.off }
func (s span) in(raw []byte) []byte         { return raw[s.off:s.end] }
func mkspan(off, end int) span              { return span{int32(off), int32(end)} }
func (s span) is(raw []byte, v string) bool { return string(raw[s.off:s.end]) == v }

// maxVia bounds the Via header lines a message may carry; messages with more
// are refused (no real path has this many hops through one line each).
const maxVia = 16

// scan is what the edge learns about a message from one pass over its bytes,
// before (and independently of) the full sipgo parse: enough to apply the
// protections, to answer a retransmission, and to build an error response to
// a message sipgo refuses.
type scan struct {
	response bool
	// Request line: method, Request-URI, version. Responses: version only.
	method, uri, version span
	startOK              bool  // the start line has three parts
	bodyOff              int32 // index of the body; -1 without an empty line
	via                  [maxVia]span
	nvia                 int
	tooManyVia           bool
	from, to, callID     span
	cseq, contentLength  span
	maxForwards          span
	userAgent            span
	hasContentLength     bool // present, possibly with an empty value
	hasMaxForwards       bool
	headers              int  // header lines (folded lines not counted)
	dup                  bool // From, To, Call-ID, CSeq, Content-Length or Max-Forwards twice
	badLine              bool // a header line without a colon
}

// Header names the scan recognises, in their long and compact forms.
const (
	hOther = iota
	hVia
	hFrom
	hTo
	hCallID
	hCSeq
	hContentLength
	hMaxForwards
	hUserAgent
)

func headerID(name []byte) int {
	switch len(name) {
	case 1:
		switch name[0] | 0x20 {
		case 'v':
			return hVia
		case 'f':
			return hFrom
		case 't':
			return hTo
		case 'i':
			return hCallID
		case 'l':
			return hContentLength
		}
	case 2:
		if equalFold(name, "to") {
			return hTo
		}
	case 3:
		if equalFold(name, "via") {
			return hVia
		}
	case 4:
		if equalFold(name, "from") {
			return hFrom
		}
		if equalFold(name, "cseq") {
			return hCSeq
		}
	case 7:
		if equalFold(name, "call-id") {
			return hCallID
		}
	case 10:
		if equalFold(name, "user-agent") {
			return hUserAgent
		}
	case 12:
		if equalFold(name, "max-forwards") {
			return hMaxForwards
		}
	case 14:
		if equalFold(name, "content-length") {
			return hContentLength
		}
	}
	return hOther
}

// equalFold compares ASCII b with lower-case s, ignoring the case of b.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

func isWS(c byte) bool { return c == ' ' || c == '\t' }

// isLWS also counts the line breaks of folded header lines.
func isLWS(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func trimLWS(b []byte) []byte {
	for len(b) > 0 && isLWS(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isLWS(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// scanMessage fills sc from raw in one pass. Lines end in LF, optionally
// preceded by CR (sipgo is stricter and refuses bare LF; that is found by
// the full parse). The scan never fails: what it cannot find stays empty.
func scanMessage(raw []byte, sc *scan) {
	*sc = scan{bodyOff: -1}
	nl := bytes.IndexByte(raw, '\n')
	lineEnd := nl
	if nl < 0 {
		lineEnd = len(raw)
	}
	scanStartLine(raw, lineEnd, sc)
	if nl < 0 {
		return
	}
	pos := nl + 1
	var last *span // the header a folded line continues
	for pos < len(raw) {
		i := bytes.IndexByte(raw[pos:], '\n')
		if i < 0 {
			return // the header section does not end
		}
		next := pos + i + 1
		end := pos + i
		if end > pos && raw[end-1] == '\r' {
			end--
		}
		if end == pos {
			sc.bodyOff = int32(next)
			return
		}
		if isWS(raw[pos]) {
			// RFC 3261 §7.3.1 line folding: the value goes on.
			if last != nil {
				if e := trimRightEnd(raw, pos, end); e > pos {
					last.end = int32(e)
				}
			}
			pos = next
			continue
		}
		last = nil
		sc.headers++
		colon := bytes.IndexByte(raw[pos:end], ':')
		if colon < 0 {
			sc.badLine = true
			pos = next
			continue
		}
		nameEnd := pos + colon
		for nameEnd > pos && isWS(raw[nameEnd-1]) {
			nameEnd--
		}
		vs := pos + colon + 1
		for vs < end && isWS(raw[vs]) {
			vs++
		}
		ve := trimRightEnd(raw, vs, end)
		val := mkspan(vs, ve)
		switch headerID(raw[pos:nameEnd]) {
		case hVia:
			if sc.nvia == maxVia {
				sc.tooManyVia = true
				break
			}
			sc.via[sc.nvia] = val
			last = &sc.via[sc.nvia]
			sc.nvia++
		case hFrom:
			last = sc.set(&sc.from, val)
		case hTo:
			last = sc.set(&sc.to, val)
		case hCallID:
			last = sc.set(&sc.callID, val)
		case hCSeq:
			last = sc.set(&sc.cseq, val)
		case hContentLength:
			if sc.hasContentLength {
				sc.dup = true
			}
			sc.hasContentLength = true
			last = sc.set(&sc.contentLength, val)
		case hMaxForwards:
			if sc.hasMaxForwards {
				sc.dup = true
			}
			sc.hasMaxForwards = true
			last = sc.set(&sc.maxForwards, val)
		case hUserAgent:
			if !sc.userAgent.ok() {
				sc.userAgent = val
			}
		}
		pos = next
	}
}

// set records the first value of a header that must appear once.
func (sc *scan) set(dst *span, val span) *span {
	if dst.ok() {
		sc.dup = true
		return nil
	}
	*dst = val
	return dst
}

func trimRightEnd(raw []byte, start, end int) int {
	for end > start && isWS(raw[end-1]) {
		end--
	}
	return end
}

// scanStartLine splits "METHOD URI SIP/2.0" or "SIP/2.0 200 OK".
func scanStartLine(raw []byte, end int, sc *scan) {
	if end > 0 && raw[end-1] == '\r' {
		end--
	}
	line := raw[:end]
	sp1 := bytes.IndexByte(line, ' ')
	if sp1 <= 0 {
		return
	}
	sp2 := bytes.IndexByte(line[sp1+1:], ' ')
	if sp2 < 0 {
		return
	}
	sp2 += sp1 + 1
	if len(line) >= 4 && equalFold(line[:4], "sip/") {
		sc.response = true
		sc.version = mkspan(0, sp1)
		sc.startOK = true
		return
	}
	sc.method = mkspan(0, sp1)
	sc.uri = mkspan(sp1+1, sp2)
	sc.version = mkspan(sp2+1, end)
	sc.startOK = sp2 > sp1+1 && sp2+1 < end && bytes.IndexByte(line[sp2+1:], ' ') < 0
}

// hasEssentials reports whether the headers every response copies are there
// (RFC 3261 §8.2.6.2): without them no answer can be matched by the client.
func (sc *scan) hasEssentials() bool {
	return sc.nvia > 0 && sc.from.ok() && sc.to.ok() && sc.callID.ok() && sc.cseq.ok()
}

// missing names the first essential header that is absent, for logs.
func (sc *scan) missing() string {
	switch {
	case sc.nvia == 0:
		return "Via"
	case !sc.from.ok():
		return "From"
	case !sc.to.ok():
		return "To"
	case !sc.callID.ok():
		return "Call-ID"
	case !sc.cseq.ok():
		return "CSeq"
	}
	return ""
}

// indexUnquoted returns the index of the first c in b outside a quoted
// string, or len(b).
func indexUnquoted(b []byte, c byte) int {
	inQuote := false
	for i := 0; i < len(b); i++ {
		switch {
		case inQuote && b[i] == '\\':
			i++
		case b[i] == '"':
			inQuote = !inQuote
		case !inQuote && b[i] == c:
			return i
		}
	}
	return len(b)
}

// splitTopVia splits the first Via line's value into its first via-parm
// and the rest of the comma-separated list (RFC 3261 §20.42).
func splitTopVia(v []byte) (top, rest []byte) {
	i := indexUnquoted(v, ',')
	if i == len(v) {
		return v, nil
	}
	return trimLWS(v[:i]), trimLWS(v[i+1:])
}

// viaParts splits a via-parm into "SIP/2.0/UDP", the sent-by and the
// parameters (starting at ';', or empty). ok is false when the sent-by is
// missing.
func viaParts(v []byte) (proto, sentBy, params []byte, ok bool) {
	// The sent-protocol may carry LWS around its slashes; it ends at the
	// first whitespace after the second slash and its transport token.
	slashes, i := 0, 0
	for ; i < len(v) && slashes < 2; i++ {
		if v[i] == '/' {
			slashes++
		}
	}
	if slashes < 2 {
		return nil, nil, nil, false
	}
	for i < len(v) && isLWS(v[i]) {
		i++
	}
	for i < len(v) && !isLWS(v[i]) {
		i++
	}
	proto = v[:i]
	for i < len(v) && isLWS(v[i]) {
		i++
	}
	rest := v[i:]
	semi := indexUnquoted(rest, ';')
	sentBy = trimLWS(rest[:semi])
	params = rest[semi:]
	return proto, sentBy, params, len(sentBy) > 0
}

// sentByHost returns the host of a sent-by, without IPv6 brackets.
func sentByHost(sentBy []byte) []byte {
	if len(sentBy) > 0 && sentBy[0] == '[' {
		if j := bytes.IndexByte(sentBy, ']'); j > 0 {
			return sentBy[1:j]
		}
		return sentBy
	}
	if j := bytes.IndexByte(sentBy, ':'); j >= 0 {
		return trimLWS(sentBy[:j])
	}
	return sentBy
}

// nextParam takes the next ";name[=value]" from params, returning the
// whole parameter (without the ';'), its name and value.
func nextParam(params []byte) (whole, name, value, rest []byte, hasValue bool) {
	for len(params) > 0 && (params[0] == ';' || isLWS(params[0])) {
		params = params[1:]
	}
	end := indexUnquoted(params, ';')
	whole = trimLWS(params[:end])
	rest = params[end:]
	name = whole
	if eq := bytes.IndexByte(whole, '='); eq >= 0 {
		name, value, hasValue = trimLWS(whole[:eq]), trimLWS(whole[eq+1:]), true
	}
	return whole, name, value, rest, hasValue
}

// param returns the value of the parameter name (lower case) in params.
func param(params []byte, name string) ([]byte, bool) {
	for len(params) > 0 {
		whole, n, v, rest, _ := nextParam(params)
		if len(whole) > 0 && equalFold(n, name) {
			return v, true
		}
		params = rest
	}
	return nil, false
}

// addrParams returns the header parameters of a name-addr or addr-spec
// value (From, To, Contact), starting at their first ';', or nil. Without
// angle brackets every ';' starts a header parameter (RFC 3261 §20.10).
func addrParams(v []byte) []byte {
	inQuote := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if inQuote {
			switch c {
			case '\\':
				i++
			case '"':
				inQuote = false
			}
			continue
		}
		switch c {
		case '"':
			inQuote = true
		case '<':
			j := bytes.IndexByte(v[i:], '>')
			if j < 0 {
				return nil
			}
			rest := v[i+j+1:]
			if k := bytes.IndexByte(rest, ';'); k >= 0 {
				return rest[k:]
			}
			return nil
		case ';':
			return v[i:]
		}
	}
	return nil
}

// tagOf returns the tag parameter of a From or To value.
func tagOf(v []byte) ([]byte, bool) {
	return param(addrParams(v), "tag")
}

// cseqParts splits "4711 REGISTER" (RFC 3261 §20.16). ok is false unless
// the number has 1–10 digits and fits 2^31-1 and the method is a token.
func cseqParts(v []byte) (seq uint32, method []byte, ok bool) {
	i := 0
	var n uint64
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		n = n*10 + uint64(v[i]-'0')
		i++
		if i > 10 {
			return 0, nil, false
		}
	}
	if i == 0 || n > 1<<31-1 || i == len(v) || !isLWS(v[i]) {
		return 0, nil, false
	}
	method = trimLWS(v[i:])
	if len(method) == 0 {
		return 0, nil, false
	}
	for _, c := range method {
		if !tokenChar(c) {
			return 0, nil, false
		}
	}
	return uint32(n), method, true
}

// parseDigits parses a non-negative decimal of at most 9 digits.
func parseDigits(v []byte) (int, bool) {
	if len(v) == 0 || len(v) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// uriSchemeOK reports whether a Request-URI has a scheme we route: sip,
// sips or tel (RFC 3261 §8.2.2.1, RFC 3966).
func uriSchemeOK(uri []byte) bool {
	c := bytes.IndexByte(uri, ':')
	if c < 0 {
		return false
	}
	s := uri[:c]
	return equalFold(s, "sip") || equalFold(s, "sips") || equalFold(s, "tel")
}

// onlyCRLF reports whether b is empty or only CR and LF bytes (a
// keep-alive, RFC 5626 §3.5.1).
func onlyCRLF(b []byte) bool {
	for _, c := range b {
		if c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// cleanValue reports whether a header value can be copied into a response
// as is: no control characters except tabs and folded line breaks.
func cleanValue(v []byte) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 0x20 && c != 0x7f || c == '\t' {
			continue
		}
		if c == '\r' && i+2 < len(v) && v[i+1] == '\n' && isWS(v[i+2]) {
			i++
			continue
		}
		return false
	}
	return true
}

// topViaOK checks the top via-parm strictly (RFC 3261 §20.42): sipgo's Via
// parser is lenient, and a response copies and extends this value, so only
// a well-formed one is answered.
func topViaOK(top []byte) bool {
	proto, sentBy, params, ok := viaParts(top)
	if !ok {
		return false
	}
	// sent-protocol: SIP / 2.0 / transport, LWS allowed around the slashes.
	var parts [3][]byte
	n := 0
	for p := proto; n < 3; n++ {
		i := bytes.IndexByte(p, '/')
		if i < 0 {
			i = len(p)
		}
		parts[n] = trimLWS(p[:i])
		if i == len(p) {
			n++
			break
		}
		p = p[i+1:]
	}
	if n != 3 || !equalFold(parts[0], "sip") || string(parts[1]) != "2.0" || !tokenBytes(parts[2]) {
		return false
	}
	if !sentByOK(sentBy) {
		return false
	}
	for len(params) > 0 {
		whole, name, value, rest, _ := nextParam(params)
		params = rest
		if len(whole) == 0 {
			continue
		}
		if !tokenBytes(name) || !paramValueOK(value) {
			return false
		}
	}
	return true
}

// sentByOK accepts host[:port] where host is a name, an IPv4 address or a
// bracketed IPv6 reference.
func sentByOK(s []byte) bool {
	host, port := s, []byte(nil)
	if len(s) > 0 && s[0] == '[' {
		j := bytes.IndexByte(s, ']')
		if j < 2 {
			return false
		}
		for _, c := range s[1:j] {
			if !(c == ':' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
		host, port = nil, s[j+1:]
		if len(port) > 0 {
			if port[0] != ':' {
				return false
			}
			port = port[1:]
			if len(port) == 0 {
				return false
			}
		}
	} else if j := bytes.IndexByte(s, ':'); j >= 0 {
		host, port = trimLWS(s[:j]), trimLWS(s[j+1:])
		if len(port) == 0 {
			return false
		}
	}
	for _, c := range host {
		if !(c == '.' || c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	if port != nil {
		p, ok := parseDigits(port)
		if !ok || p > 65535 || len(port) > 5 {
			return false
		}
	}
	return host == nil || len(host) > 0
}

// paramValueOK accepts a token, a quoted string or an IPv6 reference.
func paramValueOK(v []byte) bool {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return indexUnquoted(v[1:len(v)-1], '"') == len(v)-2 && cleanValue(v)
	}
	for _, c := range v {
		if !tokenChar(c) && c != ':' && c != '[' && c != ']' {
			return false
		}
	}
	return true
}

// viaLineOK checks every via-parm of one Via header line.
func viaLineOK(v []byte) bool {
	for {
		i := indexUnquoted(v, ',')
		if !topViaOK(trimLWS(v[:i])) {
			return false
		}
		if i == len(v) {
			return true
		}
		v = v[i+1:]
	}
}
