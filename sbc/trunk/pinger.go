package trunk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Prober sends one OPTIONS request (RFC 3261 §11) to a target and reports
// the final response code and the round trip; err is a transport failure
// or a timeout (ctx). The SIP edge implements it.
type Prober interface {
	Options(ctx context.Context, target Target) (code int, rtt time.Duration, err error)
}

// PingTarget is one trunk to ping: Host is Profile.TargetHost(),
// Transport the profile's.
type PingTarget struct {
	Trunk     string
	Host      string
	Transport Transport
}

// Pinger pings every trunk now and every Interval after, until its
// context ends. Each round resolves each trunk's host (RFC 3263, cached
// within TTL by the resolver) and tries its targets in order until one
// answers: a trunk is up when any of its servers is, as a call would
// fail over to it. Trunks are pinged concurrently.
type Pinger struct {
	Health   *Health
	Prober   Prober
	Resolver TargetResolver
	// Trunks lists what to ping; called every round, so configuration
	// changes apply at the next one. Trunks no longer listed are
	// forgotten by Health.
	Trunks func() []PingTarget
	// Interval between rounds (default 30 s); Timeout bounds each OPTIONS
	// (default 5 s).
	Interval time.Duration
	Timeout  time.Duration
	Clock    Clock // default the system clock
	Log      *slog.Logger
}

// Run pings until ctx ends.
func (p *Pinger) Run(ctx context.Context) {
	every := p.Interval
	if every <= 0 {
		every = 30 * time.Second
	}
	clock := p.Clock
	if clock == nil {
		clock = systemClock{}
	}
	for {
		p.Round(ctx)
		select {
		case <-ctx.Done():
			return
		case <-clock.After(every):
		}
	}
}

// Round pings every trunk once and returns when all are done.
func (p *Pinger) Round(ctx context.Context) {
	targets := p.Trunks()
	names := make([]string, 0, len(targets))
	var wg sync.WaitGroup
	for _, t := range targets {
		names = append(names, t.Trunk)
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.ping(ctx, t)
		}()
	}
	wg.Wait()
	p.Health.Keep(names...)
}

func (p *Pinger) ping(ctx context.Context, pt PingTarget) {
	if ctx.Err() != nil {
		return
	}
	log := p.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	targets, err := p.Resolver.Resolve(ctx, pt.Host, pt.Transport)
	if err == nil && len(targets) == 0 {
		err = fmt.Errorf("%w: %s", ErrNoTargets, pt.Host)
	}
	if err != nil {
		if ctx.Err() != nil {
			return // shutting down: not the trunk's fault
		}
		p.record(log, pt.Trunk, Ping{Err: err})
		return
	}
	var last Ping
	for _, t := range targets {
		actx, cancel := context.WithTimeout(ctx, timeout)
		code, rtt, err := p.Prober.Options(actx, t)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %s", timeout)
		}
		last = Ping{Target: t, Code: code, RTT: rtt, Err: err}
		if last.OK() {
			break
		}
	}
	p.record(log, pt.Trunk, last)
}

func (p *Pinger) record(log *slog.Logger, trunk string, pg Ping) {
	before, _ := p.Health.Status(trunk)
	after := p.Health.Record(trunk, pg)
	if after.State != before.State {
		lvl := slog.LevelInfo
		if after.State == StateDown {
			lvl = slog.LevelWarn
		}
		log.Log(context.Background(), lvl, "trunk state changed", "trunk", trunk, "from", before.State, "to", after.State,
			"target", after.Target, "code", after.LastCode, "err", after.LastError)
	}
}
