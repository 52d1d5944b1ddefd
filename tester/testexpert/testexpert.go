// Package testexpert holds experts that measure and test the tester itself
// rather than a strategy: the tester's benchmarks and the experts' floor
// benchmark share them.
package testexpert

import (
	"fmt"
	"math"

	"github.com/passframes/passframes/tester"
)

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

// EveryBar hides an expert's Wake: the tester calls its OnBar on every bar,
// the reference a Waker's passes are compared with.
type EveryBar struct{ tester.Expert }

// Difference describes the first difference between two results, "" when
// they are the same to the bit: statistics, points, deals, trades and
// order counts.
func Difference(got, want *tester.Result) string {
	for i := range got.Stats {
		if math.Float64bits(got.Stats[i]) != math.Float64bits(want.Stats[i]) {
			return fmt.Sprintf("statistic %d is %v, every bar gives %v", i, got.Stats[i], want.Stats[i])
		}
	}
	if d := firstUnequal("point", got.Points, want.Points); d != "" {
		return d
	}
	if d := firstUnequal("deal", got.Deals, want.Deals); d != "" {
		return d
	}
	if d := firstUnequal("trade", got.Trades, want.Trades); d != "" {
		return d
	}
	if got.Orders != want.Orders {
		return fmt.Sprintf("order counts %+v, every bar gives %+v", got.Orders, want.Orders)
	}
	return ""
}

// firstUnequal names the first element where two lists differ, or their
// lengths, "" when they are equal.
func firstUnequal[T comparable](what string, got, want []T) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("%s %d is %+v, every bar gives %+v", what, i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d %ss, every bar gives %d", len(got), what, len(want))
	}
	return ""
}
