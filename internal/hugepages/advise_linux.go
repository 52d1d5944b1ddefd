package hugepages

import (
	"syscall"
	"unsafe"
)

const hugePage = 2 << 20

// advise marks the whole huge pages inside [p, p+size) for transparent huge
// pages. It is advice: an error (a kernel without them) changes nothing.
func advise(p unsafe.Pointer, size uintptr) {
	start := uintptr(p)
	lo := (start + hugePage - 1) &^ (hugePage - 1)
	hi := (start + size) &^ (hugePage - 1)
	if hi <= lo {
		return
	}
	// The range lies inside the Go heap's own mapping of s; madvise only
	// changes how the kernel backs it, never its contents.
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, lo-start)), hi-lo), syscall.MADV_HUGEPAGE)
}
