// Package dtmf handles telephone keypad digits in each of the forms a call
// can carry them: RFC 4733 telephone-event RTP payloads (encode, decode, a
// Sequencer that turns a packet stream into digits and a Generate that
// makes the packets for one), tones in the audio (a Goertzel Detector for
// 8 kHz PCM, ITU-T Q.23/Q.24), and SIP INFO bodies (application/dtmf-relay
// and application/dtmf). It is pure: no sockets, no SIP dialogs.
package dtmf
