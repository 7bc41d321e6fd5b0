package sbc

import (
	"bufio"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// ServeWS is the HTTP handler of SIP over WebSocket (RFC 7118), mounted by
// the admin HTTP server on GET /ws. The client must offer the "sip"
// subprotocol. The flow's transport is "ws", or "wss" when the HTTP request
// came over TLS. One WebSocket message carries one SIP message.
func (e *Edge) ServeWS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !offersSIP(r.Header) {
		// RFC 7118 §4.1: the "sip" subprotocol is required.
		e.stats.flowsRefused.Add(1)
		http.Error(w, "the WebSocket subprotocol \"sip\" is required", http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	running := e.state == stateStarted && e.ctx.Err() == nil
	e.mu.Unlock()
	if !running {
		http.Error(w, "SIP edge not running", http.StatusServiceUnavailable)
		return
	}
	transport := "ws"
	if r.TLS != nil {
		transport = "wss"
	}
	u := ws.HTTPUpgrader{
		Timeout:  handshakeTimeout,
		Protocol: func(p string) bool { return p == "sip" },
	}
	nc, rw, _, err := u.Upgrade(r, w)
	if err != nil {
		e.stats.flowsRefused.Add(1)
		return // the upgrader answered the HTTP request
	}
	c, ok := e.addFlow(nc, transport, true)
	if !ok {
		return
	}
	go e.serveWS(c, rw.Reader)
}

// offersSIP reports whether Sec-WebSocket-Protocol lists "sip".
func offersSIP(h http.Header) bool {
	for _, v := range h.Values("Sec-WebSocket-Protocol") {
		for p := range strings.SplitSeq(v, ",") {
			if strings.TrimSpace(p) == "sip" {
				return true
			}
		}
	}
	return false
}

// lockedWriter lets the WebSocket control handler answer pings and closes
// without interleaving with our messages.
type lockedWriter struct{ c *streamConn }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.c.wmu.Lock()
	defer w.c.wmu.Unlock()
	if err := w.c.nc.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil {
		return 0, err
	}
	return w.c.nc.Write(p)
}

// serveWS reads WebSocket messages, each one SIP message.
func (e *Edge) serveWS(c *streamConn, br *bufio.Reader) {
	defer e.endFlow(c)
	limit := e.opts.MaxMessageSize
	control := wsutil.ControlFrameHandler(lockedWriter{c}, ws.StateServerSide)
	rd := &wsutil.Reader{
		Source:         br,
		State:          ws.StateServerSide,
		MaxFrameSize:   int64(limit) + 1,
		OnIntermediate: control,
	}
	buf := make([]byte, 0, 4096)
	for {
		if err := c.nc.SetReadDeadline(time.Now().Add(e.opts.IdleTimeout)); err != nil {
			return
		}
		hdr, err := rd.NextFrame()
		if err != nil {
			return
		}
		if hdr.OpCode.IsControl() {
			if err := control(hdr, rd); err != nil {
				return // a close frame (answered) or a protocol error
			}
			continue
		}
		if hdr.OpCode != ws.OpText && hdr.OpCode != ws.OpBinary {
			if err := rd.Discard(); err != nil {
				return
			}
			continue
		}
		buf, err = readLimited(rd, buf[:0], limit+1)
		if err != nil {
			return
		}
		if onlyCRLF(buf) {
			if len(buf) >= 4 {
				e.stats.keepAlives.Add(1)
				if c.write([]byte(pong)) != nil {
					return
				}
			}
			continue
		}
		in := inbound{transport: c.transport, src: c.remote, local: c.local, conn: c, raw: buf}
		if len(buf) > limit {
			in.oversize = true
		}
		if e.handleMessage(&in) == closeConn {
			e.closeWS(c, ws.StatusPolicyViolation)
			return
		}
		if cap(buf) > maxPooledBuf {
			buf = make([]byte, 0, 4096)
		}
	}
}

// readLimited appends r's remaining bytes to buf, reading at most limit.
func readLimited(r io.Reader, buf []byte, limit int) ([]byte, error) {
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// closeWS sends a close frame before the connection is closed.
func (e *Edge) closeWS(c *streamConn, code ws.StatusCode) {
	w := lockedWriter{c}
	f := ws.NewCloseFrame(ws.NewCloseFrameBody(code, ""))
	if err := ws.WriteFrame(w, f); err != nil {
		e.log.Debug("websocket close", slog.Any("err", err))
	}
}

// writeWSFrame writes p as one unmasked frame (server side) with a single
// write, so that header and payload go out together.
func writeWSFrame(w io.Writer, op ws.OpCode, p []byte) error {
	h := ws.Header{Fin: true, OpCode: op, Length: int64(len(p))}
	var hb [ws.MaxHeaderSize]byte
	bw := byteWriter{b: hb[:0]}
	if err := ws.WriteHeader(&bw, h); err != nil {
		return err
	}
	frame := make([]byte, 0, len(bw.b)+len(p))
	frame = append(append(frame, bw.b...), p...)
	_, err := w.Write(frame)
	return err
}
