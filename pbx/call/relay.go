package call

import (
	"fmt"

	"github.com/dialtone-pbx/dialtone/media/relay"
)

// Relay adapts a media/relay pool to Media.
func Relay(p *relay.Pool) Media { return relayMedia{p} }

type relayMedia struct{ p *relay.Pool }

func (r relayMedia) Allocate() (Endpoint, error) {
	ep, err := r.p.Allocate()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoMedia, err)
	}
	return ep, nil
}

// Attach terminates ep on h (conference participants).
func (r relayMedia) Attach(ep Endpoint, h func([]byte)) (Tap, error) {
	e, ok := ep.(*relay.Endpoint)
	if !ok {
		return nil, fmt.Errorf("%w: not a relay endpoint", ErrNoMedia)
	}
	return relay.Attach(e, h), nil
}

func (r relayMedia) Bridge(a, b Endpoint) (Link, error) {
	ea, ok1 := a.(*relay.Endpoint)
	eb, ok2 := b.(*relay.Endpoint)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%w: not relay endpoints", ErrNoMedia)
	}
	return relay.Bridge(ea, eb), nil
}
