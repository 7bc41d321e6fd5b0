// Package registrar is Dialtone's SIP registrar and location service
// (RFC 3261 §10.3): it authenticates REGISTER requests with digest auth,
// keeps every extension's contact bindings in memory for calls, writes them
// behind to the store so a restart or a standby knows every phone, keeps UDP
// NAT bindings open with OPTIONS and forgets contacts whose flow is gone
// (RFC 5626). See README.md for the design.
package registrar

import (
	"cmp"
	"crypto/rand"
	"log/slog"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultMinExpires     = 60 * time.Second
	DefaultMaxExpires     = 3600 * time.Second
	DefaultDefaultExpires = 3600 * time.Second
	DefaultMaxContacts    = 10
	// DefaultKeepAlive is the keep-alive interval configuration should use;
	// Options.KeepAlive itself treats 0 as "disabled".
	DefaultKeepAlive = 30 * time.Second
)

// Write-behind and housekeeping timing; fields of Registrar so tests can
// shorten them.
const (
	defaultFlushEvery      = 100 * time.Millisecond
	defaultFlushSize       = 500
	defaultSweepEvery      = time.Second
	defaultStoreSweepEvery = time.Minute
	defaultShutdownFlush   = 10 * time.Second
	defaultSendTimeout     = 2 * time.Second
	// keepAliveMisses unanswered OPTIONS in a row drop a contact.
	keepAliveMisses = 3
)

// Options configure a Registrar. Zero values take the defaults above, except
// KeepAlive where 0 disables keep-alives.
type Options struct {
	Realm    string // digest realm (RFC 3261 §22.1)
	NonceKey []byte // HMAC key for nonces; ≥16 bytes, or empty for a random per-process key

	MinExpires     time.Duration // shorter requests get 423 (RFC 3261 §10.3 step 7)
	MaxExpires     time.Duration // longer requests are shortened
	DefaultExpires time.Duration // when the phone names none
	MaxContacts    int           // bindings per extension

	// KeepAlive is the OPTIONS interval to UDP contacts behind NAT; 0 disables.
	KeepAlive time.Duration

	// Algorithms are the digest algorithms offered, preferred first
	// (default SHA-256 then MD5). Some phones fail on any SHA-256
	// challenge (baresip 1.0), so the operator may offer MD5 only.
	Algorithms []digest.Algorithm

	Node   string       // recorded on every binding
	Logger *slog.Logger // default slog.Default()
	Clock  func() time.Time
}

// Contact is one binding of an extension (address-of-record) to a contact
// URI, with the flow it arrived on so requests can go back the same way.
type Contact struct {
	Extension string
	URI       string // Contact URI as registered
	Transport string // udp, tcp, tls, ws, wss
	Source    netip.AddrPort
	Local     netip.AddrPort
	FlowID    uint64
	UserAgent string
	CallID    string
	CSeq      uint32
	Expires   time.Time
	Instance  string // +sip.instance (RFC 5626 §4.1), without quotes
	RegID     int    // reg-id (RFC 5626 §4.2), 0 when absent
	Node      string
}

// Registrar serves REGISTER and answers where an extension can be reached.
// All methods are safe for concurrent use.
type Registrar struct {
	dir  Directory
	st   Store
	send Sender
	opts Options
	log  *slog.Logger
	now  func() time.Time

	auth     *digest.Authenticator
	dummyHA1 [2]string // MD5, SHA-256: verified for unknown users so they look like wrong passwords

	loc     location
	w       writer
	stats   counters
	ids     atomic.Uint64 // binding ids (keep-alive correlation)
	running atomic.Bool
	bufs    sync.Pool // *uriBuf scratch for contact URIs
	date    atomic.Pointer[dateCache]
	kaHost  string // From host of keep-alive OPTIONS

	// timing knobs, defaults above; tests shorten them
	flushEvery      time.Duration
	flushSize       int
	sweepEvery      time.Duration
	storeSweepEvery time.Duration
	shutdownFlush   time.Duration
	sendTimeout     time.Duration
}

