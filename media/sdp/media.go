package sdp

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Direction is the media direction attribute (RFC 3264 §5.1, RFC 4566 §6).
type Direction string

// The four directions; a section without one is sendrecv.
const (
	SendRecv Direction = "sendrecv"
	SendOnly Direction = "sendonly"
	RecvOnly Direction = "recvonly"
	Inactive Direction = "inactive"
)

func isDirection(k string) bool {
	switch Direction(k) {
	case SendRecv, SendOnly, RecvOnly, Inactive:
		return true
	}
	return false
}

// Reverse is the direction the answerer uses for an offer's direction (RFC
// 3264 §6.1): sendonly is answered recvonly and the other way round.
func (d Direction) Reverse() Direction {
	switch d {
	case SendOnly:
		return RecvOnly
	case RecvOnly:
		return SendOnly
	}
	return d
}

// Codec is one payload type of a media section.
type Codec struct {
	PT       uint8
	Name     string // as in rtpmap, e.g. PCMU, opus, telephone-event
	Rate     int    // clock rate in Hz
	Channels int    // 1 unless rtpmap says otherwise
	Fmtp     string // the a=fmtp parameters, if any
}

// staticPT are the RFC 3551 §6 static payload types a peer may use without
// an rtpmap line. G.722's RTP clock is 8000 although it samples at 16 kHz.
var staticPT = map[uint8]Codec{
	0:  {PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
	3:  {PT: 3, Name: "GSM", Rate: 8000, Channels: 1},
	4:  {PT: 4, Name: "G723", Rate: 8000, Channels: 1},
	8:  {PT: 8, Name: "PCMA", Rate: 8000, Channels: 1},
	9:  {PT: 9, Name: "G722", Rate: 8000, Channels: 1},
	13: {PT: 13, Name: "CN", Rate: 8000, Channels: 1},
	18: {PT: 18, Name: "G729", Rate: 8000, Channels: 1},
}

// Attr returns the value of the first attribute named key.
func (m *Media) Attr(key string) (string, bool) {
	for _, a := range m.Attributes {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// Codecs lists the section's payload types in the order of the m= line,
// named from rtpmap or, for static types, from RFC 3551. Formats that are
// not numbers (m=application) and unknown dynamic types without rtpmap are
// left out.
func (m *Media) Codecs() []Codec {
	var out []Codec
	for _, f := range m.Formats {
		n, err := strconv.ParseUint(f, 10, 7)
		if err != nil {
			continue
		}
		pt := uint8(n)
		c, ok := staticPT[pt]
		for _, a := range m.Attributes {
			v, found := strings.CutPrefix(a.Value, f+" ")
			if !found {
				continue
			}
			switch a.Key {
			case "rtpmap":
				if rc, err := parseRTPMap(pt, v); err == nil {
					c, ok = rc, true
				}
			case "fmtp":
				c.Fmtp = strings.TrimSpace(v)
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}

// parseRTPMap reads "name/rate[/channels]" (RFC 4566 §6).
func parseRTPMap(pt uint8, v string) (Codec, error) {
	parts := strings.Split(strings.TrimSpace(v), "/")
	if len(parts) < 2 || parts[0] == "" {
		return Codec{}, fmt.Errorf("sdp: rtpmap %q", v)
	}
	rate, err := strconv.Atoi(parts[1])
	if err != nil || rate <= 0 {
		return Codec{}, fmt.Errorf("sdp: rtpmap rate %q", v)
	}
	c := Codec{PT: pt, Name: parts[0], Rate: rate, Channels: 1}
	if len(parts) > 2 {
		if ch, err := strconv.Atoi(parts[2]); err == nil && ch > 0 {
			c.Channels = ch
		}
	}
	return c, nil
}

// Direction is the section's direction attribute, else the session's
// (RFC 4566 §6), else sendrecv.
func (s *Session) Direction(i int) Direction {
	if i >= 0 && i < len(s.Media) {
		if d, ok := directionOf(s.Media[i].Attributes); ok {
			return d
		}
	}
	if d, ok := directionOf(s.Attributes); ok {
		return d
	}
	return SendRecv
}

// Direction is the section's own direction attribute, or sendrecv; use
// Session.Direction to take a session-level attribute into account.
func (m *Media) Direction() Direction {
	if d, ok := directionOf(m.Attributes); ok {
		return d
	}
	return SendRecv
}

func directionOf(attrs []Attribute) (Direction, bool) {
	for _, a := range attrs {
		if isDirection(a.Key) {
			return Direction(a.Key), true
		}
	}
	return "", false
}

// SetDirection replaces the section's direction attributes by d, at the
// place of the first one (or at the end).
func (m *Media) SetDirection(d Direction) {
	m.Attributes = setDirection(m.Attributes, d)
}

// SetDirection sets d on every media section and removes a session-level
// direction, which would otherwise apply to sections without their own.
func (s *Session) SetDirection(d Direction) {
	s.Attributes = removeAttrs(s.Attributes, func(a Attribute) bool { return isDirection(a.Key) })
	for _, m := range s.Media {
		m.SetDirection(d)
	}
}

func setDirection(attrs []Attribute, d Direction) []Attribute {
	out := attrs[:0:0]
	placed := false
	for _, a := range attrs {
		if !isDirection(a.Key) {
			out = append(out, a)
			continue
		}
		if !placed {
			out = append(out, Attribute{Key: string(d)})
			placed = true
		}
	}
	if !placed {
		out = append(out, Attribute{Key: string(d)})
	}
	return out
}

func removeAttrs(attrs []Attribute, drop func(Attribute) bool) []Attribute {
	out := attrs[:0:0]
	for _, a := range attrs {
		if !drop(a) {
			out = append(out, a)
		}
	}
	return out
}

// RTCP reads a=rtcp (RFC 3605): the port and, when given, the address.
func (m *Media) RTCP() (port uint16, addr netip.Addr, ok bool) {
	v, found := m.Attr("rtcp")
	if !found {
		return 0, netip.Addr{}, false
	}
	f := strings.Fields(v)
	if len(f) == 0 {
		return 0, netip.Addr{}, false
	}
	p, err := strconv.ParseUint(f[0], 10, 16)
	if err != nil {
		return 0, netip.Addr{}, false
	}
	if len(f) == 4 {
		addr, _ = netip.ParseAddr(f[3])
	}
	return uint16(p), addr, true
}

// Ptime is a=ptime in milliseconds, 0 when absent.
func (m *Media) Ptime() int {
	v, ok := m.Attr("ptime")
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(v))
	return n
}

// RemoteRTP is where the peer that wrote the description receives RTP for
// media section i: the section's c=, else the session's, and its port.
func (s *Session) RemoteRTP(i int) (netip.AddrPort, error) {
	if i < 0 || i >= len(s.Media) {
		return netip.AddrPort{}, fmt.Errorf("sdp: no media section %d", i)
	}
	m := s.Media[i]
	c := m.Connection
	if c == nil {
		c = s.Connection
	}
	if c == nil {
		return netip.AddrPort{}, fmt.Errorf("sdp: media section %d has no connection address", i)
	}
	a, err := c.Addr()
	if err != nil {
		return netip.AddrPort{}, err
	}
	return netip.AddrPortFrom(a.Unmap(), m.Port), nil
}
