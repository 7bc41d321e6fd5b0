// Package record writes a call's audio to a WAV file as it happens: one
// leg in mono, or both legs in stereo (left = leg A, right = leg B), at
// 8 or 16 kHz.
//
// The relay's worker hands each RTP packet to an Input with Push, which
// only copies it into a bounded queue (never blocks, never decodes; a full
// queue drops and counts). Run, on its own goroutine, takes the packets
// through a jitter buffer per leg (media/jitter) so that reordered and
// duplicated packets land once and in order, decodes and resamples them,
// and writes 20 ms blocks paced by the clock: a lost frame is silence of
// its length and a leg that sends nothing is silence, so the recording's
// timeline follows wall time and the two legs stay aligned.
//
// The WAV header's sizes are patched every SyncEvery (1 s by default), so
// a file left behind by a crash is a valid WAV of everything up to the
// last patch; Close writes the rest and the final sizes.
package record
