// Package play sends audio into a call leg as paced RTP: prompts, music on
// hold, the beep before a voicemail. A Player owns one outgoing RTP stream
// (one SSRC, RFC 3550 §5.1) and plays Sources into it one after another,
// so that music, then a prompt, then music again reach the phone as one
// continuous stream. Packets leave at start + n × ptime on the clock, not
// after a sleep each, so the pace does not drift; the audio is resampled
// to the codec's rate and encoded on the way.
//
// The Player knows nothing of DTMF or SIP: the caller stops a Play by
// cancelling its context (a digit interrupting a prompt, the call ending).
package play
