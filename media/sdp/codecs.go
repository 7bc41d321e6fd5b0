package sdp

import (
	"strconv"
	"strings"
)

// RTPMap is the a=rtpmap value of c without the payload type:
// "PCMU/8000", or "opus/48000/2" when Channels > 1 (RFC 4566 §6).
func (c Codec) RTPMap() string {
	s := c.Name + "/" + strconv.Itoa(c.Rate)
	if c.Channels > 1 {
		s += "/" + strconv.Itoa(c.Channels)
	}
	return s
}

// SetCodecs replaces the section's payload types by cs, in that order: the
// m= format list, one a=rtpmap per codec (static types too, which RFC 4566
// §6 allows) and an a=fmtp for each codec with parameters. The old rtpmap
// and fmtp lines go, and so do a=rtcp-fb lines (RFC 4585 §4.2) for payload
// types no longer listed; the new lines take the place of the first old
// rtpmap or fmtp line, else go at the end. Other attributes stay in order.
func (m *Media) SetCodecs(cs []Codec) {
	listed := make(map[string]bool, len(cs))
	formats := make([]string, 0, len(cs))
	for _, c := range cs {
		pt := strconv.Itoa(int(c.PT))
		listed[pt] = true
		formats = append(formats, pt)
	}
	lines := make([]Attribute, 0, 2*len(cs))
	for _, c := range cs {
		pt := strconv.Itoa(int(c.PT))
		lines = append(lines, Attribute{Key: "rtpmap", Value: pt + " " + c.RTPMap()})
		if c.Fmtp != "" {
			lines = append(lines, Attribute{Key: "fmtp", Value: pt + " " + c.Fmtp})
		}
	}
	out := make([]Attribute, 0, len(m.Attributes)+len(lines))
	placed := false
	for _, a := range m.Attributes {
		switch a.Key {
		case "rtpmap", "fmtp":
			if !placed {
				out = append(out, lines...)
				placed = true
			}
			continue
		case "rtcp-fb":
			pt, _, _ := strings.Cut(a.Value, " ")
			if pt != "*" && !listed[pt] {
				continue
			}
		}
		out = append(out, a)
	}
	if !placed {
		out = append(out, lines...)
	}
	m.Formats = formats
	if len(formats) == 0 {
		m.Formats = nil
	}
	m.Attributes = out
}
