package codec

import (
	"fmt"
	"strings"
)

// Lookup finds a codec by its SDP a=rtpmap encoding name (case-insensitive,
// RFC 4566 §6), clock rate and channel count, as in Lookup("PCMU", 8000, 1).
// A channel count of 0 means 1 (rtpmap omits it for mono, RFC 4566 §6).
// For "opus" the rtpmap always says 48000/2 (RFC 7587 §7); the codec
// returned is mono, and a caller that negotiated stereo=1 uses
// Opus{Channels: 2} instead.
func Lookup(name string, clockRate, channels int) (Codec, error) {
	if channels == 0 {
		channels = 1
	}
	var c Codec
	switch {
	case strings.EqualFold(name, "PCMU"):
		c = PCMU{}
	case strings.EqualFold(name, "PCMA"):
		c = PCMA{}
	case strings.EqualFold(name, "G722"):
		c = G722{}
	case strings.EqualFold(name, "opus"):
		// Some endpoints write opus/48000 without the /2; accept it.
		if clockRate == 48000 && (channels == 2 || channels == 1) {
			return Opus{}, nil
		}
	}
	if c != nil {
		f := c.Format()
		if f.ClockRate == clockRate && f.Channels == channels {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%s/%d/%d: %w", name, clockRate, channels, ErrUnknownCodec)
}

// Names lists the encoding names Lookup knows, in Dialtone's default order
// of preference for a leg that supports them all.
func Names() []string {
	return []string{"opus", "G722", "PCMU", "PCMA"}
}
