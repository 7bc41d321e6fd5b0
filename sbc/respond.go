package sbc

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"net/netip"
	"strconv"

	"github.com/emiago/sipgo/sip"
)

// byteWriter appends to a byte slice; it is the io.StringWriter sipgo's
// headers serialise themselves into.
type byteWriter struct{ b []byte }

func (w *byteWriter) WriteString(s string) (int, error) {
	w.b = append(w.b, s...)
	return len(s), nil
}

// maxPooledBuf: larger buffers are left to the garbage collector.
const maxPooledBuf = 64 << 10

func (e *Edge) getBuf() *byteWriter {
	if w, ok := e.bufPool.Get().(*byteWriter); ok {
		return w
	}
	return &byteWriter{b: make([]byte, 0, 1024)}
}

func (e *Edge) putBuf(w *byteWriter) {
	if cap(w.b) > maxPooledBuf {
		return
	}
	w.b = w.b[:0]
	e.bufPool.Put(w)
}

// respond builds the response to in straight from the request's bytes
// (RFC 3261 §8.2.6) and sends it where the request came from: over UDP from
// the socket that received it to the packet's source, over a stream on the
// same connection. Over UDP it also becomes the cached answer to
// retransmissions.
func (e *Edge) respond(in *inbound, code int, reason string, hdrs []sip.Header, contentType string, body []byte) error {
	if code < 100 || code > 699 {
		return fmt.Errorf("sbc: status code %d out of range", code)
	}
	if in.sc.method.is(in.raw, "ACK") {
		return errors.New("sbc: an ACK is never answered")
	}
	w := e.getBuf()
	defer e.putBuf(w)
	e.appendResponse(w, in, code, reason, hdrs, contentType, body)
	if in.cacheable {
		// Cached before it is sent: a retransmission the answer provokes
		// must find it, not the pending mark.
		e.cache.store(in.txKey, in.src, in.branch.in(in.raw), in.cseqMethod.in(in.raw), w.b)
	}
	err := e.send(in, w.b)
	if err != nil {
		e.stats.sendErrors.Add(1)
		return fmt.Errorf("sbc: sending %d to %s over %s: %w", code, in.src, in.transport, err)
	}
	e.stats.responsesSent.Add(1)
	return nil
}

// send writes b to the source of in.
func (e *Edge) send(in *inbound, b []byte) error {
	if in.udp != nil {
		_, err := in.udp.w.WriteToUDPAddrPort(b, in.src)
		return err
	}
	if in.conn == nil {
		return ErrFlowClosed
	}
	return in.conn.write(b)
}

