//go:build race

package frames

// raceEnabled is true under the race detector, whose instrumentation allocates.
const raceEnabled = true
