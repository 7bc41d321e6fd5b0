package main

const (
	sysRECVMMSG = 243
	sysSENDMMSG = 269
)
