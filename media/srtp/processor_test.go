package srtp

import (
	"bytes"
	"encoding/binary"
	"sync"
	"testing"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

// transcodeStage is a relay processor as the lead would write one: it
// transcodes the payload and rewrites the payload type.
type transcodeStage struct {
	t        *testing.T
	tr       *codec.Transcoder
	pt       uint8
	pay, out []byte
}

func newTranscodeStage(t *testing.T, from, to codec.Codec) *transcodeStage {
	tr, err := codec.NewTranscoder(from, to)
	if err != nil {
		t.Fatal(err)
	}
	return &transcodeStage{t: t, tr: tr, pt: uint8(to.Format().PayloadType)}
}

func (s *transcodeStage) Process(p []byte, emit func([]byte)) {
	if rtp.IsRTCP(p) {
		s.t.Error("RTCP reached the transcoder")
		return
	}
	h, payload, err := rtp.Parse(p)
	if err != nil {
		s.t.Errorf("transcoder got a bad packet: %v", err)
		return
	}
	if s.pay, err = s.tr.Transcode(payload, s.pay[:0]); err != nil {
		s.t.Error(err)
		return
	}
	h.PayloadType = s.pt
	s.out = rtp.Append(s.out[:0], h, s.pay)
	emit(s.out)
}

// collect returns an emit that copies what it gets.
func collect(into *[][]byte) func([]byte) {
	return func(p []byte) { *into = append(*into, bytes.Clone(p)) }
}

// TestProcessorsWithTranscoder: a PCMA phone and a PCMU SRTP trunk. Towards
// the trunk: transcode, then encrypt; from the trunk: decrypt, then
// transcode. The tone arrives at both ends.
func TestProcessorsWithTranscoder(t *testing.T) {
	toTrunk, trunkReads, _ := newPair(t, AESCM128HMACSHA1_80) // our key; the trunk's Unprotector
	trunkSends, fromTrunk, _ := newPair(t, AESCM128HMACSHA1_80)

	enc := NewEncryptProcessor(toTrunk, newTranscodeStage(t, codec.PCMA{}, codec.PCMU{}))
	var wire [][]byte
	for _, pkt := range tonePackets(t, codec.PCMA{}, 65000, 1) {
		enc.Process(pkt, collect(&wire))
	}
	var heard [][]byte
	for _, sp := range wire {
		rp, err := trunkReads.Unprotect(nil, sp)
		if err != nil {
			t.Fatal(err)
		}
		if rp[1]&0x7f != 0 {
			t.Fatalf("payload type %d on the trunk, want 0 (PCMU)", rp[1]&0x7f)
		}
		heard = append(heard, rp)
	}
	if len(heard) != 50 {
		t.Fatalf("%d packets reached the trunk, want 50", len(heard))
	}
	checkTone(t, decodeTone(t, codec.PCMU{}, heard))

	dec := NewDecryptProcessor(fromTrunk, newTranscodeStage(t, codec.PCMU{}, codec.PCMA{}))
	var phone [][]byte
	for _, pkt := range tonePackets(t, codec.PCMU{}, 20, 2) {
		sp, err := trunkSends.Protect(nil, pkt)
		if err != nil {
			t.Fatal(err)
		}
		dec.Process(sp, collect(&phone))
	}
	if len(phone) != 50 {
		t.Fatalf("%d packets reached the phone, want 50", len(phone))
	}
	checkTone(t, decodeTone(t, codec.PCMA{}, phone))
	if enc.Dropped()+dec.Dropped() != 0 {
		t.Errorf("dropped %d + %d", enc.Dropped(), dec.Dropped())
	}
}

func TestDecryptProcessorDrops(t *testing.T) {
	p, u, _ := newPair(t, AESCM128HMACSHA1_32)
	dec := NewDecryptProcessor(u, nil)
	pkts := tonePackets(t, codec.PCMU{}, 1, 3)
	var out [][]byte
	sp, _ := p.Protect(nil, pkts[0])
	dec.Process(sp, collect(&out)) // good
	dec.Process(sp, collect(&out)) // replay
	forged := bytes.Clone(sp)
	binary.BigEndian.PutUint16(forged[2:], 2)
	dec.Process(forged, collect(&out))       // forged
	dec.Process(pkts[1], collect(&out))      // plain RTP from an attacker
	dec.Process([]byte{0x80}, collect(&out)) // junk
	if len(out) != 1 || !bytes.Equal(out[0], pkts[0]) {
		t.Fatalf("emitted %d packets, want the one genuine", len(out))
	}
	if st := u.Stats(); dec.Dropped() != 4 || st.Replays != 1 || st.AuthFailures != 2 || st.Invalid != 1 {
		t.Errorf("dropped %d, stats %+v", dec.Dropped(), st)
	}
}

// TestProcessorsRTCP: RTCP bypasses the transcoder and goes out as SRTCP.
func TestProcessorsRTCP(t *testing.T) {
	p, u, _ := newPair(t, AEADAES128GCM)
	enc := NewEncryptProcessor(p, newTranscodeStage(t, codec.PCMA{}, codec.PCMU{}))
	dec := NewDecryptProcessor(u, newTranscodeStage(t, codec.PCMU{}, codec.PCMA{}))
	rr := rtp.AppendRR(nil, 0xabc, rtp.ReportBlock{SSRC: 1, Lost: 4, HighestSeq: 99})
	var wire, back [][]byte
	enc.Process(rr, collect(&wire))
	if len(wire) != 1 || len(wire[0]) != len(rr)+p.OverheadRTCP() {
		t.Fatalf("SRTCP out: %d packets", len(wire))
	}
	dec.Process(wire[0], collect(&back))
	if len(back) != 1 || !bytes.Equal(back[0], rr) {
		t.Fatal("RTCP did not come back")
	}
}

func TestRekey(t *testing.T) {
	p1, u1, _ := newPair(t, AESCM128HMACSHA1_80)
	p2, u2, _ := newPair(t, AESCM128HMACSHA1_80)
	enc := NewEncryptProcessor(p1, nil)
	dec := NewDecryptProcessor(u1, nil)
	pkts := tonePackets(t, codec.PCMU{}, 1, 3)
	var out [][]byte
	pipe := func(pkt []byte) { enc.Process(pkt, func(sp []byte) { dec.Process(sp, collect(&out)) }) }
	pipe(pkts[0])
	enc.Rekey(p2) // our side re-keyed, the far end not yet: dropped
	pipe(pkts[1])
	dec.Rekey(u2)
	pipe(pkts[2])
	if len(out) != 2 || !bytes.Equal(out[1], pkts[2]) || dec.Dropped() != 1 || u1.Stats().AuthFailures != 1 {
		t.Errorf("got %d packets, dropped %d", len(out), dec.Dropped())
	}
}

// TestProcessorsConcurrent: RTP on one goroutine, RTCP on another, through
// the same processors (run with -race).
func TestProcessorsConcurrent(t *testing.T) {
	p, u, _ := newPair(t, AESCM128HMACSHA1_80)
	enc := NewEncryptProcessor(p, nil)
	dec := NewDecryptProcessor(u, nil)
	pkts := tonePackets(t, codec.PCMU{}, 1, 3)
	rr := rtp.AppendRR(nil, 3)
	var wg sync.WaitGroup
	var rtpN, rtcpN int
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 2000 {
			pkt := bytes.Clone(pkts[i%len(pkts)])
			binary.BigEndian.PutUint16(pkt[2:], uint16(i))
			enc.Process(pkt, func(sp []byte) { dec.Process(sp, func([]byte) { rtpN++ }) })
		}
	}()
	go func() {
		defer wg.Done()
		for range 500 {
			enc.Process(rr, func(sp []byte) { dec.Process(sp, func([]byte) { rtcpN++ }) })
		}
	}()
	wg.Wait()
	if rtpN != 2000 || rtcpN != 500 || dec.Dropped() != 0 {
		t.Errorf("RTP %d/2000, RTCP %d/500, dropped %d", rtpN, rtcpN, dec.Dropped())
	}
}

