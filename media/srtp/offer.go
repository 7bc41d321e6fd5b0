package srtp

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// Offer/answer for SDES (RFC 4568 §7.1): the offerer lists one a=crypto
// per suite it accepts, each with its own key; the answerer picks one,
// echoes its tag and suite with its own key. Each side then sends under its
// own key and receives under the other's.

// Secure reports whether the m= section asks for SRTP keyed by SDES: RTP
// profile RTP/SAVP or RTP/SAVPF (RFC 3711 §12, RFC 5124). DTLS-SRTP
// ("UDP/TLS/RTP/SAVPF") is not SDES and reports false.
func Secure(m *sdp.Media) bool {
	return m.Proto == "RTP/SAVP" || m.Proto == "RTP/SAVPF"
}

// Offered parses the a=crypto lines of m in order. Lines Dialtone cannot
// use (another suite, MKI, ...) are left out; their errors come back
// joined, for a log line, alongside what could be used.
func Offered(m *sdp.Media) ([]Crypto, error) {
	var out []Crypto
	var errs []error
	for _, a := range m.Attributes {
		if a.Key != "crypto" {
			continue
		}
		c, err := ParseCrypto(a.Value)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, c)
	}
	return out, errors.Join(errs...)
}

// Select picks the offerer's most preferred crypto that Dialtone supports:
// the first one in offer order (RFC 4568 §7.1.1).
func Select(offered []Crypto) (Crypto, bool) {
	for _, c := range offered {
		if _, err := c.validate(); err == nil {
			return c, true
		}
	}
	return Crypto{}, false
}

// Answer is the answerer's side (RFC 4568 §7.1.2): from the offer's m=
// section it selects the peer's crypto (remote, to unprotect what the peer
// sends) and makes ours with the same tag and suite and a fresh key (local,
// to protect what we send). Write local into the answer with SetCrypto.
// ErrNoCrypto when the section is not RTP/SAVP(F) or offers nothing usable;
// the stream is then refused (port 0).
func Answer(offer *sdp.Media) (local, remote Crypto, err error) {
	if !Secure(offer) {
		return Crypto{}, Crypto{}, fmt.Errorf("%w: profile %q is not RTP/SAVP", ErrNoCrypto, offer.Proto)
	}
	cs, perr := Offered(offer)
	remote, ok := Select(cs)
	if !ok {
		if perr != nil {
			return Crypto{}, Crypto{}, fmt.Errorf("%w: %w", ErrNoCrypto, perr)
		}
		return Crypto{}, Crypto{}, fmt.Errorf("%w: no a=crypto line", ErrNoCrypto)
	}
	local, err = NewCrypto(remote.Tag, remote.Suite)
	if err != nil {
		return Crypto{}, Crypto{}, err
	}
	return local, remote, nil
}

// NewOffer makes one fresh crypto per suite for an offer, tags 1, 2, ... in
// the order given (Suites() when none). Keep them: Accept needs them for
// the answer.
func NewOffer(suites ...Suite) ([]Crypto, error) {
	if len(suites) == 0 {
		suites = Suites()
	}
	out := make([]Crypto, 0, len(suites))
	for i, s := range suites {
		c, err := NewCrypto(i+1, s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Accept is the offerer's side (RFC 4568 §7.1.3): the answer's single
// a=crypto names by its tag which of our offered cryptos we send with
// (local) and carries the peer's key (remote). ErrNoCrypto when the answer
// is not RTP/SAVP(F), has no or several crypto lines, or a tag or suite we
// did not offer.
func Accept(offered []Crypto, answer *sdp.Media) (local, remote Crypto, err error) {
	if !Secure(answer) {
		return Crypto{}, Crypto{}, fmt.Errorf("%w: answer profile %q is not RTP/SAVP", ErrNoCrypto, answer.Proto)
	}
	var lines []string
	for _, a := range answer.Attributes {
		if a.Key == "crypto" {
			lines = append(lines, a.Value)
		}
	}
	if len(lines) != 1 {
		return Crypto{}, Crypto{}, fmt.Errorf("%w: answer has %d a=crypto lines, want 1", ErrNoCrypto, len(lines))
	}
	remote, err = ParseCrypto(lines[0])
	if err != nil {
		return Crypto{}, Crypto{}, fmt.Errorf("%w: answer: %w", ErrNoCrypto, err)
	}
	for _, c := range offered {
		if c.Tag == remote.Tag {
			if c.Suite != remote.Suite {
				return Crypto{}, Crypto{}, fmt.Errorf("%w: answer tag %d has suite %s, we offered %s",
					ErrNoCrypto, remote.Tag, remote.Suite, c.Suite)
			}
			return c, remote, nil
		}
	}
	return Crypto{}, Crypto{}, fmt.Errorf("%w: answer tag %d was not offered", ErrNoCrypto, remote.Tag)
}

// SetCrypto makes m an SDES-keyed SRTP stream: its a=crypto lines become cs
// (in place of the first old one, or at the end) and its profile RTP/SAVP
// (RTP/SAVPF for an AVPF stream).
func SetCrypto(m *sdp.Media, cs ...Crypto) {
	at := -1
	attrs := m.Attributes[:0:0]
	for _, a := range m.Attributes {
		if a.Key == "crypto" {
			if at < 0 {
				at = len(attrs)
			}
			continue
		}
		attrs = append(attrs, a)
	}
	if at < 0 {
		at = len(attrs)
	}
	lines := make([]sdp.Attribute, len(cs))
	for i, c := range cs {
		lines[i] = sdp.Attribute{Key: "crypto", Value: c.String()}
	}
	m.Attributes = append(attrs[:at:at], append(lines, attrs[at:]...)...)
	switch {
	case m.Proto == "RTP/AVP":
		m.Proto = "RTP/SAVP"
	case m.Proto == "RTP/AVPF":
		m.Proto = "RTP/SAVPF"
	}
}

// ClearCrypto makes m a plain RTP stream: it drops every a=crypto line (a
// B2BUA must never pass one leg's keys to the other) and turns RTP/SAVP(F)
// into RTP/AVP(F).
func ClearCrypto(m *sdp.Media) {
	attrs := m.Attributes[:0:0]
	for _, a := range m.Attributes {
		if a.Key != "crypto" {
			attrs = append(attrs, a)
		}
	}
	m.Attributes = attrs
	if Secure(m) {
		m.Proto = strings.Replace(m.Proto, "SAVP", "AVP", 1)
	}
}
