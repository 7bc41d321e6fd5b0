package relay

// The syscall package predates sendmmsg (Linux 3.0).
const (
	sysRECVMMSG = 299
	sysSENDMMSG = 307
)
