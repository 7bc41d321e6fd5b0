//go:build linux && (amd64 || arm64)

// Command loadgen drives RTP relays for scripts/bench-relay.sh: N calls of
// 172-byte RTP (G.711, 20 ms) in both directions through a relay process
// started per run (media/relay/internal/relayd, or the C reference
// scripts/relayref), and a Markdown table of relay CPU per packet, loss and
// latency (send time in the payload, read back on arrival).
//
// Phones share a few sockets per side (-sockets): the relay sees one peer
// address per socket, which changes nothing on its side and keeps the
// generator cheap enough to share two cores with the relay.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	pktLen    = 172 // 12 bytes RTP + 160 bytes G.711 (20 ms at 8 kHz)
	period    = 20 * time.Millisecond
	slots     = 20 // the 20 ms period is spread over 1 ms slots
	histMaxUs = 100_000
)

type relayCmd struct{ name, cmd string }

type relayFlags []relayCmd

func (r *relayFlags) String() string { return fmt.Sprint(*r) }
func (r *relayFlags) Set(v string) error {
	name, cmd, ok := strings.Cut(v, "=")
	if !ok || name == "" || cmd == "" {
		return errors.New("want name=command")
	}
	*r = append(*r, relayCmd{name, cmd})
	return nil
}

type config struct {
	addr               netip.Addr
	sockets            int
	warmup, dur, grace time.Duration
	ref                string
}

type result struct {
	name           string
	calls          int
	sent, recv     uint64
	p50, p99, p999 time.Duration
	relayCPU       time.Duration
	relayPackets   uint64
	heapPerCall    int64
	rssKB          int64
	genCPU         time.Duration
	window         time.Duration
	err            error
}

func main() {
	var relays relayFlags
	flag.Var(&relays, "relay", "name=command of a relay to measure (repeatable)")
	calls := flag.String("calls", "200,500,1000", "concurrent calls, comma separated")
	direct := flag.Bool("direct", true, "also measure phones talking directly (latency baseline)")
	var cfg config
	addr := flag.String("addr", "127.0.0.1", "loopback address")
	flag.IntVar(&cfg.sockets, "sockets", 2, "sockets per side")
	flag.DurationVar(&cfg.warmup, "warmup", time.Second, "time before measuring")
	flag.DurationVar(&cfg.dur, "dur", 8*time.Second, "measurement window")
	flag.DurationVar(&cfg.grace, "grace", 300*time.Millisecond, "wait for late packets")
	flag.StringVar(&cfg.ref, "ref", "reference", "relay the ratio is taken against")
	flag.Parse()
	cfg.addr = netip.MustParseAddr(*addr)

	var results []result
	for _, s := range strings.Split(*calls, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "loadgen: bad -calls %q\n", s)
			os.Exit(2)
		}
		runs := append([]relayCmd(nil), relays...)
		if *direct {
			runs = append(runs, relayCmd{name: "direct (no relay)"})
		}
		for _, r := range runs {
			fmt.Fprintf(os.Stderr, "loadgen: %s, %d calls ...\n", r.name, n)
			res := run(cfg, r, n)
			if res.err != nil {
				fmt.Fprintf(os.Stderr, "loadgen: %s, %d calls: %v\n", r.name, n, res.err)
			}
			results = append(results, res)
		}
	}
	printTable(os.Stdout, cfg, results)
}

// phoneSock is one generator socket and the calls it carries for one side.
type phoneSock struct {
	conn  *net.UDPConn
	addr  netip.AddrPort
	calls [slots][]int // call indices per 1 ms slot
}

func listen(addr netip.Addr) (*net.UDPConn, error) {
	c, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(addr, 0)))
	if err != nil {
		return nil, err
	}
	// Large buffers so the generator's own scheduling hiccups are not loss;
	// SO_RCVBUFFORCE passes rmem_max when we are root, for this socket only.
	if raw, err := c.SyscallConn(); err == nil {
		_ = raw.Control(func(fd uintptr) {
			if syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUFFORCE, 8<<20) != nil {
				_ = c.SetReadBuffer(8 << 20)
			}
			if syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_SNDBUFFORCE, 4<<20) != nil {
				_ = c.SetWriteBuffer(4 << 20)
			}
		})
	}
	return c, nil
}

