package relay

// workerCmd asks a worker to start (add) or stop relaying for a link; done,
// when set, is closed once the worker no longer touches the link's sockets.
type workerCmd struct {
	link *Link
	add  bool
	done chan struct{}
}
