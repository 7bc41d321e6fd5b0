package sdp

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
)

// iceAttrs are dropped by Anchor: the relay legs are plain RTP, and the
// peer's candidates would reveal its addresses to the other side (RFC 8839).
var iceAttrs = []string{
	"candidate", "remote-candidates", "end-of-candidates",
	"ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "ice-mismatch", "ice-pacing",
}

// Anchor rewrites the description so that all media flows through us, and
// nothing of the peer that wrote it remains (topology hiding):
//
//   - o= becomes originUser (default "dialtone"), sessID, version and addr.
//     The caller keeps sessID per leg and increments version for every
//     changed offer or answer it sends (RFC 3264 §8).
//   - every c= becomes addr; a session-level c= is set when there was none.
//   - media section i gets port ports[i]; a port 0 (a rejected stream, RFC
//     3264 §6) stays 0 and its ports entry is ignored. "port/n" loses /n.
//   - a=rtcp is rewritten to ports[i]+1, our RTCP port (RFC 3605).
//   - ICE attributes are dropped (not supported on plain RTP legs yet).
//
// Codecs, fmtp, ptime, direction and unknown lines are kept.
func (s *Session) Anchor(addr netip.Addr, ports []uint16, originUser string, sessID, version uint64) error {
	if !addr.IsValid() {
		return fmt.Errorf("sdp: anchor: invalid address")
	}
	if len(ports) < len(s.Media) {
		return fmt.Errorf("sdp: anchor: %d ports for %d media sections", len(ports), len(s.Media))
	}
	addr = addr.Unmap()
	addrType := "IP4"
	if addr.Is6() {
		addrType = "IP6"
	}
	if originUser == "" {
		originUser = "dialtone"
	}
	s.Origin = Origin{
		Username: originUser, SessID: strconv.FormatUint(sessID, 10), SessVersion: strconv.FormatUint(version, 10),
		NetType: "IN", AddrType: addrType, Address: addr.String(),
	}
	conn := Connection{NetType: "IN", AddrType: addrType, Address: addr.String()}
	s.Connection = &conn
	s.Attributes = dropICE(s.Attributes)
	for i, m := range s.Media {
		if m.Connection != nil {
			c := conn
			m.Connection = &c
		}
		if m.Port != 0 {
			m.Port = ports[i]
		}
		m.PortCount = 0
		m.Attributes = dropICE(m.Attributes)
		for k := range m.Attributes {
			if m.Attributes[k].Key == "rtcp" {
				m.Attributes[k].Value = strconv.Itoa(int(m.Port) + 1)
			}
		}
		if m.Port == 0 {
			m.Attributes = removeAttrs(m.Attributes, func(a Attribute) bool { return a.Key == "rtcp" })
		}
	}
	return nil
}

func dropICE(attrs []Attribute) []Attribute {
	return removeAttrs(attrs, func(a Attribute) bool { return slices.Contains(iceAttrs, a.Key) })
}

// Clone returns a deep copy, so one leg's description can be rewritten for
// the other without touching the original.
func (s *Session) Clone() *Session {
	c := *s
	if s.Connection != nil {
		cc := *s.Connection
		c.Connection = &cc
	}
	c.Fields = slices.Clone(s.Fields)
	c.Attributes = slices.Clone(s.Attributes)
	c.Media = make([]*Media, len(s.Media))
	for i, m := range s.Media {
		mc := *m
		if m.Connection != nil {
			cc := *m.Connection
			mc.Connection = &cc
		}
		mc.Formats = slices.Clone(m.Formats)
		mc.Fields = slices.Clone(m.Fields)
		mc.Attributes = slices.Clone(m.Attributes)
		c.Media[i] = &mc
	}
	if len(s.Media) == 0 {
		c.Media = nil
	}
	return &c
}
