package registrar

import (
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/emiago/sipgo/sip"
)

// shardCount spreads extensions over independently locked maps so REGISTERs
// for different extensions on different cores do not queue on one lock.
const shardCount = 64

// location is the in-memory location service (RFC 3261 §10.3): the source
// of truth for calls; the store is its write-behind copy.
type location struct {
	shards [shardCount]shard
}

type shard struct {
	mu   sync.RWMutex
	aors map[string]*aor
	_    [64]byte // keep neighbouring locks off one cache line
}

// aor is one extension's bindings; a handful at most (MaxContacts).
type aor struct {
	bindings []binding
}

// binding is a Contact plus what the registrar needs to keep it alive.
type binding struct {
	Contact
	id        uint64 // unique per registrar, names the binding in keep-alive Call-IDs
	touched   uint64 // sequence number of the last REGISTER that touched it: "newest" for MaxContacts
	nextProbe int64  // unix ns of the next keep-alive OPTIONS
	probe     uint64 // token of the outstanding OPTIONS; any answer carrying it resets misses
	probeCSeq uint32
	misses    uint8 // keep-alives sent and not answered, in a row
	natted    bool  // UDP and the packet source is not the Contact's host:port
}

func (l *location) init() {
	for i := range l.shards {
		l.shards[i].aors = make(map[string]*aor)
	}
}

func (l *location) shard(ext string) *shard {
	// FNV-1a, inline so the hot path does not allocate a hasher.
	h := uint32(2166136261)
	for i := 0; i < len(ext); i++ {
		h ^= uint32(ext[i])
		h *= 16777619
	}
	return &l.shards[h%shardCount]
}

// find returns the index of the binding for uri, or -1.
func (a *aor) find(uri []byte) int {
	for i := range a.bindings {
		if a.bindings[i].URI == string(uri) {
			return i
		}
	}
	return -1
}

// findInstance returns the binding with this instance and reg-id
// (RFC 5626 §6 step 3: they, not the URI, identify an outbound flow), or -1.
func (a *aor) findInstance(instance string, regID int) int {
	if instance == "" || regID <= 0 {
		return -1
	}
	for i := range a.bindings {
		if a.bindings[i].RegID == regID && a.bindings[i].Instance == instance {
			return i
		}
	}
	return -1
}

func (a *aor) remove(i int) {
	a.bindings = slices.Delete(a.bindings, i, i+1)
}

// behindNAT reports whether a UDP contact needs keep-alives: RFC 3581 tells
// us the real source, and when it differs from the Contact's host:port a NAT
// sits between us and the phone, whose mapping must be refreshed.
func behindNAT(transport string, src netip.AddrPort, u *sip.Uri) bool {
	if transport != "udp" || !src.IsValid() {
		return false
	}
	return !sameHostPort(u, src)
}

func sameHostPort(u *sip.Uri, src netip.AddrPort) bool {
	host := strings.TrimSuffix(strings.TrimPrefix(u.Host, "["), "]")
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false // a name: we cannot tell, so keep the mapping open
	}
	port := u.Port
	if port == 0 {
		port = 5060 // RFC 3261 §19.1.2
		if u.Scheme == "sips" {
			port = 5061
		}
	}
	return ip.Unmap() == src.Addr().Unmap() && port == int(src.Port())
}

// transportName returns a constant for the usual transports so bindings
// share the string instead of each holding a copy.
func transportName(t string) string {
	for _, c := range [...]string{"udp", "tcp", "tls", "ws", "wss"} {
		if strings.EqualFold(t, c) {
			return c
		}
	}
	return strings.ToLower(t)
}
