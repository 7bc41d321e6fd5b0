//go:build !(linux && (amd64 || arm64 || riscv64 || loong64))

package relay

import (
	"errors"
	"log/slog"
	"net/netip"
	"syscall"
	"time"
)

// The relay is built on epoll, recvmmsg and sendmmsg; elsewhere the package
// compiles (for tools and editors) and NewPool fails.

var errUnsupported = errors.New("relay: needs Linux on amd64, arm64, riscv64 or loong64")

const batchLen = 16

type worker struct{ done chan struct{} }

func newWorker(*slog.Logger, time.Time) (*worker, error) { return nil, errUnsupported }
func (w *worker) run()                                   {}
func (w *worker) submit(workerCmd) bool                  { return false }
func (w *worker) shutdown()                              {}

func bindUDP(netip.Addr, uint16) (int, bool, error)                  { return -1, false, errUnsupported }
func closeFD(int) error                                              { return nil }
func portBusy(error) bool                                            { return false }
func sendTo(int, []byte, netip.AddrPort, bool) (bool, syscall.Errno) { return false, 0 }
