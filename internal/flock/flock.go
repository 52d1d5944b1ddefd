// Package flock takes an exclusive advisory lock on a file, held until
// Release or until the process ends (the kernel drops the lock of a dead
// process, so a killed writer never leaves a stale lock behind).
package flock

import (
	"errors"
	"os"
)

// ErrLocked says another process (or another open of the file in this
// process) holds the lock.
var ErrLocked = errors.New("locked by another process")

// Lock is a held lock.
type Lock struct{ f *os.File }

// Acquire creates path if needed and locks it without waiting: ErrLocked
// when it is held elsewhere.
func Acquire(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lock(f); err != nil {
		f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Release drops the lock. It is safe to call on a nil Lock and twice.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
}
