package experts

import (
	"fmt"
	"math"

	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

var smaCrossDef = Def{
	Name:        "SmaCross",
	Description: "SMA of closes: buy when fast crosses above slow, close (or reverse with Short) when it crosses below; 90% of equity, or Lots",
	Params: []optimize.Decl{
		{Name: "Fast", Default: 10, Type: optimize.Int},
		{Name: "Slow", Default: 20, Type: optimize.Int},
		{Name: "Short", Default: 0, Type: optimize.Bool},
		{Name: "Lots", Default: 0, Type: optimize.Double},
	},
	Demo: []string{"Fast=5:50:5", "Slow=10:200:10"}, DemoConstraint: "Fast < Slow",
	New: newSmaCross,
}

// SmaCross is the classic crossover every backtesting library ships (docs/tester.md).
type SmaCross struct {
	Fast, Slow int
	Short      bool
	Lots       float64 // fixed volume; 0 invests 90% of equity
	fast, slow *tester.Buffer
}

// smaCrossInvested is the share of equity a SmaCross position takes.
const smaCrossInvested = 0.9

func newSmaCross(env *tester.Env, v []float64) (tester.Expert, error) {
	fast, err := intParam(v, 0, "Fast", 1)
	if err != nil {
		return nil, err
	}
	slow, err := intParam(v, 1, "Slow", 1)
	if err != nil {
		return nil, err
	}
	short, err := intParam(v, 2, "Short", 0)
	if err != nil || short > 1 {
		//lint:ignore ST1005 the message starts with the input's name, as the user writes it
		return nil, fmt.Errorf("Short must be false or true (0 or 1), got %g", v[2])
	}
	if v[3] < 0 || math.IsNaN(v[3]) {
		//lint:ignore ST1005 the message starts with the input's name, as the user writes it
		return nil, fmt.Errorf("Lots must be >= 0 (0: 90%% of equity), got %g", v[3])
	}
	e := &SmaCross{Fast: fast, Slow: slow, Short: short == 1, Lots: v[3]}
	if e.fast, err = env.SMA(fast); err != nil {
		return nil, err
	}
	if e.slow, err = env.SMA(slow); err != nil {
		return nil, err
	}
	return e, nil
}

// OnBar implements tester.Expert: a cross is seen on the last two completed bars.
func (e *SmaCross) OnBar(c *tester.Context) {
	if c.Bars() < 2 {
		return
	}
	f1, ok1 := c.Value(e.fast, 1)
	s1, ok2 := c.Value(e.slow, 1)
	f2, ok3 := c.Value(e.fast, 2)
	s2, ok4 := c.Value(e.slow, 2)
	if !(ok1 && ok2 && ok3 && ok4) {
		return
	}
	up := f1 > s1 && f2 <= s2
	down := f1 < s1 && f2 >= s2
	pos := c.Position()
	switch {
	case up && pos.Dir <= 0:
		e.open(c, +1, c.Ask())
	case down && pos.Dir > 0 && e.Short:
		e.open(c, -1, c.Bid())
	case down && pos.Dir > 0:
		c.ClosePosition()
	case down && pos.Dir == 0 && e.Short:
		e.open(c, -1, c.Bid())
	}
}

// open opens a position of direction dir (closing the opposite one), or,
// when its volume rounds below the symbol's minimum, closes what is open
// and skips the order: a position larger than the money allows is never
// taken.
func (e *SmaCross) open(c *tester.Context, dir int, price float64) {
	v := e.volume(c, price)
	if v < c.Symbol().VolumeMin-1e-9 {
		c.ClosePosition()
		c.SkipOrder()
		return
	}
	if dir > 0 {
		c.Buy(v, 0, 0)
	} else {
		c.Sell(v, 0, 0)
	}
}

// volume is Lots when set; otherwise it invests 90% of equity, rounded down
// to the volume step (below the minimum when the equity cannot pay one
// minimum lot). On a reversal the equity is taken at the open with the old
// position still held, which is the balance after its close but for the
// exit commission.
func (e *SmaCross) volume(c *tester.Context, price float64) float64 {
	s := c.Symbol()
	if e.Lots > 0 {
		return SnapVolume(e.Lots, s)
	}
	v := smaCrossInvested * c.Equity() / c.LotValue(price)
	v = math.Floor(v/s.VolumeStep+1e-9) * s.VolumeStep
	return math.Min(round(v, 8), s.VolumeMax)
}

// Wake implements tester.Waker: OnBar acts only on a bar whose last two
// completed bars show the averages crossing, so the scan looks for the
// next such bar with OnBar's own comparisons.
func (e *SmaCross) Wake(from, to int) int {
	fast, fastFirst := e.fast.Values()
	slow, slowFirst := e.slow.Values()
	// OnBar at bar j reads both averages at bars j-1 and j-2.
	from = max(from, fastFirst+2, slowFirst+2)
	if from >= to {
		return to
	}
	fast, slow = fast[:to-1], slow[:to-1]
	f2, s2 := fast[from-2], slow[from-2]
	for j := from; j < to; j++ {
		f1, s1 := fast[j-1], slow[j-1]
		if (f1 > s1 && f2 <= s2) || (f1 < s1 && f2 >= s2) {
			return j
		}
		f2, s2 = f1, s1
	}
	return to
}
