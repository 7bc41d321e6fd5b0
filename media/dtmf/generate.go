package dtmf

import "fmt"

// Generate appends to dst the RFC 4733 packets that send digit d starting
// at RTP timestamp start: one packet every step timestamp units (the
// ptime, 160 for 20 ms at 8000 Hz), all with timestamp start (§2.5.1.1),
// the first with the marker bit (§2.5.1.2), the duration growing by step
// (§2.5.1.3), and the end packet sent three times with the final duration
// (§2.5.1.4). An event longer than the 16-bit duration field allows is cut
// into segments with new timestamps (§2.5.1.5). volume is in -dBm0 (10 is
// typical). The payloads are fresh slices.
func Generate(dst []Packet, d rune, start, duration, step uint32, volume uint8) ([]Packet, error) {
	code, err := EventCode(d)
	if err != nil {
		return dst, err
	}
	if step == 0 || duration == 0 {
		return dst, fmt.Errorf("dtmf: duration %d, step %d: must be positive", duration, step)
	}
	const maxSeg = 0xffff
	ts := start
	left := duration
	first := true
	for {
		seg := min(left, maxSeg)
		for dur := min(step, seg); ; dur = min(dur+step, seg) {
			if dur == seg {
				break
			}
			dst = append(dst, Packet{Timestamp: ts, Marker: first, Payload: Event{Code: code, Volume: volume, Duration: uint16(dur)}.Append(nil)})
			first = false
		}
		left -= seg
		if left == 0 {
			for range 3 {
				dst = append(dst, Packet{Timestamp: ts, Marker: first, Payload: Event{Code: code, End: true, Volume: volume, Duration: uint16(seg)}.Append(nil)})
				first = false
			}
			return dst, nil
		}
		// The segment reached the field's maximum: a last packet at that
		// duration, not ended, then the next segment (§2.5.1.5).
		dst = append(dst, Packet{Timestamp: ts, Marker: first, Payload: Event{Code: code, Volume: volume, Duration: maxSeg}.Append(nil)})
		first = false
		ts += maxSeg
	}
}
