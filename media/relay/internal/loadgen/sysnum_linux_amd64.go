package main

// The syscall package predates these two (Linux 2.6.33 and 3.0).
const (
	sysRECVMMSG = 299
	sysSENDMMSG = 307
)
