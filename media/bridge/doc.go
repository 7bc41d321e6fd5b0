// Package bridge joins the media of a call's two legs when the legs may not
// speak alike. It does SDP offer/answer per leg (RFC 3264): the offer sent
// to the callee lists the caller's codecs first so the legs can share one,
// then the operator's preferred codecs so a callee that supports none of the
// caller's can still answer; the answer decides each leg's codec, payload
// types, ptime, telephone-event and comfort noise (a Plan). A Processor sits
// in one direction of a relay and does what the Plan needs per packet:
// payload type mapping, transcoding (media/codec), repacketisation,
// RFC 4733 event relay and digit reports, digit injection, in-band DTMF
// detection on G.711 and comfort noise handling (RFC 3389).
//
// It imports nothing of the project but media packages: it knows no SIP
// dialog and owns no socket.
package bridge
