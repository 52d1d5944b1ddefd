package experts

import (
	"fmt"
	"math"

	"github.com/passframes/passframes/optimize"
	"github.com/passframes/passframes/tester"
)

var maCrossDef = Def{
	Name:        "MACross",
	Description: "EMA of opens, fast over slow: long above 1+Threshold, short below 1-Threshold, reversing; 0.1 lots",
	Params: []optimize.Decl{
		{Name: "Fast", Default: 10, Type: optimize.Int},
		{Name: "Slow", Default: 21, Type: optimize.Int},
		{Name: "Threshold", Default: 0.001, Type: optimize.Double},
	},
	Demo: []string{"Fast=4:30:2", "Slow=10:80:5"}, DemoConstraint: "Fast < Slow",
	New: newMACross,
}

// MACrossLots is the fixed volume of MACross.
const MACrossLots = 0.1

// MACross is the signal of the expression-defined expert in Stanislav
// Korotky's swarm article (docs/tester.md).
type MACross struct {
	Fast, Slow int
	Threshold  float64
	fast, slow *tester.Buffer
}

func newMACross(env *tester.Env, v []float64) (tester.Expert, error) {
	fast, err := intParam(v, 0, "Fast", 1)
	if err != nil {
		return nil, err
	}
	slow, err := intParam(v, 1, "Slow", 1)
	if err != nil {
		return nil, err
	}
	if v[2] < 0 || math.IsNaN(v[2]) {
		//lint:ignore ST1005 the message starts with the input's name, as the user writes it
		return nil, fmt.Errorf("Threshold must be >= 0, got %g", v[2])
	}
	e := &MACross{Fast: fast, Slow: slow, Threshold: v[2]}
	if e.fast, err = env.EMAOpen(fast); err != nil {
		return nil, err
	}
	if e.slow, err = env.EMAOpen(slow); err != nil {
		return nil, err
	}
	return e, nil
}

// OnBar implements tester.Expert. The EMAs include the new bar's open, which
// is known at the moment the expert acts.
func (e *MACross) OnBar(c *tester.Context) {
	if c.Bars() < max(e.Fast, e.Slow) {
		return
	}
	fast, _ := c.Value(e.fast, 0)
	slow, _ := c.Value(e.slow, 0)
	if slow == 0 {
		return
	}
	ratio := fast / slow
	want := 0
	switch {
	case ratio > 1+e.Threshold:
		want = +1
	case ratio < 1-e.Threshold:
		want = -1
	}
	if want == 0 || c.Position().Dir == want {
		return
	}
	if want > 0 {
		c.Buy(MACrossLots, 0, 0)
	} else {
		c.Sell(MACrossLots, 0, 0)
	}
}
