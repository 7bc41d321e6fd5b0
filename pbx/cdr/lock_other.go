//go:build !unix

package cdr

import "os"

// lockDir only creates the lock file where flock(2) does not exist; Dialtone
// runs on Linux, this keeps the package building elsewhere.
func lockDir(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, fileMode)
}
