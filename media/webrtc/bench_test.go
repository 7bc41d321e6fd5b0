package webrtc

import (
	"context"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pion/rtp"
	pion "github.com/pion/webrtc/v4"
)

// processCPU is the user+system CPU time of the whole test process.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkHandshake: sessions established (offer, answer, ICE, DTLS
// handshake, SRTP keys) with the fake browser, 16 at a time, since
// pion's full ICE agent on the browser side waits ~200 ms before its
// first check. Both ends run in this process: cpu-ms/session counts both;
// sessions/s is for the whole (2-core) machine.
func BenchmarkHandshake(b *testing.B) {
	const batch = 16
	e := testEngine(b, nil)
	cpu0 := processCPU()
	start := time.Now()
	n := 0
	for b.Loop() {
		var wg sync.WaitGroup
		for range batch {
			br := newBrowser(b, browserOpts{})
			off := br.offer(b, nil)
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, ans, err := e.Answer(context.Background(), off)
				if err != nil {
					b.Error(err)
					return
				}
				defer s.Close()
				if err := br.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: string(ans)}); err != nil {
					b.Error(err)
					return
				}
				deadline := time.Now().Add(10 * time.Second)
				for s.State() != "connected" || br.pc.ConnectionState() != pion.PeerConnectionStateConnected {
					if time.Now().After(deadline) {
						b.Error("not connected")
						return
					}
					time.Sleep(500 * time.Microsecond)
				}
			}()
		}
		wg.Wait()
		n += batch
	}
	el := time.Since(start)
	b.ReportMetric(float64(n)/el.Seconds(), "sessions/s")
	b.ReportMetric(float64(processCPU()-cpu0)/float64(n)/1e6, "cpu-ms/session")
}

// BenchmarkWriteRTP: the relay's path to the browser: one 172-byte G.711
// packet through WriteRTP (SSRC rewrite, RTCP report bookkeeping, SRTP
// AES-128-CM + HMAC-SHA1-80, sendto). ns/op is the writer's time;
// cpu-ns/pkt is the whole process, the fake browser's decryption included.
func BenchmarkWriteRTP(b *testing.B) {
	e := testEngine(b, func(c *Config) { c.Codecs = []string{"PCMU"} })
	br := newBrowser(b, browserOpts{codecs: []string{"PCMU"}})
	s, ans, err := e.Answer(ctxT(b), br.offer(b, nil))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	br.setAnswer(b, ans)
	waitConnected(b, br, s)
	// The browser must not keep every packet in memory.
	br.mu.Lock()
	br.closed = true
	br.mu.Unlock()
	pkt, _ := (&rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 0, SSRC: 3}, Payload: make([]byte, 160)}).Marshal()
	// Let the first packet bind the track.
	for range 10 {
		_ = s.WriteRTP(pkt)
		time.Sleep(time.Millisecond)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(pkt)))
	cpu0 := processCPU()
	var seq uint16
	for b.Loop() {
		seq++
		pkt[2], pkt[3] = byte(seq>>8), byte(seq)
		if err := s.WriteRTP(pkt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/pkt")
}
