package sbc

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/netip"
	"strings"
	"time"

	"github.com/dialtone-pbx/dialtone/sbc/guard"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultMaxMessageSize      = 16384
	DefaultRateLimit           = 50
	DefaultRateBurst           = 100
	DefaultBanFailures         = 5
	DefaultBanWindow           = 60 * time.Second
	DefaultBanTime             = time.Hour
	DefaultServerHeader        = "Dialtone"
	DefaultIdleTimeout         = 10 * time.Minute
	DefaultMaxConnections      = 10000
	DefaultMaxConnectionsPerIP = 100

	// maxMessageSizeLimit is the largest message any transport can carry
	// here (a UDP datagram's payload).
	maxMessageSizeLimit = 65507
)

// DefaultAllow is the Allow list of OPTIONS and 405 answers when
// Options.Allow is empty.
func DefaultAllow() []string {
	return []string{"INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER", "INFO", "UPDATE", "NOTIFY", "REFER", "MESSAGE"}
}

// Options configures an Edge. Zero values take the defaults above.
type Options struct {
	// UDPAddr and TCPAddr are "IP:PORT" (port 0 allowed); "" disables.
	// When both are the same address with port 0, TCP binds the port UDP got.
	UDPAddr, TCPAddr string
	// TLSAddr is "IP:PORT"; "" disables. TLSConfig is then required.
	TLSAddr   string
	TLSConfig *tls.Config
	// TrunkTLS is the base of the client TLS configuration of connections
	// opened by Dial (trunks): RootCAs (nil: the system roots), client
	// certificates; tests may set InsecureSkipVerify. Dial sets ServerName
	// and at least TLS 1.2 on a copy.
	TrunkTLS *tls.Config

	// MaxMessageSize bounds one SIP message (default 16384 bytes). A larger
	// request is answered 413 when a response can be built (and, over a
	// stream, its connection is closed), else dropped.
	MaxMessageSize int

	// RateLimit and RateBurst limit requests per source IP (requests/s and
	// bucket size; defaults 50 and 100; 0 takes the default, a negative
	// RateLimit disables rate limiting).
	RateLimit float64
	RateBurst int

	// BanFailures authentication failures within BanWindow ban the source
	// for BanTime (defaults 5, 60 s, 1 h).
	BanFailures int
	BanWindow   time.Duration
	BanTime     time.Duration

	// Allowlist: sources never banned nor rate limited (e.g. the trunk).
	Allowlist []netip.Prefix
	// ScannerPatterns are User-Agent fragments of attack tools whose
	// requests are dropped without answer (nil: guard.DefaultScannerPatterns;
	// an empty non-nil slice disables the filter).
	ScannerPatterns []string
	// BanStore persists bans; the edge flushes it from its housekeeping loop.
	BanStore guard.BanStore

	Logger *slog.Logger

	// ServerHeader is the Server header of our responses and the
	// User-Agent of our requests ("Dialtone" by default).
	ServerHeader string
	// IdleTimeout closes a TCP/TLS/WS connection that sent nothing for this
	// long (default 10 min).
	IdleTimeout time.Duration
	// PublicIP, when valid, is the address written in the Via of requests
	// we originate instead of the local address.
	PublicIP netip.Addr

	// Allow is the method list of the Allow header in OPTIONS and 405
	// answers (default DefaultAllow()).
	Allow []string
	// MaxConnections and MaxConnectionsPerIP bound concurrent TCP, TLS and
	// WebSocket connections (defaults 10000 and 100).
	MaxConnections      int
	MaxConnectionsPerIP int
}

// withDefaults returns a copy of o with defaults filled in, or an error
// naming the first invalid field.
func (o Options) withDefaults() (Options, error) {
	// No listener at all is allowed: a WebSocket-only edge served by ServeWS.
	if o.TLSAddr != "" && o.TLSConfig == nil {
		return o, errors.New("sbc: TLSAddr set without TLSConfig")
	}
	switch {
	case o.MaxMessageSize == 0:
		o.MaxMessageSize = DefaultMaxMessageSize
	case o.MaxMessageSize < 512 || o.MaxMessageSize > maxMessageSizeLimit:
		return o, fmt.Errorf("sbc: MaxMessageSize %d: must be within [512, %d]", o.MaxMessageSize, maxMessageSizeLimit)
	}
	if o.RateLimit == 0 {
		o.RateLimit = DefaultRateLimit
	}
	if math.IsNaN(o.RateLimit) || math.IsInf(o.RateLimit, 0) {
		return o, fmt.Errorf("sbc: RateLimit %v is not a number", o.RateLimit)
	}
	switch {
	case o.RateBurst == 0:
		o.RateBurst = DefaultRateBurst
	case o.RateBurst < 0 && o.RateLimit > 0:
		return o, fmt.Errorf("sbc: RateBurst %d: must be positive", o.RateBurst)
	}
	if o.BanFailures == 0 {
		o.BanFailures = DefaultBanFailures
	}
	if o.BanFailures < 0 {
		return o, fmt.Errorf("sbc: BanFailures %d: must be positive", o.BanFailures)
	}
	if o.BanWindow == 0 {
		o.BanWindow = DefaultBanWindow
	}
	if o.BanTime == 0 {
		o.BanTime = DefaultBanTime
	}
	if o.BanWindow < 0 || o.BanTime < 0 {
		return o, errors.New("sbc: BanWindow and BanTime must be positive")
	}
	for _, p := range o.Allowlist {
		if !p.IsValid() {
			return o, fmt.Errorf("sbc: Allowlist: invalid prefix %q", p.String())
		}
	}
	if o.ScannerPatterns == nil {
		o.ScannerPatterns = guard.DefaultScannerPatterns()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.ServerHeader == "" {
		o.ServerHeader = DefaultServerHeader
	}
	if strings.ContainsAny(o.ServerHeader, "\r\n\x00") {
		return o, errors.New("sbc: ServerHeader contains a line break")
	}
	if o.IdleTimeout == 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.IdleTimeout < 0 {
		return o, errors.New("sbc: IdleTimeout must be positive")
	}
	if len(o.Allow) == 0 {
		o.Allow = DefaultAllow()
	}
	for _, m := range o.Allow {
		if !isToken(m) {
			return o, fmt.Errorf("sbc: Allow: %q is not a method name", m)
		}
	}
	if o.MaxConnections == 0 {
		o.MaxConnections = DefaultMaxConnections
	}
	if o.MaxConnectionsPerIP == 0 {
		o.MaxConnectionsPerIP = DefaultMaxConnectionsPerIP
	}
	if o.MaxConnections < 0 || o.MaxConnectionsPerIP < 0 {
		return o, errors.New("sbc: MaxConnections and MaxConnectionsPerIP must be positive")
	}
	return o, nil
}

// isToken reports whether s is a non-empty RFC 3261 token (method names).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenChar(s[i]) {
			return false
		}
	}
	return true
}

func tokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '!', '%', '*', '_', '+', '`', '\'', '~':
		return true
	}
	return false
}
