// Package mix is the conference mixer: N participants, each with its own
// codec, each hearing the sum of the others and not itself.
//
// A Conference runs one mixing loop (Run) that ticks once per ptime on a
// schedule fixed from its start, so that it does not drift. Each tick it
// takes one frame per participant out of that participant's jitter buffer
// (media/jitter), decodes it (or conceals a lost one), resamples it to the
// mixing rate and adds it to a sum; then it sends every participant the sum
// minus its own contribution, resampled to its codec's rate, encoded, in
// an RTP packet (RFC 3550 §5.1) with the participant's own SSRC, sequence
// number and timestamp on its codec's RTP clock. Packets from a phone
// (Participant.Receive) only go into the jitter buffer under a short lock:
// no decoding on the network goroutine.
//
// It imports nothing of the project but media packages, and knows no SIP:
// the call layer joins a leg with its codec, payload type and a Sender
// (a media/relay Endpoint).
package mix
