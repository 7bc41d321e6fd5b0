package cdr

import "errors"

var (
	// ErrClosed is returned by Write after Close.
	ErrClosed = errors.New("cdr: writer closed")
	// ErrRunning means Run was called while another Run is active.
	ErrRunning = errors.New("cdr: already running")
	// ErrLocked means another process holds the spool directory.
	ErrLocked = errors.New("cdr: spool directory in use by another process")
	// ErrNotDurable means Write could neither spool the record nor insert
	// it into the store. The record stays queued in memory and is retried
	// while the process lives; do not Write it again.
	ErrNotDurable = errors.New("cdr: record not durable")
)
