package webrtc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// remoteAudio is what we need to know of a remote description before pion
// sees it.
type remoteAudio struct {
	dir     sdp.Direction // the audio section's direction (RFC 3264 §5.1)
	formats []string      // m= formats, in the peer's preference order
	codecs  []sdp.Codec
	normal  []byte // the description with the audio section made sendrecv
}

// inspectRemote finds the first audio section of a remote description,
// notes its direction and returns the description with that direction
// replaced by sendrecv. Direction is Dialtone's business, not pion's: pion
// stops a transceiver for good when an offer says inactive, which would
// make a resume after a two-way hold impossible. The Session gates sending
// and writes the answer's direction itself.
func inspectRemote(b []byte) (remoteAudio, error) {
	s, err := sdp.Parse(b)
	if err != nil {
		return remoteAudio{}, fmt.Errorf("%w: %w", ErrSDP, err)
	}
	idx := audioIndex(s)
	if idx < 0 {
		return remoteAudio{}, fmt.Errorf("%w: no audio section", ErrNoAudio)
	}
	m := s.Media[idx]
	if !strings.Contains(m.Proto, "SAVPF") && !strings.Contains(m.Proto, "SAVP") {
		return remoteAudio{}, fmt.Errorf("%w: audio section is %s, want UDP/TLS/RTP/SAVPF", ErrSDP, m.Proto)
	}
	ra := remoteAudio{dir: s.Direction(idx), formats: append([]string(nil), m.Formats...), codecs: m.Codecs()}
	if ra.dir != sdp.SendRecv {
		s.SetDirection(sdp.SendRecv)
		ra.normal = s.Marshal()
	} else {
		ra.normal = b
	}
	return ra, nil
}

// audioIndex is the index of the first audio section with a port, or -1.
func audioIndex(s *sdp.Session) int {
	for i, m := range s.Media {
		if strings.EqualFold(m.Type, "audio") && m.Port != 0 {
			return i
		}
	}
	return -1
}

// setAudioDirection rewrites the direction of our own description's audio
// section (pion always writes sendrecv, see inspectRemote).
func setAudioDirection(b []byte, d sdp.Direction) ([]byte, error) {
	if d == sdp.SendRecv {
		return b, nil
	}
	s, err := sdp.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%w: our own description: %w", ErrSDP, err)
	}
	idx := audioIndex(s)
	if idx < 0 {
		return nil, fmt.Errorf("%w: our own description has no audio", ErrNoAudio)
	}
	s.Media[idx].SetDirection(d)
	return s.Marshal(), nil
}

// firstAudioPT is the first format of the audio section that is a real
// codec (not telephone-event, CN or RED): in an answer, the codec the
// answerer prefers and will send (RFC 3264 §6.1).
func firstAudioPT(b []byte) (uint8, bool) {
	s, err := sdp.Parse(b)
	if err != nil {
		return 0, false
	}
	idx := audioIndex(s)
	if idx < 0 {
		return 0, false
	}
	names := map[uint8]string{}
	for _, c := range s.Media[idx].Codecs() {
		names[c.PT] = strings.ToLower(c.Name)
	}
	for _, f := range s.Media[idx].Formats {
		pt, err := strconv.ParseUint(f, 10, 7)
		if err != nil {
			continue
		}
		switch names[uint8(pt)] {
		case "telephone-event", "cn", "red", "":
			continue
		}
		return uint8(pt), true
	}
	return 0, false
}

// sending says whether we may send given the direction of our side of the
// negotiation (RFC 3264 §5.1).
func sending(ours sdp.Direction) bool { return ours == sdp.SendRecv || ours == sdp.SendOnly }
