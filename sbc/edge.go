package sbc

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/sbc/guard"
)

// Timings of the edge's own loops and of stream connections.
const (
	// txRotate is how often the retransmission cache's generations rotate.
	// Entries live 4–8 s: long enough for the retransmissions that cross or
	// follow a lost response (Timer E: 0.5, 1, 2, 4 s), short enough that
	// 20,000 REGISTER/s do not hold hundreds of MB. A later retransmission
	// runs the handler again (a REGISTER then gets a fresh challenge).
	txRotate = 4 * time.Second
	// sweepEvery is how often idle rate-limit buckets and ended bans are
	// swept and bans flushed to the store.
	sweepEvery = 10 * time.Second
	// writeTimeout bounds one write on a stream: a peer that does not read
	// loses its connection instead of holding a goroutine.
	writeTimeout = 10 * time.Second
	// handshakeTimeout bounds a TLS or WebSocket handshake.
	handshakeTimeout = 10 * time.Second
	// flushTimeout bounds the last flush of bans at Close.
	flushTimeout = 2 * time.Second
	// logLinesPerSecond bounds log lines about bad input.
	logLinesPerSecond = 5
)

type edgeState int

const (
	stateNew edgeState = iota
	stateStarted
	stateClosed
)

// Edge is the SIP edge: listeners, protections, per-method dispatch.
type Edge struct {
	opts     Options
	log      *slog.Logger
	counters guard.Counters
	limiter  *guard.RateLimiter // nil when rate limiting is disabled
	bans     *guard.BanList
	scanners *guard.ScannerFilter

	parser        *sip.Parser
	headerParsers sip.HeadersParser
	cache         *txCache
	tagSeed       maphash.Seed
	stats         stats
	logLimit      logLimiter
	bufPool       sync.Pool

	allowHdr, acceptHdr, acceptLangHdr, supportedHdr sip.Header

	handlers     atomic.Pointer[map[string]Handler]
	onResponse   atomic.Pointer[func(*sip.Response, Flow)]
	onFlowClosed atomic.Pointer[func(Flow)]

	// ctx ends when Close is called or Start's context is done.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex // guards what follows
	state     edgeState
	udp       []*udpSocket
	tcp, tls  *streamListener
	flows     map[uint64]*streamConn
	perIP     map[netip.Addr]int
	closeOnce sync.Once
	nextFlow  uint64

	dials dials // outbound connections (Dial)
}

// New validates opts and returns an Edge ready for Handle and Start.
func New(opts Options) (*Edge, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	e := &Edge{
		opts:          o,
		log:           o.Logger,
		parser:        sip.NewParser(),
		headerParsers: sip.DefaultHeadersParser(),
		cache:         newTxCache(txCapacity),
		tagSeed:       maphash.MakeSeed(),
		flows:         make(map[uint64]*streamConn),
		perIP:         make(map[netip.Addr]int),
	}
	e.parser.MaxMessageLength = maxMessageSizeLimit
	e.logLimit.perSecond = logLinesPerSecond
	gopts := []guard.Option{guard.WithCounters(&e.counters)}
	if len(o.Allowlist) > 0 {
		gopts = append(gopts, guard.WithAllowlist(o.Allowlist...))
	}
	if o.RateLimit > 0 {
		e.limiter = guard.NewRateLimiter(o.RateLimit, o.RateBurst, gopts...)
	}
	bopts := gopts
	if o.BanStore != nil {
		bopts = append(bopts, guard.WithBanStore(o.BanStore))
	}
	e.bans = guard.NewBanList(o.BanFailures, o.BanWindow, o.BanTime, bopts...)
	e.scanners = guard.NewScannerFilter(o.ScannerPatterns, guard.WithCounters(&e.counters))
	e.allowHdr = sip.NewHeader("Allow", strings.Join(o.Allow, ", "))
	e.acceptHdr = sip.NewHeader("Accept", "application/sdp")
	e.acceptLangHdr = sip.NewHeader("Accept-Language", "en")
	e.supportedHdr = sip.NewHeader("Supported", "")
	empty := map[string]Handler{}
	e.handlers.Store(&empty)
	return e, nil
}

