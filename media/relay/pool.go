package relay

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Pool allocates relay endpoints on even/odd port pairs (RTP even, RTCP
// odd: RFC 3550 §11) and runs the workers that relay for bridged links.
type Pool struct {
	cfg     Config
	log     *slog.Logger
	base    time.Time // monotonic origin for packet times
	workers []*worker
	next    atomic.Uint32

	mu     sync.Mutex
	used   []bool // by pair index (port-PortMin)/2
	inUse  int
	eps    map[*Endpoint]struct{}
	seq    uint64
	closed bool
}

// NewPool validates cfg and starts cfg.Workers poller goroutines; Close
// stops them and releases every endpoint.
func NewPool(cfg Config) (*Pool, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	p := &Pool{
		cfg:  cfg,
		log:  cfg.Logger,
		base: time.Now(),
		used: make([]bool, (int(cfg.PortMax)-int(cfg.PortMin)+1)/2),
		eps:  make(map[*Endpoint]struct{}),
	}
	for i := range cfg.Workers {
		w, err := newWorker(cfg.Logger.With("relay_worker", i), p.base)
		if err != nil {
			p.stopWorkers()
			return nil, fmt.Errorf("relay pool: %w", err)
		}
		p.workers = append(p.workers, w)
		go w.run()
	}
	return p, nil
}

// Allocate binds an RTP socket on a free even port and its RTCP socket on
// the odd port above it. The search starts at a random pair, so ports are
// not predictable and a restarted node does not reuse the last call's ports
// at once; pairs another process holds are skipped.
func (p *Pool) Allocate() (*Endpoint, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, fmt.Errorf("relay allocate: %w", ErrClosed)
	}
	n := len(p.used)
	start := rand.IntN(n)
	for i := range n {
		k := (start + i) % n
		if p.used[k] {
			continue
		}
		port := p.cfg.PortMin + uint16(2*k)
		e, err := p.bindPair(port)
		if portBusy(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("relay allocate: %w", err)
		}
		p.used[k] = true
		p.inUse++
		p.eps[e] = struct{}{}
		return e, nil
	}
	return nil, fmt.Errorf("relay allocate in %d-%d: %w", p.cfg.PortMin, p.cfg.PortMax, ErrNoPorts)
}

func (p *Pool) bindPair(port uint16) (*Endpoint, error) {
	rtp, v6, err := bindUDP(p.cfg.Addr, port)
	if err != nil {
		return nil, err
	}
	rtcp, _, err := bindUDP(p.cfg.Addr, port+1)
	if err != nil {
		_ = closeFD(rtp)
		return nil, err
	}
	p.seq++
	return &Endpoint{pool: p, id: p.seq, rtpFD: rtp, rtcpFD: rtcp, v6: v6, port: port, released: make(chan struct{})}, nil
}

// release gives an endpoint's pair back.
func (p *Pool) release(e *Endpoint) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.eps[e]; !ok {
		return
	}
	delete(p.eps, e)
	p.used[(e.port-p.cfg.PortMin)/2] = false
	p.inUse--
}

// InUse is the number of allocated endpoints.
func (p *Pool) InUse() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inUse
}

// pickWorker spreads links round-robin.
func (p *Pool) pickWorker() *worker {
	return p.workers[int(p.next.Add(1))%len(p.workers)]
}

// Close stops relaying and closes every endpoint; it is safe to call twice.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	eps := make([]*Endpoint, 0, len(p.eps))
	for e := range p.eps {
		eps = append(eps, e)
	}
	p.mu.Unlock()
	p.stopWorkers()
	var errs []error
	for _, e := range eps {
		if err := e.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (p *Pool) stopWorkers() {
	for _, w := range p.workers {
		w.shutdown()
	}
}
