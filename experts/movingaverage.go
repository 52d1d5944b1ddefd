package experts

import (
	"fmt"
	"math"

	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

var movingAverageDef = Def{
	Name:        "MovingAverage",
	Description: "MetaTrader 5's sample expert: trades closes crossing a shifted SMA, lot from free margin and risk, cut after losses",
	Params: []optimize.Decl{
		{Name: "MaximumRisk", Default: 0.02, Type: optimize.Double},
		{Name: "DecreaseFactor", Default: 3, Type: optimize.Double},
		{Name: "MovingPeriod", Default: 12, Type: optimize.Int},
		{Name: "MovingShift", Default: 6, Type: optimize.Int},
	},
	Demo: []string{"MovingPeriod=5:120:5", "MovingShift=1:12:1"},
	New:  newMovingAverage,
}

// MovingAverage is MetaTrader 5's sample expert (docs/tester.md).
type MovingAverage struct {
	MaximumRisk    float64
	DecreaseFactor float64
	Period, Shift  int
	sma            *tester.Buffer
	open, close    []float64 // the bars' columns, for Wake
}

// minHistory is the number of bars the sample expert waits for before it opens.
const minHistory = 100

func newMovingAverage(env *tester.Env, v []float64) (tester.Expert, error) {
	period, err := intParam(v, 2, "MovingPeriod", 1)
	if err != nil {
		return nil, err
	}
	shift, err := intParam(v, 3, "MovingShift", 0)
	if err != nil {
		return nil, err
	}
	if v[0] <= 0 || math.IsNaN(v[0]) {
		return nil, fmt.Errorf("MaximumRisk must be > 0, got %g", v[0])
	}
	if v[1] < 0 || math.IsNaN(v[1]) {
		return nil, fmt.Errorf("DecreaseFactor must be >= 0, got %g", v[1])
	}
	sma, err := env.SMA(period)
	if err != nil {
		return nil, err
	}
	return &MovingAverage{MaximumRisk: v[0], DecreaseFactor: v[1], Period: period, Shift: shift, sma: sma,
		open: env.Bars.Open, close: env.Bars.Close}, nil
}

// ma is the indicator value at the new bar: the SMA of the Period closes
// ending Shift bars before it. With Shift 0 that window ends at the new bar,
// whose close at its first tick is its open, so the open stands in for it.
func (e *MovingAverage) ma(c *tester.Context) (float64, bool) {
	if e.Shift > 0 {
		return c.Value(e.sma, e.Shift)
	}
	if e.Period == 1 {
		return c.Open(0), true
	}
	prev, ok := c.Value(e.sma, 1)
	if !ok || c.Bars() < e.Period {
		return 0, false
	}
	return prev + (c.Open(0)-c.Close(e.Period))/float64(e.Period), true
}

// OnBar implements tester.Expert.
func (e *MovingAverage) OnBar(c *tester.Context) {
	ma, ok := e.ma(c)
	if !ok {
		return
	}
	open, close := c.Open(1), c.Close(1)
	crossedDown := open > ma && close < ma
	crossedUp := open < ma && close > ma
	switch pos := c.Position(); {
	case pos.Dir > 0:
		if crossedDown {
			c.ClosePosition()
		}
	case pos.Dir < 0:
		if crossedUp {
			c.ClosePosition()
		}
	case c.Bars() < minHistory:
	case crossedDown:
		c.Sell(e.lot(c), 0, 0)
	case crossedUp:
		c.Buy(e.lot(c), 0, 0)
	}
}

// Wake implements tester.Waker: OnBar acts only on a bar whose last
// completed bar opened on one side of the average and closed on the other,
// so the scan looks for the next such bar with OnBar's own comparisons and
// the average as ma computes it there.
func (e *MovingAverage) Wake(from, to int) int {
	sma, first := e.sma.Values()
	open, close := e.open[:to], e.close[:to]
	// The first bar where ma is defined: with a shift, the average of the
	// bar Shift back; without, the new bar's running window, which needs
	// Period completed bars and the average of the last one.
	switch {
	case e.Shift > 0:
		from = max(from, first+e.Shift)
	case e.Period > 1:
		from = max(from, first+1, e.Period)
	}
	if e.Shift > 0 { // the common case, in a loop of its own
		sma := sma[:max(to-e.Shift, 0)]
		for j := from; j < to; j++ {
			ma, o, c := sma[j-e.Shift], open[j-1], close[j-1]
			if (o > ma && c < ma) || (o < ma && c > ma) {
				return j
			}
		}
		return to
	}
	period := float64(e.Period)
	for j := from; j < to; j++ {
		ma := open[j] // Period 1
		if e.Period > 1 {
			ma = sma[j-1] + (open[j]-close[j-e.Period])/period
		}
		o, c := open[j-1], close[j-1]
		if (o > ma && c < ma) || (o < ma && c > ma) {
			return j
		}
	}
	return to
}

// lot is the sample expert's position size for the current account.
func (e *MovingAverage) lot(c *tester.Context) float64 {
	return MovingAverageLot(c.FreeMargin(), e.MaximumRisk, c.MarginPerLot(c.Ask()),
		LossesSinceWin(c.Trades()), e.DecreaseFactor, c.Symbol())
}

// MovingAverageLot is the sample expert's sizing rule: free margin × risk over
// the margin of one lot, rounded to 2 decimals; after more than one loss in a
// row (and DecreaseFactor > 0) cut by lot × losses / DecreaseFactor and rounded
// to 1 decimal; then snapped to the nearest volume step (as the MT5 sample's
// stepvol·NormalizeDouble(lot/stepvol, 0)) and clamped to the limits.
func MovingAverageLot(freeMargin, risk, marginPerLot float64, losses int, decreaseFactor float64, s tester.Symbol) float64 {
	lot := round(freeMargin*risk/marginPerLot, 2)
	if decreaseFactor > 0 && losses > 1 {
		lot = round(lot-lot*float64(losses)/decreaseFactor, 1)
	}
	return SnapVolume(lot, s)
}

// LossesSinceWin counts the losing trades since the last winning one, walking
// back from the newest and skipping break-even trades.
func LossesSinceWin(trades []tester.Trade) int {
	losses := 0
	for i := len(trades) - 1; i >= 0; i-- {
		r := trades[i].Result
		if r > 0 {
			break
		}
		if r < 0 {
			losses++
		}
	}
	return losses
}

// SnapVolume rounds a volume to the nearest step of the symbol and clamps it
// to its limits.
func SnapVolume(v float64, s tester.Symbol) float64 {
	v = math.Round(v/s.VolumeStep) * s.VolumeStep
	v = round(v, 8)
	return math.Min(math.Max(v, s.VolumeMin), s.VolumeMax)
}

// round rounds half away from zero to the given decimals (0..8), as MQL5's
// NormalizeDouble.
func round(v float64, decimals int) float64 {
	p := powersOf10[decimals]
	return math.Round(v*p) / p
}

// powersOf10 are exact, as math.Pow(10, d) is for these d, without its cost
// on every order.
var powersOf10 = [...]float64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}
