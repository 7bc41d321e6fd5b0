package sbc

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"
)

// dialKey names an outbound connection: one per transport, peer and TLS
// server name is kept open and shared.
type dialKey struct {
	transport  string
	remote     netip.AddrPort
	serverName string
}

// dialing is a connection being opened; those asking for the same key
// meanwhile wait for it instead of opening another.
type dialing struct {
	done chan struct{}
	flow Flow
	err  error
}

// dials is the edge's table of outbound connections.
type dials struct {
	mu      sync.Mutex
	open    map[dialKey]uint64 // flow id; stale once the flow ended
	pending map[dialKey]*dialing
}

// Dial returns a TCP or TLS connection to remote as a flow, opening it
// when there is none yet: the connection is then served exactly like an
// accepted one (requests on it reach the handlers, responses OnResponse,
// SendRequest takes its ID, the idle timeout and OnFlowClosed apply). One
// connection per (transport, remote, serverName) is kept and returned
// again while it is open, as trunks such as Amazon Chime Voice Connector
// expect one persistent TLS connection rather than one per call.
//
// TLS is client TLS 1.2 or later (RFC 5630 §3.1 asks for TLS; Chime
// requires 1.2) verifying serverName — the trunk's domain, RFC 5922 §4 —
// against Options.TrunkTLS's RootCAs or the system roots; an empty
// serverName verifies remote's address. ctx bounds the TCP connect and the
// handshake; failures wrap the network error (e.g. syscall.ECONNREFUSED)
// or ctx's error.
func (e *Edge) Dial(ctx context.Context, transport string, remote netip.AddrPort, serverName string) (Flow, error) {
	if transport != "tcp" && transport != "tls" {
		return Flow{}, fmt.Errorf("sbc: dialling %s %s: %w", transport, remote, ErrTransport)
	}
	if !remote.IsValid() || remote.Port() == 0 {
		return Flow{}, fmt.Errorf("sbc: dialling %s %s: %w", transport, remote, ErrTransport)
	}
	remote = netip.AddrPortFrom(remote.Addr().Unmap(), remote.Port())
	key := dialKey{transport: transport, remote: remote, serverName: serverName}
	for {
		if err := ctx.Err(); err != nil {
			return Flow{}, fmt.Errorf("sbc: dialling %s %s: %w", transport, remote, err)
		}
		e.mu.Lock()
		state := e.state
		e.mu.Unlock()
		switch state {
		case stateNew:
			return Flow{}, ErrNotStarted
		case stateClosed:
			return Flow{}, ErrClosed
		}
		e.dials.mu.Lock()
		if id, ok := e.dials.open[key]; ok {
			if c := e.flow(id); c != nil && !c.closed.Load() {
				e.dials.mu.Unlock()
				return c.flow(), nil
			}
			delete(e.dials.open, key)
		}
		if d, ok := e.dials.pending[key]; ok {
			e.dials.mu.Unlock()
			select {
			case <-d.done:
			case <-ctx.Done():
				return Flow{}, fmt.Errorf("sbc: dialling %s %s: %w", transport, remote, ctx.Err())
			}
			if d.err == nil {
				return d.flow, nil
			}
			// The other caller's attempt failed, perhaps only for its own
			// context: try with ours (bounded by ctx).
			continue
		}
		d := &dialing{done: make(chan struct{})}
		if e.dials.pending == nil {
			e.dials.pending = make(map[dialKey]*dialing)
			e.dials.open = make(map[dialKey]uint64)
		}
		e.dials.pending[key] = d
		e.dials.mu.Unlock()

		d.flow, d.err = e.connect(ctx, key)
		e.dials.mu.Lock()
		delete(e.dials.pending, key)
		if d.err == nil {
			e.dials.open[key] = d.flow.ID
		}
		e.dials.mu.Unlock()
		close(d.done)
		return d.flow, d.err
	}
}

// connect opens, handshakes and registers one connection.
func (e *Edge) connect(ctx context.Context, key dialKey) (Flow, error) {
	fail := func(err error) (Flow, error) {
		return Flow{}, fmt.Errorf("sbc: dialling %s %s: %w", key.transport, key.remote, err)
	}
	e.mu.Lock()
	edgeCtx := e.ctx
	e.mu.Unlock()
	// The edge closing ends a connect in progress too.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(edgeCtx, cancel)
	defer stop()

	d := net.Dialer{Timeout: dialTimeout}
	nc, err := d.DialContext(ctx, "tcp", key.remote.String())
	if err != nil {
		if edgeCtx.Err() != nil {
			return fail(ErrClosed)
		}
		return fail(err)
	}
	if key.transport == "tls" {
		tc := tls.Client(nc, e.trunkTLS(key))
		hctx, hcancel := context.WithTimeout(ctx, handshakeTimeout)
		err := tc.HandshakeContext(hctx)
		hcancel()
		if err != nil {
			_ = nc.Close()
			if edgeCtx.Err() != nil {
				return fail(ErrClosed)
			}
			if cerr := ctx.Err(); cerr != nil {
				err = fmt.Errorf("tls handshake: %w", cerr)
			} else {
				err = fmt.Errorf("tls handshake: %w", err)
			}
			return fail(err)
		}
		nc = tc
	}
	c, ok := e.addFlow(nc, key.transport, false)
	if !ok {
		// addFlow closed it: the edge closed, the peer is banned or a
		// connection limit is reached.
		return fail(fmt.Errorf("refused by the edge's limits: %w", ErrFlowClosed))
	}
	go e.serveStream(c)
	e.log.Info("connected", "transport", key.transport, "remote", key.remote.String(),
		"server_name", key.serverName, "flow", c.id)
	return c.flow(), nil
}

// trunkTLS is the client configuration of one outbound TLS connection:
// Options.TrunkTLS (RootCAs, client certificates, test knobs) with the
// server name to verify and at least TLS 1.2.
func (e *Edge) trunkTLS(key dialKey) *tls.Config {
	var cfg *tls.Config
	if e.opts.TrunkTLS != nil {
		cfg = e.opts.TrunkTLS.Clone()
	} else {
		cfg = &tls.Config{}
	}
	cfg.ServerName = key.serverName
	if cfg.ServerName == "" {
		cfg.ServerName = key.remote.Addr().String()
	}
	cfg.MinVersion = max(cfg.MinVersion, tls.VersionTLS12)
	return cfg
}

// dialTimeout bounds a connect whose context has no deadline.
const dialTimeout = 10 * time.Second