// Handle registers h for requests of method (upper case, e.g. "REGISTER"),
// replacing any handler it had. Call it before Start (it is safe later too).
func (e *Edge) Handle(method string, h Handler) {
	e.mu.Lock()
	defer e.mu.Unlock()
	old := *e.handlers.Load()
	m := make(map[string]Handler, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	if h == nil {
		delete(m, method)
	} else {
		m[method] = h
	}
	e.handlers.Store(&m)
}

// OnResponse sets the function given the responses received (to the
// requests we sent), with the flow each came on. It runs on the reader's
// goroutine, like a Handler.
func (e *Edge) OnResponse(f func(res *sip.Response, flow Flow)) { e.onResponse.Store(&f) }

// OnFlowClosed sets the function called once when a TCP, TLS or WebSocket
// connection ends (end of stream, error, idle timeout, Close).
func (e *Edge) OnFlowClosed(f func(flow Flow)) { e.onFlowClosed.Store(&f) }

// Start binds every configured listener, then serves them until ctx is done
// or Close is called. It returns once bound: an error names the listener
// that failed, and then nothing is served.
func (e *Edge) Start(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch e.state {
	case stateStarted:
		return errors.New("sbc: edge already started")
	case stateClosed:
		return ErrClosed
	}
	udp, tcp, tlsL, err := e.bind(ctx)
	if err != nil {
		return err
	}
	e.ctx, e.cancel = context.WithCancel(ctx)
	e.state = stateStarted
	if udp != nil {
		e.udp = append(e.udp, udp)
		for range udpReaders() {
			e.wg.Add(1)
			udp.readers.Add(1)
			go e.serveUDP(udp)
		}
	}
	for _, l := range []*streamListener{tcp, tlsL} {
		if l != nil {
			e.wg.Add(1)
			l.serving.Store(true)
			go e.accept(l)
		}
	}
	e.tcp, e.tls = tcp, tlsL
	e.wg.Add(2)
	go e.housekeeping()
	go func() {
		defer e.wg.Done()
		<-e.ctx.Done()
		e.closeSockets()
	}()
	var names []any
	for _, l := range []struct {
		name string
		addr netip.AddrPort
	}{{"udp", e.addrLocked("udp")}, {"tcp", e.addrLocked("tcp")}, {"tls", e.addrLocked("tls")}} {
		if l.addr.IsValid() {
			names = append(names, slog.String(l.name, l.addr.String()))
		}
	}
	e.log.Info("sip edge listening", names...)
	return nil
}

// bind opens the configured sockets, or none.
func (e *Edge) bind(ctx context.Context) (udp *udpSocket, tcp, tlsL *streamListener, err error) {
	o := &e.opts
	var lc net.ListenConfig
	// UDP and TCP on one address with port 0: TCP takes the port UDP got,
	// retried a few times should TCP find it taken.
	shared := o.UDPAddr != "" && o.UDPAddr == o.TCPAddr && strings.HasSuffix(o.UDPAddr, ":0")
	for attempt := 0; ; attempt++ {
		if o.UDPAddr != "" {
			pc, err := lc.ListenPacket(ctx, "udp", o.UDPAddr)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("sbc: udp listener on %s: %w", o.UDPAddr, err)
			}
			uc := pc.(*net.UDPConn)
			_ = uc.SetReadBuffer(udpReadBuffer)
			_ = uc.SetWriteBuffer(udpReadBuffer)
			udp = &udpSocket{conn: uc, w: uc, local: addrPortOf(uc.LocalAddr())}
		}
		if o.TCPAddr == "" {
			break
		}
		addr := o.TCPAddr
		if shared {
			host, _, _ := net.SplitHostPort(o.TCPAddr)
			addr = net.JoinHostPort(host, strconv.Itoa(int(udp.local.Port())))
		}
		ln, err := lc.Listen(ctx, "tcp", addr)
		if err == nil {
			tcp = &streamListener{ln: ln, transport: "tcp", local: addrPortOf(ln.Addr())}
			break
		}
		if udp != nil {
			_ = udp.conn.Close()
		}
		if shared && attempt < 8 && errors.Is(err, syscall.EADDRINUSE) {
			continue
		}
		return nil, nil, nil, fmt.Errorf("sbc: tcp listener on %s: %w", addr, err)
	}
	if o.TLSAddr != "" {
		ln, err := lc.Listen(ctx, "tcp", o.TLSAddr)
		if err != nil {
			if udp != nil {
				_ = udp.conn.Close()
			}
			if tcp != nil {
				_ = tcp.ln.Close()
			}
			return nil, nil, nil, fmt.Errorf("sbc: tls listener on %s: %w", o.TLSAddr, err)
		}
		tlsL = &streamListener{ln: tls.NewListener(ln, o.TLSConfig), transport: "tls", local: addrPortOf(ln.Addr())}
	}
	return udp, tcp, tlsL, nil
}

