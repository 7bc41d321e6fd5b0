// Package codec holds the audio codecs of Dialtone's media path and what a
// transcoding relay needs around them: PCMU and PCMA (ITU-T G.711), G.722,
// Opus (RFC 6716, RTP per RFC 7587), a registry by SDP encoding name
// (RFC 3551 §6), a polyphase windowed-sinc resampler for 8/16/48 kHz, a
// Transcoder that turns one payload of codec A into one of codec B through
// linear PCM, and a Repacketizer that changes the ptime.
//
// The packages are pure: no sockets, no SIP, no goroutines. Encoders and
// decoders keep per-stream state and are not safe for concurrent use; one
// per direction per leg. They append to caller-provided buffers, so a
// steady stream allocates nothing per frame.
package codec
