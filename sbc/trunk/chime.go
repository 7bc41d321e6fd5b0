package trunk

import (
	_ "embed"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// ChimeService is the service name of Voice Connector's ranges in AWS's
// ip-ranges.json.
const ChimeService = "CHIME_VOICECONNECTOR"

// chimeHostSuffix ends every Voice Connector outbound host name, e.g.
// abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws (Amazon Chime SDK
// Developer Guide, "SIP integration using an Amazon Chime SDK Voice
// Connector").
const chimeHostSuffix = ".voiceconnector.chime.aws"

// chimeRanges is a hand-made excerpt of ip-ranges.json with the Voice
// Connector signalling ranges AWS documents per region; see its "_source".
// A string, so it cannot be changed at run time.
//
//go:embed chime_ip_ranges.json
var chimeRanges string

// ChimeRanges returns the bundled CHIME_VOICECONNECTOR prefixes, for the
// given regions or, with none, for all of them.
func ChimeRanges(regions ...string) ([]netip.Prefix, error) {
	return ParseIPRanges(strings.NewReader(chimeRanges), ChimeService, regions...)
}

// ChimePreset returns the profile of an Amazon Chime Voice Connector from
// its outbound host name and the regions inbound calls come from (none:
// every region in the bundled ranges). Termination credentials, if the
// connector has them, go in Username and Password afterwards; a user who
// downloaded a newer ip-ranges.json replaces AllowedSources with
// ParseIPRanges(f, ChimeService, regions...).
//
// What the preset sets, and why:
//   - TLS on 5061 and SRTP required with SDES AES_CM_128_HMAC_SHA1_80:
//     encryption is on by default for new connectors, and then
//     unencrypted outbound calls are refused;
//   - PCMU with telephone-event/101, ptime 20;
//   - OPTIONS every 30 s for trunk health;
//   - 1 call per second, the connector's default termination CPS limit;
//   - E.164 numbers only.
func ChimePreset(outboundHost string, regions ...string) (Profile, error) {
	host, err := chimeHost(outboundHost)
	if err != nil {
		return Profile{}, err
	}
	var regs []string
	for _, r := range regions {
		r = strings.ToLower(strings.TrimSpace(r))
		if r == "" {
			return Profile{}, fmt.Errorf("%w: empty region", ErrUnknownRegion)
		}
		if !slices.Contains(regs, r) {
			regs = append(regs, r)
		}
	}
	allowed, err := ChimeRanges(regs...)
	if err != nil {
		return Profile{}, err
	}
	p := Profile{
		Preset:       "chime",
		Kind:         KindIP,
		Host:         host,
		Port:         5061,
		Transport:    TransportTLS,
		SRTP:         SRTPRequired,
		CryptoSuites: []string{SuiteAESCM128SHA1_80},
		Codecs: []Codec{
			{Name: "PCMU", PayloadType: 0, ClockRate: 8000},              // RFC 3551 §6
			{Name: "telephone-event", PayloadType: 101, ClockRate: 8000}, // RFC 4733
		},
		PTime:           20 * time.Millisecond,
		OptionsInterval: 30 * time.Second,
		CPS:             1,
		RequireE164:     true,
		AllowedSources:  allowed,
		Regions:         regs,
	}
	if err := p.Validate(); err != nil {
		return Profile{}, err // a bug in the preset itself
	}
	return p, nil
}

// chimeHost checks and canonicalises an outbound host name: one DNS label
// (RFC 1035 §2.3.1: letters, digits, inner hyphens, at most 63) before
// .voiceconnector.chime.aws.
func chimeHost(s string) (string, error) {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
	id, ok := strings.CutSuffix(h, chimeHostSuffix)
	if !ok {
		return "", fmt.Errorf("%w: %q does not end in %s", ErrChimeHost, s, chimeHostSuffix)
	}
	if id == "" || len(id) > 63 || strings.HasPrefix(id, "-") || strings.HasSuffix(id, "-") {
		return "", fmt.Errorf("%w: %q: the connector id must be one DNS label", ErrChimeHost, s)
	}
	for _, c := range id {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return "", fmt.Errorf("%w: %q: %q in the connector id", ErrChimeHost, s, c)
		}
	}
	return h, nil
}