func addrPortOf(a net.Addr) netip.AddrPort {
	var ap netip.AddrPort
	switch a := a.(type) {
	case *net.UDPAddr:
		ap = a.AddrPort()
	case *net.TCPAddr:
		ap = a.AddrPort()
	default:
		ap, _ = netip.ParseAddrPort(a.String())
	}
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}

// closeSockets closes the listeners and every connection; the goroutines
// serving them end.
func (e *Edge) closeSockets() {
	e.closeOnce.Do(func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		for _, s := range e.udp {
			_ = s.conn.Close()
		}
		for _, l := range []*streamListener{e.tcp, e.tls} {
			if l != nil {
				_ = l.ln.Close()
			}
		}
		for _, c := range e.flows {
			c.close()
		}
	})
}

// Close stops every listener and connection, waits for the edge's
// goroutines (including running UDP handlers) and flushes bans to the
// store. It is safe to call more than once.
func (e *Edge) Close() error {
	e.mu.Lock()
	prev := e.state
	e.state = stateClosed
	e.mu.Unlock()
	if prev != stateStarted {
		return nil
	}
	e.cancel()
	e.closeSockets()
	e.wg.Wait()
	if e.opts.BanStore != nil {
		ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
		defer cancel()
		if err := e.bans.Flush(ctx); err != nil {
			return fmt.Errorf("sbc: flushing bans: %w", err)
		}
	}
	return nil
}

// housekeeping sweeps the protections, persists bans and rotates the
// retransmission cache until the edge stops.
func (e *Edge) housekeeping() {
	defer e.wg.Done()
	sweep := time.NewTicker(sweepEvery)
	defer sweep.Stop()
	rotate := time.NewTicker(txRotate)
	defer rotate.Stop()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-rotate.C:
			e.cache.rotate()
		case now := <-sweep.C:
			if e.limiter != nil {
				e.limiter.Sweep(now)
			}
			for _, b := range e.bans.Sweep(now) {
				e.log.Info("ban ended", slog.String("addr", b.Addr.String()))
			}
			if err := e.bans.Flush(e.ctx); err != nil && e.ctx.Err() == nil {
				e.log.Warn("persisting bans (retried)", slog.Any("err", err))
			}
			if n := e.logLimit.unreported.Swap(0); n > 0 {
				e.log.Info("log lines about bad input suppressed", slog.Uint64("count", n))
			}
		}
	}
}

// Addr returns the bound address of the "udp", "tcp" or "tls" listener
// (port 0 resolved), or the zero AddrPort.
func (e *Edge) Addr(transport string) netip.AddrPort {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addrLocked(transport)
}

func (e *Edge) addrLocked(transport string) netip.AddrPort {
	switch transport {
	case "udp":
		if len(e.udp) > 0 {
			return e.udp[0].local
		}
	case "tcp":
		if e.tcp != nil {
			return e.tcp.local
		}
	case "tls":
		if e.tls != nil {
			return e.tls.local
		}
	}
	return netip.AddrPort{}
}

// Ready returns nil when every configured listener is serving, for
// /readyz; otherwise an error naming what is not.
func (e *Edge) Ready(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch e.state {
	case stateNew:
		return ErrNotStarted
	case stateClosed:
		return ErrClosed
	}
	if e.ctx.Err() != nil {
		return ErrClosed
	}
	for _, s := range e.udp {
		if s.readers.Load() == 0 {
			return fmt.Errorf("sbc: udp listener %s is not serving", s.local)
		}
	}
	for _, l := range []*streamListener{e.tcp, e.tls} {
		if l != nil && !l.serving.Load() {
			return fmt.Errorf("sbc: %s listener %s is not serving", l.transport, l.local)
		}
	}
	return nil
}

// Counters returns the protections' counters (rate limited, banned,
// scanner, oversize, malformed, ...).
func (e *Edge) Counters() guard.CounterSnapshot { return e.counters.Snapshot() }

// Bans returns the ban list, for administration (list, lift, load at start).
func (e *Edge) Bans() *guard.BanList { return e.bans }