// TestProcessorAllocs: the adapters allocate nothing per packet in steady
// state, pion's AES-CM/HMAC and AES-GCM code included.
func TestProcessorAllocs(t *testing.T) {
	const runs = 200
	for _, s := range Suites() {
		p, u, c := newPair(t, s)
		pkt := tonePackets(t, codec.PCMU{}, 1, 3)[0]
		sink := func([]byte) {}

		enc := NewEncryptProcessor(p, nil)
		if a := testing.AllocsPerRun(runs, func() { enc.Process(pkt, sink) }); a != 0 {
			t.Errorf("%s: EncryptProcessor %.1f allocations per packet", s, a)
		}

		// Fresh SRTP packets (a replay would take the error path), made
		// before counting; AllocsPerRun calls once more to warm up, and the
		// first packet of an SSRC creates its state.
		src, _ := NewProtector(c)
		var sps [][]byte
		for i := range runs + 2 {
			binary.BigEndian.PutUint16(pkt[2:], uint16(i))
			sp, err := src.Protect(nil, pkt)
			if err != nil {
				t.Fatal(err)
			}
			sps = append(sps, sp)
		}
		dec := NewDecryptProcessor(u, nil)
		dec.Process(sps[0], sink)
		next := 1
		if a := testing.AllocsPerRun(runs, func() { dec.Process(sps[next], sink); next++ }); a != 0 {
			t.Errorf("%s: DecryptProcessor %.1f allocations per packet", s, a)
		}
		if dec.Dropped() != 0 || u.Stats().Packets != runs+2 {
			t.Errorf("%s: dropped %d, stats %+v", s, dec.Dropped(), u.Stats())
		}
	}
}
