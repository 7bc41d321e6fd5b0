//go:build linux && (arm64 || riscv64 || loong64)

package relay

// The generic Linux syscall table (include/uapi/asm-generic/unistd.h).
const (
	sysRECVMMSG = 243
	sysSENDMMSG = 269
)