// New returns a Registrar. dir and st are required; send may be nil when
// keep-alives are disabled. New panics if NonceKey is non-empty but shorter
// than 16 bytes (see digest.New).
func New(dir Directory, st Store, send Sender, opts Options) *Registrar {
	if opts.MinExpires <= 0 {
		opts.MinExpires = DefaultMinExpires
	}
	if opts.MaxExpires <= 0 {
		opts.MaxExpires = DefaultMaxExpires
	}
	if opts.MaxExpires < opts.MinExpires {
		opts.MaxExpires = opts.MinExpires
	}
	if opts.DefaultExpires <= 0 {
		opts.DefaultExpires = DefaultDefaultExpires
	}
	opts.DefaultExpires = min(max(opts.DefaultExpires, opts.MinExpires), opts.MaxExpires)
	if opts.MaxContacts <= 0 {
		opts.MaxContacts = DefaultMaxContacts
	}
	if opts.KeepAlive < 0 || send == nil {
		opts.KeepAlive = 0
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	key := opts.NonceKey
	if len(key) == 0 {
		// Nonces then die with the process; phones just re-authenticate.
		key = make([]byte, 32)
		_, _ = rand.Read(key)
	}
	r := &Registrar{
		dir:             dir,
		st:              st,
		send:            send,
		opts:            opts,
		log:             opts.Logger.With("component", "registrar"),
		now:             opts.Clock,
		auth:            digest.New(opts.Realm, key, digest.WithClock(opts.Clock)),
		kaHost:          keepAliveHost(opts.Realm),
		flushEvery:      defaultFlushEvery,
		flushSize:       defaultFlushSize,
		sweepEvery:      defaultSweepEvery,
		storeSweepEvery: defaultStoreSweepEvery,
		shutdownFlush:   defaultShutdownFlush,
		sendTimeout:     defaultSendTimeout,
	}
	// A random password nobody knows: unknown and disabled extensions cost
	// the same Verify as a real one and fail the same way.
	secret := make([]byte, 16)
	_, _ = rand.Read(secret)
	r.dummyHA1[0] = digest.HA1(digest.MD5, "-", opts.Realm, string(secret))
	r.dummyHA1[1] = digest.HA1(digest.SHA256, "-", opts.Realm, string(secret))
	r.loc.init()
	r.w.init()
	r.bufs.New = func() any { return &uriBuf{b: make([]byte, 0, 256)} }
	return r
}

// Lookup returns the live contacts of an extension, latest-expiring first.
func (r *Registrar) Lookup(extension string) []Contact {
	now := r.now()
	sh := r.loc.shard(extension)
	sh.mu.RLock()
	a := sh.aors[extension]
	var out []Contact
	if a != nil {
		out = make([]Contact, 0, len(a.bindings))
		for i := range a.bindings {
			if a.bindings[i].Expires.After(now) {
				out = append(out, a.bindings[i].Contact)
			}
		}
	}
	sh.mu.RUnlock()
	slices.SortStableFunc(out, func(x, y Contact) int { return y.Expires.Compare(x.Expires) })
	return out
}

// List returns every live contact, ordered by extension then URI.
func (r *Registrar) List() []Contact {
	now := r.now()
	out := make([]Contact, 0, r.stats.contacts.Load())
	for i := range r.loc.shards {
		sh := &r.loc.shards[i]
		sh.mu.RLock()
		for _, a := range sh.aors {
			for j := range a.bindings {
				if a.bindings[j].Expires.After(now) {
					out = append(out, a.bindings[j].Contact)
				}
			}
		}
		sh.mu.RUnlock()
	}
	slices.SortFunc(out, func(x, y Contact) int {
		return cmp.Or(cmp.Compare(x.Extension, y.Extension), cmp.Compare(x.URI, y.URI))
	})
	return out
}

// keepAliveHost picks the From host of our OPTIONS: the realm when it is a
// plain host name, else a reserved name (RFC 2606) rather than a bad URI.
func keepAliveHost(realm string) string {
	if realm == "" || len(realm) > 253 {
		return "dialtone.invalid"
	}
	for _, c := range realm {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return "dialtone.invalid"
		}
	}
	return realm
}