// appendResponse appends to w the response to in: status line; every Via
// in order, the top one with received/rport (RFC 3581); From; To with our
// tag; Call-ID; CSeq; hdrs; Server; then Content-Type/Content-Length and body.
func (e *Edge) appendResponse(w *byteWriter, in *inbound, code int, reason string, hdrs []sip.Header, contentType string, body []byte) {
	raw, sc, dst := in.raw, &in.sc, w.b
	if !validReason(reason) {
		reason = reasonPhrase(code)
	}
	dst = append(dst, "SIP/2.0 "...)
	dst = strconv.AppendInt(dst, int64(code), 10)
	dst = append(dst, ' ')
	dst = append(dst, reason...)
	dst = append(dst, "\r\n"...)
	for i := 0; i < sc.nvia; i++ {
		dst = append(dst, "Via: "...)
		v := sc.via[i].in(raw)
		if i == 0 {
			top, rest := splitTopVia(v)
			dst = appendTopVia(dst, top, in.src)
			if len(rest) > 0 {
				dst = append(dst, ", "...)
				dst = append(dst, rest...)
			}
		} else {
			dst = append(dst, v...)
		}
		dst = append(dst, "\r\n"...)
	}
	dst = append(dst, "From: "...)
	dst = append(dst, sc.from.in(raw)...)
	dst = append(dst, "\r\nTo: "...)
	to := sc.to.in(raw)
	dst = append(dst, to...)
	if code > 100 {
		if _, ok := tagOf(to); !ok {
			dst = append(dst, ";tag="...)
			dst = e.appendToTag(dst, in)
		}
	}
	dst = append(dst, "\r\nCall-ID: "...)
	dst = append(dst, sc.callID.in(raw)...)
	dst = append(dst, "\r\nCSeq: "...)
	dst = append(dst, sc.cseq.in(raw)...)
	dst = append(dst, "\r\n"...)
	if len(hdrs) > 0 {
		w.b = dst // w is pooled: handing it to StringWrite allocates nothing
		for _, h := range hdrs {
			if h == nil {
				continue
			}
			h.StringWrite(w)
			w.b = append(w.b, "\r\n"...)
		}
		dst = w.b
	}
	dst = append(dst, "Server: "...)
	dst = append(dst, e.opts.ServerHeader...)
	dst = append(dst, "\r\n"...)
	if len(body) > 0 && contentType != "" {
		dst = append(dst, "Content-Type: "...)
		dst = append(dst, contentType...)
		dst = append(dst, "\r\n"...)
	}
	dst = append(dst, "Content-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(body)), 10)
	dst = append(dst, "\r\n\r\n"...)
	w.b = append(dst, body...)
}

// appendTopVia appends the top via-parm with the parameters of RFC 3581 §4
// and RFC 3261 §18.2.1: an empty rport gets the source port, and received
// is added when rport was filled or the sent-by host is not the source IP.
// A received the request carried is replaced by ours.
func appendTopVia(dst, top []byte, src netip.AddrPort) []byte {
	proto, sentBy, params, ok := viaParts(top)
	if !ok {
		return append(dst, top...)
	}
	dst = append(dst, proto...)
	dst = append(dst, ' ')
	dst = append(dst, sentBy...)
	filled := false
	for len(params) > 0 {
		whole, name, value, rest, _ := nextParam(params)
		params = rest
		switch {
		case len(whole) == 0 || equalFold(name, "received"):
			continue
		case equalFold(name, "rport") && len(value) == 0:
			dst = append(dst, ";rport="...)
			dst = strconv.AppendUint(dst, uint64(src.Port()), 10)
			filled = true
			continue
		}
		dst = append(dst, ';')
		dst = append(dst, whole...)
	}
	if filled || !sameIP(sentByHost(sentBy), src.Addr()) {
		dst = append(dst, ";received="...)
		dst = src.Addr().Unmap().AppendTo(dst)
	}
	return dst
}

// sameIP reports whether host is the textual form of ip. A host name, or
// an unusual spelling of the address, counts as different (received is
// then added, which is always allowed).
func sameIP(host []byte, ip netip.Addr) bool {
	ip = ip.Unmap()
	var buf [64]byte
	if bytes.Equal(host, ip.AppendTo(buf[:0])) {
		return true
	}
	if ip.Is6() && bytes.IndexByte(host, ':') >= 0 {
		a, err := netip.ParseAddr(string(host))
		return err == nil && a.Unmap() == ip
	}
	return false
}

// appendToTag appends the To tag of our responses to in: a keyed hash of
// Call-ID, From tag and branch, so every response to one request, and to its
// retransmissions, carries the same tag without keeping any state.
func (e *Edge) appendToTag(dst []byte, in *inbound) []byte {
	var h maphash.Hash
	h.SetSeed(e.tagSeed)
	h.Write(in.sc.callID.in(in.raw))
	h.WriteByte(0)
	if tag, ok := tagOf(in.sc.from.in(in.raw)); ok {
		h.Write(tag)
	}
	h.WriteByte(0)
	h.Write(in.branch.in(in.raw))
	const hex = "0123456789abcdef"
	v := h.Sum64()
	for i := 60; i >= 0; i -= 4 {
		dst = append(dst, hex[(v>>uint(i))&0xf])
	}
	return dst
}

func validReason(r string) bool {
	if r == "" {
		return false
	}
	for i := 0; i < len(r); i++ {
		if c := r[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// reasonPhrase is the RFC 3261 §21 reason phrase of code.
func reasonPhrase(code int) string {
	switch code {
	case 100:
		return "Trying"
	case 180:
		return "Ringing"
	case 181:
		return "Call Is Being Forwarded"
	case 182:
		return "Queued"
	case 183:
		return "Session Progress"
	case 200:
		return "OK"
	case 202:
		return "Accepted"
	case 301:
		return "Moved Permanently"
	case 302:
		return "Moved Temporarily"
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 407:
		return "Proxy Authentication Required"
	case 408:
		return "Request Timeout"
	case 413:
		return "Request Entity Too Large"
	case 415:
		return "Unsupported Media Type"
	case 416:
		return "Unsupported URI Scheme"
	case 420:
		return "Bad Extension"
	case 423:
		return "Interval Too Brief"
	case 480:
		return "Temporarily Unavailable"
	case 481:
		return "Call/Transaction Does Not Exist"
	case 482:
		return "Loop Detected"
	case 483:
		return "Too Many Hops"
	case 484:
		return "Address Incomplete"
	case 486:
		return "Busy Here"
	case 487:
		return "Request Terminated"
	case 488:
		return "Not Acceptable Here"
	case 491:
		return "Request Pending"
	case 500:
		return "Server Internal Error"
	case 501:
		return "Not Implemented"
	case 503:
		return "Service Unavailable"
	case 504:
		return "Server Time-out"
	case 505:
		return "Version Not Supported"
	case 513:
		return "Message Too Large"
	case 600:
		return "Busy Everywhere"
	case 603:
		return "Decline"
	}
	switch code / 100 {
	case 1:
		return "Trying"
	case 2:
		return "OK"
	case 3:
		return "Redirect"
	case 4:
		return "Client Error"
	case 5:
		return "Server Error"
	}
	return "Global Failure"
}

// Write makes byteWriter an io.Writer too.
func (w *byteWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}
