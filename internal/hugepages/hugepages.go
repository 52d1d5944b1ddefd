// Package hugepages allocates the large, densely written arrays of bars and
// indicators so that the operating system may back them with huge pages.
//
// Filling a fresh array of tens of megabytes costs one page fault per 4 KiB
// page; on the virtual machines this project is measured on that was 14 µs a
// fault, 0.85 s for the 240 MB of a 5,000,000-bar series' columns, more than
// parsing them. Linux's transparent huge pages serve the same memory in
// 2 MiB pages, one fault each, but in its usual "madvise" mode only for
// memory the program asks for, which the Go runtime does not. These
// functions ask, for arrays large enough to hold whole huge pages; elsewhere
// they are plain make.
package hugepages

import "unsafe"

// minBytes is the size from which an array is worth advising: a few whole
// huge pages.
const minBytes = 8 << 20

// Make returns make([]T, n), advised for huge pages when it is large.
func Make[T any](n int) []T {
	s := make([]T, n)
	var zero T
	if size := uintptr(n) * unsafe.Sizeof(zero); size >= minBytes {
		advise(unsafe.Pointer(unsafe.SliceData(s)), size)
	}
	return s
}
