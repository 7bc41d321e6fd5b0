package sbc

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gobwas/ws"
)

// streamListener is a bound TCP or TLS listener.
type streamListener struct {
	ln        net.Listener
	transport string // "tcp" or "tls"
	local     netip.AddrPort
	serving   atomic.Bool
}

// streamConn is one TCP, TLS or WebSocket connection: a flow.
type streamConn struct {
	id            uint64
	transport     string
	nc            net.Conn
	local, remote netip.AddrPort
	ws            bool // writes are WebSocket frames

	wmu       sync.Mutex // one writer at a time
	closed    atomic.Bool
	closeOnce sync.Once
}

func (c *streamConn) flow() Flow {
	return Flow{Transport: c.transport, Local: c.local, Remote: c.remote, ID: c.id}
}

func (c *streamConn) close() {
	c.closeOnce.Do(func() {
		c.closed.Store(true)
		_ = c.nc.Close()
	})
}

// write sends b (one message, or a keep-alive) on the connection. A write
// that fails or times out closes the connection.
func (c *streamConn) write(b []byte) error {
	return c.writeBy(b, time.Now().Add(writeTimeout))
}

// writeBy is write with the deadline of the caller's context.
func (c *streamConn) writeBy(b []byte, deadline time.Time) error {
	if c.closed.Load() {
		return ErrFlowClosed
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.nc.SetWriteDeadline(deadline); err != nil {
		return fmt.Errorf("%w: %w", ErrFlowClosed, err)
	}
	var err error
	if c.ws {
		err = writeWSFrame(c.nc, ws.OpText, b)
	} else {
		_, err = c.nc.Write(b)
	}
	if err != nil {
		c.close()
		return fmt.Errorf("%w: flow %d: %w", ErrFlowClosed, c.id, err)
	}
	return nil
}

// accept accepts connections until the listener closes.
func (e *Edge) accept(l *streamListener) {
	defer e.wg.Done()
	defer l.serving.Store(false) // set by Start before the goroutine runs
	var delay time.Duration
	for {
		nc, err := l.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) || e.ctx.Err() != nil {
				return
			}
			// Out of descriptors and the like: back off as net/http does.
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			e.log.Warn("accept", slog.String("transport", l.transport), slog.Any("err", err))
			select {
			case <-time.After(delay):
			case <-e.ctx.Done():
				return
			}
			continue
		}
		delay = 0
		c, ok := e.addFlow(nc, l.transport, false)
		if !ok {
			continue
		}
		go e.serveStream(c)
	}
}

// addFlow registers a new connection, or refuses it (closing it) when the
// edge is closed, the source is banned or a connection limit is reached.
// On success the caller must run the connection's goroutine, which ends
// with endFlow.
func (e *Edge) addFlow(nc net.Conn, transport string, isWS bool) (*streamConn, bool) {
	remote, local := addrPortOf(nc.RemoteAddr()), addrPortOf(nc.LocalAddr())
	ip := remote.Addr()
	if e.bans.Banned(ip) {
		e.stats.flowsRefused.Add(1)
		_ = nc.Close()
		return nil, false
	}
	e.mu.Lock()
	refuse := ""
	switch {
	case e.state != stateStarted || e.ctx.Err() != nil:
		refuse = "edge closed"
	case len(e.flows) >= e.opts.MaxConnections:
		refuse = "too many connections"
	case e.perIP[ip] >= e.opts.MaxConnectionsPerIP && !e.allowlisted(ip):
		refuse = "too many connections from the source"
	}
	if refuse != "" {
		e.mu.Unlock()
		e.stats.flowsRefused.Add(1)
		_ = nc.Close()
		if e.logLimit.allow(time.Now()) {
			e.log.Info("connection refused", slog.String("transport", transport),
				slog.String("source", remote.String()), slog.String("reason", refuse))
		}
		return nil, false
	}
	e.nextFlow++
	c := &streamConn{id: e.nextFlow, transport: transport, nc: nc, local: local, remote: remote, ws: isWS}
	e.flows[c.id] = c
	e.perIP[ip]++
	e.wg.Add(1)
	e.mu.Unlock()
	e.stats.flowsOpened.Add(1)
	return c, true
}

