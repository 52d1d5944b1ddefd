// Package walkforward relates a pass's back test to its forward test: it
// links back rows to forward rows by pass id, measures the forward result,
// and joins the two curves for drawing.
package walkforward

import (
	"fmt"
	"math"

	"github.com/passframes/passframes/stats"
)

// Curve is a pass's points (docs/points.md): time in Unix milliseconds, balance
// and equity, index by index.
type Curve struct {
	Time            []int64
	Balance, Equity []float64
}

// The ways to draw a forward curve with its back curve (Join).
const (
	// Separate draws the forward curve as tested, starting again from the
	// deposit, after the back curve.
	Separate = "separate"
	// Continued shifts the forward curve up so that it carries on from the
	// back curve's last point.
	Continued = "continued"
	// None draws the back curve alone.
	None = "none"
)

// CheckMode returns an error unless mode is Separate, Continued or None.
func CheckMode(mode string) error {
	switch mode {
	case Separate, Continued, None:
		return nil
	}
	return fmt.Errorf("walkforward: forward drawing mode %q: want %q, %q or %q", mode, Separate, Continued, None)
}

// ForwardResult returns the forward pass's profit, its last balance point
// minus its first (0 with fewer than two points), and its trade count, which
// is the forward pass's trades statistic passed through. Both are finite.
func ForwardResult(fwd Curve, trades float64) (profit float64, tradesOut float64) {
	if n := len(fwd.Balance); n > 1 {
		// Balances are booked in cents; the difference of two such
		// doubles carries float noise that a reader would see.
		profit = math.Round((fwd.Balance[n-1]-fwd.Balance[0])*100) / 100
	}
	return finite(profit), finite(trades)
}

// Join returns the curve to draw for a back pass and its forward pass, and
// backEnd, the index of the back curve's last point (where the chart's
// vertical line goes; −1 when back is empty). mode is Separate, Continued or
// None; Join panics on any other (check user input with CheckMode).
//
// Separate appends fwd unchanged. Continued shifts fwd's balance and equity
// by the distance from its first balance point to back's last one, which is
// the back profit when both passes start from the same deposit; the first
// forward point then coincides with the last back point, and is written once
// (back's). None returns back alone.
//
// Each of Time, Balance and Equity is joined on its own, so a curve without
// times gives a joined curve without times. The result never shares memory
// with back or fwd.
func Join(back, fwd Curve, mode string) (joined Curve, backEnd int) {
	if err := CheckMode(mode); err != nil {
		panic(err)
	}
	backEnd = len(back.Balance) - 1
	if mode == None {
		fwd = Curve{}
	}
	var shift float64
	skip := 0 // forward points dropped from the front
	if mode == Continued && len(back.Balance) > 0 && len(fwd.Balance) > 0 {
		shift = back.Balance[len(back.Balance)-1] - fwd.Balance[0]
		skip = 1
	}
	joined = Curve{
		Time:    joinSeries(back.Time, fwd.Time, skip, 0),
		Balance: joinSeries(back.Balance, fwd.Balance, skip, shift),
		Equity:  joinSeries(back.Equity, fwd.Equity, skip, shift),
	}
	return joined, backEnd
}

// joinSeries returns a new slice holding back followed by fwd[skip:], each
// forward value raised by shift.
func joinSeries[T int64 | float64](back, fwd []T, skip int, shift T) []T {
	if skip > len(fwd) {
		skip = len(fwd)
	}
	fwd = fwd[skip:]
	if len(back)+len(fwd) == 0 {
		return nil
	}
	out := make([]T, 0, len(back)+len(fwd))
	out = append(out, back...)
	for _, v := range fwd {
		out = append(out, v+shift)
	}
	return out
}

// Link returns, for each back pass id, the index in fwd of the forward row
// with the same id, or −1 when there is none. Neither slice needs to be
// sorted; forward rows with no back row are ignored, and when an id repeats
// in fwd its first row wins.
func Link(back, fwd []int64) []int {
	index := make(map[int64]int, len(fwd))
	for i, id := range fwd {
		if _, seen := index[id]; !seen {
			index[id] = i
		}
	}
	out := make([]int, len(back))
	for i, id := range back {
		j, ok := index[id]
		if !ok {
			j = -1
		}
		out[i] = j
	}
	return out
}

// finite maps NaN to 0 and clamps ±Inf to ±stats.MaxFloat.
func finite(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return max(-stats.MaxFloat, min(v, stats.MaxFloat))
}
