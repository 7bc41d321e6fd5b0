package trunk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Attempter sends one request (an INVITE, an OPTIONS ping) to one target
// and reports its final status. err is a transport failure or the
// context's error; a SIP error response is a status, not an err.
type Attempter interface {
	Attempt(ctx context.Context, t Target) (status int, err error)
}

// AttempterFunc adapts a function to Attempter.
type AttempterFunc func(ctx context.Context, t Target) (int, error)

// Attempt calls f.
func (f AttempterFunc) Attempt(ctx context.Context, t Target) (int, error) { return f(ctx, t) }

// Failover tries targets in order until one gives a definitive answer.
type Failover struct {
	// Timeout bounds each attempt; zero means 32 s, SIP's Timer B
	// (64·T1, RFC 3261 §17.1.1.2). Callers usually set a few seconds for
	// "no 100 Trying" and let the attempt itself extend once provisional.
	Timeout time.Duration
	Log     *slog.Logger
}

// Tried is what happened at one target.
type Tried struct {
	Target Target
	Status int
	Err    error
}

// Result is the last target tried and every attempt on the way.
type Result struct {
	Target Target
	Status int
	Tried  []Tried
}

// Retryable reports whether an outcome sends the request to the next
// target: a transport error, a timeout, 408, or any 5xx. RFC 3263 §4.3
// names 503 and transport failures; 408 and the other 5xx are treated alike
// because another server of the same trunk may well succeed. 4xx and 6xx
// are answers about the call itself and end the failover.
func Retryable(status int, err error) bool {
	if err != nil {
		return true
	}
	return status == 408 || (status >= 500 && status <= 599) || status < 100 || status > 699
}

// Run tries each target. It returns the first non-retryable outcome (a 2xx,
// 3xx, 4xx other than 408, or 6xx) with a nil error. When every target
// failed it returns ErrAllTargetsFailed wrapping the last failure; when ctx
// ends, ctx's error.
func (f Failover) Run(ctx context.Context, targets []Target, a Attempter) (Result, error) {
	if len(targets) == 0 {
		return Result{}, ErrNoTargets
	}
	log := f.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = 32 * time.Second
	}
	var res Result
	var last error
	for i, t := range targets {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		actx, cancel := context.WithTimeout(ctx, timeout)
		status, err := a.Attempt(actx, t)
		if err == nil && actx.Err() != nil && status == 0 {
			err = actx.Err()
		}
		cancel()
		res.Target, res.Status = t, status
		res.Tried = append(res.Tried, Tried{Target: t, Status: status, Err: err})
		if ctx.Err() != nil {
			return res, ctx.Err() // the caller gave up, not the target
		}
		if !Retryable(status, err) {
			return res, nil
		}
		switch {
		case err != nil && errors.Is(err, context.DeadlineExceeded):
			last = fmt.Errorf("%s: no answer within %s: %w", t, timeout, err)
		case err != nil:
			last = fmt.Errorf("%s: %w", t, err)
		default:
			last = fmt.Errorf("%s: status %d", t, status)
		}
		if i+1 < len(targets) {
			log.InfoContext(ctx, "trunk target failed; trying next", "target", t.String(), "status", status, "err", err, "next", targets[i+1].String())
		}
	}
	return res, fmt.Errorf("%w (%d tried): %w", ErrAllTargetsFailed, len(targets), last)
}