func run(cfg config, rc relayCmd, n int) (res result) {
	res.name, res.calls = rc.name, n
	g := cfg.sockets
	var side [2][]*phoneSock
	for s := range 2 {
		for range g {
			c, err := listen(cfg.addr)
			if err != nil {
				res.err = err
				return res
			}
			defer c.Close()
			side[s] = append(side[s], &phoneSock{conn: c, addr: c.LocalAddr().(*net.UDPAddr).AddrPort()})
		}
	}
	// dst[s][i]: where side s of call i sends.
	dst := [2][]netip.AddrPort{make([]netip.AddrPort, n), make([]netip.AddrPort, n)}
	for i := range n {
		side[0][i%g].calls[(i/g)%slots] = append(side[0][i%g].calls[(i/g)%slots], i)
		side[1][i%g].calls[(i/g)%slots] = append(side[1][i%g].calls[(i/g)%slots], i)
		dst[0][i], dst[1][i] = side[1][i%g].addr, side[0][i%g].addr
	}

	var ctl *control
	if rc.cmd != "" {
		var err error
		ctl, err = startRelay(rc.cmd)
		if err != nil {
			res.err = err
			return res
		}
		defer ctl.close()
		lines := []string{fmt.Sprintf("calls %d", n)}
		for i := range n {
			lines = append(lines, fmt.Sprintf("%s %s", side[0][i%g].addr, side[1][i%g].addr))
		}
		if err := ctl.send(strings.Join(lines, "\n")); err != nil {
			res.err = err
			return res
		}
		for i := range n {
			line, err := ctl.recv()
			if err != nil {
				res.err = fmt.Errorf("relay setup: %w", err)
				return res
			}
			var pa, pb uint16
			if _, err := fmt.Sscanf(line, "%d %d", &pa, &pb); err != nil {
				res.err = fmt.Errorf("relay said %q: %w", line, err)
				return res
			}
			relayAddr := ctl.addr(cfg.addr)
			dst[0][i], dst[1][i] = netip.AddrPortFrom(relayAddr, pa), netip.AddrPortFrom(relayAddr, pb)
		}
		if line, err := ctl.recv(); err != nil || line != "ready" {
			res.err = fmt.Errorf("relay not ready: %q %v", line, err)
			return res
		}
	}

	var measuring atomic.Bool
	start := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	var sendWG, recvWG sync.WaitGroup
	var sent atomic.Uint64
	hists := make(chan *histogram, 2*g)
	for s := range 2 {
		for _, ps := range side[s] {
			sendWG.Add(1)
			go func() {
				defer sendWG.Done()
				sent.Add(sendLoop(ctx, ps, s, dst[s], start, &measuring))
			}()
			recvWG.Add(1)
			go func() {
				defer recvWG.Done()
				hists <- recvLoop(ps.conn, start)
			}()
		}
	}

	time.Sleep(cfg.warmup)
	if ctl != nil {
		if err := ctl.send("mark"); err != nil {
			res.err = err
		} else if line, err := ctl.recv(); err != nil || line != "ok" {
			res.err = fmt.Errorf("mark: %q %v", line, err)
		}
	}
	gen0 := cpuTime()
	t0 := time.Now()
	measuring.Store(true)
	time.Sleep(cfg.dur)
	measuring.Store(false)
	res.window = time.Since(t0)
	res.genCPU = cpuTime() - gen0
	if ctl != nil && res.err == nil {
		res.err = ctl.stop(&res)
	}
	time.Sleep(cfg.grace)
	cancel()
	sendWG.Wait()
	for s := range 2 {
		for _, ps := range side[s] {
			ps.conn.Close()
		}
	}
	recvWG.Wait()
	close(hists)
	var h histogram
	for x := range hists {
		h.merge(x)
	}
	res.sent, res.recv = sent.Load(), h.n
	res.p50, res.p99, res.p999 = h.quantile(0.50), h.quantile(0.99), h.quantile(0.999)
	return res
}

// sendLoop sends, every 1 ms, the packets of the calls in that slot with
// one sendmmsg per up to 64 packets; it returns how many it sent while
// measuring. A late wake-up catches up, so the rate holds.
func sendLoop(ctx context.Context, ps *phoneSock, s int, dst []netip.AddrPort, start time.Time, measuring *atomic.Bool) uint64 {
	rc, err := ps.conn.SyscallConn()
	if err != nil {
		return 0
	}
	var b batch
	b.init()
	seq := make(map[int]uint16)
	var n uint64
	for k := 0; ; k++ {
		due := time.Duration(k) * time.Millisecond
		if d := due - time.Since(start); d > 0 {
			select {
			case <-ctx.Done():
				return n
			case <-time.After(d):
			}
		} else if ctx.Err() != nil {
			return n
		}
		m := measuring.Load()
		calls := ps.calls[k%slots]
		for len(calls) > 0 {
			cnt := min(len(calls), batchLen)
			for j, i := range calls[:cnt] {
				pkt := b.bufs[j][:pktLen]
				q := seq[i]
				seq[i] = q + 1
				pkt[0], pkt[1] = 0x80, 0
				binary.BigEndian.PutUint16(pkt[2:], q)
				binary.BigEndian.PutUint32(pkt[4:], uint32(q)*160)
				binary.BigEndian.PutUint32(pkt[8:], uint32(2*i+s))
				pkt[20] = 0
				if m {
					pkt[20] = 1
				}
				binary.BigEndian.PutUint64(pkt[12:], uint64(time.Since(start)))
				b.setDest(j, dst[i], pktLen)
			}
			sent := b.send(rc, cnt)
			if m {
				n += uint64(sent)
			}
			calls = calls[cnt:]
		}
	}
}

