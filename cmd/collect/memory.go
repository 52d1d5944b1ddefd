package main

import (
	"os"
	"runtime/debug"

	"github.com/passframes/passframes/internal/parallel"
	"github.com/passframes/passframes/market"
	"github.com/passframes/passframes/tester"
)

// minMemoryLimit is the least soft memory limit collect sets: below it the
// Go runtime's own pacing (a heap twice what is live) costs little.
const minMemoryLimit = 512 << 20

// limitMemory sets the Go runtime's soft memory limit to what testing bars
// on workers testers needs (tester.MemoryNeed), plus 64 MiB for the rest of
// the program, at least minMemoryLimit, unless the GOMEMLIMIT environment
// variable sets one. Without it the heap grows to twice what is live before
// the collector runs: at millions of bars, where the bars and their
// indicator arrays are most of the memory, that doubled the peak. The
// arrays hold no pointers, so the extra collections cost little. The limit
// is soft: a run that needs more gets it, collecting more often.
func limitMemory(bars *market.Series, workers int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	need := tester.MemoryNeed(bars, parallel.Workers(workers)) + 64<<20
	debug.SetMemoryLimit(max(need, minMemoryLimit))
}
