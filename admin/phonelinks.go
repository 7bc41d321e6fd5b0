package admin

import (
	"errors"
	"sync"
	"time"
)

// Why a sign-in link was refused. The softphone page shows the text.
var (
	errLinkUnknown = errors.New("this sign-in link is not valid: open a new one from the extension's page in the admin UI")
	errLinkUsed    = errors.New("this sign-in link has already been used: each link signs in once; open a new one from the extension's page in the admin UI")
	errLinkExpired = errors.New("this sign-in link has expired: links are valid for a few minutes; open a new one from the extension's page in the admin UI")
	errLinksFull   = errors.New("too many sign-in links are waiting to be used: try again in a few minutes")
)

// phoneLinkMax bounds the links waiting to be used (and used ones kept
// until they expire, to say "already used").
const phoneLinkMax = 1024

// phoneLinks are the softphone's one-click sign-in tokens: random,
// single-use, short-lived, kept in memory by their SHA-256 only. A restart
// forgets them (an admin opens a new link); the other node of a pair does
// not know them (the page is served by the node that minted the link).
type phoneLinks struct {
	mu    sync.Mutex
	ttl   time.Duration
	now   func() time.Time
	links map[string]*phoneLink // by hashSecret(token)
}

type phoneLink struct {
	extension string
	expires   time.Time
	used      bool
}

func newPhoneLinks(ttl time.Duration, now func() time.Time) *phoneLinks {
	return &phoneLinks{ttl: ttl, now: now, links: map[string]*phoneLink{}}
}

// mint returns a new token for extension and when it expires.
func (l *phoneLinks) mint(extension string) (string, time.Time, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.links) >= phoneLinkMax {
		l.prune(now)
		if len(l.links) >= phoneLinkMax {
			return "", time.Time{}, errLinksFull
		}
	}
	tok := newSecret()
	exp := now.Add(l.ttl)
	l.links[hashSecret(tok)] = &phoneLink{extension: extension, expires: exp}
	return tok, exp, nil
}

// redeem uses token once and returns its extension.
func (l *phoneLinks) redeem(token string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.prune(now)
	p := l.links[hashSecret(token)]
	switch {
	case p == nil:
		return "", errLinkUnknown
	case p.used:
		return "", errLinkUsed
	case !now.Before(p.expires):
		return "", errLinkExpired
	}
	p.used = true
	return p.extension, nil
}

// prune forgets links that expired more than a ttl ago: for one ttl after
// expiry a late click still hears "expired" or "already used" rather than
// "not valid".
func (l *phoneLinks) prune(now time.Time) {
	for k, p := range l.links {
		if now.Sub(p.expires) >= l.ttl {
			delete(l.links, k)
		}
	}
}

// pending counts the links kept, for tests.
func (l *phoneLinks) pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.links)
}