type histogram struct {
	us [histMaxUs + 1]uint64
	n  uint64
}

func (h *histogram) merge(o *histogram) {
	for i, c := range o.us {
		h.us[i] += c
	}
	h.n += o.n
}

func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	want := uint64(q * float64(h.n))
	var c uint64
	for i, x := range h.us {
		if c += x; c > want {
			return time.Duration(i) * time.Microsecond
		}
	}
	return histMaxUs * time.Microsecond
}

// recvLoop reads with recvmmsg until the socket is closed.
func recvLoop(c *net.UDPConn, start time.Time) *histogram {
	h := new(histogram)
	rc, err := c.SyscallConn()
	if err != nil {
		return h
	}
	var b batch
	b.init()
	for {
		got := b.recv(rc)
		if got < 0 {
			return h
		}
		now := time.Since(start)
		for j := range got {
			buf := b.bufs[j][:b.msgs[j].len]
			if len(buf) != pktLen || buf[20] != 1 {
				continue
			}
			lat := now - time.Duration(binary.BigEndian.Uint64(buf[12:]))
			us := min(max(int64(lat/time.Microsecond), 0), histMaxUs)
			h.us[us]++
			h.n++
		}
	}
}

// control talks to a relay process over its stdin and stdout.
type control struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

func startRelay(command string) (*control, error) {
	f := strings.Fields(command)
	cmd := exec.Command(f[0], f[1:]...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", command, err)
	}
	return &control{cmd: cmd, in: in, out: bufio.NewScanner(out)}, nil
}

func (c *control) addr(a netip.Addr) netip.Addr { return a }

func (c *control) send(s string) error {
	_, err := io.WriteString(c.in, s+"\n")
	return err
}

func (c *control) recv() (string, error) {
	if !c.out.Scan() {
		if err := c.out.Err(); err != nil {
			return "", err
		}
		return "", io.ErrUnexpectedEOF
	}
	return c.out.Text(), nil
}

func (c *control) stop(res *result) error {
	if err := c.send("stop"); err != nil {
		return err
	}
	line, err := c.recv()
	if err != nil {
		return err
	}
	for _, kv := range strings.Fields(line) {
		k, v, _ := strings.Cut(kv, "=")
		x, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "cpu_ns":
			res.relayCPU = time.Duration(x)
		case "packets":
			res.relayPackets = uint64(x)
		case "heap_per_call":
			res.heapPerCall = x
		case "rss_kb":
			res.rssKB = x
		}
	}
	return nil
}

func (c *control) close() {
	c.in.Close()
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func printTable(w io.Writer, cfg config, results []result) {
	refPerPkt := map[int]float64{}
	for _, r := range results {
		if r.name == cfg.ref && r.relayPackets > 0 {
			refPerPkt[r.calls] = float64(r.relayCPU.Nanoseconds()) / float64(r.relayPackets)
		}
	}
	fmt.Fprintf(w, "| relay | calls | relayed pkt/s | relay CPU (%% of a core) | CPU per packet | × %s | loss | latency p50 | p99 | p99.9 | heap per call | generator CPU |\n", cfg.ref)
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(w, "| %s | %d | error: %v |||||||||||\n", r.name, r.calls, r.err)
			continue
		}
		secs := r.window.Seconds()
		loss := "0"
		if r.sent > r.recv {
			loss = fmt.Sprintf("%d (%.3f%%)", r.sent-r.recv, 100*float64(r.sent-r.recv)/float64(max(r.sent, 1)))
		}
		pps, cpu, per, ratio, heap := "—", "—", "—", "—", "—"
		if r.relayPackets > 0 {
			p := float64(r.relayCPU.Nanoseconds()) / float64(r.relayPackets)
			pps = fmt.Sprintf("%.0f", float64(r.relayPackets)/secs)
			cpu = fmt.Sprintf("%.0f %%", 100*r.relayCPU.Seconds()/secs)
			per = fmt.Sprintf("%.2f µs", p/1000)
			if ref := refPerPkt[r.calls]; ref > 0 {
				ratio = fmt.Sprintf("%.2f", p/ref)
			}
			if r.heapPerCall > 0 {
				heap = fmt.Sprintf("%.1f KiB", float64(r.heapPerCall)/1024)
			}
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f %% |\n",
			r.name, r.calls, pps, cpu, per, ratio, loss, us(r.p50), us(r.p99), us(r.p999), heap, 100*r.genCPU.Seconds()/secs)
	}
}

func us(d time.Duration) string {
	if d >= histMaxUs*time.Microsecond {
		return "≥ 100 ms" // the histogram's last bucket
	}
	return fmt.Sprintf("%d µs", d.Microseconds())
}