func (e *Edge) allowlisted(ip netip.Addr) bool {
	for _, p := range e.opts.Allowlist {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// endFlow closes and forgets a connection and reports it, exactly once
// (it is only called by the connection's own goroutine, when it ends).
func (e *Edge) endFlow(c *streamConn) {
	c.close()
	e.mu.Lock()
	delete(e.flows, c.id)
	ip := c.remote.Addr()
	if e.perIP[ip] <= 1 {
		delete(e.perIP, ip)
	} else {
		e.perIP[ip]--
	}
	e.mu.Unlock()
	e.stats.flowsClosed.Add(1)
	if f := e.onFlowClosed.Load(); f != nil && *f != nil {
		(*f)(c.flow())
	}
	e.wg.Done()
}

// flow returns the live connection id.
func (e *Edge) flow(id uint64) *streamConn {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.flows[id]
}

// serveStream reads a TCP or TLS connection: messages are delimited by the
// end of the header section and Content-Length (RFC 3261 §18.3), which is
// mandatory on streams.
func (e *Edge) serveStream(c *streamConn) {
	defer e.endFlow(c)
	if tc, ok := c.nc.(*tls.Conn); ok {
		ctx, cancel := context.WithTimeout(e.ctx, handshakeTimeout)
		err := tc.HandshakeContext(ctx)
		cancel()
		if err != nil {
			if e.logLimit.allow(time.Now()) {
				e.log.Info("tls handshake failed", slog.String("source", c.remote.String()), slog.Any("err", err))
			}
			return
		}
	}
	limit := e.opts.MaxMessageSize
	buf := make([]byte, 0, 4096)
	for {
		// Take every complete message in buf.
		data := buf
		for {
			n, v := e.nextStreamMessage(c, data)
			if v == closeConn {
				return
			}
			if n == 0 {
				break
			}
			data = data[n:]
		}
		buf = append(buf[:0], data...) // keep the unfinished part
		if len(buf) == cap(buf) {
			if len(buf) > limit { // cannot happen: nextStreamMessage refuses it first
				return
			}
			nb := make([]byte, len(buf), min(2*cap(buf), limit+4096))
			copy(nb, buf)
			buf = nb
		}
		if err := c.nc.SetReadDeadline(time.Now().Add(e.opts.IdleTimeout)); err != nil {
			return
		}
		n, err := c.nc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			if n > 0 {
				continue // handle what came with the error first
			}
			return
		}
	}
}

// Keep-alives of RFC 5626 §3.5.1.
const (
	pong = "\r\n"
	ping = "\r\n\r\n"
)

// nextStreamMessage handles the first message of data. It returns how many
// bytes it consumed (0: it needs more data) and whether to close.
func (e *Edge) nextStreamMessage(c *streamConn, data []byte) (int, verdict) {
	consumed := 0
	// RFC 3261 §7.5: CRLFs before a start line are ignored; RFC 5626
	// §3.5.1: a double CRLF is a keep-alive ping, answered by one CRLF.
	for len(data) >= 2 && data[0] == '\r' && data[1] == '\n' {
		if len(data) < 4 {
			if len(data) == 2 {
				return consumed, keepOpen // perhaps half a ping
			}
			if data[2] == '\r' {
				return consumed, keepOpen
			}
		}
		if len(data) >= 4 && string(data[:4]) == ping {
			e.stats.keepAlives.Add(1)
			if err := c.write([]byte(pong)); err != nil {
				return consumed, closeConn
			}
			data, consumed = data[4:], consumed+4
			continue
		}
		data, consumed = data[2:], consumed+2
	}
	if len(data) == 0 {
		return consumed, keepOpen
	}
	if !plausibleStart(data) {
		// Not SIP (TLS to the TCP port, HTTP, noise): no message will ever
		// be framed from this stream.
		in := inbound{transport: c.transport, src: c.remote, local: c.local, conn: c}
		e.stats.received.Add(1)
		e.malformed(&in, "not a SIP stream")
		return consumed, closeConn
	}
	limit := e.opts.MaxMessageSize
	in := inbound{transport: c.transport, src: c.remote, local: c.local, conn: c}
	end := bytes.Index(data, []byte(ping))
	if end < 0 {
		if len(data) > limit {
			in.raw = data
			return consumed, e.handleMessage(&in) // too large: 413 if possible, close
		}
		return consumed, keepOpen
	}
	head := data[:end+4]
	var sc scan
	scanMessage(head, &sc)
	if !sc.hasContentLength {
		in.raw = head
		in.frameErr = "Missing Content-Length"
		e.handleMessage(&in)
		return consumed, closeConn
	}
	n, ok := parseDigits(sc.contentLength.in(head))
	if !ok {
		in.raw = head
		in.frameErr = "Bad Content-Length"
		e.handleMessage(&in)
		return consumed, closeConn
	}
	total := len(head) + n
	if total > limit {
		in.raw = data[:min(total, len(data))]
		in.oversize = true
		e.handleMessage(&in)
		return consumed, closeConn
	}
	if len(data) < total {
		return consumed, keepOpen
	}
	in.raw = data[:total]
	return consumed + total, e.handleMessage(&in)
}

// plausibleStart reports whether data can begin a SIP message: a token (the
// method) or "SIP/", and once the first line is complete, a SIP version in it.
func plausibleStart(data []byte) bool {
	if !tokenChar(data[0]) {
		return false
	}
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return true
	}
	line := data[:nl]
	if len(line) >= 4 && equalFold(line[:4], "sip/") {
		return true
	}
	sp := bytes.LastIndexByte(line, ' ')
	return sp > 0 && len(line)-sp > 4 && equalFold(line[sp+1:sp+5], "sip/")
}
