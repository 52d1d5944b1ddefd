//go:build !unix

package flock

import "os"

// Without flock(2) (Windows, Plan 9) no lock is taken: two writers of one
// run are not kept apart there.
func lock(*os.File) error { return nil }

func unlock(*os.File) {}
