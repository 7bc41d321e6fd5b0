// Package rtp reads and writes RTP and RTCP packets (RFC 3550) for the
// parts of the media stack that originate or terminate streams: playback,
// recording, conference mixing, transcoding, WebRTC bridging. The relay's
// hot path keeps its own allocation-free reader (media/relay).
package rtp
