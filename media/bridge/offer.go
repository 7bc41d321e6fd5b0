package bridge

import (
	"fmt"
	"strconv"

	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// OfferFor builds the offer Dialtone sends the callee (B) from the caller's
// (A's) offer, for the first audio stream that is not refused:
//
//  1. A's codecs that Dialtone codes, in A's order, so that the legs can
//     share one and packets pass through;
//  2. A's codecs Dialtone does not code (G.729, ...), after those: they can
//     only pass through, and a callee that picks one gets the call without
//     transcoding. Redundancy and repair formats (red, rtx, ulpfec,
//     flexfec) are dropped: they name other payload types.
//  3. the Prefs codecs A did not offer, in Prefs order, so that a callee
//     that supports none of A's can still answer and get a transcoder; not
//     added when A offers no codec Dialtone codes (nothing to transcode
//     from);
//  4. A's comfort noise, then telephone-event: A's payload types, plus
//     telephone-event/8000 when A offered none at 8000 Hz (PT 101, or a
//     free one).
//
// A's payload type numbers are kept for A's codecs; added codecs get their
// static number (RFC 3551 §6) or a dynamic one (96-127) A does not use.
// Everything else (direction, ptime, other streams) is kept; Prefs.Ptime
// when set replaces a=ptime. aOffer is not modified.
func OfferFor(aOffer *sdp.Session, p Prefs) (*sdp.Session, error) {
	out := aOffer.Clone()
	i := audioIndex(out)
	if i < 0 {
		return nil, fmt.Errorf("%w: no audio stream", ErrMalformed)
	}
	m := out.Media[i]
	used := usedPTs(m)
	var known, unknown, cn, te []sdp.Codec
	for _, c := range m.Codecs() {
		switch classify(c) {
		case kindKnown:
			known = append(known, c)
		case kindUnknown:
			unknown = append(unknown, c)
		case kindCN:
			cn = append(cn, c)
		case kindTE:
			te = append(te, c)
		}
	}
	if len(known)+len(unknown) == 0 {
		return nil, fmt.Errorf("%w: the caller offers no audio codec", ErrNoCodec)
	}
	list := append(append([]sdp.Codec{}, known...), unknown...)
	if len(known) > 0 {
		for _, name := range p.codecs() {
			e, ok := prefEntry(name)
			if !ok || containsFormat(list, e.Codec) {
				continue
			}
			if e.dynamic || used[e.PT] {
				pt, ok := freePT(used, 96)
				if !ok {
					continue
				}
				e.PT = pt
			}
			used[e.PT] = true
			list = append(list, e.Codec)
		}
	}
	list = append(list, cn...)
	list = append(list, te...)
	has8k := false
	for _, c := range te {
		has8k = has8k || c.Rate == 8000
	}
	if !has8k {
		if pt, ok := freePT(used, defaultTEPT); ok {
			list = append(list, sdp.Codec{PT: pt, Name: teName, Rate: 8000, Channels: 1, Fmtp: "0-15"})
		}
	}
	m.SetCodecs(list)
	if p.Ptime > 0 {
		setAttr(m, "ptime", strconv.FormatInt(p.Ptime.Milliseconds(), 10))
	}
	return out, nil
}

func containsFormat(list []sdp.Codec, c sdp.Codec) bool {
	for _, l := range list {
		if sameFormat(l, c) {
			return true
		}
	}
	return false
}

// usedPTs are the numbers on the m= line, with or without rtpmap.
func usedPTs(m *sdp.Media) map[uint8]bool {
	used := make(map[uint8]bool, len(m.Formats)+4)
	for _, f := range m.Formats {
		if n, err := strconv.ParseUint(f, 10, 7); err == nil {
			used[uint8(n)] = true
		}
	}
	return used
}

// freePT is the first dynamic payload type (RFC 3551 §3: 96-127) from
// start on, wrapping, that is not used.
func freePT(used map[uint8]bool, start uint8) (uint8, bool) {
	for k := 0; k < 32; k++ {
		pt := 96 + (start-96+uint8(k))%32
		if !used[pt] {
			return pt, true
		}
	}
	return 0, false
}
