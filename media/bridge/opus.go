package bridge

// opusSamples is the duration of an Opus packet in 48 kHz samples, from
// its TOC byte and frame count (RFC 6716 §3.1, §3.2.5), or 0 if the
// packet is too short to tell.
func opusSamples(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	config := b[0] >> 3
	var frame int // samples at 48 kHz
	switch {
	case config < 12: // SILK-only: 10, 20, 40, 60 ms
		frame = [4]int{480, 960, 1920, 2880}[config%4]
	case config < 16: // Hybrid: 10, 20 ms
		frame = [2]int{480, 960}[config%2]
	default: // CELT-only: 2.5, 5, 10, 20 ms
		frame = [4]int{120, 240, 480, 960}[config%4]
	}
	switch b[0] & 3 {
	case 0:
		return frame
	case 1, 2:
		return 2 * frame
	}
	if len(b) < 2 {
		return 0
	}
	return int(b[1]&0x3f) * frame
}
