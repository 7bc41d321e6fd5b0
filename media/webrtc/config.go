package webrtc

import (
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"time"

	pion "github.com/pion/webrtc/v4"
)

// Config configures an Engine.
type Config struct {
	// PublicIP is the address put in our ICE candidate (DIALTONE_PUBLIC_IP).
	PublicIP netip.Addr
	// ListenAddr is the local address of the UDP socket. The zero value
	// listens on the unspecified address of PublicIP's family, which is
	// right behind a 1:1 NAT (an EC2 Elastic IP is not on any interface).
	ListenAddr netip.Addr
	// UDPPort is the one UDP port shared by every session (ICE UDP mux,
	// RFC 8445 §5.1.1.1 allows any number of candidates on one port when
	// the ufrag tells the sessions apart). 0 picks an ephemeral port.
	UDPPort int
	// CertFile holds the DTLS certificate and key (PEM). It is generated on
	// first start and written with mode 0600, then reused so the
	// fingerprint (RFC 8122 §5) stays the same across restarts. Empty means
	// a fresh certificate in memory.
	CertFile string
	// Codecs lists the audio codecs we offer and accept, in preference
	// order: "opus", "G722", "PCMU", "PCMA" (case-insensitive).
	// telephone-event (RFC 4733) is always added at the matching clock
	// rates. Empty means all four in that order.
	Codecs []string
	// ConsentTimeout is how long a session survives without hearing from
	// the browser before Done is closed: RFC 7675 §5.1 says 30 s, the
	// default. The browser sends a consent check at least every 5 s.
	ConsentTimeout time.Duration
	// Logger receives the engine's and pion's messages; nil discards them.
	Logger *slog.Logger
}

// Payload types we number our own offers with; in an answer the
// browser's numbers are used (RFC 3264 §6.1).
const (
	ptOpus     = 111
	ptG722     = 9
	ptPCMU     = 0
	ptPCMA     = 8
	ptDTMF48k  = 110
	ptDTMF8k   = 101
	mimeDTMF   = "audio/telephone-event"
	opusFmtp   = "minptime=10;useinbandfec=1"
	defConsent = 30 * time.Second
)

// codecCaps returns the codec list for the MediaEngine, in preference
// order, telephone-event last at each clock rate used.
func codecCaps(names []string) ([]pion.RTPCodecParameters, error) {
	if len(names) == 0 {
		names = []string{"opus", "G722", "PCMU", "PCMA"}
	}
	var out []pion.RTPCodecParameters
	seen := map[string]bool{}
	var need48k, need8k bool
	for _, n := range names {
		key := strings.ToUpper(n)
		if seen[key] {
			continue
		}
		seen[key] = true
		var c pion.RTPCodecParameters
		switch key {
		case "OPUS":
			// RFC 7587 §7: always opus/48000/2.
			c = pion.RTPCodecParameters{PayloadType: ptOpus, RTPCodecCapability: pion.RTPCodecCapability{
				MimeType: pion.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: opusFmtp}}
			need48k = true
		case "G722":
			// RFC 3551 §4.5.2: 8000 Hz RTP clock for 16 kHz audio.
			c = pion.RTPCodecParameters{PayloadType: ptG722, RTPCodecCapability: pion.RTPCodecCapability{
				MimeType: pion.MimeTypeG722, ClockRate: 8000, Channels: 1}}
			need8k = true
		case "PCMU":
			c = pion.RTPCodecParameters{PayloadType: ptPCMU, RTPCodecCapability: pion.RTPCodecCapability{
				MimeType: pion.MimeTypePCMU, ClockRate: 8000, Channels: 1}}
			need8k = true
		case "PCMA":
			c = pion.RTPCodecParameters{PayloadType: ptPCMA, RTPCodecCapability: pion.RTPCodecCapability{
				MimeType: pion.MimeTypePCMA, ClockRate: 8000, Channels: 1}}
			need8k = true
		default:
			return nil, fmt.Errorf("%w: codec %q (want opus, G722, PCMU or PCMA)", ErrConfig, n)
		}
		out = append(out, c)
	}
	// RFC 4733 §2.1: the event clock is the audio codec's clock.
	if need48k {
		out = append(out, pion.RTPCodecParameters{PayloadType: ptDTMF48k, RTPCodecCapability: pion.RTPCodecCapability{
			MimeType: mimeDTMF, ClockRate: 48000, Channels: 1}})
	}
	if need8k {
		out = append(out, pion.RTPCodecParameters{PayloadType: ptDTMF8k, RTPCodecCapability: pion.RTPCodecCapability{
			MimeType: mimeDTMF, ClockRate: 8000, Channels: 1}})
	}
	return out, nil
}

func isDTMF(c pion.RTPCodecParameters) bool { return strings.EqualFold(c.MimeType, mimeDTMF) }
