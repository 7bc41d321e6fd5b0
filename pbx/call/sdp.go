package call

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"

	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// sdpInfo is what call control reads from a phone's SDP (RFC 4566): where
// its audio goes, the codec it prefers, the direction, and its origin so a
// refresh (same version, RFC 3264 §8) is told from a change.
type sdpInfo struct {
	addr    netip.Addr
	port    uint16
	codec   string // encoding name of the first audio payload type
	dir     string // sendrecv, sendonly, recvonly, inactive
	session string // o= sess-id
	version string // o= sess-version
}

// sameVersion reports whether s repeats the session version of prev.
func (s sdpInfo) sameVersion(prev sdpInfo) bool {
	return s.session != "" && s.session == prev.session && s.version == prev.version
}

// sdpOrigin is the o= line we present on one leg: our own session id, and
// a version that grows whenever what we send changes (RFC 3264 §8).
type sdpOrigin struct {
	id, version uint64
	last        []byte // the last body we produced
}

func newOrigin() sdpOrigin {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := binary.BigEndian.Uint64(b[:]) >> 2 // keep well inside 63 bits
	return sdpOrigin{id: id, version: id}
}

// audioIndex is the first audio stream that is not refused.
func audioIndex(s *sdp.Session) int {
	return slices.IndexFunc(s.Media, func(m *sdp.Media) bool { return m.Type == "audio" && m.Port != 0 })
}

// parseSDP reads the first audio stream of an SDP body.
func parseSDP(body []byte) (sdpInfo, error) {
	var info sdpInfo
	if len(body) == 0 {
		return info, ErrNoSDP
	}
	s, err := sdp.Parse(body)
	if err != nil {
		return info, fmt.Errorf("%w: %w", ErrBadSDP, err)
	}
	i := audioIndex(s)
	if i < 0 {
		return info, fmt.Errorf("%w: no audio stream", ErrBadSDP)
	}
	rtp, err := s.RemoteRTP(i)
	if err != nil {
		return info, fmt.Errorf("%w: %w", ErrBadSDP, err)
	}
	info.addr, info.port = rtp.Addr(), rtp.Port()
	if codecs := s.Media[i].Codecs(); len(codecs) > 0 {
		info.codec = codecs[0].Name
	}
	info.dir = string(s.Direction(i))
	info.session, info.version = s.Origin.SessID, s.Origin.SessVersion
	return info, nil
}

// anchorSDP rewrites body so that its media flows through us
// (sdp.Session.Anchor: our origin, our address in every c=, our relay port
// on the audio stream, no ICE), refuses every other stream (port 0,
// RFC 3264 §6) since only audio is relayed, and drops the session lines
// that describe the phone's owner (i=, u=, e=, p=). Codecs and direction
// pass unchanged. o's version grows when the result differs from the last.
func anchorSDP(body []byte, host netip.Addr, port uint16, o *sdpOrigin) ([]byte, error) {
	s, err := sdp.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadSDP, err)
	}
	i := audioIndex(s)
	if i < 0 {
		return nil, fmt.Errorf("%w: no audio stream", ErrBadSDP)
	}
	ports := make([]uint16, len(s.Media))
	for j, m := range s.Media {
		if j != i {
			m.Port = 0
		}
		m.Fields = slices.DeleteFunc(m.Fields, func(f sdp.Field) bool { return f.Type == 'i' })
	}
	ports[i] = port
	s.Fields = slices.DeleteFunc(s.Fields, func(f sdp.Field) bool {
		return f.Type == 'i' || f.Type == 'u' || f.Type == 'e' || f.Type == 'p'
	})
	s.Name, s.HasName = "-", true
	if err := s.Anchor(host, ports, "dialtone", o.id, o.version); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadSDP, err)
	}
	out := s.Marshal()
	if o.last != nil && !bytes.Equal(o.last, out) {
		o.version++
		if err := s.Anchor(host, ports, "dialtone", o.id, o.version); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrBadSDP, err)
		}
		out = s.Marshal()
	}
	o.last = out
	return out, nil
}
