package sbc

import "sync/atomic"

// Stats is a snapshot of what the edge's transports did. The protections'
// own counters (rate limited, banned, scanner, oversize, malformed) are in
// Counters.
type Stats struct {
	// Received: messages read (datagrams, stream-framed messages, WebSocket
	// messages), keep-alives excluded.
	Received uint64
	// KeepAlives: CRLF keep-alives (and empty datagrams) seen.
	KeepAlives uint64
	// Parsed: messages sipgo parsed successfully.
	Parsed uint64
	// Malformed: messages refused as malformed, answered 400 or dropped.
	Malformed uint64
	// MalformedDropped: the part of Malformed that could not be answered
	// (an essential header missing or unusable).
	MalformedDropped uint64
	// Oversize: messages over MaxMessageSize (answered 413 when possible).
	Oversize uint64
	// BadVersion (505), BadScheme (416), TooManyHops (483),
	// NotImplemented (501), NotAllowed (405): rejections by the edge.
	BadVersion, BadScheme, TooManyHops, NotImplemented, NotAllowed uint64
	// Scanner: requests dropped for their User-Agent; RateLimited and
	// Banned: messages dropped by those protections.
	Scanner, RateLimited, Banned uint64
	// Dispatched: requests handed to a Handler. OptionsAnswered: OPTIONS
	// answered by the edge itself. AckIgnored: ACKs without a handler.
	Dispatched, OptionsAnswered, AckIgnored uint64
	// ResponsesSent: responses written (by handlers or the edge), not
	// counting retransmissions. Retransmissions: requests answered again
	// from the response cache. Absorbed: retransmissions dropped because
	// the first copy was still being handled.
	ResponsesSent, Retransmissions, Absorbed uint64
	// ResponsesReceived: responses passed to OnResponse. RequestsSent:
	// requests sent by SendRequest.
	ResponsesReceived, RequestsSent uint64
	// SendErrors: writes that failed.
	SendErrors uint64
	// Panics: messages whose processing panicked (recovered).
	Panics uint64
	// FlowsOpened, FlowsClosed: TCP/TLS/WS connections accepted and ended.
	// FlowsRefused: connections refused (limits, bans, failed handshakes).
	// FlowsActive: connections open now.
	FlowsOpened, FlowsClosed, FlowsRefused, FlowsActive uint64
	// CacheEntries: responses and pending requests in the retransmission
	// cache. CacheOverflows: generations dropped because they were full.
	CacheEntries, CacheOverflows uint64
	// LogsSuppressed: log lines about malformed input not written because
	// of the log rate limit.
	LogsSuppressed uint64
}

// Map returns the values keyed by stable snake_case names, for metrics.
func (s Stats) Map() map[string]uint64 {
	return map[string]uint64{
		"received":           s.Received,
		"keepalives":         s.KeepAlives,
		"parsed":             s.Parsed,
		"malformed":          s.Malformed,
		"malformed_dropped":  s.MalformedDropped,
		"oversize":           s.Oversize,
		"bad_version":        s.BadVersion,
		"bad_scheme":         s.BadScheme,
		"too_many_hops":      s.TooManyHops,
		"not_implemented":    s.NotImplemented,
		"not_allowed":        s.NotAllowed,
		"scanner":            s.Scanner,
		"rate_limited":       s.RateLimited,
		"banned":             s.Banned,
		"dispatched":         s.Dispatched,
		"options_answered":   s.OptionsAnswered,
		"ack_ignored":        s.AckIgnored,
		"responses_sent":     s.ResponsesSent,
		"retransmissions":    s.Retransmissions,
		"absorbed":           s.Absorbed,
		"responses_received": s.ResponsesReceived,
		"requests_sent":      s.RequestsSent,
		"send_errors":        s.SendErrors,
		"panics":             s.Panics,
		"flows_opened":       s.FlowsOpened,
		"flows_closed":       s.FlowsClosed,
		"flows_refused":      s.FlowsRefused,
		"flows_active":       s.FlowsActive,
		"cache_entries":      s.CacheEntries,
		"cache_overflows":    s.CacheOverflows,
		"logs_suppressed":    s.LogsSuppressed,
	}
}

// stats are the live counters behind Stats.
type stats struct {
	received, keepAlives, parsed, malformed, malformedDropped, oversize atomic.Uint64
	badVersion, badScheme, tooManyHops, notImplemented, notAllowed      atomic.Uint64
	dispatched, optionsAnswered, ackIgnored                             atomic.Uint64
	responsesSent, retransmissions, absorbed                            atomic.Uint64
	responsesReceived, requestsSent, sendErrors, panics                 atomic.Uint64
	flowsOpened, flowsClosed, flowsRefused                              atomic.Uint64
}

// Stats returns the edge's transport counters.
func (e *Edge) Stats() Stats {
	s := &e.stats
	opened, closed := s.flowsOpened.Load(), s.flowsClosed.Load()
	return Stats{
		Received:          s.received.Load(),
		KeepAlives:        s.keepAlives.Load(),
		Parsed:            s.parsed.Load(),
		Malformed:         s.malformed.Load(),
		MalformedDropped:  s.malformedDropped.Load(),
		Oversize:          s.oversize.Load(),
		BadVersion:        s.badVersion.Load(),
		BadScheme:         s.badScheme.Load(),
		TooManyHops:       s.tooManyHops.Load(),
		NotImplemented:    s.notImplemented.Load(),
		NotAllowed:        s.notAllowed.Load(),
		Scanner:           e.counters.Scanner.Load(),
		RateLimited:       e.counters.RateLimited.Load(),
		Banned:            e.counters.Banned.Load(),
		Dispatched:        s.dispatched.Load(),
		OptionsAnswered:   s.optionsAnswered.Load(),
		AckIgnored:        s.ackIgnored.Load(),
		ResponsesSent:     s.responsesSent.Load(),
		Retransmissions:   s.retransmissions.Load(),
		Absorbed:          s.absorbed.Load(),
		ResponsesReceived: s.responsesReceived.Load(),
		RequestsSent:      s.requestsSent.Load(),
		SendErrors:        s.sendErrors.Load(),
		Panics:            s.panics.Load(),
		FlowsOpened:       opened,
		FlowsClosed:       closed,
		FlowsRefused:      s.flowsRefused.Load(),
		FlowsActive:       opened - min(closed, opened),
		CacheEntries:      uint64(e.cache.len()),
		CacheOverflows:    e.cache.overflows.Load(),
		LogsSuppressed:    e.logLimit.suppressed.Load(),
	}
}
