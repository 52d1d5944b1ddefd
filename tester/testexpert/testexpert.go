// Package testexpert holds experts that measure and test the tester itself
// rather than a strategy: the tester's benchmarks and the experts' floor
// benchmark share them.
package testexpert

import "github.com/passframes/passframes/tester"

// AlwaysIn holds 0.1 lots from bar 1 on and reverses every 24 bars,
// deciding on every bar: a pass that is in a position on every bar.
type AlwaysIn struct{}

// OnBar implements tester.Expert.
func (AlwaysIn) OnBar(c *tester.Context) {
	switch {
	case c.Position().Dir == 0:
		c.Buy(0.1, 0, 0)
	case c.Bars()%24 == 0 && c.Position().Dir > 0:
		c.Sell(0.1, 0, 0)
	case c.Bars()%24 == 0:
		c.Buy(0.1, 0, 0)
	}
}

// AlwaysInWaker trades as AlwaysIn, as a tester.Waker: the tester calls its
// OnBar on bar 1 and every 24th bar only and runs the bars between in its
// tight loop, so a pass measures the tester's own cost of a bar held.
type AlwaysInWaker struct{ AlwaysIn }

// Wake names bar 1, where the first order goes, and every 24th bar. The
// position is open from bar 1 on, so OnBar does nothing on other bars.
func (AlwaysInWaker) Wake(from, to int) int {
	if from <= 1 {
		return min(1, to)
	}
	return min((from+23)/24*24, to)
}
