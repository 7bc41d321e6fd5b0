package bridge

import (
	"fmt"
	"strconv"
	"time"

	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// Answer decides each leg's media from the caller's offer (aOffer), the
// offer Dialtone sent the callee (bOffer, from OfferFor) and the callee's
// answer (bAnswer), and builds the answer for the caller.
//
// The callee's codec is the first audio codec of its answer (RFC 3264
// §6.1), even one that was not offered (the callee is wrong, but the call
// can go on). If the caller offered it too, the caller gets it (packets pass
// through, payload types mapped if the numbers differ); otherwise the
// caller gets its own most preferred codec (its order) that Dialtone codes,
// and the Plan transcodes. telephone-event is in the caller's answer when
// the caller offered it (Dialtone interworks when only one leg has it);
// comfort noise when both legs negotiated it and they share the codec (a
// transcoder drops comfort noise, so a caller that would send it is not
// invited to). a=ptime is the caller's own ptime, what Dialtone sends it.
//
// The caller's answer is the callee's answer with the audio section's codec
// list rewritten (direction and other attributes as the callee answered);
// anchor it (sdp.Session.Anchor) before sending. Errors wrap ErrNoCodec
// (answer 488) or ErrMalformed.
func Answer(aOffer, bOffer, bAnswer *sdp.Session, p Prefs) (*sdp.Session, Plan, error) {
	ai, bi := audioIndex(aOffer), audioIndex(bOffer)
	if ai < 0 || bi < 0 {
		return nil, Plan{}, fmt.Errorf("%w: no audio stream in the offer", ErrMalformed)
	}
	if ai != bi || len(aOffer.Media) != len(bOffer.Media) || len(bAnswer.Media) != len(bOffer.Media) {
		return nil, Plan{}, fmt.Errorf("%w: %d, %d and %d media sections (audio at %d and %d) do not line up",
			ErrMalformed, len(aOffer.Media), len(bOffer.Media), len(bAnswer.Media), ai, bi)
	}
	bm := bAnswer.Media[bi]
	if bm.Type != "audio" {
		return nil, Plan{}, fmt.Errorf("%w: answer section %d is %q, offered audio", ErrMalformed, bi, bm.Type)
	}
	if bm.Port == 0 {
		return nil, Plan{}, fmt.Errorf("%w: the callee refused the audio stream", ErrNoCodec)
	}
	bCodecs := bm.Codecs()
	bChosen, ok := firstAudio(bCodecs)
	if !ok {
		return nil, Plan{}, fmt.Errorf("%w: the callee answered no audio codec", ErrNoCodec)
	}
	am := aOffer.Media[ai]
	aCodecs := am.Codecs()
	B := legMedia(bChosen, bm.Ptime(), time.Duration(bOffer.Media[bi].Ptime())*time.Millisecond)

	aChosen, pass := sdp.Codec{}, false
	for _, c := range aCodecs {
		if k := classify(c); (k == kindKnown || k == kindUnknown) && sameFormat(c, bChosen) {
			aChosen, pass = c, true
			break
		}
	}
	if !pass {
		if B.Codec == nil {
			return nil, Plan{}, fmt.Errorf("%w: the callee chose %s, which the caller lacks and Dialtone cannot transcode", ErrNoCodec, bChosen.RTPMap())
		}
		found := false
		for _, c := range aCodecs {
			if classify(c) == kindKnown {
				aChosen, found = c, true
				break
			}
		}
		if !found {
			return nil, Plan{}, fmt.Errorf("%w: the callee chose %s and the caller offers nothing Dialtone can transcode it to", ErrNoCodec, bChosen.RTPMap())
		}
	}
	A := legMedia(aChosen, am.Ptime(), p.Ptime)

	if te, ok := pickTE(aCodecs, A.ClockRate); ok {
		A.DTMFPT, A.DTMFClock = te.PT, te.Rate
	}
	bTE, bHasTE := pickTE(bCodecs, B.ClockRate)
	if bHasTE {
		B.DTMFPT, B.DTMFClock = bTE.PT, bTE.Rate
	}
	if cn, ok := pickCN(bCodecs); ok {
		B.CNPT = cn.PT
	}
	if cn, ok := pickCN(aCodecs); ok && pass && B.CNPT != 0 {
		A.CNPT = cn.PT
	}

	ans := bAnswer.Clone()
	m := ans.Media[ai]
	main := A.entry()
	if pass {
		main.Fmtp = bChosen.Fmtp // the callee's receive parameters, for the caller's sending
	} else {
		main.Fmtp = aChosen.Fmtp
	}
	list := []sdp.Codec{main}
	if A.CNPT != 0 {
		list = append(list, sdp.Codec{PT: A.CNPT, Name: cnName, Rate: 8000, Channels: 1})
	}
	if A.DTMFPT != 0 {
		fmtp := "0-15"
		if bHasTE && bTE.Fmtp != "" {
			fmtp = bTE.Fmtp
		}
		list = append(list, sdp.Codec{PT: A.DTMFPT, Name: teName, Rate: A.DTMFClock, Channels: 1, Fmtp: fmtp})
	}
	m.SetCodecs(list)
	setAttr(m, "ptime", strconv.FormatInt(A.Ptime.Milliseconds(), 10))
	return ans, Plan{A: A, B: B}, nil
}

// firstAudio is the first payload type that is an audio codec.
func firstAudio(cs []sdp.Codec) (sdp.Codec, bool) {
	for _, c := range cs {
		if k := classify(c); k == kindKnown || k == kindUnknown {
			return c, true
		}
	}
	return sdp.Codec{}, false
}

// Restrict rewrites a later offer or answer (a re-INVITE: hold, resume,
// refresh) for a leg so that its audio section names only the leg's
// negotiated codec, with the leg's payload type numbers, and its
// telephone-event and comfort noise if it negotiated them; a=ptime becomes
// the leg's ptime. Direction and everything else are kept. s is not
// modified.
func Restrict(s *sdp.Session, leg LegMedia) *sdp.Session {
	out := s.Clone()
	i := audioIndex(out)
	if i < 0 {
		return out
	}
	m := out.Media[i]
	cs := m.Codecs()
	main := leg.entry()
	teFmtp := "0-15"
	for _, c := range cs {
		switch {
		case sameFormat(c, main) && main.Fmtp == "":
			main.Fmtp = c.Fmtp
		case classify(c) == kindTE && c.Rate == leg.DTMFClock && c.Fmtp != "":
			teFmtp = c.Fmtp
		}
	}
	list := []sdp.Codec{main}
	if leg.CNPT != 0 {
		list = append(list, sdp.Codec{PT: leg.CNPT, Name: cnName, Rate: 8000, Channels: 1})
	}
	if leg.DTMFPT != 0 {
		list = append(list, sdp.Codec{PT: leg.DTMFPT, Name: teName, Rate: leg.DTMFClock, Channels: 1, Fmtp: teFmtp})
	}
	m.SetCodecs(list)
	if leg.Ptime > 0 {
		setAttr(m, "ptime", strconv.FormatInt(leg.Ptime.Milliseconds(), 10))
	}
	return out
}

// Reoffer checks a new offer (or answer) from a leg mid-call against what
// the leg negotiated. When the leg's codec is still in it, Reoffer gives
// the leg's media as the new description numbers it (payload types,
// telephone-event, comfort noise only if negotiated before, ptime): if that
// differs from the old LegMedia, make new Processors. When the codec is
// gone it fails with ErrCodecChanged: the call is planned again, running
// OfferFor on the new offer towards the other leg and Answer on its reply
// (or the re-INVITE is refused with 488).
//
// Typical use on a re-INVITE from A: leg, err := Reoffer(offer, plan.A);
// send Restrict(offer, plan.B) to B; answer A with Restrict(bAnswer, leg).
func Reoffer(s *sdp.Session, leg LegMedia) (LegMedia, error) {
	i := audioIndex(s)
	if i < 0 {
		return leg, fmt.Errorf("%w: no audio stream", ErrMalformed)
	}
	m := s.Media[i]
	cs := m.Codecs()
	for _, c := range cs {
		if k := classify(c); (k == kindKnown || k == kindUnknown) && sameFormat(c, leg.entry()) {
			nl := legMedia(c, m.Ptime(), leg.Ptime)
			nl.Codec = leg.Codec
			if te, ok := pickTE(cs, nl.ClockRate); ok {
				nl.DTMFPT, nl.DTMFClock = te.PT, te.Rate
			}
			if cn, ok := pickCN(cs); ok && leg.CNPT != 0 {
				nl.CNPT = cn.PT
			}
			return nl, nil
		}
	}
	return leg, fmt.Errorf("%w: %s not in the new description", ErrCodecChanged, leg.entry().RTPMap())
}
