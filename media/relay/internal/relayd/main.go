//go:build linux

// Command relayd is the relay under test for scripts/bench-relay.sh: the
// media/relay package in a process of its own, driven over stdin/stdout by
// the load generator (media/relay/internal/loadgen).
//
// Protocol (one line each): the generator writes "calls N" and N lines
// "A-phone-addr B-phone-addr"; relayd bridges two endpoints per call and
// answers N lines "portA portB" and "ready". Then "mark" (answer "ok") and
// "stop" (answer "cpu_ns=.. packets=.. heap_per_call=.. rss_kb=..") bracket
// the measurement window; end of input stops relayd.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dialtone-pbx/dialtone/media/relay"
)

func main() {
	addr := flag.String("addr", "127.0.0.1", "address to bind")
	ports := flag.String("ports", "20000-29999", "RTP port range")
	workers := flag.Int("workers", 0, "poller goroutines (0 = GOMAXPROCS)")
	flag.Parse()
	if err := run(*addr, *ports, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "relayd:", err)
		os.Exit(1)
	}
}

func run(addr, ports string, workers int) error {
	lo, hi, ok := strings.Cut(ports, "-")
	min, err1 := strconv.ParseUint(lo, 10, 16)
	max, err2 := strconv.ParseUint(hi, 10, 16)
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("bad -ports %q", ports)
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return fmt.Errorf("bad -addr: %w", err)
	}
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	if !in.Scan() {
		return fmt.Errorf("no input")
	}
	var n int
	if _, err := fmt.Sscanf(in.Text(), "calls %d", &n); err != nil {
		return fmt.Errorf("want \"calls N\": %w", err)
	}
	runtime.GC()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	pool, err := relay.NewPool(relay.Config{
		Addr: ip, PortMin: uint16(min), PortMax: uint16(max), Workers: workers,
		InactivityTimeout: time.Hour,
		Logger:            slog.New(slog.NewTextHandler(os.Stderr, nil)),
	})
	if err != nil {
		return err
	}
	defer pool.Close()
	links := make([]*relay.Link, 0, n)
	for range n {
		if !in.Scan() {
			return fmt.Errorf("input ended after %d calls", len(links))
		}
		f := strings.Fields(in.Text())
		if len(f) != 2 {
			return fmt.Errorf("want two addresses, got %q", in.Text())
		}
		a, b, err := bridge(pool, f[0], f[1])
		if err != nil {
			return err
		}
		links = append(links, relay.Bridge(a, b))
		fmt.Fprintf(out, "%d %d\n", a.Port(), b.Port())
	}
	runtime.GC()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	heapPerCall := (int64(m1.HeapAlloc) - int64(m0.HeapAlloc)) / int64(max1(n))
	fmt.Fprintln(out, "ready")
	out.Flush()

	var cpu0 time.Duration
	var pk0 uint64
	for in.Scan() {
		switch in.Text() {
		case "mark":
			cpu0, pk0 = cpuTime(), relayed(links)
			fmt.Fprintln(out, "ok")
		case "stop":
			cpu, pk := cpuTime()-cpu0, relayed(links)-pk0
			fmt.Fprintf(out, "cpu_ns=%d packets=%d heap_per_call=%d rss_kb=%d\n", cpu.Nanoseconds(), pk, heapPerCall, rssKB())
		}
		out.Flush()
	}
	return nil
}

func bridge(pool *relay.Pool, sa, sb string) (*relay.Endpoint, *relay.Endpoint, error) {
	pa, err := netip.ParseAddrPort(sa)
	if err != nil {
		return nil, nil, err
	}
	pb, err := netip.ParseAddrPort(sb)
	if err != nil {
		return nil, nil, err
	}
	a, err := pool.Allocate()
	if err != nil {
		return nil, nil, err
	}
	b, err := pool.Allocate()
	if err != nil {
		return nil, nil, err
	}
	a.SetRemote(pa)
	b.SetRemote(pb)
	return a, b, nil
}

func relayed(links []*relay.Link) uint64 {
	var n uint64
	for _, l := range links {
		a, b := l.Stats()
		n += a.PacketsOut + b.PacketsOut
	}
	return n
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func rssKB() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss
}

func max1(n int) int { return max(n, 1) }
