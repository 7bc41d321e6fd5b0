package bridge

import (
	"fmt"
	"strings"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// Prefs is the operator's codec policy.
type Prefs struct {
	// Codecs are the codecs Dialtone adds, in this order, to an offer that
	// lacks them, and so can transcode to: rtpmap encoding names,
	// case-insensitive ("PCMU", "PCMA", "G722", "opus"). telephone-event is
	// always offered and need not be listed; names Dialtone cannot code are
	// skipped (Validate reports them). nil means DefaultCodecs.
	Codecs []string
	// Ptime, when not zero, is written as a=ptime in the offer to the
	// callee and is the ptime assumed for a caller whose offer names none.
	// Zero leaves ptime as offered.
	Ptime time.Duration
}

// defaultCodecs is the order used when Prefs.Codecs is nil: cheapest to
// transcode first (media/README.md has the costs).
var defaultCodecs = [...]string{"PCMU", "PCMA", "G722", "opus"}

// DefaultCodecs returns the codec order used when Prefs.Codecs is nil.
func DefaultCodecs() []string { return defaultCodecs[:] }

func (p Prefs) codecs() []string {
	if p.Codecs == nil {
		return defaultCodecs[:]
	}
	return p.Codecs
}

// Validate reports a codec name Dialtone cannot code (wrapping
// codec.ErrUnknownCodec) or a ptime no codec can use; for checking the
// configuration when it is loaded.
func (p Prefs) Validate() error {
	for _, n := range p.Codecs {
		if strings.EqualFold(n, teName) || strings.EqualFold(n, cnName) {
			continue
		}
		if _, ok := prefEntry(n); !ok {
			return fmt.Errorf("bridge: codec preference %q: %w", n, codec.ErrUnknownCodec)
		}
	}
	if p.Ptime != 0 && !(codec.PCMU{}).Format().ValidPtime(p.Ptime) {
		return fmt.Errorf("bridge: ptime %v: want a whole number of milliseconds up to 200 ms", p.Ptime)
	}
	return nil
}

// LegMedia is what one leg ended up with.
type LegMedia struct {
	// Codec codes the leg's audio; nil for a codec Dialtone does not know
	// (G.729, ...), which can only pass through unchanged.
	Codec codec.Codec
	// PT is the leg's payload type for the codec: the number in the
	// leg's own description, used both ways on the leg.
	PT uint8
	// Name, ClockRate and Channels are the rtpmap of the codec as the leg
	// wrote it.
	Name      string
	ClockRate int
	Channels  int
	// Ptime is the packetisation the leg asked for (a=ptime, RFC 4566 §6),
	// what Dialtone sends it and what phones send themselves; 20 ms when
	// the leg named none.
	Ptime time.Duration
	// DTMFPT is the leg's telephone-event payload type (RFC 4733 §7), 0
	// when it has none, and DTMFClock its clock rate.
	DTMFPT    uint8
	DTMFClock int
	// CNPT is the leg's comfort noise payload type (RFC 3389 §5), 0 when
	// it did not negotiate comfort noise.
	CNPT uint8
}

// Plan is the media of both legs of a call: A the caller, B the callee.
type Plan struct{ A, B LegMedia }

// Transcoding reports whether the legs use different codecs, so that the
// relay needs a transcoder in each direction.
func (p Plan) Transcoding() bool { return !sameCodec(p.A, p.B) }

func sameCodec(a, b LegMedia) bool {
	return strings.EqualFold(a.Name, b.Name) && a.ClockRate == b.ClockRate
}

const (
	teName       = "telephone-event"
	cnName       = "CN"
	defaultTEPT  = 101
	cnStaticPT   = 13 // RFC 3551 §6
	defaultPtime = 20 * time.Millisecond
)

// kind sorts the payload types of an offer.
type kind int

const (
	kindKnown   kind = iota // a codec Dialtone codes
	kindUnknown             // an audio codec Dialtone can only pass through
	kindTE                  // telephone-event (RFC 4733)
	kindCN                  // comfort noise (RFC 3389)
	kindAux                 // redundancy and repair formats that name other payload types: dropped
)

func classify(c sdp.Codec) kind {
	switch {
	case strings.EqualFold(c.Name, teName):
		return kindTE
	case strings.EqualFold(c.Name, cnName):
		return kindCN
	case strings.EqualFold(c.Name, "red"), strings.EqualFold(c.Name, "rtx"),
		strings.EqualFold(c.Name, "ulpfec"), strings.EqualFold(c.Name, "flexfec"):
		return kindAux
	}
	if lookup(c) != nil {
		return kindKnown
	}
	return kindUnknown
}

// lookup gives the codec for an SDP payload type, nil if Dialtone cannot
// code it.
func lookup(c sdp.Codec) codec.Codec {
	k, err := codec.Lookup(c.Name, c.Rate, c.Channels)
	if err != nil {
		return nil
	}
	return k
}

// sameFormat reports whether two payload types name one codec (RFC 4566
// §6 rtpmap; Opus is opus/48000/2 whatever the channels, RFC 7587 §7).
func sameFormat(a, b sdp.Codec) bool {
	if !strings.EqualFold(a.Name, b.Name) || a.Rate != b.Rate {
		return false
	}
	return strings.EqualFold(a.Name, "opus") || max(a.Channels, 1) == max(b.Channels, 1)
}

// offerEntry is a payload type Dialtone adds to an offer.
type offerEntry struct {
	sdp.Codec
	dynamic bool // needs a dynamic payload type (96-127, RFC 3551 §3)
}

// prefEntry gives the SDP payload type Dialtone offers for a codec name;
// PT is the static one (RFC 3551 §6), or 0 with dynamic true.
func prefEntry(name string) (e offerEntry, ok bool) {
	for _, rc := range [][2]int{{8000, 1}, {48000, 2}} {
		c, err := codec.Lookup(name, rc[0], rc[1])
		if err != nil {
			continue
		}
		f := c.Format()
		e.Codec = sdp.Codec{Name: f.Name, Rate: f.ClockRate, Channels: f.Channels}
		if f.PayloadType >= 0 {
			e.PT = uint8(f.PayloadType)
		} else {
			e.dynamic = true
		}
		return e, true
	}
	return e, false
}

// legMedia fills a LegMedia for payload type c of a leg.
func legMedia(c sdp.Codec, ptimeMs int, fallback time.Duration) LegMedia {
	l := LegMedia{Codec: lookup(c), PT: c.PT, Name: c.Name, ClockRate: c.Rate, Channels: max(c.Channels, 1)}
	l.Ptime = time.Duration(ptimeMs) * time.Millisecond
	if l.Ptime <= 0 {
		l.Ptime = fallback
	}
	if l.Ptime <= 0 {
		l.Ptime = defaultPtime
	}
	if l.Codec != nil && !l.Codec.Format().ValidPtime(l.Ptime) {
		l.Ptime = defaultPtime // e.g. 30 ms asked of Opus (RFC 6716 §2.1.4)
	}
	return l
}

// entry is the SDP payload type of the leg's codec.
func (l LegMedia) entry() sdp.Codec {
	return sdp.Codec{PT: l.PT, Name: l.Name, Rate: l.ClockRate, Channels: max(l.Channels, 1)}
}

// audioIndex is the first audio stream that is not refused.
func audioIndex(s *sdp.Session) int {
	for i, m := range s.Media {
		if m.Type == "audio" && m.Port != 0 {
			return i
		}
	}
	return -1
}

// pickTE chooses, among telephone-event payload types, the one on the
// audio codec's clock (RFC 4733 §2.1), else the 8000 Hz one, else the
// first.
func pickTE(cs []sdp.Codec, clock int) (sdp.Codec, bool) {
	var best sdp.Codec
	found := false
	for _, c := range cs {
		if classify(c) != kindTE {
			continue
		}
		switch {
		case c.Rate == clock:
			return c, true
		case !found, c.Rate == 8000 && best.Rate != 8000:
			best, found = c, true
		}
	}
	return best, found
}

// pickCN chooses the 8000 Hz comfort noise payload type (RFC 3389 §5).
func pickCN(cs []sdp.Codec) (sdp.Codec, bool) {
	for _, c := range cs {
		if classify(c) == kindCN && c.Rate == 8000 {
			return c, true
		}
	}
	return sdp.Codec{}, false
}

func setAttr(m *sdp.Media, key, value string) {
	for i := range m.Attributes {
		if m.Attributes[i].Key == key {
			m.Attributes[i].Value = value
			return
		}
	}
	m.Attributes = append(m.Attributes, sdp.Attribute{Key: key, Value: value})
}
